"""French typography and name spelling: the two pure helpers every text goes through."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opalexe_cert.domain.names import given_names, split_particle, surname
from opalexe_cert.domain.typography import NBSP, NNBSP, french, plain


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Objet: demande", f"Objet{NBSP}: demande"),
        ("Objet : l'attestation", f"Objet{NBSP}: l’attestation"),
        ("«Suivant»", f"«{NBSP}Suivant{NBSP}»"),
        ("Êtes-vous connectée ?", f"Êtes-vous connectée{NNBSP}?"),
        ("Attention ; vite !", f"Attention{NNBSP}; vite{NNBSP}!"),
        ("enveloppe n° 1", f"enveloppe n°{NBSP}1"),
        ("3 à 6 semaines", f"3{NBSP}à{NBSP}6{NBSP}semaines"),
        ("15 €", f"15{NBSP}€"),
        ("attendez...", "attendez…"),
        ("https://support.certeurope.fr/ à 12:30", "https://support.certeurope.fr/ à 12:30"),
        ("--state=C:/x", "--state=C:/x"),
    ],
)
def test_french_typography(raw: str, expected: str) -> None:
    assert french(raw) == expected


@pytest.mark.parametrize("text", ["0:!", "x!:", ":!:!", "a:!:?", "0:::"])
def test_french_is_idempotent_where_one_space_makes_room_for_another(text: str) -> None:
    """Found by the property below: the space before « ! » makes the colon before it end a
    word, which the colon rule must see too."""
    once = french(text)
    assert french(once) == once


@given(st.text())
def test_french_is_idempotent_and_plain_undoes_spaces(text: str) -> None:
    once = french(text)
    assert french(once) == once
    assert NBSP not in plain(once) and NNBSP not in plain(once)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("jean-françois  marie", "Jean-François Marie"),
        ("ÉLOÏSE françoise", "Éloïse Françoise"),
        ("marie - claire", "Marie-Claire"),
    ],
)
def test_given_names(raw: str, expected: str) -> None:
    assert given_names(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected", "particle"),
    [
        ("de saint-exupéry", "de SAINT-EXUPÉRY", "de"),
        ("d'aubigné-lœwenbruck", "d’AUBIGNÉ-LŒWENBRUCK", "d’"),
        ("DE LA FONTAINE", "de la FONTAINE", "de la"),
        ("Du Pont", "du PONT", "du"),
        ("martin", "MARTIN", ""),
        ("Desbois", "DESBOIS", ""),
        ("de", "DE", ""),
        ("d'aubigné-lœwenbruck de saint-éloi", "d’AUBIGNÉ-LŒWENBRUCK de SAINT-ÉLOI", "d’"),
        ("giscard d'estaing", "GISCARD d’ESTAING", ""),
        ("martin du gard", "MARTIN du GARD", ""),
        ("de l'estang", "de l’ESTANG", "de l’"),
        ("Le Gall", "LE GALL", ""),
        ("l'hermite", "L’HERMITE", ""),
    ],
)
def test_surname(raw: str, expected: str, particle: str) -> None:
    assert surname(raw) == expected
    assert surname(expected) == expected
    assert split_particle(expected)[0] == particle
