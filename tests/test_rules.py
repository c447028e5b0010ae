"""Each guide fact written once, and a deadline is one ``Rule``."""

from __future__ import annotations

import ast
import datetime as dt
import json
import re
from pathlib import Path

import pytest
from icalendar import Calendar

from opalexe_cert.adapters.store import writer
from opalexe_cert.cli.commands import calendar as calendar_command
from opalexe_cert.cli.commands import status as status_command
from opalexe_cert.domain import deadlines as deadlines_module
from opalexe_cert.domain import guide
from opalexe_cert.domain.deadlines import CalendarEvent, Context, Deadline, Rule
from opalexe_cert.domain.guide import IdValidity, id_validity
from opalexe_cert.domain.state import Cycle, State

from clirun import plain
from conftest import environment_for

SRC = Path(__file__).resolve().parent.parent / "src" / "opalexe_cert"
D = dt.date


# --- the guide in one place ---------------------------------------------------------------------

GUIDE_PHRASES = [
    r"3\s*à\s*6\s*semaines",
    r"2\s*à\s*3\s*mois",
    r"\b1\s*mois\b",
    r"\bun\s+mois\b",
    r"\b6\s*semaines\b",
    r"\b3\s*mois\b",
    r"\b3\s*ans\b",
    r"portail-pki\.certeurope\.fr",
    r"support\.certeurope\.fr",
    r"support@certeurope",
    r"support@opalexe",
    r"cnejos",
    r"Quinconces",
    r"GAUTHIER",
    r"Experts de Justice",
]


def _strings(path: Path) -> list[tuple[int, str]]:
    """The string literals of a module (parts of f-strings included), docstrings left out."""
    docstrings: set[int] = set()
    constants: list[ast.Constant] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            constants.append(node)
    return [(node.lineno, str(node.value)) for node in constants if id(node) not in docstrings]


@pytest.fixture(scope="module")
def literals() -> dict[str, list[tuple[int, str]]]:
    """Every source module's string literals (``_strings``), by path under ``SRC``: parsed
    once for the tests that read them."""
    return {str(path.relative_to(SRC)): _strings(path) for path in sorted(SRC.rglob("*.py"))}


def test_no_guide_fact_is_written_outside_guide_py(
    literals: dict[str, list[tuple[int, str]]],
) -> None:
    offenders = []
    for name, strings in literals.items():
        if Path(name).name == "guide.py":
            continue
        for line, value in strings:
            for pattern in GUIDE_PHRASES:
                if re.search(pattern, value):
                    offenders.append(f"{name}:{line}: {value!r}")
    assert offenders == []


def test_guide_wordings_are_built_from_the_numbers_and_never_break() -> None:
    assert guide.DELIVERY.text == "3\u00a0à\u00a06\u00a0semaines"
    assert guide.RENEWAL.text == "2\u00a0à\u00a03\u00a0mois"
    assert guide.PREPARATION.text == "1\u00a0mois"
    assert guide.ID_MARGIN.text == "3\u00a0mois"
    assert guide.WHOLE_PROCEDURE == "environ 1\u00a0mois plus 3\u00a0à\u00a06\u00a0semaines"
    assert guide.delivery_window(D(2026, 9, 16)) == (D(2026, 10, 7), D(2026, 10, 28))
    assert guide.renewal_window(D(2029, 12, 12)) == (D(2029, 9, 12), D(2029, 10, 12))


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (D(2026, 9, 11), IdValidity.VALID),  # the day before: 3 months and a day ahead
        (D(2026, 9, 12), IdValidity.EXPIRES_SOON),  # exactly 3 calendar months before
        (D(2026, 9, 13), IdValidity.EXPIRES_SOON),  # the day after
        (D(2026, 12, 12), IdValidity.EXPIRES_SOON),  # the expiry day: still valid
        (D(2026, 12, 13), IdValidity.EXPIRED),  # the day after the expiry
    ],
)
def test_id_validity_boundaries(on: dt.date, expected: IdValidity) -> None:
    assert id_validity(D(2026, 12, 12), on) is expected


