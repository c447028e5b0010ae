"""What the dossier's documents are made of: a pure input model, independent of the state file.

The CLI maps the recorded state into ``DossierData``; the document modules only ever read
this model, so they can be tested (and a new document written) without a state or a terminal.
Addresses arrive as ``Address`` values, read where their text entered (``address.py``): the
documents print their lines and their ``envelope``, and never parse an address again.
``envelopes`` says what goes in which envelope and where the procedure stands for each: the
bordereau and the command's listing both print it, so they never disagree.
"""

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from opalexe_cert.domain import guide
from opalexe_cert.domain.address import (
    CERTEUROPE_NAME_LINES,
    MAX_LINES,
    Address,
    AddressError,
    name_line,
)
from opalexe_cert.domain.address_models import AddressValue, HolderAddressValue
from opalexe_cert.domain.compagnie import DEFAULT_COMPAGNIE, Compagnie
from opalexe_cert.domain.dates import format_date
from opalexe_cert.domain.errors import InputError
from opalexe_cert.domain.glyphs import describe, unprintable
from opalexe_cert.domain.identity import Civility
from opalexe_cert.domain.names import given_names as normal_given_names
from opalexe_cert.domain.names import surname as normal_surname
from opalexe_cert.domain.typography import euros
from opalexe_cert.domain.vocabulary import Handover, Medium, StepId

french_date = format_date  # « 1er décembre 2026 »: the core's French date, one writer


def group_siren(siren: str) -> str:
    """``123456789`` -> ``123 456 789``, the way a SIREN is printed."""
    digits = "".join(siren.split())
    return " ".join(digits[i : i + 3] for i in range(0, len(digits), 3))


def amount_text(amount: float) -> str:
    """``149.0`` -> ``149,00 €`` (French decimal comma)."""
    return euros(amount, cents=True)


class Holder(BaseModel):
    """The certificate holder: the expert, as a natural person with his own SIREN."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    civility: Civility
    surname: str
    given_names: str
    siren: str
    address: HolderAddressValue  # read once where it entered: never parsed here
    email: str | None = None
    phone: str | None = None

    @property
    def family(self) -> str:
        """``d’AUBIGNÉ-LŒWENBRUCK``: the surname in capitals, its particle in lower case."""
        return normal_surname(self.surname)

    @property
    def given(self) -> str:
        """``Éloïse Françoise``: every given name, capitalised part by part."""
        return normal_given_names(self.given_names)

    @property
    def display_name(self) -> str:
        """``Mme Éloïse d’AUBIGNÉ-LŒWENBRUCK``: civility, given names, surname."""
        return f"{self.civility} {self.given} {self.family}"

    @property
    def signature_name(self) -> str:
        """``Éloïse d’AUBIGNÉ-LŒWENBRUCK``, under the signature (no civility)."""
        return f"{self.given} {self.family}"

    @property
    def feminine(self) -> bool:
        """Whether agreements (« reconnaissante », « inscrite ») take the feminine."""
        return self.civility == "Mme"

    def agree(self, masculine: str, feminine: str) -> str:
        """The word that agrees with the holder's civility."""
        return feminine if self.feminine else masculine

    def postal_lines(self) -> list[str]:
        """The holder's address for an envelope (NF Z10-011), the name on one line first."""
        return [
            name_line(self.civility, self.given, self.family),
            *self.address.envelope(),
        ]


def president_postal_lines(compagnie: Compagnie) -> list[str]:
    """The President's address for an envelope (``Compagnie.president_envelope_lines``)."""
    return list(compagnie.president_envelope_lines)


def presidential(text: str, compagnie: Compagnie) -> str:
    """A fixed text about « le Président » agreed with the compagnie's (« la Présidente »)."""
    if not compagnie.feminine:
        return text
    for masculine, feminine in (
        ("au Président", "à la Présidente"),
        ("du Président", "de la Présidente"),
        ("le Président", "la Présidente"),
        ("Président", "Présidente"),
    ):
        text = re.sub(rf"\b{masculine}\b", feminine, text)
    return text


def certeurope_postal_lines(address: Address) -> list[str]:
    """CertEurope's address as printed on its dossier, for an envelope."""
    return list(address.envelope())


