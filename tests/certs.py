"""Certificates made for the tests: a CertEurope-like authority and the holders it signs,
written as DER, PEM or PKCS#12 files, or onto a SoftHSM2 token standing for the card.

The holder is the one of ``examples/answers-complete.json`` (Éloïse Marie D'Aubigné-Lœwenbruck,
SIREN 123 456 782), written as a certificate writes it: capitals, no accents.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

UTC = dt.UTC
# Valid on the tests' today (2026-11-26). 23:30 UTC on 19 October is 20 October in Paris.
NOT_BEFORE = dt.datetime(2026, 10, 20, 8, 0, tzinfo=UTC)
NOT_AFTER = dt.datetime(2029, 10, 19, 23, 30, tzinfo=UTC)
EXPIRY_PARIS = "2029-10-20"
HOLDER_GIVEN, HOLDER_SURNAME = "ELOISE", "D'AUBIGNE-LOEWENBRUCK"
SIREN = "123456782"


def plain(text: str) -> str:
    """Printed text with plain spaces and apostrophes, whatever the typography."""
    return text.replace("\u00a0", " ").replace("\u202f", " ").replace("’", "'")


def _name(*pairs: tuple[x509.ObjectIdentifier, str]) -> x509.Name:
    return x509.Name([x509.NameAttribute(oid, value) for oid, value in pairs])


@dataclass
class Authority:
    """A certification authority that signs the tests' certificates."""

    organization: str = "CertEurope"
    common_name: str = "CertEurope eID User"
    key: ec.EllipticCurvePrivateKey = field(
        default_factory=lambda: ec.generate_private_key(ec.SECP256R1())
    )

    @property
    def name(self) -> x509.Name:
        return _name(
            (NameOID.COUNTRY_NAME, "FR"),
            (NameOID.ORGANIZATION_NAME, self.organization),
            (NameOID.COMMON_NAME, self.common_name),
        )

    @property
    def certificate(self) -> x509.Certificate:
        return (
            x509.CertificateBuilder()
            .subject_name(self.name)
            .issuer_name(self.name)
            .public_key(self.key.public_key())
            .serial_number(1)
            .not_valid_before(NOT_BEFORE - dt.timedelta(days=3650))
            .not_valid_after(NOT_AFTER + dt.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(self.key, hashes.SHA256())
        )

    def issue(
        self,
        *,
        given: str = HOLDER_GIVEN,
        surname: str = HOLDER_SURNAME,
        siren: str | None = SIREN,
        not_before: dt.datetime = NOT_BEFORE,
        not_after: dt.datetime = NOT_AFTER,
        client_auth: bool = True,
    ) -> Issued:
        """A holder's certificate (``OU=0002 <SIREN>``, the French convention)."""
        key = ec.generate_private_key(ec.SECP256R1())
        attributes = [(NameOID.COUNTRY_NAME, "FR")]
        if siren:
            attributes.append((NameOID.ORGANIZATIONAL_UNIT_NAME, f"0002 {siren}"))
        attributes += [
            (NameOID.SURNAME, surname),
            (NameOID.GIVEN_NAME, given),
            (NameOID.COMMON_NAME, f"{given} {surname}"),
        ]
        usage = [
            ExtendedKeyUsageOID.CLIENT_AUTH if client_auth else ExtendedKeyUsageOID.EMAIL_PROTECTION
        ]
        certificate = (
            x509.CertificateBuilder()
            .subject_name(_name(*attributes))
            .issuer_name(self.name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(not_before)
            .not_valid_after(not_after)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage(usage), critical=False)
            .sign(self.key, hashes.SHA256())
        )
        return Issued(certificate, key, self)


@dataclass
class Issued:
    """A certificate, its private key (for PKCS#12 files only) and its authority."""

    certificate: x509.Certificate
    key: ec.EllipticCurvePrivateKey
    authority: Authority

    @property
    def der(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.DER)

    def write_der(self, path: Path) -> Path:
        path.write_bytes(self.der)
        return path

    def write_pem(self, path: Path, *, with_chain: bool = False) -> Path:
        """PEM; with the authority's certificate first when ``with_chain``."""
        blocks = [self.certificate.public_bytes(serialization.Encoding.PEM)]
        if with_chain:
            blocks.insert(0, self.authority.certificate.public_bytes(serialization.Encoding.PEM))
        path.write_bytes(b"".join(blocks))
        return path

    def write_p12(self, path: Path, password: str | None) -> Path:
        encryption: serialization.KeySerializationEncryption = (
            serialization.BestAvailableEncryption(password.encode())
            if password
            else serialization.NoEncryption()
        )
        path.write_bytes(
            pkcs12.serialize_key_and_certificates(
                b"opalexe", self.key, self.certificate, [self.authority.certificate], encryption
            )
        )
        return path


# --- SoftHSM2: a token that stands for the card --------------------------------------------

SOFTHSM_PLACES = (
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib64/pkcs11/libsofthsm2.so",
    "/usr/local/lib/softhsm/libsofthsm2.so",
    "/opt/homebrew/lib/softhsm/libsofthsm2.so",
)
USER_PIN = "1234"  # the test token's PIN: used only to write it, never by opalexe-cert


def softhsm_module() -> Path:
    """SoftHSM2's module; under CI a missing SoftHSM2 fails the test instead of skipping it."""
    found = next((Path(p) for p in SOFTHSM_PLACES if Path(p).is_file()), None)
    missing = [t for t in ("softhsm2-util", "pkcs11-tool") if shutil.which(t) is None]
    if found is None or missing:
        why = "SoftHSM2 or OpenSC missing (apt-get install softhsm2 opensc)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{why}: .ci/run must install them")
        pytest.skip(why)
    return found


@dataclass
class SoftHsm:
    """A SoftHSM2 configuration of its own, in a temporary folder."""

    folder: Path
    module: Path

    @property
    def env(self) -> dict[str, str]:
        return {"SOFTHSM2_CONF": str(self.folder / "softhsm2.conf")}

    def init_token(self, label: str = "Carte test") -> None:
        self._run(
            "softhsm2-util", "--init-token", "--free", "--label", label,
            "--pin", USER_PIN, "--so-pin", "87654321",
        )  # fmt: skip

    def write(self, issued: Issued, label: str, object_id: str, token: str = "Carte test") -> None:
        """Write a certificate object, as Trusted Key Manager leaves it on the card."""
        der = self.folder / f"{label}.der"
        issued.write_der(der)
        self._run(
            "pkcs11-tool", "--module", str(self.module), "--token-label", token, "--login",
            "--pin", USER_PIN, "--write-object", str(der), "--type", "cert",
            "--label", label, "--id", object_id,
        )  # fmt: skip

    def _run(self, *command: str) -> None:
        done = subprocess.run(
            command, env={**os.environ, **self.env}, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stdout + done.stderr


def make_softhsm(folder: Path) -> SoftHsm:
    module = softhsm_module()
    tokens = folder / "tokens"
    tokens.mkdir(parents=True)
    (folder / "softhsm2.conf").write_text(
        f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n",
        encoding="utf-8",
    )
    return SoftHsm(folder, module)
