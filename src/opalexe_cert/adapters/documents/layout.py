"""The shared layout of the dossier's PDFs: page, fonts, styles and the French letter skeleton.

Every document is a ``Part`` (its page templates and its story); ``render`` puts one or more
parts into a PDF, so a document alone and the complete dossier come from the same code. A
letter is described by a ``Letter`` (what it says) and laid out by ``letter_part`` (where it
goes): sender top left, recipient in the window of a DL envelope, place and date, *Objet*,
vedette, body, the vedette again in the formule de politesse, signature, *Pièces jointes*.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import reportlab
from reportlab.lib.colors import Color, black
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    TableStyle,
)

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_LEFT = 20 * mm
MARGIN_RIGHT = 20 * mm
MARGIN_TOP = 15 * mm
MARGIN_BOTTOM = 18 * mm
CONTENT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT

# The window of a French DL envelope (SPEC section 5): the recipient block starts 110 mm from
# the left edge, its top 50 to 55 mm from the top, and fits in 85 x 33 mm.
WINDOW_LEFT = 110 * mm
WINDOW_TOP = 50 * mm
WINDOW_WIDTH = 85 * mm
WINDOW_HEIGHT = 33 * mm
ADDRESS_TOP = 52 * mm
LETTER_BODY_TOP = 88 * mm

# Bitstream Vera ships inside reportlab (a runtime dependency), so it is there on every
# machine after ``pip install``; its licence allows embedding, and it covers French.
FONT_DIR = Path(reportlab.__file__).parent / "fonts"
FONT = "OpalexeSans"
FONT_BOLD = "OpalexeSans-Bold"
FONT_ITALIC = "OpalexeSans-Italic"
FONT_BOLD_ITALIC = "OpalexeSans-BoldItalic"
FONT_FILES = {
    FONT: "Vera.ttf",
    FONT_BOLD: "VeraBd.ttf",
    FONT_ITALIC: "VeraIt.ttf",
    FONT_BOLD_ITALIC: "VeraBI.ttf",
}
# Ascent of the font (fraction of its size): places a block by the top of its letters.
ASCENT = 0.76
FRENCH_CHARACTERS = (
    "ÀÂÆÇÉÈÊËÎÏÔŒÙÛÜŸàâæçéèêëîïôœùûüÿ"
    "’‘“”«»–—…€°\u00a0"
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'-.,;:!?()/@&"
)
GREY = Color(0.45, 0.45, 0.45)
NBSP = "\u00a0"


def missing_glyphs(text: str = FRENCH_CHARACTERS) -> dict[str, str]:
    """The characters of ``text`` each font of the family lacks (font -> characters)."""
    missing: dict[str, str] = {}
    for name, filename in FONT_FILES.items():
        face = TTFont(name, str(FONT_DIR / filename)).face
        lacking = "".join(c for c in dict.fromkeys(text) if ord(c) not in face.charToGlyph)
        if lacking:
            missing[name] = lacking
    return missing


@cache
def register_fonts() -> None:
    """Register the embedded TrueType family once per process."""
    for name, filename in FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / filename)))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC
    )


@dataclass(frozen=True)
class Styles:
    """The paragraph styles every document shares."""

    body: ParagraphStyle
    small: ParagraphStyle
    title: ParagraphStyle
    heading: ParagraphStyle
    centered: ParagraphStyle
    right_block: ParagraphStyle
    enclosure: ParagraphStyle


@cache
def styles() -> Styles:
    """The shared styles (the fonts are registered first)."""
    register_fonts()
    body = ParagraphStyle(
        "body",
        fontName=FONT,
        bulletFontName=FONT,
        fontSize=10.5,
        leading=14.5,
        spaceAfter=7,
        textColor=black,
    )
    return Styles(
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=9, leading=11.5, spaceAfter=3),
        title=ParagraphStyle(
            "title", parent=body, fontName=FONT_BOLD, fontSize=15, leading=19, alignment=TA_CENTER
        ),
        heading=ParagraphStyle(
            "heading", parent=body, fontName=FONT_BOLD, fontSize=12, leading=15, spaceBefore=6
        ),
        centered=ParagraphStyle("centered", parent=body, alignment=TA_CENTER, spaceAfter=2),
        right_block=ParagraphStyle(
            "right_block", parent=body, leftIndent=WINDOW_LEFT - MARGIN_LEFT, spaceAfter=0
        ),
        enclosure=ParagraphStyle(
            "enclosure", parent=body, leftIndent=6 * mm, bulletIndent=0, spaceAfter=2
        ),
    )


def text(value: str) -> str:
    """User data made safe for a reportlab paragraph (``&``, ``<`` and ``>`` escaped)."""
    return escape(value)


@dataclass
class Part:
    """One document inside a PDF: its page templates (the first one opens it) and its story."""

    templates: list[PageTemplate]
    story: list[Flowable] = field(default_factory=list)


@dataclass(frozen=True)
class Metadata:
    """The PDF's information dictionary."""

    title: str
    author: str
    subject: str


def render(parts: Sequence[Part], metadata: Metadata, target: Path) -> None:
    """Write ``parts`` one after the other into the PDF ``target``.

    ``invariant`` fixes the dates and the document id, so the same data and date give the
    same bytes: the dossier can be regenerated and compared.
    """
    register_fonts()
    document = BaseDocTemplate(
        str(target),
        pagesize=A4,
        title=metadata.title,
        author=metadata.author,
        subject=metadata.subject,
        creator="opalexe-cert",
        lang="fr-FR",
        invariant=1,
        initialFontName=FONT,  # else every page references a non-embedded Helvetica
        initialFontSize=10,
        leftMargin=MARGIN_LEFT,
        rightMargin=MARGIN_RIGHT,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
    )
    story: list[Flowable] = []
    for index, part in enumerate(parts):
        document.addPageTemplates(part.templates)
        if index > 0:
            story += [NextPageTemplate(part.templates[0].id), PageBreak()]
        story += part.story
    document.build(story)


