"""Short words for the compact views of the deadlines: the recap's drawing and the timeline of
``status``, where a full title or month does not fit."""

from __future__ import annotations

import datetime as dt

MONTHS_SHORT = (
    *("janv.", "févr.", "mars", "avr.", "mai", "juin"),
    *("juil.", "août", "sept.", "oct.", "nov.", "déc."),
)
"""The usual French abbreviations of the months."""

SHORT_TITLES = {
    "preparation": "Envoi du dossier",
    "delivery": "Livraison",
    "id_validity": "Pièce d'identité",
    "renewal": "Renouvellement",
    "certificate": "Fin du certificat",
}
"""Each deadline's name in a few words (``Deadline.title`` is the full one)."""


def short_date(day: dt.date, *, year: bool = True) -> str:
    """``1er oct. 2026``, ``7 oct.`` (without the year)."""
    text = f"{'1er' if day.day == 1 else day.day} {MONTHS_SHORT[day.month - 1]}"
    return f"{text} {day.year}" if year else text
