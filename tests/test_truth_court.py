"""ACSO's court of appeal, printed on the letters and the attestation, is shown to the expert
and can be corrected in the wizard; an answers file that says nothing keeps the guide's."""

from __future__ import annotations

import json
from pathlib import Path

from test_wizard_steps import CLEAR, DOWN, ENTER, NON, walk

from opalexe_cert.domain import texts
from opalexe_cert.domain.procedure import field

from conftest import Runner, example_answers, write_answers


def test_the_guide_question_shows_the_court_printed(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    state, _ = walk(path, "profile", ENTER + ENTER + "jeanne@example.fr" + ENTER + ENTER)
    label = texts.render(field("profile", "president_as_guide").label, state)
    assert "votre inscription près la cour d'appel de Bordeaux" in label
    assert texts.compagnie(state).court_of_appeal == "Bordeaux"  # type: ignore[union-attr]


def test_acso_court_is_proposed_then_corrected(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    typed = (
        ENTER  # ACSO
        + NON  # the President changed
        + ENTER  # the short name proposed
        + CLEAR
        + "Agen"
        + ENTER  # the court, Bordeaux proposed
        + DOWN
        + ENTER  # Madame
        + "Anne Lefèvre"
        + ENTER
        + "2 rue du Palais"
        + ENTER
        + "33000 Bordeaux"
        + ENTER
        + ENTER
        + "jeanne@example.fr"
        + ENTER
        + ENTER
    )
    state, _ = walk(path, "profile", typed)
    found = texts.compagnie(state)
    assert found is not None and found.key == "acso"
    assert found.court_of_appeal == "Agen" and found.court_phrase == "cour d'appel d'Agen"


def test_the_letters_print_the_court_given(cli: Runner, tmp_path: Path) -> None:
    answers = example_answers() | {
        "profile.president_as_guide": False,
        "profile.president_civility": "M.",
        "profile.president_name": "Marc Gauthier",
        "profile.compagnie_address": "1 rue du Palais\n33000 Bordeaux",
        "profile.court_of_appeal": "Agen",
    }
    cli("start", "--answers", str(write_answers(tmp_path / "a.json", answers)))
    assert (
        json.loads((tmp_path / "data" / "state.json").read_text())["cycle"]["answers"][
            "profile.court_of_appeal"
        ]
        == "Agen"
    )
    out = tmp_path / "out"
    assert cli("print-dossier", "--output", str(out)).code == 0
    import pdfplumber

    with pdfplumber.open(out / "attestation-appartenance.pdf") as pdf:
        text = " ".join(" ".join((p.extract_text() or "") for p in pdf.pages).split())
    assert "cour d’appel d’Agen" in text or "cour d'appel d'Agen" in text
    assert "cour d'appel de Bordeaux" not in text.replace("’", "'")


def test_a_file_that_says_nothing_keeps_the_guides_court(cli: Runner, tmp_path: Path) -> None:
    answers = example_answers() | {"profile.president_as_guide": False}
    answers |= {
        "profile.president_civility": "M.",
        "profile.president_name": "Marc Gauthier",
        "profile.compagnie_address": "1 rue du Palais\n33000 Bordeaux",
    }
    cli("start", "--answers", str(write_answers(tmp_path / "a.json", answers)))
    saved = json.loads((tmp_path / "data" / "state.json").read_text())
    assert saved["cycle"]["answers"]["profile.court_of_appeal"] == "Bordeaux"
