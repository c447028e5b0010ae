"""NF Z10-011 address lines."""

from __future__ import annotations

import pytest

from opalexe_cert.domain.postal import PostalAddress


@pytest.mark.parametrize(
    ("parts", "lines"),
    [
        pytest.param(
            {
                "complement": "Résidence les Acacias",
                "number": "12",
                "repetition": "B",
                "street_type": "RUE",
                "street_name": "des Lilas",
                "postal_code": "33000",
                "town": "Bordeaux",
            },
            ("RESIDENCE LES ACACIAS", "12 BIS RUE DES LILAS", "33000 BORDEAUX"),
            id="repetition-and-capitals",
        ),
        pytest.param(
            {
                "number": "8",
                "street_type": "AV",
                "street_name": "THIERS",
                "postal_code": "33100",
                "town": "BORDEAUX",
            },
            ("8 AVENUE THIERS", "33100 BORDEAUX"),
            id="insee-street-type-code",
        ),
        pytest.param(
            {
                "street_name": "ZONE ARTISANALE",
                "special_distribution": "BP 45",
                "postal_code": "33700",
                "town": "MERIGNAC",
                "cedex_code": "33701",
                "cedex_label": "MERIGNAC CEDEX",
            },
            ("ZONE ARTISANALE", "BP 45", "33701 MERIGNAC CEDEX"),
            id="special-distribution-and-cedex",
        ),
        pytest.param(
            {
                "number": "10",
                "street_type": "RUE",
                "street_name": "DU RHONE",
                "foreign_town": "1204 GENEVE",
                "foreign_country": "SUISSE",
            },
            None,
            id="abroad-typed-by-the-expert",
        ),
        pytest.param(
            {
                "number": "145",
                "street_type": "BD",
                "street_name": "DU MARECHAL DE LATTRE DE TASSIGNY",
                "postal_code": "33000",
                "town": "BORDEAUX",
            },
            ("145 BOULEVARD DU MARECHAL DE LATTRE DE TASSIGNY", "33000 BORDEAUX"),
            id="kept-whole-abbreviated-only-on-the-envelope",
        ),
        pytest.param(
            {
                "number": "3",
                "street_type": "BD",
                "street_name": "DU PALAIS",
                "postal_code": "33000",
                "town": "BORDEAUX",
            },
            ("3 BOULEVARD DU PALAIS", "33000 BORDEAUX"),
            id="short-line-keeps-the-full-word",
        ),
        pytest.param(
            {"street_name": "X", "postal_code": "3300", "town": "BORDEAUX"},
            None,
            id="not-a-postal-code",
        ),
        pytest.param(
            {"number": "1", "street_type": "RUE", "street_name": "X", "postal_code": "33000"},
            None,
            id="no-town-no-address",
        ),
    ],
)
def test_lines(parts: dict[str, str], lines: tuple[str, ...] | None) -> None:
    address = PostalAddress(**parts).address()
    assert (address.lines if address else None) == lines
    for line in address.envelope() if address else ():
        assert len(line) <= 38


def test_the_envelope_abbreviates_what_the_look_up_keeps_whole() -> None:
    parts = {"number": "145", "street_type": "BD", "postal_code": "33000", "town": "BORDEAUX",
             "street_name": "DU MARECHAL DE LATTRE DE TASSIGNY"}  # fmt: skip
    address = PostalAddress(**parts).address()
    assert address is not None
    assert address.envelope() == ("145 BD DU MAL DE LATTRE DE TASSIGNY", "33000 BORDEAUX")
