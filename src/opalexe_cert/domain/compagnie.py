"""The expert's compagnie: one of the registry (ACSO, the guide's, by default), or one the
expert enters (``OTHER_COMPAGNIE``). Adding a compagnie the expert picks by name is one entry of
``COMPAGNIES``.

Also the French grammar that goes with its President (« le Président » / « la Présidente »),
used by the wizard's texts and by the letters alike.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict

from opalexe_cert.domain import guide
from opalexe_cert.domain.address import MAX_LINE_LENGTH, PRESIDENT_NAME_LINES, Address, name_line
from opalexe_cert.domain.address_models import PresidentAddressValue
from opalexe_cert.domain.identity import Civility


def de(name: str) -> str:
    """« de Bordeaux », « d'Agen », « de la Compagnie … » (French elision before a vowel)."""
    if name[:1].lower() in "aeiouyhéèêàâîôœ":
        return f"d'{name}"
    if name.lower().startswith(("compagnie", "cie ", "cej ")):
        return f"de la {name}"
    return f"de {name}"


class Compagnie(BaseModel):
    """A compagnie of court experts and its President, who authenticates the holder."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    key: str
    """The profile's compagnie answer: a key of ``COMPAGNIES``, or ``OTHER_COMPAGNIE``."""
    name: str
    court_of_appeal: str
    president_civility: Civility
    president_name: str
    address: PresidentAddressValue  # the postal address only: street ..., postal code and town
    short_name: str | None = None  # ``profile.compagnie_short_name``: one envelope line
    usual_short_name: str | None = None  # a registered compagnie's own, when it has one

    @property
    def envelope_name(self) -> str:
        """The compagnie's name as it fits one envelope line."""
        return self.short_name or derive_short_name(self.key, self.name)

    @property
    def president_given_and_surname(self) -> tuple[str, str]:
        """The President's given name(s) and surname, as recorded in one answer."""
        from opalexe_cert.domain.address import split_full_name

        return split_full_name(self.president_name)

    @property
    def president_signature_name(self) -> str:
        """``Marc GAUTHIER`` (no civility: one does not give oneself one)."""
        return " ".join(self.president_name.split())

    @property
    def feminine(self) -> bool:
        """Whether the presidency is held by a woman (« la Présidente »)."""
        return self.president_civility == "Mme"

    @property
    def president_title(self) -> str:
        """« Président » or « Présidente »."""
        return "Présidente" if self.feminine else "Président"

    @property
    def the_president(self) -> str:
        """« le Président » / « la Présidente », in running text."""
        return f"{'la' if self.feminine else 'le'} {self.president_title}"

    @property
    def of_president(self) -> str:
        """« du Président » / « de la Présidente »."""
        return "de la Présidente" if self.feminine else "du Président"

    @property
    def to_president(self) -> str:
        """« au Président » / « à la Présidente »."""
        return "à la Présidente" if self.feminine else "au Président"

    @property
    def vedette(self) -> str:
        """« Monsieur le Président » / « Madame la Présidente » (without the comma)."""
        return "Madame la Présidente" if self.feminine else "Monsieur le Président"

    @property
    def president_addressee(self) -> str:
        """``Monsieur Marc GAUTHIER``: the first line of the envelope."""
        return f"{'Madame' if self.feminine else 'Monsieur'} {self.president_name}"

    @property
    def of_compagnie(self) -> str:
        """« de la Compagnie des Experts de Justice ACSO » (« de » + the name, elided)."""
        return de(self.name)

    @property
    def court_phrase(self) -> str:
        """« cour d'appel de Bordeaux », whether the town or the full phrase was recorded."""
        value = " ".join(self.court_of_appeal.split())
        if value.lower().startswith("cour d"):
            return "c" + value[1:]
        return f"cour d'appel {de(value)}"

    @property
    def president_address_lines(self) -> tuple[str, ...]:
        """Where the expert posts the documents: the President by name and title, then the
        postal address (as the guide writes it; the letters fit it to NF Z10-011)."""
        title = f"{self.president_title} {self.of_compagnie}"
        return (self.president_addressee, title, *self.address.lines)

    @property
    def president_envelope_lines(self) -> tuple[str, ...]:
        """The President's address as the envelope and the letter print it (NF Z10-011): the
        name on one line, then the title with the compagnie's short name (the short name alone
        when both do not fit one line: the compagnie is always named, never split over two
        lines), then the address. ``AddressError`` when the address cannot be printed."""
        given, family = self.president_given_and_surname
        title = f"{self.president_title} {de(self.envelope_name)}"
        second = title if len(title) <= MAX_LINE_LENGTH else self.envelope_name
        name = name_line(self.president_civility, given, family)
        return (name, second, *self.address.envelope())


SHORT_NAME_MAX = 38
ACSO_SHORT_NAME = "Compagnie ACSO"
OTHER_COMPAGNIE = "other"
"""The compagnie answer for one the expert describes (name, President, address)."""
# Shortenings of the words compagnies' names are made of, tried in order until the name fits.
_SHORTENINGS = (
    ("près la cour d'appel de ", "CA "),
    ("près la cour d'appel d'", "CA "),
    ("près la cour d’appel de ", "CA "),
    ("près la cour d’appel d’", "CA "),
    ("compagnie des experts de justice", "CEJ"),
    ("compagnie des experts judiciaires", "CEJ"),
    ("compagnie", "Cie"),
    ("experts", "exp."),
)


# Where a name can be cut and still read well: before « et … », a comma, « près … », a dash.
_BOUNDARY = re.compile(r",| et | près | - | – | \(", re.IGNORECASE)
# Words a name never ends on (« CEJ CA Versailles et des tribunaux de » reads broken).
_ENDING_NOT = "de des du d' d’ et la le les l' l’ à au aux pour sur en par près"
_FUNCTION_WORDS = frozenset(_ENDING_NOT.split())


