"""Reminders: the actions due soon or overdue on a day, by the thresholds the peers use.

A reminder is read from the deadlines of ``deadlines.py`` (their windows, states and advice:
nothing of the guide is written again here). The certificate in force is reminded at each
threshold before it expires (by default 1 year, 90, 30 and 7 days, as peers that track
certificates do); the guide's own deadlines when they call for the expert: the dossier to send,
a delivery overdue, an ID expiring before the dossier leaves. Each reminder has a ``key``
(deadline, date, threshold) under which a sent e-mail is recorded, so that it is sent once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from opalexe_cert.domain.dates import format_date
from opalexe_cert.domain.deadlines import Deadline, cert_expiry, deadlines
from opalexe_cert.domain.errors import InputError
from opalexe_cert.domain.state import State
from opalexe_cert.domain.typography import days

DEFAULT_ALARMS: tuple[int, ...] = (365, 90, 30, 7)
"""Days before a deadline: 1 year (a note), about 3 months (the renewal window), 1 month and
1 week, as the services that track certificates remind."""
MAX_ALARM_DAYS = 1_500
"""No threshold beyond about four years (a certificate lasts about three)."""
OVERDUE = "overdue"

Level = Literal["soon", "overdue"]


@dataclass(frozen=True)
class Reminder:
    """One action due: its deadline, the day it is due by, and the threshold reached."""

    deadline: Deadline
    due: dt.date
    days_left: int
    threshold: int | None  # None once overdue
    message: str

    @property
    def level(self) -> Level:
        return "overdue" if self.threshold is None else "soon"

    @property
    def key(self) -> str:
        """``renewal/2029-10-20/90``: what the state records once an e-mail about it is sent."""
        label = OVERDUE if self.threshold is None else str(self.threshold)
        return f"{self.deadline.id}/{self.due.isoformat()}/{label}"


def parse_alarms(text: str) -> tuple[int, ...]:
    """``365,90,30,7`` as numbers of days, largest first; ``InputError`` in French otherwise."""
    parts = [p.strip() for p in text.split(",")]
    if not parts or not all(re.fullmatch(r"\d{1,5}", p) for p in parts):
        raise InputError(
            "--alarms attend des nombres de jours séparés par des virgules, par exemple "
            f"« {','.join(map(str, DEFAULT_ALARMS))} » (reçu : « {text[:40]} »)."
        )
    values = sorted({int(p) for p in parts}, reverse=True)
    if values[0] > MAX_ALARM_DAYS or values[-1] < 1:
        raise InputError(
            f"--alarms attend des nombres de jours entre 1 et {MAX_ALARM_DAYS} "
            f"(reçu : « {text[:40]} »)."
        )
    return tuple(values)


def check_within(value: int | None) -> int | None:
    """``--within DAYS``: between 0 and ``MAX_ALARM_DAYS``."""
    if value is not None and not 0 <= value <= MAX_ALARM_DAYS:
        raise InputError(f"--within attend un nombre de jours entre 0 et {MAX_ALARM_DAYS}.")
    return value


# What each deadline's reminder says of its date: (soon, overdue); ``{date}`` and ``{days}``.
_PHRASES: dict[str, tuple[str, str]] = {
    "preparation": (
        "dossier à envoyer à CertEurope d'ici le {date}, {left}",
        "échéance dépassée le {date}",  # the advice that follows says what was due
    ),
    "delivery": ("", "livraison attendue au plus tard le {date}"),
    "renewal": (
        "le certificat expire le {date}, {left}",
        "le certificat a expiré le {date}",
    ),
    "certificate": (
        "le certificat encore en vigueur expire le {date}, {left}",
        "le certificat a expiré le {date}",
    ),
    "id_validity": (
        "la pièce d'identité envoyée expire le {date}, {left}",
        "la pièce d'identité envoyée a expiré le {date}",
    ),
}


# The advice's clause that says again what the reminder's phrase has just said of the expiry.
_RESTATED = re.compile(r"\bcertificat (?:a expiré|expire bientôt)\b", re.IGNORECASE)


def _unrepeated(advice: str) -> str:
    """``advice`` without its clause on the expiry, which the reminder's phrase gives with its
    date: « Le certificat a expiré : lancez… » → « Lancez… » (said once)."""
    head, colon, tail = advice.partition(" : ")
    if not colon:
        return advice
    if _RESTATED.search(head):
        return tail[:1].upper() + tail[1:]
    if _RESTATED.search(tail):
        return head + "."
    return advice


def _left(count: int) -> str:
    if count == 0:
        return "aujourd'hui"
    return "demain" if count == 1 else f"dans {days(count)}"


def _due_day(d: Deadline, expiry: dt.date | None) -> dt.date:
    """The day the action is due by: the certificate's expiry for its renewal, else the end."""
    return expiry if d.id == "renewal" and expiry is not None else d.end


def _soon(d: Deadline, left: int, horizon: int) -> bool:
    """Whether a deadline not met and not overdue calls for the expert now."""
    if d.id in ("renewal", "preparation"):
        return left <= horizon
    if d.id in ("id_validity", "certificate"):
        return d.state == "urgent"
    return False  # a delivery is CertEurope's to make: reminded once overdue only


def reminders(
    state: State,
    today: dt.date,
    *,
    alarms: Sequence[int] = DEFAULT_ALARMS,
    within: int | None = None,
) -> list[Reminder]:
    """The actions due on ``today``: within ``within`` days, or by default as soon as the
    largest threshold of ``alarms`` is reached; each with the threshold it has reached (the
    smallest one not yet passed). Overdue ones first."""
    horizon = within if within is not None else max(alarms)
    found = deadlines(state, today)
    # A renewal under way (started, not yet activated) asks nothing more of its own: the new
    # cycle's deadlines speak for it, and the certificate's own deadline takes over.
    renewing = all(d.state == "met" or d.started_on for d in found if d.id == "renewal")
    expiry = cert_expiry(state)
    result = []
    for d in found:
        if (
            d.state == "met"
            or d.started_on is not None
            or d.id not in _PHRASES
            or (d.id == "certificate" and not renewing)
        ):
            continue  # the certificate's own deadline speaks once its renewal has started
        due = _due_day(d, expiry)
        left = (due - today).days
        overdue = d.state == "overdue" or left < 0
        if not overdue and not _soon(d, left, horizon):
            continue
        threshold = None if overdue else min((a for a in alarms if a >= left), default=horizon)
        soon, late = _PHRASES[d.id]
        phrase = (late if overdue else soon).format(date=format_date(due), left=_left(left))
        if overdue and left < 0:
            phrase += f" ({days(-left)} de retard)"
        advice = _unrepeated(d.advice)
        if d.state == "upcoming" and d.calls_for_renewal is False and d.rule.renewal_due:
            advice = (  # the renewal's own window, with its dates
                f"Commencez la nouvelle demande entre le {format_date(d.start)} et le "
                f"{format_date(d.end)}, avec « opalexe-cert renew »."
            )
        result.append(Reminder(d, due, left, threshold, f"{d.title} : {phrase}. {advice}"))
    return sorted(result, key=lambda r: (r.threshold is not None, r.due, r.deadline.id))
