"""The cover letter to the President of the compagnie (envelope 1)."""

from __future__ import annotations

from opalexe_cert.adapters.documents.data import (
    Document,
    DossierData,
    french_date,
    president_postal_lines,
    require_holder,
)
from opalexe_cert.adapters.documents.layout import Letter, Part, letter_part

TITLE = "Lettre au Président de la Compagnie"
SUBJECT = "Demande d'authentification du dossier de certificat CertEurope (OPALEXE)"

MEDIUM_PHRASES = {
    "card": " sur carte à puce, avec son lecteur",
    "usb_key": " sur clé USB",
}


def build(data: DossierData) -> Part:
    """Ask the President to authenticate the enclosed documents and send them back by post."""
    holder = require_holder(data, Document.PRESIDENT_LETTER)
    compagnie = data.compagnie
    medium = MEDIUM_PHRASES.get(data.medium or "", "")
    validity = f" (valable jusqu'au {french_date(data.id_expiry)})" if data.id_expiry else ""
    grateful = "reconnaissante" if holder.feminine else "reconnaissant"
    letter = Letter(
        key="president",
        sender=holder.sender_lines(),
        recipient=president_postal_lines(compagnie),
        place_date=data.place_and_date(),
        subject="authentification de mon dossier de certificat CertEurope pour OPALEXE",
        vedette=compagnie.vedette,
        paragraphs=[
            "Pour accéder à OPALEXE, la plateforme de l'expertise judiciaire dématérialisée, "
            f"je demande à CertEurope un certificat d'authentification{medium}. La procédure "
            f"prévoit que {compagnie.the_president} de la Compagnie authentifie le porteur du "
            "certificat avant l'envoi du dossier à CertEurope.",
            "Vous trouverez ci-joint l'attestation d'appartenance à la Compagnie, préremplie "
            "à mon nom, ainsi qu'une copie en couleur, recto et verso, de ma pièce d'identité "
            f"en cours de validité{validity}.",
            f"Je vous serais {grateful} de bien vouloir authentifier ces documents, signer "
            "l'attestation et y apposer le cachet de la Compagnie, puis me les retourner dans "
            "l'enveloppe timbrée libellée à mon adresse, également jointe. Je les adresserai "
            "ensuite à CertEurope avec mon dossier complet.",
            "Comme le demande la procédure, ces documents vous parviennent uniquement par "
            "courrier postal : aucun n'est envoyé par courriel.",
        ],
        closing="l'assurance de ma considération distinguée.",
        signature=holder.signature_name,
        enclosures=[
            "Attestation d'appartenance à la Compagnie, préremplie, à signer",
            "Copie en couleur, recto et verso, de ma pièce d'identité en cours de validité",
            "Enveloppe timbrée libellée à mon adresse, pour le retour des documents",
        ],
    )
    return letter_part(letter)
