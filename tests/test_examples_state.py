"""The generated examples are those the current code produces (never stale)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_examples_are_up_to_date() -> None:
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / "regenerate.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "à jour" in done.stdout
