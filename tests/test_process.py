"""What only a real process shows: Ctrl-C while Python imports, an output that cannot take
the text (an ASCII terminal, a full disk), a FIFO given as a file.

The rest of the suite runs the command in-process (``clirun.invoke``); these start the console
script because the interpreter's own start-up, streams and signals are the point.
"""

from __future__ import annotations

import json
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from clirun import EXAMPLES, SCRIPT, clean_env, invoke, plain, run_process

OURS = re.compile(r"opalexe_cert[/\\]|typer[/\\]|rich[/\\]|pydantic[/\\]|httpx[/\\]|click[/\\]")
ENGLISH_ERRNO = re.compile(r"No space left|Errno|Exception ignored|Traceback|OSError")


@pytest.fixture(scope="module")
def complete_state(tmp_path_factory: pytest.TempPathFactory) -> Path:
    state = tmp_path_factory.mktemp("state") / "state.json"
    # made in this process: the tests' point is the processes that read it
    done = invoke(
        "start", "--answers", str(EXAMPLES / "answers-complete.json"), "--no-input",
        variables=clean_env("2026-11-02", state),
    )  # fmt: skip
    assert done.code == 0, done.err
    return state


@pytest.mark.posix
def test_ctrl_c_once_the_package_is_imported_is_quiet(tmp_path: Path) -> None:
    """Deterministic: the signal arrives while the heavy imports would run."""
    probe = tmp_path / "opalexe-cert-probe"  # named as the console script is
    probe.write_text(
        "import os, signal\n"
        "import opalexe_cert\n"
        "os.kill(os.getpid(), signal.SIGINT)\n"
        "import typer, rich.console  # would be interrupted here\n"
        "print('not interrupted')\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, str(probe)], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 130, done.stderr
    assert done.stderr.strip() == "Interrompu."
    assert "not interrupted" not in done.stdout


@pytest.mark.posix
def test_ctrl_c_in_the_first_tens_of_milliseconds_never_shows_our_traceback(
    complete_state: Path,
) -> None:
    """Random moments in the first 10-50 ms, where they were seen. Python's own start-up
    (``site``, and ``import re`` in pip's launcher) comes before any code of ours and may still
    print its traceback; no frame of ours or of the libraries we import ever does."""
    env = clean_env("2026-11-02", complete_state)
    rnd = random.Random(13)
    for _ in range(15):
        proc = subprocess.Popen(
            [str(SCRIPT), "status"], env=env, stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        time.sleep(rnd.uniform(0.01, 0.05))
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
        assert not OURS.search(err), err
        if proc.returncode == 130:
            assert "Interrompu" in err and "Traceback" not in err, err


def test_an_ascii_terminal_gets_replacement_characters(complete_state: Path) -> None:
    env = clean_env("2026-11-02", complete_state, PYTHONIOENCODING="ascii")
    done = run_process("status", variables=env)
    assert done.code == 0, done.err
    assert "o? en ?tes-vous" in done.out  # « où en êtes-vous », degraded, not a crash
    assert "Traceback" not in done.err and "Erreur" not in done.err


@pytest.mark.posix
@pytest.mark.parametrize("args", [["status"], ["status", "--json"], ["--help"], ["--version"]])
def test_a_full_disk_is_said_in_french(complete_state: Path, args: list[str]) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [str(SCRIPT), *args], env=clean_env("2026-11-02", complete_state), stdout=full,
            stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True, timeout=60, check=False,
        )  # fmt: skip
    assert done.returncode == 1
    said = plain(done.stderr)
    assert said.startswith("Erreur : impossible d'écrire la sortie de la commande (plus")
    assert not ENGLISH_ERRNO.search(done.stderr), done.stderr


@pytest.mark.posix
def test_a_fifo_as_answers_file_is_refused_without_waiting(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "answers.json"
    os.mkfifo(fifo)
    started = time.monotonic()
    done = run_process(
        "start", "--answers", str(fifo), variables=clean_env("2026-11-02", tmp_path / "s.json")
    )
    assert time.monotonic() - started < 30
    assert done.code == 2
    assert "n'est pas un fichier ordinaire" in done.err, done.err


def test_building_the_environment_and_the_help_load_neither_rich_nor_pydantic() -> None:
    """``--help`` stays fast: the Environment's consoles are built on first use only."""
    probe = (
        "import contextlib, io, sys\n"
        "from opalexe_cert.cli.app import execute\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    status = execute(['--help'], {}, stdout=io.StringIO(), stderr=io.StringIO())\n"
        "assert status == 0, status\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'rich', 'pydantic', 'httpx'}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def _probe_exit(tmp_path: Path, state: Path, args: list[str]) -> tuple[int, str, list[str]]:
    """``main`` with ``args`` in a new Python, an exit handler registered before it and one
    registered while the command runs; the status, the output and the handlers that ran."""
    ran = tmp_path / "ran.txt"
    probe = (
        "import atexit, sys\n"
        f"sys.argv = ['opalexe-cert', *{args!r}]\n"
        f"def note(name):\n    open({str(ran)!r}, 'a').write(name + '\\n')\n"
        "atexit.register(note, 'before')\n"
        "from opalexe_cert.cli import app\n"
        "execute = app.execute\n"
        "def execute_noting(*args, **kwargs):\n"
        "    atexit.register(note, 'during')  # as a library would, during the command\n"
        "    return execute(*args, **kwargs)\n"
        "app.execute = execute_noting\n"
        "app.main()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], env=clean_env("2026-11-02", state), capture_output=True,
        text=True, stdin=subprocess.DEVNULL, timeout=60, check=False,
    )  # fmt: skip
    handlers = ran.read_text(encoding="utf-8").split() if ran.exists() else []
    return done.returncode, done.stdout, handlers


@pytest.mark.parametrize(("args", "status"), [(["status", "--json"], 0), (["status", "-x"], 2)])
def test_the_process_ends_after_the_command_s_exit_handlers_without_teardown(
    complete_state: Path, tmp_path: Path, args: list[str], status: int
) -> None:
    """``main`` ends the process once every exit handler registered since it began has run,
    with the command's status and its output whole, skipping the interpreter's teardown
    (which is why a handler registered before ``main`` is not run: the one trade-off)."""
    code, out, handlers = _probe_exit(tmp_path, complete_state, args)
    assert code == status
    assert handlers == ["during"]
    if status == 0:
        expected = invoke(*args, variables=clean_env("2026-11-02", complete_state)).raw_out
        assert out == expected and json.loads(out)["steps"]
