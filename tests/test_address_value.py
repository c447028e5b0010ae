"""``Address`` is the value that travels from the prompt to the PDF: parsed where its text
enters (input, the SIRENE mapping, a roster, the state read back), serialised by ``text``
only, and never parsed again by a document or a screen.

A recorded address the rules now refuse (an older version, a hand edit) is read without
error, keeps every line, and says why only where it matters: ``print-dossier``.
"""

from __future__ import annotations

import ast
import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import dossier_matrix
import pytest
from dossier_matrix import PRESIDENTE
from pydantic import ValidationError

from opalexe_cert.adapters.documents import compagnie as compagnie_documents
from opalexe_cert.adapters.documents.data import DossierData, Holder, check_printable, envelopes
from opalexe_cert.adapters.documents.dossier import write_dossier
from opalexe_cert.adapters.store import load, writer
from opalexe_cert.domain import engine, guide
from opalexe_cert.domain.address import (
    CERTEUROPE_NAME_LINES,
    HOLDER_NAME_LINES,
    PRESIDENT_NAME_LINES,
    Address,
    AddressError,
)
from opalexe_cert.domain.compagnie import ACSO, Compagnie
from opalexe_cert.domain.facts import cycle_facts
from opalexe_cert.domain.roster import Member
from opalexe_cert.domain.state import SCHEMA_VERSION, State

from clirun import clean_env, invoke, plain

SRC = Path(__file__).resolve().parents[1] / "src" / "opalexe_cert"
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "answers-complete.json"
COMPLETE: dict[str, Any] = json.loads(EXAMPLE.read_text(encoding="utf-8"))
# A line no envelope can hold: 47 characters, still 41 with the norm’s abbreviation (RES).
TOO_LONG = "Résidence des Grands Chênes Centenaires"
OLD_ADDRESS = f"{TOO_LONG} du Parc\n33000 Bordeaux"
# A state file as the version before ``Address`` travelled wrote it (schema 1): the holder's
# address too long for an envelope (recorded before that rule), the look-up's as a list.
WRITTEN_BEFORE: dict[str, Any] = {
    "schema_version": 1,
    "holder": {
        "siren": "732829320",
        "civility": "Mme",
        "surname": "DUPONT",
        "given_names": "Éloïse",
        "address": OLD_ADDRESS,
        "verified": False,
    },
    "cycle": {
        "number": 1,
        "answers": {
            "siren.siren": "732829320",
            "siren.confirm": False,
            "siren.civility": "Mme",
            "siren.surname": "DUPONT",
            "siren.given_names": "Éloïse",
            "siren.address": OLD_ADDRESS,
            "certeurope_mail.address": "CertEurope\n26 rue du Faubourg Poissonnière\n75010 PARIS",
        },
        "lookup": {
            "siren": "732829320",
            "legal_category": "1000",
            "legal_category_label": "Entrepreneur individuel",
            "active": True,
            "diffusible": True,
            "civility": "Mme",
            "birth_name": "DUPONT",
            "usage_name": None,
            "given_names": "ELOISE",
            "usual_first_name": None,
            "denomination": None,
            "address": ["8 AVENUE THIERS", "33100 BORDEAUX"],
        },
    },
    "history": [],
}

# Where text becomes an ``Address``: the value's own module, the input rule (``fields``),
# the SIRENE mapping (``postal``), the state read back (``holder``, ``facts``, ``texts``,
# ``address_models``), a roster (``roster``), the guide's constant (``compagnie``).
ENTRY_POINTS = {
    "domain/address.py",
    "domain/address_models.py",
    "domain/fields.py",
    "domain/postal.py",
    "domain/holder.py",
    "domain/facts.py",
    "domain/texts.py",
    "domain/roster.py",
    "domain/compagnie.py",
}


def _makes_an_address(node: ast.AST) -> bool:
    """``Address(...)``, ``Address.parse(...)`` or ``Address.stored(...)``."""
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    if isinstance(func, ast.Name):
        return func.id == "Address"
    return (
        isinstance(func, ast.Attribute)
        and func.attr in ("parse", "stored")
        and isinstance(func.value, ast.Name)
        and func.value.id == "Address"
    )


def test_text_becomes_an_address_only_where_it_enters() -> None:
    makers: dict[str, int] = {}
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        count = sum(_makes_an_address(node) for node in ast.walk(tree))
        if count:
            makers[path.relative_to(SRC).as_posix()] = count
    assert set(makers) <= ENTRY_POINTS, sorted(set(makers) - ENTRY_POINTS)
    assert not any(name.startswith(("adapters/documents/", "cli/")) for name in makers)


