"""The documents' paragraphs break their lines once per width (``layout.Paragraph``): the
PDFs are the same, byte for byte, as with reportlab's own paragraph, which breaks them at
every wrap (a table's cells are wrapped twice, the complete dossier wraps them again)."""

from __future__ import annotations

import dataclasses
import importlib
import io
import pkgutil
from pathlib import Path

import pytest
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph as PlatypusParagraph
from test_dossier_matrix import CASES, Case, long_letter

import opalexe_cert.adapters.documents as documents
from opalexe_cert.adapters.documents import dossier, layout
from opalexe_cert.adapters.documents.layout import Metadata, letter_part, render

DOCUMENT_MODULES = tuple(
    importlib.import_module(f"{documents.__name__}.{module.name}")
    for module in pkgutil.iter_modules(documents.__path__)
)


def _written(directory: Path, case: Case) -> dict[str, bytes]:
    dossier.write_dossier(case.data, directory)
    return {path.name: path.read_bytes() for path in sorted(directory.glob("*.pdf"))}


def _reportlabs_own_paragraph(monkeypatch: pytest.MonkeyPatch) -> None:
    for module in DOCUMENT_MODULES:
        if hasattr(module, "Paragraph"):
            monkeypatch.setattr(module, "Paragraph", PlatypusParagraph)


def test_every_document_module_makes_its_paragraphs_with_layouts_own() -> None:
    for module in DOCUMENT_MODULES:
        assert getattr(module, "Paragraph", layout.Paragraph) is layout.Paragraph, module


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_the_dossier_is_the_same_as_with_reportlabs_own_paragraph(
    case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ours = _written(tmp_path / "ours", case)
    assert len(ours) >= 5
    _reportlabs_own_paragraph(monkeypatch)
    assert _written(tmp_path / "reportlab", case) == ours


def test_a_paragraph_split_over_two_pages_is_the_same_as_with_reportlabs_own_paragraph(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No document splits a paragraph today: one paragraph of a letter, too long for a page."""
    sentence = "Un paragraphe assez long pour remplir la page. "
    letter = dataclasses.replace(long_letter(1), paragraphs=[sentence * 80])

    def pdf() -> bytes:
        buffer = io.BytesIO()
        assert render([letter_part(letter)], Metadata("t", "a", "s"), buffer) == 2
        return buffer.getvalue()

    ours = pdf()
    _reportlabs_own_paragraph(monkeypatch)
    assert pdf() == ours


def _pair(markup: str) -> tuple[layout.Paragraph, PlatypusParagraph]:
    style = layout.styles().body
    return layout.Paragraph(markup, style), PlatypusParagraph(markup, style)


def test_a_paragraph_wrapped_at_another_width_breaks_its_lines_again() -> None:
    ours, theirs = _pair("Un paragraphe assez long pour tenir sur plusieurs lignes. " * 6)
    for width in (300.0, 120.0, 300.0, 120.0):
        assert ours.wrap(width, 1000) == theirs.wrap(width, 1000)


def test_a_paragraph_that_could_not_be_split_is_drawn_whole_after() -> None:
    """reportlab's split drops the lines it found when only one line would fit (an orphan):
    the next wrap must break them again, or the paragraph could not be drawn."""
    pdfs = []
    for paragraph in _pair("Un paragraphe assez long pour tenir sur plusieurs lignes. " * 6):
        canvas = Canvas(io.BytesIO(), invariant=1)
        paragraph.wrapOn(canvas, 300, 1000)
        assert paragraph.split(300, layout.styles().body.leading * 1.5) == []
        _, height = paragraph.wrapOn(canvas, 300, 1000)
        paragraph.drawOn(canvas, 50, 800 - height)
        canvas.showPage()
        pdfs.append(canvas.getpdfdata())
    assert pdfs[0] == pdfs[1]
