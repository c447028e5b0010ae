"""French typography for everything a person reads (``docs/typography.md``), in one function.

Texts in the code are written with plain ASCII apostrophes and spaces, which is easy to type
and to grep; ``french`` turns them into what the Imprimerie nationale's rules want just
before they are shown or printed: ’ for the apostrophe, a no-break space before ``:`` and
inside « », a narrow no-break space before ``;`` ``?`` ``!``, ``n° 1`` and ``3 à 6 semaines``
unbroken. It is idempotent, and leaves URLs, paths and command options alone.
"""

from __future__ import annotations

import re
from functools import cache

NBSP = "\u00a0"
"""No-break space: before ``:``, inside « », between a number and its unit."""
NNBSP = "\u202f"
"""Narrow no-break space: before ``;`` ``?`` ``!``."""

_APOSTROPHE = re.compile(r"(?<=[A-Za-zÀ-ÖØ-öø-ÿŒœ])'(?=[A-Za-zÀ-ÖØ-öø-ÿŒœ])")
# A colon that ends a word or stands alone, not one inside ``https://`` or ``12:30``.
_COLON = re.compile(r"[ \u00a0\u202f]*:(?=\s|$)")
_HIGH_PUNCT = re.compile(r"(?<=\S)[ \u00a0\u202f]*([;?!])(?=\s|$|[»)\]])")
_OPEN_QUOTE = re.compile(r"«[ \u00a0\u202f]*")
_CLOSE_QUOTE = re.compile(r"[ \u00a0\u202f]*»")
_NUMERO = re.compile(r"\b([nN]°)[ \u202f]+(?=\d)")
_RANGE = re.compile(r"(\d+)[ \u202f]+(à|au)[ \u202f]+(\d+)")
_UNIT = re.compile(
    r"(\d)[ \u202f]+(?=(?:€|%|ans?\b|mois\b|semaines?\b|jours?\b|heures?\b|minutes?\b|"
    r"secondes?\b|mm\b|cm\b|g\b|Mo\b|Go\b|Ko\b|caractères\b|lignes?\b))"
)
_ELLIPSIS = re.compile(r"(?<!\.)\.\.\.(?!\.)")


VERBATIM = ("\ue000", "\ue001")
"""Private-use marks around what the person typed, quoted back: ``french`` leaves it as typed
(the typography is for our text, not for theirs) and takes the marks away."""
_VERBATIM = re.compile("(\ue000[^\ue001]*\ue001)")


def verbatim(typed: str) -> str:
    """``typed`` marked to be shown exactly as typed by ``french``."""
    return VERBATIM[0] + typed + VERBATIM[1]


def french(text: str) -> str:
    """``text`` with French typography applied (idempotent), except to ``verbatim`` parts."""
    if VERBATIM[0] not in text:
        return _french(text)
    return "".join(
        part[1:-1] if part.startswith(VERBATIM[0]) else _french(part)
        for part in _VERBATIM.split(text)
    )


def _french(text: str) -> str:
    text = _APOSTROPHE.sub("’", text)
    text = _ELLIPSIS.sub("…", text)
    text = _OPEN_QUOTE.sub("«" + NBSP, text)
    text = _CLOSE_QUOTE.sub(NBSP + "»", text)
    text = _spaced_punctuation(text)
    text = _NUMERO.sub(r"\1" + NBSP, text)
    text = _RANGE.sub(_range, text)
    return _UNIT.sub(r"\1" + NBSP, text)


def _spaced_punctuation(text: str) -> str:
    """The spaces before ``:`` and before ``;?!``, until they no longer change: each rule
    looks at what follows its sign, and a space the other puts there can give it a place
    (« 0:! »: the space before « ! » makes the colon end a word). ``french`` stays idempotent."""
    for _ in range(len(text) + 1):  # a pass that changes adds a space: this ends
        spaced = _HIGH_PUNCT.sub(NNBSP + r"\1", _COLON.sub(_colon, text))
        if spaced == text:
            break
        text = spaced
    return text


