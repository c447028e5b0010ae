"""Every deadline state, reached at its boundaries: the day before, of and after."""

from __future__ import annotations

import datetime as dt

import pytest

from opalexe_cert.domain.deadlines import deadlines
from opalexe_cert.domain.state import Cycle, FinishedCycle, State

D = dt.date


def state_with(**answers: str) -> State:
    return State(cycle=Cycle(answers={k.replace("__", "."): v for k, v in answers.items()}))


def judge(state: State, today: dt.date, deadline_id: str) -> tuple[str, dt.date, dt.date]:
    found = {d.id: d for d in deadlines(state, today)}
    d = found[deadline_id]
    return d.state, d.start, d.end


def test_no_deadline_before_its_step_is_done() -> None:
    assert deadlines(State(), D(2026, 11, 26)) == []


# preparation: account.date -> +1 month


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2026, 9, 1), "open"),  # the day of the start
        (D(2026, 9, 30), "open"),  # the day before the end
        (D(2026, 10, 1), "open"),  # the day of the end
        (D(2026, 10, 2), "overdue"),  # the day after the end
    ],
)
def test_preparation(today: dt.date, expected: str) -> None:
    state = state_with(account__date="2026-09-01")
    assert judge(state, today, "preparation") == (expected, D(2026, 9, 1), D(2026, 10, 1))


def test_preparation_met_once_the_dossier_is_sent() -> None:
    state = state_with(account__date="2026-09-01", certeurope_mail__date="2026-10-20")
    assert judge(state, D(2026, 11, 1), "preparation")[0] == "met"


# delivery: certeurope_mail.date + 3 weeks -> + 6 weeks


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2026, 10, 6), "upcoming"),  # the day before the start
        (D(2026, 10, 7), "open"),  # the day of the start
        (D(2026, 10, 8), "open"),  # the day after the start
        (D(2026, 10, 27), "open"),  # the day before the end
        (D(2026, 10, 28), "open"),  # the day of the end
        (D(2026, 10, 29), "overdue"),  # the day after the end
    ],
)
def test_delivery(today: dt.date, expected: str) -> None:
    state = state_with(certeurope_mail__date="2026-09-16")
    assert judge(state, today, "delivery") == (expected, D(2026, 10, 7), D(2026, 10, 28))


def test_delivery_met_once_received() -> None:
    state = state_with(certeurope_mail__date="2026-09-16", delivery__date="2026-11-02")
    assert judge(state, D(2026, 11, 26), "delivery")[0] == "met"


# renewal: cert_expiry - 3 months -> - 2 months; urgent until the expiry, then overdue


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2029, 9, 11), "upcoming"),  # the day before the start
        (D(2029, 9, 12), "open"),  # the day of the start
        (D(2029, 9, 13), "open"),  # the day after the start
        (D(2029, 10, 11), "open"),  # the day before the end
        (D(2029, 10, 12), "open"),  # the day of the end
        (D(2029, 10, 13), "urgent"),  # the day after the end
        (D(2029, 12, 12), "urgent"),  # the day of the expiry
        (D(2029, 12, 13), "overdue"),  # the day after the expiry
    ],
)
def test_renewal(today: dt.date, expected: str) -> None:
    state = state_with(activation__cert_expiry="2029-12-12")
    assert judge(state, today, "renewal") == (expected, D(2029, 9, 12), D(2029, 10, 12))


def test_renewal_begun_once_a_new_cycle_started_not_met() -> None:
    finished = FinishedCycle(number=1, answers={}, cert_expiry=D(2029, 12, 12))
    state = State(cycle=Cycle(number=2, answers={"account.date": "2029-09-20"}), history=[finished])
    assert judge(state, D(2029, 9, 25), "renewal") == ("open", D(2029, 9, 12), D(2029, 10, 12))
    (d,) = [d for d in deadlines(state, D(2029, 9, 25)) if d.id == "renewal"]
    assert (d.started_on, d.begun, d.command) == (
        D(2029, 9, 20),
        "commencé le 20 septembre 2029",
        None,
    )
    assert not d.calls_for_renewal


# id_validity: id_expiry - 3 months -> id_expiry


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2027, 1, 29), "upcoming"),  # the day before the start
        (D(2027, 1, 30), "urgent"),  # the day of the start
        (D(2027, 1, 31), "urgent"),  # the day after the start
        (D(2027, 4, 29), "urgent"),  # the day before the end
        (D(2027, 4, 30), "urgent"),  # the day of the end
        (D(2027, 5, 1), "overdue"),  # the day after the end
    ],
)
def test_id_validity(today: dt.date, expected: str) -> None:
    state = state_with(president_mail__id_expiry="2027-04-30")
    assert judge(state, today, "id_validity") == (expected, D(2027, 1, 30), D(2027, 4, 30))


