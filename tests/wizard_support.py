"""Helpers for the wizard's tests: prepared states, and a real terminal around the real command.

``Terminal`` runs the installed ``opalexe-cert`` console script in a pseudo-terminal (pexpect)
and renders what it prints with a terminal emulator (pyte), which also answers prompt_toolkit's
cursor-position requests the way a real terminal does.
"""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import json
import re
import sys
import termios
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pexpect
import pyte
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from opalexe_cert.adapters.store import writer
from opalexe_cert.cli.environment import Environment, build
from opalexe_cert.cli.output import Output
from opalexe_cert.domain.errors import MissingAnswerError
from opalexe_cert.domain.flow import FileAnswers, run
from opalexe_cert.domain.procedure import STEP_IDS, STEPS

from clirun import SCRIPT, clean_env

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE: dict[str, Any] = json.loads(
    (ROOT / "examples" / "answers-complete.json").read_text(encoding="utf-8")
)
KEYS = list(EXAMPLE)

DOWN = "\x1b[B"
ENTER = "\r"
CTRL_C = "\x03"
CTRL_D = "\x04"
CLEAR = "\x15"  # Ctrl-U: erase the line typed so far
_PLAIN = str.maketrans({"\u00a0": " ", "\u202f": " ", "’": "'"})  # same length
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>78]|[\x08\r]")


class OutOfKeys(AssertionError):
    """The code under test asked for more keys than the test typed."""


@contextmanager
def keys(typed: str) -> Iterator[None]:
    """Keys typed on a pipe for the prompts.

    Once they run out, the prompt sees the end of its input; the ``KeyboardInterrupt`` it
    turns that into (as for Ctrl-D) is made an ``OutOfKeys`` failure here, so that only this
    test fails: a ``KeyboardInterrupt`` reaching pytest would stop the whole run. Ctrl-C or
    Ctrl-D typed on purpose stay a ``KeyboardInterrupt``.
    """
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text(typed)
        pipe.close()
        try:
            yield
        except KeyboardInterrupt as exc:
            if isinstance(exc.__context__, EOFError):
                raise OutOfKeys(f"the code asked for more keys than typed: {typed!r}") from exc
            raise


def output() -> Output:
    """The ``Output`` a screen or a prompt prints on in a test: this process's streams as
    they are now (pytest's capture)."""
    return Output(sys.stdout, sys.stderr)


def wizard_environment(today: str | dt.date, **extra: str) -> Environment:
    """The ``Environment`` of a wizard run in this process: a terminal, ``today`` pinned, no
    network, printing on this process's streams as they are now (pytest's capture)."""
    variables = clean_env(str(today), **extra)
    return build(variables, stdout=sys.stdout, stderr=sys.stderr, stdin_is_terminal=True)


def answers_until(key: str) -> dict[str, Any]:
    """The example's answers up to ``key`` (excluded), in the example's order."""
    return {k: EXAMPLE[k] for k in KEYS[: KEYS.index(key)]}


def prepare(path: Path, answers: dict[str, Any], today: str, *, before: str = "") -> None:
    """Apply answers as ``start --answers --no-input`` would, stopping at the first missing.

    With ``before`` (a step id), stop once the step before it is done, so that nothing of
    that step is recorded (not even an optional answer left empty).
    """
    until = STEPS[STEP_IDS.index(before) - 1] if before else None
    source = FileAnswers(answers, notify=lambda _: None)
    with writer(path) as session, contextlib.suppress(MissingAnswerError):
        run(session, source, dt.date.fromisoformat(today), None, until=until)


