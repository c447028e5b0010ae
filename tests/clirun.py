"""Running the real ``opalexe-cert`` console script: where it is, and a clean environment.

Every test that starts the command (``conftest.cli``, ``wizard_support.Terminal``,
``opalexe``) builds its environment here, so that no ``OPALEXE_CERT_*`` variable of the
developer's shell leaks into a test.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

_EXE = ".exe" if sys.platform == "win32" else ""
SCRIPT = Path(sys.executable).with_name(f"opalexe-cert{_EXE}")
"""The console script next to this Python (``Scripts\\opalexe-cert.exe`` on Windows)."""
ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
TODAY = "2026-11-02"


def clean_env(today: str, state: Path | None = None, **extra: str) -> dict[str, str]:
    """This process's environment without our variables or colour settings; the date pinned,
    no network (``OPALEXE_CERT_OFFLINE=""`` in ``extra`` allows it), and ``extra`` on top."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("OPALEXE_CERT_") and k not in ("NO_COLOR", "FORCE_COLOR")
    }
    env.update(OPALEXE_CERT_TODAY=today, OPALEXE_CERT_OFFLINE="1")
    if state is not None:
        env["OPALEXE_CERT_STATE"] = str(state)
    env.update(extra)
    return env


def opalexe(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the command with today pinned, offline, without colours unless asked."""
    return subprocess.run(
        [str(SCRIPT), *args],
        cwd=cwd,
        env=clean_env(TODAY, **(env or {})),
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        check=False,
        timeout=60,
    )
