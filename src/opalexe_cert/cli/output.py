"""Messages to the user on the terminal (French), through rich, honouring NO_COLOR."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console


def safe_encoding(streams: Iterable[Any] | None = None, platform: str = sys.platform) -> None:
    """Never fail on a character the output's encoding lacks (✔, ’, «…»).

    On Windows, a redirected or piped output gets the ANSI code page (cp1252), which has no
    ✔: it is switched to UTF-8, as Python 3.15 will do by default. Elsewhere an output in a
    legacy encoding keeps it, with ``?`` for what it cannot write.
    """
    for stream in streams if streams is not None else (sys.stdout, sys.stderr):
        if not isinstance(stream, io.TextIOWrapper):
            continue  # a test's capture, or a closed stream
        if (stream.encoding or "").lower().replace("-", "").replace("_", "") == "utf8":
            continue
        if platform == "win32":
            stream.reconfigure(encoding="utf-8", errors="replace")
        else:
            stream.reconfigure(errors="replace")


@cache
def console() -> Console:
    """The standard output console."""
    from rich.console import Console

    return Console(highlight=False, emoji=False)


@cache
def err_console() -> Console:
    """The standard error console, for errors and warnings."""
    from rich.console import Console

    return Console(stderr=True, highlight=False, emoji=False)


def error(message: str) -> None:
    """An error that stops the command."""
    _print(err_console(), f"[bold red]Erreur :[/] {_escape(message)}")


def warn(message: str) -> None:
    """A warning: the command goes on."""
    _print(err_console(), f"[bold yellow]Attention :[/] {_escape(message)}")


def info(message: str) -> None:
    """A plain message on standard output."""
    _print(console(), _escape(message))


def _print(out: Console, markup: str) -> None:
    """Wrapped between words on a terminal; one line per message in a pipe or a log, so that
    scripts and ``grep`` see whole sentences."""
    out.print(markup, soft_wrap=not out.is_terminal)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)
