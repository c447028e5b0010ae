"""The bordereau: one page per envelope, what goes in it, with boxes to tick.

Each envelope says where it stands (to prepare, to send now, sent on its date); a framed
warning opens the first page when the ID has expired or expires within the guide's margin.
"""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table

from opalexe_cert.adapters.documents.data import (
    Document,
    DossierData,
    EnvelopePlan,
    IdState,
    Stage,
    envelopes,
    french_date,
    require_holder,
)
from opalexe_cert.adapters.documents.layout import (
    CONTENT_WIDTH,
    GREY,
    CheckBox,
    Paragraph,
    Part,
    notice_box,
    page_break,
    page_template,
    styles,
    table_style,
    text,
)
from opalexe_cert.domain import guide

TITLE = "Bordereau d'envoi du dossier"
SUBJECT = "Contenu de chaque enveloppe, avec les rappels de la procédure"


def id_warning(data: DossierData) -> str | None:
    """The framed warning: the ID expired, or expiring within the guide's 3 months."""
    if data.id_expiry is None or data.certeurope_stage is Stage.SENT:
        return None  # the dossier has left: the copy it holds was valid when it went
    day = data.next_sending_day()
    expiry = french_date(data.id_expiry)
    state = data.id_state_on(day)
    if state is IdState.EXPIRED:
        return (
            f"Attention : votre pièce d'identité a expiré le {expiry}. Le dossier exige la "
            "copie d'une pièce en cours de validité : joignez celle d'une autre pièce (et "
            "corrigez sa date avec « opalexe-cert start »)."
        )
    if state is IdState.EXPIRING:
        return (
            f"Attention : votre pièce d'identité expire le {expiry}, dans moins de "
            f"{guide.ID_MARGIN.text}. Le dossier doit arriver chez CertEurope avant cette "
            "date ; sinon, envoyez la copie d'une autre pièce."
        )
    return None


def _envelope(plan: EnvelopePlan) -> list[Flowable]:
    """One envelope's page: title, where it stands, its address, its items, the reminders."""
    st = styles()
    # a hanging indent: the lines of a reminder start under its text, not under its bullet
    reminder = ParagraphStyle("reminder", parent=st.small, leftIndent=4 * mm, bulletIndent=0)
    address_box = Table(
        [[Paragraph("<br/>".join(text(line) for line in plan.address), st.body)]],
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
        [[CheckBox(), Paragraph(text(item), st.body)] for item in plan.items],
        colWidths=[10 * mm, CONTENT_WIDTH - 10 * mm],
        style=table_style(
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (0, -1), 5),
            ("LEFTPADDING", (0, 0), (0, -1), 0),
            ("LINEBELOW", (0, 0), (-1, -1), 0.3, GREY),
        ),
    )
    tracking = "N° de suivi : " + "." * 34 if plan.tracked else ""
    sent_box = Table(
        [
            [
                Paragraph(text("Envoyée le : ........ / ........ / ............"), st.body),
                Paragraph(text(tracking), st.body),
            ]
        ],
        colWidths=[CONTENT_WIDTH / 2, CONTENT_WIDTH / 2],
        style=table_style(
            ("BOX", (0, 0), (-1, -1), 0.8, GREY),
            ("TOPPADDING", (0, 0), (-1, -1), 6),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ),
    )
    return [
        Paragraph(text(plan.title), st.title),
        Spacer(1, 3 * mm),
        Paragraph(f"<i>{text(plan.when)}</i>", st.centered),
        Spacer(1, 5 * mm),
        Paragraph(text("Adresse"), st.heading),
        address_box,
        Spacer(1, 4 * mm),
        Paragraph(text("À mettre dans l'enveloppe"), st.heading),
        item_table,
        Spacer(1, 4 * mm),
        Paragraph(text("Rappels"), st.heading),
        *[Paragraph(text(r), reminder, bulletText="•") for r in plan.reminders],
        Spacer(1, 4 * mm),
        sent_box,
    ]


def build(data: DossierData) -> Part:
    """Envelope 1 (to the President) and envelope 2 (to CertEurope), one page each."""
    require_holder(data, Document.BORDEREAU)
    first, second = envelopes(data)
    warning = id_warning(data)
    story: list[Flowable] = []
    if warning:
        story += [notice_box(warning), Spacer(1, 4 * mm)]
    story += [*_envelope(first), page_break(), *_envelope(second)]
    return Part(templates=[page_template("bordereau")], story=story)
