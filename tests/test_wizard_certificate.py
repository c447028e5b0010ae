"""The wizard reads the certificate: at activation (card or file), and before a renewal.

The real ``run_wizard`` on a real state file; keys fed through prompt_toolkit's pipe input.
The card is a SoftHSM2 token (``certs.make_softhsm``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from opalexe_cert.adapters.certificate.card import MODULE_ENV
from opalexe_cert.adapters.store import writer
from opalexe_cert.cli.wizard.session import run_wizard

from certs import EXPIRY_PARIS, Authority, SoftHsm, make_softhsm, plain
from wizard_support import EXAMPLE, answers_until, keys, prepare, saved, wizard_environment

DOWN, ENTER = "\x1b[B", "\r"
TODAY = "2026-10-20"
ABSENT = Path("/nonexistent/opalexe-cert-test/absent.so")  # no card module there


@pytest.fixture(scope="module")
def authority() -> Authority:
    return Authority()


@pytest.fixture
def card(tmp_path: Path, authority: Authority, monkeypatch: pytest.MonkeyPatch) -> SoftHsm:
    """The holder's card, its module given as ``OPALEXE_CERT_PKCS11_MODULE``."""
    hsm = make_softhsm(tmp_path / "softhsm")
    hsm.init_token()
    hsm.write(authority.issue(), "Authentification", "01")
    monkeypatch.setenv("SOFTHSM2_CONF", hsm.env["SOFTHSM2_CONF"])
    return hsm


def at_activation(tmp_path: Path) -> Path:
    path = tmp_path / "state.json"
    prepare(path, answers_until("activation.cert_expiry"), TODAY, before="activation")
    return path


def wizard(path: Path, typed: str, module: Path, today: str = TODAY) -> str:
    """The wizard on ``path`` with these keys, the card read through ``module``."""
    env = wizard_environment(today, **{MODULE_ENV: str(module)})
    with keys(typed), writer(path) as session:
        run_wizard(env, session, None)
    return path.read_text(encoding="utf-8")


def certificate(path: Path) -> dict[str, Any]:
    cycle: dict[str, Any] = saved(path)["cycle"]
    return {
        "expiry": cycle["answers"].get("activation.cert_expiry"),
        **cycle.get("certificate", {}),
    }


def test_activation_reads_the_card(
    tmp_path: Path, card: SoftHsm, capsys: pytest.CaptureFixture[str]
) -> None:
    path = at_activation(tmp_path)
    # continue; activated: yes; read the card (the default); activation date: today
    wizard(path, ENTER + ENTER + ENTER + ENTER, card.module)
    out = plain(capsys.readouterr().out)
    assert "Certificat lu sur la carte ou la clé USB" in out
    assert "Félicitations" in out
    read = certificate(path)
    assert read["expiry"] == EXPIRY_PARIS and read["source"] == "card"
    assert saved(path)["cycle"]["answers"]["activation.date"] == TODAY


def test_activation_reads_a_file(tmp_path: Path, authority: Authority) -> None:
    exported = authority.issue().write_pem(tmp_path / "export.pem")
    path = at_activation(tmp_path)
    wizard(path, ENTER + ENTER + DOWN + ENTER + f"'{exported}'" + ENTER + ENTER, ABSENT)
    read = certificate(path)
    assert read["expiry"] == EXPIRY_PARIS and read["source"] == "file"


def test_no_card_then_typed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = at_activation(tmp_path)
    typed = ENTER + ENTER + ENTER  # continue, activated, read the card: no module
    typed += DOWN + DOWN + ENTER + "20/10/2029" + ENTER + ENTER  # then type it
    wizard(path, typed, ABSENT)
    assert "n'existe pas" in plain(capsys.readouterr().out)
    assert certificate(path) == {"expiry": "2029-10-20"}  # typed: no certificate kept


def test_a_certificate_of_another_person_is_not_taken(
    tmp_path: Path, authority: Authority, capsys: pytest.CaptureFixture[str]
) -> None:
    other = authority.issue(given="JEAN", surname="MARTIN").write_der(tmp_path / "autre.cer")
    path = at_activation(tmp_path)
    typed = ENTER + ENTER + DOWN + ENTER + str(other) + ENTER  # the file of someone else
    typed += ENTER + "20/10/2029" + ENTER + ENTER  # "type it" is now the default
    wizard(path, typed, ABSENT)
    assert "pas du titulaire enregistré" in plain(capsys.readouterr().out)
    assert certificate(path) == {"expiry": "2029-10-20"}


def test_before_a_renewal_the_card_corrects_a_typed_expiry(
    tmp_path: Path, authority: Authority, card: SoftHsm
) -> None:
    path = tmp_path / "state.json"
    answers = dict(EXAMPLE) | {"activation.cert_expiry": "2029-11-30"}  # a typo
    prepare(path, answers, TODAY)
    # record the card's date; renew later
    wizard(path, ENTER + DOWN + ENTER, card.module, today="2029-08-01")
    read = certificate(path)
    assert read["expiry"] == EXPIRY_PARIS and read["source"] == "card"
    assert saved(path)["history"] == []  # the second answer was "not now" to the renewal
