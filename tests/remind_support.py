"""The example's activated state, made once per module and copied into each test's state file
(``start --answers`` takes a good part of a second: the reminder tests need it dozens of times)."""

from __future__ import annotations

from pathlib import Path

import pytest

from clirun import invoke
from conftest import EXAMPLE_ANSWERS, base_env


@pytest.fixture(scope="module")
def activated_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("activated") / "state.json"
    result = invoke("start", "--answers", str(EXAMPLE_ANSWERS), variables=base_env(path))
    assert result.code == 0, result.err
    return path.read_bytes()


@pytest.fixture
def activated(state_file: Path, activated_bytes: bytes) -> Path:
    """The example's procedure, complete: a certificate expiring on 20 October 2029."""
    state_file.parent.mkdir(parents=True, exist_ok=True)
    state_file.write_bytes(activated_bytes)
    return state_file