def test_the_detector_sees_each_way_of_making_one() -> None:
    for code in ("Address(('a',))", "Address.parse('a')", "Address.stored('a')"):
        assert any(_makes_an_address(node) for node in ast.walk(ast.parse(code)))
    assert not any(_makes_an_address(n) for n in ast.walk(ast.parse("PostalAddress().address()")))


def test_the_stored_form_round_trips_through_the_value() -> None:
    address = Address.parse("12 rue des Lilas\n33000 bordeaux", name_lines=HOLDER_NAME_LINES)
    assert address.text == "12 rue des Lilas\n33000 BORDEAUX"
    assert Address.stored(address.text, name_lines=HOLDER_NAME_LINES) == address
    assert Address.stored(" 1 rue X \n\n 33000 BORDEAUX ") == Address(("1 rue X", "33000 BORDEAUX"))
    assert Address.stored(None) is None
    assert Address.stored(" \n ") is None


def test_a_recorded_address_the_rules_refuse_is_read_whole_with_the_reason() -> None:
    address = Address.stored(OLD_ADDRESS, name_lines=HOLDER_NAME_LINES)
    assert address is not None
    assert address.lines == (f"{TOO_LONG} du Parc", "33000 Bordeaux")  # as recorded
    assert address.text == OLD_ADDRESS  # nothing lost when written back
    assert address.problem is not None and "38" in address.problem
    assert address.town == "Bordeaux"
    assert address.one_line() == f"{TOO_LONG} du Parc, 33000 Bordeaux"
    with pytest.raises(AddressError, match="raccourcissez-la"):
        address.envelope()


def test_the_value_keeps_its_allowance_for_name_lines() -> None:
    five = "Bât. A\nEsc. 2\nRésidence X\n12 rue Y\n33000 BORDEAUX"
    assert Address.parse(five, name_lines=HOLDER_NAME_LINES).name_lines == HOLDER_NAME_LINES
    refused = Address.stored(five, name_lines=PRESIDENT_NAME_LINES)
    assert refused is not None and refused.problem is not None
    assert "5 lignes" in refused.problem


def test_the_guides_address_is_as_parse_gives_it() -> None:
    parsed = Address.parse(guide.ACSO_ADDRESS, name_lines=PRESIDENT_NAME_LINES)
    assert ACSO.address == parsed


HOLDER = Holder(
    civility="Mme",
    surname="Dupont",
    given_names="Éloïse",
    siren="732829320",
    address=Address.parse("12 rue des Lilas\n33000 Bordeaux", name_lines=HOLDER_NAME_LINES),
)


@pytest.mark.parametrize(
    ("make", "why"),
    [
        (
            lambda: Holder(**{**HOLDER.model_dump(), "address": ("12 rue X", "33000 BORDEAUX")}),
            "pas un texte",
        ),
        (
            lambda: Holder(
                **{**HOLDER.model_dump(), "address": Address.parse("1 rue X\n33000 BORDEAUX")}
            ),
            "ligne(s) de nom",
        ),
        (
            lambda: DossierData(
                letter_date=dt.date(2026, 9, 1), certeurope_address="1 rue X\n75000 PARIS"
            ),
            "pas un texte",
        ),
        (
            lambda: Compagnie(
                **{**ACSO.model_dump(), "address": Address.parse(guide.ACSO_ADDRESS)}
            ),
            "ligne(s) de nom",
        ),
    ],
)
def test_documents_take_an_address_value_never_text(make: Any, why: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(why)):
        make()


def _member(address: Address | None) -> Member:
    """Row 2 of a roster: the holder, with ``address`` as the roster gave it."""
    return Member(
        row=2,
        siren=HOLDER.siren,
        surname=HOLDER.surname,
        given_names=HOLDER.given_names,
        civility=HOLDER.civility,
        address=address,
    )


