"""What the expert reads on the terminal: one ``Output`` per run, owned by the ``Environment``.

``Output`` holds the run's two streams and builds its rich consoles on first use (``--help``
never imports rich). Every value shown is escaped, so a name such as ``[bold red]x[/]`` or an
unbalanced ``[/]`` prints literally: ``say("Titulaire : {name}", name=...)`` is the one way
to print a sentence that holds values; ``info``/``warn``/``error`` print plain text.

A message for a stream that is not a terminal (a pipe, a file, a log) is written as plain
text, one line, by ``Output`` itself (``markup.plain``): what rich would print there, without
rich's import. A terminal, ``FORCE_COLOR``, and anything but a message (a panel, a table) go
through the rich console.

A failure to write (a full disk, ``/dev/full``) becomes ``OutputError`` (French, exit 1); a
reader that left (``status | head``) stays a ``BrokenPipeError``, which the error layer turns
into a quiet stop.

There is no ambient output: every function that prints is handed the run's ``Output``
(``Environment.out``), as rich and httpie do.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import IO, TYPE_CHECKING, Any, Literal, TextIO, cast

from opalexe_cert.cli.markup import french_markup, has_colon, lower_first, markup, plain
from opalexe_cert.domain.errors import OpalexeError

if TYPE_CHECKING:
    from rich.console import Console


class OutputError(OpalexeError):
    """The command's output could not be written (disk full, device error)."""


_REASONS = {
    28: "plus de place sur le disque ou le périphérique",  # ENOSPC
    5: "erreur d'entrée-sortie du périphérique",  # EIO
    122: "quota de disque dépassé",  # EDQUOT
}


def write_failed(exc: OSError) -> OutputError:
    """The French error for an ``OSError`` met while writing the command's output."""
    reason = _REASONS.get(exc.errno or 0, "le système a refusé l'écriture")
    return OutputError(f"Impossible d'écrire la sortie de la commande ({reason}).")


class GuardedStream(io.TextIOBase):
    """A text stream whose write failures are French ``OutputError``s (a closed pipe stays a
    ``BrokenPipeError``)."""

    def __init__(self, stream: TextIO | None) -> None:
        super().__init__()
        self.stream = stream  # None: the stream was closed before the run (``status >&-``)

    def _open(self) -> TextIO:
        if self.stream is None:
            raise OutputError(
                "Impossible d'écrire la sortie de la commande, car la sortie standard est "
                "fermée. Relancez la commande sans « >&- », ou redirigez sa sortie vers un "
                "fichier."
            )
        return self.stream

    def write(self, text: str) -> int:
        try:
            return self._open().write(text)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise write_failed(exc) from None

    def flush(self) -> None:
        if self.stream is None:
            return  # nothing was written: nothing to push
        try:
            self.stream.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise write_failed(exc) from None

    def isatty(self) -> bool:
        try:
            return self.stream is not None and self.stream.isatty()
        except (OSError, ValueError):
            return False

    def fileno(self) -> int:
        return self._open().fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.stream, "encoding", None) or "utf-8"


ColorSystem = Literal["standard", "256", "truecolor"]


@dataclass(frozen=True)
class Style:
    """How the consoles render: decided once from the environment's variables."""

    no_color: bool = False
    force_terminal: bool = False
    """``FORCE_COLOR``: render as for a terminal (colours) even into a pipe."""
    width: int | None = None
    """``COLUMNS``; otherwise the terminal's width, or 80 in a pipe."""
    color_system: ColorSystem | None = "standard"
    """What the terminal can show (from ``TERM``, ``COLORTERM``), when it is one."""

    @classmethod
    def from_variables(cls, variables: Mapping[str, str]) -> Style:
        """NO_COLOR (https://no-color.org/), FORCE_COLOR, COLUMNS, TERM and COLORTERM."""
        force = variables.get("FORCE_COLOR", "") != ""
        columns = variables.get("COLUMNS", "").strip()
        width = int(columns) if columns.isdigit() and 0 < int(columns) < 10_000 else None
        term = variables.get("TERM", "").lower()
        colorterm = variables.get("COLORTERM", "").lower()
        system: ColorSystem | None = "standard"
        if term in ("dumb", "unknown") and not force:
            system = None
        elif colorterm in ("truecolor", "24bit"):
            system = "truecolor"
        elif term.endswith("256color"):
            system = "256"
        return cls(
            no_color=variables.get("NO_COLOR", "") != "",
            force_terminal=force,
            width=width,
            color_system=system,
        )


