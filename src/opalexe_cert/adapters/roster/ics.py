"""The secretariat's calendar (RFC 5545): one event per member's renewal window and per
re-listing deadline, reminders at 09:00.

UIDs are stable across runs: a hash of the member's SIREN, the kind of event and the date it
refers to (the certificate's expiry, the listing's end), so that re-importing the file
updates the events rather than duplicating them, and a SIREN never appears in a UID. A
renewed certificate (a new expiry) is a new event.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import replace

from opalexe_cert.adapters.ics import AllDayEvent, write_calendar
from opalexe_cert.domain import guide, listing
from opalexe_cert.domain.compagnie import Compagnie
from opalexe_cert.domain.dates import format_date
from opalexe_cert.domain.deadlines import REMINDER
from opalexe_cert.domain.roster import MemberStatus
from opalexe_cert.domain.typography import french


def _uid(kind: str, siren: str, day: dt.date) -> str:
    digest = hashlib.sha256(f"{kind}|{siren}|{day.isoformat()}".encode()).hexdigest()[:24]
    return f"compagnie-{kind}-{digest}@opalexe-cert"


def events(items: Sequence[MemberStatus], today: dt.date) -> list[AllDayEvent]:
    """The events still ahead (ending today or later), by date."""
    found: list[AllDayEvent] = []
    for item in items:
        m = item.member
        name = m.name or m.surname
        if item.renewal is not None and m.certificate_expiry and item.renewal[1] >= today:
            start, end = item.renewal
            found.append(
                AllDayEvent(
                    _uid("renewal", m.siren, m.certificate_expiry),
                    start,
                    end,
                    f"OPALEXE : renouvellement du certificat de {name}",
                    f"Le certificat OPALEXE de {name} (SIREN {m.siren}) expire le "
                    f"{format_date(m.certificate_expiry)}. Le guide conseille de commencer la "
                    f"nouvelle demande {guide.RENEWAL.text} avant l'expiration, entre le "
                    f"{format_date(start)} et le {format_date(end)} : l'attestation "
                    "d'appartenance signée par la présidence en fait partie.",
                    (dt.timedelta(0),),
                )
            )
        if m.listing_end and item.relisting_due and item.relisting_due >= today:
            due = item.relisting_due
            kind = "probatoire " if m.probationary else ""
            found.append(
                AllDayEvent(
                    _uid("relisting", m.siren, m.listing_end),
                    due,
                    due,
                    f"Réinscription de {name} : dernier jour pour déposer la demande",
                    f"L'inscription {kind}de {name} (SIREN {m.siren}) sur la liste des experts "
                    f"prend fin le {format_date(m.listing_end)}. La demande de réinscription "
                    "est à adresser au procureur de la République avant le 1er mars ; "
                    "l'assemblée générale de la cour d'appel dresse la liste au cours de la "
                    f"première quinzaine de novembre {listing.assembly_month(m.listing_end).year}.",
                    (REMINDER, dt.timedelta(0)),
                )
            )
    found.sort(key=lambda e: (e.start, e.summary))  # before the typography: as ever
    return [replace(e, summary=french(e.summary), description=french(e.description)) for e in found]


def to_ics(found: Sequence[AllDayEvent], compagnie: Compagnie, now: dt.datetime) -> bytes:
    """The events as one calendar for the secretariat."""
    name = french(f"OPALEXE : certificats des membres, {compagnie.name}")
    return write_calendar(name, found, now)
