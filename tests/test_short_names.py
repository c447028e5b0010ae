"""The envelope short name of another compagnie keeps a proper noun (its court's town, or the
court), or the expert is warned and asked for one.

The names are real. Sources: « Union des compagnies d’experts près la cour d’appel
d’Aix-en-Provence », « … de Paris », « Compagnie nationale des ingénieurs diplômés experts
près les cours d’appel » and « Compagnie des experts agréés par la Cour de cassation »: La
Jaune et la Rouge, n° 610 (December 2005), « La représentation des experts judiciaires »;
« Compagnie des experts judiciaires près la cour d'appel de Douai et les tribunaux de son
ressort » and « Compagnie d'experts judiciaires du ressort de la cour d'appel de Douai »:
compagniedesexperts-douai.org, « Historique »; « Compagnie des Experts près la Cour d’appel
et le tribunal administratif d’Orléans »: experts-justice-orleans.org; « Compagnie des
Experts près la Cour d’Appel de Paris »: ceacap.org. « Compagnie des experts de justice près
la cour d’appel de Versailles » and « Compagnie nationale des experts-comptables de justice »
are as the brief names them.
"""

from __future__ import annotations

import pytest

from opalexe_cert.domain.compagnie import SHORT_NAME_MAX, propose_short_name

NAMED = {
    "Compagnie des experts de justice près la cour d’appel de Versailles": "CEJ CA Versailles",
    "Union des compagnies d’experts près la cour d’appel d’Aix-en-Provence": (
        "Union des Cies CA Aix-en-Provence"
    ),
    "Union des compagnies d’experts près la cour d’appel de Paris": (
        "Union des Cies d’experts CA Paris"
    ),
    "Compagnie des experts judiciaires près la cour d'appel de Douai et les tribunaux de son "
    "ressort": "CEJ CA Douai",
    "Compagnie d'experts judiciaires du ressort de la cour d'appel de Douai": (
        "Cie d'exp. judiciaires CA Douai"
    ),
    "Compagnie des Experts près la Cour d’appel et le tribunal administratif d’Orléans": (
        "Cie des exp. d’Orléans"
    ),
    "Compagnie des experts agréés par la Cour de cassation": (
        "Cie des exp. de la Cour de cassation"
    ),
    "Compagnie des Experts près la Cour d’Appel de Paris": "Compagnie des Experts CA Paris",
}
UNNAMED = [
    "Compagnie nationale des experts-comptables de justice",
    "Compagnie Nationale des Experts-Comptables de Justice",
    "Compagnie nationale des ingénieurs diplômés experts près les cours d’appel",
]


@pytest.mark.parametrize("name", sorted(NAMED))
def test_the_short_name_keeps_the_town_or_the_court(name: str) -> None:
    proposal = propose_short_name("other", name)
    assert proposal == (NAMED[name], True)
    assert len(proposal.text) <= SHORT_NAME_MAX


@pytest.mark.parametrize("name", UNNAMED)
def test_without_a_place_to_keep_the_expert_is_asked(name: str) -> None:
    proposal = propose_short_name("other", name)
    assert not proposal.natural  # the wizard asks, an answers file is warned
    assert len(proposal.text) <= SHORT_NAME_MAX
