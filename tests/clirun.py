"""Running ``opalexe-cert``: in-process (the default, fast) or as the real console script.

``invoke`` calls the command line in this process, as ``main`` would, with an environment
built from a dict (``cli.app.execute``): no interpreter is started. Only tests whose point is a
real process or terminal (Ctrl-C timing, import-time checks, ``status | head``, the pexpect
wizard) start ``SCRIPT``, through ``opalexe_process`` or ``wizard_support.Terminal``.

Every run builds its environment here (``clean_env``), so that no ``OPALEXE_CERT_*`` variable
of the developer's shell leaks into a test.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from opalexe_cert.cli.app import execute

_EXE = ".exe" if sys.platform == "win32" else ""
SCRIPT = Path(sys.executable).with_name(f"opalexe-cert{_EXE}")
"""The console script next to this Python (``Scripts\\opalexe-cert.exe`` on Windows)."""
ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
TODAY = "2026-11-02"


@dataclass
class Result:
    """What a run of the command printed and returned."""

    code: int
    out: str  # typographic spaces and apostrophes made plain (``plain``), except JSON
    err: str
    raw_out: str = ""  # exactly as printed
    raw_err: str = ""

    @property
    def text(self) -> str:
        return self.out + self.err

    # The names of ``subprocess.CompletedProcess``, for tests written for a real process.
    @property
    def returncode(self) -> int:
        return self.code

    @property
    def stdout(self) -> str:
        return self.out

    @property
    def stderr(self) -> str:
        return self.err


_PLAIN = str.maketrans({"\u00a0": " ", "\u202f": " ", "’": "'"})


def plain(text: str) -> str:
    """Output with no-break spaces as spaces and ’ as ': tests match the text as it is written
    in the code; French typography (``cli/typeset.py``) is checked by tests of its own."""
    return text.translate(_PLAIN)


def result(code: int, out: str, err: str, args: tuple[str, ...]) -> Result:
    """A run's ``Result``: messages made plain, JSON (``--json``) kept exactly as data."""
    shown = out if "--json" in args else plain(out)
    return Result(code, shown, plain(err), out, err)


def clean_env(today: str, state: Path | None = None, **extra: str) -> dict[str, str]:
    """This process's environment without our variables or colour settings; the date pinned,
    no network (``OPALEXE_CERT_OFFLINE=""`` in ``extra`` allows it), and ``extra`` on top."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("OPALEXE_CERT_") and k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS")
    }
    env.update(OPALEXE_CERT_TODAY=today, OPALEXE_CERT_OFFLINE="1")
    if state is not None:
        env["OPALEXE_CERT_STATE"] = str(state)
    env.update(extra)
    return env


def invoke(
    *args: str,
    variables: Mapping[str, str],
    cwd: Path | None = None,
    terminal: bool = False,
) -> Result:
    """``opalexe-cert ARGS`` in this process, with ``variables`` as its environment.

    Standard input is not a terminal unless ``terminal``; what is printed is captured (Typer's
    own help goes to ``sys.stdout``, hence that redirection too). ``sys.stderr`` is left alone:
    a test server's thread writing there is not the command's output.
    """
    out, err = io.StringIO(), io.StringIO()
    with contextlib.ExitStack() as stack:
        if cwd is not None:
            stack.enter_context(contextlib.chdir(cwd))
        stack.enter_context(contextlib.redirect_stdout(out))
        code = execute(list(args), variables, stdout=out, stderr=err, stdin_is_terminal=terminal)
    return result(int(code), out.getvalue(), err.getvalue(), args)


def opalexe(*args: str, cwd: Path, env: dict[str, str] | None = None) -> Result:
    """Run the command in-process with today pinned, offline, without colours unless asked."""
    return invoke(*args, variables=clean_env(TODAY, **(env or {})), cwd=cwd)


def run_process(*args: str, variables: Mapping[str, str], cwd: Path | None = None) -> Result:
    """``opalexe-cert ARGS`` as a real process with exactly ``variables`` as its environment."""
    done = subprocess.run(
        [str(SCRIPT), *args],
        cwd=cwd,
        env=dict(variables),
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        check=False,
        timeout=60,
    )
    return result(done.returncode, done.stdout, done.stderr, args)


def opalexe_process(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The real console script, for tests whose point is a real process."""
    done = subprocess.run(
        [str(SCRIPT), *args],
        cwd=cwd,
        env=clean_env(TODAY, **(env or {})),
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        check=False,
        timeout=60,
    )
    if "--json" not in args:  # JSON is data, kept exactly
        done.stdout = plain(done.stdout)
    done.stderr = plain(done.stderr)
    return done
