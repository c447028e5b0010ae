"""Names and addresses as printed: an article that belongs to the surname keeps its capital
(asked when the typing does not tell), and NF Z10-011 constrains only an envelope's lines 4
to 6 (street, locality or post box, postcode and town); lines 2 and 3 keep what was typed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from opalexe_cert.domain.address import Address, geographic_start
from opalexe_cert.domain.names import article_question, full_name, surname

from conftest import Runner, example_answers


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        ("de La Rochefoucauld", "de La ROCHEFOUCAULD"),
        ("de La Tour d'Auvergne", "de La TOUR d’AUVERGNE"),
        ("de LA ROCHEFOUCAULD", "de La ROCHEFOUCAULD"),
        ("de la Tour", "de la TOUR"),
        ("de la TOUR", "de la TOUR"),
        ("de L'Estang", "de L’ESTANG"),
        ("de l'Estang", "de l’ESTANG"),
    ],
)
def test_the_article_keeps_the_case_typed(typed: str, printed: str) -> None:
    assert surname(typed) == printed
    assert surname(printed) == printed  # stable once recorded
    assert article_question(typed) is None
    assert article_question(printed) is None


@pytest.mark.parametrize("typed", ["DE LA TOUR", "de la tour", "De La Tour", "DE L'ESTANG"])
def test_when_the_typing_does_not_tell_the_expert_is_asked(typed: str) -> None:
    question = article_question(typed)
    assert question is not None
    assert "« de La " in question or "« de L’" in question
    assert "« de la " in question or "« de l’" in question


def test_a_presidents_full_name_keeps_the_article() -> None:
    assert full_name("Marie-Amélie de La Rochefoucauld") == "Marie-Amélie de La ROCHEFOUCAULD"


def _run(cli: Runner, tmp_path: Path, **changes: str) -> Any:
    answers = example_answers() | {"siren.confirm": False, "siren.civility": "M."} | changes
    path = tmp_path / "a.json"
    path.write_text(json.dumps(answers, ensure_ascii=False), encoding="utf-8")
    return cli("start", "--answers", str(path))


def test_the_answers_file_asks_rather_than_lowering(
    cli: Runner, tmp_path: Path, state_file: Path
) -> None:
    result = _run(cli, tmp_path, **{"siren.surname": "DE LA TOUR D'AUVERGNE"})
    assert result.code == 2, result.text
    err = result.err
    assert "« siren.surname »" in err and "« de La TOUR d'AUVERGNE »" in err, err
    result = _run(cli, tmp_path, **{"siren.surname": "de La Tour d'Auvergne"})
    assert result.code == 0, result.text
    recorded = json.loads(state_file.read_text("utf-8"))["cycle"]["answers"]
    assert recorded["siren.surname"] == "de La TOUR d’AUVERGNE"


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        (
            ("Bâtiment C, escalier 4", "12 rue des Lilas", "33000 Bordeaux"),
            ("Bâtiment C, escalier 4", "12 RUE DES LILAS", "33000 BORDEAUX"),
        ),
        (
            ("Maison de l'Avocat", "1 rue de Cursol", "33000 Bordeaux"),
            ("Maison de l'Avocat", "1 RUE DE CURSOL", "33000 BORDEAUX"),
        ),
        (  # a street, then a post box: both in capitals
            ("Palais de justice", "1 place de la République", "BP 123", "69003 Lyon"),
            ("Palais de justice", "1 PLACE DE LA REPUBLIQUE", "BP 123", "69003 LYON"),
        ),
        (  # no recognisable street: the line before the postcode is taken for it
            ("Le Bourg", "24560 Issigeac"),
            ("LE BOURG", "24560 ISSIGEAC"),
        ),
        (  # a floor is not a street
            ("Apt 12, 3e étage", "rue de l'Église", "33000 Bordeaux"),
            ("Apt 12, 3e étage", "RUE DE L EGLISE", "33000 BORDEAUX"),
        ),
    ],
)
def test_only_lines_4_to_6_are_in_capitals(
    typed: tuple[str, ...], printed: tuple[str, ...]
) -> None:
    assert Address.parse(typed).envelope() == printed
    first = geographic_start(printed)
    assert all(line == line.upper() for line in printed[first:])


def test_sirenes_capitals_do_not_decide_the_article(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from test_wizard_steps import CLEAR, ENTER, at, found, walk

    from opalexe_cert.domain.identity import LegalUnit

    unit = LegalUnit(
        siren="123456782",
        legal_category="1000",
        active=True,
        civility="M.",
        birth_name="DE LA TOUR D'AUVERGNE",
        given_names="Jean",
        address=("1 PLACE DE LA BOURSE", "33000 BORDEAUX"),
    )
    path = at(tmp_path, "siren.siren")
    typed = "123456782" + ENTER + ENTER  # the identity found: confirmed
    typed += ENTER  # SIRENE's spelling proposed: the article is asked about
    typed += CLEAR + "de La Tour d'Auvergne" + ENTER
    state, _ = walk(path, "siren", typed, lookup=found(unit))
    assert state.holder.surname == "de La TOUR d’AUVERGNE"
    assert "l’article fait-il partie du nom" in capsys.readouterr().out.replace("'", "’")
