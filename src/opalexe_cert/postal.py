"""Postal addresses as the NF Z10-011 norm wants them on French envelopes.

Pure helpers: the SIRENE adapters feed them the head office's address fields, the documents
print the lines they return. The norm asks for at most 6 lines (the first one is the
recipient's name, so at most 5 here) of at most 38 characters, in capitals without accents,
the last line being ``CODE POSTAL LOCALITÉ``.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

MAX_LINE = 38
MAX_ADDRESS_LINES = 5

# INSEE's street type codes (typeVoieEtablissement) and the words they stand for. The codes
# are also the norm's standard abbreviations, used when the full word makes a line too long.
STREET_TYPES: dict[str, str] = {
    "ALL": "ALLEE",
    "AV": "AVENUE",
    "BD": "BOULEVARD",
    "CAR": "CARREFOUR",
    "CHE": "CHEMIN",
    "CHS": "CHAUSSEE",
    "CITE": "CITE",
    "COR": "CORNICHE",
    "CRS": "COURS",
    "DOM": "DOMAINE",
    "DSC": "DESCENTE",
    "ECA": "ECART",
    "ESP": "ESPLANADE",
    "FG": "FAUBOURG",
    "GR": "GRANDE RUE",
    "HAM": "HAMEAU",
    "HLE": "HALLE",
    "IMP": "IMPASSE",
    "LD": "LIEU-DIT",
    "LOT": "LOTISSEMENT",
    "MAR": "MARCHE",
    "MTE": "MONTEE",
    "PARC": "PARC",
    "PAS": "PASSAGE",
    "PASS": "PASSAGE",
    "PL": "PLACE",
    "PLN": "PLAINE",
    "PLT": "PLATEAU",
    "PRO": "PROMENADE",
    "PRV": "PARVIS",
    "QUA": "QUARTIER",
    "QUAI": "QUAI",
    "RES": "RESIDENCE",
    "RLE": "RUELLE",
    "ROC": "ROCADE",
    "RPT": "ROND-POINT",
    "RTE": "ROUTE",
    "RUE": "RUE",
    "SEN": "SENTIER",
    "SQ": "SQUARE",
    "TPL": "TERRE-PLEIN",
    "TRA": "TRAVERSE",
    "VLA": "VILLA",
    "VLGE": "VILLAGE",
}

# indiceRepetitionEtablissement: B, T, Q, C are bis, ter, quater, quinquies.
REPETITIONS: dict[str, str] = {"B": "BIS", "T": "TER", "Q": "QUATER", "C": "QUINQUIES"}


def normalise_line(text: str) -> str:
    """Capitals without accents and single spaces, as the norm recommends."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.upper().replace("Œ", "OE").replace("Æ", "AE").split())


@dataclass(frozen=True)
class PostalAddress:
    """The parts of an address, each ``None`` when unknown (never a masked placeholder)."""

    complement: str | None = None
    number: str | None = None
    repetition: str | None = None
    street_type: str | None = None
    street_name: str | None = None
    special_distribution: str | None = None
    postal_code: str | None = None
    town: str | None = None
    cedex_code: str | None = None
    cedex_label: str | None = None
    foreign_town: str | None = None
    foreign_country: str | None = None

    def street_line(self) -> str | None:
        """``12 BIS RUE DES LILAS``: the full street type, abbreviated only if too long."""
        if not self.street_name and not self.street_type:
            return None
        number = " ".join(
            part
            for part in (
                self.number,
                REPETITIONS.get((self.repetition or "").upper(), self.repetition),
            )
            if part
        )
        code = (self.street_type or "").upper()
        full = STREET_TYPES.get(code, self.street_type or "")
        line = normalise_line(" ".join(p for p in (number, full, self.street_name) if p))
        if len(line) > MAX_LINE and code in STREET_TYPES:
            line = normalise_line(" ".join(p for p in (number, code, self.street_name) if p))
        return line or None

    def last_line(self) -> str | None:
        """``33000 BORDEAUX`` (or the CEDEX line), ``None`` when the town is not known."""
        if self.cedex_code and self.cedex_label:
            return normalise_line(f"{self.cedex_code} {self.cedex_label}")
        if self.postal_code and self.town:
            return normalise_line(f"{self.postal_code} {self.town}")
        return None

    def lines(self) -> tuple[str, ...] | None:
        """The address lines, or ``None`` when it cannot be written in full."""
        if self.foreign_country:
            body = [self.complement, self.street_line(), self.foreign_town, self.foreign_country]
            result = tuple(normalise_line(x) for x in body if x)
            return result if len(result) >= 2 else None
        last = self.last_line()
        if last is None:
            return None
        body = [self.complement, self.street_line(), self.special_distribution]
        lines = [normalise_line(x) for x in body if x]
        return (*lines[: MAX_ADDRESS_LINES - 1], last)
