"""What SIRENE confirmed of the holder, said as it is: a non-public identity is never
"vérifié", and a SIREN SIRENE gives to someone else is said at once, in ``status`` and before
``print-dossier`` prints an attestation with it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from test_start_sirene import run, until_siren

from conftest import Runner
from sirene_server import PERSON_ACTIVE, PERSON_MASKED, SireneServer

SOMEONE_ELSE = {
    "siren.confirm": False,
    "siren.civility": "M.",
    "siren.surname": "Durand",
    "siren.given_names": "Paul",
    "siren.address": "3 rue Sainte-Catherine\n33000 Bordeaux",
}


def _start(cli: Runner, tmp_path: Path, server: SireneServer, answers: dict[str, Any]) -> str:
    return " ".join(run(cli, tmp_path, server, answers).err.split())


def test_a_siren_registered_to_someone_else_is_said_then_and_in_status(
    cli: Runner, tmp_path: Path, sirene_server: SireneServer
) -> None:
    said = _start(cli, tmp_path, sirene_server, until_siren(PERSON_ACTIVE, **SOMEONE_ELSE))
    other = "la base SIRENE enregistre le SIREN 812345676 au nom de Claire Helene LEFEBVRE"
    assert other in said, said
    assert "pas au vôtre" in said and "opalexe-cert start --step siren" in said
    shown = " ".join(cli("status").out.split())
    assert "pas au vôtre" in shown and "non vérifié" in shown
    data = json.loads(cli("status", "--json").out)["holder"]
    assert data["verified"] is False and data["siren_checked"] is True
    printed = cli("print-dossier", "--output", str(tmp_path / "out"))
    assert "pas au vôtre" in " ".join(printed.err.split())


def test_a_different_given_name_only_is_a_difference_not_another_person(
    cli: Runner, tmp_path: Path, sirene_server: SireneServer
) -> None:
    answers = until_siren(PERSON_ACTIVE, **(SOMEONE_ELSE | {"siren.surname": "Lefebvre"}))
    said = _start(cli, tmp_path, sirene_server, answers)
    assert "pas au vôtre" not in said
    assert "elle reste non vérifiée" in said


def test_a_masked_unit_asks_no_confirmation(
    cli: Runner, tmp_path: Path, sirene_server: SireneServer
) -> None:
    said = _start(cli, tmp_path, sirene_server, until_siren(PERSON_MASKED))
    assert "« siren.civility »" in said and "siren.confirm" not in said
