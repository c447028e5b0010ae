"""Labels: one per envelope the expert needs, on a common A4 sheet of 2 x 7 labels.

Envelope 1 to the President, the stamped return envelope to the expert (it goes inside
envelope 1), and envelope 2 to CertEurope once its address is known. The cutting guides are
drawn in the sheet's margins, outside the labels, so that nothing prints on a label's edge.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Spacer

from opalexe_cert.adapters.documents.data import (
    Document,
    DossierData,
    certeurope_postal_lines,
    president_postal_lines,
    require_holder,
)
from opalexe_cert.adapters.documents.layout import (
    ASCENT,
    FONT_ITALIC,
    GREY,
    MARGIN_LEFT,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    Part,
    draw_lines,
    fitting_size,
    fr,
    page_template,
)

TITLE = "Étiquettes des enveloppes"
SUBJECT = "Une étiquette par enveloppe : Président, retour, CertEurope"

LABEL_WIDTH = 99.1 * mm
LABEL_HEIGHT = 38.1 * mm
COLUMNS = 2
ROWS = 7
SHEET_LEFT = 4.65 * mm
SHEET_TOP = 15.15 * mm
COLUMN_PITCH = 101.6 * mm
LABEL_PADDING = 7 * mm
MARK = 3 * mm  # length of a cutting guide, in the margin


def label_origins() -> list[tuple[float, float]]:
    """Left and top (from the page's top) of every label, row by row."""
    return [
        (SHEET_LEFT + column * COLUMN_PITCH, SHEET_TOP + row * LABEL_HEIGHT)
        for row in range(ROWS)
        for column in range(COLUMNS)
    ]


def labels(data: DossierData) -> list[tuple[str, list[str]]]:
    """What each label is for, and its lines."""
    holder = require_holder(data, Document.RETURN_LABEL)
    the = data.compagnie.to_president
    found = [
        (f"enveloppe n° 1, {the}", president_postal_lines(data.compagnie)),
        (
            "enveloppe timbrée de retour, à votre adresse (dans l'enveloppe n° 1)",
            holder.postal_lines(),
        ),
    ]
    if data.certeurope_address:
        found.append(
            ("enveloppe n° 2, à CertEurope", certeurope_postal_lines(data.certeurope_address))
        )
    return found


def _cutting_guides(canvas: Canvas) -> None:
    """Short lines in the margins, in line with the labels' edges (never on a label)."""
    canvas.setStrokeColor(GREY)
    canvas.setLineWidth(0.3)
    sheet_bottom = SHEET_TOP + ROWS * LABEL_HEIGHT
    for column in range(COLUMNS):
        for x in (
            SHEET_LEFT + column * COLUMN_PITCH,
            SHEET_LEFT + column * COLUMN_PITCH + LABEL_WIDTH,
        ):
            canvas.line(
                x, PAGE_HEIGHT - SHEET_TOP + 1 * mm, x, PAGE_HEIGHT - SHEET_TOP + 1 * mm + MARK
            )
            canvas.line(
                x,
                PAGE_HEIGHT - sheet_bottom - 1 * mm,
                x,
                PAGE_HEIGHT - sheet_bottom - 1 * mm - MARK,
            )
    for row in range(ROWS + 1):
        y = PAGE_HEIGHT - SHEET_TOP - row * LABEL_HEIGHT
        canvas.line(0.5 * mm, y, SHEET_LEFT - 1 * mm, y)
        canvas.line(PAGE_WIDTH - 0.5 * mm, y, SHEET_LEFT + COLUMN_PITCH + LABEL_WIDTH + 1 * mm, y)


def build(data: DossierData) -> Part:
    """The labels, in order, each with its address (NF Z10-011)."""
    found = labels(data)
    sizes = [
        fitting_size(lines, LABEL_WIDTH - 2 * LABEL_PADDING, LABEL_HEIGHT - 2 * 4 * mm, start=11)
        for _, lines in found
    ]
    positions = ["en haut à gauche", "en haut à droite", "2e rangée, à gauche"]
    legend = [
        f"Étiquette {pos} : {what}." for pos, (what, _) in zip(positions, found, strict=False)
    ]

    def sheet(canvas: Canvas, _doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT_ITALIC, 7.5)
        canvas.setFillColor(GREY)
        canvas.drawString(
            MARGIN_LEFT,
            PAGE_HEIGHT - 8 * mm,
            fr("Une étiquette par enveloppe : planche de 2 × 7 étiquettes de 99,1 × 38,1 mm, "
               "ou papier à découper suivant les repères des marges."),
        )  # fmt: skip
        bottom = SHEET_TOP + ROWS * LABEL_HEIGHT + 4 * mm
        for index, line in enumerate(legend):
            canvas.drawString(MARGIN_LEFT, PAGE_HEIGHT - bottom - index * 3.4 * mm, fr(line))
        _cutting_guides(canvas)
        canvas.setFillColorRGB(0, 0, 0)
        for (left, top), (_, lines), size in zip(label_origins(), found, sizes, strict=False):
            block_height = (len(lines) - 1) * size * 1.2 + size * ASCENT
            text_top = top + (LABEL_HEIGHT - block_height) / 2
            draw_lines(canvas, left + LABEL_PADDING, text_top, lines, size=size)
        canvas.restoreState()

    return Part(templates=[page_template("etiquette", on_page=sheet)], story=[Spacer(1, 1)])
