"""Shared test helpers: run the real console script in a subprocess, with a pinned clock."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from clirun import EXAMPLES, SCRIPT, clean_env
from sirene_server import SireneServer
from wizard_support import Terminal

pytest_plugins = ["markers"]  # the ``slow`` and ``posix`` marks, set automatically

EXAMPLE_ANSWERS = EXAMPLES / "answers-complete.json"
TODAY = "2026-11-26"


@dataclass
class Result:
    """What a run of the command printed and returned."""

    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


def base_env(state: Path, today: str = TODAY, **extra: str) -> dict[str, str]:
    """An environment with the state file and today's date pinned, and no network."""
    return clean_env(today, state, **({"NO_COLOR": "1", "COLUMNS": "100"} | extra))


Runner = Callable[..., Result]


@pytest.fixture
def state_file(tmp_path: Path) -> Path:
    return tmp_path / "data" / "state.json"


@pytest.fixture
def cli(state_file: Path) -> Runner:
    """Run ``opalexe-cert ARGS`` against the test's state file; stdin is closed."""

    def run(*args: str, today: str = TODAY, env: dict[str, str] | None = None) -> Result:
        full_env = base_env(state_file, today)
        full_env.update(env or {})
        proc = subprocess.run(
            [str(SCRIPT), *args],
            env=full_env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=60,
        )
        return Result(proc.returncode, proc.stdout, proc.stderr)

    return run


def write_answers(path: Path, answers: dict[str, Any]) -> Path:
    path.write_text(json.dumps(answers, ensure_ascii=False), encoding="utf-8")
    return path


def example_answers() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(EXAMPLE_ANSWERS.read_text(encoding="utf-8"))
    return data


@pytest.fixture
def sirene_server() -> Iterator[SireneServer]:
    """The local SIRENE services (see ``sirene_server.py`` and ``fixtures/sirene/README.md``)."""
    with SireneServer() as server:
        yield server


@pytest.fixture
def terminals() -> Iterator[list[Terminal]]:
    """Pseudo-terminals opened by a test (``wizard_support.Terminal``), closed whatever happens."""
    opened: list[Terminal] = []
    yield opened
    for terminal in opened:
        terminal.close()
