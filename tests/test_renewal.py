"""``renew`` has a guard and a way back; the certificate deadline;
met deadlines say when, and how late (through the real command)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from conftest import EXAMPLE_ANSWERS, Runner, example_answers, write_answers


def status_json(cli: Runner, today: str) -> dict[str, Any]:
    result = cli("status", "--json", today=today)
    assert result.code == 0, result.err
    data: dict[str, Any] = json.loads(result.out)
    return data


def deadline(data: dict[str, Any], deadline_id: str) -> dict[str, Any]:
    (found,) = [d for d in data["deadlines"] if d["id"] == deadline_id]
    return found


def text(cli: Runner, today: str) -> str:
    result = cli("status", today=today)
    assert result.code == 0, result.err
    return " ".join(result.out.split())


@pytest.fixture
def activated(cli: Runner, state_file: Path) -> Path:
    """The example's procedure, complete: a certificate expiring on 20 October 2029."""
    assert cli("start", "--answers", str(EXAMPLE_ANSWERS)).code == 0
    return state_file


# --- renew outside the window ------------------------------------------------------------------


def test_renew_before_the_window_needs_force_and_changes_nothing(
    cli: Runner, activated: Path
) -> None:
    before = activated.read_bytes()
    result = cli("renew", today="2029-07-19")  # the day before the window opens
    assert result.code == 2
    message = " ".join(result.err.split())
    assert "entre le 20 juillet 2029 et le 20 août 2029" in message
    assert "opalexe-cert renew --force" in message
    assert activated.read_bytes() == before


def test_renew_on_the_first_day_of_the_window_needs_no_force(cli: Runner, activated: Path) -> None:
    assert cli("renew", today="2029-07-20").code == 0
    data = status_json(cli, "2029-07-20")
    assert data["current_step"] == "account"
    assert deadline(data, "renewal") | {} == {
        "id": "renewal",
        "title": "Renouvellement du certificat",
        "start": "2029-07-20",
        "end": "2029-08-20",
        "state": "open",
        "started_on": "2029-07-20",
    }


def test_renew_after_the_window_is_begun_not_done(cli: Runner, activated: Path) -> None:
    assert cli("renew", today="2029-08-22").code == 0  # two days after the window's end
    renewal = deadline(status_json(cli, "2029-08-25"), "renewal")
    assert (renewal["state"], renewal["started_on"]) == ("open", "2029-08-22")
    shown = " ".join(cli("status", today="2029-08-25").out.split())
    assert "Renouvellement du certificat — en cours, commencé le 22 août 2029" in shown
    assert "le renouvellement sera terminé à l'activation du nouveau certificat" in shown
    assert "terminé le" not in shown


def test_renew_force_early_keeps_the_certificate_in_sight_and_cancel_undoes_it(
    cli: Runner, activated: Path
) -> None:
    before = status_json(cli, "2027-01-10")
    assert before["certificate"] == {"expiry": "2029-10-20", "source": "typed"}
    assert cli("renew", "--force", today="2027-01-10").code == 0

    during = status_json(cli, "2027-01-10")
    assert during["current_step"] == "account"
    assert during["certificate"] == {"expiry": "2029-10-20", "source": "typed"}
    cert = deadline(during, "certificate")
    assert (cert["start"], cert["end"], cert["state"]) == ("2029-08-20", "2029-10-20", "upcoming")
    assert "Certificat : expire le 20 octobre 2029" in text(cli, "2027-01-10")

    result = cli("renew", "--cancel", today="2027-01-11")
    assert result.code == 0, result.err
    assert "Renouvellement annulé" in result.out
    after = status_json(cli, "2027-01-10")
    assert after == before


def test_cancel_is_refused_once_something_was_recorded(
    cli: Runner, activated: Path, tmp_path: Path
) -> None:
    assert cli("renew", "--force", today="2027-01-10").code == 0
    answers = write_answers(tmp_path / "a.json", {"account.date": "2027-01-10"})
    cli("start", "--answers", str(answers), today="2027-01-10")  # stops at the offer
    assert status_json(cli, "2027-01-10")["steps"][1]["state"] == "done"
    recorded = activated.read_bytes()
    result = cli("renew", "--cancel", today="2027-01-11")
    assert result.code == 2
    assert "ne peut plus être annulé" in result.err
    assert activated.read_bytes() == recorded


def test_cancel_without_a_renewal_is_refused(cli: Runner, activated: Path) -> None:
    before = activated.read_bytes()
    result = cli("renew", "--cancel", today="2027-01-11")
    assert result.code == 2
    assert "aucun renouvellement à annuler" in result.err
    assert activated.read_bytes() == before


# --- the certificate deadline ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        ("2029-08-19", "upcoming"),  # the day before the last two months
        ("2029-08-20", "urgent"),  # the first day of the last two months
        ("2029-10-20", "urgent"),  # the expiry day
        ("2029-10-21", "overdue"),  # the day after: OPALEXE can no longer be reached
    ],
)
def test_certificate_deadline_through_a_renewal(
    cli: Runner, activated: Path, today: str, expected: str
) -> None:
    assert deadline(status_json(cli, today), "certificate")["state"] == expected  # no renewal
    assert cli("renew", "--force", today="2029-07-01").code == 0
    assert deadline(status_json(cli, today), "certificate")["state"] == expected  # renewing
    if expected == "overdue":
        words = text(cli, today)
        assert "OPALEXE ne vous est plus accessible" in words
        assert "Certificat : a expiré le 20 octobre 2029" in words