class Stage(StrEnum):
    """Where an envelope stands in the procedure."""

    PREPARE = "prepare"  # its step cannot come yet: prepare it, do not send it
    SEND_NOW = "send_now"
    SENT = "sent"


class IdState(StrEnum):
    """The ID's validity on a given day (the guide's margin, ``guide.ID_MARGIN``)."""

    UNKNOWN = "unknown"
    VALID = "valid"
    EXPIRING = "expiring"
    EXPIRED = "expired"


def id_state(expiry: dt.date | None, on: dt.date) -> IdState:
    """The ID's state on ``on``, by the guide's one rule (``guide.id_validity``)."""
    if expiry is None:
        return IdState.UNKNOWN
    return {
        guide.IdValidity.EXPIRED: IdState.EXPIRED,
        guide.IdValidity.EXPIRES_SOON: IdState.EXPIRING,
        guide.IdValidity.VALID: IdState.VALID,
    }[guide.id_validity(expiry, on)]


class DossierData(BaseModel):
    """Everything the dossier prints; ``None`` means not known yet.

    ``letter_date`` is the day ``print-dossier`` runs; the dates of the steps say which
    envelope can be sent, so that no letter is dated before the day it can be sent.
    """

    model_config = ConfigDict(frozen=True, defer_build=True)

    holder: Holder | None = None
    compagnie: Compagnie = DEFAULT_COMPAGNIE
    medium: Medium | None = None
    handover: Handover | None = None
    certeurope_address: AddressValue | None = None
    id_expiry: dt.date | None = None
    letter_date: dt.date
    order_received: bool = True  # CertEurope's e-mail with its dossier has arrived
    attestation_included: bool = True  # CertEurope's dossier holds the pre-filled attestation
    president_sent_on: dt.date | None = None
    president_returned_on: dt.date | None = None
    certeurope_sent_on: dt.date | None = None
    payment_reference: str | None = None
    payment_date: dt.date | None = None
    payment_amount: float | None = None

    @property
    def courier(self) -> bool:
        """The courier authenticates the holder: the President only signs the attestation."""
        return self.handover is Handover.COURIER

    @property
    def president_stage(self) -> Stage:
        """Envelope 1: sent, to send now (CertEurope's dossier is here), or to prepare."""
        if self.president_sent_on is not None:
            return Stage.SENT
        return Stage.SEND_NOW if self.order_received else Stage.PREPARE

    @property
    def certeurope_stage(self) -> Stage:
        """Envelope 2: sent, to send now (the President's documents are back), or to prepare."""
        if self.certeurope_sent_on is not None:
            return Stage.SENT
        return Stage.SEND_NOW if self.president_returned_on is not None else Stage.PREPARE

    def president_letter_date(self) -> dt.date | None:
        """The day the letter to the President is (or was) sent; ``None`` while it cannot be."""
        return _letter_day(self.president_stage, self.president_sent_on, self.letter_date)

    def certeurope_letter_date(self) -> dt.date | None:
        """The day the letter to CertEurope is (or was) sent; ``None`` while it cannot be."""
        return _letter_day(self.certeurope_stage, self.certeurope_sent_on, self.letter_date)

    def next_sending_day(self) -> dt.date:
        """The day the ID copy matters next: the envelope not sent yet (today when it can
        go now), else the day the dossier left."""
        if self.president_stage is not Stage.SENT:
            return self.president_letter_date() or self.letter_date
        if self.certeurope_sent_on is not None:
            return self.certeurope_sent_on
        return self.letter_date

    def id_state_on(self, day: dt.date | None) -> IdState:
        """The ID's validity on ``day`` (today when the day is not known yet)."""
        return id_state(self.id_expiry, day or self.letter_date)

    @property
    def sender_town(self) -> str | None:
        """The town of the place-and-date line (« Bordeaux, le … »): the holder's town."""
        if self.holder is None:
            return None
        return self.holder.address.town

    def place_and_date(self, day: dt.date | None) -> str | None:
        """« Bordeaux, le 26 novembre 2026 »; ``None`` when the letter cannot be dated yet."""
        if day is None:
            return None
        town = self.sender_town
        date = f"le {french_date(day)}"
        return f"{town}, {date}" if town else date.capitalize()


