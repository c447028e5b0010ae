"""Regenerate the examples from the answers files, so that they never go stale.

    .venv/bin/python examples/regenerate.py              # writes into examples/
    .venv/bin/python examples/regenerate.py --check      # fails if examples/ is out of date

Runs the real ``opalexe-cert`` with today's date pinned and no network:
- ``state-en-cours.json``: ``start --answers answers-partial.json``, which stops at the first
  missing answer (the dossier is back from the President; next: send it to CertEurope);
- ``opalexe-echeances.ics``: ``calendar`` on that state;
- ``dossier/``: ``print-dossier`` after ``start --answers answers-complete.json`` (compared by
  the text of each page, which does not depend on reportlab's version), and the README's
  picture ``docs/lettre-president.png`` when ``pdftoppm`` (poppler-utils) is installed.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

HERE = Path(__file__).resolve().parent
DOCS = HERE.parent / "docs"
PICTURE_DAY = "2026-09-03"  # CertEurope's e-mail has come: envelope 1 is to be sent
TODAY = "2026-09-20"
DOSSIER_DAY = "2026-10-20"  # the day after activation in answers-complete.json
SCRIPT = Path(sys.executable).with_name("opalexe-cert")
EXAMPLE_CALENDAR_ID = "0123456789abcdef0123456789abcdef"
GENERATED = ("state-en-cours.json", "opalexe-echeances.ics")


class Done(Protocol):
    """What a run returned: ``subprocess.CompletedProcess`` or the tests' in-process result."""

    @property
    def returncode(self) -> int: ...

    @property
    def stderr(self) -> str: ...


Run = Callable[..., Done]
"""``run(*args, cwd=..., state=..., today=...)``: ``opalexe`` below, or the same command run
in the test's own process (the check's point is the examples, not the process)."""


def opalexe(
    *args: str, cwd: Path, state: Path, today: str = TODAY
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "OPALEXE_CERT_TODAY": today,
        "OPALEXE_CERT_OFFLINE": "1",
        "OPALEXE_CERT_STATE": str(state),
        "NO_COLOR": "1",
    }
    return subprocess.run(
        [str(SCRIPT), *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


def generate(out: Path, opalexe: Run = opalexe) -> None:
    """Write every generated example into ``out``."""
    state = out / "state-en-cours.json"
    state.unlink(missing_ok=True)
    started = opalexe("start", "--answers", str(HERE / "answers-partial.json"), cwd=out,
                      state=state)  # fmt: skip
    # The partial file stops on purpose: the run must end on the missing CertEurope step.
    if started.returncode != 2 or "certeurope_mail." not in started.stderr:
        sys.exit(f"start --answers ne s'est pas arrêté où prévu :\n{started.stderr}")
    # The calendar identifier is random in real use; the example pins one so that it stays
    # reproducible (the UIDs and the state are compared).
    recorded = json.loads(state.read_text(encoding="utf-8"))
    recorded["calendar_id"] = EXAMPLE_CALENDAR_ID
    state.write_text(json.dumps(recorded, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    exported = opalexe("calendar", "--output", str(out / "opalexe-echeances.ics"), cwd=out,
                       state=state)  # fmt: skip
    if exported.returncode != 0:
        sys.exit(f"calendar a échoué :\n{exported.stderr}")
    for leftover in out.glob("*.lock"):
        leftover.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        complete = Path(tmp) / "state.json"
        opalexe("start", "--answers", str(HERE / "answers-complete.json"), cwd=out,
                state=complete, today=DOSSIER_DAY)  # fmt: skip
        shutil.rmtree(out / "dossier", ignore_errors=True)
        printed = opalexe("print-dossier", "--no-input", "--output", str(out / "dossier"),
                          cwd=out, state=complete, today=DOSSIER_DAY)  # fmt: skip
    if printed.returncode != 0:
        sys.exit(f"print-dossier a échoué :\n{printed.stderr}")


def pdf_text(path: Path) -> list[str]:
    """The text of each page: what the check compares (not the bytes)."""
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(path).pages]


def stale_files(out: Path) -> list[str]:
    """The committed examples that differ from those just generated in ``out``."""
    stale = [n for n in GENERATED if not filecmp.cmp(out / n, HERE / n, shallow=False)]
    fresh = sorted(p.name for p in (out / "dossier").glob("*.pdf"))
    committed = sorted(p.name for p in (HERE / "dossier").glob("*.pdf"))
    if fresh != committed:
        return [*stale, "dossier/"]
    stale += [
        f"dossier/{name}"
        for name in fresh
        if pdf_text(out / "dossier" / name) != pdf_text(HERE / "dossier" / name)
    ]
    return stale


LONG_NAME = {  # the README's pictures: the longest names and address the input rules allow
    "siren.surname": "d'Aubigné-Lœwenbruck de Saint-Éloi",
    "siren.given_names": "Éloïse-Françoise Marie-Thérèse",
    "siren.address": "Résidence « Les Œillets », bâtiment C\nEscalier 4, appartement 1207\n"
    "12 avenue du Maréchal de Lattre de Tassigny\n33 000 Saint-Médard-en-Jalles",
}


def render_pictures() -> None:
    """The README's pictures of the President letter and the attestation, for a long name,
    on the day envelope 1 is to be sent (skipped without poppler-utils)."""
    if shutil.which("pdftoppm") is None:
        print("pdftoppm (poppler-utils) manque : les images de docs/ ne sont pas mises à jour")
        return
    answers = json.loads((HERE / "answers-complete.json").read_text(encoding="utf-8"))
    keys = list(answers)
    answers = {k: answers[k] for k in keys[: keys.index("order_email.date") + 1]} | LONG_NAME
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "answers.json").write_text(json.dumps(answers, ensure_ascii=False), "utf-8")
        state = folder / "state.json"
        opalexe("start", "--answers", str(folder / "answers.json"), cwd=folder, state=state,
                today=PICTURE_DAY)  # fmt: skip
        printed = opalexe("print-dossier", "--no-input", "--output", str(folder / "out"),
                          cwd=folder, state=state, today=PICTURE_DAY)  # fmt: skip
        if printed.returncode != 0:
            sys.exit(f"print-dossier a échoué (images) :\n{printed.stderr}")
        for name in ("lettre-president", "attestation-appartenance"):
            subprocess.run(
                ["pdftoppm", "-r", "80", "-png", "-singlefile", "-f", "1", "-l", "1",
                 str(folder / "out" / f"{name}.pdf"), str(DOCS / name)],
                check=True,
            )  # fmt: skip


def check(run: Run = opalexe) -> int:
    """``--check``: 0 if the committed examples are those the code produces now, else 1."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        generate(out, run)
        stale = stale_files(out)
        if stale:
            print(f"Exemples périmés : {', '.join(stale)} (lancez examples/regenerate.py)")
            return 1
    print("Exemples à jour.")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description="Regenerate the examples.")
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args()
    if not args.check:
        generate(HERE)
        render_pictures()
        print(f"Exemples régénérés dans {HERE} : {', '.join(GENERATED)}, dossier/")
        return 0
    return check()


if __name__ == "__main__":
    sys.exit(main())
