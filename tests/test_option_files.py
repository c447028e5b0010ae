"""A file named by an option that cannot be read: a French message naming the file and why.

``--state``, ``--answers``, ``--file``, ``--password-file`` and ``--module`` each get a file
that is missing, a folder, or refused by the system; the command says which file and why,
exits non-zero, and never falls back on Typer's « valeur invalide ».
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from certs import Authority
from conftest import Runner

WHY = {
    "missing": "n'existe pas",
    "folder": "dossier",
    "forbidden": "accès refusé",
}


def forbid(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``path`` unreadable: its mode bits, or, for root (who reads everything), the
    system's answer for it alone."""
    path.write_bytes(b"{}")
    if not (hasattr(os, "geteuid") and os.geteuid() == 0):
        path.chmod(0)
        return
    real_open, real_access = os.open, os.access

    def refusing_open(name: object, flags: int, *args: object, **kwargs: object) -> int:
        if Path(str(name)) == path:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_open(name, flags, *args, **kwargs)  # type: ignore[arg-type]

    def refusing_access(name: object, mode: int, *args: object, **kwargs: object) -> bool:
        return Path(str(name)) != path and real_access(name, mode, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refusing_open)
    monkeypatch.setattr(os, "access", refusing_access)


def bad_file(tmp_path: Path, kind: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "given" / "named.file"
    path.parent.mkdir()
    if kind == "folder":
        path.mkdir()
    elif kind == "forbidden":
        forbid(path, monkeypatch)
    return path


def certificate_file(tmp_path: Path) -> Path:
    """A real PKCS#12 file, so that its password file is needed."""
    return Authority().issue().write_p12(tmp_path / "certificat.p12", "secret")


COMMANDS: dict[str, Callable[[Path, Path], list[str]]] = {
    "--state": lambda bad, _: ["--state", str(bad), "status"],
    "--answers": lambda bad, _: ["start", "--answers", str(bad), "--no-input"],
    "--file": lambda bad, _: ["certificate", "--file", str(bad), "--no-input"],
    "--password-file": lambda bad, tmp: [
        "certificate",
        "--file",
        str(certificate_file(tmp)),
        "--password-file",
        str(bad),
        "--no-input",
    ],
    "--module": lambda bad, _: ["certificate", "--module", str(bad), "--no-input"],
}


CASES = [
    (option, kind)
    for option in sorted(COMMANDS)
    for kind in sorted(WHY)
    if (option, kind) != ("--state", "missing")  # no state file yet: a new start
]


@pytest.mark.parametrize(("option", "kind"), CASES)
def test_a_file_an_option_cannot_read_is_named_with_the_reason(
    cli: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, option: str, kind: str
) -> None:
    bad = bad_file(tmp_path, kind, monkeypatch)
    result = cli(*COMMANDS[option](bad, tmp_path))
    assert result.code in (1, 2), result.text
    assert str(bad) in result.err and WHY[kind] in result.err, result.err
    assert "invalide" not in result.text and "inattendue" not in result.text, result.text


@pytest.mark.parametrize("command", ["calendar", "print-dossier"])
def test_an_output_the_system_refuses_to_read_is_not_a_usage_error(
    cli: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    bad = bad_file(tmp_path, "forbidden", monkeypatch)  # written, never read: not refused
    no_input = ["--no-input"] if command == "print-dossier" else []
    result = cli(command, "--output", str(bad), *no_input)
    assert "invalide" not in result.text and "Utilisation" not in result.text, result.text


@pytest.mark.parametrize(
    "args",
    [
        ("--state", "", "status"),
        ("--state=", "status"),
        ("start", "--answers", " "),
        ("print-dossier", "-o", ""),
        ("certificate", "--file", ""),
        ("compagnie", "status", "--roster", ""),
    ],
)
def test_an_empty_path_is_refused_by_its_option_not_read_as_this_folder(
    cli: Runner, state_file: Path, args: tuple[str, ...]
) -> None:
    state_file.parent.mkdir(parents=True, exist_ok=True)
    state_file.write_text("{}")  # whatever it holds, it stays as it was
    result = cli(*args)
    assert result.code == 2, result.text
    option = next(a for a in args if a.startswith("-")).rstrip("=")
    assert f"l'option {option} a reçu un chemin vide" in result.err.replace("’", "'")
    assert "dossier, pas un fichier" not in result.text
    assert state_file.read_text() == "{}"