def _letter_day(stage: Stage, sent_on: dt.date | None, today: dt.date) -> dt.date | None:
    if stage is Stage.SENT:
        return sent_on
    return today if stage is Stage.SEND_NOW else None


# --- the envelopes: what goes in each, and when -------------------------------------------------


@dataclass(frozen=True)
class EnvelopePlan:
    """One envelope: its title, where it stands, its address, what goes in it, reminders."""

    number: int
    title: str
    stage: Stage
    when: str
    address: list[str]
    items: list[str]
    reminders: list[str]
    tracked: bool  # it carries a copy of the ID: a tracked send


def stage_text(stage: Stage, sent_on: dt.date | None, waiting_for: str) -> str:
    """« À envoyer maintenant », « Envoyée le … » or « À préparer seulement, … »."""
    if stage is Stage.SENT and sent_on is not None:
        return f"Envoyée le {french_date(sent_on)}."
    if stage is Stage.SEND_NOW:
        return "À envoyer maintenant, par la poste."
    return f"À préparer seulement, à envoyer {waiting_for}."


def attestation_item(data: DossierData) -> str:
    """Which attestation the President signs (``order_email.attestation_included``)."""
    the = data.compagnie.the_president
    if data.attestation_included:
        return (
            "L’attestation d’appartenance à la Compagnie préremplie jointe au dossier de "
            f"CertEurope, que {the} signe et revêt du cachet de la Compagnie (et non "
            "l’attestation imprimée par opalexe-cert, qui n’est qu’un modèle)."
        )
    return (
        "L’attestation d’appartenance à la Compagnie imprimée par opalexe-cert "
        f"(attestation-appartenance.pdf), que {the} signe et revêt du cachet de la Compagnie "
        "(le dossier de CertEurope n’en contient pas)."
    )


def envelopes(data: DossierData) -> list[EnvelopePlan]:
    """The envelopes in the guide's order (the President's, then CertEurope's)."""
    holder = data.holder
    compagnie = data.compagnie
    the = compagnie.the_president
    by = f"par {the}"
    id_copy = "La copie de votre pièce d’identité, en couleur, recto et verso"
    first_items = [
        f"La lettre {compagnie.to_president} (lettre-president.pdf), datée et signée.",
        attestation_item(data),
    ]
    if data.courier:
        first_items.append(
            "Pas de copie de pièce d’identité : avec la remise par coursier, c’est le coursier "
            f"qui vérifie votre identité ; {the} signe seulement l’attestation."
        )
    else:
        first_items.append(
            f"{id_copy}, avec la page « Authentification de la copie » "
            f"(copie-piece-identite.pdf), que {the} complète, signe et revêt du cachet de la "
            "Compagnie."
        )
    first_items.append(
        "Une enveloppe timbrée libellée à votre adresse (étiquette : etiquette-retour.pdf), "
        "pour le retour des documents."
    )
    common = [
        "Rien par courriel : tout part par courrier postal.",
        "Photocopiez ou scannez tout le contenu avant de fermer l’enveloppe, et gardez la copie.",
        "Pesez l’enveloppe : au-delà de 20 g, l’affranchissement d’une lettre simple ne suffit "
        "plus.",
    ]
    first_reminders = list(common)
    if not data.courier:
        first_reminders.append(
            "Elle contient la copie de votre pièce d’identité : envoyez-la en lettre suivie et "
            "notez le numéro de suivi ci-dessous."
        )
    first_reminders.append(
        "Pliez la lettre en trois suivant les repères de la marge gauche : l’adresse apparaît "
        "dans la fenêtre d’une enveloppe DL."
    )
    president = EnvelopePlan(
        number=1,
        title=f"Enveloppe n° 1 : {compagnie.to_president} de la Compagnie",
        stage=data.president_stage,
        when=stage_text(
            data.president_stage,
            data.president_sent_on,
            "dès réception du courriel de CertEurope et de son dossier",
        ),
        address=president_postal_lines(compagnie),
        items=first_items,
        reminders=first_reminders,
        tracked=not data.courier,
    )
    if data.certeurope_address:
        address = certeurope_postal_lines(data.certeurope_address)
        letter = "La lettre à CertEurope (lettre-certeurope.pdf), datée et signée."
    else:
        # as many lines to fill by hand as CertEurope's address may have (NF Z10-011)
        address = [
            "Adresse de CertEurope imprimée sur le dossier",
            "reçu par courriel, à recopier ici :",
            "",
            *["." * 58] * (MAX_LINES - CERTEUROPE_NAME_LINES),
        ]
        letter = (
            "La lettre à CertEurope (lettre-certeurope.pdf), datée et signée : elle sera "
            "préparée dès que l’adresse de CertEurope sera enregistrée."
        )
    second_items = [
        letter,
        "Le dossier de commande reçu par courriel après le paiement, imprimé, complété et "
        "signé (le formulaire de CertEurope lui-même).",
        f"L’attestation d’appartenance signée {by} et revêtue du cachet de la Compagnie "
        + (
            "(celle, préremplie, du dossier de CertEurope)."
            if data.attestation_included
            else "(celle imprimée par opalexe-cert, le dossier de CertEurope n’en contenant pas)."
        ),
    ]
    if data.courier:
        second_items.append(f"{id_copy} (le coursier vérifiera l’original à la livraison).")
    else:
        second_items.append(f"{id_copy}, authentifiée {by}.")
    second_reminders = [*common]
    second_reminders.append(
        "Elle contient la copie de votre pièce d’identité : envoyez-la en lettre suivie."
    )
    if data.courier and holder is not None:
        second_reminders.append(
            f"Livraison par coursier : soyez {holder.agree('présent', 'présente')} en personne, "
            "avec l’original de votre pièce d’identité ; le coursier ne remet le support qu’au "
            "titulaire."
        )
    second_reminders.append(
        "Pliez la lettre en trois suivant les repères de la marge gauche : l’adresse apparaît "
        "dans la fenêtre d’une enveloppe DL."
    )
    certeurope = EnvelopePlan(
        number=2,
        title="Enveloppe n° 2 : à CertEurope",
        stage=data.certeurope_stage,
        when=stage_text(
            data.certeurope_stage,
            data.certeurope_sent_on,
            f"au retour des documents signés {by}",
        ),
        address=address,
        items=second_items,
        reminders=second_reminders,
        tracked=True,
    )
    return [president, certeurope]


