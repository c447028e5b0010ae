"""``print-dossier`` with its options written plainly skips Typer's parser (start-up time): it
must do exactly what the parser's way does (``--state FILE`` before it takes that way)."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
from test_shortcuts import run_reporting_typer

from opalexe_cert.cli.app import shortcut
from opalexe_cert.cli.commands.print_dossier import DEFAULT_OUTPUT, plain_options

from conftest import Runner, environment_for

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "answers-complete.json"


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.exists() else {}


@pytest.mark.parametrize(
    "options",
    [["--no-input", "--output", "{out}"], ["--recap", "-o", "{out}"],
     ["--output={out}", "--recap", "--no-input"]],
)  # fmt: skip
def test_the_shortcut_writes_and_says_what_the_parser_does(
    cli: Runner, state_file: Path, tmp_path: Path, options: list[str]
) -> None:
    cli("start", "--answers", str(EXAMPLE), "--no-input")
    args = ["print-dossier", *options]
    short_out, parsed_out = tmp_path / "short", tmp_path / "parsed"
    assert shortcut([a.format(out=short_out) for a in args], environment_for(state_file))
    short = cli(*[a.format(out=short_out) for a in args])
    parsed = cli("--state", str(state_file), *[a.format(out=parsed_out) for a in args])
    assert short.code == parsed.code == 0
    assert short.out.replace(str(short_out), "X") == parsed.out.replace(str(parsed_out), "X")
    assert short.err == parsed.err
    assert _files(short_out) == _files(parsed_out) and _files(short_out)


def test_a_state_with_nothing_to_print_fails_alike(
    cli: Runner, state_file: Path, tmp_path: Path
) -> None:
    assert shortcut(["print-dossier", "-o", "x"], environment_for(state_file))
    short = cli("print-dossier", "-o", str(tmp_path / "out"))
    parsed = cli("--state", str(state_file), "print-dossier", "-o", str(tmp_path / "out"))
    assert (short.code, short.out, short.err) == (parsed.code, parsed.out, parsed.err)
    assert short.code != 0 and not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "options",
    [["--help"], ["-h"], ["--output"], ["--output", "-x"], ["--output="], ["-ox"],
     ["--no-input", "--no-input"], ["-o", "a", "-o", "b"], ["--", "x"], ["x"], ["--Recap"]],
)  # fmt: skip
def test_anything_else_goes_through_the_parser(state_file: Path, options: list[str]) -> None:
    assert plain_options(options) is None
    assert shortcut(["print-dossier", *options], environment_for(state_file)) is None


def test_the_default_folder_is_the_parser_s() -> None:
    from opalexe_cert.cli import command_line

    parameter = inspect.signature(command_line.print_dossier).parameters["output"]
    assert parameter.default == DEFAULT_OUTPUT == plain_options([])[0]  # type: ignore[index]


def test_print_dossier_imports_no_typer(state_file: Path, tmp_path: Path) -> None:
    args = ["print-dossier", "--recap", "-o", str(tmp_path)]
    done = run_reporting_typer(args, state_file, tmp_path)
    assert "rien à récapituler" in done.stderr  # the command ran (nothing started yet)
    assert done.stderr.endswith("TYPER=False"), done.stderr
