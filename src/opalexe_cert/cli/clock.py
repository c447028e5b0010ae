"""The one place that reads today's date, so that tests and demos can pin it."""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

from opalexe_cert.domain.errors import InputError

TODAY_ENV = "OPALEXE_CERT_TODAY"
PARIS = ZoneInfo("Europe/Paris")


def today() -> dt.date:
    """Today in Europe/Paris, or the ISO date in ``OPALEXE_CERT_TODAY`` when set."""
    pinned = os.environ.get(TODAY_ENV, "").strip()
    if pinned:
        try:
            return dt.date.fromisoformat(pinned)
        except ValueError:
            raise InputError(
                f"La variable {TODAY_ENV} doit être une date au format AAAA-MM-JJ "
                f"(reçu : « {pinned} »)."
            ) from None
    return dt.datetime.now(PARIS).date()


PINNED_TIME = dt.time(12, 0)
"""The time of day used with a pinned date: a calendar export stays reproducible."""


def now() -> dt.datetime:
    """The current time in Europe/Paris; noon of the pinned day when ``OPALEXE_CERT_TODAY``
    is set (so that tests and examples give the same bytes)."""
    if os.environ.get(TODAY_ENV, "").strip():
        return dt.datetime.combine(today(), PINNED_TIME, tzinfo=PARIS)
    return dt.datetime.now(PARIS)
