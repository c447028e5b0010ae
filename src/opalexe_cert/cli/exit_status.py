"""Every exit status, named (as httpie's ``ExitStatus``), and the one place that maps what
went wrong to one of them and says it in French.

| status | meaning |
|---|---|
| 0 ``SUCCESS`` | done (or the wizard stopped cleanly, waiting for something outside) |
| 1 ``ERROR`` | an error (unreadable or locked state file, service unavailable, output not
  written, a reader that left the pipe) or a check that failed |
| 2 ``USAGE`` | bad usage or bad input (unknown option, missing or invalid answer, bad setting) |
| 10 ``DUE_SOON`` | ``remind``: an action is due soon (a reminder threshold is reached) |
| 11 ``OVERDUE`` | ``remind``: an action is overdue (a deadline passed, a certificate expired) |
| 130 ``INTERRUPTED`` | Ctrl-C or Ctrl-D: the answers already given are kept |

Importing this module is cheap (``main`` uses it before the heavy imports).
"""

from __future__ import annotations

import enum
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from opalexe_cert.cli.environment import Environment
    from opalexe_cert.cli.output import Output


class ExitStatus(enum.IntEnum):
    """The documented exit statuses (README, "Codes de sortie")."""

    SUCCESS = 0
    ERROR = 1
    USAGE = 2
    DUE_SOON = 10
    OVERDUE = 11
    INTERRUPTED = 130


INTERRUPTED = (
    "Interrompu. Vos réponses déjà enregistrées sont conservées ; relancez "
    "« opalexe-cert start » pour reprendre."
)
DEBUG_HINT = "Relancez avec OPALEXE_CERT_DEBUG=1 pour obtenir le détail technique."


def unexpected_message(exc: BaseException) -> str:
    """What the user reads about a bug: its kind, and how to get the details."""
    return f"Erreur inattendue ({type(exc).__name__}) : {exc}\n{DEBUG_HINT}"


def report(exc: BaseException, out: Output, *, debug: bool = False) -> ExitStatus:
    """Say in French what ``exc`` means for the expert, and return its exit status.

    The one place where errors, interruptions and a closed pipe become exit statuses. With
    ``debug``, an unexpected error is raised again (its traceback is the detail asked for).
    """
    from opalexe_cert.cli.output import OutputError
    from opalexe_cert.domain.errors import InputError, OpalexeError

    code = _exit_code(exc)
    if code is not None:
        return ExitStatus(code) if code in set(ExitStatus) else ExitStatus.ERROR
    if isinstance(exc, KeyboardInterrupt | EOFError) or _is_abort(exc):
        said = getattr(exc, "message", INTERRUPTED)  # ``Interrupted``: what was kept, dropped
        out.err_console.print(f"\n{said}", markup=False, highlight=False)
        return ExitStatus.INTERRUPTED
    if isinstance(exc, BrokenPipeError):
        silence_stdout(out)
        return ExitStatus.ERROR
    if isinstance(exc, OutputError):
        silence_stdout(out)
        _try_error(out, exc.message)
        return ExitStatus.ERROR
    if isinstance(exc, InputError):
        out.error(exc.message)
        return ExitStatus.USAGE
    if isinstance(exc, OpalexeError):
        out.error(exc.message)
        return ExitStatus.ERROR
    from opalexe_cert.cli import french

    if isinstance(exc, french.UsageFailure) or french.is_usage_error(exc):
        _usage(exc, out)
        return ExitStatus.USAGE
    if debug:
        raise exc
    out.error(unexpected_message(exc))
    return ExitStatus.ERROR


def _is_abort(exc: BaseException) -> bool:
    """Typer's ``Abort`` (Ctrl-D at one of its prompts); Typer is not imported for it (a bad
    setting is reported before Typer is loaded)."""
    typer = sys.modules.get("typer")
    return typer is not None and isinstance(exc, typer.Abort)


def _exit_code(exc: BaseException) -> int | None:
    """The status of a ``typer.Exit`` raised by a command, if it is one."""
    typer = sys.modules.get("typer")
    if typer is not None and isinstance(exc, typer.Exit):
        return int(exc.exit_code)
    return None


def _usage(exc: BaseException, out: Output) -> None:
    """The usage line and how to get help, then the French message (the whole help, on
    standard error, when no argument was given)."""
    from opalexe_cert.cli import french

    if isinstance(exc, french.UsageFailure) and exc.help:
        out.stderr.write(exc.ctx.get_help() + "\n")
        out.stderr.flush()
        return
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        usage = ctx.get_usage()
        if ctx.command.get_help_option(ctx) is not None:
            usage += f"\nPour l'aide : « {ctx.command_path} {ctx.help_option_names[0]} ».\n"
        out.err_console.print(usage, markup=False, highlight=False, soft_wrap=True)
    out.error(french.usage_message(exc))


def _try_error(out: Output, message: str) -> None:
    """Report on standard error, unless it cannot be written either."""
    from opalexe_cert.cli.output import OutputError

    try:
        out.error(message)
        out.stderr.flush()
    except (OutputError, OSError):
        pass


def silence_stdout(out: Output) -> None:
    """Standard output cannot take more (a reader that left, a full disk): point the process's
    descriptor at devnull, so the interpreter's final flush does not fail again (Python's
    documented recipe for ``BrokenPipeError``). Harmless for an in-process run."""
    stream = out.stdout.stream
    if stream is None or stream is not sys.__stdout__:
        return
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, out.stdout.fileno())
    except (OSError, ValueError):
        pass


def perform(action: Callable[[], int | None], env: Environment) -> ExitStatus:
    """Run a command's action; its status (``doctor`` and ``certificate`` say whether their
    checks passed), or what ``exit_status.report`` makes of its failure."""
    try:
        status = action()
        env.out.flush()
        return ExitStatus(status or ExitStatus.SUCCESS)
    except (Exception, KeyboardInterrupt) as exc:
        try:
            return report(exc, env.out, debug=env.debug)
        except KeyboardInterrupt:
            return ExitStatus.INTERRUPTED
