"""NF Z10-011 address formatting: line limits, abbreviations, wrapping, refusals."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opalexe_cert.domain.address import (
    ABBREVIATIONS,
    MAX_LINE_LENGTH,
    MAX_LINES,
    AddressError,
    abbreviation_of,
    format_address,
    postal_line,
    town_of,
)


def test_acso_president_address_is_wrapped_at_word_boundaries() -> None:
    lines = format_address(
        ["Monsieur Marc GAUTHIER", "Président de la Compagnie des Experts de Justice ACSO"],
        ["8 place des Quinconces", "33000 Bordeaux"],
    )
    assert lines == [
        "Monsieur Marc GAUTHIER",
        "Président de la Compagnie des Experts",
        "de Justice ACSO",
        "8 place des Quinconces",
        "33000 BORDEAUX",
    ]


def test_long_street_is_abbreviated_only_as_much_as_needed() -> None:
    lines = format_address(
        ["M. Jean DUPONT"], ["12 avenue du Maréchal de Lattre de Tassigny", "33000 Bordeaux"]
    )
    assert lines[1] == "12 av du Mal de Lattre de Tassigny"
    short = format_address(["M. Jean DUPONT"], ["12 avenue Thiers", "33100 Bordeaux"])
    assert short[1] == "12 avenue Thiers"


def test_abbreviation_keeps_the_word_case() -> None:
    assert abbreviation_of("BOULEVARD") == "BD"
    assert abbreviation_of("Boulevard") == "Bd"
    assert abbreviation_of("boulevard") == "bd"
    assert abbreviation_of("Général") == "Gal"
    assert abbreviation_of("Bordeaux") is None


def test_line_too_long_even_abbreviated_is_wrapped() -> None:
    street = "Résidence des Grands Chênes Centenaires du Parc Bordelais"
    lines = format_address(["Mme Anne MARTIN"], [street, "33000 Bordeaux"])
    assert all(len(line) <= MAX_LINE_LENGTH for line in lines)
    assert " ".join(lines[1:-1]).replace("Res ", "Résidence ") == street


def test_postal_line_is_in_capitals_without_accents() -> None:
    assert postal_line("42 000  Saint-Étienne") == "42000 SAINT-ETIENNE"
    assert postal_line("75010 Paris cedex 10") == "75010 PARIS CEDEX 10"


@pytest.mark.parametrize("last", ["Bordeaux", "3300 BORDEAUX", "BORDEAUX 33000", ""])
def test_last_line_must_be_postal_code_and_town(last: str) -> None:
    # An empty last line is skipped: the street then stands last, and is refused as such.
    with pytest.raises(AddressError, match="code postal"):
        format_address(["M. Jean DUPONT"], ["1 rue Sainte-Catherine", last])


def test_a_word_longer_than_a_line_is_refused_not_cut() -> None:
    with pytest.raises(AddressError, match="dépasse 38 caractères"):
        format_address(["M. Jean DUPONT"], ["1 " + "A" * 39, "33000 BORDEAUX"])


def test_more_than_six_lines_is_refused() -> None:
    with pytest.raises(AddressError, match="au plus 6 lignes"):
        format_address(
            ["Monsieur Jean DUPONT"], [f"Ligne {i}" for i in range(6)] + ["33000 BORDEAUX"]
        )


def test_empty_address_is_refused() -> None:
    with pytest.raises(AddressError, match="vide"):
        format_address(["M. Jean DUPONT"], ["", "  "])


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
    assert town_of(["1 rue X", last]) == town


WORD = st.one_of(
    st.text(alphabet="abcdeéèçôœABCDÉÈŒ'-", min_size=1, max_size=16),
    st.sampled_from(sorted(ABBREVIATIONS)).map(str.capitalize),
    st.sampled_from(sorted(ABBREVIATIONS)),
)
LINE = st.lists(WORD, min_size=1, max_size=7).map(" ".join)


@given(
    names=st.lists(LINE, max_size=2),
    street=st.lists(LINE, min_size=0, max_size=3),
    code=st.from_regex(r"\A[0-9]{5}\Z"),
    town=st.lists(st.text(alphabet="ABCDEÉ-", min_size=1, max_size=10), min_size=1, max_size=3),
)
def test_no_line_exceeds_38_and_no_word_is_lost(
    names: list[str], street: list[str], code: str, town: list[str]
) -> None:
    last = f"{code} {' '.join(town)}"
    try:
        lines = format_address(names, [*street, last])
    except AddressError:
        return
    assert 1 <= len(lines) <= MAX_LINES
    assert all(len(line) <= MAX_LINE_LENGTH for line in lines)
    assert lines[-1] == postal_line(last)
    name_words = " ".join(names).split()
    street_words = " ".join(street).split()
    out_words = " ".join(lines[:-1]).split()
    assert len(out_words) == len(name_words) + len(street_words)
    assert out_words[: len(name_words)] == name_words
    for given_word, printed in zip(street_words, out_words[len(name_words) :], strict=True):
        assert printed in (given_word, abbreviation_of(given_word))


@given(street=LINE.filter(lambda line: len(line) <= MAX_LINE_LENGTH))
def test_a_line_that_fits_is_printed_unchanged(street: str) -> None:
    lines = format_address(["M. Jean DUPONT"], [street, "33000 BORDEAUX"])
    assert lines == ["M. Jean DUPONT", street, "33000 BORDEAUX"]
