"""``remind --schedule``: the line for cron (Linux, macOS) or schtasks (Windows), with the
program's full path and the settings the task needs; nothing installed, no secret shown."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import pytest

from opalexe_cert.cli.schedule import program, schedule, task_arguments

from conftest import Runner, environment_for

SMTP = {
    "OPALEXE_CERT_SMTP_URL": "smtps://eloise@smtp.example.fr:465",
}


def test_the_line_for_this_system(cli: Runner, state_file: Path, tmp_path: Path) -> None:
    secret = tmp_path / "mot-de-passe"
    secret.write_text("hunter2\n", encoding="utf-8")
    env = SMTP | {"OPALEXE_CERT_SMTP_PASSWORD_FILE": str(secret)}
    result = cli("remind", "--schedule", "--alarms", "60,7", env=env)
    assert result.code == 0, result.err
    assert "hunter2" not in result.text
    assert not state_file.parent.exists()  # nothing read, nothing created, nothing installed
    assert "Rien n'a été installé." in " ".join(result.out.split())
    (line,) = [
        line for line in result.out.splitlines() if line.startswith(("0 9 * * * ", "schtasks"))
    ]
    if sys.platform == "win32":
        assert line.startswith('schtasks /Create /SC DAILY /ST 09:00 /TN "opalexe-cert rappels"')
        return
    words = shlex.split(line.removeprefix("0 9 * * * "))
    settings = dict(w.split("=", 1) for w in words if "=" in w and not w.startswith("-"))
    assert settings == {
        "OPALEXE_CERT_STATE": str(state_file.resolve()),
        "OPALEXE_CERT_SMTP_URL": "smtps://eloise@smtp.example.fr:465",
        "OPALEXE_CERT_SMTP_PASSWORD_FILE": str(secret.resolve()),
    }
    command = [w for w in words if w not in {f"{k}={v}" for k, v in settings.items()}]
    assert Path(command[0]).is_absolute() and Path(command[0]).name == "opalexe-cert"
    assert Path(command[0]).exists()  # the installed program, full path
    assert command[1:] == ["remind", "--alarms", "60,7", "--email", "--no-input"]


@pytest.mark.parametrize("platform", ["linux", "darwin"])
def test_cron_without_a_server_says_how_to_get_emails(tmp_path: Path, platform: str) -> None:
    env = environment_for(tmp_path / "état 100%.json")
    args = task_arguments(env, email=False, eml=None, alarms=None, within=None)
    found = schedule(env, args, platform)
    assert found.line.startswith("0 9 * * * OPALEXE_CERT_STATE=")
    assert "100\\%" in found.line  # a bare % would end the command in cron
    assert found.line.endswith("remind --no-input")
    system = "macOS" if platform == "darwin" else "Linux"
    assert found.before[0].startswith(f"Sur {system}, le planificateur cron")
    assert any("OPALEXE_CERT_SMTP_URL" in note for note in found.after)


def test_schtasks_on_windows_with_setx_for_the_settings(tmp_path: Path) -> None:
    env = environment_for(tmp_path / "state.json", **SMTP)
    args = task_arguments(env, email=True, eml=None, alarms=None, within=None)
    found = schedule(env, args, "win32")
    exe = program("win32")
    assert found.line == (
        'schtasks /Create /SC DAILY /ST 09:00 /TN "opalexe-cert rappels" '
        f'/TR "\\"{exe}\\" remind --email --no-input" /F'
    )
    assert found.setup == [
        f'setx OPALEXE_CERT_STATE "{(tmp_path / "state.json").resolve()}"',
        'setx OPALEXE_CERT_SMTP_URL "smtps://eloise@smtp.example.fr:465"',
    ]
    notes = " ".join(found.after)
    assert 'schtasks /Delete /TN "opalexe-cert rappels"' in notes
    assert "ne peut pas demander le mot de passe" in notes  # no password file set


def test_drafts_folder_in_the_line(tmp_path: Path) -> None:
    env = environment_for(tmp_path / "state.json")
    args = task_arguments(env, email=True, eml=tmp_path, alarms=None, within=30)
    assert args == ["remind", "--within", "30", "--eml", str(tmp_path.resolve()), "--no-input"]
    found = schedule(env, args, "linux")
    assert "brouillon" in found.before[0]


def test_bad_alarms_are_refused_before_the_line(cli: Runner) -> None:
    result = cli("remind", "--schedule", "--alarms", "x")
    assert result.code == 2
    assert "0 9 * * *" not in result.out
