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
    err_console().print(f"[bold red]Erreur :[/] {_escape(message)}", soft_wrap=True)


def warn(message: str) -> None:
    """A warning: the command goes on."""
    err_console().print(f"[bold yellow]Attention :[/] {_escape(message)}", soft_wrap=True)


def info(message: str) -> None:
    """A plain message on standard output."""
    console().print(_escape(message), soft_wrap=True)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)
