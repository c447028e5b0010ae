"""What the lead saw as a new user (numbers, agreement of the deadline states), through the
real commands."""

from __future__ import annotations

import json
from pathlib import Path

from opalexe_cert.domain.typography import NBSP, euros, number

from conftest import EXAMPLE_ANSWERS, Runner, example_answers, write_answers


def test_numbers_are_grouped_by_three_with_a_no_break_space() -> None:
    assert number(999) == "999"
    assert number(1095) == f"1{NBSP}095"
    assert number(-10000) == f"-10{NBSP}000"
    assert euros(10_000) == f"10{NBSP}000{NBSP}€"
    assert euros(109.5) == f"109,50{NBSP}€"


def test_the_amount_refusal_writes_ten_thousand_the_french_way(cli: Runner, tmp_path: Path) -> None:
    answers = example_answers() | {"payment.amount": 20000}
    result = cli("start", "--answers", str(write_answers(tmp_path / "a.json", answers)))
    assert result.code == 2
    assert "« payment.amount »" in result.err
    assert f"10{NBSP}000{NBSP}€" in result.raw_err and "10000" not in result.err


def test_status_writes_the_days_left_the_french_way(cli: Runner) -> None:
    assert cli("start", "--answers", str(EXAMPLE_ANSWERS)).code == 0
    result = cli("status", today="2026-10-21")
    assert result.code == 0, result.err
    assert f"dans 1{NBSP}095{NBSP}jours" in result.raw_out


def test_a_met_deadline_agrees_with_its_title(cli: Runner) -> None:
    assert cli("start", "--answers", str(EXAMPLE_ANSWERS)).code == 0
    assert cli("renew", "--force", today="2027-01-10").code == 0
    result = cli("status", today="2027-01-11")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    renewal = next(line for line in lines if "Renouvellement du certificat —" in line)
    # begun, not done: « commencé », agreed with its title, never « terminé »
    assert "en cours, commencé le 10 janvier 2027" in renewal and "termin" not in renewal
    assert any("Préparation du dossier — terminée" in line for line in lines) or not any(
        "Préparation du dossier —" in line for line in lines
    )
    data = json.loads(cli("status", "--json", today="2027-01-11").out)
    renewal_data = next(d for d in data["deadlines"] if d["id"] == "renewal")
    assert (renewal_data["state"], renewal_data["started_on"]) == ("open", "2027-01-10")


VERSAILLES = (
    "Compagnie des Experts de Justice près la Cour d'appel de Versailles et des tribunaux de "
    "son ressort"
)
FUNCTION_WORDS = {"de", "des", "du", "d'", "et", "la", "le", "les", "à", "au", "aux", "pour"}


def other_compagnie(name: str) -> dict[str, object]:
    return example_answers() | {
        "profile.compagnie": "other",
        "profile.compagnie_name": name,
        "profile.court_of_appeal": "Versailles",
        "profile.president_civility": "Mme",
        "profile.president_name": "Anne LEFÈVRE",
        "profile.compagnie_address": "5 place André Mignot\n78000 Versailles",
    }


def label_text(out: Path) -> str:
    import pdfplumber

    with pdfplumber.open(out / "etiquette-retour.pdf") as pdf:
        return " ".join(" ".join((p.extract_text() or "").split()) for p in pdf.pages)


def test_a_long_compagnie_name_is_cut_where_it_reads_well(cli: Runner, tmp_path: Path) -> None:
    answers = write_answers(tmp_path / "a.json", other_compagnie(VERSAILLES))
    result = cli("start", "--answers", str(answers))
    assert result.code == 0, result.err
    assert "profile.compagnie_short_name" not in result.err  # a good default: no warning
    done = cli("print-dossier", "--no-input", "-o", str(tmp_path / "out"))
    assert done.code == 0, done.err
    labels = label_text(tmp_path / "out")
    assert "CEJ CA Versailles" in labels
    assert "tribunaux" not in labels


def test_no_good_short_name_is_reported_by_its_key(cli: Runner, tmp_path: Path) -> None:
    # A real national compagnie (its name as given in La Jaune et la Rouge, n° 610, December
    # 2005): no town nor court to keep in a short name.
    name = "Compagnie nationale des ingénieurs diplômés experts près les cours d’appel"
    answers = write_answers(tmp_path / "a.json", other_compagnie(name))
    result = cli("start", "--answers", str(answers))
    assert result.code == 0, result.err
    assert "« profile.compagnie_short_name »" in result.err
    shown = result.err.split("« profile.compagnie_short_name »")[0]
    proposed = shown.rsplit("«", 1)[1].split("»")[0].strip()
    assert 0 < len(proposed) <= 38
    assert proposed.split()[-1].lower() not in FUNCTION_WORDS
