"""Running the real ``opalexe-cert`` console script in a subprocess, for the CLI tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(sys.executable).with_name("opalexe-cert")
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
TODAY = "2026-11-02"


def opalexe(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the command with today pinned, offline, without colours unless asked."""
    full = {**os.environ, "OPALEXE_CERT_TODAY": TODAY, "OPALEXE_CERT_OFFLINE": "1"}
    for name in ("OPALEXE_CERT_STATE", "OPALEXE_CERT_DEBUG", "NO_COLOR", "FORCE_COLOR"):
        full.pop(name, None)
    full.update(env or {})
    return subprocess.run(
        [str(SCRIPT), *args],
        cwd=cwd,
        env=full,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        check=False,
        timeout=60,
    )
