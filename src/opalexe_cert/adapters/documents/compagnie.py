"""The compagnie's PDFs: every member's attestation (the expert's own, ``attestation.build``),
all of them in one file to sign in one sitting, the list of the attestations made, and the
President's one-page report with a bar chart of expiries by quarter.

Everything is made in memory first; ``write_all`` writes all files or none.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table

from opalexe_cert.adapters.documents import attestation
from opalexe_cert.adapters.documents.data import (
    Document,
    DossierData,
    Holder,
    group_siren,
)
from opalexe_cert.adapters.documents.dossier import render_document, write_files
from opalexe_cert.adapters.documents.layout import (
    CONTENT_WIDTH,
    GREY,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    PAGE_HEIGHT,
    Metadata,
    Paragraph,
    Part,
    page_template,
    para,
    render,
    styles,
    table_style,
    text,
)
from opalexe_cert.domain.address import AddressError, name_line
from opalexe_cert.domain.compagnie import Compagnie
from opalexe_cert.domain.dates import format_date
from opalexe_cert.domain.errors import InputError
from opalexe_cert.domain.roster import STATE_LABELS, STATES, Member, MemberStatus, counts
from opalexe_cert.domain.vocabulary import Handover

COMBINED = "attestations-a-signer.pdf"
LISTING = "liste-des-attestations.pdf"


def _slug(value: str) -> str:
    """``d'Aubigné-Lœwenbruck`` -> ``daubigne-loewenbruck``: a portable file name part."""
    value = value.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE")
    bare = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", bare.lower()).strip("-")[:40] or "membre"


def filename(member: Member) -> str:
    """``attestation-732829320-durand.pdf``: the SIREN keeps names unique."""
    return f"attestation-{member.siren}-{_slug(member.surname)}.pdf"


def member_data(member: Member, compagnie: Compagnie, today: dt.date) -> DossierData:
    """The attestation's data for ``member``; ``ValueError`` with the French reasons (joined
    by « ; ») when a value it prints is missing or cannot be printed."""
    reasons = []
    if member.civility is None:
        reasons.append("civilité absente")
    if not member.given_names:
        reasons.append("prénoms absents")
    if member.address is None:
        reasons.append("adresse absente")
    elif member.address.problem is not None:  # read from the roster, never parsed again
        reasons.append(f"adresse impossible à imprimer ({member.address.problem})")
    if member.listing_end is not None and member.listing_end < today:
        reasons.append(
            f"inscription sur la liste terminée le {format_date(member.listing_end)} "
            "(l'attestation suppose un membre inscrit)"
        )
    if reasons:
        raise ValueError(" ; ".join(reasons))
    assert member.civility is not None and member.address is not None
    holder = Holder(
        civility=member.civility,
        surname=member.surname,
        given_names=member.given_names,
        siren=member.siren,
        address=member.address,
        email=member.email,
    )
    try:
        name_line(holder.civility, holder.given, holder.family)
    except AddressError as error:
        raise ValueError(f"nom impossible à imprimer ({error})") from None
    # The attestation page alone: the President certifies an ID copy only with the member
    # present (``handover`` courier leaves that page out), and this attestation is the one
    # signed (not a model of CertEurope's).
    return DossierData(
        holder=holder,
        compagnie=compagnie,
        letter_date=today,
        handover=Handover.COURIER,
        attestation_included=False,
    )


@dataclass(frozen=True)
class Unprintable:
    """A member whose attestation cannot be printed, and why."""

    member: Member
    reason: str


class AttestationsRefused(InputError):
    """Some attestations cannot be printed: nothing is written."""

    def __init__(self, refused: list[Unprintable]) -> None:
        lines = "\n".join(
            f"  • ligne {u.member.row}, {u.member.name or u.member.surname} "
            f"(SIREN {u.member.siren}) — {u.reason}"
            for u in refused
        )
        count = len(refused)
        plural = "s" if count > 1 else ""
        super().__init__(
            f"{count} attestation{plural} ne peu{'ven' if count > 1 else ''}t pas être "
            f"préparée{plural} (aucun fichier n'a été écrit) :\n{lines}\nComplétez la liste des "
            "membres (civilité, prénoms, adresse) puis relancez la commande."
        )
        self.refused = refused


