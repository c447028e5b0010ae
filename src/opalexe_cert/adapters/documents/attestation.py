"""The attestation of membership of the compagnie, pre-filled, for the President to sign."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from opalexe_cert.adapters.documents.data import Document, DossierData, group_siren, require_holder
from opalexe_cert.adapters.documents.layout import (
    CONTENT_WIDTH,
    GREY,
    Part,
    page_template,
    styles,
    table_style,
    text,
)

TITLE = "Attestation d'appartenance à la Compagnie"
SUBJECT = "Attestation à signer par le Président de la Compagnie, pour le dossier CertEurope"


def build(data: DossierData) -> Part:
    """The compagnie's heading, the attestation, the holder's identity and the signature area."""
    holder = require_holder(data, Document.ATTESTATION)
    compagnie = data.compagnie
    st = styles()
    signed = "soussignée" if compagnie.president_civility == "Mme" else "soussigné"
    expert = "experte de justice" if holder.feminine else "expert de justice"
    identity = [
        ("Civilité", holder.civility),
        ("Nom", holder.surname.upper()),
        ("Prénoms", holder.given_names),
        ("SIREN (personne physique)", group_siren(holder.siren)),
        ("Adresse", ", ".join(" ".join(line.split()) for line in holder.address_lines)),
    ]
    if holder.email:
        identity.append(("Courriel", holder.email))
    identity_table = Table(
        [
            [Paragraph(text(label), st.body), Paragraph(f"<b>{text(value)}</b>", st.body)]
            for label, value in identity
        ],
        colWidths=[55 * mm, CONTENT_WIDTH - 55 * mm],
        style=table_style(
            ("GRID", (0, 0), (-1, -1), 0.5, GREY),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ),
    )
    half = CONTENT_WIDTH / 2
    signature_table = Table(
        [
            [
                Paragraph(f"<b>Signature {text(compagnie.of_president)}</b>", st.small),
                Paragraph("<b>Cachet de la Compagnie</b>", st.small),
            ],
            [
                Paragraph(text(compagnie.president_addressee), st.small),
                "",
            ],
        ],
        colWidths=[half, half],
        rowHeights=[None, 45 * mm],
        style=table_style(
            ("BOX", (0, 0), (0, -1), 0.8, GREY),
            ("BOX", (1, 0), (1, -1), 0.8, GREY),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ),
    )
    story: list[Flowable] = [
        Paragraph(f"<b>{text(compagnie.name)}</b>", st.centered),
        Paragraph(
            text(compagnie.court_phrase[0].upper() + compagnie.court_phrase[1:]), st.centered
        ),
        Paragraph(text(", ".join(compagnie.address_lines)), st.centered),
        Spacer(1, 16 * mm),
        Paragraph("ATTESTATION D'APPARTENANCE À LA COMPAGNIE", st.title),
        Spacer(1, 12 * mm),
        Paragraph(
            f"Je {signed}, {text(compagnie.president_addressee)}, "
            f"{text(compagnie.president_title)} {text(compagnie.of_compagnie)}, atteste que "
            f"<b>{text(holder.display_name)}</b>, {expert}, est membre de la Compagnie, "
            f"dans le ressort de la {text(compagnie.court_phrase)}.",
            st.body,
        ),
        Spacer(1, 3 * mm),
        identity_table,
        Spacer(1, 6 * mm),
        Paragraph(
            "La présente attestation est délivrée pour servir auprès de CertEurope à "
            "l'obtention d'un certificat d'authentification permettant l'accès à la "
            "plateforme OPALEXE.",
            st.body,
        ),
        Spacer(1, 8 * mm),
        Paragraph(
            "Fait à .................................................., "
            "le ......... / ......... / ...............",
            st.body,
        ),
        Spacer(1, 6 * mm),
        signature_table,
    ]
    return Part(templates=[page_template("attestation")], story=story)