def saved(path: Path) -> dict[str, Any]:
    """The state file as JSON."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def environment(state: Path, today: str, **extra: str) -> dict[str, str]:
    """A clean environment for the command: state file, pinned date, no network.

    ``extra`` adds or replaces variables; ``OPALEXE_CERT_OFFLINE=""`` allows the network (a
    local SIRENE server).
    """
    env = clean_env(today, state, **({"TERM": "xterm-256color", "LANG": "C.UTF-8"} | extra))
    return {k: v for k, v in env.items() if v}


class Terminal:
    """``opalexe-cert COMMAND ARGS`` (``start`` by default) in a 160 x 100 pseudo-terminal."""

    COLS, ROWS = 160, 100

    def __init__(
        self,
        state: Path,
        today: str,
        *args: str,
        command: str = "start",
        timeout: float = 60,
        cols: int = 0,
        **env: str,
    ) -> None:
        self.COLS = cols or self.COLS
        self.screen = pyte.Screen(self.COLS, self.ROWS)
        self.stream = pyte.ByteStream(self.screen)
        self.timeout = timeout
        self.child = pexpect.spawn(
            str(SCRIPT),
            [command, *args],
            env=environment(state, today, **env),
            dimensions=(self.ROWS, self.COLS),
            timeout=timeout,
        )
        self.child.delaybeforesend = None  # `send` pauses only when needed; replies go at once
        self.screen.write_process_input = self._reply  # type: ignore[method-assign]
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self.transcript = ""  # everything printed, escapes removed
        self._plain = ""  # the transcript made plain as it comes (what ``expect`` searches)
        self._pos = 0
        self.exit_status: int | None = None

    def _reply(self, data: str) -> None:
        """The terminal answers the program (cursor position reports)."""
        if self.child.isalive():
            self.child.send(data)

    def _pump(self, wait: float) -> bool:
        """Read what is available; ``False`` once the program has ended."""
        try:
            data = self.child.read_nonblocking(65536, timeout=wait)
        except pexpect.TIMEOUT:
            return True
        except pexpect.EOF:
            return False
        self.stream.feed(data)
        text = _ESCAPES.sub("", self._decoder.decode(data))
        self.transcript += text
        self._plain += text.translate(_PLAIN)  # made plain once, not on every search
        return True

    def expect(self, pattern: str, timeout: float | None = None) -> re.Match[str]:
        """Wait until ``pattern`` is printed after the previous match (as pexpect does).

        The pattern is matched with no-break spaces as spaces and ’ as ' (French typography
        is checked by tests of its own), so that it reads as the text was written.
        """
        deadline = time.monotonic() + (timeout or self.timeout)
        regex = re.compile(pattern)
        while True:
            found = regex.search(self._plain, self._pos)
            if found:
                self._pos = found.end()
                return found
            alive = self._pump(0.05)
            if not alive or time.monotonic() > deadline:
                found = regex.search(self._plain, self._pos)
                if found:
                    self._pos = found.end()
                    return found
                raise AssertionError(f"not shown: {pattern!r}\n--- screen ---\n{self.display()}")

    def _reads_keys(self) -> bool:
        """Whether the program waits for keys: a prompt is up (raw mode: keys read one by
        one), or a hidden line is read (echo off: a password asked with ``getpass``)."""
        try:
            flags = termios.tcgetattr(self.child.child_fd)[3]
        except termios.error:  # the program has ended
            return False
        return not flags & termios.ICANON or not flags & termios.ECHO

    def send(self, keys: str) -> None:
        """Type keys once the program waits for them, as a person types at a prompt.

        Keys typed before a prompt is up would be echoed and turned into lines by the
        terminal, then read by the next prompt as typed text: on a loaded machine the next
        prompt may take long to come, so this waits for that event (up to the screen
        timeout), never for a fixed pause. A program that has ended gets the keys at once
        (its test then fails on what it expects).
        """
        deadline = time.monotonic() + self.timeout
        while not self._reads_keys() and self.child.isalive():
            if time.monotonic() > deadline:
                raise AssertionError(f"no prompt to type {keys!r} into\n{self.display()}")
            self._pump(0.002)
        self.child.send(keys)

    def answer(self, prompt: str, keys: str) -> None:
        """Wait for a question, then type the answer."""
        self.expect(prompt)
        self.send(keys)

    def display(self) -> str:
        """What the terminal shows now."""
        return "\n".join(line.rstrip() for line in self.screen.display if line.strip())

    def finish(self) -> int:
        """Wait for the program to end; its exit status."""
        deadline = time.monotonic() + self.timeout
        while self._pump(0.05):
            if time.monotonic() > deadline:
                self.child.terminate(force=True)
                raise AssertionError(f"still running\n--- screen ---\n{self.display()}")
        self.child.wait()  # the terminal is closed: the program has ended or is ending
        self.child.ptyproc.delayafterclose = 0  # so `close` need not sleep to see it gone
        self.child.close()
        status = self.child.exitstatus
        assert status is not None, f"killed by signal {self.child.signalstatus}"
        self.exit_status = status
        return status

    def close(self) -> None:
        """Make sure nothing is left running."""
        if self.child.isalive():
            self.child.terminate(force=True)
