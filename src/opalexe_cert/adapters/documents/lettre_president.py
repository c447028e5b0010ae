"""The cover letter to the President of the compagnie (envelope 1).

What it asks depends on the handover: with ``president`` the President signs
the attestation and certifies the ID copy; with ``courier`` only signs the attestation.
"""

from __future__ import annotations

from opalexe_cert.adapters.documents.data import (
    Document,
    DossierData,
    Holder,
    IdState,
    french_date,
    group_siren,
    president_postal_lines,
    require_holder,
)
from opalexe_cert.adapters.documents.layout import (
    FONT,
    SENDER_WIDTH,
    Letter,
    Part,
    email_markup,
    letter_part,
    styles,
    text,
)

TITLE = "Lettre au Président de la Compagnie"
SUBJECT = "Demande de signature de l'attestation d'appartenance (certificat CertEurope, OPALEXE)"

ID_COPY_PAGE = "Authentification de la copie"


def quality(holder: Holder, data: DossierData) -> str:
    """« Experte de justice près la cour d'appel de Bordeaux »."""
    return f"{holder.agree('Expert', 'Experte')} de justice près la {data.compagnie.court_phrase}"


def sender_block(holder: Holder, data: DossierData) -> list[str]:
    """The sender block, surname in bold: paragraph markup lines. The address is printed
    as the address screen showed it (its NF Z10-011 form, the one on the return envelope)."""
    lines = [
        f"{text(holder.given)} <b>{text(holder.family)}</b>",
        text(quality(holder, data)),
        *(text(line) for line in holder.address.envelope()),
    ]
    if holder.phone:
        lines.append(text(f"Tél. : {holder.phone}"))
    if holder.email:
        lines.append(email_markup(holder.email, FONT, styles().sender.fontSize, SENDER_WIDTH))
    lines.append(text(f"SIREN {group_siren(holder.siren)}"))
    return lines


def build(data: DossierData) -> Part:
    """Ask the President to sign the attestation (and certify the ID copy) and send it back."""
    holder = require_holder(data, Document.PRESIDENT_LETTER)
    compagnie = data.compagnie
    the = compagnie.the_president
    medium = data.medium.words.president_letter if data.medium else ""
    day = data.president_letter_date()
    id_valid = data.id_state_on(day) in (IdState.VALID, IdState.EXPIRING)
    validity = (
        f" en cours de validité (valable jusqu'au {french_date(data.id_expiry)})"
        if id_valid and data.id_expiry
        else ""
    )
    grateful = holder.agree("reconnaissant", "reconnaissante")
    if data.attestation_included:
        attestation = (
            "l'attestation d'appartenance à la Compagnie préremplie à mon nom, jointe au "
            "dossier que CertEurope m'a adressé"
        )
        attestation_item = (
            "Attestation d'appartenance à la Compagnie, préremplie par CertEurope, à signer"
        )
    else:
        attestation = "l'attestation d'appartenance à la Compagnie, préremplie à mon nom"
        attestation_item = "Attestation d'appartenance à la Compagnie, préremplie, à signer"
    phone = f", au {holder.phone}" if holder.phone else ""
    intro = (
        "Pour accéder à OPALEXE, la plateforme de l'expertise judiciaire dématérialisée, "
        f"je demande à CertEurope un certificat d'authentification{medium}."
    )
    if data.courier:
        subject = "signature de l'attestation d'appartenance à la Compagnie (certificat OPALEXE)"
        paragraphs = [
            f"{intro} J'ai choisi la remise du support par coursier : c'est le coursier qui "
            "vérifiera mon identité à la livraison. Le dossier de CertEurope doit néanmoins "
            f"comporter l'attestation d'appartenance à la Compagnie signée par {the}.",
            f"Vous trouverez ci-joint {attestation}.",
            f"Je vous serais {grateful} de bien vouloir la signer et y apposer le cachet de la "
            "Compagnie, puis me la retourner par la poste dans l'enveloppe timbrée libellée à mon "
            "adresse, également jointe : la procédure n'admet rien par courriel. Je l'adresserai "
            "ensuite à CertEurope avec mon dossier complet.",
            f"Je reste à votre disposition pour toute précision{phone}.",
        ]
        enclosures = [
            attestation_item,
            "Enveloppe timbrée libellée à mon adresse, pour le retour de l'attestation",
        ]
    else:
        subject = "authentification de mon dossier de certificat CertEurope pour OPALEXE"
        paragraphs = [
            f"{intro} La procédure prévoit que {the} de la Compagnie signe l'attestation "
            "d'appartenance à la Compagnie et authentifie le porteur du certificat avant "
            "l'envoi du dossier à CertEurope.",
            f"Vous trouverez ci-joint {attestation}, ainsi qu'une copie en couleur, recto et "
            f"verso, de ma pièce d'identité{validity}.",
            f"Je vous serais {grateful} de bien vouloir signer l'attestation et y apposer le "
            "cachet de la Compagnie, puis authentifier la copie de ma pièce d'identité par le "
            "moyen qui vous conviendra, en complétant la page jointe "
            f"« {ID_COPY_PAGE} » : le moyen retenu, la date, votre signature et le cachet de "
            "la Compagnie.",
            "Je vous remercie de me retourner ces documents par la poste dans l'enveloppe "
            "timbrée libellée à mon adresse, également jointe : la procédure n'admet rien par "
            "courriel. Je les adresserai ensuite à CertEurope avec mon dossier complet.",
            "Je reste à votre disposition pour vous présenter l'original de ma pièce "
            f"d'identité ou pour toute précision{phone}.",
        ]
        enclosures = [
            attestation_item,
            "Copie en couleur, recto et verso, de ma pièce d'identité, avec la page "
            f"« {ID_COPY_PAGE} » à compléter",
            "Enveloppe timbrée libellée à mon adresse, pour le retour des documents",
        ]
    letter = Letter(
        key="president",
        title=f"lettre {compagnie.to_president}",
        sender=sender_block(holder, data),
        recipient=president_postal_lines(compagnie),
        place_date=data.place_and_date(day),
        town=data.sender_town,
        subject=subject,
        vedette=compagnie.vedette,
        paragraphs=paragraphs,
        closing="l'assurance de ma haute considération.",
        signature=holder.signature_name,
        enclosures=enclosures,
    )
    return letter_part(letter)
