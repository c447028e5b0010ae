"""The cover letter sending the complete dossier to CertEurope (envelope 2).

Dated the day it is sent; it says the documents were authenticated only once they are back
from the President; it cites the order (reference, and date and amount paid when known).
"""

from __future__ import annotations

from opalexe_cert.adapters.documents.data import (
    Document,
    DossierData,
    IdState,
    amount_text,
    certeurope_postal_lines,
    french_date,
    group_siren,
    require_holder,
)
from opalexe_cert.adapters.documents.layout import Letter, Part, letter_part
from opalexe_cert.adapters.documents.lettre_president import sender_block

TITLE = "Lettre à CertEurope"
SUBJECT = "Envoi du dossier complet de demande de certificat d'authentification (OPALEXE)"


def order_phrase(data: DossierData) -> str:
    """« n° 2026-1234 du 12 octobre 2026 (149,00 €) »: what is known of the order."""
    parts = []
    if data.payment_reference:
        parts.append(f"n° {data.payment_reference}")
    if data.payment_date:
        parts.append(f"du {french_date(data.payment_date)}")
    if data.payment_amount is not None:
        parts.append(f"({amount_text(data.payment_amount)})")
    return " ".join(parts)


def build(data: DossierData) -> Part:
    """Send the dossier and list every piece of it."""
    holder = require_holder(data, Document.CERTEUROPE_LETTER)
    recipient = data.certeurope_address
    assert recipient is not None  # ``require_holder`` refuses this letter without it
    compagnie = data.compagnie
    day = data.certeurope_letter_date()
    returned = data.president_returned_on is not None
    president = f"{compagnie.president_addressee}, {compagnie.president_title}"
    order = order_phrase(data)
    subject = f"commande {order} : " if order else ""
    subject += f"dossier de demande de certificat OPALEXE, SIREN {group_siren(holder.siren)}"
    id_valid = data.id_state_on(day) in (IdState.VALID, IdState.EXPIRING)
    valid = ", en cours de validité" if id_valid else ""
    ordered = f"ma commande {order}" if order else "ma commande"
    medium = data.medium.words.certeurope_letter if data.medium else ""
    paragraphs = [
        f"À la suite de {ordered}{medium} sur votre "
        "portail réservé aux experts, je vous adresse ci-joint mon dossier complet de demande "
        "de certificat d'authentification pour l'accès à la plateforme OPALEXE.",
    ]
    if returned and data.courier:
        paragraphs.append(
            "Comme le prévoit la procédure, l'attestation d'appartenance à la Compagnie a été "
            f"signée par {president} {compagnie.of_compagnie}."
        )
    elif returned:
        paragraphs.append(
            "Comme le prévoit la procédure, l'attestation d'appartenance à la Compagnie a été "
            f"signée, et la copie de ma pièce d'identité authentifiée, par {president} "
            f"{compagnie.of_compagnie}."
        )
    if data.courier:
        present = holder.agree("présent", "présente")
        paragraphs.append(
            "J'ai choisi la livraison par coursier : je serai "
            f"{present} pour recevoir le support en main propre, sur présentation de l'original "
            "de ma pièce d'identité, dont la copie est jointe."
        )
    if holder.email:
        paragraphs.append(
            f"Le code d'activation peut m'être envoyé à l'adresse électronique {holder.email}, "
            "indiquée lors de la commande."
        )
    phone = f" (tél. {holder.phone})" if holder.phone else ""
    paragraphs.append(f"Je reste à votre disposition pour toute pièce complémentaire{phone}.")
    signed = f", signée par {compagnie.the_president} et revêtue du cachet de la Compagnie"
    certified = f", authentifiée par {compagnie.the_president}"
    enclosures = [
        "Dossier de commande imprimé, complété et signé (reçu par courriel après le paiement)",
        f"Attestation d'appartenance à la Compagnie{signed if returned else ''}"
        + (
            ""
            if data.attestation_included
            else ", sur papier libre (votre dossier n'en contenait pas)"
        ),
        "Copie en couleur, recto et verso, de ma pièce d'identité"
        + valid
        + (certified if returned and not data.courier else ""),
    ]
    letter = Letter(
        key="certeurope",
        title="lettre à CertEurope",
        sender=sender_block(holder, data),
        recipient=certeurope_postal_lines(recipient),
        place_date=data.place_and_date(day),
        town=data.sender_town,
        subject=subject,
        vedette="Madame, Monsieur",
        paragraphs=paragraphs,
        closing="l'expression de mes salutations distinguées.",
        signature=holder.signature_name,
        enclosures=enclosures,
    )
    return letter_part(letter)