def test_id_validity_agrees_with_the_deadline_the_wizard_and_the_bordereau() -> None:
    """The three readers give one answer on the boundary day (they disagreed before)."""
    from opalexe_cert.adapters.documents.bordereau import id_warning
    from opalexe_cert.adapters.documents.data import DossierData
    from opalexe_cert.domain import engine
    from opalexe_cert.domain.compagnie import ACSO
    from opalexe_cert.domain.deadlines import deadlines
    from opalexe_cert.domain.procedure import FIELDS

    sent, expiry = D(2026, 9, 12), D(2026, 12, 12)
    answers = {"president_mail.id_expiry": expiry.isoformat(), "president_mail.date": "2026-09-12"}
    state = State(cycle=Cycle(answers=answers))
    (deadline,) = [d for d in deadlines(state, sent) if d.id == "id_validity"]
    assert deadline.state == "urgent"
    (finding,) = engine.findings(
        State(), FIELDS["president_mail.id_expiry"], expiry.isoformat(), sent
    )
    assert finding.in_wizard == "confirm"
    data = DossierData(
        holder=None,
        compagnie=ACSO,
        medium=None,
        handover=None,
        certeurope_address=None,
        id_expiry=expiry,
        letter_date=sent,
    )
    assert id_warning(data) is not None


# --- a deadline is one Rule --------------------------------------------------------------------


def _order_email_rule() -> Rule:
    """A rule that nothing else in the code knows of: one change, shown everywhere."""

    def window(c: Context) -> tuple[dt.date, dt.date] | None:
        paid = c.facts.date("payment")
        return (paid, paid + dt.timedelta(days=3)) if paid else None

    def events(c: Context, d: Deadline) -> list[CalendarEvent]:
        return [CalendarEvent("order-email", d.end, d.end, "OPALEXE : courriel attendu", "Test.")]

    return Rule(
        "order_email_wait",
        "Courriel de CertEurope attendu",
        window,
        lambda c, w: "open" if c.today <= w[1] else "overdue",
        {"open": "Le courriel arrive d'ordinaire en quelques jours."},
        commands={"open": "opalexe-cert start (enregistrer le courriel reçu)"},
        events=events,
    )