class Output:
    """The run's standard output and error, and the rich consoles built over them."""

    def __init__(
        self, stdout: TextIO | None, stderr: TextIO | None, style: Style | None = None
    ) -> None:
        self.stdout = GuardedStream(stdout)
        self.stderr = GuardedStream(stderr)
        self.style = style or Style()

    def _console(self, file: GuardedStream) -> Console:
        # French typography on every message, lines broken between words only (docs/typography.md).
        from opalexe_cert.cli.typeset import FrenchConsole

        style = self.style
        terminal = self._is_terminal(file)
        return FrenchConsole(
            file=cast("IO[str]", file),  # a TextIOBase: rich only writes, flushes, asks isatty
            highlight=False,
            emoji=False,
            no_color=style.no_color,
            force_terminal=terminal,
            width=style.width or (None if terminal else 80),
            color_system=style.color_system if terminal else None,
        )

    def _is_terminal(self, file: GuardedStream) -> bool:
        """Whether what is written to ``file`` is drawn for a terminal (as its console is)."""
        return self.style.force_terminal or file.isatty()

    @cached_property
    def terminal(self) -> bool:
        """Whether standard output is drawn for a terminal: wrapped to its width, in colour."""
        return self._is_terminal(self.stdout)

    @property
    def redirected(self) -> bool:
        """Whether the output goes to a file or a pipe (``print-dossier > journal.txt``) while
        the error stream is still the terminal: questions are then drawn on the error stream."""
        return not self.stdout.isatty() and self.stderr.isatty()

    @cached_property
    def console(self) -> Console:
        """The standard output console."""
        return self._console(self.stdout)

    @cached_property
    def err_console(self) -> Console:
        """The standard error console, for errors and warnings."""
        return self._console(self.stderr)

    # --- printing ---------------------------------------------------------------------------

    def say(self, template: str, /, **values: object) -> None:
        """Print rich ``template`` on standard output, each ``{value}`` escaped (shown as is)."""
        self._write(self.stdout, markup(template, **values))

    def say_err(self, template: str, /, **values: object) -> None:
        """``say`` on standard error."""
        self._write(self.stderr, markup(template, **values))

    def line(self, rendered: str) -> None:
        """Markup already escaped, on one line of standard output even on a terminal (never
        wrapped: a line of the timeline)."""
        self._write(self.stdout, rendered, wrap=False)

    def print(self, *objects: object, **options: Any) -> None:
        """Rich renderables (panels, tables) or markup already escaped, on standard output."""
        self.console.print(*objects, **options)

    def info(self, message: str) -> None:
        """A plain message on standard output."""
        self.say("{message}", message=message)

    def warn(self, message: str) -> None:
        """A warning: the command goes on (lower case after the colon: ``docs/typography.md``);
        « Attention — » when its first sentence has a colon of its own, as for ``error``."""
        prefix = "Attention —" if has_colon(message) else "Attention :"
        self.say_err(f"[bold yellow]{prefix}[/] {{message}}", message=lower_first(message))

    def error(self, message: str) -> None:
        """An error that stops the command: « Erreur : » before it, or « Erreur — » when its
        first sentence has a colon of its own (one colon per sentence)."""
        if message.startswith("Erreur"):  # « Erreur inattendue (…) : … » says it already
            self.say_err("[bold red]{message}[/]", message=message)
        elif has_colon(message):
            self.say_err("[bold red]Erreur —[/] {message}", message=lower_first(message))
        else:
            self.say_err("[bold red]Erreur :[/] {message}", message=lower_first(message))

    def text(self, text: str) -> None:
        """Text for scripts (JSON), written as is, with no markup nor wrapping."""
        self.stdout.write(text + "\n")
        self.stdout.flush()

    def flush(self) -> None:
        """Push what is buffered (a full disk is reported before the command says it is done)."""
        self.stdout.flush()
        self.stderr.flush()

    def _write(self, file: GuardedStream, rendered: str, *, wrap: bool = True) -> None:
        """Wrapped between words on a terminal (unless ``wrap`` is false); one line per message
        in a pipe or a log, so that scripts and ``grep`` see whole sentences: written there as
        plain text, as rich would (and flushed, as rich does, so that the two streams keep
        their order in a shared log)."""
        if not self._is_terminal(file):
            text = plain(french_markup(rendered))
            if text is not None:
                file.write(text + "\n")
                file.flush()
                return
        console = self.console if file is self.stdout else self.err_console
        console.print(rendered, soft_wrap=not wrap or not console.is_terminal)


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
