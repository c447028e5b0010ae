"""The shared layout of the dossier's PDFs: page, fonts, styles and the French letter skeleton.

Every document is a ``Part`` (its page templates and its story); ``render`` puts one or more
parts into a PDF, so a document alone and the complete dossier come from the same code. A
letter is described by a ``Letter`` (what it says) and laid out by ``letter_part`` (where it
goes): sender top left, recipient in the window of a DL envelope, place and date, *Objet*,
vedette, body, the vedette again in the formule de politesse, signature, *Pièces jointes*.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib.colors import Color, black
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
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
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus import Paragraph as PlatypusParagraph

from opalexe_cert.adapters.documents.fonts import load_font, paused_collector
from opalexe_cert.domain.typography import NNBSP, french, keep_together

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_LEFT = 20 * mm
MARGIN_RIGHT = 20 * mm
MARGIN_TOP = 15 * mm
MARGIN_BOTTOM = 18 * mm
CONTENT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT

# The window of a French DL envelope: the recipient block starts 110 mm from
# the left edge, its top 50 to 55 mm from the top, and fits in 85 x 33 mm. Folded in three
# into a DL envelope, the letter can show anything in the zone from 95 to 200 mm from the left
# and 40 to 100 mm from the top: nothing but the recipient's address is drawn there.
WINDOW_LEFT = 110 * mm
WINDOW_TOP = 50 * mm
WINDOW_WIDTH = 85 * mm
WINDOW_HEIGHT = 33 * mm
ADDRESS_TOP = 52 * mm
LETTER_BODY_TOP = 103 * mm
SENDER_WIDTH = 72 * mm  # the sender block stays left of the window zone (and under 80 mm)
SIGNATURE_SPACE = 25 * mm  # room to sign by hand, above the name
FOLD_MARKS = (99 * mm, 198 * mm)  # from the top: a letter folded in three for a DL envelope

# DejaVu Sans ships inside the package (``opalexe_cert/fonts``, with its licence, which allows
# embedding): it covers French and Latin Extended-A and B (Ś, Ș, Ă, Đ…), so every name the
# expert may type prints; ``domain/glyphs.py`` lists what it covers, for the input checks.
FONT_DIR = Path(__file__).resolve().parents[2] / "fonts"
FONT = "OpalexeSans"
FONT_BOLD = "OpalexeSans-Bold"
FONT_ITALIC = "OpalexeSans-Italic"
FONT_BOLD_ITALIC = "OpalexeSans-BoldItalic"
FONT_FILES = {
    FONT: "DejaVuSans.ttf",
    FONT_BOLD: "DejaVuSans-Bold.ttf",
    FONT_ITALIC: "DejaVuSans-Oblique.ttf",
    FONT_BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
}
# The faces the documents set text in, read at the first PDF of a process. No document sets
# text in bold italic: its face (about 7 ms to read) is left unread. The family still names
# it, so that text asking for bold italic fails (reportlab finds no such face) instead of
# printing in another face: a document that needs it adds it here.
FACES_USED = (FONT, FONT_BOLD, FONT_ITALIC)
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
    """Register the faces the documents use (``FACES_USED``) and the family, once per
    process."""
    for name in FACES_USED:
        pdfmetrics.registerFont(load_font(name, FONT_DIR / FONT_FILES[name]))
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
    sender: ParagraphStyle
    notice: ParagraphStyle


@cache
def styles() -> Styles:
    """The shared styles (the fonts are registered first)."""
    register_fonts()
    body = ParagraphStyle(
        "body",
        fontName=FONT,
        bulletFontName=FONT,
        fontSize=10,
        leading=13.2,
        spaceAfter=5,
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
            "enclosure", parent=body, leftIndent=6 * mm, bulletIndent=0, spaceAfter=1
        ),
        sender=ParagraphStyle("sender", parent=body, fontSize=9, leading=11, spaceAfter=0),
        notice=ParagraphStyle("notice", parent=body, fontName=FONT_BOLD, spaceAfter=0),
    )


@lru_cache(maxsize=4096)  # a document alone and in the complete dossier: the same texts
def fr(value: str) -> str:
    """French typography for the PDFs (``typography.french``), and no-break spaces where a
    line must not break. U+00A0 stands for the narrow no-break space, as docs/typography.md
    allows: DejaVu Sans has U+202F, but reportlab's paragraphs break lines at it (it is
    white space to Python's ``str.split``), which would leave « ; » or « ! » alone."""
    return keep_together(french(value).replace(NNBSP, NBSP))


def _meta(value: str) -> str:
    """French typography for the PDF's information dictionary (no line to keep unbroken)."""
    return french(value).replace(NNBSP, NBSP)


