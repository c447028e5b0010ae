"""Return labels: the expert's address, to stick on the stamped envelope the President sends back.

A sheet of 14 labels of 99.1 x 38.1 mm (the common A4 2 x 7 label sheet), with light cutting
guides so that plain paper works too.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Spacer

from opalexe_cert.adapters.documents.data import Document, DossierData, require_holder
from opalexe_cert.adapters.documents.layout import (
    ASCENT,
    FONT_ITALIC,
    GREY,
    MARGIN_LEFT,
    PAGE_HEIGHT,
    Part,
    draw_lines,
    fitting_size,
    page_template,
)

TITLE = "Étiquettes de retour"
SUBJECT = "Votre adresse, pour l'enveloppe timbrée de retour jointe à l'envoi au Président"

LABEL_WIDTH = 99.1 * mm
LABEL_HEIGHT = 38.1 * mm
COLUMNS = 2
ROWS = 7
SHEET_LEFT = 4.65 * mm
SHEET_TOP = 15.15 * mm
COLUMN_PITCH = 101.6 * mm
LABEL_PADDING = 7 * mm


def label_origins() -> list[tuple[float, float]]:
    """Left and top (from the page's top) of every label, row by row."""
    return [
        (SHEET_LEFT + column * COLUMN_PITCH, SHEET_TOP + row * LABEL_HEIGHT)
        for row in range(ROWS)
        for column in range(COLUMNS)
    ]


def build(data: DossierData) -> Part:
    """A full sheet of labels with the holder's address (NF Z10-011)."""
    holder = require_holder(data, Document.RETURN_LABEL)
    lines = holder.postal_lines()
    size = fitting_size(lines, LABEL_WIDTH - 2 * LABEL_PADDING, LABEL_HEIGHT - 2 * 4 * mm, start=11)
    block_height = (len(lines) - 1) * size * 1.2 + size * ASCENT

    def sheet(canvas: Canvas, _doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT_ITALIC, 8)
        canvas.setFillColor(GREY)
        canvas.drawString(
            MARGIN_LEFT,
            PAGE_HEIGHT - 9 * mm,
            "Étiquettes de retour : à coller sur l'enveloppe timbrée jointe à l'envoi "
            "au Président (planche de 2 × 7 étiquettes, ou à découper).",
        )
        canvas.setStrokeColor(GREY)
        canvas.setLineWidth(0.3)
        canvas.setDash(2, 2)
        canvas.setFillColorRGB(0, 0, 0)
        for left, top in label_origins():
            canvas.rect(left, PAGE_HEIGHT - top - LABEL_HEIGHT, LABEL_WIDTH, LABEL_HEIGHT)
            text_top = top + (LABEL_HEIGHT - block_height) / 2
            draw_lines(canvas, left + LABEL_PADDING, text_top, lines, size=size)
        canvas.restoreState()

    return Part(templates=[page_template("etiquette", on_page=sheet)], story=[Spacer(1, 1)])
