"""``print-dossier`` end to end, and the mapping from the saved state to the documents."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from opalexe_cert.adapters.documents.data import Document, president_postal_lines
from opalexe_cert.adapters.documents.from_state import dossier_data
from opalexe_cert.domain import engine
from opalexe_cert.domain.compagnie import ACSO
from opalexe_cert.domain.state import State

from clirun import Result, clean_env, invoke, plain

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "answers-complete.json"
TODAY = "2026-10-20"


class Runner:
    """The command in-process, today pinned, offline (``clirun.invoke``)."""

    def invoke(self, args: list[str]) -> Result:
        return invoke(*args, variables=clean_env(TODAY))


@pytest.fixture
def runner() -> Runner:
    return Runner()


def answers(upto: str | None = None) -> dict[str, object]:
    """The example answers, stopping before the first key of step ``upto``."""
    data: dict[str, object] = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    if upto is None:
        return data
    keys = list(data)
    first = next(i for i, k in enumerate(keys) if k.startswith(f"{upto}."))
    return {k: data[k] for k in keys[:first]}


def run_start(runner: Runner, tmp_path: Path, data: dict[str, object]) -> Path:
    state = tmp_path / "state.json"
    answers_file = tmp_path / "answers.json"
    answers_file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    runner.invoke(["--state", str(state), "start", "--answers", str(answers_file), "--no-input"])
    assert state.exists()
    return state


def test_print_dossier_writes_every_file_from_the_example(runner: Runner, tmp_path: Path) -> None:
    state = run_start(runner, tmp_path, answers())
    output = tmp_path / "out"
    result = runner.invoke(["--state", str(state), "print-dossier", "-o", str(output)])
    assert result.code == 0, result.text
    expected = [d.filename for d in Document] + ["recap.pdf"]
    assert sorted(p.name for p in output.iterdir()) == sorted(expected)
    assert "Enveloppe n° 1" in result.text
    assert "Enveloppe n° 2" in result.text
    letter = PdfReader(output / "lettre-president.pdf").pages[0].extract_text()
    assert "Éloïse Marie d’AUBIGNÉ-LŒWENBRUCK" in letter
    assert "Bordeaux, le 4 septembre 2026" in letter  # sent that day, not re-dated today
    assert "— envoyée le 4 septembre 2026" in result.text
    certeurope = PdfReader(output / "lettre-certeurope.pdf").pages[0].extract_text()
    assert "75000 PARIS" in certeurope

    again = runner.invoke(["--state", str(state), "print-dossier", "-o", str(output)])
    assert again.code == 0
    assert "remplace le fichier précédent" in again.text


def test_without_certeurope_address_the_letter_is_skipped(runner: Runner, tmp_path: Path) -> None:
    state = run_start(runner, tmp_path, answers(upto="certeurope_mail"))
    output = tmp_path / "out"
    result = runner.invoke(["--state", str(state), "print-dossier", "-o", str(output)])
    assert result.code == 0, result.text
    assert not (output / "lettre-certeurope.pdf").exists()
    assert (output / "lettre-president.pdf").exists()
    assert "la lettre à CertEurope (lettre-certeurope.pdf) n'a pas été préparée" in result.text
    assert "faute d'adresse postale de CertEurope" in result.text
    assert "certeurope_mail.address" not in result.text  # no internal key shown


def test_without_identity_nothing_is_made(runner: Runner, tmp_path: Path) -> None:
    state = run_start(runner, tmp_path, answers(upto="siren"))
    output = tmp_path / "out"
    result = runner.invoke(["--state", str(state), "print-dossier", "-o", str(output)])
    assert result.code == 2
    assert "aucun document n'a pu être préparé" in result.text
    assert "identité du titulaire" in result.text
    assert not output.exists() or list(output.iterdir()) == []


def record_all(values: dict[str, object]) -> State:
    state = State()
    for key, value in values.items():
        state = engine.record(state, key, value, dt.date(2026, 10, 20))
    return state


def test_state_maps_to_dossier_data() -> None:
    state = record_all(answers())
    data = dossier_data(state, dt.date(2026, 10, 20))
    assert data.compagnie == ACSO
    assert data.holder is not None
    assert data.holder.display_name == "Mme Éloïse Marie d’AUBIGNÉ-LŒWENBRUCK"
    assert data.holder.email == "eloise.daubigne@example.fr"
    assert data.holder.address.lines == ("12 rue des Lilas", "33000 BORDEAUX")
    assert data.medium == "card"
    assert data.handover == "president"
    assert data.id_expiry == dt.date(2031, 4, 30)
    assert data.certeurope_address is not None
    assert data.certeurope_address.lines == (
        "CertEurope",
        "Adresse imprimée sur votre dossier",
        "1 rue de l'Exemple",
        "75000 PARIS",
    )
    assert data.place_and_date(data.president_letter_date()) == "Bordeaux, le 4 septembre 2026"
    assert data.payment_reference == "CMD-2026-0917"
    assert data.payment_amount == 109.0


def test_other_compagnie_is_addressed_to_its_president() -> None:
    state = record_all(
        {
            "profile.compagnie": "other",
            "profile.compagnie_name": "Compagnie des experts de justice de Lyon",
            "profile.court_of_appeal": "Lyon",
            "profile.president_civility": "Mme",
            "profile.president_name": "Hélène CŒURDEROY",
            "profile.compagnie_address": "67 rue Servient\n69003 Lyon",
        }
    )
    compagnie = dossier_data(state, dt.date(2026, 10, 20)).compagnie
    assert compagnie.address.lines == ("67 rue Servient", "69003 LYON")
    assert president_postal_lines(compagnie) == [
        "Mme Hélène CŒURDEROY",
        "Présidente de la CEJ de Lyon",  # the name is 40 characters: its short form
        "67 RUE SERVIENT",
        "69003 LYON",
    ]


def said(result: object) -> str:
    """What the command printed, with plain spaces and apostrophes (``clirun.plain``)."""
    return plain(str(getattr(result, "output", "")))
