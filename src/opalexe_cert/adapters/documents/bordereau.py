"""The bordereau: one page per envelope, what goes in it, with boxes to tick."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from opalexe_cert.adapters.documents.data import (
    Document,
    DossierData,
    french_date,
    president_postal_lines,
    require_holder,
)
from opalexe_cert.adapters.documents.layout import (
    CONTENT_WIDTH,
    GREY,
    CheckBox,
    Part,
    page_break,
    page_template,
    styles,
    table_style,
    text,
)
from opalexe_cert.domain import guide
from opalexe_cert.domain.address import format_address

TITLE = "Bordereau d'envoi du dossier"
SUBJECT = "Contenu de chaque enveloppe, avec les rappels de la procédure"

DELIVERED = {
    "card": "la carte et son lecteur",
    "usb_key": "la clé USB",
}


def _id_reminder(data: DossierData) -> str | None:
    """A warning when the ID sent is expired, or expires within 3 months."""
    if data.id_expiry is None:
        return None
    expiry = french_date(data.id_expiry)
    match guide.id_validity(data.id_expiry, data.letter_date):
        case guide.IdValidity.EXPIRED:
            return (
                f"Votre pièce d'identité a expiré le {expiry} : joignez une pièce en cours de "
                "validité."
            )
        case guide.IdValidity.EXPIRES_SOON:
            return (
                f"Votre pièce d'identité expire le {expiry}, au plus {guide.ID_MARGIN.text} "
                "après cet envoi : le dossier doit arriver chez CertEurope avant cette "
                "date, sinon envoyez une autre pièce."
            )
    return None


def _envelope(
    title: str,
    when: str,
    address: Sequence[str],
    items: Sequence[str],
    reminders: Sequence[str],
) -> list[Flowable]:
    """One envelope's page: title, when to send it, its address, its items, the reminders."""
    st = styles()
    address_box = Table(
        [[Paragraph("<br/>".join(text(line) for line in address), st.body)]],
        colWidths=[95 * mm],
        style=table_style(
            ("BOX", (0, 0), (-1, -1), 0.8, GREY),
            ("LEFTPADDING", (0, 0), (-1, -1), 8),
            ("TOPPADDING", (0, 0), (-1, -1), 6),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ),
        hAlign="LEFT",
    )
    item_table = Table(
        [[CheckBox(), Paragraph(text(item), st.body)] for item in items],
        colWidths=[10 * mm, CONTENT_WIDTH - 10 * mm],
        style=table_style(
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (0, -1), 5),
            ("LEFTPADDING", (0, 0), (0, -1), 0),
            ("LINEBELOW", (0, 0), (-1, -1), 0.3, GREY),
        ),
    )
    return [
        Paragraph(text(title), st.title),
        Spacer(1, 4 * mm),
        Paragraph(f"<i>{text(when)}</i>", st.centered),
        Spacer(1, 8 * mm),
        Paragraph("Adresse", st.heading),
        address_box,
        Spacer(1, 6 * mm),
        Paragraph("À mettre dans l'enveloppe", st.heading),
        item_table,
        Spacer(1, 6 * mm),
        Paragraph("Rappels", st.heading),
        *[Paragraph(text(r), st.body, bulletText="•") for r in reminders],
    ]


def build(data: DossierData) -> Part:
    """Envelope 1 (to the President) and envelope 2 (to CertEurope), one page each."""
    holder = require_holder(data, Document.BORDEREAU)
    compagnie = data.compagnie
    president = compagnie.the_president
    expiry = f" (valable jusqu'au {french_date(data.id_expiry)})" if data.id_expiry else ""
    id_reminder = _id_reminder(data)
    no_email = "Pas d'envoi par courriel : tout part par courrier postal."
    first_reminders = [
        no_email,
        "Copie de la pièce d'identité en couleur, recto et verso, et en cours de validité.",
        "Enveloppe de retour timbrée et libellée à votre adresse : sans elle, les documents "
        "authentifiés ne vous reviennent pas.",
        "Pliée en trois, la lettre montre l'adresse dans la fenêtre d'une enveloppe DL.",
    ]
    if id_reminder:
        first_reminders.insert(2, id_reminder)
    first = _envelope(
        f"Enveloppe n° 1 : {compagnie.to_president} de la Compagnie",
        "À envoyer maintenant, par la poste.",
        president_postal_lines(compagnie),
        [
            f"La lettre {compagnie.to_president} (lettre-president.pdf), datée et signée.",
            "L'attestation d'appartenance à la Compagnie (attestation-appartenance.pdf), "
            f"préremplie : {president} la signe et y appose le cachet de la Compagnie.",
            f"La copie de votre pièce d'identité, en couleur, recto et verso, en cours de "
            f"validité{expiry}.",
            "Une enveloppe timbrée libellée à votre adresse (étiquettes : etiquette-retour.pdf), "
            "pour le retour des documents authentifiés.",
        ],
        first_reminders,
    )
    if data.certeurope_address:
        address = format_address([], data.certeurope_address)
        letter = "La lettre à CertEurope (lettre-certeurope.pdf), datée et signée."
    else:
        address = [
            "Adresse de CertEurope imprimée sur le dossier",
            "reçu par courriel, à recopier ici :",
            "",
            "..........................................................",
            "..........................................................",
        ]
        letter = (
            "La lettre à CertEurope (lettre-certeurope.pdf), datée et signée : elle sera "
            "préparée dès que l'adresse de CertEurope sera enregistrée."
        )
    delivered = DELIVERED.get(data.medium or "", "le support")
    second_reminders = [
        no_email,
        "N'envoyez le dossier qu'une fois les documents authentifiés par "
        f"{president} : la procédure compte environ {guide.PREPARATION.text} entre la commande "
        "et cet envoi.",
        f"Vous recevrez {delivered} dans un délai de {guide.DELIVERY.text} ; signez et renvoyez "
        "alors le procès-verbal de remise de support.",
        "Gardez une copie de tout le dossier.",
    ]
    if data.handover == "courier":
        present = "présente" if holder.feminine else "présent"
        second_reminders.insert(
            2,
            f"Livraison par coursier : soyez {present} en personne, avec votre pièce "
            "d'identité ; le coursier ne remet le support qu'au titulaire.",
        )
    second = _envelope(
        "Enveloppe n° 2 : à CertEurope",
        f"À envoyer au retour des documents authentifiés par {president}.",
        address,
        [
            letter,
            "Le dossier de commande reçu par courriel après le paiement, imprimé et complété.",
            f"L'attestation d'appartenance à la Compagnie, signée par {president} et revêtue "
            "du cachet de la Compagnie.",
            "La copie de votre pièce d'identité (en couleur, recto et verso, en cours de "
            f"validité), authentifiée par {president}.",
        ],
        second_reminders,
    )
    return Part(templates=[page_template("bordereau")], story=[*first, page_break(), *second])
