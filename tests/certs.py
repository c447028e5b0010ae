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
import sys
import warnings
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
    # Unvalidated: the hostile tests make attributes longer than X.520 allows.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return x509.Name([x509.NameAttribute(oid, value, _validate=False) for oid, value in pairs])


FIXTURES = Path(__file__).parent / "fixtures" / "certificates"  # real ones: see README.md there


def real(name: str) -> x509.Certificate:
    """A real certificate of ``tests/fixtures/certificates`` (``certeurope-eid-user``...)."""
    return x509.load_der_x509_certificate((FIXTURES / f"{name}.der").read_bytes())


@dataclass
class Authority:
    """A certification authority that signs the tests' certificates.

    By default a CertEurope-named authority that is not in the shipped trusted list (its
    certificates get « émetteur non vérifié »); ``exact_name`` gives it the name of a real
    authority (a forgery: its key is not the real one).
    """

    organization: str = "CertEurope"
    common_name: str = "CertEurope eID User"
    key: ec.EllipticCurvePrivateKey = field(
        default_factory=lambda: ec.generate_private_key(ec.SECP256R1())
    )
    exact_name: x509.Name | None = None

    @property
    def name(self) -> x509.Name:
        if self.exact_name is not None:
            return self.exact_name
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
        extra: list[tuple[x509.ObjectIdentifier, str]] | None = None,
        extensions: list[x509.ExtensionType] | None = None,
    ) -> Issued:
        """A holder's certificate (``OU=0002 <SIREN>``, the French convention); ``extra``
        subject attributes go after the names, ``extensions`` (non-critical) after the usual."""
        key = ec.generate_private_key(ec.SECP256R1())
        attributes = [(NameOID.COUNTRY_NAME, "FR")]
        if siren:
            attributes.append((NameOID.ORGANIZATIONAL_UNIT_NAME, f"0002 {siren}"))
        attributes += [
            (NameOID.SURNAME, surname),
            (NameOID.GIVEN_NAME, given),
            (NameOID.COMMON_NAME, f"{given} {surname}"),
            *(extra or []),
        ]
        usage = [
            ExtendedKeyUsageOID.CLIENT_AUTH if client_auth else ExtendedKeyUsageOID.EMAIL_PROTECTION
        ]
        builder = (
            x509.CertificateBuilder()
            .subject_name(_name(*attributes))
            .issuer_name(self.name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(not_before)
            .not_valid_after(not_after)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage(usage), critical=False)
        )
        for extension in extensions or []:
            builder = builder.add_extension(extension, critical=False)
        return Issued(builder.sign(self.key, hashes.SHA256()), key, self)


# The 2002 « Certeurope Root CA » carries a CRL distribution points extension that
# cryptography cannot parse; this one is malformed the same way (an INTEGER where a
# DistributionPoint SEQUENCE is expected).
MALFORMED_CRL = x509.UnrecognizedExtension(
    x509.ExtensionOID.CRL_DISTRIBUTION_POINTS, bytes.fromhex("3003020105")
)
POLICY = "1.2.250.1.105.22.1.1.0"  # a policy OID under CertEurope's arc, for the tests
QUALIFIED_POLICIES = x509.CertificatePolicies(
    [x509.PolicyInformation(x509.ObjectIdentifier(POLICY), None)]
)


def to_der(certificate: x509.Certificate) -> bytes:
    return certificate.public_bytes(serialization.Encoding.DER)


def to_pem(*certificates: x509.Certificate) -> bytes:
    return b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certificates)


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
        self.write_der(issued.der, label, object_id, token)

    def write_der(self, data: bytes, label: str, object_id: str, token: str = "Carte test") -> None:
        """Write ``data`` as a certificate object (a hostile one, for some tests)."""
        der = self.folder / f"object-{object_id}.der"
        der.write_bytes(data)
        self._run(
            "pkcs11-tool", "--module", str(self.module), "--token-label", token, "--login",
            "--pin", USER_PIN, "--write-object", str(der), "--type", "cert",
            "--label", label, "--id", object_id,
        )  # fmt: skip

    def write_raw(self, data: bytes, label: str, object_id: str, token: str = "Carte test") -> None:
        """Create a certificate object holding any bytes (pkcs11-tool parses what it writes,
        so a badly encoded certificate is written through python-pkcs11, in a process of its
        own: the module reads ``SOFTHSM2_CONF`` once per process)."""
        der = self.folder / f"object-{object_id}.der"
        der.write_bytes(data)
        self._run(
            sys.executable, "-c", _WRITE_RAW, str(self.module), token, str(der), label, object_id
        )

    def _run(self, *command: str) -> None:
        done = subprocess.run(
            command, env={**os.environ, **self.env}, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stdout + done.stderr


_WRITE_RAW = f"""
import sys
from pathlib import Path
import pkcs11
from pkcs11 import Attribute, CertificateType, ObjectClass
module, token, path, label, object_id = sys.argv[1:]
lib = pkcs11.lib(module)
with lib.get_token(token_label=token).open(rw=True, user_pin="{USER_PIN}") as session:
    session.create_object({{
        Attribute.CLASS: ObjectClass.CERTIFICATE,
        Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
        Attribute.TOKEN: True,
        Attribute.LABEL: label,
        Attribute.ID: bytes.fromhex(object_id),
        Attribute.SUBJECT: bytes.fromhex("3000"),
        Attribute.VALUE: Path(path).read_bytes(),
    }})
"""


def make_softhsm(folder: Path) -> SoftHsm:
    module = softhsm_module()
    tokens = folder / "tokens"
    tokens.mkdir(parents=True)
    (folder / "softhsm2.conf").write_text(
        f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n",
        encoding="utf-8",
    )
    return SoftHsm(folder, module)
