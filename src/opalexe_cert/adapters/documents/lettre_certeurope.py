"""The cover letter sending the complete dossier to CertEurope (envelope 2)."""

from __future__ import annotations

from opalexe_cert.adapters.documents.data import Document, DossierData, group_siren, require_holder
from opalexe_cert.adapters.documents.layout import Letter, Part, letter_part
from opalexe_cert.domain.address import format_address

TITLE = "Lettre à CertEurope"
SUBJECT = "Envoi du dossier complet de demande de certificat d'authentification (OPALEXE)"

MEDIUM_PHRASES = {
    "card": " d'un certificat sur carte à puce avec lecteur",
    "usb_key": " d'un certificat sur clé USB",
}


def build(data: DossierData) -> Part:
    """Send the dossier, authenticated by the President, and list every piece of it."""
    holder = require_holder(data, Document.CERTEUROPE_LETTER)
    address = data.certeurope_address or ()
    compagnie = data.compagnie
    president = f"{compagnie.president_addressee}, {compagnie.president_title}"
    present = "présente" if holder.feminine else "présent"
    handover = {
        "president": "J'ai choisi la formule avec authentification du porteur par "
        f"{compagnie.the_president} de la Compagnie.",
        "courier": "J'ai choisi la livraison par coursier : je serai "
        f"{present} pour recevoir le support en main propre, sur présentation de ma pièce "
        "d'identité.",
    }.get(data.handover or "")
    paragraphs = [
        f"À la suite de ma commande{MEDIUM_PHRASES.get(data.medium or '', '')} sur votre "
        "portail réservé aux experts, je vous adresse ci-joint mon dossier complet de demande "
        "de certificat d'authentification pour l'accès à la plateforme OPALEXE.",
        "Comme le prévoit la procédure, l'attestation d'appartenance à la Compagnie et la "
        f"copie de ma pièce d'identité ont été authentifiées par {president} "
        f"{compagnie.of_compagnie}.",
    ]
    if handover:
        paragraphs.append(handover)
    if holder.email:
        paragraphs.append(
            f"Le code d'activation peut m'être envoyé à l'adresse électronique {holder.email}, "
            "indiquée lors de la commande."
        )
    paragraphs.append("Je reste à votre disposition pour toute pièce complémentaire.")
    authenticated = f"authentifiée par {compagnie.the_president}"
    letter = Letter(
        key="certeurope",
        sender=holder.sender_lines(),
        recipient=format_address([], address),
        place_date=data.place_and_date(),
        subject="dossier de demande de certificat d'authentification OPALEXE, "
        f"SIREN {group_siren(holder.siren)}",
        vedette="Madame, Monsieur",
        paragraphs=paragraphs,
        closing="l'expression de mes salutations distinguées.",
        signature=holder.signature_name,
        enclosures=[
            "Dossier de commande imprimé et complété (reçu par courriel après le paiement)",
            f"Attestation d'appartenance à la Compagnie, signée par {compagnie.the_president} "
            "et revêtue du cachet de la Compagnie",
            "Copie en couleur, recto et verso, de ma pièce d'identité en cours de validité, "
            f"{authenticated}",
        ],
    )
    return letter_part(letter)