class ShortName(NamedTuple):
    """A short name derived from the compagnie's; ``natural``: it reads well (the name fits,
    or was cut at a natural boundary), else it was cut where it fit and the expert should
    give one (``profile.compagnie_short_name``)."""

    text: str
    natural: bool


def derive_short_name(key: str, name: str) -> str:
    """The default short name (see ``propose_short_name``)."""
    return propose_short_name(key, name).text


def propose_short_name(key: str, name: str) -> ShortName:
    """A registered compagnie's usual short name (``Compagnie ACSO``); else the name itself
    when it fits one envelope line, else with the usual shortenings, cut at a natural boundary
    if need be; else its first words that fit, never ending on a function word.

    A short name must name something: the place of its court (« CEJ CA Versailles », « Union
    des Cies CA Aix-en-Provence »). When the name has one that the shortening lost, the place
    is put back at the end; when it cannot be kept, the proposal is not ``natural``: the
    expert is warned and asked for one.
    """
    known = COMPAGNIES.get(key)
    if known is not None and known.usual_short_name:
        return ShortName(known.usual_short_name, True)
    proposal = _shortened(" ".join(name.split()))
    place = place_of(name)
    if place is None or _names(proposal.text, place):
        return proposal
    return _with_place(proposal.text, place)


def _shortened(short: str) -> ShortName:
    for long, abbreviation in _SHORTENINGS:
        if len(short) <= SHORT_NAME_MAX:
            break
        index = short.lower().find(long)
        if index >= 0:
            short = short[:index] + abbreviation + short[index + len(long) :]
            short = " ".join(short.split())
    if len(short) <= SHORT_NAME_MAX:
        return ShortName(short, True)
    for boundary in reversed(list(_BOUNDARY.finditer(short))):
        head = _trimmed(short[: boundary.start()].split())
        if head and len(head) <= SHORT_NAME_MAX:
            return ShortName(head, True)
    words: list[str] = []
    for word in short.split():
        if len(" ".join([*words, word])) > SHORT_NAME_MAX:
            break
        words.append(word)
    return ShortName(_trimmed(words) or short[:SHORT_NAME_MAX].strip(), False)


class Place(NamedTuple):
    """The proper noun a compagnie's name holds: its court's town (after « cour d'appel »),
    or the town or court its name ends on; ``suffix``: how a short name ends with it."""

    text: str
    suffix: str


_COURT_TOWN = re.compile(
    r"cour d['’]appel (?:de |d['’]|du )(?P<town>[^,;()]+?)(?= et |,|;|\(| -|$)", re.IGNORECASE
)
_LAST_TOWN = re.compile(r"(?:\bde |\bd['’]|\bdu )(?P<town>[A-ZÀ-Ý][^\s,;()]*)$")
_NOT_PLACES = frozenset({"justice", "appel", "expertise", "experts", "l'expertise", "l’expertise"})
_CASSATION = re.compile(r"\bcour de cassation\b", re.IGNORECASE)


def place_of(name: str) -> Place | None:
    """The place a compagnie's name names (``None`` for a national compagnie)."""
    name = " ".join(name.split())
    match = _COURT_TOWN.search(name)
    if match:
        town = match.group("town").strip()
        return Place(town, f"CA {town}")
    if _CASSATION.search(name):
        return Place("Cour de cassation", "de la Cour de cassation")
    match = _LAST_TOWN.search(name)
    if match is None or match.group("town").lower() in _NOT_PLACES:
        return None
    return Place(match.group("town"), de(match.group("town")).replace("d'", "d’"))


def _names(short: str, place: Place) -> bool:
    return place.text.lower().replace("’", "'") in short.lower().replace("’", "'")


def _with_place(short: str, place: Place) -> ShortName:
    """``short``'s first words, then the place (« Union des Cies CA Aix-en-Provence »)."""
    room = SHORT_NAME_MAX - len(place.suffix) - 1
    words: list[str] = []
    for word in short.split():
        if word in ("CA", "près", "par") or len(" ".join([*words, word])) > room:
            break
        words.append(word)
    head = _trimmed(words)
    if not head:
        return ShortName(short, False)
    return ShortName(f"{head} {place.suffix}", True)


def _trimmed(words: list[str]) -> str:
    """``words`` without the function words (and punctuation) they end on."""
    words = list(words)
    while words:
        last = words[-1].rstrip(",;:-–")
        if last and last.lower() not in _FUNCTION_WORDS and not last.endswith(("'", "’")):
            words[-1] = last
            break
        words.pop()
    return " ".join(words)


# From the guide published by ACSO (Bordeaux): where the President authenticates the documents.
# Trusted constant data: built without validation, so that importing the module builds no
# validator (start-up time of ``status``); a compagnie entered by the user is validated.
ACSO = Compagnie.model_construct(
    key="acso",
    name=guide.ACSO_NAME,
    court_of_appeal=guide.ACSO_COURT_OF_APPEAL,
    president_civility=guide.ACSO_PRESIDENT_CIVILITY,
    president_name=guide.ACSO_PRESIDENT_NAME,
    address=Address(guide.ACSO_ADDRESS, PRESIDENT_NAME_LINES),  # as ``Address.parse`` gives it
    usual_short_name=ACSO_SHORT_NAME,
)

COMPAGNIES: dict[str, Compagnie] = {c.key: c for c in (ACSO,)}
"""The compagnies the expert picks by name, by their key (the compagnie answer); the first is the
default (the guide's)."""
DEFAULT_COMPAGNIE = ACSO
