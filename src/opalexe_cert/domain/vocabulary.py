"""The procedure's vocabulary, typed: the steps' ids, the media and the handovers.

A step, a medium or a handover is named by its enum member, never by a string: a typo is a
mypy error, not a silent ``None``. Each medium and handover carries every wording its readers
need (the choice's label, the wizard's phrases, the letters' and the calendar's), so that
adding one is one entry here; forgetting a wording for it is a mypy error (``assert_never``).

The values are the stable strings of the answers file and the state file (the medium
answer is ``"card"``): a ``StrEnum`` member equals its string, so files written before stay
readable.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import assert_never


class StepId(StrEnum):
    """The steps of the procedure, in order (``procedure.STEPS`` holds them)."""

    PROFILE = "profile"
    ACCOUNT = "account"
    OFFER = "offer"
    SIREN = "siren"
    ORDER_FORM = "order_form"
    PAYMENT = "payment"
    ORDER_EMAIL = "order_email"
    PRESIDENT_MAIL = "president_mail"
    PRESIDENT_RETURN = "president_return"
    CERTEUROPE_MAIL = "certeurope_mail"
    DELIVERY = "delivery"
    HANDOVER_REPORT = "handover_report"
    ACTIVATION = "activation"


@dataclass(frozen=True)
class MediumWords:
    """Every wording of one medium, by its reader."""

    label: str
    """The choice's label, also shown by ``status``."""
    the: str
    """The wizard's « Vous recevez … »: « votre clé USB »."""
    of: str
    """The wizard's « la livraison … »: « de votre clé USB »."""
    certeurope_letter: str
    """The letter to CertEurope's « À la suite de ma commande … »."""
    president_letter: str
    """The letter to the President's « un certificat d'authentification … »."""
    calendar_title: str
    """The delivery event's title: « (clé USB) »."""
    calendar_phrase: str
    """The delivery event's « CertEurope livre … »."""


class Medium(StrEnum):
    """What the certificate is delivered on (the offer's medium answer)."""

    CARD = "card"
    USB_KEY = "usb_key"

    @property
    def words(self) -> MediumWords:
        """Every wording of this medium."""
        match self:
            case Medium.CARD:
                return MediumWords(
                    label="Carte d'expert avec lecteur de carte",
                    the="votre carte d'expert et son lecteur",
                    of="de votre carte d'expert et de son lecteur",
                    certeurope_letter=" d'un certificat sur carte à puce avec lecteur",
                    president_letter=" sur carte à puce, avec son lecteur",
                    calendar_title="carte et lecteur",
                    calendar_phrase="la carte et son lecteur",
                )
            case Medium.USB_KEY:
                return MediumWords(
                    label="Clé USB",
                    the="votre clé USB",
                    of="de votre clé USB",
                    certeurope_letter=" d'un certificat sur clé USB",
                    president_letter=" sur clé USB",
                    calendar_title="clé USB",
                    calendar_phrase="la clé USB",
                )
            case _:
                assert_never(self)


@dataclass(frozen=True)
class HandoverWords:
    """Every wording of one handover option."""

    label: str
    """The choice's label, written for a President: ``texts.choice_label``
    agrees it with the President's civility."""
    documents_to_send: str
    """The wizard's « Envoyer par la poste au Président … »."""
    id_where: str
    """The wizard's « Date d'expiration de la pièce d'identité … »."""
    returned: str
    """The wizard's « Avez-vous reçu en retour … »."""
    returned_of: str
    """The wizard's « Date de réception … »."""
    last_item: str
    """The number of the last item sent to CertEurope (the accompanying letter)."""


class Handover(StrEnum):
    """Who checks the holder's identity (the offer's handover answer)."""

    PRESIDENT = "president"
    COURIER = "courier"

    @property
    def words(self) -> HandoverWords:
        """Every wording of this handover option."""
        match self:
            case Handover.PRESIDENT:
                return HandoverWords(
                    label="Authentification par le Président (option habituelle)",
                    documents_to_send="les documents à authentifier",
                    id_where="envoyée",
                    returned="les documents authentifiés",
                    returned_of="des documents authentifiés",
                    last_item="3",
                )
            case Handover.COURIER:
                return HandoverWords(
                    label="Livraison par coursier, remise en main propre (plus cher)",
                    documents_to_send="l'attestation à signer",
                    id_where="que vous présenterez au livreur",
                    returned="l'attestation signée",
                    returned_of="de l'attestation signée",
                    last_item="4",
                )
            case _:
                assert_never(self)


def medium_of(value: object) -> Medium | None:
    """The medium a recorded answer names, or ``None`` (no answer, or not a medium)."""
    return Medium(value) if isinstance(value, str) and value in _MEDIA else None


def handover_of(value: object) -> Handover | None:
    """The handover option a recorded answer names, or ``None``."""
    return Handover(value) if isinstance(value, str) and value in _HANDOVERS else None


_MEDIA = frozenset(m.value for m in Medium)
_HANDOVERS = frozenset(h.value for h in Handover)
