"""``recap.pdf``: the procedure on one page, read back (text and positions) for the longest
names, a Présidente, the courier, a late dossier and a renewal with history."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from dossier_matrix import LONGEST, PRESIDENTE

from opalexe_cert.adapters.documents.layout import MARGIN_LEFT, MARGIN_RIGHT, PAGE_WIDTH
from opalexe_cert.adapters.documents.recap import recap_data, render_recap
from opalexe_cert.adapters.store import load, save
from opalexe_cert.domain.state import Cycle, State

import remind_support
from clirun import plain
from conftest import Runner, example_answers

activated = remind_support.activated  # the fixtures, shared
activated_bytes = remind_support.activated_bytes

D = dt.date


def read(content: bytes) -> tuple[str, list[dict[str, Any]], Any]:
    """The single page's text (spaces made plain), its words and the page itself."""
    pdf = pdfplumber.open(io.BytesIO(content))
    assert len(pdf.pages) == 1
    page = pdf.pages[0]
    return " ".join(plain(page.extract_text()).split()), page.extract_words(), page


def inside_margins(words: list[dict[str, Any]]) -> None:
    for word in words:
        assert word["x0"] >= MARGIN_LEFT - 1 and word["x1"] <= PAGE_WIDTH - MARGIN_RIGHT + 1, word


def test_print_dossier_writes_the_recap_with_the_dossier(
    cli: Runner, activated: Path, tmp_path: Path
) -> None:
    out = tmp_path / "dossier"
    result = cli("print-dossier", "--no-input", "-o", str(out))
    assert result.code == 0, result.err
    assert "recap.pdf : récapitulatif de la procédure sur une page" in result.out
    text, words, page = read((out / "recap.pdf").read_bytes())
    assert text.startswith("Récapitulatif de votre demande de certificat OPALEXE")
    assert "Mme Éloïse Marie d'AUBIGNÉ-LŒWENBRUCK — première demande" in text
    for number in range(1, 14):
        assert f"{number}. " in text
    assert "13. Activation — fait le 20 octobre 2026" in text
    assert (
        "Prochaine action" in text and "renouveler le certificat, entre le 20 juillet 2029" in text
    )
    assert "Il expire le 20 octobre 2029 (date saisie à la main)." in text
    assert "Le Président de la Compagnie des Experts de Justice ACSO : M. Marc GAUTHIER" in text
    assert "https://support.certeurope.fr/" in text
    for paper in ("La facture de CertEurope", "procès-verbal de remise", "code d'activation"):
        assert paper in text
    assert "commande CMD-2026-0917" in text
    inside_margins(words)
    # Today's mark: a dashed vertical line on each axis, its label under the lowest band.
    today = [w for w in words if plain(w["text"]) == "aujourd'hui,"]
    assert len(today) == 2
    verticals = [
        line for line in page.lines if abs(line["x0"] - line["x1"]) < 0.1 and line["height"] > 20
    ]
    assert verticals  # the today lines


def test_recap_alone_and_before_anything(cli: Runner, state_file: Path, tmp_path: Path) -> None:
    early = cli("print-dossier", "--recap", "-o", str(tmp_path / "x"))
    assert early.code == 2
    assert "rien à récapituler pour l'instant. Lancez" in early.err
    assert not (tmp_path / "x").exists()
    answers = {k: v for k, v in example_answers().items() if k.endswith(".date")}
    save(state_file, State(cycle=Cycle(answers={"account.date": answers["account.date"]})))
    alone = cli("print-dossier", "--recap", "-o", str(tmp_path / "x"), today="2026-10-05")
    assert alone.code == 0, alone.err
    assert [p.name for p in (tmp_path / "x").iterdir()] == ["recap.pdf"]
    text, _, page = read((tmp_path / "x" / "recap.pdf").read_bytes())
    assert "Envoi du dossier (en retard)" in text  # a month after the log-in
    hatch = [
        ln
        for ln in page.lines
        if abs(ln["x0"] - ln["x1"]) > 1 and abs(ln["top"] - ln["bottom"]) > 1
    ]
    assert len(hatch) >= 5  # the late band's diagonal lines: they print in black and white
    assert "Pas encore de certificat activé." in text


