"""The ``.ics`` export: parsed back with icalendar and checked against ``deadlines()``."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from pathlib import Path

import pytest
from icalendar import Calendar

from opalexe_cert.adapters.calendar_ics import entries, export, with_calendar_id
from opalexe_cert.adapters.store import load, writer
from opalexe_cert.domain import engine
from opalexe_cert.domain.deadlines import cert_expiry, deadlines
from opalexe_cert.domain.errors import MissingAnswerError
from opalexe_cert.domain.flow import FileAnswers, run
from opalexe_cert.domain.guide import PORTAL_URL
from opalexe_cert.domain.state import State

from clirun import Result, clean_env, invoke

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
COMPLETE: dict[str, object] = json.loads((EXAMPLES / "answers-complete.json").read_text("utf-8"))


def build(path: Path, answers: dict[str, object], today: dt.date) -> State:
    """Drive the procedure from ``answers`` as far as they go (no prompts, no network)."""
    with writer(path) as session:
        source = FileAnswers(answers, notify=lambda _m: None)  # type: ignore[arg-type]
        with contextlib.suppress(MissingAnswerError):
            run(session, source, today, lookup=None)
    return load(path)


def upto(last_key: str) -> dict[str, object]:
    """The complete answers up to and including ``last_key``."""
    keys = list(COMPLETE)
    return {k: COMPLETE[k] for k in keys[: keys.index(last_key) + 1]}


def parse(content: bytes) -> dict[str, object]:
    """The events of a calendar, by UID."""
    cal = Calendar.from_ical(content)
    return {str(e["uid"]): e for e in cal.walk("VEVENT")}


def by_prefix(events: dict[str, object], prefix: str) -> object:
    (match,) = [e for uid, e in events.items() if uid.startswith(prefix + "-")]
    return match


TODAY = dt.date(2026, 10, 25)
NOW = dt.datetime(2026, 10, 25, 14, 30, tzinfo=dt.UTC)


def ics(state: State, today: dt.date = TODAY) -> tuple[bytes, int]:
    """The calendar file of ``state`` (with its calendar id) and its number of events."""
    content, count, _ = export(with_calendar_id(state), today, NOW)
    return content, count


@pytest.fixture()
def complete(tmp_path: Path) -> State:
    return with_calendar_id(build(tmp_path / "state.json", COMPLETE, TODAY))


def test_events_match_the_deadlines(complete: State) -> None:
    content, count = ics(complete)
    events = parse(content)
    assert count == len(events) == 7
    known = {d.id: d for d in deadlines(complete, TODAY)}
    assert set(known) == {"preparation", "delivery", "renewal", "id_validity", "certificate"}
    one_day = dt.timedelta(days=1)

    def window(prefix: str) -> tuple[dt.date, dt.date]:
        event = by_prefix(events, prefix)
        return event["dtstart"].dt, event["dtend"].dt  # type: ignore[index]

    assert window("delivery") == (known["delivery"].start, known["delivery"].end + one_day)
    assert window("preparation") == (known["preparation"].end, known["preparation"].end + one_day)
    renewal = known["renewal"]
    assert window("renewal-start") == (renewal.start, renewal.start + one_day)
    assert window("renewal-end") == (renewal.end, renewal.end + one_day)
    expiry = cert_expiry(complete)
    assert expiry == dt.date(2029, 10, 20)
    assert window("cert-expiry") == (expiry, expiry + one_day)
    assert renewal.start == dt.date(2029, 7, 20) and renewal.end == dt.date(2029, 8, 20)
    id_end = known["id_validity"].end
    assert id_end == dt.date(2031, 4, 30)
    assert window("id-expiry") == (id_end, id_end + one_day)
    for event in events.values():  # all-day events: plain dates, not datetimes
        assert type(event["dtstart"].dt) is dt.date  # type: ignore[index]


def test_reminders_at_9_a_week_before_open_tasks_and_none_for_done_ones(complete: State) -> None:
    events = parse(ics(complete)[0])
    for uid, event in events.items():
        alarms = event.walk("VALARM")  # type: ignore[attr-defined]
        summary = str(event["summary"])  # type: ignore[index]
        done = summary.startswith("✔") or "(sans objet" in summary
        if uid.startswith(("preparation", "delivery")):
            assert done, uid  # the dossier was sent and the card received
        if done:
            assert alarms == []
        elif uid.startswith("id-renew"):  # the day the 3-month window opens, at 09:00
            (alarm,) = alarms
            assert alarm["action"] == "DISPLAY"
            assert alarm["trigger"].dt == dt.timedelta(hours=9)
        else:  # 365, 90, 30 and 7 days before the all-day event's midnight, plus 9 hours
            assert [a["action"] for a in alarms] == ["DISPLAY"] * 4
            assert [a["trigger"].dt for a in alarms] == [
                -dt.timedelta(days=days - 1, hours=15) for days in (365, 90, 30, 7)
            ]


def test_french_texts_and_portal_url_for_the_renewal(complete: State) -> None:
    events = parse(ics(complete)[0])
    start = by_prefix(events, "renewal-start")
    assert "renouvellement" in str(start["summary"])  # type: ignore[index]
    description = str(start["description"])  # type: ignore[index]
    assert PORTAL_URL in description and "20 octobre 2029" in description
    assert str(start["url"]) == PORTAL_URL  # type: ignore[index]
    assert "pièce d’identité" in str(by_prefix(events, "id-expiry")["summary"])  # type: ignore[index]


def test_two_exports_are_identical(complete: State) -> None:
    first, _ = ics(complete)
    second, _ = ics(complete)
    assert first == second
    assert parse(first).keys() == parse(ics(complete, TODAY + dt.timedelta(days=30))[0]).keys()


def test_uids_stay_the_same_as_the_procedure_goes_on(tmp_path: Path) -> None:
    """The SIREN comes after the first deadline: the UIDs must not depend on it."""
    path = tmp_path / "state.json"
    early = with_calendar_id(build(path, upto("account.date"), TODAY))
    early_uids = {e.uid for e in entries(early, TODAY)}
    assert [u.split("-")[0] for u in early_uids] == ["preparation"]
    later = build(path, COMPLETE, TODAY).model_copy(update={"calendar_id": early.calendar_id})
    assert early_uids <= {e.uid for e in entries(later, TODAY)}
    assert not any("123456782" in e.uid or "eloise" in e.uid for e in entries(later, TODAY))


def test_the_certificate_events_keep_their_uid_after_a_renewal_starts(complete: State) -> None:
    before = {e.uid: e for e in entries(complete, TODAY)}
    renewed = engine.start_renewal(complete, dt.date(2029, 7, 25))
    after = {e.uid: e for e in entries(renewed, dt.date(2029, 7, 25))}
    cert = [uid for uid in before if uid.startswith(("renewal", "cert-expiry"))]
    assert len(cert) == 3 and set(cert) <= set(after)
    assert after[cert[0]].reminder is (not after[cert[0]].summary.startswith("✔"))
    assert all(after[u].summary.startswith("✔") for u in cert if u.startswith("renewal"))
    assert [a for a in after if a.startswith("cert-expiry")] == [
        u for u in cert if u.startswith("cert-expiry")
    ]
    assert after[next(u for u in cert if u.startswith("cert-expiry"))].reminder


def test_courier_handover_reminds_to_be_there_in_person(tmp_path: Path) -> None:
    answers = {**upto("certeurope_mail.date"), "offer.handover": "courier"}
    state = build(tmp_path / "s.json", answers, TODAY)
    (delivery,) = [e for e in entries(state, TODAY) if e.uid.startswith("delivery")]
    assert "coursier" in delivery.description and "pièce d’identité" in delivery.description
    assert "soyez présente, munie" in delivery.description  # Mme Éloïse: texts by civility
    assert not delivery.summary.startswith("✔") and delivery.reminder


# --- the command ---------------------------------------------------------------------------


def cli(*args: str, cwd: Path, state: Path) -> Result:
    variables = clean_env(TODAY.isoformat(), state)
    return invoke(*args, variables=variables, cwd=cwd)


def test_command_writes_the_default_file_and_says_when_it_replaces_it(
    tmp_path: Path, complete: State
) -> None:
    state = tmp_path / "state.json"
    first = cli("calendar", cwd=tmp_path, state=state)
    assert first.returncode == 0, first.stderr
    written = tmp_path / "opalexe-echeances.ics"
    assert len(parse(written.read_bytes())) == 7
    assert "remplacé" not in first.stdout
    second = cli("calendar", cwd=tmp_path, state=state)
    assert second.returncode == 0
    assert "remplacé" in second.stdout
    saved = load(state)
    assert saved.calendar_id is not None
    assert parse(written.read_bytes()).keys() == parse(ics(saved)[0]).keys()


def test_command_with_nothing_to_export_names_the_step(tmp_path: Path) -> None:
    result = cli("calendar", "--output", "x.ics", cwd=tmp_path, state=tmp_path / "none.json")
    assert result.returncode == 2
    assert "Compte sur le portail CertEurope" in result.stderr
    assert not (tmp_path / "x.ics").exists()


@pytest.mark.parametrize("target", ["missing-dir/x.ics", "."])
def test_command_refuses_a_bad_output(tmp_path: Path, complete: State, target: str) -> None:
    result = cli("calendar", "--output", target, cwd=tmp_path, state=tmp_path / "state.json")
    assert result.returncode == 2
    assert "Erreur" in result.stderr and "Traceback" not in result.stderr


def test_no_state_yet_touches_nothing(tmp_path: Path) -> None:
    """Before any start, calendar says there is nothing to export and creates no folder, no
    lock file and no state in the data folder."""
    state = tmp_path / "data" / "state.json"
    result = invoke(
        "calendar",
        "-o",
        str(tmp_path / "e.ics"),
        variables=clean_env(TODAY.isoformat(), state),
        cwd=tmp_path,
    )
    assert result.code == 2
    assert "aucune échéance à exporter pour l'instant. Elles commencent" in result.err
    assert not state.parent.exists() and not (tmp_path / "e.ics").exists()


def test_an_id_deadline_that_stopped_mattering_is_not_ticked(complete: State) -> None:
    """The dossier left: the ID events read « sans objet », never « (fait) »."""
    events = parse(ics(complete)[0])
    ids = {u: e for u, e in events.items() if u.startswith(("id-renew", "id-expiry"))}
    assert len(ids) == 2
    for event in ids.values():
        summary = str(event["summary"])  # type: ignore[index]
        assert summary.endswith("(sans objet, dossier envoyé)") and "✔" not in summary
        assert "(fait)" not in summary and event.walk("VALARM") == []  # type: ignore[attr-defined]
        assert str(event["description"]).startswith("Sans objet\u00a0: la validité")  # type: ignore[index]