def test_certificate_deadline_met_once_the_new_certificate_is_activated(
    cli: Runner, activated: Path, tmp_path: Path
) -> None:
    assert cli("renew", today="2029-07-25").code == 0
    renewal = {
        k: v for k, v in example_answers().items() if not k.startswith(("profile.", "siren."))
    }
    dates = {k: "2029-08-01" for k in renewal if k.endswith(".date")}
    renewal |= dates | {"activation.date": "2029-09-30", "activation.cert_expiry": "2032-09-30"}
    renewal |= {"president_mail.id_expiry": "2033-01-01"}
    answers = write_answers(tmp_path / "renewal.json", renewal)
    result = cli("start", "--answers", str(answers), today="2029-10-01")
    assert result.code == 0, result.err
    data = status_json(cli, "2029-10-01")
    cert = deadline(data, "certificate")
    assert (cert["state"], cert["met_on"], cert["late_days"]) == ("met", "2029-09-30", 0)
    assert data["certificate"] == {"expiry": "2032-09-30", "source": "typed"}
    # the calendar keeps the old certificate's expiry as done and adds the new one's
    ics = tmp_path / "agenda.ics"
    assert cli("calendar", "--output", str(ics), today="2029-10-01").code == 0
    events = {
        str(e["uid"]).split("-cycle")[0] + str(e["uid"]).split("-cycle")[1][:1]: e
        for e in Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    }
    assert str(events["cert-expiry1"]["summary"]).startswith("✔")
    assert events["cert-expiry2"]["dtstart"].dt == dt.date(2032, 9, 30)
    assert not str(events["cert-expiry2"]["summary"]).startswith("✔")


# --- met deadlines: when, and how late -----------------------------------------------------------


def test_a_late_dossier_is_not_called_respected(cli: Runner, tmp_path: Path) -> None:
    answers = example_answers() | {
        "president_return.date": "2026-10-01",
        "certeurope_mail.date": "2026-10-02",  # one day after 1 October, the preparation's end
        "delivery.date": "2026-10-20",
        "handover_report.date": "2026-10-20",
        "activation.date": "2026-10-20",
    }
    cli("start", "--answers", str(write_answers(tmp_path / "a.json", answers)))
    words = text(cli, "2026-10-25")
    assert "respectée" not in words
    assert "Préparation du dossier — terminée le 2 octobre 2026, avec 1 jour de retard" in words
    assert "Livraison du support — terminée le 20 octobre 2026" in words
    preparation = deadline(status_json(cli, "2026-10-25"), "preparation")
    assert (preparation["met_on"], preparation["late_days"]) == ("2026-10-02", 1)


@pytest.mark.parametrize(
    ("handover", "expiry", "expected"),
    [
        ("president", "2026-09-15", "overdue"),  # expired the day before the dossier left
        ("president", "2026-09-16", "met"),  # valid on the day the dossier left
        ("courier", "2026-10-13", "overdue"),  # expired the day before the courier came
        ("courier", "2026-10-14", "met"),  # valid on the day the courier checked it
    ],
)
def test_id_validity_met_once_the_id_has_done_its_job(
    cli: Runner, tmp_path: Path, handover: str, expiry: str, expected: str
) -> None:
    answers = example_answers() | {"offer.handover": handover, "president_mail.id_expiry": expiry}
    result = cli("start", "--answers", str(write_answers(tmp_path / "a.json", answers)))
    assert result.code == 0, result.err
    data = status_json(cli, "2026-11-20")
    assert deadline(data, "id_validity")["state"] == expected
    words = text(cli, "2026-11-20")
    if expected == "met":
        done = "Support reçu" if handover == "courier" else "Dossier envoyé à CertEurope"
        assert (
            f"{done} : la validité de la pièce d'identité n'a plus d'importance pour cette "
            "demande." in words
        )
    assert ("EN RETARD" in words) is (expected == "overdue")


# --- in a terminal: the confirmation shows the window's dates ----------------------------------


@pytest.mark.parametrize(("keys", "renewed"), [("\r", False), ("\x1b[A\r", True)])  # Non / Oui
def test_renew_before_the_window_asks_in_a_terminal(
    activated: Path, terminals: list[Any], keys: str, renewed: bool
) -> None:
    from wizard_support import Terminal, saved

    before = activated.read_bytes()
    t = Terminal(activated, "2027-01-10", command="renew")
    terminals.append(t)
    t.expect("entre le 20 juillet 2029 et le 20 août 2029")
    t.answer(r"Commencer quand même \?", keys)  # « Non » is proposed
    t.expect("Renouvellement commencé" if renewed else "rien n'a été modifié")
    assert t.finish() == 0
    if renewed:
        assert saved(activated)["cycle"]["number"] == 2
    else:
        assert activated.read_bytes() == before
