"""The deadlines as an iCalendar file (RFC 5545), for the expert's own calendar.

Two layers: ``entries`` turns the state into plain calendar entries (pure, no icalendar), and
``to_ics`` writes them with the writer shared with the compagnie's calendar (``adapters.ics``),
which imports the ``icalendar`` package only then, so that the commands run most often never
load it. UIDs are built on a random identifier kept in the state (never on the e-mail or the
SIREN), so re-importing an export updates the events instead of
duplicating them; the state also keeps what each event said, so that a changed event gets a
higher SEQUENCE and its LAST-MODIFIED.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import secrets
from collections.abc import Sequence

from opalexe_cert.adapters.ics import AllDayEvent, write_calendar
from opalexe_cert.domain.deadlines import REMINDER, CalendarEvent, Deadline, calendar_events
from opalexe_cert.domain.reminders import DEFAULT_ALARMS
from opalexe_cert.domain.state import CalendarMark, State
from opalexe_cert.domain.typography import french

UID_DOMAIN = "opalexe-cert"
CALENDAR_NAME = "OPALEXE : échéances du certificat"


def with_calendar_id(state: State, seed: str | None = None) -> State:
    """``state`` with its calendar identifier, made the first time (never from personal data:
    changing the e-mail or the SIREN keeps every UID): at random, or, with ``seed`` (the
    state file's location), a hash of it, so that an export made while another session holds
    the state, which cannot record the identifier, gives the UIDs the next export records."""
    if state.calendar_id is not None:
        return state
    if seed is None:
        made = secrets.token_hex(16)
    else:
        made = hashlib.sha256(f"opalexe-cert calendar\0{seed}".encode()).hexdigest()[:32]
    return state.model_copy(update={"calendar_id": made})


def _uid(kind: str, cycle: int, calendar_id: str) -> str:
    return f"{kind}-cycle{cycle}-{calendar_id}@{UID_DOMAIN}"


def _entry(state: State, deadline: Deadline, event: CalendarEvent, owner: str) -> AllDayEvent:
    """A deadline's event as a calendar entry; a met deadline's is kept, marked done."""
    uid = _uid(event.key, event.cycle or state.cycle.number, owner)
    if not event.is_done(deadline):
        return AllDayEvent(
            uid,
            event.start,
            event.end,
            french(event.summary),
            french(event.description),
            event.reminders,
            event.url,
        )
    if event.moot:  # it stopped mattering: nothing was done, nothing is ticked
        summary, said = f"{event.summary} (sans objet, {event.moot})", "Sans objet"
    else:
        summary, said = f"✔ {event.summary} (fait)", "C'est fait"
    return AllDayEvent(
        uid,
        event.start,
        event.end,
        french(summary),
        french(f"{said} : {deadline.rule.done_note}\n\n{event.description}"),
        reminders=(),
        url=event.url,
    )


def entries(
    state: State, today: dt.date, alarms: Sequence[int] = DEFAULT_ALARMS
) -> list[AllDayEvent]:
    """Every calendar entry the known deadlines give, in date order (``state`` must have its
    ``calendar_id``: see ``with_calendar_id``); an event with the usual reminder gets one at
    each of ``alarms`` (days before it) still to come."""
    calendar_id = state.calendar_id or "0" * 32
    found = [_entry(state, d, e, calendar_id) for d, e in calendar_events(state, today)]
    found = [_with_alarms(e, alarms, today) for e in found]
    return sorted(found, key=lambda e: (e.start, e.uid))


def _with_alarms(entry: AllDayEvent, alarms: Sequence[int], today: dt.date) -> AllDayEvent:
    """The thresholds of ``remind`` as the event's reminders: the nearest always (as before
    there were several), the others only while still to come (a past alarm would ring at the
    import); a reminder of its own (the ID's, on its day) is kept."""
    if entry.reminders != (REMINDER,) or not alarms:
        return entry
    nearest = min(alarms)
    offsets = tuple(
        dt.timedelta(days=a)
        for a in sorted(alarms, reverse=True)
        if a == nearest or entry.start - dt.timedelta(days=a) > today
    )
    return dataclasses.replace(entry, reminders=offsets)


def fingerprint(entry: AllDayEvent) -> str:
    """What an event says, hashed: a change of any of it raises its SEQUENCE."""
    parts = [
        entry.start.isoformat(),
        entry.end.isoformat(),
        entry.summary,
        entry.description,
        ",".join(str(r.total_seconds()) for r in entry.reminders),
        entry.url or "",
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def stamp(state: State, items: list[AllDayEvent], now: dt.datetime) -> State:
    """``state`` with each event's mark: kept when the event is unchanged, else its
    SEQUENCE raised and LAST-MODIFIED set to ``now`` (a new event starts at 0)."""
    marks = dict(state.calendar)
    for item in items:
        print_ = fingerprint(item)
        mark = marks.get(item.uid)
        if mark is None:
            marks[item.uid] = CalendarMark(fingerprint=print_, sequence=0, modified=now)
        elif mark.fingerprint != print_:
            marks[item.uid] = CalendarMark(
                fingerprint=print_, sequence=mark.sequence + 1, modified=now
            )
    return state.model_copy(update={"calendar": marks})


def to_ics(items: list[AllDayEvent], state: State, now: dt.datetime) -> bytes:
    """The entries as an RFC 5545 calendar: UID on the state's calendar id, SEQUENCE and
    LAST-MODIFIED from the state's marks, DTSTAMP the time of the export (UTC)."""
    return write_calendar(french(CALENDAR_NAME), items, now, revisions=state.calendar)


def export(
    state: State,
    today: dt.date,
    now: dt.datetime,
    alarms: Sequence[int] = DEFAULT_ALARMS,
    seed: str | None = None,
) -> tuple[bytes, int, State]:
    """The calendar file's content, the number of events, and the state to save (its
    calendar id, made from ``seed`` when given, and the events' marks)."""
    state = with_calendar_id(state, seed)
    items = entries(state, today, alarms)
    state = stamp(state, items, now)
    return to_ics(items, state, now), len(items), state
