"""Every usage error, in French, with exit status 2: one table, through the real command line.

Typer's parser writes English; ``cli/french.py`` words each error from public data only. A new
kind of usage error that it does not know falls back to a French generic message, never to
click's English text (the last assertion of each row).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import pytest
import typer

from opalexe_cert.cli.environment import build
from opalexe_cert.cli.french import FrenchCommand, FrenchGroup

from clirun import opalexe, plain

USAGE = "Utilisation : opalexe-cert"
ENGLISH = re.compile(
    r"\b(Error|Usage|Invalid|No such|Missing|Got unexpected|Try|Did you mean|requires|"
    r"does not take)\b"
)


# args, what the error says, whether the usage line of this command is shown
def shown(message: str) -> str:
    """« Erreur : » and the message in lower case, or « Erreur — » before a message whose
    first sentence has a colon of its own (one colon per sentence)."""
    prefix = "Erreur — " if " : " in message.split(". ")[0] else "Erreur : "
    return f"{prefix}{message[0].lower()}{message[1:]}"


TABLE: dict[str, tuple[list[str], str, str]] = {
    "unknown command, suggestion": (
        ["statu"],
        "Commande inconnue : « statu ». Vouliez-vous dire « status » ou « start » ?",
        "opalexe-cert [OPTIONS] COMMANDE",
    ),
    "unknown command, no suggestion": (
        ["zzz"],
        "Commande inconnue : « zzz ».",
        "opalexe-cert [OPTIONS] COMMANDE",
    ),
    "unknown option, suggestion": (
        ["status", "--jsn"],
        "Option inconnue : --jsn. Vouliez-vous dire --json ?",
        "opalexe-cert status [OPTIONS]",
    ),
    "unknown option": (
        ["status", "--bogus"],
        "Option inconnue : --bogus.",
        "opalexe-cert status [OPTIONS]",
    ),
    "unknown global option": (
        ["--bogus", "status"],
        "Option inconnue : --bogus.",
        "opalexe-cert [OPTIONS] COMMANDE",
    ),
    "unknown short option": (
        ["calendar", "-x"],
        "Option inconnue : -x.",
        "opalexe-cert calendar [OPTIONS]",
    ),
    "missing value": (
        ["start", "--answers"],
        "L'option --answers attend une valeur.",
        "opalexe-cert start [OPTIONS]",
    ),
    "missing value, short option": (
        ["calendar", "-o"],
        "L'option -o attend une valeur.",
        "opalexe-cert calendar [OPTIONS]",
    ),
    "missing value of a global option": (
        ["--state"],
        "L'option --state attend une valeur.",
        "opalexe-cert [OPTIONS] COMMANDE",
    ),
    "flag given a value": (
        ["status", "--json=oui"],
        "L'option --json ne prend pas de valeur.",
        "opalexe-cert status [OPTIONS]",
    ),
    "extra argument": (
        ["calendar", "x.ics"],
        "Argument(s) en trop : x.ics.",
        "opalexe-cert calendar [OPTIONS]",
    ),
    "extra arguments": (
        ["status", "x", "y"],
        "Argument(s) en trop : x y.",
        "opalexe-cert status [OPTIONS]",
    ),
    "global options but no command": (
        ["--state", "s.json"],
        "Indiquez une commande.",
        "opalexe-cert [OPTIONS] COMMANDE",
    ),
}


@pytest.mark.parametrize("case", sorted(TABLE))
def test_usage_error_in_french(tmp_path: Path, case: str) -> None:
    args, message, usage = TABLE[case]
    done = opalexe(*args, cwd=tmp_path)
    err = plain(done.stderr)
    assert done.returncode == 2, err
    assert shown(message) in err
    assert f"Utilisation : {usage}" in err
    assert "Pour l'aide : « opalexe-cert" in err
    assert not ENGLISH.search(err), err
    assert done.stdout == ""
    assert "Traceback" not in err


def test_suggestion_has_no_colon_and_a_narrow_space(tmp_path: Path) -> None:
    """docs/typography.md: « Vouliez-vous dire --json ? », narrow no-break space before ?."""
    err = opalexe("status", "--jsn", cwd=tmp_path).raw_err
    assert "Vouliez-vous dire --json\u202f?" in err


def test_no_arguments_shows_the_french_help_as_a_usage_error(tmp_path: Path) -> None:
    done = opalexe(cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith(USAGE)
    assert "Commandes :" in done.stderr and "Options :" in done.stderr
    assert not ENGLISH.search(done.stderr)


@pytest.mark.parametrize("args", [["--help"], ["-h"], ["status", "--help"], ["start", "-h"]])
def test_help_is_french_and_succeeds(tmp_path: Path, args: list[str]) -> None:
    done = opalexe(*args, cwd=tmp_path)
    assert done.returncode == 0
    assert done.stdout.startswith(USAGE)
    assert "Options :" in done.stdout
    assert "Affiche cette aide et s'arrête." in done.stdout
    assert not ENGLISH.search(done.stdout)


# --- errors our commands do not produce today, through the same classes --------------------

toy = typer.Typer(cls=FrenchGroup, invoke_without_command=True, no_args_is_help=True)


@toy.callback()
def _toy_options() -> None:
    """Options."""


@toy.command(cls=FrenchCommand)
def count(
    number: Annotated[int, typer.Option("--number")] = 1,
    ratio: Annotated[float, typer.Option("--ratio")] = 1.0,
    name: Annotated[str, typer.Option("--name")] = ...,  # type: ignore[assignment]
) -> None:
    """A command with typed and required options."""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["count", "--name", "a", "--number", "abc"], "Valeur invalide pour l'option --number : un nombre entier est attendu."),  # noqa: E501
        (["count", "--name", "a", "--ratio", "x"], "Valeur invalide pour l'option --ratio : un nombre est attendu."),  # noqa: E501
        (["count"], "Paramètre manquant : l'option --name."),
    ],
)  # fmt: skip
def test_typed_and_required_options_in_french(args: list[str], message: str) -> None:
    from typer.main import get_command

    from opalexe_cert.cli.exit_status import ExitStatus, report

    env = build({})
    import io

    err = io.StringIO()
    env = build({}, stdout=io.StringIO(), stderr=err)
    with pytest.raises(Exception) as caught:
        get_command(toy).main(args=args, prog_name="toy", standalone_mode=False)
    assert report(caught.value, env.out) == ExitStatus.USAGE
    assert shown(message) in plain(err.getvalue())
    assert not ENGLISH.search(err.getvalue())
