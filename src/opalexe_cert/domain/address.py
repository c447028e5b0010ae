"""Postal addresses as the NF Z10-011 norm wants them: one ``Address`` value, input to output.

An address is parsed once, where its text enters: ``Address.parse`` at input (the wizard and
the answers file through ``fields.validate``, the SIRENE mapping in ``postal.py``), and
``Address.stored`` where a recorded address is read back (the state's answers and look-up,
a compagnie's roster). From there the ``Address`` value travels: the holder, the compagnie and
the documents' data carry it, and the documents and screens never parse again. Its stored form
(lines joined by a line break) is written by ``Address.text`` only.

The rules are the ones it will be printed with: at most 6 lines of at most 38 characters
*including the name lines printed above it* (the value keeps that allowance, ``name_lines``),
the norm's abbreviations (in capitals) applied only where a line is too long, the last three
lines in capitals without punctuation, the last line ``CODE POSTAL VILLE``. A line still too
long after abbreviation is refused (never wrapped, never cut), with a French message naming it.
Every step is linear in the address's length.

A recorded address the rules now refuse (written by an older version, or by hand) is never
an error when it is read: ``Address.stored`` keeps its lines as recorded, nothing is lost, and
the value carries the French reason (``problem``). Screens show it as recorded; ``envelope``
raises that reason, which ``print-dossier`` turns, before any file is written, into a message
saying whose address it is and which ``start --step`` corrects it.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from opalexe_cert.domain.errors import InputError
from opalexe_cert.domain.names import surname as normal_surname

MAX_LINES = 6
MAX_LINE_LENGTH = 38

# How many lines of name are printed above each address (the longest case): the holder's
# name alone; the President's name, then the title and the compagnie's short name; none for
# CertEurope, whose recipient lines are part of the address typed from its dossier.
HOLDER_NAME_LINES = 1
PRESIDENT_NAME_LINES = 2
CERTEUROPE_NAME_LINES = 0

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

# The norm's line 4 (number and street): a number first (« 12 », « 12 bis », « 12-14 »), or a
# street type first (« rue de la Paix », « place Gambetta »).
STREET_TYPES = frozenset(
    {"ALLEE", "ALLEES", "AVENUE", "AV", "BOULEVARD", "BD", "CHEMIN", "CHAUSSEE", "CITE"}
    | {"CORNICHE", "COURS", "CRS", "DOMAINE", "ESPLANADE", "FAUBOURG", "IMPASSE", "PARVIS"}
    | {"PASSAGE", "PLACE", "PL", "PROMENADE", "QUAI", "ROND-POINT", "ROUTE", "RTE", "RUE"}
    | {"RUELLE", "SENTIER", "SQUARE", "TRAVERSE", "VOIE"}
)
_STREET_NUMBER = re.compile(r"^[0-9]+(?:[-/ ]?[0-9]+)?(?:\s*(?:BIS|TER|QUATER|[A-Z])\b)?[ ,]")


def _is_street(line: str) -> bool:
    plain = strip_accents(line).upper()
    if "ETAGE" in _PUNCTUATION.sub(" ", plain).split():  # « 3e étage »: a floor, not a street
        return False
    return bool(_STREET_NUMBER.match(plain + " ")) or plain.split(" ")[0] in STREET_TYPES


def geographic_start(lines: Sequence[str]) -> int:
    """Where the norm's lines 4 to 6 start among an address's lines (the last one is the
    postcode and town): the street line, or the locality or post box after it; the lines
    before (the norm's 2 and 3: « Bâtiment C, escalier 4 », « Maison de l’Avocat ») keep
    their accents and punctuation. Without a recognisable street, the line before the
    postcode is taken for the street (or the locality)."""
    last = len(lines) - 1
    if last < 1:
        return last
    before = lines[last - 1]
    if not _is_street(before) and last >= 2 and _is_street(lines[last - 2]):
        return last - 2  # a street, then a locality or a post box
    return last - 1


# ``33000 Bordeaux`` or ``33 000 Bordeaux``: ASCII digits only (one rule, input and print).
_POSTAL_LINE = re.compile(r"^([0-9]{2}) ?([0-9]{3}) +(\S.*)$")
# Punctuation La Poste wants out of the last lines (hyphens stay: ``SAINT-ETIENNE``).
_PUNCTUATION = re.compile(r"[.,;:!?'’‘\"«»“”()\[\]/\\]")


class AddressError(InputError):
    """An address that cannot be written on an envelope as the norm requires."""


def _collapse(line: str) -> str:
    """One line with single spaces and no leading or trailing blanks."""
    return " ".join(line.split())


def strip_accents(text: str) -> str:
    """``SAINT-ÉTIENNE`` -> ``SAINT-ETIENNE``; ``Œ`` -> ``OE`` (the norm's last lines)."""
    text = text.replace("Œ", "OE").replace("œ", "oe").replace("Æ", "AE").replace("æ", "ae")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def capitals(line: str) -> str:
    """A line of the geographic part: capitals, no accents, no punctuation."""
    return _collapse(_PUNCTUATION.sub(" ", strip_accents(line).upper()))


def abbreviation_of(word: str) -> str | None:
    """The norm's abbreviation of ``word`` (always in capitals), or ``None``."""
    abbreviation = ABBREVIATIONS.get(strip_accents(word).upper())
    if abbreviation is None or len(abbreviation) >= len(word):
        return None
    return abbreviation


def abbreviate(line: str) -> str:
    """Abbreviate words left to right, only until the line fits (linear in its length)."""
    words = line.split(" ")
    length = len(line)
    for index, word in enumerate(words):
        if length <= MAX_LINE_LENGTH:
            break
        short = abbreviation_of(word)
        if short is not None:
            words[index] = short
            length -= len(word) - len(short)
    return " ".join(words)


def _shown(line: str, max_shown: int = 60) -> str:
    """A line quoted in a message, shortened when huge (a message stays readable)."""
    return line if len(line) <= max_shown else line[: max_shown - 1] + "…"


def _too_long(line: str, fitted: str) -> AddressError:
    return AddressError(
        f"la ligne « {_shown(line)} » de l’adresse compte {len(fitted)} caractères, même "
        f"abrégée selon la norme postale, qui en permet {MAX_LINE_LENGTH} : raccourcissez-la"
    )


def line_problem(line: str) -> str | None:
    """Why one line, as it is typed, cannot be printed in any place of an address (too long
    whether printed as typed or in capitals, even abbreviated); ``None`` when it may fit.

    Linear in the line's length: a pasted page is refused at once, before the next line.
    """
    collapsed = _collapse(line)
    if len(collapsed) <= MAX_LINE_LENGTH:
        return None
    fitted = min(abbreviate(collapsed), abbreviate(capitals(collapsed)), key=len)
    return None if len(fitted) <= MAX_LINE_LENGTH else str(_too_long(collapsed, fitted))


def _postal_parts(line: str) -> tuple[str, str] | None:
    match = _POSTAL_LINE.match(line)
    if match is None:
        return None
    return match.group(1) + match.group(2), match.group(3)


STORED_SEPARATOR = "\n"
"""An address in the answers and the state file: one string, its lines separated by this."""


def stored_lines(stored: str | None) -> tuple[str, ...]:
    """The lines of an address in its stored form (``None``: no address), for
    ``Address.stored``, the one reader of that form. Blank lines are not lines; spaces around a
    line are not part of it."""
    parts = (stored or "").split(STORED_SEPARATOR)
    return tuple(line.strip() for line in parts if line.strip())


def _lines_of(lines: Sequence[str]) -> tuple[str, ...]:
    """Lines as given, each on single spaces, blank ones left out."""
    return tuple(line for line in (_collapse(x) for x in lines) if line)


def stored_text(lines: Sequence[str]) -> str:
    """An address's lines in their stored form: the one writer of that form."""
    return STORED_SEPARATOR.join(lines)


@dataclass(frozen=True)
class Address:
    """A French postal address: its lines as recorded, the last one ``33000 BORDEAUX``.

    Build it with ``parse`` (typed text, refused when the envelopes cannot print it) or
    ``stored`` (a recorded address, never refused). ``lines`` keep the accents and case typed
    (for running text, the attestation, the date line); ``envelope`` gives the lines the norm
    wants on an envelope. ``name_lines`` is how many lines of name it was checked to fit
    under; ``problem`` is ``None`` for an address the rules accept, else why they refuse it.
    """

    lines: tuple[str, ...]
    name_lines: int = 0
    problem: str | None = None

    @classmethod
    def parse(cls, value: str | Sequence[str], *, name_lines: int = 0) -> Address:
        """Check ``value`` (``\\n``-separated text or lines) for an envelope that also carries
        ``name_lines`` lines of name above it; raise ``AddressError`` naming what is wrong."""
        raw = value.replace("\r", "").split("\n") if isinstance(value, str) else list(value)
        lines = [line for line in (_collapse(x) for x in raw) if line]
        allowed = MAX_LINES - name_lines
        if len(lines) < 2:
            raise AddressError(
                "l’adresse doit tenir sur plusieurs lignes : la rue, puis le code postal et la "
                "ville"
            )
        if len(lines) > allowed:
            above = (
                f" (la ligne du nom s’y ajoute, soit {name_lines} ligne"
                f"{'s' if name_lines > 1 else ''} de plus)"
                if name_lines
                else ""
            )
            raise AddressError(
                f"cette adresse compte {len(lines)} lignes ; une enveloppe en porte au plus "
                f"{MAX_LINES}{above} : elle doit tenir en {allowed} lignes au plus (regroupez "
                "par exemple le bâtiment et l’escalier sur une ligne)"
            )
        parts = _postal_parts(lines[-1])
        if parts is None:
            raise AddressError(
                "la dernière ligne de l’adresse doit être le code postal (5 chiffres) suivi de "
                f"la ville, par exemple « 33000 BORDEAUX » (reçu : « {_shown(lines[-1])} »)"
            )
        code, town = parts
        lines[-1] = f"{code} {town.upper()}"
        address = cls(tuple(lines), name_lines)
        address.envelope()  # refuses a line the norm cannot hold
        return address

    @classmethod
    def stored(cls, value: str | Sequence[str] | None, *, name_lines: int = 0) -> Address | None:
        """A recorded address (its stored form, or its lines), ``None`` when there is none:
        the one reader of the stored form. Never refused: an address the rules refuse keeps
        its lines as recorded and carries the reason (``problem``).

        Read once: the state is read back each time the holder or the facts are derived from
        it, and the value is immutable, so the same stored address is parsed only once."""
        lines = stored_lines(value) if isinstance(value, str | None) else _lines_of(value)
        return _read_once(lines, name_lines) if lines else None

    @property
    def text(self) -> str:
        """The stored form (``stored_text``): what the answers and the state file hold."""
        return stored_text(self.lines)

    def one_line(self) -> str:
        """``12 rue X, 33000 BORDEAUX``, for running text."""
        return ", ".join(self.lines)

    def envelope(self) -> tuple[str, ...]:
        """The lines to print on an envelope (NF Z10-011); ``AddressError`` if the rules
        refuse the address (``problem``) or one of its lines is too long."""
        if self.problem is not None:
            raise AddressError(self.problem)
        first_capital = geographic_start(self.lines)
        printed: list[str] = []
        for index, line in enumerate(self.lines):
            shown = capitals(line) if index >= first_capital else line
            fitted = abbreviate(shown) if len(shown) > MAX_LINE_LENGTH else shown
            if len(fitted) > MAX_LINE_LENGTH:
                raise _too_long(line, fitted)
            printed.append(fitted)
        return tuple(printed)

    @property
    def town(self) -> str:
        """The town, written for a date line: ``33000 BORDEAUX`` -> ``Bordeaux``.

        ``PARIS CEDEX 08`` -> ``Paris``; ``BOULOGNE-SUR-MER`` -> ``Boulogne-sur-Mer``. Accents
        present in the address are kept (they cannot be restored when absent).
        """
        parts = _postal_parts(self.lines[-1])
        town = parts[1] if parts else self.lines[-1]
        town = re.sub(r"\s+CEDEX\b.*$", "", town, flags=re.IGNORECASE)
        town = re.sub(r"\s+\d+(E|ER|EME)?$", "", town, flags=re.IGNORECASE)
        return _town_case(town)


@functools.lru_cache(maxsize=64)
def _read_once(lines: tuple[str, ...], name_lines: int) -> Address:
    """``Address.stored`` for lines already split (its cache: an ``Address`` is immutable)."""
    try:
        return Address.parse(lines, name_lines=name_lines)
    except AddressError as error:
        return Address(lines, name_lines, problem=str(error))


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


# --- the name lines ----------------------------------------------------------------------------

ENVELOPE_CIVILITY = {"M.": "M.", "Mme": "Mme"}


def split_full_name(text: str) -> tuple[str, str]:
    """``Marc GAUTHIER`` -> (``Marc``, ``GAUTHIER``); ``Anne de la TOUR`` -> (``Anne``,
    ``de la TOUR``). The surname is the words in capitals (with the particle before them),
    else the last word."""
    words = text.split()
    if not words:
        return "", ""
    upper = [i for i, w in enumerate(words) if w.isupper() and len(w.strip(".-’'")) > 1]
    start = upper[0] if upper else len(words) - 1
    while start > 1 and words[start - 1].lower() in ("de", "du", "des", "la", "d’", "d'", "l’"):
        start -= 1
    if start == 0:
        start = min(1, len(words) - 1)
    return " ".join(words[:start]), " ".join(words[start:])


def _initials(given: str) -> str:
    """``Jean-François Marie`` -> ``J.-F. M.``."""
    return " ".join(
        "-".join(p[:1].upper() + "." for p in word.split("-") if p) for word in given.split()
    )


def name_line(civility: str, given_names: str, surname: str) -> str:
    """The recipient's name on one line of at most 38 characters (NF Z10-011).

    The first given name and the surname, else the initials, else the surname alone; the
    particle in lower case and the surname in capitals. ``AddressError`` when even the
    surname alone does not fit (refused at input, see ``check_surname``).
    """
    civ = ENVELOPE_CIVILITY.get(civility, civility)
    family = normal_surname(surname)
    first = given_names.split()[0] if given_names.split() else ""
    candidates = [
        f"{civ} {first} {family}",
        f"{civ} {_initials(given_names)} {family}",
        f"{civ} {_initials(first)} {family}",
        f"{civ} {family}",
    ]
    for candidate in candidates:
        candidate = _collapse(candidate)
        if len(candidate) <= MAX_LINE_LENGTH:
            return candidate
    raise AddressError(
        f"le nom « {_shown(family)} » est trop long pour la ligne du nom d’une enveloppe "
        f"({MAX_LINE_LENGTH} caractères au plus, civilité comprise)"
    )


MAX_SURNAME_LENGTH = MAX_LINE_LENGTH - len("Mme ")


def check_surname(text: str) -> None:
    """Refuse a surname that no envelope can print on one line with its civility."""
    name = _collapse(text)
    if len(name) > MAX_SURNAME_LENGTH:
        raise AddressError(
            f"le nom « {_shown(name)} » compte {len(name)} caractères : une enveloppe "
            f"l’imprime sur une ligne de {MAX_LINE_LENGTH} caractères avec la civilité, soit "
            f"{MAX_SURNAME_LENGTH} caractères au plus pour le nom"
        )


def check_full_name(text: str) -> None:
    """Refuse a President's name (« Prénom NOM ») whose surname no envelope line can hold."""
    given, family = split_full_name(_collapse(text))
    if not given:
        raise AddressError(
            f"indiquez le prénom puis le nom, par exemple « Claire MARTIN » (reçu : "
            f"« {_shown(_collapse(text))} »)"
        )
    check_surname(family)
