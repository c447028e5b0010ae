"""The expert's compagnie: ACSO by default (the guide's), or one the expert enters."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from opalexe_cert.identity import Civility


class Compagnie(BaseModel):
    """A compagnie of court experts and its President, as the dossier addresses them."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    key: Literal["acso", "other"]
    name: str
    court_of_appeal: str
    president_civility: Civility
    president_name: str
    address: str

    @property
    def address_lines(self) -> list[str]:
        """The President's postal address as lines (last line: postal code and town)."""
        return [line for line in self.address.split("\n") if line.strip()]

    @property
    def president_title(self) -> str:
        """``Monsieur le Président`` or ``Madame la Présidente``."""
        return (
            "Madame la Présidente" if self.president_civility == "Mme" else "Monsieur le Président"
        )


# From the guide published by ACSO (Bordeaux): where the President authenticates the documents.
# Trusted constant data: built without validation, so that importing the module builds no
# validator (start-up time of ``status``); a compagnie entered by the user is validated.
ACSO = Compagnie.model_construct(
    key="acso",
    name="Compagnie des Experts de Justice ACSO",
    court_of_appeal="Bordeaux",
    president_civility="M.",
    president_name="Marc GAUTHIER",
    address=(
        "Monsieur Marc GAUTHIER\n"
        "Président de la Compagnie des Experts\n"
        "de Justice ACSO\n"
        "8 place des Quinconces\n"
        "33000 BORDEAUX"
    ),
)