def attestation_files(
    members: Sequence[Member],
    compagnie: Compagnie,
    today: dt.date,
    tick: Callable[[], None] = lambda: None,
) -> dict[str, bytes]:
    """Every member's attestation, the combined file and the list, in memory (file name ->
    PDF); ``AttestationsRefused`` naming every member that cannot be printed, before any
    PDF is made."""
    datas: list[tuple[Member, DossierData]] = []
    refused: list[Unprintable] = []
    for member in members:
        try:
            datas.append((member, member_data(member, compagnie, today)))
        except ValueError as error:
            refused.append(Unprintable(member, str(error)))
    if refused:
        raise AttestationsRefused(refused)
    files: dict[str, bytes] = {}
    for member, data in datas:
        try:
            files[filename(member)] = render_document(data, Document.ATTESTATION)
        except InputError as error:
            raise AttestationsRefused([Unprintable(member, error.message)]) from None
        tick()
    combined = [attestation.build(data) for _m, data in datas]
    files[COMBINED] = _pdf(
        combined,
        Metadata(
            f"Attestations d'appartenance à signer ({len(datas)})",
            compagnie.president_signature_name,
            f"Attestations à signer par {compagnie.the_president} {compagnie.of_compagnie}",
            today,
        ),
    )
    files[LISTING] = _pdf(
        [_listing_part(members, compagnie, today)],
        Metadata(
            "Liste des attestations d'appartenance préparées",
            compagnie.name,
            "Pour les archives du secrétariat",
            today,
        ),
    )
    return files


def _pdf(parts: list[Part], metadata: Metadata) -> bytes:
    buffer = io.BytesIO()
    render(parts, metadata, buffer)
    return buffer.getvalue()


def _listing_part(members: Sequence[Member], compagnie: Compagnie, today: dt.date) -> Part:
    st = styles()
    rows: list[list[Flowable | str]] = [
        [
            para(f"<b>{text(label)}</b>", st.small)
            for label in ("Membre", "SIREN", "Préparée le", "Signée le")
        ]
    ]
    prepared = today.strftime("%d/%m/%Y")
    for member in members:
        rows.append(
            [
                Paragraph(text(member.name or member.surname), st.small),
                Paragraph(text(group_siren(member.siren)), st.small),
                Paragraph(text(prepared), st.small),
                "",
            ]
        )
    table = Table(
        rows,
        colWidths=[80 * mm, 30 * mm, 30 * mm, CONTENT_WIDTH - 140 * mm],
        repeatRows=1,
        style=table_style(
            ("GRID", (0, 0), (-1, -1), 0.4, GREY),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 1),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ),
    )
    count = len(members)
    plural = "s" if count > 1 else ""
    story: list[Flowable] = [
        para(f"<b>{text(compagnie.name)}</b>", st.centered),
        Spacer(1, 4 * mm),
        Paragraph(text("LISTE DES ATTESTATIONS D'APPARTENANCE PRÉPARÉES"), st.title),
        Spacer(1, 4 * mm),
        Paragraph(
            text(
                f"{count} attestation{plural} préparée{plural} le {format_date(today)}, à "
                f"signer par {compagnie.the_president} ({COMBINED})."
            ),
            st.body,
        ),
        Spacer(1, 2 * mm),
        table,
    ]
    return Part(templates=[page_template("compagnie-list")], story=story)


# --- the President's report -----------------------------------------------------------------------

QUARTERS = 12  # the next three years


