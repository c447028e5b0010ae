"""What the dossier's documents are made of: a pure input model, independent of the state file.

The CLI maps the recorded state into ``DossierData``; the document modules only ever read
this model, so they can be tested (and a new document written) without a state or a terminal.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict

from opalexe_cert.domain.address import AddressError, format_address, town_of
from opalexe_cert.domain.compagnie import ACSO, Compagnie
from opalexe_cert.domain.dates import format_date
from opalexe_cert.domain.errors import InputError
from opalexe_cert.domain.identity import Civility

Medium = Literal["card", "usb_key"]
Handover = Literal["president", "courier"]

french_date = format_date  # « 1er décembre 2026 »: the core's French date, one writer


def group_siren(siren: str) -> str:
    """``123456789`` -> ``123 456 789``, the way a SIREN is printed."""
    digits = "".join(siren.split())
    return " ".join(digits[i : i + 3] for i in range(0, len(digits), 3))


class Holder(BaseModel):
    """The certificate holder: the expert, as a natural person with his own SIREN."""

    model_config = ConfigDict(frozen=True)

    civility: Civility
    surname: str
    given_names: str
    siren: str
    address_lines: tuple[str, ...]
    email: str | None = None

    @property
    def display_name(self) -> str:
        """``Mme Éloïse D'AUBIGNÉ-LŒWENBRUCK``: civility, given names, surname in capitals."""
        return f"{self.civility} {self.given_names} {self.surname.upper()}"

    @property
    def signature_name(self) -> str:
        """``Éloïse D'AUBIGNÉ-LŒWENBRUCK``, under the signature."""
        return f"{self.given_names} {self.surname.upper()}"

    @property
    def feminine(self) -> bool:
        """Whether agreements (« reconnaissante », « inscrite ») take the feminine."""
        return self.civility == "Mme"

    def postal_lines(self) -> list[str]:
        """The holder's address for an envelope (NF Z10-011), name first."""
        return format_address([self.display_name], self.address_lines)

    def sender_lines(self) -> list[str]:
        """The sender block of a letter: the postal address, then e-mail and SIREN."""
        lines = self.postal_lines()
        if self.email:
            lines.append(self.email)
        lines.append(f"SIREN {group_siren(self.siren)}")
        return lines


def president_postal_lines(compagnie: Compagnie) -> list[str]:
    """The President's address for an envelope (NF Z10-011).

    A long compagnie name can make the address too long for the norm's 6 lines: the title is
    then shortened (the compagnie's name alone, then « Président de la Compagnie »), since the
    street and town must stay whole.
    """
    titles = [
        f"{compagnie.president_title} {compagnie.of_compagnie}",
        compagnie.name,
        f"{compagnie.president_title} de la Compagnie",
    ]
    for title in titles[:-1]:
        try:
            return format_address([compagnie.president_addressee, title], compagnie.address_lines)
        except AddressError:
            continue
    return format_address([compagnie.president_addressee, titles[-1]], compagnie.address_lines)


class DossierData(BaseModel):
    """Everything the dossier prints; ``None`` means not known yet."""

    model_config = ConfigDict(frozen=True)

    holder: Holder | None = None
    compagnie: Compagnie = ACSO
    medium: Medium | None = None
    handover: Handover | None = None
    certeurope_address: tuple[str, ...] | None = None
    id_expiry: dt.date | None = None
    letter_date: dt.date

    @property
    def sender_town(self) -> str | None:
        """The town of the place-and-date line (« Bordeaux, le … »): the holder's town."""
        if self.holder is None:
            return None
        return town_of(self.holder.address_lines)

    def place_and_date(self) -> str:
        """« Bordeaux, le 26 novembre 2026 »."""
        town = self.sender_town
        date = f"le {french_date(self.letter_date)}"
        return f"{town}, {date}" if town else date.capitalize()


class Document(StrEnum):
    """The files ``print-dossier`` writes; the value is the file name without ``.pdf``."""

    PRESIDENT_LETTER = "lettre-president"
    ATTESTATION = "attestation-appartenance"
    CERTEUROPE_LETTER = "lettre-certeurope"
    BORDEREAU = "bordereau"
    RETURN_LABEL = "etiquette-retour"
    COMPLETE = "dossier-complet"

    @property
    def filename(self) -> str:
        """``lettre-president.pdf``."""
        return f"{self.value}.pdf"

    @property
    def purpose(self) -> str:
        """What the document is for, in French, for the listing after ``print-dossier``."""
        return PURPOSES[self]


PURPOSES: dict[Document, str] = {
    Document.PRESIDENT_LETTER: (
        "lettre d'accompagnement au Président de la Compagnie (enveloppe n° 1, à signer)"
    ),
    Document.ATTESTATION: (
        "attestation d'appartenance à la Compagnie, à faire signer par le Président "
        "(enveloppe n° 1)"
    ),
    Document.CERTEUROPE_LETTER: "lettre d'accompagnement du dossier complet (enveloppe n° 2)",
    Document.BORDEREAU: "bordereau : le contenu de chaque enveloppe, avec cases à cocher",
    Document.RETURN_LABEL: (
        "étiquettes à votre adresse, pour l'enveloppe timbrée de retour (dans l'enveloppe n° 1)"
    ),
    Document.COMPLETE: "tous les documents ci-dessus en un seul fichier, pour imprimer en une fois",
}

NO_IDENTITY = (
    "l'identité du titulaire (civilité, nom, prénoms, SIREN, adresse) n'est pas encore "
    "enregistrée : terminez l'étape « Votre SIREN individuel »"
)
NO_CERTEUROPE_ADDRESS = (
    "l'adresse postale de CertEurope n'est pas encore connue : elle figure sur le dossier "
    "reçu par courriel après le paiement (réponse « certeurope_mail.address »)"
)


def missing_for(data: DossierData, document: Document) -> list[str]:
    """Why ``document`` cannot be made yet (French reasons), or an empty list."""
    reasons: list[str] = []
    if data.holder is None:
        reasons.append(NO_IDENTITY)
    if document is Document.CERTEUROPE_LETTER and data.certeurope_address is None:
        reasons.append(NO_CERTEUROPE_ADDRESS)
    return reasons


class DocumentNotReady(InputError):
    """A document was asked for while the data it prints is not known yet."""

    def __init__(self, document: Document, reasons: list[str]) -> None:
        super().__init__(
            f"Le document « {document.filename} » ne peut pas encore être préparé : "
            + " ; ".join(reasons)
            + "."
        )
        self.document = document
        self.reasons = reasons


def require_holder(data: DossierData, document: Document) -> Holder:
    """The holder, or ``DocumentNotReady`` saying what is missing for ``document``."""
    reasons = missing_for(data, document)
    if reasons or data.holder is None:
        raise DocumentNotReady(document, reasons or [NO_IDENTITY])
    return data.holder
