"""A letter's pages are numbered as laid out, alone and again, and anew for another letter."""

from __future__ import annotations

from pathlib import Path

from test_dossier_matrix import long_letter, texts

from opalexe_cert.adapters.documents.layout import (
    Metadata,
    letter_part,
    render,
)


def test_a_letter_counted_once_is_numbered_alike_each_time_and_a_new_one_is_counted(
    tmp_path: Path,
) -> None:
    long, short = tmp_path / "long.pdf", tmp_path / "short.pdf"
    for _ in range(2):  # alone, then again as in the complete dossier
        assert render([letter_part(long_letter(5))], Metadata("t", "a", "s"), long) == 2
        assert "1/2" in texts(long)[0] and "page 2/2" in texts(long)[1]
    assert render([letter_part(long_letter(1))], Metadata("t", "a", "s"), short) == 1
    assert "1/1" not in texts(short)[0] and "1/2" not in texts(short)[0]
