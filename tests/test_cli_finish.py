"""What users of a CLI expect: French usage errors, exit statuses, NO_COLOR, --version."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from opalexe_cert import __version__

from clirun import EXAMPLES, opalexe

COLOR_SGR = re.compile(r"\x1b\[[0-9;]*(3[0-9]|9[0-7])m")


@pytest.fixture()
def complete(tmp_path: Path) -> Path:
    state = tmp_path / "state.json"
    done = opalexe(
        "--state", str(state), "start", "--answers", str(EXAMPLES / "answers-complete.json"),
        cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return state


def test_version(tmp_path: Path) -> None:
    done = opalexe("--version", cwd=tmp_path)
    assert done.returncode == 0
    assert done.stdout.strip() == f"opalexe-cert {__version__}"


def test_help_is_french(tmp_path: Path) -> None:
    done = opalexe("--help", cwd=tmp_path)
    assert done.returncode == 0
    out = done.stdout
    assert out.startswith("Utilisation : opalexe-cert [OPTIONS] COMMANDE [ARGUMENTS]...")
    assert "Commandes :" in out and "Options :" in out
    assert "Affiche cette aide et s'arrête." in out
    assert "--install-completion" in out and "Installe la complétion" in out
    for english in ("Usage:", "Commands:", "Show this message", "Install completion"):
        assert english not in out
    for command in ("status", "start", "renew", "calendar", "print-dossier"):
        assert re.search(rf"^  {command} ", out, re.M), command


def test_no_command_shows_the_help_as_a_usage_error(tmp_path: Path) -> None:
    done = opalexe(cwd=tmp_path)
    assert done.returncode == 2
    assert "Commandes :" in done.stderr


def test_usage_error_shows_the_usage_and_how_to_get_help(tmp_path: Path) -> None:
    done = opalexe("status", "--bogus", cwd=tmp_path)
    assert "Utilisation : opalexe-cert status [OPTIONS]" in done.stderr
    assert "Pour l'aide : « opalexe-cert status -h »." in done.stderr


def test_colours_by_default_when_forced_and_none_with_no_color(
    tmp_path: Path, complete: Path
) -> None:
    coloured = opalexe("--state", str(complete), "status", cwd=tmp_path, env={"FORCE_COLOR": "1"})
    assert COLOR_SGR.search(coloured.stdout), "the check below could not fail"
    plain = opalexe(
        "--state", str(complete), "status", cwd=tmp_path, env={"FORCE_COLOR": "1", "NO_COLOR": "1"}
    )
    assert plain.returncode == 0
    assert not COLOR_SGR.search(plain.stdout)
    error = opalexe("status", "--bogus", cwd=tmp_path, env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert "Erreur" in error.stderr and not COLOR_SGR.search(error.stderr)


def test_status_points_to_the_next_command(tmp_path: Path, complete: Path) -> None:
    empty = opalexe("--state", str(tmp_path / "none.json"), "status", cwd=tmp_path)
    assert "Prochaine commande : opalexe-cert start" in empty.stdout
    done = opalexe("--state", str(complete), "status", cwd=tmp_path)
    assert "Prochaine commande : opalexe-cert calendar" in done.stdout
    renewal_time = opalexe(
        "--state", str(complete), "status", cwd=tmp_path, env={"OPALEXE_CERT_TODAY": "2029-07-25"}
    )
    assert "Prochaine commande : opalexe-cert renew" in renewal_time.stdout
