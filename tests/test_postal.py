"""NF Z10-011 address lines."""

from __future__ import annotations

import pytest

from opalexe_cert.postal import MAX_LINE, PostalAddress, normalise_line


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
            ("10 RUE DU RHONE", "1204 GENEVE", "SUISSE"),
            id="foreign-address-ends-with-the-country",
        ),
        pytest.param(
            {"number": "1", "street_type": "RUE", "street_name": "X", "postal_code": "33000"},
            None,
            id="no-town-no-address",
        ),
    ],
)
def test_lines(parts: dict[str, str], lines: tuple[str, ...] | None) -> None:
    assert PostalAddress(**parts).lines() == lines


@pytest.mark.parametrize(
    ("number", "street_name", "street_line"),
    [
        ("3", "DU PALAIS", "3 BOULEVARD DU PALAIS"),
        # 145 BOULEVARD DU MARECHAL… is longer than 38: the norm's abbreviation is used
        ("145", "DU MARECHAL DE LATTRE DE TASSIGNY", "145 BD DU MARECHAL DE LATTRE DE TASSIGNY"),
    ],
)
def test_the_street_type_is_abbreviated_only_when_too_long(
    number: str, street_name: str, street_line: str
) -> None:
    address = PostalAddress(number=number, street_type="BD", street_name=street_name)
    full = f"{number} BOULEVARD {street_name}"
    assert address.street_line() == street_line
    assert (street_line == full) == (len(full) <= MAX_LINE)


def test_normalise_line() -> None:
    assert normalise_line("  Saint-Émilion  cœur ") == "SAINT-EMILION COEUR"
