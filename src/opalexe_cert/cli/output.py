"""Messages to the user on the terminal (French), through rich, honouring NO_COLOR."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


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
