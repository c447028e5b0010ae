"""``doctor`` with a SoftHSM2 token standing for the card: the card's certificate compared with
the recorded holder and with the certificate the state holds, the token described, and the
report for support without the holder's name.

Under ``CI=true`` these tests run or fail, never skip (``certs.softhsm_module``).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from doctor_support import save_state

from opalexe_cert.adapters.certificate.browsers import Places
from opalexe_cert.cli.commands.doctor import doctor

from certs import SIREN, Authority, SoftHsm, make_softhsm, plain
from conftest import environment_for


@pytest.fixture
def hsm(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SoftHsm:
    made = make_softhsm(tmp_path / "softhsm")
    monkeypatch.setenv("SOFTHSM2_CONF", made.env["SOFTHSM2_CONF"])
    made.init_token()
    return made


def checks_of(
    hsm: SoftHsm, state: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> dict[str, dict[str, Any]]:
    places = Places(home=tmp_path / "home", platform="linux", run_dir=tmp_path, proc_dir=tmp_path)
    doctor(environment_for(state), module=hsm.module, json_output=True, places=places)
    return {c["id"]: c for c in json.loads(capsys.readouterr().out)["checks"]}


def test_another_person_s_card_is_a_failure(
    hsm: SoftHsm, tmp_path: Path, state_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hsm.write(Authority().issue(given="JEAN", surname="DUPONT", siren=None), "Auth", "01")
    checks = checks_of(hsm, save_state(state_file), tmp_path, capsys)
    certificate = checks["certificate"]
    assert certificate["status"] == "failure"
    assert "au nom de « JEAN DUPONT », pas du titulaire enregistré" in certificate["message"]
    assert "celle d'une autre personne" in plain(certificate["message"])
    assert "Insérez votre propre carte" in certificate["fix"]
    token = checks["token"]["message"]
    assert "« Carte test » (fabricant SoftHSM project, modèle SoftHSM v2)" in token
    assert checks["module"]["status"] == "ok" and "chargé" in checks["module"]["message"]


def test_an_expired_card_while_a_valid_certificate_is_recorded_is_the_old_card(
    hsm: SoftHsm, tmp_path: Path, state_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    hsm.write(
        Authority().issue(not_before=old - dt.timedelta(days=1095), not_after=old), "Auth", "01"
    )
    checks = checks_of(hsm, save_state(state_file, expiry="2029-10-20"), tmp_path, capsys)
    certificate = checks["certificate"]
    assert certificate["status"] == "failure"
    assert "probablement l'ancienne carte" in plain(certificate["message"])
    assert "20 octobre 2029" in certificate["message"]
    assert "renew" not in certificate["fix"] and "nouvelle carte" in certificate["fix"]
    # with nothing valid recorded, the advice is to renew
    checks = checks_of(hsm, save_state(state_file), tmp_path, capsys)
    assert "opalexe-cert renew" in checks["certificate"]["fix"]


def test_the_holder_s_card_among_others_is_the_one_judged(
    hsm: SoftHsm, tmp_path: Path, state_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    authority = Authority()
    later = dt.datetime(2030, 6, 1, tzinfo=dt.UTC)
    hsm.write(authority.issue(given="JEAN", surname="DUPONT", not_after=later), "Autre", "02")
    hsm.write(authority.issue(), "Auth", "01")
    checks = checks_of(hsm, save_state(state_file), tmp_path, capsys)
    assert checks["certificate"]["status"] == "ok", checks["certificate"]


def test_the_report_with_a_card_hides_the_holder_unless_nominative(
    hsm: SoftHsm, tmp_path: Path, state_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hsm.write(Authority().issue(), "ELOISE D'AUBIGNE-LOEWENBRUCK", "01")
    save_state(state_file)
    places = Places(home=tmp_path / "home", platform="linux", run_dir=tmp_path, proc_dir=tmp_path)
    env = environment_for(state_file)
    doctor(env, module=hsm.module, json_output=False, places=places, report=True)
    out = plain(capsys.readouterr().out)
    assert "Certificat : émetteur CN=CertEurope eID User,O=CertEurope,C=FR" in out
    assert "valide du 20 octobre 2026 au 20 octobre 2029" in out
    assert "Module PKCS#11 : " in out and "version 2." in out and "Cryptoki 2.40" in out
    assert "(fabricant SoftHSM project, modèle SoftHSM v2, 1 certificat)" in out
    assert "ELOISE" not in out and "AUBIGNE" not in out and SIREN not in out
    doctor(env, module=hsm.module, json_output=False, places=places, report=True, nominative=True)
    named = plain(capsys.readouterr().out)
    assert "titulaire : ELOISE D'AUBIGNE-LOEWENBRUCK ; SIREN : 123456782" in named


def test_hostile_token_label_and_subject_never_reach_the_screen_as_controls(
    tmp_path: Path, state_file: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    made = make_softhsm(tmp_path / "softhsm")
    monkeypatch.setenv("SOFTHSM2_CONF", made.env["SOFTHSM2_CONF"])
    label = "A\x1b[2J\u202eB"
    made.init_token(label)
    forged = Authority().issue(given="JEAN\nSIREN : 999 999 999 — vérifié\n", surname="DUPONT")
    made.write(forged, "Auth", "01", token=label)
    places = Places(home=tmp_path / "home", platform="linux", run_dir=tmp_path, proc_dir=tmp_path)
    env = environment_for(save_state(state_file))
    for report in (False, True):
        doctor(env, module=made.module, json_output=False, places=places, report=report)
        out = capsys.readouterr().out
        assert "\x1b" not in out and "\u202e" not in out
        assert not any(line.lstrip().startswith("SIREN") for line in plain(out).splitlines())
