"""``remind``: the actions due at every stage, its exit statuses, ``--within``, ``--alarms``,
``--json``, and a state it reads without taking the lock or writing it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from opalexe_cert.adapters.store import save, writer
from opalexe_cert.domain.errors import StateLockedError
from opalexe_cert.domain.reminders import reminders
from opalexe_cert.domain.state import Cycle, State

import remind_support
from conftest import Runner, example_answers

activated = remind_support.activated  # the fixtures, shared
activated_bytes = remind_support.activated_bytes

D = dt.date
EXPIRY = "2029-10-20"  # the example's certificate


def upto(last_key: str) -> dict[str, Any]:
    answers = example_answers()
    keys = list(answers)
    return {k: answers[k] for k in keys[: keys.index(last_key) + 1]}


def dates_upto(last_key: str, **changes: str) -> State:
    """A state holding the example's dates and offer up to ``last_key`` (partial answers)."""
    kept = {
        k: v for k, v in upto(last_key).items() if k.endswith(".date") or k.startswith("offer.")
    }
    return State(cycle=Cycle(answers=kept | changes))


def started(state_file: Path, last_key: str) -> None:
    save(state_file, dates_upto(last_key))


def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def test_nothing_started_nothing_due_nothing_created(cli: Runner, state_file: Path) -> None:
    result = cli("remind")
    assert (result.code, result.out, result.err) == (0, "", "")
    assert not state_file.parent.exists()


@pytest.mark.parametrize(
    ("today", "code", "expected"),
    [
        ("2026-11-02", 0, None),  # just activated: three years ahead
        ("2028-10-19", 0, None),  # the day before the one-year note
        ("2028-10-20", 10, "dans 365 jours. Commencez la nouvelle demande entre le 20 juillet"),
        ("2029-07-22", 10, "dans 90 jours. C'est le moment de renouveler"),
        ("2029-09-20", 10, "dans 30 jours. Renouvelez sans attendre"),
        ("2029-10-19", 10, "le certificat expire le 20 octobre 2029, demain"),
        ("2029-10-20", 10, "le certificat expire le 20 octobre 2029, aujourd'hui"),
        ("2029-10-21", 11, "le certificat a expiré le 20 octobre 2029 (1 jour de retard)"),
    ],
)
def test_the_certificate_at_each_threshold(
    cli: Runner, activated: Path, today: str, code: int, expected: str | None
) -> None:
    before = activated.read_bytes()
    result = cli("remind", today=today)
    assert result.code == code, result.err
    assert result.err == ""
    if expected is None:
        assert result.out == ""
    else:
        (line,) = lines(result.out)
        assert line.startswith("Renouvellement du certificat : ")
        assert expected in line
    assert activated.read_bytes() == before  # read, never written


def test_thresholds_name_the_one_reached() -> None:
    state = State(cycle=Cycle(answers=upto("activation.date")))
    expiry = D(2029, 10, 20)
    keys = {
        days: [r.key for r in reminders(state, expiry - dt.timedelta(days=days))]
        for days in (400, 365, 200, 90, 31, 30, 8, 7, 0)
    }
    assert keys == {
        400: [],
        365: ["renewal/2029-10-20/365"],
        200: ["renewal/2029-10-20/365"],
        90: ["renewal/2029-10-20/90"],
        31: ["renewal/2029-10-20/90"],
        30: ["renewal/2029-10-20/30"],
        8: ["renewal/2029-10-20/30"],
        7: ["renewal/2029-10-20/7"],
        0: ["renewal/2029-10-20/7"],
    }
    (late,) = reminders(state, expiry + dt.timedelta(days=1))
    assert (late.key, late.level, late.threshold) == ("renewal/2029-10-20/overdue", "overdue", None)


def test_within_and_alarms_change_the_horizon(cli: Runner, activated: Path) -> None:
    today = "2029-08-31"  # 50 days before the expiry
    assert cli("remind", "--within", "10", today=today).code == 0
    assert cli("remind", "--within", "60", today=today).code == 10
    assert cli("remind", "--alarms", "30,7", today=today).code == 0
    assert cli("remind", "--alarms", "7, 60", today=today).code == 10
    data = json.loads(cli("remind", "--json", "--alarms", "60,7", today=today).out)
    assert data["alarms"] == [60, 7]
    assert data["due"][0]["threshold_days"] == 60


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("--alarms", "un an"), "--alarms attend des nombres de jours"),
        (("--alarms", "90,,7"), "--alarms attend des nombres de jours"),
        (("--alarms", "0"), "entre 1 et 1500"),
        (("--alarms", "99999"), "entre 1 et 1500"),
        (("--within", "-1"), "--within attend un nombre de jours entre 0 et 1500"),
    ],
)
def test_bad_thresholds_are_refused_in_french(
    cli: Runner, activated: Path, args: tuple[str, ...], fragment: str
) -> None:
    result = cli("remind", *args)
    assert result.code == 2
    assert fragment in result.err.replace("\n", " ")
    assert "Traceback" not in result.err


