"""The commands run most often must not load the heavy libraries (start-up time)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from clirun import SCRIPT

HEAVY = (
    *("reportlab", "httpx", "questionary", "icalendar", "cryptography", "pkcs11"),
    *("email_validator", "stdnum"),  # 20 ms of `status` when the state is read
)
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

PROBE = """
import json, sys
heavy = set(json.loads(sys.argv[2]))
sys.argv = ["opalexe-cert", *json.loads(sys.argv[1])]
from opalexe_cert.cli.app import main
try:
    main()
except SystemExit:
    pass
loaded = sorted({name.split(".")[0] for name in sys.modules} & heavy)
sys.stderr.write("\\nLOADED=" + json.dumps(loaded) + "\\n")
"""


def loaded_by(args: list[str], state: Path, cwd: Path) -> list[str]:
    env = {**os.environ, "OPALEXE_CERT_STATE": str(state), "OPALEXE_CERT_TODAY": "2026-11-02"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps([*args]), json.dumps(HEAVY)],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    marker = done.stderr.rsplit("LOADED=", 1)
    assert len(marker) == 2, done.stderr
    result: list[str] = json.loads(marker[1])
    return result


@pytest.fixture(scope="module")
def complete_state(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A state at the end of the procedure: status then shows every section."""
    directory = tmp_path_factory.mktemp("state")
    state = directory / "state.json"
    env = {**os.environ, "OPALEXE_CERT_TODAY": "2026-11-02", "OPALEXE_CERT_OFFLINE": "1"}
    subprocess.run(
        [SCRIPT, "--state", str(state), "start",
         "--answers", str(EXAMPLES / "answers-complete.json"), "--no-input"],
        env=env, capture_output=True, check=True,
    )  # fmt: skip
    return state


@pytest.mark.parametrize(
    "args", [["status"], ["status", "--json"], ["--help"], ["status", "--help"], ["--version"]]
)
def test_fast_commands_import_no_heavy_library(
    args: list[str], complete_state: Path, tmp_path: Path
) -> None:
    assert loaded_by(args, complete_state, tmp_path) == []


def test_the_probe_sees_a_heavy_import(complete_state: Path, tmp_path: Path) -> None:
    """The calendar needs icalendar: the probe above would notice a stray import."""
    assert loaded_by(["calendar"], complete_state, tmp_path) == ["icalendar"]
