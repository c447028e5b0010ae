"""The entry point: ``main`` builds the ``Environment`` once and runs the command in it.

Ctrl-C is taken over by the package itself as soon as the console script imports it, before
Typer, rich and pydantic are imported (an interruption then ends quietly with status 130,
never a traceback); ``run`` gives Python's handler back once the command is parsed, so that
Ctrl-C inside a command is a ``KeyboardInterrupt`` for ``exit_status.report``.

``execute`` is what ``main`` does, with the environment's variables and streams as arguments:
the tests call it in-process.
"""

from __future__ import annotations

import atexit
import gc
import os
import signal
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

if TYPE_CHECKING:
    from opalexe_cert.cli.environment import Environment
    from opalexe_cert.cli.exit_status import ExitStatus


def main() -> NoReturn:
    """Entry point of the ``opalexe-cert`` script."""
    from opalexe_cert import _quiet_interrupt

    signal.signal(signal.SIGINT, _quiet_interrupt)  # already so when run as the console script
    # Start-up makes only what lives as long as the run (modules, classes, tables): no cycle
    # to collect, yet the collector would walk every object several times while the imports
    # grow the heap (about 5 % of ``status``). ``run`` turns it back on once the command is
    # parsed, with those objects frozen out of its way.
    gc.disable()
    ending = _Ending()
    atexit.register(ending.now)  # first registered, so the last to run
    # We use no pydantic plugin: not looking for any spares a scan of every installed
    # package's metadata when the state model is first built (start-up time of ``status``).
    # pydantic still imports ``importlib.metadata`` for its loader (about 15 ms): only its
    # documented setting is used, never a stand-in for its private modules.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "1")
    from opalexe_cert.cli.output import safe_encoding

    safe_encoding()
    status = execute(sys.argv[1:], os.environ, interrupt_handler=signal.default_int_handler)
    ending.status = int(status)
    sys.exit(ending.status)


class _Ending:
    """The end of the process, as soon as the exit handlers have run, without tearing the
    interpreter down.

    Python's shutdown frees every module and object one by one and collects garbage once
    more: about 12 ms of ``status``, for memory the system takes back at once anyway. ``now``
    is registered first, so it runs after every other exit handler (a library's, registered
    during the command, still runs); then the standard streams are flushed and the process
    ends with the command's status (``os._exit``, as the Ctrl-C path already does). When the
    command did not end normally (no ``status``) or a stream cannot be flushed, it does
    nothing and Python's own shutdown reports what it must.
    """

    status: int | None = None
    """The command's exit status, once it has ended normally."""

    def now(self) -> None:
        if self.status is None:
            return
        for stream in (sys.stdout, sys.stderr):
            try:
                if stream is not None:
                    stream.flush()
            except (OSError, ValueError):
                return
        os._exit(self.status)


def execute(
    args: Sequence[str],
    variables: Mapping[str, str],
    *,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    stdin_is_terminal: bool | None = None,
    interrupt_handler: object = None,
) -> ExitStatus:
    """Build the ``Environment`` from ``variables`` and run ``args`` in it.

    A setting that cannot be used is reported in French (status 2) before any command runs.
    ``interrupt_handler`` (``main`` only) is put back once the imports are done, so that
    Ctrl-C inside a command is a ``KeyboardInterrupt`` that ``exit_status.report`` handles.
    """
    from opalexe_cert.cli import environment
    from opalexe_cert.cli.exit_status import report
    from opalexe_cert.cli.output import Output
    from opalexe_cert.domain.errors import InputError

    try:
        env = environment.build(
            variables, stdout=stdout, stderr=stderr, stdin_is_terminal=stdin_is_terminal
        )
    except InputError as exc:
        return report(exc, Output(stdout or sys.stdout, stderr or sys.stderr))
    return run(args, env, interrupt_handler=interrupt_handler)


def run(args: Sequence[str], env: Environment, *, interrupt_handler: object = None) -> ExitStatus:
    """Run the command line ``args`` in ``env``; every failure becomes a French message and
    its exit status (``exit_status.report``)."""
    from opalexe_cert.cli.exit_status import ExitStatus, perform, report
    from opalexe_cert.cli.library_warnings import captured

    with captured(env.out, debug=env.debug):
        try:
            result = shortcut(args, env)
            if result is None:
                from opalexe_cert.cli.command_line import parse

                result = parse_printing(args, env, parse)
            if interrupt_handler is not None:
                signal.signal(signal.SIGINT, interrupt_handler)  # type: ignore[arg-type]
                _collect_from_here()
            if callable(result):
                return perform(result, env)
            if result == ExitStatus.INTERRUPTED:  # Typer saw Ctrl-C while parsing
                raise KeyboardInterrupt
            env.out.flush()
            return ExitStatus(result or 0)
        except (Exception, KeyboardInterrupt) as exc:
            try:
                return report(exc, env.out, debug=env.debug)
            except KeyboardInterrupt:
                return ExitStatus.INTERRUPTED


def _collect_from_here() -> None:
    """Turn the garbage collector back on (``main`` turned it off for the imports), with
    every object made so far left out of its collections (``gc.freeze``)."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def shortcut(args: Sequence[str], env: Environment) -> Callable[[], int | None] | None:
    """The action of ``status``, ``status --json`` or ``start`` typed with nothing else, or of
    ``print-dossier`` with its options written plainly, as the parser would give it; ``None``
    for any other command line (options, help, mistakes: all go through Typer).

    These are what an expert runs most, and Typer's parser (its import, then a pydantic
    ``TypeAdapter`` built for each parameter) costs more than ``status`` itself.
    ``tests/test_shortcuts.py`` checks that they do exactly what the parser's way does.
    """
    match tuple(args):
        case ("status",) | ("status", "--json"):
            from opalexe_cert.cli.commands.status import show

            json_output = "--json" in args
            return lambda: show(env, json_output=json_output)
        case ("start",):
            from opalexe_cert.cli.commands.start import start

            interactive = env.interactive()
            if interactive:  # the wizard's modules load while the collector is off (``main``)
                import opalexe_cert.cli.wizard.session  # noqa: F401
            return lambda: start(env, answers_file=None, interactive=interactive, step_id=None)
        case ("print-dossier", *options):
            from opalexe_cert.cli.commands.print_dossier import plain_options, print_dossier

            if (plain := plain_options(options)) is not None:
                output, no_input, recap = plain
                interactive = env.interactive(no_input=no_input)
                return lambda: print_dossier(env, output, interactive=interactive, recap_only=recap)
    return None


def parse_printing(args: Sequence[str], env: Environment, parse: Callable[..., Any]) -> Any:
    """Parse ``args``; Typer prints ``--help`` itself, so a full disk or a device error while
    it does is reported as a failed write too (parsing touches no other file)."""
    from opalexe_cert.cli.output import write_failed

    try:
        result = parse(args, env)
        if sys.stdout is not None:  # ``>&-``: Python has no standard output at all
            sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise write_failed(exc) from None
    return result


def __getattr__(name: str) -> object:
    """``opalexe_cert.cli.app.app``, the Typer application, for those who import it."""
    if name == "app":
        from opalexe_cert.cli.command_line import app

        return app
    raise AttributeError(name)
