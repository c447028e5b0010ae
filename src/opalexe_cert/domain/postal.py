"""The head office's address, from SIRENE's separate fields to NF Z10-011 lines.

Pure. The services give the address in parts (number, repetition index, street type code,
street name, postal code, town…); this module assembles them into the lines of a French
postal address, then checks it with ``address.Address.parse`` (the holder's address, under one
line of name), so that the look-up, the wizard and the printed letters follow one set of rules.
"""

from __future__ import annotations

from dataclasses import dataclass

from opalexe_cert.domain.address import (
    HOLDER_NAME_LINES,
    Address,
    AddressError,
    strip_accents,
)

# INSEE's street type codes (typeVoieEtablissement) and the words they stand for; the norm
# abbreviates them again only where a line would be too long.
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


@dataclass(frozen=True)
class PostalAddress:
    """The parts of an address, each ``None`` when unknown (never a masked placeholder)."""

    complement: str | None = None
    number: str | None = None
    last_number: str | None = None  # a range of numbers, ``59-61``: its last one
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
        """``12 BIS RUE DES LILAS``, ``59-61 RUE LA FAYETTE``: number (or range), repetition,
        street type written out, name."""
        repetition = REPETITIONS.get((self.repetition or "").upper(), self.repetition)
        street_type = STREET_TYPES.get((self.street_type or "").upper(), self.street_type)
        number = (
            f"{self.number}-{self.last_number}" if self.number and self.last_number else self.number
        )
        parts = (number, repetition, street_type, self.street_name)
        line = " ".join(" ".join(p for p in parts if p).split()).upper()
        return line or None

    def last_line(self) -> str | None:
        """``33000 BORDEAUX`` (or the CEDEX line), ``None`` when the town is not known."""
        if self.cedex_code and self.cedex_label:
            return f"{self.cedex_code} {self.cedex_label}"
        if self.postal_code and self.town:
            return f"{self.postal_code} {self.town}"
        return None

    def address(self) -> Address | None:
        """The address as the norm wants it, or ``None`` when it cannot be written.

        ``None`` for an address abroad (the expert types it), without a town, or one that
        does not fit the norm's 6 lines of 38 characters.
        """
        last = self.last_line()
        if last is None or self.foreign_country or self.foreign_town:
            return None
        body = [self.complement, self.street_line(), self.special_distribution]
        try:
            lines = [strip_accents(x).upper() for x in body if x]
            return Address.parse([*lines, last], name_lines=HOLDER_NAME_LINES)
        except AddressError:
            return None
