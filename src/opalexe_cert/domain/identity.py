"""Who holds the certificate: the legal unit found in SIRENE, and the identity recorded.

Pure data: the SIRENE adapters (``sirene.py``) map the services' answers into ``LegalUnit``;
the procedure turns a confirmed unit, or answers typed by hand, into the holder's ``Identity``.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, StrictBool

from opalexe_cert.domain.address_models import LookupAddress, StoredAddress
from opalexe_cert.domain.fields import check_text

Civility = Literal["M.", "Mme"]
NATURAL_PERSON_CATEGORY = "1000"


def _siren_shape(value: str) -> str:
    if len(value) != 9 or not value.isascii() or not value.isdigit():
        raise ValueError("un SIREN compte exactement 9 chiffres")
    return value


def _line(value: str) -> str:
    return check_text(value)


Siren = Annotated[str, AfterValidator(_siren_shape)]
Text = Annotated[str, AfterValidator(_line)]
"""One line of text with no control or bidi-override character (checked when read back)."""


@cache
def legal_categories() -> dict[str, str]:
    """INSEE's legal categories (code -> French label), shipped with the package."""
    raw = (
        resources.files("opalexe_cert")
        .joinpath("data/natures-juridiques.json")
        .read_text(encoding="utf-8")
    )
    data: dict[str, str] = json.loads(raw)
    return {code: label.strip() for code, label in data.items()}


def legal_category_label(code: str | None) -> str | None:
    """The French label of a legal category code, or ``None`` when unknown."""
    if code is None:
        return None
    return legal_categories().get(code)


class LegalUnit(BaseModel):
    """A legal unit as the public SIRENE data describes it.

    Fields the services mask (``[ND]``, ``[NON-DIFFUSIBLE]``) are ``None`` here: a masked
    value is unknown, never a name.
    """

    model_config = ConfigDict(frozen=True, defer_build=True, extra="forbid")

    siren: Siren
    legal_category: Text | None = None
    legal_category_label: Text | None = None
    active: StrictBool | None = None
    diffusible: StrictBool = True
    civility: Civility | None = None
    birth_name: Text | None = None
    usage_name: Text | None = None
    given_names: Text | None = None
    usual_first_name: Text | None = None
    denomination: Text | None = None
    address: LookupAddress = None
    """The address SIRENE gives, checked when it was mapped (``postal.py``); saved in the
    state's ``lookup`` as its list of lines."""

    @property
    def is_natural_person(self) -> bool:
        """True for an *entrepreneur individuel* (legal category 1000)."""
        return self.legal_category == NATURAL_PERSON_CATEGORY

    @property
    def surname(self) -> str | None:
        """The name the holder goes by: the usage name when there is one, else the birth name."""
        return self.usage_name or self.birth_name


class Identity(BaseModel):
    """The certificate holder as recorded in the state (and printed on the dossier)."""

    model_config = ConfigDict(defer_build=True, extra="forbid")

    siren: Siren | None = None
    civility: Civility | None = None
    surname: Text | None = None
    given_names: Text | None = None
    address: StoredAddress = None
    """Saved in its stored form (``Address.text``), read back with ``Address.stored``."""
    verified: StrictBool = False

    @property
    def complete(self) -> bool:
        """Whether every field the dossier prints is known."""
        return all((self.siren, self.civility, self.surname, self.given_names, self.address))

    @property
    def display_name(self) -> str:
        """``Mme Éloïse DUPONT``: civility, given names, surname in capitals (particle aside)."""
        from opalexe_cert.domain.names import surname

        parts = [self.civility or "", self.given_names or "", surname(self.surname or "")]
        return " ".join(p for p in parts if p)


# The identity fields compared with SIRENE's, with their French names.
COMPARED: tuple[tuple[str, str], ...] = (
    ("civility", "civilité"),
    ("surname", "nom"),
    ("given_names", "prénoms"),
    ("address", "adresse"),
)
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})


def comparable(text: str | None) -> str:
    """``text`` without case, accents, punctuation or extra spaces: what a comparison sees."""
    import unicodedata

    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    words = "".join(c if c.isalnum() else " " for c in bare.casefold())
    return " ".join(words.split())


def sirene_values(unit: LegalUnit) -> dict[str, str | None]:
    """What SIRENE says of each compared field (``None``: not given or not public)."""
    return {
        "civility": unit.civility,
        "surname": unit.surname,
        "given_names": unit.given_names,
        "address": unit.address.text if unit.address else None,
    }


def recorded_values(identity: Identity) -> dict[str, str | None]:
    """What ``identity`` records of each compared field, as text (the address in its stored
    form), to set beside ``sirene_values``."""
    return {
        "civility": identity.civility,
        "surname": identity.surname,
        "given_names": identity.given_names,
        "address": identity.address.text if identity.address else None,
    }


def differences(identity: Identity, unit: LegalUnit) -> list[str]:
    """The French names of the fields where ``identity`` differs from what SIRENE gives.

    A field SIRENE does not give (hidden, or not in the service's data) is not compared.
    """
    theirs, mine = sirene_values(unit), recorded_values(identity)
    return [
        label
        for name, label in COMPARED
        if theirs[name] is not None and comparable(mine[name]) != comparable(theirs[name])
    ]
