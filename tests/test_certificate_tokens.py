"""``certificate`` on SoftHSM2 tokens holding several certificates, authorities only, someone
else's certificate, an unreadable object, or a hostile label (SoftHSM2 stands for the card)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from test_certificate_real import at_activation  # noqa: F401  (a fixture)

from certs import Authority, SoftHsm, make_softhsm, plain, real, to_der
from conftest import Runner
from wizard_support import Terminal

EXPIRED = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def authority() -> Authority:
    return Authority()


@pytest.fixture
def hsm(tmp_path: Path) -> SoftHsm:
    hsm = make_softhsm(tmp_path / "softhsm")
    hsm.init_token()
    return hsm


def run_card(cli: Runner, hsm: SoftHsm, *args: str) -> Any:
    return cli("certificate", "--module", str(hsm.module), *args, env=hsm.env, process=True)


def several(hsm: SoftHsm, authority: Authority) -> None:
    """Another provider's authentication certificate first, an expired CertEurope one, then
    the valid CertEurope one: none alone is « the » authentication certificate."""
    other = Authority(organization="Autre Prestataire", common_name="Autre AC")
    hsm.write(other.issue(), "Autre", "01")
    old = authority.issue(not_before=EXPIRED.replace(year=2022), not_after=EXPIRED)
    hsm.write(old, "Ancien", "02")
    hsm.write(authority.issue(), "Authentification", "03")


def test_several_certificates_are_listed_with_issuer_and_validity(
    cli: Runner, hsm: SoftHsm, authority: Authority
) -> None:
    several(hsm, authority)
    done = run_card(cli, hsm)
    assert done.code == 1
    said = " ".join(plain(done.err).split())
    assert "émis par Autre AC" in said and "émis par CertEurope eID User" in said
    assert "valide du 1er juin 2022 au 1er juin 2025" in said


@pytest.mark.usefixtures("at_activation")
def test_the_valid_certeurope_certificate_is_preselected_and_recorded_at_once(
    terminals: list[Terminal], hsm: SoftHsm, authority: Authority, state_file: Path
) -> None:
    several(hsm, authority)
    t = Terminal(
        state_file, "2026-11-26", "--module", str(hsm.module), "--record",
        command="certificate", **hsm.env,
    )  # fmt: skip
    terminals.append(t)
    t.answer(r"Lequel est votre certificat d.authentification", "\r")  # the preselected one
    t.expect(r"Date d.expiration enregistrée")
    assert t.finish() == 0
    said = plain(t.transcript)
    assert "émis par Autre AC" in said and "objet « Authentification »" in said
    data = json.loads(state_file.read_text("utf-8"))
    assert data["cycle"]["answers"]["activation.cert_expiry"] == "2029-10-20"


def test_a_token_with_only_authorities_is_refused(cli: Runner, hsm: SoftHsm) -> None:
    hsm.write_der(to_der(real("certeurope-eid-user")), "CertEurope eID User", "01")
    done = run_card(cli, hsm, "--json")
    assert done.code == 1
    data = json.loads(done.out)
    assert data["is_ca"] is True and data["ok"] is False
    assert "chaîne de confiance" in data["problems"][0]
    assert "activez-le avec Trusted Key Manager" in data["problems"][0]


def test_an_unreadable_object_beside_the_holders_is_named_and_skipped(
    cli: Runner, hsm: SoftHsm, authority: Authority, tmp_path: Path
) -> None:
    bad = authority.issue(given="ZZBADNAME").der.replace(b"ZZBADNAME", b"\xff\xfeBADNAME", 1)
    hsm.write_raw(bad, "Objet abime", "09")
    hsm.write(authority.issue(), "Authentification", "01")
    done = run_card(cli, hsm, "--json")
    assert done.code == 0, done.text
    assert json.loads(done.out)["label"] == "Authentification"
    assert "« Objet abime »" in plain(done.err) and "illisible" in plain(done.err)
    assert "inattendue" not in plain(done.text)


def test_hostile_labels_are_cleaned(cli: Runner, hsm: SoftHsm, authority: Authority) -> None:
    hsm.write(authority.issue(), "Auth\x1b[2J\u202e\nSIREN : 999", "01")
    done = run_card(cli, hsm)
    assert done.code == 0, done.text
    assert "\x1b" not in done.out and "\u202e" not in done.out
    assert not any(line.startswith("SIREN : 999") for line in plain(done.out).splitlines())
    data = json.loads(run_card(cli, hsm, "--json").out)
    assert data["label"] == "Auth [2J SIREN : 999"


def test_a_forged_authority_on_the_card_is_refused(cli: Runner, hsm: SoftHsm) -> None:
    forger = Authority(exact_name=real("certeurope-eid-user").subject)
    hsm.write(forger.issue(), "Authentification", "01")
    done = run_card(cli, hsm, "--json")
    assert done.code == 1
    data = json.loads(done.out)
    assert data["issuer_verified"] is False
    assert any("n'a pas été délivré par CertEurope" in p for p in data["problems"])