def test_longest_names_and_a_presidente(activated: Path) -> None:
    data = dataclasses.replace(
        recap_data(load(activated), D(2026, 11, 26)),
        holder=LONGEST.display_name,
        compagnie=PRESIDENTE,
    )
    text, words, _ = read(render_recap(data))
    assert plain(LONGEST.display_name) in text
    assert "La Présidente de la Compagnie des experts de justice près la cour d'appel de " in text
    assert "Mme Marie-Amélie de LA ROCHEFOUCAULD-DOUDEAU" in text
    inside_margins(words)


def test_the_courier_and_a_renewal_with_history(
    cli: Runner, state_file: Path, tmp_path: Path
) -> None:
    courier = example_answers() | {"offer.handover": "courier"}
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(courier, ensure_ascii=False), encoding="utf-8")
    assert cli("start", "--answers", str(answers)).code == 0
    text, words, _ = read(render_recap(recap_data(load(state_file), D(2026, 11, 26))))
    inside_margins(words)
    assert "13. Activation" in text
    assert cli("renew", today="2029-07-25").code == 0
    renewing = recap_data(load(state_file), D(2029, 8, 1))
    text, words, _ = read(render_recap(renewing))
    assert "demande n° 2" in text
    labels = {w["text"]: w["x0"] for w in words if w["top"] < 140}  # over the first axis
    assert labels["13"] - labels["3"] > 150  # the steps to come spread after today
    assert "Il expire le 20 octobre 2029" in text  # the old certificate is still the one in force
    assert "2. Compte sur le portail CertEurope — en cours" in text
    assert "Votre profil — fait" in text and "2026" not in text  # no first-cycle date
    inside_margins(words)


LATER = ("president_return.", "certeurope_mail.", "delivery.", "handover_report.", "activation.")
DATED = [(k, v) for k, v in example_answers().items() if k.endswith(".date")]


@pytest.mark.parametrize("count", range(1, len(DATED) + 1))
def test_one_page_at_every_stage(count: int) -> None:
    """Each prefix of the example's dates, on the day after the last: always one page, inside
    the margins, with a next action."""
    answers = dict(DATED[:count])
    today = dt.date.fromisoformat(DATED[count - 1][1]) + dt.timedelta(days=1)
    data = recap_data(State(cycle=Cycle(answers=answers)), today)
    text, words, _ = read(render_recap(data))  # asserts one page
    inside_margins(words)
    assert "Prochaine action" in text


def test_a_dossier_sent_late_stays_hatched() -> None:
    answers = dict(DATED[:7]) | {"certeurope_mail.date": "2026-10-05"}  # 4 days late
    data = recap_data(State(cycle=Cycle(answers=answers)), D(2026, 10, 6))
    text, _, page = read(render_recap(data))
    assert "Envoi du dossier (fait en retard)" in text
    assert "Livraison" in text and "Livraison (" not in text  # to come: no word
    diagonal = [ln for ln in page.lines if abs(ln["x0"] - ln["x1"]) > 1 and ln["height"] > 1]
    assert len(diagonal) >= 5


def test_labels_of_steps_close_together_are_never_stacked(
    cli: Runner, state_file: Path, tmp_path: Path
) -> None:
    """The courier's handover on 5 September 2026: steps on 1, 2, 4 and 5 September."""
    courier = {k: v for k, v in example_answers().items() if not k.startswith(LATER)} | {
        "offer.handover": "courier"
    }
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(courier, ensure_ascii=False), encoding="utf-8")
    started = cli("start", "--answers", str(answers), today="2026-09-05")
    assert started.code == 2 and state_file.exists()  # stopped at the President's return
    _, words, _ = read(render_recap(recap_data(load(state_file), D(2026, 9, 5))))
    axis = min(w["top"] for w in words if w["text"] == "procédure")
    labels = [w for w in words if axis - 30 < w["top"] < axis and w["text"].rstrip(",").isdigit()]
    assert {w["text"].rstrip(",") for w in labels} == {str(n) for n in range(1, 14)}
    for a in labels:
        for b in labels:
            overlap = a["x0"] < b["x1"] and b["x0"] < a["x1"]
            assert a["top"] == b["top"] or not overlap, (a["text"], b["text"])
