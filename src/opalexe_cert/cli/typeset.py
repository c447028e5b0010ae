"""Setting French text on a terminal: typography, and lines that break only between words.

Everything the wizard and the commands print goes through ``FrenchConsole.print``: the text
of rich markup gets ``domain.typography.french`` (’, no-break spaces before ``:`` and inside
« », ``n° 1``), and rich is taught that a no-break space does not break a line (its wrapper
splits on any Unicode space, which would put « and Suivant on two lines). In a pipe nothing is
wrapped: one message, one line, no trailing spaces. Prompts (prompt_toolkit breaks a line
wherever the terminal's edge falls, "E⏎ntrée") are pre-wrapped with ``fit``.
"""

from __future__ import annotations

import re
import shutil
import textwrap
from typing import Any

from rich import _wrap
from rich.console import Console
from rich.markup import RE_TAGS
from rich.panel import Panel

from opalexe_cert.domain.typography import french

# A "word" for rich's wrapper: what lies between ASCII spaces (U+00A0 and U+202F hold).
_ASCII_WORD = re.compile(r"[ \t\n\r\f\v]*[^ \t\n\r\f\v]+[ \t\n\r\f\v]*")


def french_markup(markup: str) -> str:
    """``french`` applied to the text of rich markup, leaving its ``[tags]`` alone."""
    parts: list[str] = []
    position = 0
    for tag in RE_TAGS.finditer(markup):
        backslashes = tag.group(2)
        if len(backslashes) % 2:  # an escaped bracket: it is text
            continue
        parts.append(_segment(markup[position : tag.start()], first=not parts))
        parts.append(tag.group(0))
        position = tag.end()
    parts.append(_segment(markup[position:], first=not parts))
    return "".join(parts)


_LEADING_PUNCT = re.compile(r"[ \u00a0\u202f]*([:;?!»])")


def _segment(text: str, *, first: bool) -> str:
    """``french`` on the text between two tags. A segment that starts with « : » follows a
    word closed by a tag (``[yellow]non vérifié[/] : …``): its space is a no-break one."""
    prefix = ""
    while not first and (leading := _LEADING_PUNCT.match(text)) is not None:
        mark = leading.group(1)
        prefix += ("\u00a0" if mark in ":»" else "\u202f") + mark
        text = text[leading.end() :]
    return prefix + french(text)


def lower_first(message: str) -> str:
    """« Votre pièce… » → « votre pièce… », for a message after « Attention : ».

    Only a word in plain capitalisation is lowered: ``SIREN``, ``CertEurope`` keep theirs.
    """
    word = message.split(" ", 1)[0]
    if len(word) > 1 and word[0].isupper() and word[1:] == word[1:].lower():
        return message[0].lower() + message[1:]
    return message


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
            indent + paragraph,
            width=max(columns, 20),
            break_long_words=False,
            break_on_hyphens=False,
        )
        if wrapped and indent:
            wrapped[0] = wrapped[0][len(indent) :]
        lines.extend(wrapped or [""])
    return "\n".join(lines)


class FrenchConsole(Console):
    """A rich console that sets French text and wraps it between words (or not in a pipe)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        _wrap.re_word = _ASCII_WORD

    def print(self, *objects: Any, **kwargs: Any) -> None:
        """Print, with French typography on strings and on a panel's text and title.

        Plain messages are not wrapped in a pipe (a panel or a table still needs a width)."""
        if not self.is_terminal and all(isinstance(o, str) for o in objects):
            kwargs.setdefault("soft_wrap", True)
        super().print(*(_typeset(o) for o in objects), **kwargs)


def _typeset(renderable: Any) -> Any:
    if isinstance(renderable, str):
        return french_markup(renderable)
    if isinstance(renderable, Panel):
        if isinstance(renderable.renderable, str):
            renderable.renderable = french_markup(renderable.renderable)
        if isinstance(renderable.title, str):
            renderable.title = french_markup(renderable.title)
    return renderable
