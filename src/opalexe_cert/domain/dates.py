"""French dates: parsing what an expert types, writing what a French letter prints."""

from __future__ import annotations

import calendar
import datetime as dt
import re

# Hand-written rather than babel: twelve names, the French "1er", and no locale data to load
# at start-up for a command (`status`) that must start instantly.
MONTHS_FR = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)

_FRENCH_NUMERIC = re.compile(r"^\s*([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4}|[0-9]{2})\s*$")
CENTURY = 2000
"""A year typed with two digits (``26/11/26``) is in this century: every date asked is."""


def parse_date(text: str) -> dt.date:
    """Read ``2026-11-26`` or ``26/11/2026`` (also ``26.11.2026``, ``26-11-2026``, and
    ``26/11/26`` with a two-digit year, read as 2026).

    Raises ``ValueError`` with a French message when the text is not a date.
    """
    raw = text.strip()
    parts = _french_parts(raw)
    try:
        return dt.date(*parts) if parts else dt.date.fromisoformat(raw)
    except ValueError:
        pass
    why = _no_such_day(raw)
    if why is not None:
        raise ValueError(f"« {raw} » n'est pas une date valide : {why}")
    raise ValueError(f"« {raw} » n'est pas une date valide (exemple : 26/11/2026 ou 2026-11-26)")


def _french_parts(raw: str) -> tuple[int, int, int] | None:
    """The year, month and day of ``26/11/2026`` (or ``26.11.26``, ``26-11-2026``) as numbers,
    whether they name a day or not; ``None`` when ``raw`` is not written so."""
    match = _FRENCH_NUMERIC.match(raw)
    if match is None:
        return None
    day, month, year = (int(g) for g in match.groups())
    return year + (CENTURY if len(match.group(3)) == 2 else 0), month, day


_ISO_NUMERIC = re.compile(r"^\s*([0-9]{4})-([0-9]{2})-([0-9]{2})\s*$")


def _no_such_day(raw: str) -> str | None:
    """Why ``raw``, written like a date (``31/02/2027``), names no day; ``None`` when it is
    not written like one."""
    parts = _french_parts(raw)
    if parts is None and (match := _ISO_NUMERIC.match(raw)):
        parts = (int(match[1]), int(match[2]), int(match[3]))
    if parts is None:
        return None
    year, month, day = parts
    if not 1 <= month <= 12:
        return f"il n'y a pas de mois {month} (les mois vont de 1 à 12)"
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        return None
    if day == 0:
        return "le jour 0 n'existe pas (les jours commencent à 1)"
    if day > 31:
        return f"aucun mois n'a {day} jours"
    name, last = MONTHS_FR[month - 1], calendar.monthrange(year, month)[1]
    return f"il n'y a pas de {day} {name} en {year} ({name} {year} n'a que {last} jours)"


def format_date(day: dt.date) -> str:
    """``26 novembre 2026``; ``1er décembre 2026`` for the first of the month."""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number} {MONTHS_FR[day.month - 1]} {day.year}"


def add_months(day: dt.date, months: int) -> dt.date:
    """Calendar months: 3 months before 12 December is 12 September; 31 May - 3 is 28/29 Feb."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))
