"""Whole-process start-up time of the commands an expert runs most, against a bare Typer app.

Run from the repository root, in the project's environment:

    .venv/bin/python benchmarks/bench_startup.py            # 30 runs per command
    .venv/bin/python benchmarks/bench_startup.py --runs 50 --check

Each command is run as a subprocess (the real ``opalexe-cert`` console script), its output to
``/dev/null`` (as into a pipe or a file), after a few warm-up runs, the cases interleaved
round by round. ``start`` is run in a pseudo-terminal and timed from its launch to its first
question on the screen (the terminal in raw mode and the question printed), then stopped;
``status`` is also timed in a pseudo-terminal, until it ends, as the expert reads it. The
table gives the minimum and the median wall time and the ratio of minima to the bare app's
(``hello``, one command): on a machine shared with other work, the minimum is the run the
least disturbed by it. Targets, as those ratios: ``status`` ≤ 1.0, the wizard's first
question ≤ 1.5, ``print-dossier`` ≤ 2.0, ``--help`` ≤ 1.0 of the bare app's ``--help``;
``--check`` exits 1 when one is missed. This is a
benchmark, not a test: the figures depend on the machine.
"""

from __future__ import annotations

import argparse
import fcntl
import itertools
import json
import os
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BARE = Path(__file__).resolve().parent / "bare_app.py"
ANSWERS = ROOT / "examples" / "answers-complete.json"
TODAY = "2026-11-02"
TARGETS = {"status": 1.0, "start: 1st question": 1.5, "print-dossier": 2.0, "--help": 1.0}
"""The largest ratio of minima to the bare app allowed for each case that has one."""
PTY_LIMIT_S = 30.0


@dataclass
class Case:
    """One command line to time, and what it is compared with."""

    label: str
    argv: list[str]
    baseline: str | None = None  # label of the bare-app case it is compared with
    terminal: bool = False  # run in a pseudo-terminal, timed until the first question
    to_exit: bool = False  # in the pseudo-terminal, timed until the command ends

    @property
    def target(self) -> float | None:
        return TARGETS.get(self.label)


@dataclass
class Timing:
    """The wall times of one case, in seconds."""

    runs: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.runs)

    @property
    def minimum(self) -> float:
        return min(self.runs)

    @property
    def spread(self) -> tuple[float, float]:
        q1, _, q3 = statistics.quantiles(self.runs, n=4)
        return q1, q3


def script() -> str:
    """The ``opalexe-cert`` console script next to this Python."""
    candidate = Path(sys.executable).with_name("opalexe-cert")
    if not candidate.exists():
        sys.exit(f"opalexe-cert introuvable à côté de {sys.executable} : installez le projet.")
    return str(candidate)


def run_once(argv: list[str], env: dict[str, str], cwd: Path) -> tuple[float, int]:
    start = time.perf_counter()
    done = subprocess.run(
        argv,
        env=env,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    return time.perf_counter() - start, done.returncode


_FRESH = itertools.count()


def in_terminal(
    argv: list[str], env: dict[str, str], cwd: Path, *, to_exit: bool = False
) -> tuple[float, int]:
    """Seconds from the launch of ``argv`` in a pseudo-terminal to its first question on the
    screen: the terminal switched to raw mode (a prompt reads keys one by one) and the
    question printed after that. The program is then stopped. A new state file each time.

    ``to_exit``: the seconds until the command ends, its output read as a terminal shows it
    (``status`` as the expert sees it), with the state file given."""
    env = {**env, "TERM": "xterm"}
    if not to_exit:
        env["OPALEXE_CERT_STATE"] = str(cwd / f"fresh-{next(_FRESH)}.json")
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 120, 0, 0))
    start = time.perf_counter()
    child = subprocess.Popen(
        argv, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=cwd, start_new_session=True
    )
    os.close(slave)
    raw = False
    try:
        while time.perf_counter() - start < PTY_LIMIT_S:
            ready, _, _ = select.select([master], [], [], 0.005)
            raw = raw or not termios.tcgetattr(master)[3] & termios.ICANON
            if not ready:
                if child.poll() is not None:
                    code = child.returncode if to_exit else child.returncode or 1
                    return time.perf_counter() - start, code
                continue
            try:
                data = os.read(master, 65536)
            except OSError:  # the command ended and closed the terminal
                data = b""
            if not data:
                child.wait()
                return time.perf_counter() - start, child.returncode if to_exit else 1
            if b"\x1b[6n" in data:  # prompt_toolkit asks where the cursor is: answer it
                os.write(master, b"\x1b[1;1R")
            if raw and b"?" in data and not to_exit:
                return time.perf_counter() - start, 0
        return time.perf_counter() - start, 1
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
        os.close(master)


def run_case(case: Case, env: dict[str, str], cwd: Path) -> tuple[float, int]:
    if case.terminal:
        return in_terminal(case.argv, env, cwd, to_exit=case.to_exit)
    return run_once(case.argv, env, cwd)


