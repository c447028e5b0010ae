"""The expert's calendar and the compagnie's write an event the same way: one tricky event
(accents across the 75-octet folds, commas, semicolons, backslashes, a line break) through both
public writers gives the same VEVENT, folded and escaped as RFC 5545 says, and reads back whole."""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar

from opalexe_cert.adapters import calendar_ics
from opalexe_cert.adapters.ics import AllDayEvent
from opalexe_cert.adapters.roster import ics as roster_ics
from opalexe_cert.domain.compagnie import DEFAULT_COMPAGNIE
from opalexe_cert.domain.state import State

NOW = dt.datetime(2026, 9, 20, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))
SUMMARY = "Réinscription d’Hélène Noël d’Œuvray, « experte » ; café\\thé : 1 à 3 mois ! " * 2
DESCRIPTION = "Ligne 1, avec ; et \\ et : deux-points\nLigne 2 " + "é" * 80 + " fin"
EVENT = AllDayEvent(
    "tricky@opalexe-cert",
    dt.date(2027, 2, 28),
    dt.date(2027, 3, 1),
    SUMMARY,
    DESCRIPTION,
    (dt.timedelta(days=7), dt.timedelta(0)),
)


def _vevent(content: bytes) -> list[bytes]:
    """The physical lines of the file's one VEVENT, less what only the expert's calendar
    tracks (SEQUENCE and LAST-MODIFIED: its events are revised from export to export)."""
    lines = content.split(b"\r\n")
    inside = lines[lines.index(b"BEGIN:VEVENT") : lines.index(b"END:VEVENT") + 1]
    return [ln for ln in inside if not ln.startswith((b"SEQUENCE:", b"LAST-MODIFIED:"))]


def _unfolded(lines: list[bytes]) -> list[str]:
    text = b"\r\n".join(lines).replace(b"\r\n ", b"").decode("utf-8")
    return text.split("\r\n")


def test_both_writers_fold_and_escape_an_event_alike() -> None:
    expert = calendar_ics.to_ics([EVENT], State(), NOW)
    compagnie = roster_ics.to_ics([EVENT], DEFAULT_COMPAGNIE, NOW)
    assert b"SEQUENCE:0\r\n" in expert and b"SEQUENCE" not in compagnie
    lines = _vevent(expert)
    assert lines == _vevent(compagnie)
    # folded at 75 octets at most, never inside a character, continuation lines indented
    assert any(line.startswith(b" ") for line in lines)
    for line in lines:
        assert len(line) <= 75
        line.decode("utf-8")  # a fold cutting a character would not decode
    unfolded = _unfolded(lines)
    summary = next(ln for ln in unfolded if ln.startswith("SUMMARY:"))
    assert summary == "SUMMARY:" + SUMMARY.replace("\\", "\\\\").replace(",", "\\,").replace(
        ";", "\\;"
    )
    description = next(ln for ln in unfolded if ln.startswith("DESCRIPTION:"))
    assert "\\nLigne 2" in description and "\n" not in description
    assert [ln for ln in unfolded if ln.startswith("TRIGGER:")] == [
        "TRIGGER:-P6DT15H",
        "TRIGGER:PT9H",
    ]


def test_both_calendars_read_back_to_the_same_texts() -> None:
    for content in (
        calendar_ics.to_ics([EVENT], State(), NOW),
        roster_ics.to_ics([EVENT], DEFAULT_COMPAGNIE, NOW),
    ):
        (event,) = Calendar.from_ical(content).walk("VEVENT")
        assert str(event["summary"]) == SUMMARY
        assert str(event["description"]) == DESCRIPTION
        assert event["dtend"].dt == dt.date(2027, 3, 2)  # exclusive end of an all-day event
        assert [str(a["description"]) for a in event.walk("VALARM")] == [SUMMARY, SUMMARY]
