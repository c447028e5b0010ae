"""All-day events written as an iCalendar file (RFC 5545): the one writer behind the expert's
calendar (``calendar_ics``) and the compagnie's (``roster.ics``).

Each of them decides what its events say and how their UIDs are made; this module only writes
them, the same way for both: the calendar's header, one VEVENT per event (all-day, DTEND the
day after the last one, TRANSPARENT) and one DISPLAY VALARM per reminder, ringing at 09:00.
The ``icalendar`` package does the escaping (``,`` ``;`` ``\\`` and line breaks) and folds
lines at 75 octets without cutting a character; it is imported only inside
``write_calendar``, so that the commands run most often never load it. Knows nothing of the
domain: texts come in with their French typography already applied.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from opalexe_cert import __version__

REMINDER_TIME = dt.timedelta(hours=9)
"""Reminders ring at 09:00 local time, not at the all-day event's midnight."""


@dataclass(frozen=True)
class AllDayEvent:
    """One all-day event: ``start`` to ``end`` inclusive, with its reminders (offsets before
    ``start``) and, when it has one, the address of the page it is about."""

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


class Revision(Protocol):
    """How many times an event was changed, and when last (SEQUENCE and LAST-MODIFIED)."""

    @property
    def sequence(self) -> int: ...

    @property
    def modified(self) -> dt.datetime: ...


def alarm_trigger(offset: dt.timedelta) -> dt.timedelta:
    """The trigger of a reminder ``offset`` before an all-day event, at 09:00 local time.

    An all-day event starts at local midnight: a bare ``-P7D`` would ring at 00:00.
    """
    return -(offset - REMINDER_TIME)


def write_calendar(
    name: str,
    events: Sequence[AllDayEvent],
    now: dt.datetime,
    revisions: Mapping[str, Revision] | None = None,
) -> bytes:
    """``events`` as one calendar called ``name``, DTSTAMP ``now`` (in UTC). With
    ``revisions`` (by UID), each event also gets its SEQUENCE and LAST-MODIFIED, an event
    without one its first (0, ``now``); without, neither is written."""
    from icalendar import Alarm, Calendar, Event

    stamp = now.astimezone(dt.UTC)
    calendar = Calendar()
    calendar.add("prodid", f"-//opalexe-cert//opalexe-cert {__version__}//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Paris")
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        if revisions is not None:
            revision = revisions.get(item.uid)
            event.add("sequence", revision.sequence if revision else 0)
            event.add("last-modified", (revision.modified if revision else now).astimezone(dt.UTC))
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
