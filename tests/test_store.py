"""The state file: atomic, private, locked, and never overwritten when it cannot be read."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from opalexe_cert.adapters import store
from opalexe_cert.domain.errors import StateError, StateLockedError
from opalexe_cert.domain.state import Cycle, State

from conftest import EXAMPLE_ANSWERS, Runner, base_env


def test_missing_file_is_an_empty_state(tmp_path: Path) -> None:
    empty = store.load(tmp_path / "absent.json")
    assert empty == State()
    assert empty.model_fields_set == State().model_fields_set == set()
    assert empty.cycle.model_fields_set == State().cycle.model_fields_set == set()
    # Written as a new state always was (it is made without running the validator).
    written, expected = tmp_path / "written.json", tmp_path / "expected.json"
    store.save(written, empty)
    store.save(expected, State())
    assert written.read_bytes() == expected.read_bytes()
    assert store.load(written) == State()


def test_save_then_load_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "state.json"
    state = State(cycle=Cycle(answers={"profile.email": "é@x.fr", "payment.amount": 109.5}))
    store.save(path, state)
    assert store.load(path) == state
    assert "é@x.fr" in path.read_text(encoding="utf-8")


def test_file_is_private_after_a_write(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    store.save(path, State())
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]  # no temporary file left


BAD_FILES = {
    "truncated": '{"schema_version": 1, "cycle": {"answers": {"profile.email": "a@',
    "not_json": "ceci n'est pas du JSON\n",
    "newer": json.dumps({"schema_version": 99, "future": True}),
    "invalid": json.dumps({"schema_version": 1, "cycle": {"answers": "oops"}}),
}


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_unreadable_file_raises_and_is_not_touched(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "state.json"
    path.write_text(BAD_FILES[kind], encoding="utf-8")
    with pytest.raises(StateError) as info:
        store.load(path)
    assert str(path) in info.value.message
    assert path.read_text(encoding="utf-8") == BAD_FILES[kind]


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
@pytest.mark.parametrize(
    "args",
    [("status",), ("status", "--json"), ("start", "--answers", str(EXAMPLE_ANSWERS))],
    ids=["status", "status-json", "start"],
)
def test_commands_report_unreadable_file_and_leave_it(
    cli: Runner, state_file: Path, kind: str, args: tuple[str, ...]
) -> None:
    state_file.parent.mkdir(parents=True)
    state_file.write_text(BAD_FILES[kind], encoding="utf-8")
    before = state_file.read_bytes()
    result = cli(*args)
    assert result.code != 0
    assert str(state_file) in result.err.replace("\n", "")
    assert "Traceback" not in result.text
    expected = "plus récente" if kind == "newer" else "illisible"
    assert expected in result.err
    assert state_file.read_bytes() == before
    assert sorted(p.name for p in state_file.parent.iterdir() if p.suffix != ".lock") == [
        "state.json"
    ]


def test_second_writer_is_refused_in_process(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    with store.writer(path), pytest.raises(StateLockedError) as info, store.writer(path):
        pass
    assert "déjà ouvert" in info.value.message


def test_second_writer_is_refused_across_processes(cli: Runner, state_file: Path) -> None:
    holder = textwrap.dedent(
        f"""
        import sys, time
        from pathlib import Path
        from opalexe_cert.adapters import store
        with store.writer(Path({str(state_file)!r})):
            print("held", flush=True)
            sys.stdin.readline()
        """
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", holder],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=base_env(state_file),
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
        refused = cli("start", "--answers", str(EXAMPLE_ANSWERS))
        assert refused.code == 1
        assert "déjà ouvert par une autre session" in refused.err
        reading = cli("status", "--json")
        assert reading.code == 0, reading.err
    finally:
        assert proc.stdin is not None
        proc.stdin.write("\n")
        proc.stdin.close()
        proc.wait(timeout=10)
    assert cli("start", "--answers", str(EXAMPLE_ANSWERS)).code == 0