def quarter_of(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarters(today: dt.date, count: int = QUARTERS) -> list[tuple[int, int]]:
    """The quarters from today's on."""
    year, quarter = quarter_of(today)
    found = []
    for _ in range(count):
        found.append((year, quarter))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return found


def expiries_by_quarter(
    items: Sequence[MemberStatus], today: dt.date
) -> list[tuple[tuple[int, int], int]]:
    """How many certificates expire in each of the next quarters (today's quarter first)."""
    wanted = quarters(today)
    counted = dict.fromkeys(wanted, 0)
    for item in items:
        expiry = item.member.certificate_expiry
        if expiry is not None and expiry >= today and quarter_of(expiry) in counted:
            counted[quarter_of(expiry)] += 1
    return [(q, counted[q]) for q in wanted]


def _chart(data: list[tuple[tuple[int, int], int]]) -> Flowable:
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib.colors import Color

    from opalexe_cert.adapters.documents.layout import FONT

    width, height = CONTENT_WIDTH, 62 * mm
    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 12 * mm, 12 * mm
    chart.width, chart.height = width - 16 * mm, height - 20 * mm
    values = [n for _q, n in data]
    chart.data = [values]
    chart.bars[0].fillColor = Color(0.2, 0.35, 0.6)
    chart.valueAxis.valueMin = 0
    top = max([*values, 1])
    step = max(1, -(-top // 5))
    chart.valueAxis.valueMax = step * 5
    chart.valueAxis.valueStep = step
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.categoryAxis.categoryNames = [f"T{q} {y}" for (y, q), _n in data]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 7
    chart.barLabels.nudge = 6
    drawing.add(chart)
    drawing.add(
        String(
            0,
            height - 5 * mm,
            "Certificats arrivant à expiration, par trimestre",
            fontName=FONT,
            fontSize=9,
        )
    )
    return drawing


def _height(flowables: Sequence[Flowable]) -> float:
    """The height the flowables take in the page's width (spaces between paragraphs too)."""
    total = 0.0
    for flowable in flowables:
        total += flowable.wrap(CONTENT_WIDTH, PAGE_HEIGHT)[1]
        total += flowable.getSpaceBefore() + flowable.getSpaceAfter()
    return total


def _contact_table(rows: list[list[Flowable]]) -> Table:
    return Table(
        rows,
        colWidths=[50 * mm, 32 * mm, CONTENT_WIDTH - 82 * mm],
        style=table_style(
            ("GRID", (0, 0), (-1, -1), 0.4, GREY),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 1),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ),
    )


def report_pdf(
    items: Sequence[MemberStatus], compagnie: Compagnie, today: dt.date, note: str
) -> bytes:
    """The President's one-page report: as many members to contact as fit, the rest counted."""
    st = styles()
    numbers = counts(items)
    count_table = Table(
        [
            [Paragraph(text(STATE_LABELS[s].capitalize()), st.small) for s in STATES],
            [para(f"<b>{numbers[s]}</b>", st.centered) for s in STATES],
        ],
        colWidths=[CONTENT_WIDTH / len(STATES)] * len(STATES),
        style=table_style(
            ("GRID", (0, 0), (-1, -1), 0.4, GREY), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")
        ),
    )
    contact = [i for i in items if i.to_contact]
    story: list[Flowable] = [
        para(f"<b>{text(compagnie.name)}</b>", st.centered),
        Paragraph(text(f"Certificats OPALEXE des membres au {format_date(today)}"), st.title),
        Spacer(1, 3 * mm),
        Paragraph(
            text(f"{len(items)} membre{'s' if len(items) > 1 else ''} dans la liste."), st.body
        ),
        count_table,
        Spacer(1, 3 * mm),
        _chart(expiries_by_quarter(items, today)),
        Spacer(1, 2 * mm),
        Paragraph(text(f"Membres à contacter ({len(contact)})"), st.heading),
    ]
    end = [Spacer(1, 2 * mm), Paragraph(text(note), st.small)]
    room = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM - _height([*story, *end]) - 8 * mm
    rows: list[list[Flowable]] = [
        [para(f"<b>{label}</b>", st.small) for label in ("Membre", "État", "À faire")]
    ]
    for shown, item in enumerate(contact):
        row: list[Flowable] = [
            Paragraph(text(item.member.name or item.member.surname), st.small),
            Paragraph(text(STATE_LABELS[item.state]), st.small),
            Paragraph(text(item.reasons[0] if item.reasons else ""), st.small),
        ]
        rest = len(contact) - shown
        more = [] if rest == 1 else [_more(rest - 1)]
        if _height([_contact_table([*rows, row]), *more]) > room:
            break
        rows.append(row)
    if len(rows) > 1:
        story.append(_contact_table(rows))
    elif not contact:
        story.append(Paragraph(text("Aucun : tous les certificats sont à jour."), st.body))
    if len(contact) > len(rows) - 1:
        story.append(_more(len(contact) - len(rows) + 1))
    story += end
    metadata = Metadata(
        "Bilan des certificats OPALEXE des membres", compagnie.name, compagnie.name, today
    )
    return _pdf([Part(templates=[page_template("compagnie-report")], story=story)], metadata)


def _more(rest: int) -> Paragraph:
    """« … et 12 autres », the members to contact that the page has no room for."""
    return Paragraph(
        text(
            f"… et {rest} autre{'s' if rest > 1 else ''} : la liste complète est donnée par "
            "« opalexe-cert compagnie status »."
        ),
        styles().small,
    )


# --- writing -------------------------------------------------------------------------------------


def write_all(directory: Path, files: dict[str, bytes]) -> list[Path]:
    """Write every file into ``directory`` (created if need be), or none (``print-dossier``'s
    own all-or-nothing writer). Returns the paths written."""
    paths = {directory / name: content for name, content in files.items()}
    write_files(directory, paths)
    return list(paths)