def test_json_lists_each_action_with_its_key(cli: Runner, activated: Path) -> None:
    result = cli("remind", "--json", today="2029-10-13")
    assert result.code == 10
    data = json.loads(result.out)
    assert data["today"] == "2029-10-13"
    assert data["exit_status"] == 10
    assert data["alarms"] == [365, 90, 30, 7]
    (due,) = data["due"]
    assert due == {
        "key": "renewal/2029-10-20/7",
        "deadline": "renewal",
        "title": "Renouvellement du certificat",
        "level": "soon",
        "due_on": EXPIRY,
        "days_left": 7,
        "threshold_days": 7,
        "message": due["message"],
    }
    assert "’" in due["message"] or "'" not in due["message"]
    empty = json.loads(cli("remind", "--json", today="2027-01-01").out)
    assert (empty["exit_status"], empty["due"]) == (0, [])


def test_the_dossier_to_send_then_overdue(cli: Runner, state_file: Path) -> None:
    started(state_file, "order_form.date")
    soon = cli("remind", today="2026-09-20")
    assert soon.code == 10
    assert (
        "Préparation du dossier : dossier à envoyer à CertEurope d'ici le 1er octobre 2026, "
        "dans 11 jours." in " ".join(soon.out.split())
    )
    late = cli("remind", today="2026-10-05")
    assert late.code == 11
    said = " ".join(late.out.replace("’", "'").split())
    assert "échéance dépassée le 1er octobre 2026 (4 jours de retard)" in said
    assert said.count("partir chez CertEurope") == 1  # what was due, said once


def test_a_delivery_is_reminded_once_overdue_only(cli: Runner, state_file: Path) -> None:
    started(state_file, "certeurope_mail.date")
    assert cli("remind", today="2026-10-20").code == 0  # expected 7 to 28 October
    late = cli("remind", today="2026-11-02")
    assert late.code == 11
    assert "Livraison du support : livraison attendue au plus tard le 28 octobre 2026" in (
        " ".join(late.out.split())
    )
    assert "support.certeurope.fr" in late.out


def test_an_id_expiring_before_the_dossier_leaves() -> None:
    state = dates_upto("president_mail.date", **{"president_mail.id_expiry": "2026-10-30"})
    (soon,) = [r for r in reminders(state, D(2026, 9, 10)) if r.deadline.id == "id_validity"]
    assert soon.level == "soon"
    assert "la pièce d'identité envoyée expire le 30 octobre 2026, dans 50\u00a0jours" in (
        soon.message
    )
    (late,) = [r for r in reminders(state, D(2026, 11, 2)) if r.deadline.id == "id_validity"]
    assert late.level == "overdue"
    sent = dates_upto("certeurope_mail.date", **{"president_mail.id_expiry": "2026-10-30"})
    assert [r for r in reminders(sent, D(2026, 10, 1)) if r.deadline.id == "id_validity"] == []


def test_during_a_renewal_the_old_certificate_is_reminded(cli: Runner, activated: Path) -> None:
    assert cli("renew", today="2029-07-25").code == 0
    assert cli("remind", today="2029-07-26").code == 0  # renewal started: nothing due yet
    soon = cli("remind", "--json", today="2029-09-01")  # the certificate's last two months
    assert soon.code == 10
    (due,) = json.loads(soon.out)["due"]
    assert (due["deadline"], due["due_on"]) == ("certificate", EXPIRY)
    assert cli("remind", today="2029-10-21").code == 11


def test_a_running_wizard_keeps_its_lock(cli: Runner, activated: Path) -> None:
    with writer(activated):  # a wizard left open in another window
        result = cli("remind", today="2029-10-13")
        assert result.code == 10
        assert result.err == ""
        with pytest.raises(StateLockedError), writer(activated):
            pass  # still held by the "wizard"


def test_the_console_script_exits_with_the_status(cli: Runner, activated: Path) -> None:
    """What cron and the Task Scheduler see: the real program's exit status."""
    assert cli("remind", today="2029-10-21", process=True).code == 11


@pytest.mark.parametrize("today", ["2029-08-25", "2029-10-10", "2029-10-25"])
def test_the_expiry_is_said_once(cli: Runner, activated: Path, today: str) -> None:
    said = cli("remind", today=today).out
    assert said.lower().count("certificat a expiré") + said.lower().count("expire") == 1, said


@pytest.mark.parametrize("today", ["2029-10-15", "2029-10-25"])
def test_the_expiry_is_said_once_during_a_renewal(cli: Runner, activated: Path, today: str) -> None:
    assert cli("renew", today="2029-08-01").code == 0
    said = cli("remind", today=today).out
    assert said.lower().count("certificat a expiré") + said.lower().count("expire") == 1, said