def escape(value: str) -> str:
    """``&``, ``<`` and ``>`` as entities, for paragraph markup (``xml.sax.saxutils.escape``,
    without its import of ``urllib.request``, ``http`` and ``ssl``: 10 ms of print-dossier)."""
    return value.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def unescape(value: str) -> str:
    """The reverse of ``escape``."""
    return value.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def text(value: str) -> str:
    """User data or a text, typeset and made safe for a paragraph (``&``, ``<``, ``>``)."""
    return escape(fr(value))


def unbroken(value: str, font: str, size: float, width: float) -> str:
    """Markup of ``value`` kept on one line of ``width``: as it is when it fits, else in a
    size small enough (never split inside a word)."""
    wide = pdfmetrics.stringWidth(fr(value), font, size)
    if wide <= width:
        return text(value)
    smaller = max(4.0, int(size * width / wide * 2) / 2)
    return f'<font size="{smaller}">{text(value)}</font>'


def email_markup(email: str, font: str, size: float, width: float) -> str:
    """An e-mail address in a column of ``width``: on one line when it fits, else broken
    before the ``@`` only, each part on one line (smaller when it must be)."""
    if pdfmetrics.stringWidth(email, font, size) <= width:
        return text(email)
    local, _, domain = email.rpartition("@")
    return f"{unbroken(local, font, size, width)}<br/>{unbroken('@' + domain, font, size, width)}"


_TAG = re.compile(r"(<[^>]*>)")


def rich(markup: str) -> str:
    """Paragraph markup (already escaped) with French typography applied between the tags."""
    parts = _TAG.split(markup)
    return "".join(part if _TAG.fullmatch(part) else escape(fr(unescape(part))) for part in parts)


class Paragraph(PlatypusParagraph):  # type: ignore[misc]  # reportlab has no type hints
    """reportlab's paragraph, its lines broken once per width. A table wraps each cell twice
    (to size its rows, then to draw them), and the complete dossier lays out again the
    paragraphs of its documents, each time at the same width: about 180 of the 300 wraps of
    ``print-dossier`` (10 ms). What ``wrap`` finds depends only on the width (a paragraph's
    text and style do not change once it is made); ``split``, which may drop what ``wrap``
    found, makes the next ``wrap`` break the lines again."""

    _wrapped: tuple[float, tuple[float, float]] | None = None  # (width, size) of the last

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """The size at ``availWidth``, the lines broken only if the width has changed."""
        if self._wrapped is not None and self._wrapped[0] == availWidth:
            return self._wrapped[1]
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        self._wrapped = (availWidth, size)
        return size

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """reportlab's split; the next ``wrap`` breaks the lines again."""
        self._wrapped = None
        parts: list[Flowable] = super().split(availWidth, availHeight)
        return parts


def para(markup: str, style: ParagraphStyle, **kwargs: Any) -> Paragraph:
    """A paragraph of ``markup`` with French typography (see ``rich``)."""
    return Paragraph(rich(markup), style, **kwargs)


@dataclass
class Part:
    """One document inside a PDF: its page templates (the first one opens it) and its story."""

    templates: list[PageTemplate]
    story: list[Flowable] = field(default_factory=list)


@dataclass(frozen=True)
class Metadata:
    """The PDF's information dictionary; ``date`` is the document's date (its CreationDate)."""

    title: str
    author: str
    subject: str
    date: dt.date | None = None