def test_id_validity_with_the_president_met_once_the_dossier_left_before_the_expiry() -> None:
    state = state_with(president_mail__id_expiry="2027-04-30", certeurope_mail__date="2027-04-30")
    assert judge(state, D(2027, 5, 1), "id_validity")[0] == "met"
    late = state_with(president_mail__id_expiry="2027-04-30", certeurope_mail__date="2027-05-01")
    assert judge(late, D(2027, 5, 1), "id_validity")[0] == "overdue"
    # delivery alone does not count with the President: the dossier carried the ID
    waiting = state_with(president_mail__id_expiry="2027-04-30", delivery__date="2026-11-02")
    assert judge(waiting, D(2027, 5, 1), "id_validity")[0] == "overdue"


def test_id_validity_with_the_courier_met_once_delivered_before_the_expiry() -> None:
    sent = {"offer__handover": "courier", "president_mail__id_expiry": "2027-04-30"}
    state = state_with(**sent, certeurope_mail__date="2027-03-01", delivery__date="2027-04-30")
    assert judge(state, D(2027, 5, 1), "id_validity")[0] == "met"
    late = state_with(**sent, certeurope_mail__date="2027-03-01", delivery__date="2027-05-01")
    assert judge(late, D(2027, 5, 1), "id_validity")[0] == "overdue"
    waiting = state_with(**sent, certeurope_mail__date="2027-03-01")
    assert judge(waiting, D(2027, 4, 30), "id_validity")[0] == "urgent"


def test_opened_by_names_the_deadlines_a_step_brings() -> None:
    from opalexe_cert.domain.deadlines import opened_by

    state = state_with(account__date="2026-09-01", certeurope_mail__date="2026-09-16")
    assert [d.id for d in opened_by(state, "certeurope_mail", D(2026, 9, 16))] == ["delivery"]
    # preparation is already met: nothing new to announce
    assert opened_by(state, "account", D(2026, 9, 16)) == []
    opening = state_with(account__date="2026-09-01")
    assert [d.id for d in opened_by(opening, "account", D(2026, 9, 16))] == ["preparation"]
    assert opened_by(state, "payment", D(2026, 9, 16)) == []


@pytest.mark.parametrize(
    ("sent", "late"),
    [("2026-09-30", 0), ("2026-10-01", 0), ("2026-10-02", 1), ("2026-10-11", 10)],
)
def test_preparation_met_on_and_late_days(sent: str, late: int) -> None:
    """The day before, of and after the end (1 October): late only from the day after."""
    state = state_with(account__date="2026-09-01", certeurope_mail__date=sent)
    (d,) = [d for d in deadlines(state, D(2026, 12, 1)) if d.id == "preparation"]
    assert (d.state, d.met_on, d.late_days) == ("met", D.fromisoformat(sent), late)
    words = "1\u00a0jour de retard" if late == 1 else f"{late}\u00a0jours de retard"
    assert (words in d.outcome) is (late > 0)
    assert d.outcome.startswith("terminée le ")


@pytest.mark.parametrize(
    ("received", "late"), [("2026-10-28", 0), ("2026-10-29", 1)]
)  # the delivery window ends on 28 October
def test_delivery_late_days(received: str, late: int) -> None:
    state = state_with(certeurope_mail__date="2026-09-16", delivery__date=received)
    (d,) = [d for d in deadlines(state, D(2026, 12, 1)) if d.id == "delivery"]
    assert (d.state, d.late_days) == ("met", late)


def test_unmet_deadlines_give_no_met_on() -> None:
    state = state_with(account__date="2026-09-01")
    (d,) = deadlines(state, D(2026, 9, 2))
    assert (d.met_on, d.late_days, d.outcome) == (None, None, "")


def test_a_renewal_started_without_a_recorded_day_is_begun_on_the_activation_day() -> None:
    """A state renewed before ``started_on`` existed: begun, at the latest on the day the
    previous certificate was activated; never met before the new one is."""
    finished = FinishedCycle(
        number=1,
        answers={"activation.cert_expiry": "2029-10-20", "activation.date": "2026-10-20"},
        completed_on=D(2026, 10, 20),
        cert_expiry=D(2029, 10, 20),
    )
    state = State(cycle=Cycle(number=2), history=[finished])
    (d,) = [d for d in deadlines(state, D(2029, 9, 1)) if d.id == "renewal"]
    assert (d.state, d.met_on, d.outcome) == ("open", None, "")
    assert d.begun == "commencé le 20 octobre 2026"
