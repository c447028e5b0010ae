"""The commands run most often must not load the heavy libraries (start-up time)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from clirun import SCRIPT, clean_env

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
loaded = sorted({n for name in sys.modules for n in (name, name.split(".")[0])} & heavy)
sys.stderr.write("\\nLOADED=" + json.dumps(loaded) + "\\n")
"""


def loaded_by(
    args: list[str],
    state: Path,
    cwd: Path,
    watched: tuple[str, ...] = HEAVY,
    variables: dict[str, str] | None = None,
) -> list[str]:
    """Which of ``watched`` (packages, or modules by their full name) the command loaded,
    its output going to a pipe (unless ``variables`` say otherwise)."""
    env = {**os.environ, "OPALEXE_CERT_STATE": str(state), "OPALEXE_CERT_TODAY": "2026-11-02"}
    env.pop("FORCE_COLOR", None)
    env.update(variables or {})
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps([*args]), json.dumps(watched)],
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


NOT_FOR_STATUS = (
    *("typer", "click"),  # the shortcut skips the parser
    *("filelock", "opalexe_cert.adapters.mail"),  # status locks nothing and mails nothing
    *("rich.panel", "rich.table", "rich._emoji_codes"),  # plain lines, no emoji codes
    "opalexe_cert.domain.flow",  # the wizard's wording, for a SIREN conflict only
    "opalexe_cert.domain.certificate",  # judging a certificate read: not the one in force
)


def test_status_loads_only_what_it_shows(complete_state: Path, tmp_path: Path) -> None:
    assert loaded_by(["status"], complete_state, tmp_path, NOT_FOR_STATUS) == []


@pytest.mark.parametrize("args", [["status", "--json"], ["status"]])
def test_status_into_a_pipe_loads_no_rich(
    args: list[str], complete_state: Path, tmp_path: Path
) -> None:
    """A pipe gets plain lines, written without rich (``cli/markup.py``)."""
    assert loaded_by(args, complete_state, tmp_path, ("rich",)) == []


def test_the_probe_sees_a_module_by_its_full_name(complete_state: Path, tmp_path: Path) -> None:
    """Drawn as for a terminal (``FORCE_COLOR``), status needs rich's console."""
    assert loaded_by(
        ["status"], complete_state, tmp_path, ("rich.console", "rich.nope"), {"FORCE_COLOR": "1"}
    ) == ["rich.console"]


GC_PROBE = """
import gc, sys
sys.argv = ["opalexe-cert", *sys.argv[1:]]
from opalexe_cert.cli.app import main
try:
    main()
finally:
    sys.stderr.write("\\nCOLLECTING=" + str(gc.isenabled()) + "\\n")
"""


@pytest.mark.parametrize("args", [["status"], ["status", "--json"], ["calendar", "-o", "e.ics"]])
def test_the_collector_is_back_on_once_the_command_runs(
    args: list[str], complete_state: Path, tmp_path: Path
) -> None:
    """``main`` stops the garbage collector for the imports only: the command runs with it."""
    env = {
        **os.environ,
        "OPALEXE_CERT_STATE": str(complete_state),
        "OPALEXE_CERT_TODAY": "2026-11-02",
    }
    done = subprocess.run(
        [sys.executable, "-c", GC_PROBE, *args],
        env=env, cwd=tmp_path, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stderr.rsplit("COLLECTING=", 1)[-1].strip() == "True"


WIZARD_PROBE = """
import json, os, sys
from opalexe_cert.cli import prompts
heavy = set(json.loads(sys.argv[1]))

def first_question(*args, **kwargs):
    loaded = sorted({n for name in sys.modules for n in (name, name.split(".")[0])} & heavy)
    print("\\nLOADED=" + json.dumps(loaded), flush=True)
    os._exit(0)

prompts._ask = first_question
sys.argv = ["opalexe-cert", "start"]
from opalexe_cert.cli.app import main
main()
"""
NOT_BEFORE_THE_FIRST_QUESTION = (
    *(name for name in HEAVY if name != "questionary"),  # questionary asks the question
    *("filelock", "typer", "click", "babel", "rich._emoji_codes"),
    "opalexe_cert.adapters.sirene",  # the SIRENE client comes with the first look-up
    # a certificate is read at activation, or before a renewal: never from a new state
    *("opalexe_cert.cli.certificate_reading", "opalexe_cert.domain.certificate"),
    "wcwidth.grapheme",  # wcwidth 0.3+: tables prompt_toolkit never reads (pyproject.toml)
    "importlib.metadata",  # pydantic's first validator looks for plugins: a new state has none
)


def test_the_wizard_asks_its_first_question_before_loading_the_heavy_libraries(
    tmp_path: Path,
) -> None:
    """Online (SIRENE may be asked later), in a terminal, from a new state: httpx, reportlab,
    cryptography... come when a step needs them, not before the first question."""
    import pexpect

    env = clean_env(
        "2026-11-02",
        tmp_path / "state.json",
        OPALEXE_CERT_OFFLINE="",  # online, but a look-up would find no server on this port
        OPALEXE_CERT_RECHERCHE_URL="http://127.0.0.1:9",
        TERM="xterm",
    )
    child = pexpect.spawn(
        sys.executable,
        ["-c", WIZARD_PROBE, json.dumps(NOT_BEFORE_THE_FIRST_QUESTION)],
        env=env, cwd=str(tmp_path), dimensions=(50, 120), timeout=120, encoding="utf-8",
    )  # fmt: skip
    child.expect(r"LOADED=(\[.*?\])\r?\n")
    loaded = json.loads(child.match.group(1))
    child.expect(pexpect.EOF)
    assert loaded == []


TOKENIZE_PROBE = """
import sys
sys.argv = ["opalexe-cert", *sys.argv[1:]]
from opalexe_cert.cli.app import main
try:
    main()
finally:
    tokenize = sys.modules.get("tokenize")
    compiled = tokenize._compile.cache_info().currsize if tokenize else 0
    sys.stderr.write("\\nTOKENIZE=" + str(compiled) + "\\n")
"""


def test_status_inspects_no_built_in_signature(complete_state: Path, tmp_path: Path) -> None:
    """pydantic reads each ``default_factory``'s signature: a built-in's (``list``) is parsed
    with ``tokenize``, whose patterns then compile (about 2 ms of every command)."""
    env = {
        **os.environ,
        "OPALEXE_CERT_STATE": str(complete_state),
        "OPALEXE_CERT_TODAY": "2026-11-02",
    }
    for args in (["status"], ["status", "--json"]):
        done = subprocess.run(
            [sys.executable, "-c", TOKENIZE_PROBE, *args],
            env=env, cwd=tmp_path, capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert done.stderr.rsplit("TOKENIZE=", 1)[-1].strip() == "0", args
