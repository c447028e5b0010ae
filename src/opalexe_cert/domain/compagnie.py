"""The expert's compagnie: ACSO by default (the guide's), or one the expert enters.

Also the French grammar that goes with its President (« le Président » / « la Présidente »),
used by the wizard's texts and by the letters alike.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from opalexe_cert.domain import guide
from opalexe_cert.domain.identity import Civility


def de(name: str) -> str:
    """« de Bordeaux », « d'Agen », « de la Compagnie … » (French elision before a vowel)."""
    if name[:1].lower() in "aeiouyhéèêàâîôœ":
        return f"d'{name}"
    if name.lower().startswith("compagnie"):
        return f"de la {name}"
    return f"de {name}"


class Compagnie(BaseModel):
    """A compagnie of court experts and its President, who authenticates the holder."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    key: Literal["acso", "other"]
    name: str
    court_of_appeal: str
    president_civility: Civility
    president_name: str
    address_lines: tuple[str, ...]  # the postal address only: street ..., postal code and town

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
        return (self.president_addressee, title, *self.address_lines)


# From the guide published by ACSO (Bordeaux): where the President authenticates the documents.
# Trusted constant data: built without validation, so that importing the module builds no
# validator (start-up time of ``status``); a compagnie entered by the user is validated.
ACSO = Compagnie.model_construct(
    key="acso",
    name=guide.ACSO_NAME,
    court_of_appeal=guide.ACSO_COURT_OF_APPEAL,
    president_civility=guide.ACSO_PRESIDENT_CIVILITY,
    president_name=guide.ACSO_PRESIDENT_NAME,
    address_lines=guide.ACSO_ADDRESS,
)
