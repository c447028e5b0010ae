"""The attestation of membership of the compagnie, pre-filled, for the President to sign.

When CertEurope's dossier holds its own pre-filled attestation (``attestation_included``,
the default), that one is signed: this one says so at its top and serves as a model.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table

from opalexe_cert.adapters.documents.data import Document, DossierData, group_siren, require_holder
from opalexe_cert.adapters.documents.layout import (
    CONTENT_WIDTH,
    FONT_BOLD,
    GREY,
    Paragraph,
    Part,
    email_markup,
    notice_box,
    page_template,
    para,
    styles,
    table_style,
    text,
)

TITLE = "Attestation d'appartenance à la Compagnie"
SUBJECT = "Attestation à signer par le Président de la Compagnie, pour le dossier CertEurope"
MODEL_NOTICE = (
    "Modèle pour mémoire : l'attestation à faire signer est celle, préremplie, que contient le "
    "dossier de CertEurope. Ne faites pas signer celle-ci en plus."
)


def signature_table(data: DossierData, first: str, height: float) -> Table:
    st = styles()
    compagnie = data.compagnie
    half = CONTENT_WIDTH / 2
    return Table(
        [
            [
                para(f"<b>{text(first)}</b>", st.small),
                para("<b>Cachet de la Compagnie</b>", st.small),
            ],
            [Paragraph(text(compagnie.president_signature_name), st.small), ""],
        ],
        colWidths=[half, half],
        rowHeights=[None, height],
        style=table_style(
            ("BOX", (0, 0), (0, -1), 0.8, GREY),
            ("BOX", (1, 0), (1, -1), 0.8, GREY),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ),
    )


# The value column of the identity table, inside its cells' padding (6 points each side).
VALUE_WIDTH = CONTENT_WIDTH - 55 * mm - 12


def _cell(label: str, value: str) -> str:
    """A value of the identity table; an e-mail too long for its cell breaks before its
    domain, never inside a word."""
    if label == "Courriel":
        return email_markup(value, FONT_BOLD, styles().body.fontSize, VALUE_WIDTH)
    return text(value)


def build(data: DossierData) -> Part:
    """The compagnie's heading, the attestation, the holder's identity and the signature area."""
    holder = require_holder(data, Document.ATTESTATION)
    compagnie = data.compagnie
    st = styles()
    signed = "soussignée" if compagnie.feminine else "soussigné"
    listed = holder.agree("inscrit", "inscrite")
    identity = [
        ("Civilité", holder.civility),
        ("Nom", holder.family),
        ("Prénoms", holder.given),
        ("SIREN (personne physique)", group_siren(holder.siren)),
        ("Adresse", ", ".join(holder.address.envelope())),  # as the address screen showed it
    ]
    if holder.email:
        identity.append(("Courriel", holder.email))
    identity_table = Table(
        [
            [
                Paragraph(text(label), st.body),
                # an e-mail too long for its cell breaks before its domain, not anywhere
                para(f"<b>{_cell(label, value)}</b>", st.body),
            ]
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
    story: list[Flowable] = []
    if data.attestation_included:
        story += [notice_box(MODEL_NOTICE), Spacer(1, 6 * mm)]
    story += [
        para(f"<b>{text(compagnie.name)}</b>", st.centered),
        Paragraph(
            text(compagnie.court_phrase[0].upper() + compagnie.court_phrase[1:]), st.centered
        ),
        Paragraph(text(compagnie.address.one_line()), st.centered),
        Spacer(1, 12 * mm),
        Paragraph(text("ATTESTATION D'APPARTENANCE À LA COMPAGNIE"), st.title),
        Spacer(1, 10 * mm),
        para(
            f"{text(f'Je {signed}, {compagnie.president_signature_name}, ')}"
            f"{text(f'{compagnie.president_title} {compagnie.of_compagnie}, atteste que ')}"
            f"<b>{text(holder.display_name)}</b>"
            f"{text(f', {listed} sur la liste des experts de la {compagnie.court_phrase}, ')}"
            f"{text('est membre de la Compagnie.')}",
            st.body,
        ),
        Spacer(1, 3 * mm),
        identity_table,
        Spacer(1, 6 * mm),
        Paragraph(
            text(
                "La présente attestation est délivrée pour servir auprès de CertEurope à "
                "l'obtention d'un certificat d'authentification permettant l'accès à la "
                "plateforme OPALEXE."
            ),
            st.body,
        ),
        Spacer(1, 8 * mm),
        Paragraph(
            text("Fait à ..................................................,")
            + text(" le ......... / ......... / ..............."),
            st.body,
        ),
        Spacer(1, 6 * mm),
        signature_table(data, f"Signature {compagnie.of_president}", 42 * mm),
    ]
    return Part(templates=[page_template("attestation")], story=story)
