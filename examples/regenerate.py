"""Regenerate the examples from the answers files, so that they never go stale.

    .venv/bin/python examples/regenerate.py              # writes into examples/
    .venv/bin/python examples/regenerate.py --check      # fails if examples/ is out of date

Runs the real ``opalexe-cert`` with today's date pinned and no network:
- ``state-en-cours.json``: ``start --answers answers-partial.json``, which stops at the first
  missing answer (the dossier is back from the President; next: send it to CertEurope);
- ``opalexe-echeances.ics``: ``calendar`` on that state.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
TODAY = "2026-09-20"
SCRIPT = Path(sys.executable).with_name("opalexe-cert")
GENERATED = ("state-en-cours.json", "opalexe-echeances.ics")


def opalexe(*args: str, cwd: Path, state: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "OPALEXE_CERT_TODAY": TODAY,
        "OPALEXE_CERT_OFFLINE": "1",
        "OPALEXE_CERT_STATE": str(state),
        "NO_COLOR": "1",
    }
    return subprocess.run(
        [str(SCRIPT), *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


def generate(out: Path) -> None:
    """Write every generated example into ``out``."""
    state = out / "state-en-cours.json"
    state.unlink(missing_ok=True)
    started = opalexe("start", "--answers", str(HERE / "answers-partial.json"), cwd=out,
                      state=state)  # fmt: skip
    # The partial file stops on purpose: the run must end on the missing CertEurope step.
    if started.returncode != 2 or "certeurope_mail." not in started.stderr:
        sys.exit(f"start --answers ne s'est pas arrêté où prévu :\n{started.stderr}")
    exported = opalexe("calendar", "--output", str(out / "opalexe-echeances.ics"), cwd=out,
                       state=state)  # fmt: skip
    if exported.returncode != 0:
        sys.exit(f"calendar a échoué :\n{exported.stderr}")
    for leftover in out.glob("*.lock"):
        leftover.unlink()


def main() -> int:
    parser = argparse.ArgumentParser(description="Regenerate the examples.")
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args()
    if not args.check:
        generate(HERE)
        print(f"Exemples régénérés dans {HERE} : {', '.join(GENERATED)}")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        generate(out)
        stale = [n for n in GENERATED if not filecmp.cmp(out / n, HERE / n, shallow=False)]
        if stale:
            for name in stale:
                shutil.copy(out / name, HERE / f"{name}.new")
            print(f"Exemples périmés : {', '.join(stale)} (lancez examples/regenerate.py)")
            return 1
    print("Exemples à jour.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
