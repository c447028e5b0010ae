"""The deadlines as an iCalendar file (RFC 5545), for the expert's own calendar.

Two layers: ``entries`` turns the state into plain calendar entries (pure, no icalendar), and
``to_ics`` writes them with the ``icalendar`` package, imported only here so that the commands
run most often never load it. UIDs and DTSTAMP depend only on the state and today's date, so
re-importing an export updates the events instead of duplicating them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from opalexe_cert import __version__
from opalexe_cert.domain.deadlines import CalendarEvent, Deadline, calendar_events
from opalexe_cert.domain.facts import cycle_facts
from opalexe_cert.domain.state import State

UID_DOMAIN = "opalexe-cert"
CALENDAR_NAME = "OPALEXE : échéances du certificat"


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


def owner_key(state: State) -> str:
    """A stable, non-identifying token for the expert, part of every UID.

    The e-mail is recorded at the very first step, before any deadline exists, and kept across
    renewals (the SIREN comes later: a UID built on it would change once it is entered). It is
    hashed so that the calendar does not spread it.
    """
    email = cycle_facts(state).email
    seed = email.strip().lower() if email else (state.holder.siren or "")
    if not seed:
        return "anonyme"
    return hashlib.sha256(f"opalexe-cert:{seed}".encode()).hexdigest()[:16]


def _uid(kind: str, cycle: int, owner: str) -> str:
    return f"{kind}-cycle{cycle}-{owner}@{UID_DOMAIN}"


def _entry(state: State, deadline: Deadline, event: CalendarEvent, owner: str) -> Entry:
    """A deadline's event as a calendar entry; a met deadline's is kept, marked done."""
    uid = _uid(event.key, event.cycle or state.cycle.number, owner)
    if deadline.state != "met":
        return Entry(
            uid,
            event.start,
            event.end,
            event.summary,
            event.description,
            event.reminders,
            event.url,
        )
    return Entry(
        uid,
        event.start,
        event.end,
        f"✔ {event.summary} (fait)",
        f"C'est fait : {deadline.rule.done_note}\n\n{event.description}",
        reminders=(),
        url=event.url,
    )


def entries(state: State, today: dt.date) -> list[Entry]:
    """Every calendar entry the known deadlines give, in date order."""
    owner = owner_key(state)
    found = [_entry(state, d, e, owner) for d, e in calendar_events(state, today)]
    return sorted(found, key=lambda e: (e.start, e.uid))


def to_ics(items: list[Entry], today: dt.date) -> bytes:
    """The entries as an RFC 5545 calendar; DTSTAMP is today at midnight UTC."""
    from icalendar import Alarm, Calendar, Event

    stamp = dt.datetime.combine(today, dt.time(), tzinfo=dt.UTC)
    calendar = Calendar()
    calendar.add("prodid", f"-//opalexe-cert//opalexe-cert {__version__}//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", CALENDAR_NAME)
    for item in items:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
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
            alarm.add("trigger", -offset)
            event.add_component(alarm)
        calendar.add_component(event)
    return bytes(calendar.to_ical())


def export(state: State, today: dt.date) -> tuple[bytes, int]:
    """The calendar file's content and the number of events in it."""
    items = entries(state, today)
    return to_ics(items, today), len(items)