# --- the files -----------------------------------------------------------------------------------


class Document(StrEnum):
    """The files ``print-dossier`` writes; the value is the file name without ``.pdf``."""

    PRESIDENT_LETTER = "lettre-president"
    ATTESTATION = "attestation-appartenance"
    ID_COPY = "copie-piece-identite"
    CERTEUROPE_LETTER = "lettre-certeurope"
    BORDEREAU = "bordereau"
    RETURN_LABEL = "etiquette-retour"
    COMPLETE = "dossier-complet"

    @property
    def filename(self) -> str:
        """``lettre-president.pdf``."""
        return f"{self.value}.pdf"

    def purpose(self, data: DossierData | None = None) -> str:
        """What the document is for, in French, for the listing after ``print-dossier``."""
        compagnie = data.compagnie if data is not None else DEFAULT_COMPAGNIE
        to = compagnie.to_president
        the = compagnie.the_president
        if self is Document.ATTESTATION and data is not None and data.attestation_included:
            attestation = (
                "modèle d’attestation pour mémoire (signez celle, préremplie, du dossier de "
                "CertEurope)"
            )
        else:
            attestation = f"attestation d’appartenance à la Compagnie, à faire signer par {the}"
        purposes = {
            Document.PRESIDENT_LETTER: f"lettre {to} de la Compagnie (enveloppe n° 1)",
            Document.ATTESTATION: f"{attestation} (enveloppe n° 1)",
            Document.ID_COPY: f"page où {the} authentifie la copie de votre pièce d’identité "
            "(enveloppe n° 1)",
            Document.CERTEUROPE_LETTER: "lettre d’accompagnement du dossier complet "
            "(enveloppe n° 2)",
            Document.BORDEREAU: "le contenu de chaque enveloppe, avec cases à cocher",
            Document.RETURN_LABEL: "une étiquette par enveloppe (la vôtre pour le retour)",
            Document.COMPLETE: "tous les documents ci-dessus en un seul fichier, pour imprimer "
            "en une fois"
            + (
                " (sauf le modèle d’attestation, qui n’est pas à signer)"
                if data is not None and data.attestation_included
                else ""
            ),
        }
        return purposes[self]


