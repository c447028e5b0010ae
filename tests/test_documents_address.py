"""The one ``Address`` value (NF Z10-011): parse once at input, print the same way everywhere."""

from __future__ import annotations

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opalexe_cert.domain.address import (
    ABBREVIATIONS,
    HOLDER_NAME_LINES,
    MAX_LINE_LENGTH,
    MAX_LINES,
    PRESIDENT_NAME_LINES,
    Address,
    AddressError,
    abbreviation_of,
    check_full_name,
    check_surname,
    name_line,
    split_full_name,
)


def envelope(*lines: str, name_lines: int = 1) -> tuple[str, ...]:
    return Address.parse(list(lines), name_lines=name_lines).envelope()


def test_long_street_is_abbreviated_in_capitals_only_as_much_as_needed() -> None:
    lines = envelope("12 avenue du Maréchal de Lattre de Tassigny", "33000 Bordeaux")
    assert lines[0] == "12 AV DU MAL DE LATTRE DE TASSIGNY"
    assert envelope("12 avenue Thiers", "33100 Bordeaux")[0] == "12 AVENUE THIERS"


def test_abbreviations_are_in_capitals() -> None:
    # "av du Mal" reads as "mal": the norm's abbreviations are written in capitals.
    assert abbreviation_of("Boulevard") == "BD"
    assert abbreviation_of("maréchal") == "MAL"
    assert abbreviation_of("Bordeaux") is None
    four = envelope(
        "Résidence des Grands Chênes Centenaires",
        "Bâtiment C escalier 4",
        "12 avenue Thiers",
        "33000 Bordeaux",
        name_lines=1,
    )
    assert four[0] == "RES des Grands Chênes Centenaires"


def test_street_and_town_in_capitals_without_punctuation() -> None:
    lines = envelope(
        "Résidence « Les Œillets »",
        "Bât. C, esc. 2",
        "3, rue de l'Église",
        "33 000 Saint-Médard-en-Jalles",
    )
    assert lines == (
        "Résidence « Les Œillets »",
        "Bât. C, esc. 2",
        "3 RUE DE L EGLISE",
        "33000 SAINT-MEDARD-EN-JALLES",
    )


def test_a_spaced_postal_code_is_one_rule_at_input_and_print() -> None:
    address = Address.parse("1 rue X\n33 000 Bordeaux")
    assert address.lines[-1] == "33000 BORDEAUX"
    assert address.envelope()[-1] == "33000 BORDEAUX"


@pytest.mark.parametrize("last", ["Bordeaux", "3300 BORDEAUX", "BORDEAUX 33000", "٣٣٠٠٠ BORDEAUX"])
def test_last_line_must_be_postal_code_and_town(last: str) -> None:
    with pytest.raises(AddressError, match="code postal"):
        Address.parse(["1 rue Sainte-Catherine", last])


def test_a_line_too_long_after_abbreviation_is_refused_naming_it() -> None:
    street = "Résidence des Grands Chênes Centenaires du Parc Bordelais"
    with pytest.raises(AddressError, match="la ligne « Résidence des Grands Chênes"):
        Address.parse([street, "33000 Bordeaux"])


def test_lines_count_with_the_name_lines_printed_above() -> None:
    five = [f"Ligne {i}" for i in range(4)] + ["33000 BORDEAUX"]
    assert len(Address.parse(five, name_lines=HOLDER_NAME_LINES).lines) == 5
    with pytest.raises(AddressError, match="en 4 lignes au plus"):
        Address.parse(five, name_lines=PRESIDENT_NAME_LINES)
    with pytest.raises(AddressError, match="au plus 6"):
        Address.parse(["x"] * 6 + ["33000 BORDEAUX"], name_lines=0)


def test_a_100000_word_address_is_refused_in_under_a_second() -> None:
    huge = " ".join(["avenue"] * 100_000) + "\n33000 BORDEAUX"
    started = time.process_time()  # this process's CPU: other runs on the machine do not count
    with pytest.raises(AddressError, match="raccourcissez"):
        Address.parse(huge, name_lines=1)
    assert time.process_time() - started < 1.0


