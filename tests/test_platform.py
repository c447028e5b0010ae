"""What differs on Windows and macOS, checked from Linux where it can be (README, development)."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest

from opalexe_cert.cli.environment import STATE_ENV, build
from opalexe_cert.cli.output import safe_encoding

from clirun import EXAMPLES, SCRIPT, clean_env


def _legacy_stream(encoding: str = "cp1252") -> tuple[io.BytesIO, io.TextIOWrapper]:
    raw = io.BytesIO()
    return raw, io.TextIOWrapper(raw, encoding=encoding)


def test_windows_redirected_output_is_switched_to_utf8() -> None:
    raw, stream = _legacy_stream()
    safe_encoding([stream], platform="win32")
    stream.write("✔ Étape « Paiement » enregistrée\n")
    stream.flush()
    assert raw.getvalue() == "✔ Étape « Paiement » enregistrée\n".encode()


def test_a_legacy_encoding_elsewhere_is_kept_with_replacements() -> None:
    raw, stream = _legacy_stream("latin-1")
    safe_encoding([stream], platform="linux")
    stream.write("✔ l’étape\n")
    stream.flush()
    assert raw.getvalue() == "? l?étape\n".encode("latin-1")


def test_status_into_a_cp1252_pipe_is_written_not_an_unexpected_error(tmp_path: Path) -> None:
    """What Windows gives a redirected output (``opalexe-cert status > etat.txt``): the ANSI
    code page, which has no ✔. It used to end in « Erreur inattendue »."""
    state = tmp_path / "state.json"
    shutil.copyfile(EXAMPLES / "state-en-cours.json", state)
    env = clean_env("2026-09-20", state, NO_COLOR="1", PYTHONIOENCODING="cp1252")
    proc = subprocess.run(
        [str(SCRIPT), "status"], env=env, capture_output=True, stdin=subprocess.DEVNULL, timeout=60
    )
    out, err = proc.stdout.decode("cp1252"), proc.stderr.decode("cp1252")
    assert proc.returncode == 0, err
    assert "inattendue" not in out + err
    assert "Éloïse Marie" in out  # accents written in cp1252, not lost


def test_a_state_path_under_home_is_expanded_whoever_leaves_the_tilde(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PowerShell and cmd pass ``~`` on as it is, and so does a quoted variable."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("USERPROFILE", str(tmp_path))  # what Windows' expanduser reads
    synced = tmp_path / "Nextcloud" / "state.json"
    assert build({}).with_state(Path("~/Nextcloud/state.json")).state_path == synced
    assert build({STATE_ENV: "~/Nextcloud/state.json"}).state_path == synced
