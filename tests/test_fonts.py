"""The embedded faces are read quickly and exactly as reportlab reads them; a letter's pages
are counted once per process and still right when the letter changes."""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any

import pytest
from reportlab.pdfbase.ttfonts import TTFont
from test_dossier_matrix import long_letter, texts

from opalexe_cert.adapters.documents import fonts
from opalexe_cert.adapters.documents.layout import (
    FONT_DIR,
    FONT_FILES,
    Metadata,
    letter_part,
    render,
)


def _face_attributes(font: TTFont) -> dict[str, Any]:
    attributes = dict(vars(font.face))
    scale = attributes.pop("_pdfScale")  # a lambda of each parse: compared by its values
    attributes["_pdfScale(1000)"] = scale(1000)
    return attributes


def _same_as_reportlab(path: Path) -> None:
    theirs = TTFont("Theirs", str(path))
    ours = fonts.load_font("Ours", path)
    assert type(ours.face) is fonts.FastFace
    expected, got = _face_attributes(theirs), _face_attributes(ours)
    assert got.keys() == expected.keys()
    for name, value in expected.items():
        assert got[name] == value, name
    for name in ("charToGlyph", "glyphToChar", "charWidths"):  # and in the same order
        assert list(got[name]) == list(expected[name]), name


@pytest.mark.parametrize("filename", sorted(FONT_FILES.values()))
def test_each_embedded_face_is_read_as_reportlab_reads_it(filename: str) -> None:
    _same_as_reportlab(FONT_DIR / filename)


def test_a_face_with_another_character_map_is_read_by_reportlab_itself(tmp_path: Path) -> None:
    """DejaVu Sans with its format-12 map hidden (its records point to the format-4 one): the
    bulk reader is not written for it, and the result is still reportlab's."""
    data = bytearray((FONT_DIR / FONT_FILES["OpalexeSans"]).read_bytes())
    (tables,) = struct.unpack_from(">H", data, 4)
    cmap = next(
        struct.unpack_from(">L", data, 12 + 16 * i + 8)[0]
        for i in range(tables)
        if data[12 + 16 * i : 16 + 16 * i] == b"cmap"
    )
    (count,) = struct.unpack_from(">H", data, cmap + 2)
    records = [struct.unpack_from(">HHL", data, cmap + 4 + 8 * i) for i in range(count)]
    format_4 = next(o for _, _, o in records if struct.unpack_from(">H", data, cmap + o)[0] == 4)
    for index, (platform, encoding, _) in enumerate(records):
        struct.pack_into(">HHL", data, cmap + 4 + 8 * index, platform, encoding, format_4)
    path = tmp_path / "format4.ttf"
    path.write_bytes(bytes(data))
    face = fonts.load_font("Format4", path).face
    assert face._cmap_groups() is None  # the bulk reader declined it
    _same_as_reportlab(path)


def test_a_letter_counted_once_is_numbered_alike_each_time_and_a_new_one_is_counted(
    tmp_path: Path,
) -> None:
    long, short = tmp_path / "long.pdf", tmp_path / "short.pdf"
    for _ in range(2):  # alone, then again as in the complete dossier
        assert render([letter_part(long_letter(5))], Metadata("t", "a", "s"), long) == 2
        assert "1/2" in texts(long)[0] and "page 2/2" in texts(long)[1]
    assert render([letter_part(long_letter(1))], Metadata("t", "a", "s"), short) == 1
    assert "1/1" not in texts(short)[0] and "1/2" not in texts(short)[0]