class _Canvas(Canvas):  # type: ignore[misc]  # reportlab has no type hints
    """A canvas that draws, when it is saved, what could not be drawn while its pages were
    laid out (``later``): a letter's « page 1/2 » goes in a form (a PDF XObject) that its
    page shows, and the form is drawn once the letter's pages are all counted.
    ``page_forms`` holds those forms by letter (its key, unique in a PDF like the ids of
    its page templates): on the canvas, so that a letter's part (templates and story) can be
    laid out again in another PDF, the complete dossier."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.later: list[Callable[[Canvas], None]] = []
        self.page_forms: dict[str, list[str]] = {}

    def save(self) -> None:
        """Draw what was left for later, then write the PDF."""
        for draw in self.later:
            draw(self)
        super().save()


def _canvas_maker(date: dt.date | None) -> Callable[..., Canvas]:
    """A canvas whose CreationDate and ModDate are ``date`` at midnight: deterministic (same
    inputs, same bytes) and true (not reportlab's invariant 1 January 2000)."""

    def formatter(*_args: int) -> str:
        day = date or dt.date(2000, 1, 1)
        return f"D:{day:%Y%m%d}000000+00'00'"

    def make(*args: Any, **kwargs: Any) -> Canvas:
        canvas = _Canvas(*args, **kwargs)
        canvas.setDateFormatter(formatter)
        return canvas

    return make


def render(parts: Sequence[Part], metadata: Metadata, target: Path | BinaryIO) -> int:
    """Write ``parts`` one after the other into the PDF ``target``; the number of pages.

    ``invariant`` fixes the document id, and the dates are the document's own, so the same
    data and date give the same bytes: the dossier can be regenerated and compared.
    """
    register_fonts()
    with paused_collector():
        return _build_now(parts, metadata, target)


def _build_now(parts: Sequence[Part], metadata: Metadata, target: Path | BinaryIO) -> int:
    document = BaseDocTemplate(
        target if not isinstance(target, Path) else str(target),
        pagesize=A4,
        title=_meta(metadata.title),
        author=_meta(metadata.author),
        subject=_meta(metadata.subject),
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
    document.build(story, canvasmaker=_canvas_maker(metadata.date))
    return int(document.page)


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
        canvas.drawString(x, baseline - index * leading, fr(line))


def fitting_size(lines: Sequence[str], width: float, height: float, start: float = 10.5) -> float:
    """The largest font size (from ``start`` down) at which ``lines`` fit in width x height."""
    size = start
    while size > 6:
        widest = max(pdfmetrics.stringWidth(fr(line), FONT, size) for line in lines)
        if widest <= width and len(lines) * size * 1.2 <= height:
            return size
        size -= 0.5
    return size


def draw_fold_marks(canvas: Canvas) -> None:
    """Short ticks in the left margin where the letter is folded for a DL window envelope."""
    canvas.saveState()
    canvas.setStrokeColor(GREY)
    canvas.setLineWidth(0.4)
    for top in FOLD_MARKS:
        canvas.line(0, PAGE_HEIGHT - top, 6 * mm, PAGE_HEIGHT - top)
    canvas.restoreState()


@dataclass(frozen=True)
class Letter:
    """What a letter says; ``letter_part`` lays it out the French way.

    Strings are plain text (typeset and escaped here), except ``sender``: lines of paragraph
    markup (the surname in bold). ``place_date`` is ``None`` while the letter cannot be sent
    yet: a blank line is left to date it by hand. ``vedette`` has no comma: it opens the letter
    (« Monsieur le Président, ») and is repeated in the formule de politesse.
    """

    key: str
    title: str
    sender: Sequence[str]
    recipient: Sequence[str]
    place_date: str | None
    town: str | None
    subject: str
    vedette: str
    paragraphs: Sequence[str]
    closing: str
    signature: str
    enclosures: Sequence[str]
    notice: str | None = None


def _place_date_style(plain: str) -> ParagraphStyle:
    """Aligned with the recipient's address when it fits there on one line; otherwise
    against the right margin, so that a long town name never leaves the year alone."""
    st = styles()
    room = PAGE_WIDTH - MARGIN_RIGHT - WINDOW_LEFT
    if pdfmetrics.stringWidth(plain, st.right_block.fontName, st.right_block.fontSize) <= room:
        return st.right_block
    return ParagraphStyle("place_date", parent=st.body, alignment=TA_RIGHT, spaceAfter=0)


def _letter_story(letter: Letter) -> list[Flowable]:
    st = styles()
    enclosures: list[Flowable] = [para("<b>Pièces jointes :</b>", st.body)]
    enclosures += [
        Paragraph(text(item), st.enclosure, bulletText=f"{number}.")
        for number, item in enumerate(letter.enclosures, start=1)
    ]
    if letter.place_date is not None:
        plain = fr(letter.place_date)
    else:
        town = f"{letter.town}, " if letter.town else ""
        plain = fr(f"{town}le ") + "." * 40
    story: list[Flowable] = []
    if letter.notice:
        story += [notice_box(letter.notice), Spacer(1, 3 * mm)]
    story += [
        Paragraph(escape(plain), _place_date_style(plain)),
        Spacer(1, 6 * mm),
        para(f"<b>Objet :</b> {text(letter.subject)}", st.body),
        Spacer(1, 3 * mm),
        Paragraph(text(f"{letter.vedette},"), st.body),
        *[Paragraph(text(p), st.body) for p in letter.paragraphs],
        KeepTogether(
            [
                Paragraph(
                    text(f"Je vous prie d'agréer, {letter.vedette}, {letter.closing}"), st.body
                ),
                Spacer(1, 3 * mm),
                _signature_and_enclosures(letter, enclosures),
            ]
        ),
    ]
    return story


def _signature_and_enclosures(letter: Letter, enclosures: list[Flowable]) -> Table:
    """The *Pièces jointes* at the bottom left, the room to sign (``SIGNATURE_SPACE``) and the
    name at the right, aligned with the recipient's address: side by side, so that a usual
    letter keeps to one page."""
    st = styles()
    left = WINDOW_LEFT - MARGIN_LEFT
    name = ParagraphStyle("signature", parent=st.body, spaceAfter=0)
    return Table(
        [[enclosures, [Spacer(1, SIGNATURE_SPACE), Paragraph(text(letter.signature), name)]]],
        colWidths=[left, CONTENT_WIDTH - left],
        style=table_style(
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (0, 0), 4 * mm),
            ("RIGHTPADDING", (1, 0), (1, 0), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
        ),
    )


def letter_part(letter: Letter) -> Part:
    """The pages of a letter: the first with the sender and window blocks, then plain pages
    with a short header; numbered (« 1/2 ») when there are several.

    The numbers are drawn when the PDF is saved (``_Canvas.later``), in a form that each
    page of the letter shows: the letter is laid out once, its pages counted as they come.
    The part can be laid out again into another PDF: the forms are kept by the canvas."""
    st = styles()

    def numbering(canvas: Canvas, doc: Any) -> None:
        """Show this page's numbering form (drawn at save, ``numbers``)."""
        forms = canvas.page_forms.setdefault(letter.key, [])  # each page's, in order
        if not forms:
            canvas.later.append(lambda saving: numbers(saving, forms))
        forms.append(f"{letter.key}-page-{doc.page}")
        canvas.doForm(forms[-1])

    def numbers(canvas: Canvas, forms: list[str]) -> None:
        """Each page's numbering, now that the letter's pages are counted."""
        pages = len(forms)
        for number, form in enumerate(forms, start=1):
            canvas.beginForm(form)
            if number > 1:
                canvas.setFont(FONT, 8)
                canvas.setFillColor(GREY)
                canvas.drawString(
                    MARGIN_LEFT,
                    PAGE_HEIGHT - MARGIN_TOP + 2 * mm,
                    fr(f"{letter.signature} — {letter.title} — page {number}/{pages}"),
                )
            if pages > 1:
                canvas.setFont(FONT, 8)
                canvas.setFillColor(GREY)
                canvas.drawRightString(
                    PAGE_WIDTH - MARGIN_RIGHT, MARGIN_BOTTOM / 2, f"{number}/{pages}"
                )
            canvas.endForm()

    def first_page(canvas: Canvas, doc: Any) -> None:
        canvas.saveState()
        block = Paragraph("<br/>".join(letter.sender), st.sender)
        _, height = block.wrap(SENDER_WIDTH, PAGE_HEIGHT)
        block.drawOn(canvas, MARGIN_LEFT, PAGE_HEIGHT - MARGIN_TOP - height)
        size = fitting_size(
            letter.recipient, WINDOW_WIDTH, WINDOW_HEIGHT - (ADDRESS_TOP - WINDOW_TOP)
        )
        draw_lines(canvas, WINDOW_LEFT, ADDRESS_TOP, letter.recipient, size=size)
        draw_fold_marks(canvas)
        numbering(canvas, doc)
        canvas.restoreState()

    def next_page(canvas: Canvas, doc: Any) -> None:
        canvas.saveState()
        numbering(canvas, doc)
        draw_fold_marks(canvas)
        canvas.restoreState()

    return Part(
        templates=_letter_templates(letter, first_page, next_page), story=_letter_story(letter)
    )


def _letter_templates(letter: Letter, first_page: OnPage, next_page: OnPage) -> list[PageTemplate]:
    """A letter's two page templates: the first page, its body below the window, then the
    following pages (drawn by ``first_page`` and ``next_page``)."""
    first = page_template(
        f"{letter.key}-first", top=LETTER_BODY_TOP, on_page=first_page, next_id=f"{letter.key}-next"
    )
    following = page_template(f"{letter.key}-next", top=MARGIN_TOP + 8 * mm, on_page=next_page)
    return [first, following]


def notice_box(message: str, *, width: float = CONTENT_WIDTH) -> Flowable:
    """A framed warning, the first thing read on a page."""
    st = styles()
    return Table(
        [[Paragraph(text(message), st.notice)]],
        colWidths=[width],
        style=table_style(
            ("BOX", (0, 0), (-1, -1), 1.6, black),
            ("LEFTPADDING", (0, 0), (-1, -1), 8),
            ("RIGHTPADDING", (0, 0), (-1, -1), 8),
            ("TOPPADDING", (0, 0), (-1, -1), 6),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        ),
    )


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
