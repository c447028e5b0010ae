"""Scale of the compagnie mode: ``compagnie status --json`` on 10,000 members against 100, and
``compagnie attestations`` for 500 members against 1.

Run from the repository root, in the project's environment:

    .venv/bin/python benchmarks/bench_compagnie.py            # 5 runs per case
    .venv/bin/python benchmarks/bench_compagnie.py --runs 3 --check

Each case is the real ``opalexe-cert`` console script in a subprocess (start-up included);
the table gives the median wall and CPU times and the peak resident memory of the process
(``ru_maxrss`` of the child, POSIX only); the ratios are taken on CPU time, which the other
jobs of a shared machine do not inflate. Targets: 10,000 members cost at most 3 times 100
members, with a peak under 200 MB; 500 attestations cost at most 50 times one. ``--check``
exits 1 when a target is missed. This is a benchmark, not a test: the figures depend on the
machine.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-11-02"
STATUS_RATIO = 3.0
MEMORY_MB = 200
ATTESTATION_RATIO = 50.0

sys.path.insert(0, str(ROOT / "tests"))
from compagnie_support import siren  # noqa: E402  (the tests' SIREN maker, with its Luhn key)


def roster(path: Path, count: int) -> Path:
    """A generated roster of ``count`` members, as French Excel saves it."""
    start = dt.date(2026, 1, 1)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(
            [
                "Civilité",
                "Nom",
                "Prénoms",
                "SIREN",
                "Expiration du certificat",
                "Fin d'inscription",
                "Inscription probatoire",
                "Adresse",
            ]
        )
        for i in range(count):
            expiry = start + dt.timedelta(days=(i * 37) % 1400)
            writer.writerow(
                [
                    "Mme" if i % 2 else "M.",
                    f"Membre{i}",
                    "Jeanne",
                    siren(10_000_000 + i),
                    expiry.strftime("%d/%m/%Y"),
                    f"31/12/{2026 + i % 6}",
                    "oui" if i % 7 else "non",
                    f"{1 + i % 90} rue des Lilas\n33000 Bordeaux",
                ]
            )
    return path


def run(argv: list[str], cwd: Path) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user and system) and the child's peak memory in MB."""
    script = Path(sys.executable).with_name("opalexe-cert")
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPALEXE_CERT_")}
    env.update(OPALEXE_CERT_TODAY=TODAY, OPALEXE_CERT_OFFLINE="1")
    begin = time.perf_counter()
    process = subprocess.Popen(
        [str(script), *argv], cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    peak = cpu = 0.0
    if hasattr(os, "wait4"):
        _pid, status, usage = os.wait4(process.pid, 0)
        code = os.waitstatus_to_exitcode(status)
        peak = usage.ru_maxrss / 1024  # kilobytes on Linux
        cpu = usage.ru_utime + usage.ru_stime
    else:  # pragma: no cover - Windows
        code = process.wait()
    elapsed = time.perf_counter() - begin
    if code != 0:
        raise SystemExit(f"{' '.join(argv)} exited with {code}")
    return elapsed, cpu, peak


def median(
    argv: list[str], cwd: Path, runs: int, clean: Path | None = None
) -> tuple[float, float, float]:
    """Median wall and CPU seconds, and the highest peak memory, over ``runs`` runs."""
    times, cpus, peaks = [], [], []
    for _ in range(runs):
        if clean is not None:
            shutil.rmtree(clean, ignore_errors=True)
        elapsed, cpu, peak = run(argv, cwd)
        times.append(elapsed)
        cpus.append(cpu)
        peaks.append(peak)
    return statistics.median(times), statistics.median(cpus), max(peaks)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        cwd = Path(folder)
        small, large = roster(cwd / "100.csv", 100), roster(cwd / "10000.csv", 10_000)
        one, many = roster(cwd / "1.csv", 1), roster(cwd / "500.csv", 500)
        status = ["compagnie", "status", "--json", "--roster"]
        s_small = median([*status, str(small)], cwd, args.runs)
        s_large = median([*status, str(large)], cwd, args.runs)
        att = ["compagnie", "attestations", "--output", "out", "--roster"]
        a_one = median([*att, str(one)], cwd, args.runs, cwd / "out")
        a_many = median([*att, str(many)], cwd, max(1, args.runs // 2), cwd / "out")
    rows = [
        ("status --json, 100 members", s_small),
        ("status --json, 10,000 members", s_large),
        ("attestations, 1 member", a_one),
        ("attestations, 500 members", a_many),
    ]
    print(f"{'case':34} {'wall (s)':>9} {'CPU (s)':>9} {'peak (MB)':>10}")
    for label, (seconds, cpu, peak) in rows:
        print(f"{label:34} {seconds:9.2f} {cpu:9.2f} {peak:10.0f}")
    # CPU time: on a shared machine the wall time also measures the other jobs.
    status_ratio = s_large[1] / s_small[1]
    attestation_ratio = a_many[1] / a_one[1]
    print(f"status: 10,000 / 100 = {status_ratio:.2f} in CPU time (target <= {STATUS_RATIO})")
    print(
        f"attestations: 500 / 1 = {attestation_ratio:.1f} in CPU time "
        f"(target <= {ATTESTATION_RATIO})"
    )
    missed = (
        status_ratio > STATUS_RATIO
        or s_large[2] > MEMORY_MB
        or attestation_ratio > ATTESTATION_RATIO
    )
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
