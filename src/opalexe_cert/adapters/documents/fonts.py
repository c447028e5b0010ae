"""Loading the embedded TrueType faces, and making PDFs, without the garbage collector.

reportlab reads each DejaVu Sans face (some 6,000 glyphs) one number at a time and makes
tens of thousands of short-lived objects per document; the collector's passes they trigger
also walk everything imported before. ``paused_collector`` keeps it out of both; the cycles
left are collected after. Only reportlab's public ``TTFont`` is used to read a face.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from reportlab.pdfbase.ttfonts import TTFont


def load_font(name: str, path: Path) -> TTFont:
    """``TTFont(name, path)`` without the garbage collector's passes over the tens of
    thousands of numbers reportlab reads from the face (nothing there is cyclic garbage)."""
    with paused_collector():
        return TTFont(name, str(path))


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
