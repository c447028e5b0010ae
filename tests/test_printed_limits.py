"""Every free-text answer is capped at what its place on the pages holds: refused one character
over (the limit stated), and a dossier with every answer at its limit still lays out."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from dossier_matrix import LONG_HOLDER_ADDRESS, LONG_SURNAME

from opalexe_cert.adapters.documents.data import Document, DossierData, Holder
from opalexe_cert.adapters.documents.dossier import write_dossier
from opalexe_cert.domain.address import HOLDER_NAME_LINES, PRESIDENT_NAME_LINES, Address
from opalexe_cert.domain.compagnie import Compagnie
from opalexe_cert.domain.fields import validate
from opalexe_cert.domain.printed_limits import LIMITS
from opalexe_cert.domain.procedure import FIELDS

from conftest import Runner, example_answers

MM = 72 / 25.4
TODAY = dt.date(2026, 11, 26)


def limit(key: str) -> int:
    step, name = key.split(".")
    return LIMITS[step, name].length


def at_cap(key: str, pattern: str) -> str:
    """``pattern`` repeated to exactly the limit of ``key`` (no trailing space)."""
    value = (pattern * 100)[: limit(key)]
    return value[:-1] + "x" if value.endswith((" ", "-")) else value


GIVEN = at_cap("siren.given_names", "Marie-Éloïse ")
EMAIL = ("marie-eloise.francoise-" * 4)[:58] + "e@cabinet-expertise.fr"
COMPAGNIE_NAME = at_cap("profile.compagnie_name", "Compagnie des experts de justice et ")
COURT = at_cap("profile.court_of_appeal", "Saint-Médard en Jalles ")
PRESIDENT = at_cap("profile.president_name", "Marie-Amélie ")[:-16] + " " + "W" * 15
REFERENCE = at_cap("payment.reference", "CMD-2026-0917-")


def test_every_limit_names_a_free_text_field() -> None:
    assert {f"{step}.{name}" for step, name in LIMITS} <= set(FIELDS)


@pytest.mark.parametrize("key", sorted(f"{step}.{name}" for step, name in LIMITS))
def test_each_limit_is_accepted_and_one_more_refused_with_the_limit_stated(key: str) -> None:
    values = {
        "siren.given_names": GIVEN,
        "profile.email": EMAIL,
        "profile.compagnie_name": COMPAGNIE_NAME,
        "profile.court_of_appeal": COURT,
        "profile.president_name": PRESIDENT,
        "payment.reference": REFERENCE,
    }
    value = values[key]
    assert len(value) == limit(key), key
    field = FIELDS[key]
    assert len(str(validate(field, value, TODAY))) == limit(key)
    over = value[:-1] + "ab" if key != "profile.email" else "a" + value
    with pytest.raises(ValueError, match=f"{limit(key)} au plus"):
        validate(field, over, TODAY)


def test_an_answers_file_is_refused_naming_key_and_limit(cli: Runner, tmp_path: Path) -> None:
    answers = example_answers() | {"siren.confirm": False, "siren.given_names": GIVEN + "e"}
    path = tmp_path / "a.json"
    path.write_text(json.dumps(answers, ensure_ascii=False), encoding="utf-8")
    result = cli("start", "--answers", str(path))
    assert result.code == 2, result.text
    assert "« siren.given_names »" in result.err and "60 au plus" in result.err, result.err


@pytest.fixture(scope="module")
def longest(tmp_path_factory: pytest.TempPathFactory) -> tuple[DossierData, Path]:
    holder = Holder(
        civility="Mme",
        surname=LONG_SURNAME,
        given_names=str(validate(FIELDS["siren.given_names"], GIVEN, TODAY)),
        siren="732829320",
        address=Address.parse(LONG_HOLDER_ADDRESS, name_lines=HOLDER_NAME_LINES),
        email=EMAIL,
        phone="06 12 34 56 78",
    )
    compagnie = Compagnie(
        key="other",
        name=COMPAGNIE_NAME,
        court_of_appeal=COURT,
        president_civility="Mme",
        president_name=str(validate(FIELDS["profile.president_name"], PRESIDENT, TODAY)),
        address=Address.parse(
            ("5 place André Mignot", "78000 Versailles"), name_lines=PRESIDENT_NAME_LINES
        ),
    )
    data = DossierData(
        holder=holder,
        compagnie=compagnie,
        medium="card",
        handover="president",
        certeurope_address=Address.parse(
            ("CertEurope", "26 rue du Faubourg Poissonnière", "75010 Paris")
        ),
        id_expiry=dt.date(2030, 3, 12),
        letter_date=TODAY,
        attestation_included=False,
        president_sent_on=dt.date(2026, 11, 10),
        president_returned_on=dt.date(2026, 11, 24),
        payment_reference=REFERENCE,
        payment_date=dt.date(2026, 11, 2),
        payment_amount=109.0,
    )
    directory = tmp_path_factory.mktemp("limits")
    write_dossier(data, directory)
    return data, directory


def _pages(path: Path) -> list[tuple[str, list[dict[str, Any]]]]:
    with pdfplumber.open(path) as pdf:
        return [(page.extract_text() or "", page.extract_words()) for page in pdf.pages]


@pytest.mark.parametrize(
    "document",
    [
        Document.PRESIDENT_LETTER,
        Document.ATTESTATION,
        Document.ID_COPY,
        Document.CERTEUROPE_LETTER,
        Document.BORDEREAU,
    ],
)
def test_at_every_limit_the_pages_lay_out_inside_the_margins(
    longest: tuple[DossierData, Path], document: Document
) -> None:
    _, directory = longest
    pages = _pages(directory / document.filename)
    for number, (_, found) in enumerate(pages):
        window = number == 0 and document in (Document.PRESIDENT_LETTER, Document.CERTEUROPE_LETTER)
        right = (110 + 85) * MM if window else (210 - 20) * MM  # a DL window ends at 195 mm
        assert min(w["x0"] for w in found) >= 20 * MM - 1, document
        assert max(w["x1"] for w in found) <= right + 1, document
        assert max(w["bottom"] for w in found) <= (297 - 7) * MM, document  # page numbers
    if document in (Document.ATTESTATION, Document.ID_COPY):
        assert len(pages) == 1  # the attestation and its signature on one page


def test_at_its_limit_the_email_is_whole_in_each_place(longest: tuple[DossierData, Path]) -> None:
    _, directory = longest
    local, domain = EMAIL.split("@")
    for document in (Document.PRESIDENT_LETTER, Document.ATTESTATION):
        text = " ".join(t for t, _ in _pages(directory / document.filename))
        assert local in text.split() and f"@{domain}" in text.split(), document
    running = " ".join(t for t, _ in _pages(directory / Document.CERTEUROPE_LETTER.filename))
    assert f"{EMAIL}," in running.split()  # whole in the running text


def test_the_wizard_states_the_limit_and_asks_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from test_wizard_steps import CLEAR, ENTER, at, walk

    path = at(tmp_path, "siren.siren")
    typed = "123456782" + ENTER + ENTER + "DUPONT" + ENTER + GIVEN + "e" + ENTER
    typed += CLEAR + "Jeanne" + ENTER + "1 place de la Bourse" + ENTER + "33000 Bordeaux" + ENTER
    state, _ = walk(path, "siren", typed + ENTER)
    assert state.cycle.answers["siren.given_names"] == "Jeanne"
    shown = " ".join(capsys.readouterr().out.split())
    assert "61 caractères ; 60 au plus, pour tenir dans l’en-tête" in shown