@pytest.mark.parametrize(
    ("last", "town"),
    [
        ("33000 BORDEAUX", "Bordeaux"),
        ("42000 SAINT-ÉTIENNE", "Saint-Étienne"),
        ("62200 BOULOGNE-SUR-MER", "Boulogne-sur-Mer"),
        ("76600 LE HAVRE", "Le Havre"),
        ("95290 L'ISLE-ADAM", "L'Isle-Adam"),
        ("75741 PARIS CEDEX 15", "Paris"),
        ("13100 Aix-en-Provence", "Aix-en-Provence"),
    ],
)
def test_town_of_the_last_line(last: str, town: str) -> None:
    assert Address(("1 rue X", last)).town == town


@pytest.mark.parametrize(
    ("civility", "given_names", "surname", "line"),
    [
        ("M.", "Marc", "GAUTHIER", "M. Marc GAUTHIER"),
        ("Mme", "Éloïse Françoise", "d'Aubigné-Lœwenbruck", "Mme Éloïse d’AUBIGNÉ-LŒWENBRUCK"),
        ("M.", "Antoine", "de saint-exupéry", "M. Antoine de SAINT-EXUPÉRY"),
        (
            "Mme",
            "Marie-Amélie",
            "de La Rochefoucauld-Doudeau",
            "Mme M.-A. de La ROCHEFOUCAULD-DOUDEAU",
        ),
        ("M.", "Jean", "X" * 34, "M. " + "X" * 34),
    ],
)
def test_the_recipient_name_is_one_line(
    civility: str, given_names: str, surname: str, line: str
) -> None:
    assert name_line(civility, given_names, surname) == line
    assert len(line) <= MAX_LINE_LENGTH


def test_a_surname_no_envelope_can_hold_is_refused_at_input() -> None:
    check_surname("X" * 34)
    with pytest.raises(AddressError, match="34 caractères au plus"):
        check_surname("X" * 35)
    with pytest.raises(AddressError, match="prénom puis le nom"):
        check_full_name("GAUTHIER")


def test_full_names_are_split_at_the_surname_in_capitals() -> None:
    assert split_full_name("Marc GAUTHIER") == ("Marc", "GAUTHIER")
    assert split_full_name("Anne de la TOUR") == ("Anne", "de la TOUR")
    assert split_full_name("Jean-Pierre Paul MARTIN") == ("Jean-Pierre Paul", "MARTIN")
    assert split_full_name("jean dupont") == ("jean", "dupont")


WORD = st.one_of(
    st.text(alphabet="abcdeéèçôœABCDÉÈŒ'-,.", min_size=1, max_size=16),
    st.sampled_from(sorted(ABBREVIATIONS)).map(str.capitalize),
    st.sampled_from(sorted(ABBREVIATIONS)),
)
LINE = st.lists(WORD, min_size=1, max_size=8).map(" ".join)


@given(
    street=st.lists(LINE, min_size=1, max_size=5),
    code=st.from_regex(r"\A[0-9]{5}\Z"),
    town=st.lists(st.text(alphabet="ABCDEÉ-", min_size=1, max_size=10), min_size=1, max_size=3),
    name_lines=st.integers(0, 2),
)
def test_what_parse_accepts_prints_within_the_norm(
    street: list[str], code: str, town: list[str], name_lines: int
) -> None:
    try:
        address = Address.parse([*street, f"{code} {' '.join(town)}"], name_lines=name_lines)
    except AddressError:
        return
    lines = address.envelope()
    assert len(lines) + name_lines <= MAX_LINES
    assert all(len(line) <= MAX_LINE_LENGTH for line in lines)
    assert lines[-1].startswith(code + " ")
    assert Address.parse(address.text, name_lines=name_lines) == address  # stable round trip
