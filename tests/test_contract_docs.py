"""``docs/contract.md`` names everything the command line offers: every command and option,
every answers key and step id, every variable the Environment reads, every exit status."""

from __future__ import annotations

import re

import click
import typer

from opalexe_cert.adapters import sirene_settings
from opalexe_cert.cli import environment
from opalexe_cert.cli.command_line import app
from opalexe_cert.cli.exit_status import ExitStatus
from opalexe_cert.domain.procedure import FIELDS, STEP_IDS

from clirun import ROOT

CONTRACT = (ROOT / "docs" / "contract.md").read_text(encoding="utf-8")
DOCUMENTED = set(re.findall(r"`([^`\s]+)", CONTRACT))  # every word opening a `code` span


def test_every_answers_key_and_step_id_is_documented() -> None:
    assert sorted(set(FIELDS) - DOCUMENTED) == []
    assert sorted(set(STEP_IDS) - DOCUMENTED) == []


def test_every_variable_the_environment_reads_is_documented() -> None:
    names = {
        value
        for module in (environment, sirene_settings)
        for name, value in vars(module).items()
        if name.endswith("_ENV") and isinstance(value, str)
    }
    assert len(names) >= 12
    assert sorted(names - DOCUMENTED) == []


def test_every_command_and_option_is_documented() -> None:
    group = typer.main.get_group(app)
    missing = [f"--{p.name}" for p in group.params if f"--{p.name}" not in DOCUMENTED]
    commands = list(group.commands.items())
    while commands:
        name, command = commands.pop()
        if f"`{name}`" not in CONTRACT and name not in DOCUMENTED:
            missing.append(name)
        for param in command.params:
            missing += [
                f"{name} {o}" for o in param.opts if o.startswith("--") and o not in CONTRACT
            ]
        if isinstance(command, click.Group):  # compagnie status, compagnie report...
            commands += [(f"{name} {n}", c) for n, c in command.commands.items()]
    assert [m for m in missing if not m.endswith("--help")] == []


def test_every_exit_status_is_documented() -> None:
    rows = set(re.findall(r"^\| (\d+) \|", CONTRACT, flags=re.MULTILINE))
    assert rows == {str(int(s)) for s in ExitStatus}


# Written in pieces, so that this file does not match itself.
OUTSIDE = re.compile(
    "|".join(
        [
            r"\bSPEC" + r"(\.md|\b \d| section)",
            "FRENCH" + r"\.md",
            r"\.\./" + "shared",
            "/work/" + "shared",
            r"\bshared/" + r"(reference|seed|FRENCH)",
            r"\b[Ii]ssues?" + r" \d",
            r"\bitems? \d+\b(?! (of|to|in) )",
        ]
    )
)


def test_nothing_points_outside_the_repository_or_to_an_issue_number() -> None:
    folders = ["src", "tests", "scripts", "benchmarks", "docs", "examples"]
    files = [ROOT / "README.md", ROOT / "pyproject.toml"]
    files += [p for f in folders for p in (ROOT / f).rglob("*") if p.suffix in TEXT]
    files += [p for p in (ROOT / "scripts").iterdir() if p.is_file() and not p.suffix]
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in files
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if OUTSIDE.search(line)
    ]
    assert found == []


TEXT = {".py", ".md", ".toml", ".json", ".sh", ".txt", ".yml", ".cfg"}
