"""The page on which the President authenticates the copy of the holder's ID (handover
``president`` only), a file of its own.

The guide lets the President authenticate the documents « par tout moyen à sa convenance »:
the page has him attest what he did (the original seen, or another means of his choice, his
choice left to him), never that he saw an original that came by post. It is never in the
same file as the model attestation marked « ne pas signer ».
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table

from opalexe_cert.adapters.documents.attestation import signature_table
from opalexe_cert.adapters.documents.data import Document, DossierData, require_holder
from opalexe_cert.adapters.documents.layout import (
    GREY,
    CheckBox,
    Paragraph,
    Part,
    page_template,
    para,
    styles,
    table_style,
    text,
)

TITLE = "Authentification de la copie de la pièce d'identité"
SUBJECT = "Page à compléter par le Président de la Compagnie : authentification de la copie"
HEADING = "Authentification de la copie"
# An ID card is 85.6 x 54 mm (ISO/IEC 7810 ID-1): each side of the copy has a box a little
# larger, one above the other, inside the margins.
ID_BOX = (100 * mm, 58 * mm)
SIGNATURE_HEIGHT = 32 * mm  # at least 25 mm to sign, under the name


def _box(label: str) -> Table:
    st = styles()
    return Table(
        [[Paragraph(text(label), st.small)]],
        colWidths=[ID_BOX[0]],
        rowHeights=[ID_BOX[1]],
        style=table_style(
            ("BOX", (0, 0), (-1, -1), 0.8, GREY),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ),
    )


def _means(label: str) -> Table:
    st = styles()
    return Table(
        [[CheckBox(), Paragraph(text(label), st.body)]],
        colWidths=[8 * mm, None],
        style=table_style(
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (0, -1), 2),
        ),
        hAlign="LEFT",
    )


def story(data: DossierData) -> list[Flowable]:
    """Where the ID copy is printed or stuck, and the President's attestation of what he did."""
    holder = require_holder(data, Document.ID_COPY)
    compagnie = data.compagnie
    st = styles()
    signed = "soussignée" if compagnie.feminine else "soussigné"
    return [
        Paragraph(text("COPIE DE LA PIÈCE D'IDENTITÉ"), st.title),
        Spacer(1, 4 * mm),
        Paragraph(
            text(
                f"Pièce d'identité de {holder.display_name}. Imprimez ou collez dans les cadres "
                "la copie en couleur du recto et du verso (ou joignez la copie à cette page)."
            ),
            st.body,
        ),
        Spacer(1, 2 * mm),
        _box("Recto"),
        Spacer(1, 3 * mm),
        _box("Verso"),
        Spacer(1, 5 * mm),
        para(f"<b>{text(HEADING)}</b>", st.heading),
        Paragraph(
            text(
                f"Je {signed}, {compagnie.president_signature_name}, "
                f"{compagnie.president_title} {compagnie.of_compagnie}, atteste avoir "
                f"authentifié la copie ci-dessus de la pièce d'identité de "
                f"{holder.display_name}, par le moyen de mon choix (cochez-le) :"
            ),
            st.body,
        ),
        _means("sur présentation de l'original ;"),
        _means("par un autre moyen : ............................................................"),
        Spacer(1, 3 * mm),
        Paragraph(text("Le ......... / ......... / ..............."), st.body),
        Spacer(1, 2 * mm),
        signature_table(data, f"Signature {compagnie.of_president}", SIGNATURE_HEIGHT),
    ]


def build(data: DossierData) -> Part:
    """The ID-copy page, in a file of its own."""
    return Part(templates=[page_template("copie-identite")], story=story(data))