def measure(
    cases: list[Case], runs: int, warmup: int, env: dict[str, str], cwd: Path
) -> dict[str, Timing]:
    """Run the cases in turn, round after round, so that a slow spell hits them all alike."""
    for case in cases:
        for _ in range(warmup):
            _, code = run_case(case, env, cwd)
            if code != 0:
                raise RuntimeError(f"{' '.join(case.argv)} a échoué (code {code})")
    timings: dict[str, Timing] = {case.label: Timing([]) for case in cases}
    for _ in range(runs):
        for case in cases:
            timings[case.label].runs.append(run_case(case, env, cwd)[0])
    return timings


def prepare_state(directory: Path, env: dict[str, str]) -> None:
    """A state file at the end of the procedure, so that status has everything to show."""
    subprocess.run(
        [script(), "start", "--answers", str(ANSWERS), "--no-input"],
        env=env,
        cwd=directory,
        stdout=subprocess.DEVNULL,
        check=True,
    )


def dossier_available(env: dict[str, str], cwd: Path, out: Path) -> bool:
    """Whether ``print-dossier`` is implemented yet (it may still be a placeholder)."""
    _, code = run_once([script(), "print-dossier", "--no-input", "--output", str(out)], env, cwd)
    return code == 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="runs per command (default 30)")
    parser.add_argument("--warmup", type=int, default=3, help="warm-up runs (default 3)")
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="opalexe-bench-") as tmp:
        work = Path(tmp)
        env = {
            **os.environ,
            "OPALEXE_CERT_TODAY": TODAY,
            "OPALEXE_CERT_OFFLINE": "1",
            "NO_COLOR": "1",
        }
        env.pop("OPALEXE_CERT_DEBUG", None)
        if sys.platform == "linux":
            # The state where an expert's is, in the user's data folder (platformdirs finds
            # it), here under a temporary XDG_DATA_HOME.
            env.pop("OPALEXE_CERT_STATE", None)
            env["XDG_DATA_HOME"] = str(work / "data")
        else:  # elsewhere that folder cannot be moved aside: the state is named
            env["OPALEXE_CERT_STATE"] = str(work / "state.json")
        # As after a real install: the package's bytecode is cached (the warm-up runs write
        # it), not compiled again from source at every run.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        prepare_state(work, env)
        exe = script()
        py = sys.executable
        cases = [
            Case("bare: hello", [py, str(BARE)]),
            Case("bare: --help", [py, str(BARE), "--help"]),
            Case("python -c pass", [py, "-c", "pass"]),
            Case("status", [exe, "status"], "bare: hello"),
            Case("status (terminal)", [exe, "status"], "bare: hello", True, True),
            Case("--help", [exe, "--help"], "bare: --help"),
            Case("status --json", [exe, "status", "--json"], "bare: hello"),
            Case("calendar", [exe, "calendar", "--output", str(work / "e.ics")], "bare: hello"),
            Case("start: 1st question", [exe, "start"], "bare: hello", terminal=True),
        ]
        dossier_dir = work / "dossier"
        if dossier_available(env, work, dossier_dir):
            cases.append(
                Case(
                    "print-dossier",
                    [exe, "print-dossier", "--no-input", "--output", str(dossier_dir)],
                    "bare: hello",
                )
            )
        else:
            print(
                "print-dossier : pas encore disponible dans cette version, ignoré.", file=sys.stderr
            )

        results = measure(cases, args.runs, args.warmup, env, work)

    missed: list[str] = []
    rows = []
    for case in cases:
        timing = results[case.label]
        ratio = timing.minimum / results[case.baseline].minimum if case.baseline else None
        ok = case.target is None or (ratio is not None and ratio <= case.target)
        if not ok:
            missed.append(case.label)
        rows.append((case, timing, ratio, ok))

    if args.json:
        print(
            json.dumps(
                {
                    c.label: {
                        "min_ms": round(t.minimum * 1000, 1),
                        "median_ms": round(t.median * 1000, 1),
                        "q1_ms": round(t.spread[0] * 1000, 1),
                        "q3_ms": round(t.spread[1] * 1000, 1),
                        "ratio_of_minima": round(r, 2) if r is not None else None,
                        "target": c.target,
                        "met": ok,
                    }
                    for c, t, r, ok in rows
                },
                indent=2,
            )
        )
    else:
        load = " ".join(f"{x:.1f}" for x in os.getloadavg())
        print(
            f"{args.runs} runs per command, Python {sys.version.split()[0]}, {sys.platform}, "
            f"load average after the runs {load}"
        )
        print(f"{'command':<20} {'min':>8} {'median':>8} {'q1 – q3':>17} {'ratio':>6}  target")
        for case, timing, ratio, ok in rows:
            q1, q3 = timing.spread
            ratio_text = f"{ratio:.2f}x" if ratio is not None else ""
            target = f"≤ {case.target}x {'ok' if ok else 'MISSED'}" if case.target else ""
            print(
                f"{case.label:<20} {timing.minimum * 1000:>6.1f}ms {timing.median * 1000:>6.1f}ms "
                f"{q1 * 1000:>7.1f} – {q3 * 1000:>5.1f}ms {ratio_text:>6}  {target}"
            )
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
