"""Loading the embedded TrueType faces quickly: what reportlab reads, read in bulk.

reportlab's ``TTFontFile.extractInfo`` reads the character map, the horizontal metrics and
the glyph locations one number at a time, in Python: about 10 ms per DejaVu Sans face (some
6,000 glyphs), 40 ms of every ``print-dossier`` for the four faces. ``FastFace`` reads the same
three tables with one ``struct.unpack_from`` each and sets exactly the attributes reportlab
sets (``tests/test_fonts.py`` compares them, attribute by attribute, with reportlab's own
parse of each face). The small tables (names, head, OS/2, post, hhea, maxp) are still read by
reportlab itself. A face laid out otherwise than DejaVu Sans (a character map of another
format than 12, glyph data of another format) is parsed by reportlab as before.

``paused_collector`` keeps the garbage collector out of that reading and of each PDF's making.
"""

from __future__ import annotations

import gc
import struct
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from reportlab.pdfbase import ttfonts
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

_CMAP_SEGMENTED_COVERAGE = 12  # the character map format of DejaVu Sans (all of Unicode)


class FastFace(TTFontFace):  # type: ignore[misc]
    """A ``TTFontFace`` whose character information is read in bulk (same result)."""

    def extractInfo(self, charInfo: int = 1) -> None:
        """reportlab's ``extractInfo``, the character map, metrics and locations in bulk."""
        super().extractInfo(0)  # names, head, OS/2, post, hhea, maxp: reportlab itself
        if not charInfo or not self._bulk_char_info():
            super().extractInfo(charInfo)

    def _u16(self, tag: str, offset: int) -> int:
        value: int = struct.unpack_from(">H", self._ttf_data, self.table[tag]["offset"] + offset)[0]
        return value

    def _bulk_char_info(self) -> bool:
        """Set the character information as reportlab's ``extractInfo`` does; False (nothing
        set) for a layout it is not written for."""
        data = self._ttf_data
        loca_format = self._u16("head", 50)  # indexToLocFormat: 0 for halved short offsets
        if self._u16("head", 52) != 0 or loca_format not in (0, 1) or "loca" not in self.table:
            return False
        groups = self._cmap_groups()
        if groups is None:
            return False
        scale = self._pdfScale
        char_to_glyph: dict[int, int] = {}
        glyph_to_char: dict[int, list[int]] = {}
        for start, end, start_glyph in groups:
            shift = start_glyph - start
            for char in range(start, end + 1):
                char_to_glyph[char] = char + shift
                glyph_to_char.setdefault(char + shift, []).append(char)

        glyphs = self.numGlyphs
        metrics = self._u16("hhea", 34)  # numberOfHMetrics
        hmtx = self.table["hmtx"]["offset"]
        pairs = struct.unpack_from(f">{2 * metrics}H", data, hmtx)
        hmetrics: list[tuple[float, int]] = list(zip(pairs[::2], pairs[1::2], strict=True))
        last = scale(pairs[-2])
        # As reportlab does: past numberOfHMetrics, the advance kept is the last one, scaled.
        lsbs = struct.unpack_from(f">{glyphs - metrics}H", data, hmtx + 4 * metrics)
        hmetrics += [(last, lsb) for lsb in lsbs]
        widths = list(map(scale, pairs[::2]))
        char_widths: dict[int, float] = {}
        for glyph in sorted(glyph_to_char):  # in reportlab's order
            width = widths[glyph] if glyph < metrics else last
            for char in glyph_to_char[glyph]:
                char_widths[char] = width

        loca = self.table["loca"]["offset"]
        if loca_format == 0:
            positions = [p << 1 for p in struct.unpack_from(f">{glyphs + 1}H", data, loca)]
            self._pos = loca + 2 * (glyphs + 1)
        else:
            positions = list(struct.unpack_from(f">{glyphs + 1}L", data, loca))
            self._pos = loca + 4 * (glyphs + 1)

        self.charToGlyph = char_to_glyph
        self.glyphToChar = glyph_to_char
        self.hmetrics = hmetrics
        self.defaultWidth = widths[0]
        self.charWidths = char_widths
        self.glyphPos = positions
        if 0x20 in char_to_glyph:
            char_to_glyph[0xA0] = char_to_glyph[0x20]
            char_widths[0xA0] = char_widths[0x20]
        elif 0xA0 in char_to_glyph:
            char_to_glyph[0x20] = char_to_glyph[0xA0]
            char_widths[0x20] = char_widths[0xA0]
        return True

    def _cmap_groups(self) -> list[tuple[int, int, int]] | None:
        """The (first character, last character, first glyph) groups of the character map
        reportlab would choose, if it is of format 12; else ``None``."""
        data = self._ttf_data
        cmap = self.table["cmap"]["offset"]
        version, count = struct.unpack_from(">HH", data, cmap)
        if count == 0 and version != 0:
            count = version
        chosen, kind = None, 0
        for index in range(count):  # reportlab's choice among the subtables, as it makes it
            platform, encoding, offset = struct.unpack_from(">HHL", data, cmap + 4 + 8 * index)
            if platform == 3 or (platform == 1 and encoding == 1):
                chosen, kind = offset, 1
            elif platform == 1 and encoding == 0 and kind != 1:
                chosen, kind = offset, 2
            elif platform == 0 and encoding != 5:
                chosen, kind = offset, 1
        if chosen is None:
            return None
        table = cmap + chosen
        if struct.unpack_from(">H", data, table)[0] != _CMAP_SEGMENTED_COVERAGE:
            return None
        (count,) = struct.unpack_from(">L", data, table + 12)
        flat = struct.unpack_from(f">{3 * count}L", data, table + 16)
        return list(zip(flat[::3], flat[1::3], flat[2::3], strict=True))


def load_font(name: str, path: Path) -> TTFont:
    """``TTFont(name, path)``, its face read by ``FastFace``; without the garbage collector's
    passes over the tens of thousands of numbers read (nothing there is cyclic garbage)."""
    plain = ttfonts.TTFontFace
    ttfonts.TTFontFace = FastFace  # TTFont builds its face from this name, at call time
    try:
        with paused_collector():
            return TTFont(name, str(path))
    finally:
        ttfonts.TTFontFace = plain


@contextmanager
def paused_collector() -> Iterator[None]:
    """No garbage-collector pass while a PDF is made: reportlab makes tens of thousands of
    short-lived objects per document, and the passes they trigger also walk everything
    imported before (about 15 ms of print-dossier); the cycles left are collected after."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