OnPage = Callable[[Canvas, Any], None]


def page_template(
    template_id: str,
    *,
    top: float = MARGIN_TOP,
    on_page: OnPage | None = None,
    next_id: str | None = None,
) -> PageTemplate:
    """An A4 page with one frame inside the margins, starting ``top`` below the page's top."""
    frame = Frame(
        MARGIN_LEFT,
        MARGIN_BOTTOM,
        CONTENT_WIDTH,
        PAGE_HEIGHT - top - MARGIN_BOTTOM,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id=f"{template_id}-frame",
    )
    kwargs: dict[str, Any] = {"autoNextPageTemplate": next_id} if next_id else {}
    if on_page is not None:
        kwargs["onPage"] = on_page
    return PageTemplate(id=template_id, frames=[frame], pagesize=A4, **kwargs)


def draw_lines(
    canvas: Canvas,
    x: float,
    top: float,
    lines: Sequence[str],
    *,
    size: float,
    leading: float | None = None,
    bold_first: bool = False,
) -> None:
    """Draw ``lines`` from ``x``, the top of their first line ``top`` below the page's top."""
    leading = leading or size * 1.2
    baseline = PAGE_HEIGHT - top - size * ASCENT
    for index, line in enumerate(lines):
        canvas.setFont(FONT_BOLD if bold_first and index == 0 else FONT, size)
        canvas.drawString(x, baseline - index * leading, line)


def fitting_size(lines: Sequence[str], width: float, height: float, start: float = 10.5) -> float:
    """The largest font size (from ``start`` down) at which ``lines`` fit in width x height."""
    size = start
    while size > 6:
        widest = max(pdfmetrics.stringWidth(line, FONT, size) for line in lines)
        if widest <= width and len(lines) * size * 1.2 <= height:
            return size
        size -= 0.5
    return size


@dataclass(frozen=True)
class Letter:
    """What a letter says; ``letter_part`` lays it out the French way.

    All strings are plain text (escaped here). ``vedette`` has no comma: it opens the letter
    (« Monsieur le Président, ») and is repeated in the formule de politesse
    (« Je vous prie d'agréer, Monsieur le Président, {closing} »).
    """

    key: str
    sender: Sequence[str]
    recipient: Sequence[str]
    place_date: str
    subject: str
    vedette: str
    paragraphs: Sequence[str]
    closing: str
    signature: str
    enclosures: Sequence[str]


def letter_part(letter: Letter) -> Part:
    """The pages of a letter: first page with the sender and window blocks, then plain pages."""
    st = styles()

    def first_page(canvas: Canvas, _doc: Any) -> None:
        canvas.saveState()
        draw_lines(canvas, MARGIN_LEFT, MARGIN_TOP, letter.sender, size=9.5, bold_first=True)
        size = fitting_size(
            letter.recipient, WINDOW_WIDTH, WINDOW_HEIGHT - (ADDRESS_TOP - WINDOW_TOP)
        )
        draw_lines(canvas, WINDOW_LEFT, ADDRESS_TOP, letter.recipient, size=size)
        canvas.restoreState()

    first = page_template(
        f"{letter.key}-first", top=LETTER_BODY_TOP, on_page=first_page, next_id=f"{letter.key}-next"
    )
    following = page_template(f"{letter.key}-next")
    enclosures: list[Flowable] = [Paragraph("<b>Pièces jointes :</b>", st.body)]
    enclosures += [
        Paragraph(text(item), st.enclosure, bulletText=f"{number}.")
        for number, item in enumerate(letter.enclosures, start=1)
    ]
    story: list[Flowable] = [
        Paragraph(text(letter.place_date), st.right_block),
        Spacer(1, 9 * mm),
        Paragraph(f"<b>Objet :</b> {text(letter.subject)}", st.body),
        Spacer(1, 5 * mm),
        Paragraph(f"{text(letter.vedette)},", st.body),
        *[Paragraph(text(p), st.body) for p in letter.paragraphs],
        Paragraph(
            f"Je vous prie d'agréer, {text(letter.vedette)}, {text(letter.closing)}", st.body
        ),
        KeepTogether(
            [
                Spacer(1, 16 * mm),
                Paragraph(text(letter.signature), st.right_block),
                Spacer(1, 10 * mm),
                *enclosures,
            ]
        ),
    ]
    return Part(templates=[first, following], story=story)


class CheckBox(Flowable):  # type: ignore[misc]
    """An empty square to tick by hand (drawn, so that no font needs a ballot-box glyph)."""

    def __init__(self, side: float = 4 * mm) -> None:
        super().__init__()
        self.side = side

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        """The box's own size."""
        return self.side, self.side

    def draw(self) -> None:
        """A thin square."""
        self.canv.setLineWidth(0.8)
        self.canv.rect(0, 0, self.side, self.side)


def table_style(*commands: tuple[Any, ...]) -> TableStyle:
    """A table style on the embedded font (reportlab's default would add a Helvetica)."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), *commands])


def page_break() -> PageBreak:
    """A page break (so that document modules need not import platypus for it)."""
    return PageBreak()
