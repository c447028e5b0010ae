"""Which faces of DejaVu Sans the dossier reads and embeds: those its documents set text in.

Reading a face costs ``print-dossier`` several milliseconds, so only the faces of
``FACES_USED`` are read; these facts (registered fonts, fonts embedded in the PDFs) keep that
list true both ways: no face read for nothing, and no document needing one left unread.
"""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics

from opalexe_cert.adapters.documents.layout import (
    FACES_USED,
    FONT_BOLD_ITALIC,
    FONT_FILES,
)

from clirun import EXAMPLES, TODAY, clean_env, invoke


def _embedded_faces(pdf: Path) -> set[str]:
    """The file names of the faces whose subsets ``pdf`` embeds (``DejaVuSans-Bold.ttf``)."""
    by_postscript = {Path(filename).stem: filename for filename in FONT_FILES.values()}
    faces: set[str] = set()
    for page in PdfReader(pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            base = str(font.get_object()["/BaseFont"]).removeprefix("/")
            faces.add(by_postscript[base.split("+", 1)[-1]])  # a subset: ABCDEF+DejaVuSans
    return faces


def test_the_dossier_reads_and_embeds_the_faces_its_documents_use_and_no_other(
    tmp_path: Path,
) -> None:
    state, output = tmp_path / "state.json", tmp_path / "dossier"
    answers = EXAMPLES / "answers-complete.json"
    env = clean_env(TODAY)
    started = invoke(
        "--state", str(state), "start", "--answers", str(answers), "--no-input", variables=env
    )
    assert started.code == 0, started.err
    result = invoke(
        "--state", str(state), "print-dossier", "--no-input", "-o", str(output), variables=env
    )
    assert result.code == 0, result.err
    pdfs = sorted(output.glob("*.pdf"))
    assert len(pdfs) == 8
    registered = set(pdfmetrics.getRegisteredFontNames())
    assert set(FACES_USED) <= registered
    assert FONT_BOLD_ITALIC not in registered  # in the family, never read: no document uses it
    embedded = set().union(*(_embedded_faces(pdf) for pdf in pdfs))
    assert embedded == {FONT_FILES[face] for face in FACES_USED}  # each face read is used
