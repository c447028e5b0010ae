"""opalexe-cert: a wizard for the CertEurope certificate French court experts need for OPALEXE."""

try:  # first statement: a Ctrl-C from here on, before our handler is set, is ours to end
    import sys as _sys

    __version__ = "0.1.0"

    def _quiet_interrupt(signum: int, frame: object) -> None:
        """Ctrl-C while the console script starts (Python imports): stop at once, status 130,
        never a traceback; ``cli.app.main`` puts Python's own handler back once a command
        runs."""
        import os

        try:
            os.write(2, b"\nInterrompu.\n")
        finally:
            os._exit(130)

    if _sys.argv and _sys.argv[0].replace("\\", "/").rsplit("/", 1)[-1].startswith("opalexe-cert"):
        # The console script imports this package first: take Ctrl-C over before anything
        # else (Typer, rich, pydantic take a tenth of a second to import). Never for a library
        # user. ``_signal`` is built in: ``import signal`` runs Python code (enums) that a
        # Ctrl-C in the first milliseconds interrupted, with a traceback, on a loaded machine.
        try:
            import _signal as _signals  # type: ignore[import-not-found]  # no stub: signal's API
        except ImportError:  # not CPython: the public module, a few milliseconds later
            import signal as _signals

        _signals.signal(_signals.SIGINT, _quiet_interrupt)
except KeyboardInterrupt:  # Ctrl-C in the instants before the handler above was set
    import os as _os

    _os.write(2, b"\nInterrompu.\n")
    _os._exit(130)