def _range(match: re.Match[str]) -> str:
    """« 3 à 6 » unbroken; between two whole dates (« 6 décembre 2026 au 6 janvier 2027 »)
    the line may break before « au », which stays with the second date."""
    first, word, second = match.groups()
    ends_a_date = _DATE_END.search(match.string, 0, match.start()) is not None
    return f"{first}{' ' if ends_a_date else NBSP}{word}{NBSP}{second}"


def _colon(match: re.Match[str]) -> str:
    start = match.start()
    # ``Objet:`` glued to its word gets its space too; a colon at the very start stays bare.
    return NBSP + ":" if start > 0 else ":"


def plain(text: str) -> str:
    """``text`` with no-break spaces turned back into spaces (for a file name or a search)."""
    return text.replace(NBSP, " ").replace(NNBSP, " ")


def number(value: int) -> str:
    """``1 095``, ``10 000``: digits grouped by three with a no-break space, which keeps the
    number whole on a line (``docs/typography.md``; U+00A0 rather than U+202F, which the PDFs'
    fonts lack)."""
    sign = "-" if value < 0 else ""
    return sign + f"{abs(value):,}".replace(",", NBSP)


def days(count: int) -> str:
    """``1 jour``, ``1 095 jours``: a number of days, unbroken (singular below 2, in French)."""
    return f"{number(count)}{NBSP}jour{'s' if abs(count) > 1 else ''}"


def euros(amount: float, *, cents: bool = False) -> str:
    """``109 €``, ``109,50 €``, ``10 000 €`` (``cents``: always two decimals, ``149,00 €``)."""
    whole, rest = divmod(round(abs(amount) * 100), 100)
    text = number(whole) + (f",{rest:02d}" if rest or cents else "")
    return f"{'-' if amount < 0 else ''}{text}{NBSP}€"


_MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
_CAPITAL = "A-ZÀ-ÖØ-ÞŒ"


# What a line never breaks inside, on paper as on screen: a command to type, a SIREN
# (« 732 829 320 »), a date (« 1er décembre 2026 »), a postcode and its town (« 33000
# SAINT-MÉDARD-EN-JALLES »), a particle and its surname (« de SAINT-ÉLOI », « de La
# ROCHEFOUCAULD », « de la TOUR »). Compiled at the first line laid out (about 1.5 ms): a
# message written into a pipe is never laid out.
@cache
def _unbroken_patterns() -> tuple[re.Pattern[str], ...]:
    return (
        re.compile(r"\bopalexe-cert [a-z][a-z-]*"),  # a command to type: « opalexe-cert calendar »
        re.compile(r"\b[0-9]{3} [0-9]{3} [0-9]{3}\b"),
        re.compile(rf"\b(?:1er|[0-9]{{1,2}}) (?:{_MONTHS}) [0-9]{{4}}\b"),
        re.compile(rf"\b[0-9]{{5}} [{_CAPITAL}][{_CAPITAL}0-9'’ -]*[{_CAPITAL}0-9]\b"),
        re.compile(
            rf"\b(?:de|du|des)(?: (?:la|La|le|Le|les|Les))? "
            rf"(?=[{_CAPITAL}][{_CAPITAL}’'-]*[{_CAPITAL}]\b|[lL]’[{_CAPITAL}]{{2}})"
        ),
    )


# A year that ends a date, « décembre » then a space just before it (see ``_range``).
_DATE_END = re.compile(rf"(?:{_MONTHS})[ \u00a0]\Z")


def _unbroken(match: re.Match[str]) -> str:
    return match.group().replace(" ", NBSP)


def keep_together(text: str) -> str:
    """``text`` with the spaces inside a SIREN, a date, a postcode and its town, and after a
    particle before its surname made no-break ones (same length: offsets are kept)."""
    for pattern in _unbroken_patterns():
        text = pattern.sub(_unbroken, text)
    return text
