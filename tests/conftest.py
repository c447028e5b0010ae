"""Shared test helpers: run the command in-process against a state file, with a pinned clock."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from opalexe_cert.cli.environment import Environment, build

from clirun import EXAMPLES, Result, clean_env, invoke, run_process
from sirene_server import SireneServer
from wizard_support import Terminal

# The ``slow`` and ``posix`` marks, set automatically; the tests spread over xdist's workers.
pytest_plugins = ["markers", "balance"]
__all__ = ["Result"]

EXAMPLE_ANSWERS = EXAMPLES / "answers-complete.json"
TODAY = "2026-11-26"


def base_env(state: Path, today: str = TODAY, **extra: str) -> dict[str, str]:
    """An environment with the state file and today's date pinned, and no network."""
    return clean_env(today, state, **({"NO_COLOR": "1", "COLUMNS": "100"} | extra))


Runner = Callable[..., Result]


@pytest.fixture
def state_file(tmp_path: Path) -> Path:
    return tmp_path / "data" / "state.json"


@pytest.fixture
def cli(state_file: Path) -> Runner:
    """Run ``opalexe-cert ARGS`` in-process against the test's state file; no terminal.

    ``process=True`` starts the real console script instead, for what only a process has: a
    native library that reads the process's environment and initialises once (PKCS#11).
    """

    def run(
        *args: str, today: str = TODAY, env: dict[str, str] | None = None, process: bool = False
    ) -> Result:
        full_env = base_env(state_file, today)
        full_env.update(env or {})
        if process:
            return run_process(*args, variables=full_env)
        return invoke(*args, variables=full_env)

    return run


def environment_for(state: Path, today: str = TODAY, **extra: str) -> Environment:
    """An ``Environment`` as ``cli`` builds it, for calling a command's function directly."""
    return build(base_env(state, today, **extra), stdin_is_terminal=False)


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