def test_a_rule_added_at_run_time_shows_in_status_json_and_the_calendar(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "state.json"
    answers = {
        "profile.compagnie": "acso",
        "profile.email": "expert@example.fr",
        "profile.date": "2026-10-01",
        "account.date": "2026-10-01",
        "payment.date": "2026-10-02",
    }
    with writer(path) as session:
        session.save(State(cycle=Cycle(answers=answers)))
    env = environment_for(path, "2026-10-03")
    monkeypatch.setattr(deadlines_module, "DEADLINES", [*deadlines_module.DEADLINES])
    deadlines_module.DEADLINES.append(_order_email_rule())

    status_command.show(env, json_output=True)
    data = json.loads(capsys.readouterr().out)
    (added,) = [d for d in data["deadlines"] if d["id"] == "order_email_wait"]
    assert added == {
        "id": "order_email_wait",
        "title": "Courriel de CertEurope attendu",
        "start": "2026-10-02",
        "end": "2026-10-05",
        "state": "open",
    }

    status_command.show(env, json_output=False)
    text = " ".join(plain(capsys.readouterr().out).split())
    assert "Courriel de CertEurope attendu — en cours" in text
    assert "Le courriel arrive d'ordinaire en quelques jours." in text

    output = tmp_path / "agenda.ics"
    calendar_command.calendar(env, output)
    events = Calendar.from_ical(output.read_bytes()).walk("VEVENT")
    (event,) = [e for e in events if str(e["uid"]).startswith("order-email-cycle1-")]
    assert event["dtstart"].dt == D(2026, 10, 5)
    assert str(event["summary"]) == "OPALEXE\u00a0: courriel attendu"  # typeset


def test_no_reader_matches_a_deadline_id() -> None:
    """What a deadline means to a reader is on its ``Rule``, not in an ``if d.id == …``."""
    rule_ids = "|".join(rule.id for rule in deadlines_module.DEADLINES)
    pattern = re.compile(rf"[\"']({rule_ids})[\"']")
    offenders = []
    for folder in ("cli", "adapters"):
        for path in sorted((SRC / folder).rglob("*.py")):
            for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
                if ".id" in line and pattern.search(line):
                    offenders.append(f"{path.relative_to(SRC)}:{number}: {line.strip()}")
    assert offenders == []


def test_every_rule_renders_through_status_json_and_the_calendar(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A renewal under way lists all five deadlines; each reaches every reader."""
    from opalexe_cert.domain.state import FinishedCycle

    previous = {
        "account.date": "2026-09-01",
        "president_mail.id_expiry": "2031-04-30",
        "president_mail.date": "2026-09-20",
        "certeurope_mail.date": "2026-10-01",
        "delivery.date": "2026-10-20",
        "activation.cert_expiry": "2029-10-20",
        "activation.date": "2026-10-25",
    }
    current = {
        "profile.email": "expert@example.fr",
        "account.date": "2029-07-25",
        "president_mail.id_expiry": "2033-01-01",
        "president_mail.date": "2029-08-01",
        "certeurope_mail.date": "2029-08-10",
    }
    state = State(
        cycle=Cycle(number=2, answers=current, started_on=D(2029, 7, 25)),
        history=[
            FinishedCycle(
                number=1,
                answers=previous,
                completed_on=D(2026, 10, 25),
                cert_expiry=D(2029, 10, 20),
            )
        ],
    )
    path = tmp_path / "state.json"
    with writer(path) as session:
        session.save(state)
    env = environment_for(path, "2029-08-20")
    status_command.show(env, json_output=True)
    listed = {d["id"] for d in json.loads(capsys.readouterr().out)["deadlines"]}
    assert listed == {rule.id for rule in deadlines_module.DEADLINES}
    status_command.show(env, json_output=False)
    text = plain(capsys.readouterr().out)
    for rule in deadlines_module.DEADLINES:
        assert rule.title in text
    output = tmp_path / "agenda.ics"
    calendar_command.calendar(env, output)
    uids = {str(e["uid"]) for e in Calendar.from_ical(output.read_bytes()).walk("VEVENT")}
    for kind in ("preparation", "delivery", "renewal-start", "id-expiry", "cert-expiry"):
        assert any(uid.startswith(kind + "-cycle") for uid in uids), kind


# --- answers are read through the fields, not by "step.field" strings ------------------------

_STEP_IDS = (
    "profile|account|offer|siren|order_form|payment|order_email|president_mail|"
    "president_return|certeurope_mail|delivery|handover_report|activation"
)
# A key ("offer.medium"), or the start of one built in an f-string (f"siren.{name}").
STEP_KEY = re.compile(rf"\b(?:{_STEP_IDS})\.[a-z_]+|^(?:{_STEP_IDS})\.$")
# procedure.py defines the keys (the answers-file reader needs none: it checks against them).
KEY_HOMES = {"domain/procedure.py"}


def test_no_step_field_literal_outside_procedure_py(
    literals: dict[str, list[tuple[int, str]]],
) -> None:
    """A renamed field must fail loudly: code names a field through ``procedure.field``."""
    from opalexe_cert.domain.procedure import STEP_IDS

    assert set(_STEP_IDS.split("|")) == set(STEP_IDS)
    offenders = []
    for name, strings in literals.items():
        if Path(name).as_posix() in KEY_HOMES:
            continue
        for line, value in strings:
            if STEP_KEY.search(value):
                offenders.append(f"{name}:{line}: {value!r}")
    assert offenders == []
