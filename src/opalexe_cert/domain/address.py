"""Postal addresses as the NF Z10-011 norm wants them (pure: no PDF here).

At most 6 lines of at most 38 characters, the last line ``CODE POSTAL VILLE`` in capitals
without accents. A line that is too long is first abbreviated with the norm's street-type
abbreviations (AVENUE -> AV, ...), then wrapped at word boundaries; a word is never cut off and
never dropped. When that is not enough the address is refused with a French message, since a
truncated address is a letter that never arrives.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from opalexe_cert.domain.errors import InputError

MAX_LINES = 6
MAX_LINE_LENGTH = 38

# The norm's abbreviations (street types and common words of street names), keyed by the
# word in capitals without accents. Only single words: they are applied word by word.
ABBREVIATIONS: dict[str, str] = {
    "ALLEE": "ALL",
    "APPARTEMENT": "APP",
    "AVENUE": "AV",
    "BATIMENT": "BAT",
    "BOULEVARD": "BD",
    "CARREFOUR": "CAR",
    "CHAUSSEE": "CHS",
    "CHEMIN": "CHE",
    "CORNICHE": "COR",
    "COURS": "CRS",
    "DESCENTE": "DSC",
    "DOCTEUR": "DR",
    "DOMAINE": "DOM",
    "ESCALIER": "ESC",
    "ESPLANADE": "ESP",
    "FAUBOURG": "FG",
    "GENERAL": "GAL",
    "HAMEAU": "HAM",
    "IMMEUBLE": "IMM",
    "IMPASSE": "IMP",
    "LOTISSEMENT": "LOT",
    "MARECHAL": "MAL",
    "MONTEE": "MTE",
    "PASSAGE": "PAS",
    "PLACE": "PL",
    "PLATEAU": "PLT",
    "PRESIDENT": "PDT",
    "PROFESSEUR": "PR",
    "PROMENADE": "PRO",
    "QUARTIER": "QUA",
    "RESIDENCE": "RES",
    "ROND-POINT": "RPT",
    "ROUTE": "RTE",
    "RUELLE": "RLE",
    "SAINT": "ST",
    "SAINTE": "STE",
    "SQUARE": "SQ",
    "TRAVERSE": "TRA",
    "VILLA": "VLA",
    "VILLAGE": "VLGE",
}

_POSTAL_LINE = re.compile(r"^(\d{2}) ?(\d{3})\s+(\S.*)$")


class AddressError(InputError):
    """An address that cannot be written on an envelope as the norm requires."""


def _collapse(line: str) -> str:
    """One line with single spaces and no leading or trailing blanks."""
    return " ".join(line.split())


def strip_accents(text: str) -> str:
    """``SAINT-ÉTIENNE`` -> ``SAINT-ETIENNE``; ``Œ`` -> ``OE`` (the norm's last line)."""
    text = text.replace("Œ", "OE").replace("œ", "oe").replace("Æ", "AE").replace("æ", "ae")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def abbreviation_of(word: str) -> str | None:
    """The norm's abbreviation of ``word`` in the word's own case, or ``None``."""
    abbreviation = ABBREVIATIONS.get(strip_accents(word).upper())
    if abbreviation is None or len(abbreviation) >= len(word):
        return None
    if word.isupper():
        return abbreviation
    if word[:1].isupper():
        return abbreviation.capitalize()
    return abbreviation.lower()


def _abbreviate(line: str) -> str:
    """Abbreviate words left to right, only until the line fits."""
    words = line.split(" ")
    for index, word in enumerate(words):
        if len(" ".join(words)) <= MAX_LINE_LENGTH:
            break
        abbreviation = abbreviation_of(word)
        if abbreviation is not None:
            words[index] = abbreviation
    return " ".join(words)


def _wrap(line: str) -> list[str]:
    """Greedy wrap at spaces; a word longer than a line is refused, never cut."""
    lines: list[str] = []
    current = ""
    for word in line.split(" "):
        if len(word) > MAX_LINE_LENGTH:
            raise AddressError(
                f"Le mot « {word} » de l'adresse dépasse {MAX_LINE_LENGTH} caractères : "
                "une adresse postale ne peut pas l'imprimer sans le couper. "
                "Abrégez-le dans l'adresse enregistrée."
            )
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= MAX_LINE_LENGTH:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines


def postal_line(line: str) -> str:
    """The last line, ``33000 BORDEAUX``: postal code, town in capitals without accents."""
    match = _POSTAL_LINE.match(_collapse(line))
    if match is None:
        raise AddressError(
            f"La dernière ligne de l'adresse (« {_collapse(line)} ») doit être le code postal "
            "à 5 chiffres suivi de la ville, par exemple « 33000 BORDEAUX »."
        )
    town = strip_accents(match.group(3)).upper()
    result = f"{match.group(1)}{match.group(2)} {town}"
    if len(result) > MAX_LINE_LENGTH:
        result = " ".join(abbreviation_of(w) or w for w in result.split(" "))
    if len(result) > MAX_LINE_LENGTH:
        raise AddressError(
            f"La ligne « {result} » dépasse {MAX_LINE_LENGTH} caractères : la norme postale "
            "veut le code postal et la ville sur une seule ligne. Utilisez le libellé abrégé "
            "de la commune donné par La Poste."
        )
    return result


def format_address(names: Sequence[str], address: Sequence[str]) -> list[str]:
    """The lines to print on an envelope.

    ``names`` are the addressee lines (person, title, company): wrapped when too long, never
    abbreviated. ``address`` is the postal address, its last line the postal code and town:
    its other lines are abbreviated then wrapped when too long.
    """
    address_lines = [_collapse(line) for line in address if line.strip()]
    if not address_lines:
        raise AddressError("L'adresse postale est vide.")
    result: list[str] = []
    for line in (_collapse(n) for n in names if n.strip()):
        result.extend(_wrap(line))
    for line in address_lines[:-1]:
        result.extend(_wrap(_abbreviate(line)))
    result.append(postal_line(address_lines[-1]))
    if len(result) > MAX_LINES:
        raise AddressError(
            f"Cette adresse demande {len(result)} lignes une fois mise aux normes "
            f"(au plus {MAX_LINES} lignes de {MAX_LINE_LENGTH} caractères) : "
            "raccourcissez-la (par exemple en regroupant bâtiment et escalier)."
        )
    return result


def town_of(address: Sequence[str]) -> str:
    """The town of an address, written for a date line: ``33000 BORDEAUX`` -> ``Bordeaux``.

    ``PARIS CEDEX 08`` -> ``Paris``; ``BOULOGNE-SUR-MER`` -> ``Boulogne-sur-Mer``. Accents
    present in the address are kept (they cannot be restored when absent).
    """
    lines = [_collapse(line) for line in address if line.strip()]
    if not lines:
        raise AddressError("L'adresse postale est vide.")
    match = _POSTAL_LINE.match(lines[-1])
    town = match.group(3) if match else lines[-1]
    town = re.sub(r"\s+CEDEX\b.*$", "", town, flags=re.IGNORECASE)
    town = re.sub(r"\s+\d+(E|ER|EME)?$", "", town, flags=re.IGNORECASE)
    return _town_case(town)


_LOWER_TOWN_WORDS = {"de", "du", "des", "en", "sur", "sous", "lès", "les", "le", "la", "aux", "au"}
_LOWER_TOWN_WORDS |= {"et", "l", "d"}


def _town_case(town: str) -> str:
    """French capitalisation of a town: ``SAINT-RÉMY-DE-PROVENCE`` -> ``Saint-Rémy-de-Provence``."""
    parts = re.split(r"([ \-'’])", town.lower())
    out: list[str] = []
    for index, part in enumerate(parts):
        if index > 0 and part in _LOWER_TOWN_WORDS:
            out.append(part)
        else:
            out.append(part[:1].upper() + part[1:])
    return "".join(out)
