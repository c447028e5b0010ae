"""A document's part (page templates and story) is built once by ``print-dossier``: laid out
for the document's own PDF, then again in the complete dossier. Laid out again, it must give
the same PDF as a part just built: same pages, same positions, same numbering."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pytest
from test_dossier_matrix import CASES, Case, long_letter, texts

from opalexe_cert.adapters.documents.data import Document, applies, missing_for
from opalexe_cert.adapters.documents.dossier import BUILDERS, COMPLETE_ORDER
from opalexe_cert.adapters.documents.layout import Metadata, Part, letter_part, render

METADATA = Metadata("Dossier", "Éloïse", "Tous les documents")


def _pdf(parts: list[Part]) -> bytes:
    buffer = io.BytesIO()
    render(parts, METADATA, buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_the_parts_of_a_dossier_laid_out_again_give_the_same_bytes(case: Case) -> None:
    documents = [
        d for d in COMPLETE_ORDER if applies(case.data, d) and not missing_for(case.data, d)
    ]
    assert Document.PRESIDENT_LETTER in documents
    parts = {d: BUILDERS[d].build(case.data) for d in documents}
    first = _pdf(list(parts.values()))  # each part laid out for the first time
    for part in parts.values():  # then each alone, as print-dossier does...
        _pdf([part])
    assert _pdf(list(parts.values())) == first  # ...and all again: the complete dossier
    fresh = {d: BUILDERS[d].build(case.data) for d in documents}
    assert _pdf(list(fresh.values())) == first


def test_a_letter_laid_out_again_after_another_document_numbers_its_own_pages(
    tmp_path: Path,
) -> None:
    """Its numbering (« 1/2 », « page 2/2 ») is kept by each PDF, not by the part."""
    letter = letter_part(long_letter(5))
    other = letter_part(dataclasses.replace(long_letter(1), key="short"))
    alone = _pdf([letter])
    assert _pdf([letter]) == alone
    both = tmp_path / "both.pdf"
    both.write_bytes(_pdf([other, letter]))
    pages = texts(both)
    assert len(pages) == 3
    assert "1/2" not in pages[0] and "1/1" not in pages[0]  # the one-page letter: no number
    assert "1/2" in pages[1] and "page 2/2" in pages[2]
