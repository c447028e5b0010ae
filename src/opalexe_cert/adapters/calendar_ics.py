"""The deadlines as an iCalendar file (RFC 5545), for the expert's own calendar.

Two layers: ``entries`` turns the state into plain calendar entries (pure, no icalendar), and
``to_ics`` writes them with the ``icalendar`` package, imported only here so that the commands
run most often never load it. UIDs are built on a random identifier kept in the state (never
on the e-mail or the SIREN), so re-importing an export updates the events instead of
duplicating them; the state also keeps what each event said, so that a changed event gets a
higher SEQUENCE and its LAST-MODIFIED.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from opalexe_cert import __version__
from opalexe_cert.domain.deadlines import REMINDER, CalendarEvent, Deadline, calendar_events
from opalexe_cert.domain.reminders import DEFAULT_ALARMS
from opalexe_cert.domain.state import CalendarMark, State
from opalexe_cert.domain.typography import french

UID_DOMAIN = "opalexe-cert"
CALENDAR_NAME = "OPALEXE : échéances du certificat"
REMINDER_TIME = dt.timedelta(hours=9)
"""Reminders ring at 09:00 local time, not at the all-day event's midnight."""


@dataclass(frozen=True)
class Entry:
    """One all-day event: ``start`` to ``end`` inclusive, with its reminders (offsets before)."""

    uid: str
    start: dt.date
    end: dt.date
    summary: str
    description: str
    reminders: tuple[dt.timedelta, ...]
    url: str | None = None

    @property
    def reminder(self) -> bool:
        """Whether the event has a reminder."""
        return bool(self.reminders)


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


def _entry(state: State, deadline: Deadline, event: CalendarEvent, owner: str) -> Entry:
    """A deadline's event as a calendar entry; a met deadline's is kept, marked done."""
    uid = _uid(event.key, event.cycle or state.cycle.number, owner)
    if not event.is_done(deadline):
        return Entry(
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
    return Entry(
        uid,
        event.start,
        event.end,
        french(summary),
        french(f"{said} : {deadline.rule.done_note}\n\n{event.description}"),
        reminders=(),
        url=event.url,
    )


def entries(state: State, today: dt.date, alarms: Sequence[int] = DEFAULT_ALARMS) -> list[Entry]:
    """Every calendar entry the known deadlines give, in date order (``state`` must have its
    ``calendar_id``: see ``with_calendar_id``); an event with the usual reminder gets one at
    each of ``alarms`` (days before it) still to come."""
    calendar_id = state.calendar_id or "0" * 32
    found = [_entry(state, d, e, calendar_id) for d, e in calendar_events(state, today)]
    found = [_with_alarms(e, alarms, today) for e in found]
    return sorted(found, key=lambda e: (e.start, e.uid))


def _with_alarms(entry: Entry, alarms: Sequence[int], today: dt.date) -> Entry:
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


def fingerprint(entry: Entry) -> str:
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


def stamp(state: State, items: list[Entry], now: dt.datetime) -> State:
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


def alarm_trigger(offset: dt.timedelta) -> dt.timedelta:
    """The trigger of a reminder ``offset`` before an all-day event, at 09:00 local time.

    An all-day event starts at local midnight: a bare ``-P7D`` would ring at 00:00.
    """
    return -(offset - REMINDER_TIME)


def to_ics(items: list[Entry], state: State, now: dt.datetime) -> bytes:
    """The entries as an RFC 5545 calendar: UID on the state's calendar id, SEQUENCE and
    LAST-MODIFIED from the state's marks, DTSTAMP the time of the export (UTC)."""
    from icalendar import Alarm, Calendar, Event

    stamp_time = now.astimezone(dt.UTC)
    calendar = Calendar()
    calendar.add("prodid", f"-//opalexe-cert//opalexe-cert {__version__}//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", french(CALENDAR_NAME))
    calendar.add("x-wr-timezone", "Europe/Paris")
    for item in items:
        mark = state.calendar.get(item.uid)
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp_time)
        event.add("sequence", mark.sequence if mark else 0)
        event.add("last-modified", (mark.modified if mark else now).astimezone(dt.UTC))
        event.add("dtstart", item.start)
        event.add("dtend", item.end + dt.timedelta(days=1))  # exclusive for all-day events
        event.add("summary", item.summary)
        event.add("description", item.description)
        event.add("transp", "TRANSPARENT")
        if item.url:
            event.add("url", item.url)
        for offset in item.reminders:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", item.summary)
            alarm.add("trigger", alarm_trigger(offset))
            event.add_component(alarm)
        calendar.add_component(event)
    return bytes(calendar.to_ical())


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