def test_no_document_parses_an_address(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Every document, the envelopes, the printability check and a compagnie's attestations,
    made while parsing an address raises: they only read the values they are given."""
    data = dossier_matrix.data(HOLDER, PRESIDENTE)  # every address of every document
    member = _member(HOLDER.address)
    last_lines = [plan.address[-1] for plan in envelopes(data)]

    def parsed(*args: object, **kwargs: object) -> Address:
        raise AssertionError("an address was parsed again")

    monkeypatch.setattr(Address, "parse", parsed)
    monkeypatch.setattr(Address, "stored", parsed)
    check_printable(data)
    assert [plan.address[-1] for plan in envelopes(data)] == last_lines
    result = write_dossier(data, tmp_path / "dossier")
    assert not result.skipped and len(result.written) >= 6
    files = compagnie_documents.attestation_files([member], PRESIDENTE, dt.date(2026, 11, 26))
    assert any(name.startswith("attestation-732829320") for name in files)


def test_an_old_holder_address_is_kept_shown_and_refused_at_print_time(tmp_path: Path) -> None:
    """An address an older version recorded (a line of 40 characters) never makes the state
    unreadable: ``status --json`` gives it, a new answer keeps it as it was, ``print-dossier``
    says in French whose address cannot be printed and which step corrects it."""
    state = tmp_path / "state.json"
    answers = tmp_path / "answers.json"
    keys = list(COMPLETE)
    answers.write_text(
        json.dumps({k: COMPLETE[k] for k in keys[: keys.index("order_email.date") + 1]}),
        encoding="utf-8",
    )
    variables = clean_env("2026-09-20")
    run = ["--state", str(state)]
    invoke(*run, "start", "--answers", str(answers), "--no-input", variables=variables)
    saved = json.loads(state.read_text(encoding="utf-8"))
    saved["cycle"]["answers"]["siren.address"] = OLD_ADDRESS  # as an older version wrote it
    state.write_text(json.dumps(saved, ensure_ascii=False), encoding="utf-8")

    status = invoke(*run, "status", "--json", variables=variables)
    assert status.code == 0, status.text
    assert json.loads(status.raw_out)["holder"]["address"] == OLD_ADDRESS

    with writer(state) as session:  # a later answer: the old address stays as recorded
        session.save(engine.record(session.state, "profile.email", "a@b.fr", dt.date(2026, 9, 20)))
    reloaded = json.loads(state.read_text(encoding="utf-8"))
    assert reloaded["cycle"]["answers"]["siren.address"] == OLD_ADDRESS
    assert reloaded["holder"]["address"] == OLD_ADDRESS
    assert load(state).holder.address == Address.stored(OLD_ADDRESS, name_lines=HOLDER_NAME_LINES)

    out = tmp_path / "out"
    printed = invoke(*run, "print-dossier", "--no-input", "-o", str(out), variables=variables)
    said = plain(printed.raw_out + printed.raw_err)
    assert printed.code == 2
    assert "votre adresse (celle du titulaire) ne peut pas être imprimée" in said
    assert f"« {TOO_LONG} du Parc »" in said
    assert "opalexe-cert start --step siren" in said
    assert not out.exists()


def test_the_state_file_keeps_its_form() -> None:
    """Same stored form, same schema version: a file an older version wrote is read into
    ``Address`` values and written back unchanged, byte for byte in its JSON."""
    state = State.model_validate(WRITTEN_BEFORE)
    assert state.model_dump(mode="json") == WRITTEN_BEFORE
    assert state.schema_version == SCHEMA_VERSION == 1
    assert state.holder.address is not None and state.holder.address.problem is not None
    assert state.cycle.lookup is not None and state.cycle.lookup.address is not None
    assert state.cycle.lookup.address.lines == ("8 AVENUE THIERS", "33100 BORDEAUX")
    certeurope = cycle_facts(state).certeurope_address
    assert certeurope is not None and certeurope.name_lines == CERTEUROPE_NAME_LINES
    assert certeurope.envelope()[-1] == "75010 PARIS"


def test_a_members_address_the_envelope_refuses_is_named_for_the_roster() -> None:
    """Read once from the roster with the holder's name line above it: the refusal speaks of
    the member's row and address, not of a wizard step the compagnie has nothing to do with."""
    six = ("Cabinet X", "Bât. A", "Esc. 2", "Résidence Y", "12 rue Z", "33000 BORDEAUX")
    member = _member(Address.stored(six, name_lines=HOLDER_NAME_LINES))
    with pytest.raises(compagnie_documents.AttestationsRefused) as refused:
        compagnie_documents.attestation_files([member], ACSO, dt.date(2026, 11, 26))
    said = plain(str(refused.value))
    assert "ligne 2" in said
    assert "adresse impossible à imprimer (cette adresse compte 6 lignes" in said
    assert "start --step" not in said