NO_IDENTITY = (
    "l’identité du titulaire (civilité, nom, prénoms, SIREN, adresse) n’est pas encore "
    "enregistrée. Terminez d’abord l’étape « Votre SIREN individuel »"
)
NO_CERTEUROPE_ADDRESS = (
    "faute d’adresse postale de CertEurope. Cette adresse figure sur le dossier reçu par "
    "courriel après le paiement ; relancez print-dossier quand vous l’aurez"
)


def applies(data: DossierData, document: Document) -> bool:
    """Whether ``document`` has a use in this dossier: the ID-copy page only when the
    President authenticates the holder (not with the courier)."""
    return document is not Document.ID_COPY or not data.courier


def in_complete(data: DossierData, document: Document) -> bool:
    """Whether ``document`` goes into the complete dossier: not the model attestation (marked
    « ne pas signer ») when CertEurope's dossier holds the one to sign, so that no file holds
    both a page to sign and a page not to sign."""
    return applies(data, document) and not (
        document is Document.ATTESTATION and data.attestation_included
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


class UnprintableAddress(InputError):
    """A recorded address (or name) no envelope can print: says whose, and how to fix it."""


def _printable(*texts: str) -> None:
    """``AddressError`` naming a character the documents' font lacks (a state recorded before
    such characters were refused at input)."""
    for value in texts:
        lacking = unprintable(value)
        if lacking:
            raise AddressError(
                f"le caractère {describe(lacking[0])} manque à la police des documents"
            )


def _glyphs_first(texts: Sequence[str], make: Callable[[], object]) -> Callable[[], object]:
    """``make``, once every character of ``texts`` is one the documents' font has."""

    def check() -> object:
        _printable(*texts)
        return make()

    return check


def check_printable(data: DossierData) -> None:
    """Refuse, before anything is written, an address or a name that cannot be printed.

    The message says whose address it is and which ``start --step`` corrects it. States
    recorded before the input rules were tightened (or edited by hand) can hold such
    addresses: read back with ``Address.stored``, they keep their lines and carry the reason
    (``Address.problem``), which ``envelope`` raises here; nothing is parsed again.
    """
    checks: list[tuple[str, StepId, Callable[[], object]]] = []
    compagnie = data.compagnie
    if data.holder is not None:
        holder = data.holder
        checks.append(
            (
                "Votre nom",
                StepId.SIREN,
                _glyphs_first(
                    (holder.given, holder.family),
                    lambda: name_line(holder.civility, holder.given, holder.family),
                ),
            )
        )
        checks.append(
            (
                "Votre adresse (celle du titulaire)",
                StepId.SIREN,
                _glyphs_first(holder.address.lines, holder.address.envelope),
            )
        )
    checks.append(
        (
            f"Le nom {compagnie.of_president}",
            StepId.PROFILE,
            _glyphs_first(
                (compagnie.president_name,),
                lambda: name_line(
                    compagnie.president_civility, *compagnie.president_given_and_surname
                ),
            ),
        )
    )
    checks.append(
        (
            f"L’adresse {compagnie.of_president} de la Compagnie",
            StepId.PROFILE,
            _glyphs_first(compagnie.address.lines, lambda: president_postal_lines(compagnie)),
        )
    )
    if data.certeurope_address is not None:
        address = data.certeurope_address
        checks.append(
            (
                "L’adresse de CertEurope",
                StepId.CERTEUROPE_MAIL,
                lambda: certeurope_postal_lines(address),
            )
        )
    for whose, step_id, make in checks:
        try:
            make()
        except AddressError as error:
            name = whose.startswith(("Votre nom", "Le nom"))
            printed, it = ("imprimé", "le") if name else ("imprimée", "la")
            raise UnprintableAddress(
                f"{whose} ne peut pas être {printed} sur une enveloppe : {error}. Corrigez-{it} "
                f"avec « opalexe-cert start --step {step_id} », puis relancez print-dossier. "
                "Aucun fichier n’a été écrit."
            ) from None


def require_holder(data: DossierData, document: Document) -> Holder:
    """The holder, or ``DocumentNotReady`` saying what is missing for ``document``."""
    reasons = missing_for(data, document)
    if reasons or data.holder is None:
        raise DocumentNotReady(document, reasons or [NO_IDENTITY])
    return data.holder
