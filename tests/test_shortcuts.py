"""``status``, ``status --json`` and ``start`` typed alone skip Typer's parser (start-up time):
they must do exactly what the parser's way does, which ``--state FILE`` before them takes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from opalexe_cert.cli.app import shortcut

from conftest import Runner, environment_for, example_answers, write_answers


@pytest.mark.parametrize("args", [["status"], ["status", "--json"], ["start"]])
@pytest.mark.parametrize("answered", [False, True])
def test_a_shortcut_does_what_the_parser_does(
    cli: Runner, state_file: Path, tmp_path: Path, args: list[str], answered: bool
) -> None:
    if answered:
        answers = {k: v for k, v in example_answers().items() if not k.startswith("activation")}
        cli("start", "--answers", str(write_answers(tmp_path / "a.json", answers)))
    assert shortcut(args, environment_for(state_file)) is not None
    before = state_file.read_bytes() if state_file.exists() else b""
    short = cli(*args)
    parsed = cli("--state", str(state_file), *args)
    assert (short.code, short.out, short.err) == (parsed.code, parsed.out, parsed.err)
    if args[0] == "status":  # status writes nothing
        assert (state_file.read_bytes() if state_file.exists() else b"") == before


@pytest.mark.parametrize(
    "args",
    [[], ["status", "--help"], ["status", "-h"], ["start", "--no-input"], ["--json", "status"],
     ["status", "--json", "x"], ["Status"], ["start", "--"]],
)  # fmt: skip
def test_anything_else_goes_through_the_parser(state_file: Path, args: list[str]) -> None:
    assert shortcut(args, environment_for(state_file)) is None


def run_reporting_typer(
    args: list[str], state_file: Path, cwd: Path
) -> subprocess.CompletedProcess[str]:
    """``opalexe-cert ARGS`` in a new Python, its standard error ending with whether Typer
    was imported (``TYPER=True`` or ``TYPER=False``)."""
    probe = (
        "import sys\n"
        f"sys.argv = ['opalexe-cert', *{args!r}]\n"
        "from opalexe_cert.cli.app import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write('TYPER=' + str('typer' in sys.modules))\n"
    )
    env = {**os.environ, "OPALEXE_CERT_STATE": str(state_file), "OPALEXE_CERT_TODAY": "2026-11-02"}
    return subprocess.run(
        [sys.executable, "-c", probe], env=env, cwd=cwd, capture_output=True, text=True
    )


def test_status_imports_no_typer(state_file: Path, tmp_path: Path) -> None:
    done = run_reporting_typer(["status", "--json"], state_file, tmp_path)
    assert json.loads(done.stdout)["steps"]  # the status was printed
    assert done.stderr.endswith("TYPER=False"), done.stderr
