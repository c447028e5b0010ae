"""Real answers of the API Recherche d'entreprises (sources in
``fixtures/sirene/recherche/SOURCES.md``), served by the local server: what the client makes of
them, what the guide's SIREN rule says, and the identity the wizard shows for a real
entrepreneur individuel."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_start_sirene import run, until_siren

from opalexe_cert.adapters.sirene import RechercheEntreprisesClient
from opalexe_cert.domain.identity import LegalUnit, sirene_values
from opalexe_cert.domain.postal import PostalAddress

from conftest import Runner
from sirene_server import (
    FIXTURES,
    REAL_ASSOCIATION,
    REAL_PERSON_CEASED,
    REAL_PERSON_MASKED,
    REAL_SA,
    REAL_SAS,
    SireneServer,
)
from wizard_support import output

REAL = (REAL_SA, REAL_SAS, REAL_ASSOCIATION, REAL_PERSON_CEASED, REAL_PERSON_MASKED)


@pytest.fixture
def client(sirene_server: SireneServer) -> Iterator[RechercheEntreprisesClient]:
    made = RechercheEntreprisesClient(
        sirene_server.recherche_url, timeout=30.0, connect_timeout=30.0, backoff=0.01
    )
    yield made
    made.close()


def test_every_real_answer_has_its_source_noted() -> None:
    sources = (FIXTURES / "recherche" / "SOURCES.md").read_text(encoding="utf-8")
    for siren in REAL:
        body = json.loads((FIXTURES / "recherche" / f"{siren}.json").read_text(encoding="utf-8"))
        assert [r["siren"] for r in body["results"]] == [siren]
        assert f"`{siren}.json`" in sources


@pytest.mark.parametrize(
    ("siren", "category", "label", "name", "address"),
    [
        (
            REAL_SA,
            "5599",
            "SA à conseil d'administration (s.a.i.)",
            "DANONE",
            ("59-61 RUE LA FAYETTE", "75009 PARIS"),  # a range of numbers, kept whole
        ),
        (
            REAL_SAS,
            "5710",
            "SAS, société par actions simplifiée",
            "NATURALIA FRANCE",
            ("14 A 16", "14 RUE MARC BLOCH", "92110 CLICHY"),  # its complement as SIRENE has it
        ),
        (
            REAL_ASSOCIATION,
            "9220",
            "Association déclarée",
            "LES RESTAURANTS DU COEUR",
            ("10 SQUARE DUMONT D'URVILLE", "49000 ANGERS"),
        ),
    ],
)
def test_real_legal_persons_are_mapped_without_a_personal_name(
    client: RechercheEntreprisesClient,
    siren: str,
    category: str,
    label: str,
    name: str,
    address: tuple[str, ...],
) -> None:
    unit = client.lookup(siren)
    assert (unit.legal_category, unit.legal_category_label) == (category, label)
    assert (unit.denomination, unit.address.lines) == (name, address)
    assert unit.active and unit.diffusible and not unit.is_natural_person
    # no officer of the company is taken for the holder
    assert (unit.civility, unit.birth_name, unit.usage_name, unit.given_names) == (None,) * 4


def test_a_real_entrepreneur_individuel_maps_to_the_identity_shown(
    client: RechercheEntreprisesClient, capsys: pytest.CaptureFixture[str]
) -> None:
    unit = client.lookup(REAL_PERSON_CEASED)
    assert unit == _sole_trader(
        REAL_PERSON_CEASED,
        active=False,  # ceased in 2020
        diffusible=True,
        birth_name="DUBIGNY",
        given_names="Raphael",
        denomination="RAPHAEL DUBIGNY",
        address=("RED NEEDLES", "17 RUE DE FRANCEVILLE", "93220 GAGNY"),
    )
    from opalexe_cert.cli.wizard import screens

    screens.identity_table(output(), sirene_values(unit), unit.siren)
    shown = capsys.readouterr().out
    rows = {line.split("│")[1].strip(): line.split("│")[2].strip() for line in _rows(shown)}
    assert rows["SIREN"] == REAL_PERSON_CEASED
    assert rows["Nom"] == "DUBIGNY" and rows["Prénoms"] == "Raphael"
    assert rows["Civilité"] == "(non communiquée)"  # the service does not publish the sex
    assert rows["Adresse"].startswith("RED NEEDLES")
    assert "17 RUE DE FRANCEVILLE" in shown and "93220 GAGNY" in shown


def _sole_trader(siren: str, **fields: Any) -> LegalUnit:
    """An entrepreneur individuel as the client returns it, with ``fields``."""
    return LegalUnit.model_validate(
        {
            "siren": siren,
            "legal_category": "1000",
            "legal_category_label": "Entrepreneur individuel",
            **fields,
        }
    )


def _rows(table: str) -> list[str]:
    """The table's lines whose first cell is a label (a wrapped address goes on below)."""
    return [ln for ln in table.splitlines() if ln.count("│") >= 3 and ln.split("│")[1].strip()]


def test_a_real_ceased_entrepreneur_individuel_is_recorded_with_a_warning(
    cli: Runner, tmp_path: Path, state_file: Path, sirene_server: SireneServer
) -> None:
    answers = until_siren(REAL_PERSON_CEASED, **{"siren.confirm": True, "siren.civility": "M."})
    result = run(cli, tmp_path, sirene_server, answers)
    assert result.code == 2 and "« order_form.date »" in result.err, result.err
    assert "activité cessée" in " ".join(result.err.split())
    holder = json.loads(state_file.read_text(encoding="utf-8"))["holder"]
    assert holder == {
        "siren": REAL_PERSON_CEASED,
        "civility": "M.",
        "surname": "DUBIGNY",
        "given_names": "Raphael",
        "address": "RED NEEDLES\n17 RUE DE FRANCEVILLE\n93220 GAGNY",
        "verified": True,
    }
    assert sirene_server.requests == [f"/search?q={REAL_PERSON_CEASED}"]


def test_a_real_hidden_entrepreneur_individuel_gives_no_identity(
    client: RechercheEntreprisesClient,
    cli: Runner,
    tmp_path: Path,
    sirene_server: SireneServer,
) -> None:
    unit = client.lookup(REAL_PERSON_MASKED)
    assert unit == _sole_trader(REAL_PERSON_MASKED, active=True, diffusible=False)
    result = run(cli, tmp_path, sirene_server, until_siren(REAL_PERSON_MASKED))
    assert result.code == 2 and "« siren.civility »" in result.err
    assert "NON-DIFFUSIBLE" not in result.text


def test_a_range_of_street_numbers_is_kept_whole() -> None:
    parts = {"street_type": "BD", "street_name": "X", "postal_code": "33000", "town": "BORDEAUX"}
    address = PostalAddress(number="9", last_number="11", **parts).address()
    assert address is not None
    assert address.lines == ("9-11 BOULEVARD X", "33000 BORDEAUX")
    assert PostalAddress(last_number="11", **parts).street_line() == "BOULEVARD X"
