"""Courier option: the ID that matters once the dossier left is the one shown at delivery;
status and the delivery step say so, never « envoyez la copie d'une pièce valide »."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from test_wizard_steps import ENTER, at, plain, walk

from conftest import Runner, example_answers, write_answers


def _courier_until_delivery(id_expiry: str) -> dict[str, Any]:
    answers = example_answers() | {
        "offer.handover": "courier",
        "president_mail.id_expiry": id_expiry,
    }
    for key in ("delivery.date", "handover_report.date", "activation.cert_expiry"):
        answers.pop(key)
    answers.pop("activation.date")
    return answers


def test_status_titles_and_advises_for_the_courier(cli: Runner, tmp_path: Path) -> None:
    path = write_answers(tmp_path / "a.json", _courier_until_delivery("2026-09-20"))
    cli("start", "--answers", str(path), today="2026-09-17")
    shown = " ".join(cli("status", today="2026-09-25").out.split())
    assert "Validité de la pièce d'identité à présenter au livreur — EN RETARD" in shown
    assert "présentez au livreur une pièce d'identité en cours de validité" in shown
    assert "envoyez la copie" not in shown and "pièce d'identité envoyée" not in shown
    data = json.loads(cli("status", "--json", today="2026-09-25").out)
    (id_deadline,) = [d for d in data["deadlines"] if d["id"] == "id_validity"]
    assert id_deadline["title"] == "Validité de la pièce d'identité à présenter au livreur"


def test_the_president_option_keeps_its_title(cli: Runner, tmp_path: Path) -> None:
    answers = _courier_until_delivery("2031-04-30") | {"offer.handover": "president"}
    cli("start", "--answers", str(write_answers(tmp_path / "a.json", answers)), today="2026-09-17")
    shown = " ".join(cli("status", today="2026-09-25").out.split())
    assert "Validité de la pièce d'identité envoyée" in shown


def test_the_delivery_panel_says_the_recorded_id_has_expired(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = at(
        tmp_path,
        "delivery.date",
        **{"offer.handover": "courier", "president_mail.id_expiry": "2026-09-20"},
    )
    walk(path, "delivery", ENTER + ENTER)
    out = plain(capsys.readouterr().out)
    assert "La pièce d'identité enregistrée a expiré le 20 septembre 2026" in out
    assert "présentez au livreur une pièce d'identité en cours de validité" in out


def test_a_presidente_being_entered_is_named_so_in_the_address_question(
    tmp_path: Path,
) -> None:
    from opalexe_cert.domain import texts
    from opalexe_cert.domain.procedure import field
    from opalexe_cert.domain.state import Cycle, State

    answers = {"profile.compagnie": "other", "profile.president_civility": "Mme"}
    state = State(cycle=Cycle(answers=answers))  # the compagnie's address not given yet
    label = texts.render(field("profile", "compagnie_address").label, state)
    assert "sans le nom de la Présidente" in label


def test_status_says_an_id_deadline_stopped_mattering_never_done(cli: Runner) -> None:
    from conftest import EXAMPLE_ANSWERS

    assert cli("start", "--answers", str(EXAMPLE_ANSWERS)).code == 0
    lines = cli("status").out.splitlines()
    line = next(line for line in lines if "Validité de la pièce d'identité" in line)
    assert "sans objet depuis le 16 septembre 2026 (dossier envoyé)" in line
    assert "terminée" not in line
