"""``opalexe-cert certificate --file``: certificates made here, read through the real command,
compared with the state, and recorded only when they fit."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.serialization import Encoding

from opalexe_cert.domain.certificate import (
    CertificateFacts,
    judge,
    name_tokens,
    paris_date,
    same_person,
    siren_of,
)
from opalexe_cert.domain.facts import in_force_data
from opalexe_cert.domain.identity import Identity
from opalexe_cert.domain.state import CertificateRecord, Cycle, FinishedCycle, State

from certs import EXPIRY_PARIS, NOT_AFTER, NOT_BEFORE, Authority, plain
from conftest import Runner, example_answers, write_answers
from wizard_support import Terminal

TODAY = dt.date(2026, 11, 26)
HOLDER = Identity(
    siren="123456782", civility="Mme", surname="D'Aubigné-Lœwenbruck", given_names="Éloïse Marie"
)


@pytest.fixture(scope="module")
def authority() -> Authority:
    return Authority()


def answers_until_activation() -> dict[str, Any]:
    answers = example_answers()
    del answers["activation.cert_expiry"], answers["activation.date"]
    return answers


@pytest.fixture
def at_activation(cli: Runner, tmp_path: Path) -> None:
    """The state of the example expert, waiting at the activation step."""
    done = cli(
        "start", "--answers", str(write_answers(tmp_path / "a.json", answers_until_activation()))
    )
    assert done.code == 2 and "activation.cert_expiry" in plain(done.err), done.text


def status(cli: Runner) -> dict[str, Any]:
    done = cli("status", "--json")
    assert done.code == 0, done.text
    data: dict[str, Any] = json.loads(done.out)
    return data


# --- the pure comparison ---------------------------------------------------------------------


def facts(**changes: Any) -> CertificateFacts:
    values: dict[str, Any] = {
        "subject": "CN=ELOISE D'AUBIGNE-LOEWENBRUCK",
        "issuer": "CN=CertEurope eID User,O=CertEurope,C=FR",
        "not_before": NOT_BEFORE,
        "not_after": NOT_AFTER,
        "given_name": "ELOISE",
        "surname": "D'AUBIGNE-LOEWENBRUCK",
        "issuer_names": ("CertEurope", "CertEurope eID User"),
        "organizational_units": ("0002 123456782",),
    }
    return CertificateFacts(**(values | changes))


def test_names_compare_without_accents_case_punctuation_or_order() -> None:
    assert name_tokens("Éloïse-Marie d’Aubigné") == name_tokens("D'AUBIGNE eloise marie")
    assert name_tokens("LŒWENBRUCK") == {"loewenbruck"}
    assert same_person(facts(given_name="Éloïse", surname="d’Aubigné-Lœwenbruck"), HOLDER)
    assert same_person(
        facts(given_name=None, surname=None, common_name="D'AUBIGNE-LOEWENBRUCK ELOISE"), HOLDER
    )
    assert not same_person(facts(given_name="JEAN"), HOLDER)
    assert not same_person(facts(surname="AUBIGNE"), HOLDER)  # part of the surname is missing


def test_siren_from_ou_organization_identifier_or_serial_number() -> None:
    assert siren_of(facts()) == "123456782"
    assert (
        siren_of(facts(organizational_units=(), organization_identifiers=("NTRFR-12345678200017",)))
        == "123456782"
    )
    assert siren_of(facts(organizational_units=(), serial_numbers=("123 456 782",))) == "123456782"
    assert siren_of(facts(organizational_units=("Experts",), serial_numbers=("A12-99",))) is None


def test_expiry_is_the_date_in_paris() -> None:
    assert paris_date(dt.datetime(2029, 10, 19, 23, 30, tzinfo=dt.UTC)) == dt.date(2029, 10, 20)
    assert paris_date(dt.datetime(2029, 7, 19, 21, 59, tzinfo=dt.UTC)) == dt.date(2029, 7, 19)
    assert facts().expiry.isoformat() == EXPIRY_PARIS


def test_judge_names_every_problem() -> None:
    assert judge(facts(), HOLDER, TODAY).ok
    bad = judge(
        facts(
            issuer_names=("Other CA",), given_name="JEAN", organizational_units=("0002 732829320",)
        ),
        HOLDER,
        dt.date(2030, 1, 1),
    )
    text = " ".join(bad.problems)
    assert "pas été délivré par CertEurope" in text
    assert "a expiré le 20 octobre 2029" in text
    assert "pas du titulaire enregistré" in text
    assert "SIREN 732829320" in text
    early = judge(facts(), HOLDER, dt.date(2026, 10, 19))
    assert early.problems == [
        "Ce certificat n'est pas encore valide : il ne le sera qu'à partir du 20 octobre 2026."
    ]


def test_in_force_follows_a_renewal_and_ignores_an_overtaken_record() -> None:
    record = CertificateRecord(
        expiry=dt.date(2029, 10, 20), source="card", subject="CN=X", issuer="CN=Y",
        not_before=dt.date(2026, 10, 20),
    )  # fmt: skip
    finished = FinishedCycle(
        number=1, answers={}, cert_expiry=dt.date(2029, 10, 20), certificate=record
    )
    renewing = State(cycle=Cycle(number=2), history=[finished])
    assert in_force_data(renewing) == {
        "expiry": "2029-10-20", "source": "card", "subject": "CN=X", "issuer": "CN=Y",
        "not_before": "2026-10-20",
    }  # fmt: skip
    typed_later = State(
        cycle=Cycle(answers={"activation.cert_expiry": "2029-11-02"}, certificate=record)
    )
    assert in_force_data(typed_later) == {"expiry": "2029-11-02", "source": "typed"}
    assert in_force_data(State()) is None


def test_a_state_without_certificate_is_written_as_before() -> None:
    dumped = State().model_dump(mode="json")
    assert "certificate" not in dumped["cycle"]


# --- through the command ---------------------------------------------------------------------


def test_reads_a_der_file_and_says_how_to_record(
    cli: Runner, tmp_path: Path, authority: Authority, at_activation: None
) -> None:
    path = authority.issue().write_der(tmp_path / "certificat.cer")
    done = cli("certificate", "--file", str(path))
    assert done.code == 0, done.text
    assert "Titulaire : ELOISE D'AUBIGNE-LOEWENBRUCK" in plain(done.out)
    assert "Émetteur : CN=CertEurope eID User,O=CertEurope,C=FR" in plain(done.out)
    assert "du 20 octobre 2026 au 20 octobre 2029 (il reste 1 059 jours)" in plain(done.out)
    assert "SIREN : 123456782" in plain(done.out)
    assert "--record" in plain(done.out)
    assert status(cli)["certificate"] is None  # nothing recorded without --record


def test_record_from_a_pem_chain_sets_the_renewal_deadlines(
    cli: Runner, tmp_path: Path, authority: Authority, at_activation: None
) -> None:
    path = authority.issue().write_pem(tmp_path / "chaine.pem", with_chain=True)
    done = cli("certificate", "--file", str(path), "--record")
    assert done.code == 0, done.text
    assert "Date d'expiration enregistrée : 20 octobre 2029." in plain(done.out)
    data = status(cli)
    assert data["certificate"]["expiry"] == EXPIRY_PARIS
    assert data["certificate"]["source"] == "file"
    assert data["certificate"]["not_before"] == "2026-10-20"
    assert "CertEurope" in data["certificate"]["issuer"]
    assert "OU=0002 123456782" in data["certificate"]["subject"]
    renewal = next(d for d in data["deadlines"] if d["id"] == "renewal")
    assert (renewal["start"], renewal["end"]) == ("2029-07-20", "2029-08-20")
    assert data["current_step"] == "activation"  # the activation date is still to be given
    text = cli("status").out
    assert "lue dans le fichier du certificat" in text


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {
                "not_after": dt.datetime(2026, 11, 1, tzinfo=dt.UTC),
                "not_before": dt.datetime(2023, 11, 1, tzinfo=dt.UTC),
            },
            "a expiré le 1er novembre 2026",
        ),
        ({"not_before": dt.datetime(2026, 12, 1, 12, tzinfo=dt.UTC)}, "pas encore valide"),
        ({"given": "JEAN", "surname": "MARTIN"}, "« JEAN MARTIN », pas du titulaire"),
        ({"siren": "732829320"}, "SIREN 732829320"),
    ],
    ids=["expired", "not-yet-valid", "another-person", "another-siren"],
)
def test_a_certificate_that_does_not_fit_is_refused_and_not_recorded(
    cli: Runner, tmp_path: Path, authority: Authority, at_activation: None,
    change: dict[str, Any], expected: str,
) -> None:  # fmt: skip
    path = authority.issue(**change).write_der(tmp_path / "c.der")
    done = cli("certificate", "--file", str(path), "--record")
    assert done.code == 1, done.text
    assert expected in plain(done.err)
    assert "Rien n'a été enregistré." in plain(done.out)
    assert status(cli)["certificate"] is None


def test_another_issuer_is_refused(cli: Runner, tmp_path: Path, at_activation: None) -> None:
    path = Authority("Autre Autorité", "Autre AC").issue().write_der(tmp_path / "c.der")
    done = cli("certificate", "--file", str(path), "--record", "--json")
    assert done.code == 1
    data = json.loads(done.out)
    assert data["ok"] is False and data["recorded"] is False
    assert "n'a pas été délivré par CertEurope" in data["problems"][0]


def test_record_is_refused_before_the_activation_step(
    cli: Runner, tmp_path: Path, authority: Authority
) -> None:
    answers = {
        k: v
        for k, v in answers_until_activation().items()
        if not k.startswith(("delivery", "handover"))
    }
    cli("start", "--answers", str(write_answers(tmp_path / "a.json", answers)))
    done = cli(
        "certificate", "--file", str(authority.issue().write_der(tmp_path / "c.der")), "--record"
    )
    assert done.code == 2
    assert "« Activation » n'est pas encore atteinte" in plain(done.err)
    assert status(cli)["certificate"] is None


def test_json_prints_what_was_read(cli: Runner, tmp_path: Path, authority: Authority) -> None:
    done = cli(
        "certificate", "--file", str(authority.issue().write_der(tmp_path / "c.der")), "--json"
    )
    assert done.code == 0, done.text
    data = json.loads(done.out)
    assert data["source"] == "file"
    assert data["not_after"] == EXPIRY_PARIS and data["not_before"] == "2026-10-20"
    assert data["days_left"] == 1059 and data["siren"] == "123456782"
    assert data["recorded"] is False
    assert data["notes"][-1] == (
        "Aucun titulaire n'est encore enregistré, le nom n'a donc pas été comparé."
    )
    assert data["notes"][0].startswith("L'émetteur « CertEurope eID User » porte le nom de")
    assert data["notes"][0].endswith("(émetteur non vérifié).")
    assert data["is_ca"] is False and data["issuer_verified"] is False


def test_pkcs12_without_password(cli: Runner, tmp_path: Path, authority: Authority) -> None:
    path = authority.issue().write_p12(tmp_path / "c.p12", None)
    done = cli("certificate", "--file", str(path))
    assert done.code == 0, done.text
    assert "20 octobre 2029" in plain(done.out)


def test_pkcs12_with_password_from_a_file_is_never_stored(
    cli: Runner, tmp_path: Path, authority: Authority, state_file: Path, at_activation: None
) -> None:
    secret = "mot-de-passe-très-secret"
    path = authority.issue().write_p12(tmp_path / "c.pfx", secret)
    password = tmp_path / "mdp.txt"
    password.write_text(secret + "\n", encoding="utf-8")
    done = cli("certificate", "--file", str(path), "--password-file", str(password), "--record")
    assert done.code == 0, done.text
    assert secret not in plain(done.text)
    assert secret not in state_file.read_text(encoding="utf-8")
    assert status(cli)["certificate"]["source"] == "file"


def test_pkcs12_password_needed_or_wrong(cli: Runner, tmp_path: Path, authority: Authority) -> None:
    path = authority.issue().write_p12(tmp_path / "c.p12", "bon")
    missing = cli("certificate", "--file", str(path))
    assert missing.code == 2
    assert "protégé par un mot de passe" in plain(missing.err) and "--password-file" in plain(
        missing.err
    )
    wrong = tmp_path / "faux.txt"
    wrong.write_text("mauvais\n", encoding="utf-8")
    refused = cli("certificate", "--file", str(path), "--password-file", str(wrong))
    assert refused.code == 1
    assert "mot de passe est incorrect" in plain(refused.err)
    assert "mauvais" not in plain(refused.text)


@pytest.mark.parametrize("name", ["abime.cer", "abime.p12", "abime.pem"])
def test_a_corrupt_file_is_said_plainly(
    cli: Runner, tmp_path: Path, authority: Authority, name: str
) -> None:
    der = authority.issue().der
    path = tmp_path / name
    if name.endswith(".pem"):
        path.write_bytes(b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")
    else:
        path.write_bytes(der[: len(der) // 2])
    done = cli("certificate", "--file", str(path))
    assert done.code == 1, done.text
    assert "n'est pas un certificat lisible" in plain(done.err)
    assert "Traceback" not in plain(done.text) and "inattendue" not in plain(done.text)


def test_ten_megabytes_of_noise_are_refused_without_reading_them(
    cli: Runner, tmp_path: Path
) -> None:
    path = tmp_path / "bruit.cer"
    path.write_bytes(os.urandom(10 * 1024 * 1024))
    done = cli("certificate", "--file", str(path))
    assert done.code == 1
    assert "bien trop gros pour être un certificat" in plain(done.err)


def test_a_missing_file_or_two_sources(cli: Runner, tmp_path: Path) -> None:
    missing = cli("certificate", "--file", str(tmp_path / "absent.cer"))
    assert missing.code == 2 and "n'existe pas" in plain(missing.err)
    both = cli("certificate", "--file", "a.cer", "--module", "b.so")
    assert both.code == 2 and "pas les deux" in plain(both.err)


# --- in a terminal ---------------------------------------------------------------------------


def test_the_pkcs12_password_is_asked_without_echo(
    terminals: list[Terminal], tmp_path: Path, state_file: Path, authority: Authority
) -> None:
    secret = "Pa55-secret"
    path = authority.issue().write_p12(tmp_path / "c.p12", secret)
    t = Terminal(state_file, "2026-11-26", "--file", str(path), command="certificate")
    terminals.append(t)
    t.expect("Mot de passe du fichier PKCS#12")
    t.send(secret + "\r")
    t.expect("20 octobre 2029")
    assert t.finish() == 0
    assert secret not in t.transcript


def test_several_certificates_the_expert_chooses(
    terminals: list[Terminal], tmp_path: Path, state_file: Path, authority: Authority
) -> None:
    later = dt.datetime(2030, 3, 1, 12, tzinfo=dt.UTC)
    first = authority.issue(client_auth=False).certificate
    second = authority.issue(client_auth=False, not_after=later).certificate
    path = tmp_path / "deux.pem"
    path.write_bytes(b"".join(c.public_bytes(Encoding.PEM) for c in (first, second)))
    both = Terminal(state_file, "2026-11-26", "--file", str(path), command="certificate")
    terminals.append(both)
    both.answer(r"Lequel est votre certificat d.authentification", "\x1b[B\r")
    both.expect(r"1er mars 2030 \(il reste")
    assert both.finish() == 0
