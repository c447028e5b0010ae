"""Bad answers through ``start --answers``: a clear French refusal naming the key, exit 2,
nothing recorded."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from opalexe_cert.domain.fields import unsafe_character

from conftest import Runner, example_answers, write_answers

# key -> (raw value, what the message says)
BAD: dict[str, tuple[str, Any, str]] = {
    "name-newline": (
        "siren.surname",
        "DUPONT\nSIREN : 999 999 999 — VÉRIFIÉ DANS LA BASE SIRENE",
        "U+000A",
    ),
    "name-nul": ("siren.given_names", "Éloïse\x00", "U+0000"),
    "name-esc": ("siren.surname", "DUPONT\x1b]0;pwned\x07", "U+001B"),
    "name-rlo": ("siren.surname", "DUPONT\u202eTNOPUD", "U+202E"),
    "name-rli": ("siren.given_names", "Marie\u2067x", "U+2067"),
    "address-esc": ("siren.address", "12 rue des Lilas\x1b[31m\n33000 Bordeaux", "U+001B"),
    "email-nul": ("profile.email", "a\x00@b.fr", "U+0000"),
    "email-esc": ("profile.email", "a@b.fr\x1b[2J", "U+001B"),
    "email-no-dot": ("profile.email", "a@localhost", "adresse électronique"),
    "postal-arabic": ("siren.address", "12 rue des Lilas\n٣٣٠٠٠ Bordeaux", "code postal"),
    "amount-400": ("payment.amount", "9" * 400, "montant"),
    "amount-float": ("payment.amount", 1e300, "montant"),
    "amount-zero": ("payment.amount", 0, "montant"),
    "amount-too-big": ("payment.amount", 10_000.01, "montant"),
    "amount-mills": ("payment.amount", "109,505", "montant"),
    "date-9999": ("account.date", "31/12/9999", "plausible"),
    "date-year-1": ("president_mail.id_expiry", "0001-01-01", "plausible"),
}


def run(cli: Runner, tmp_path: Path, answers: dict[str, Any] | str) -> Any:
    path = tmp_path / "a.json"
    text = answers if isinstance(answers, str) else json.dumps(answers, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    return cli("start", "--answers", str(path))


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_answer_is_refused_in_french(
    cli: Runner, tmp_path: Path, state_file: Path, case: str
) -> None:
    key, value, said = BAD[case]
    answers = example_answers() | {"siren.confirm": False, "siren.civility": "Mme", key: value}
    result = run(cli, tmp_path, answers)
    assert result.code == 2, result.text
    assert f"« {key} »" in result.err and said in result.err, result.err
    assert "inattendue" not in result.text and "Traceback" not in result.text
    assert "\x1b" not in result.err and "\u202e" not in result.err
    if state_file.exists():
        recorded = json.loads(state_file.read_text("utf-8"))["cycle"]["answers"]
        assert key not in recorded or recorded[key] != value


def test_a_5000_digit_number_in_the_file_is_refused(cli: Runner, tmp_path: Path) -> None:
    result = run(cli, tmp_path, '{"payment.amount": ' + "9" * 5000 + "}")
    assert result.code == 2 and "démesuré" in result.err, result.text


def test_good_amounts_and_addresses_still_pass(
    cli: Runner, tmp_path: Path, state_file: Path
) -> None:
    answers = example_answers() | {"payment.amount": "109,50 €", "profile.email": "É@x.fr"}
    result = run(cli, tmp_path, answers)
    assert result.code == 0, result.text
    recorded = json.loads(state_file.read_text("utf-8"))["cycle"]["answers"]
    assert recorded["payment.amount"] == 109.5


def test_unsafe_character_names_the_code_point() -> None:
    assert unsafe_character("a\u2066b") == "U+2066"
    assert unsafe_character("12 rue\n33000 X", multiline=True) is None
    assert unsafe_character("Jean-François d’Aubigné") is None


def test_the_presidentes_name_is_asked_for_as_hers(cli: Runner, tmp_path: Path) -> None:
    answers = {
        "profile.compagnie": "other",
        "profile.compagnie_name": "Compagnie des experts de justice près la cour d'appel de Lyon",
        "profile.court_of_appeal": "Lyon",
        "profile.president_civility": "Mme",
    }
    result = cli("start", "--answers", str(write_answers(tmp_path / "a.json", answers)))
    assert result.code == 2
    said = result.err.replace("’", "'")
    assert "profile.president_name" in said and "Prénom et nom de la Présidente" in said
    assert "Président ou de la Présidente" not in said
