"""The generated examples are those the current code produces (never stale).

``examples/regenerate.py --check`` does what the script does, with each ``opalexe-cert`` run
in this process (``clirun.invoke``): the point is the examples, not the four interpreters."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from clirun import EXAMPLES, Result, clean_env, invoke


def test_examples_are_up_to_date(capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location("regenerate", EXAMPLES / "regenerate.py")
    assert spec is not None and spec.loader is not None
    regenerate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(regenerate)

    def in_process(*args: str, cwd: Path, state: Path, today: str = regenerate.TODAY) -> Result:
        """``regenerate.opalexe`` without a process: its variables on top of a clean set."""
        return invoke(*args, variables=clean_env(today, state, NO_COLOR="1"), cwd=cwd)

    assert regenerate.check(in_process) == 0, capsys.readouterr().out
    assert "à jour" in capsys.readouterr().out
