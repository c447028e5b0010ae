"""A re-imported calendar updates its events (stable UIDs, SEQUENCE,
LAST-MODIFIED), reminders ring at 09:00, and the file reads in two independent parsers."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
from pathlib import Path

import pytest
import vobject
from icalendar import Calendar
from test_calendar import COMPLETE, TODAY, build, upto

from opalexe_cert.adapters.store import load, writer
from opalexe_cert.domain import engine
from opalexe_cert.domain.state import State

from clirun import Result, clean_env, invoke


def run_calendar(tmp_path: Path, today: dt.date = TODAY) -> dict[str, object]:
    """``opalexe-cert calendar`` (the real command); the events written, by UID."""
    variables = clean_env(today.isoformat(), tmp_path / "state.json")
    result = invoke("calendar", "--output", "agenda.ics", variables=variables, cwd=tmp_path)
    assert result.code == 0, result.err
    calendar = Calendar.from_ical((tmp_path / "agenda.ics").read_bytes())
    return {str(e["uid"]): e for e in calendar.walk("VEVENT")}


def record(path: Path, key: str, value: object, today: dt.date = TODAY) -> None:
    with writer(path) as session:
        session.save(engine.record(session.state, key, value, today))


@pytest.fixture
def complete(tmp_path: Path) -> Path:
    build(tmp_path / "state.json", COMPLETE, TODAY)
    return tmp_path / "state.json"


def test_changing_the_email_keeps_every_uid(tmp_path: Path, complete: Path) -> None:
    before = run_calendar(tmp_path)
    record(complete, "profile.email", "autre.adresse@example.fr")
    after = run_calendar(tmp_path)
    assert before.keys() == after.keys()
    calendar_id = load(complete).calendar_id
    assert calendar_id and all(calendar_id in uid for uid in after)
    assert not any("eloise" in uid or "123456782" in uid for uid in after)


def test_a_changed_event_gets_a_higher_sequence_and_its_last_modified(
    tmp_path: Path, complete: Path
) -> None:
    first = run_calendar(tmp_path)
    assert {int(e["sequence"]) for e in first.values()} == {0}  # type: ignore[index]
    # The dossier really left a day later: the delivery window moves.
    record(complete, "certeurope_mail.date", "2026-09-17", TODAY)
    later = TODAY + dt.timedelta(days=3)
    second = run_calendar(tmp_path, later)
    (delivery,) = [uid for uid in second if uid.startswith("delivery-")]
    assert int(second[delivery]["sequence"]) == 1  # type: ignore[index]
    assert second[delivery]["last-modified"].dt.date() == later  # type: ignore[index]
    unchanged = [uid for uid in second if uid.startswith("cert-expiry-")]
    assert int(second[unchanged[0]]["sequence"]) == 0  # type: ignore[index]
    assert second[unchanged[0]]["last-modified"].dt.date() == TODAY  # type: ignore[index]
    third = run_calendar(tmp_path, later + dt.timedelta(days=1))  # nothing changed
    assert int(third[delivery]["sequence"]) == 1  # type: ignore[index]


def test_dtstamp_is_the_time_of_the_export_not_midnight(tmp_path: Path, complete: Path) -> None:
    for event in run_calendar(tmp_path).values():
        stamp = event["dtstamp"].dt  # type: ignore[index]
        assert stamp.tzinfo is not None and stamp.utcoffset() == dt.timedelta(0)
        assert stamp.time() != dt.time(0, 0)


def test_the_id_reminder_opens_its_three_month_window(tmp_path: Path) -> None:
    build(tmp_path / "state.json", upto("president_return.date"), TODAY)  # ID still needed
    events = run_calendar(tmp_path)
    (renew,) = [e for uid, e in events.items() if uid.startswith("id-renew-")]
    assert renew["dtstart"].dt == dt.date(2031, 1, 30)  # type: ignore[index]  # 30 April - 3 months
    (alarm,) = renew.walk("VALARM")  # type: ignore[attr-defined]
    assert alarm["trigger"].dt == dt.timedelta(hours=9)  # 09:00 on that day


def test_the_file_reads_in_vobject_too(tmp_path: Path, complete: Path) -> None:
    events = run_calendar(tmp_path)
    parsed = vobject.readOne((tmp_path / "agenda.ics").read_text(encoding="utf-8"))
    vevents = parsed.vevent_list
    assert {str(e.uid.value) for e in vevents} == set(events)
    for event in vevents:
        assert isinstance(event.dtstart.value, dt.date)
        assert event.sequence.value is not None and event.last_modified.value.tzinfo is not None
        assert "’" in event.description.value or "'" not in event.description.value
        for alarm in getattr(event, "valarm_list", []):
            assert alarm.trigger.value in (
                dt.timedelta(hours=9),
                *(-dt.timedelta(days=days - 1, hours=15) for days in (365, 90, 30, 7)),
            )


def test_a_state_without_calendar_fields_loads_and_stays_as_it_was() -> None:
    state = State.model_validate({"schema_version": 1})
    assert state.calendar_id is None and state.calendar == {}
    assert "calendar_id" not in json.dumps(state.model_dump(mode="json"))


# --- paths: never replace what is not a regular file; owner-only -------------


def calendar_to(tmp_path: Path, target: str) -> Result:
    variables = clean_env(TODAY.isoformat(), tmp_path / "state.json")
    return invoke("calendar", "--output", target, variables=variables, cwd=tmp_path)


@pytest.mark.posix
def test_a_fifo_or_a_device_as_output_is_refused_in_french(tmp_path: Path, complete: Path) -> None:
    fifo = tmp_path / "agenda.ics"
    os.mkfifo(fifo)
    for target in (str(fifo), "/dev/null"):
        result = calendar_to(tmp_path, target)
        assert result.returncode != 0
        assert "impossible d'écrire" in result.stderr and "Traceback" not in result.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert stat.S_ISCHR(Path("/dev/null").stat().st_mode)
    assert load(complete).calendar_id is None  # nothing recorded for a file not written


@pytest.mark.posix
def test_the_calendar_file_is_for_its_owner_only(tmp_path: Path, complete: Path) -> None:
    run_calendar(tmp_path)
    assert stat.S_IMODE((tmp_path / "agenda.ics").stat().st_mode) == 0o600
