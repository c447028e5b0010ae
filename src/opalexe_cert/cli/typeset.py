"""Setting French text on a terminal: typography, and lines that break only between words.

Everything the wizard and the commands print goes through ``FrenchConsole.print``: the text
of rich markup gets ``domain.typography.french`` (’, no-break spaces before ``:`` and inside
« », ``n° 1``), and is laid out by ``FrenchText``, which breaks lines at ASCII spaces only
(rich's own wrapper splits on any Unicode space, which would put « and Suivant on two lines).
Only rich's public renderable protocol is used. In a pipe nothing is wrapped: one message, one
line, no trailing spaces (``Output`` writes a plain message there itself, ``markup.plain``,
without rich). Prompts (prompt_toolkit breaks a line wherever the terminal's edge falls,
"E⏎ntrée") are pre-wrapped with ``fit``.
"""

from __future__ import annotations

import re
import shutil
import sys
import textwrap
from typing import Any

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

from opalexe_cert.cli.markup import french_markup
from opalexe_cert.domain.typography import french, keep_together

# What lies between ASCII spaces: U+00A0 and U+202F hold their words together.
_WORD = re.compile(r"[^ ]+")


def width() -> int:
    """The terminal's width in columns (80 when it cannot be known)."""
    return shutil.get_terminal_size((80, 24)).columns


def fit(text: str, columns: int, *, first_indent: int = 0) -> str:
    """``text`` wrapped at ``columns``, between words only (never at a no-break space).

    Python's ``textwrap`` splits on ASCII whitespace alone; long words are never cut.
    ``first_indent`` is room taken on the first line by what precedes (« ? »).
    """
    lines: list[str] = []
    for index, paragraph in enumerate(text.split("\n")):
        indent = " " * first_indent if index == 0 else ""
        wrapped = textwrap.wrap(
            indent + keep_together(paragraph),  # a date, a SIREN... stay on one line
            width=max(columns, 20),
            break_long_words=False,
            break_on_hyphens=False,
        )
        if wrapped and indent:
            wrapped[0] = wrapped[0][len(indent) :]
        lines.extend(wrapped or [""])
    return "\n".join(lines)


def _line_breaks(line: str, width: int, hang: int) -> list[int]:
    """Offsets in ``line`` (one paragraph) where its continuation lines start, breaking only
    at ASCII spaces; continuation lines have ``hang`` cells fewer. A word longer than the
    width stands alone on its line (never cut)."""
    breaks: list[int] = []
    used = 0
    room = width
    for word in _WORD.finditer(keep_together(line)):  # a date, a SIREN... stay on one line
        size = cell_len(word.group())
        if used and used + 1 + size > room:
            breaks.append(word.start())
            used, room = size, max(width - hang, 1)
        else:
            used = word.end() if not breaks else used + size + (1 if used else 0)
    return breaks


# What a continuation line is indented by: the paragraph's own indent and its bullet.
_HANG = re.compile(r" *(?:[•·▶✔✘⚠*–-] |\d{1,2}[.)] )?")


class FrenchText:
    """A rich renderable: ``Text`` wrapped between words only, each line without trailing
    spaces. Works wherever rich takes a renderable (a console, a panel, a table cell)."""

    def __init__(self, text: Text) -> None:
        self.text = text

    @classmethod
    def from_markup(cls, markup: str) -> FrenchText:
        """French typography on the markup's text, then parsed as rich markup."""
        # No ``:name:`` emoji codes, as on the consoles (``emoji=False``): a value such as
        # « a:fire:b » stays as typed (and rich's table of emoji codes is not loaded).
        return cls(Text.from_markup(french_markup(markup), emoji=False))

    def lines(self, width: int) -> list[Text]:
        """The text cut into lines of at most ``width`` cells (a long word may exceed it);
        a paragraph's continuation lines hang under its text, past its indent and bullet."""
        width = max(width, 1)
        lines: list[Text] = []
        start = 0
        for paragraph in self.text.plain.split("\n"):
            hang = len(_HANG.match(paragraph).group())  # type: ignore[union-attr]
            hang = hang if hang <= width // 2 else 0
            text = self.text[start : start + len(paragraph)]
            for index, piece in enumerate(text.divide(_line_breaks(paragraph, width, hang))):
                piece.rstrip()
                if index:
                    piece = Text(" " * hang) + piece[len(piece.plain) - len(piece.plain.lstrip()) :]
                piece.no_wrap = True
                piece.overflow = "ignore"
                lines.append(piece)
            start += len(paragraph) + 1
        return lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from self.lines(options.max_width)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        plain = self.text.plain
        words = [cell_len(w) for w in _WORD.findall(plain)] or [0]
        longest_line = max(cell_len(line) for line in plain.split("\n"))
        return Measurement(min(max(words), options.max_width), longest_line)


class FrenchConsole(Console):
    """A rich console that sets French text and wraps it between words (or not in a pipe)."""

    def print(self, *objects: Any, **kwargs: Any) -> None:
        """Print, with French typography on strings and on a panel's text and title.

        Plain messages are not wrapped in a pipe (a panel or a table still needs a width)."""
        if objects and all(isinstance(o, str) for o in objects):
            markup = str(kwargs.pop("sep", " ")).join(objects)
            if not self.is_terminal:
                kwargs.setdefault("soft_wrap", True)
            plain = kwargs.get("markup") is False
            if kwargs.get("soft_wrap"):  # not wrapped at all (a pipe): one message, one line
                super().print(french(markup) if plain else french_markup(markup), **kwargs)
                return
            if plain:
                super().print(FrenchText(Text(french(markup))), **kwargs)
                return
            objects = (markup,)
        super().print(*(_typeset(o) for o in objects), **kwargs)


def _typeset(renderable: Any) -> Any:
    if isinstance(renderable, str):
        return FrenchText.from_markup(renderable)
    panels = sys.modules.get("rich.panel")  # a panel exists only once its module is imported
    if panels is not None and isinstance(renderable, panels.Panel):
        if isinstance(renderable.renderable, str):
            renderable.renderable = FrenchText.from_markup(renderable.renderable)
        if isinstance(renderable.title, str):  # as a panel parses it, without emoji codes
            renderable.title = Text.from_markup(french_markup(renderable.title), emoji=False)
    return renderable
