"""``certificate`` on real certificates and on the forms French authorities really use.

Real public authorities (``tests/fixtures/certificates``, source in its README): CertEurope's,
the Caisse des dépôts', Certigna's, and a real certificate CertEurope issued. Holders are made
here (``certs.py``): every SIREN form, a forgery under a real authority's exact name, a
CertEurope-named authority that is not in the shipped trusted list.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.x509.oid import NameOID
from test_certificate import HOLDER, TODAY, facts

from opalexe_cert.adapters.certificate import x509 as reader
from opalexe_cert.adapters.certificate.x509 import facts_of, trusted_list
from opalexe_cert.domain.certificate import judge, preselected, siren_of

from certs import (
    MALFORMED_CRL,
    NOT_AFTER,
    POLICY,
    QUALIFIED_POLICIES,
    Authority,
    plain,
    real,
    to_der,
    to_pem,
)
from conftest import Runner, example_answers, write_answers
from wizard_support import Terminal


@pytest.fixture(scope="module")
def unknown() -> Authority:
    """Named CertEurope, not in the trusted list."""
    return Authority()


@pytest.fixture
def trusted(monkeypatch: pytest.MonkeyPatch) -> Authority:
    """A made authority the trusted-list check accepts, for the ✔ path (in-process only)."""
    authority = Authority(common_name="CertEurope eID User (tests)")
    monkeypatch.setattr(reader, "certeurope_authorities", lambda: (authority.certificate,))
    return authority


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def as_json(cli: Runner, path: Path, *args: str) -> tuple[int, dict[str, Any]]:
    done = cli("certificate", "--file", str(path), "--json", *args)
    assert "Traceback" not in done.text and "inattendue" not in done.text, done.text
    data: dict[str, Any] = json.loads(done.out)
    return done.code, data


# --- the shipped snapshot and real authorities ------------------------------------------------


def test_the_snapshot_is_dated_and_holds_certeuropes_authorities() -> None:
    snapshot = trusted_list()
    assert snapshot.sequence_number == 112 and snapshot.issued.startswith("2023-02-23")
    names = {c.subject.rfc4514_string() for c in reader.certeurope_authorities()}
    assert real("certeurope-eid-user").subject.rfc4514_string() in names
    assert len(names) == 4


@pytest.mark.parametrize(
    ("name", "siren"),
    [
        ("certeurope-eid-user", "434202180"),
        ("certeurope-eid-corp", "434202180"),
        ("cdc-legalia", "180020026"),
        ("certigna-identity-plus-ca", "481463081"),  # OU=0002 <SIRET>
    ],
)
def test_real_authorities_are_read_and_known_as_authorities(name: str, siren: str) -> None:
    facts = facts_of(real(name), f"{name}.der")
    assert facts.is_ca and facts.siren == siren
    assert facts.policies or name.startswith("certigna")
    verdict = judge(facts, HOLDER, TODAY)
    assert not verdict.ok
    assert "chaîne de confiance" in verdict.problems[0]


def test_a_ca_only_file_is_refused_with_its_object(cli: Runner, tmp_path: Path) -> None:
    path = write(tmp_path / "chaine.cer", to_der(real("certeurope-eid-user")))
    code, data = as_json(cli, path)
    assert code == 1
    assert data["is_ca"] is True and data["ok"] is False and data["recorded"] is False
    assert data["siren"] == "434202180" and data["policies"] == [POLICY]
    assert data["unreadable_extensions"] == []
    text = cli("certificate", "--file", str(path), "--record")
    assert text.code == 1
    said = " ".join(plain(text.err).split())
    assert "autorité de certification « CertEurope eID User »" in said
    assert "pas le certificat à votre nom" in said and "Trusted Key Manager" in said
    assert "✔" not in text.out


def test_a_real_certificate_issued_by_certeurope_is_verified(cli: Runner, tmp_path: Path) -> None:
    facts = facts_of(real("clearbus-cachet-sre-001"))
    assert facts.issuer_check == "verified" and facts.issuer_verified
    assert facts.siren == "509608352"  # NTRFR- and OU=0002
    assert "1.2.250.1.105.24.411.2.2.1.1.0" in facts.policies
    code, data = as_json(
        cli, write(tmp_path / "clearbus.cer", to_der(real("clearbus-cachet-sre-001")))
    )
    assert code == 1  # expired in 2024, and a seal, not a person
    assert data["issuer_verified"] is True and data["is_ca"] is False


def test_a_forgery_under_a_real_authoritys_name_is_refused(cli: Runner, tmp_path: Path) -> None:
    forger = Authority(exact_name=real("certeurope-eid-user").subject)
    path = forger.issue().write_der(tmp_path / "faux.cer")
    code, data = as_json(cli, path)
    assert code == 1 and data["issuer_verified"] is False
    assert any("sa signature n'est pas celle de cette autorité" in p for p in data["problems"])
    text = cli("certificate", "--file", str(path))
    assert text.code == 1 and "✔" not in text.out
    assert "n'a pas été délivré par CertEurope" in " ".join(plain(text.err).split())


def test_an_unknown_certeurope_issuer_is_accepted_with_a_warning(
    cli: Runner, tmp_path: Path, unknown: Authority
) -> None:
    path = unknown.issue().write_der(tmp_path / "c.cer")
    done = cli("certificate", "--file", str(path))
    assert done.code == 0, done.text
    assert "✔" not in done.out
    assert "Émetteur non vérifié" in plain(done.out)
    assert "émetteur non vérifié" in plain(done.err)
    code, data = as_json(cli, path)
    assert code == 0 and data["issuer_verified"] is False and data["ok"] is True


def test_a_verified_issuer_gets_the_tick(cli: Runner, tmp_path: Path, trusted: Authority) -> None:
    path = trusted.issue(extensions=[QUALIFIED_POLICIES]).write_der(tmp_path / "c.cer")
    done = cli("certificate", "--file", str(path))
    assert done.code == 0, done.text
    assert "✔ Délivré par CertEurope" in plain(done.out)
    assert POLICY in plain(done.out) and "émetteur non vérifié" not in plain(done.text)
    _, data = as_json(cli, path)
    assert data["issuer_verified"] is True and data["policies"] == [POLICY]


# --- an extension cryptography cannot parse ---------------------------------------------------


def test_a_malformed_extension_is_named_and_skipped(cli: Runner, tmp_path: Path) -> None:
    root = Authority(organization="Certeurope", common_name="Certeurope Root CA")
    holder = root.issue(extensions=[MALFORMED_CRL, QUALIFIED_POLICIES])
    with pytest.raises(ValueError):
        _ = holder.certificate.extensions  # what cryptography does with it
    facts = facts_of(holder.certificate)
    assert facts.unreadable_extensions == ("cRLDistributionPoints (2.5.29.31)",)
    assert facts.siren == "123456782" and facts.policies == (POLICY,) and facts.client_auth
    assert facts.surname == "D'AUBIGNE-LOEWENBRUCK" and not facts.is_ca
    code, data = as_json(cli, holder.write_der(tmp_path / "c.cer"))
    assert code == 0 and data["unreadable_extensions"] == ["cRLDistributionPoints (2.5.29.31)"]


def test_a_bundle_with_a_malformed_root_uses_the_holders(cli: Runner, tmp_path: Path) -> None:
    root = Authority(organization="Certeurope", common_name="Certeurope Root CA")
    malformed_root = (  # self-signed, a CA, with the bad extension, as the 2002 root
        x509.CertificateBuilder().subject_name(root.name).issuer_name(root.name)
        .public_key(root.key.public_key()).serial_number(7)
        .not_valid_before(dt.datetime(2002, 3, 1, tzinfo=dt.UTC))
        .not_valid_after(NOT_AFTER + dt.timedelta(days=400))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(MALFORMED_CRL, critical=False)
        .sign(root.key, hashes.SHA256())
    )  # fmt: skip
    holder = root.issue()
    path = write(tmp_path / "chaine.pem", to_pem(malformed_root, holder.certificate))
    code, data = as_json(cli, path)
    assert code == 0, data
    assert data["is_ca"] is False and data["holder_name"] == "ELOISE D'AUBIGNE-LOEWENBRUCK"
    alone = write(tmp_path / "root.pem", to_pem(malformed_root))
    code, data = as_json(cli, alone)
    assert code == 1 and data["is_ca"] is True
    assert data["unreadable_extensions"] == ["cRLDistributionPoints (2.5.29.31)"]


# --- the SIREN in every form ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "siren"),
    [
        ({"organizational_units": ("0002 123456782",)}, "123456782"),
        ({"organizational_units": ("0002 12345678200011",)}, "123456782"),
        ({"organization_identifiers": ("SI:FR-434202180",)}, "434202180"),
        ({"organization_identifiers": ("NTRFR-509608352",)}, "509608352"),
        ({"organization_identifiers": ("NTRFR-48146308100036",)}, "481463081"),
        ({"organization_identifiers": ("VATFR-51434202180",)}, "434202180"),
        ({"organization_identifiers": ("VATFR-52434202180",)}, None),  # the key does not fit
        ({"serial_numbers": ("123456782",)}, "123456782"),
        ({"organizational_units": ("Experts",)}, None),
    ],
)
def test_the_siren_in_every_form(changes: dict[str, Any], siren: str | None) -> None:
    assert siren_of(facts(**({"organizational_units": ()} | changes))) == siren


@pytest.mark.parametrize(
    ("oid", "value"),
    [
        (NameOID.ORGANIZATION_IDENTIFIER, "SI:FR-123456782"),
        (NameOID.ORGANIZATION_IDENTIFIER, "NTRFR-12345678200011"),
        (NameOID.ORGANIZATION_IDENTIFIER, "VATFR-11123456782"),
        (NameOID.SERIAL_NUMBER, "123456782"),
    ],
)
def test_a_holder_certificate_in_each_form_is_read(
    unknown: Authority, oid: x509.ObjectIdentifier, value: str
) -> None:
    made = unknown.issue(siren=None, extra=[(oid, value)])
    assert facts_of(made.certificate).siren == "123456782"


# --- several certificates ---------------------------------------------------------------------


def test_certeuropes_valid_authentication_certificate_is_preselected(
    unknown: Authority,
) -> None:
    other = Authority(organization="Autre AC", common_name="Autre AC")
    expired = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    found = [
        facts_of(other.issue().certificate),
        facts_of(
            unknown.issue(not_before=expired.replace(year=2022), not_after=expired).certificate
        ),
        facts_of(unknown.issue(client_auth=False).certificate),
        facts_of(unknown.issue().certificate),
    ]
    assert preselected(found, TODAY) == 3
    assert preselected(found[:3], TODAY) == 2
    assert preselected(found[:2], TODAY) == 0


def test_the_list_names_issuer_and_validity_without_a_terminal(
    cli: Runner, tmp_path: Path, unknown: Authority
) -> None:
    first = unknown.issue(client_auth=False).certificate
    second = unknown.issue(client_auth=False, not_after=dt.datetime(2030, 3, 1, tzinfo=dt.UTC))
    path = write(tmp_path / "deux.pem", to_pem(first, second.certificate))
    done = cli("certificate", "--file", str(path))
    assert done.code == 1
    said = " ".join(plain(done.err).split())
    assert "émis par CertEurope eID User, valide du 20 octobre 2026 au 20 octobre 2029" in said


# --- --record judges the dates as the wizard does ----------------------------------------------


@pytest.fixture
def at_activation(cli: Runner, tmp_path: Path) -> None:
    answers = example_answers()
    del answers["activation.cert_expiry"], answers["activation.date"]
    done = cli("start", "--answers", str(write_answers(tmp_path / "a.json", answers)))
    assert done.code == 2, done.text


def recorded_expiry(cli: Runner) -> Any:
    certificate = json.loads(cli("status", "--json").out)["certificate"]
    return certificate and certificate["expiry"]


def test_a_three_month_certificate_is_not_recorded_silently(
    cli: Runner, tmp_path: Path, unknown: Authority, at_activation: None
) -> None:
    short = unknown.issue(
        not_before=dt.datetime(2026, 11, 20, tzinfo=dt.UTC),
        not_after=dt.datetime(2027, 2, 20, tzinfo=dt.UTC),
    ).write_der(tmp_path / "court.cer")
    done = cli("certificate", "--file", str(short), "--record")
    assert done.code == 1
    said = " ".join(plain(done.err).split())
    assert "est inhabituelle" in said and "--force" in said
    assert "Rien n'a été enregistré" in plain(done.out)
    assert recorded_expiry(cli) is None
    code, data = as_json(cli, short, "--record")
    assert code == 1 and data["recorded"] is False
    forced = cli("certificate", "--file", str(short), "--record", "--force")
    assert forced.code == 0, forced.text
    assert recorded_expiry(cli) == "2027-02-20"


def test_a_usual_certificate_is_recorded_at_once(
    cli: Runner, tmp_path: Path, unknown: Authority, at_activation: None
) -> None:
    done = cli(
        "certificate", "--file", str(unknown.issue().write_der(tmp_path / "c.cer")), "--record"
    )
    assert done.code == 0, done.text
    assert recorded_expiry(cli) == "2029-10-20"


@pytest.mark.usefixtures("at_activation")
@pytest.mark.parametrize(("keys", "recorded"), [("\r", None), ("\x1b[A\r", "2027-02-20")])
def test_in_a_terminal_an_unusual_validity_is_confirmed(
    terminals: list[Terminal],
    cli: Runner,
    tmp_path: Path,
    state_file: Path,
    unknown: Authority,
    keys: str,
    recorded: str | None,
) -> None:
    short = unknown.issue(
        not_before=dt.datetime(2026, 11, 20, tzinfo=dt.UTC),
        not_after=dt.datetime(2027, 2, 20, tzinfo=dt.UTC),
    ).write_der(tmp_path / "court.cer")
    t = Terminal(state_file, "2026-11-26", "--file", str(short), "--record", command="certificate")
    terminals.append(t)
    t.answer(r"Enregistrer quand même cette date d.expiration", keys)  # Non is the default
    assert t.finish() == (0 if recorded else 1)
    assert "est inhabituelle" in plain(t.transcript)
    assert recorded_expiry(cli) == recorded
