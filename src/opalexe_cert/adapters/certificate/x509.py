"""X.509 certificates read with ``cryptography``: from DER/PEM bytes, or a certificate file.

PKCS#12 files (``.p12``, ``.pfx``) hold the private key too: it is decrypted by
``cryptography`` along with the certificate, then dropped at once; only public facts leave
this module. The password is asked for only when the file needs one, and never kept.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from opalexe_cert.domain.certificate import CertificateFacts
from opalexe_cert.domain.errors import (
    CertificateError,
    FileTooLargeError,
    InputError,
    os_reason,
)

if TYPE_CHECKING:
    from cryptography import x509

# A certificate is a few kilobytes, a PKCS#12 file with its chain some tens: anything bigger
# is not one, and is refused before being read whole.
MAX_SIZE = 1024 * 1024
PKCS12_SUFFIXES = (".p12", ".pfx")
PasswordSource = Callable[[], str | None]


def facts_from_der(der: bytes, label: str = "") -> CertificateFacts:
    """Parse one DER certificate; ``CertificateError`` when it is not one."""
    from cryptography import x509

    try:
        certificate = x509.load_der_x509_certificate(der)
    except ValueError:
        raise CertificateError(
            f"L'objet « {label} » n'est pas un certificat X.509 lisible."
            if label
            else "Ce n'est pas un certificat X.509 lisible."
        ) from None
    return facts_of(certificate, label)


def facts_of(certificate: x509.Certificate, label: str = "") -> CertificateFacts:
    """The public facts of a parsed certificate."""
    from cryptography import x509
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    def values(name: x509.Name, oid: x509.ObjectIdentifier) -> tuple[str, ...]:
        return tuple(_text(a.value) for a in name.get_attributes_for_oid(oid))

    def first(name: x509.Name, oid: x509.ObjectIdentifier) -> str | None:
        found = values(name, oid)
        return found[0] if found else None

    subject, issuer = certificate.subject, certificate.issuer
    extensions = certificate.extensions

    def extension(kind: type[x509.ExtensionType]) -> x509.ExtensionType | None:
        try:
            return extensions.get_extension_for_class(kind).value
        except x509.ExtensionNotFound:
            return None

    constraints = extension(x509.BasicConstraints)
    usages = extension(x509.ExtendedKeyUsage)
    key_usage = extension(x509.KeyUsage)
    is_ca = isinstance(constraints, x509.BasicConstraints) and constraints.ca
    client_auth = (
        isinstance(usages, x509.ExtendedKeyUsage) and ExtendedKeyUsageOID.CLIENT_AUTH in usages
    )
    digital_signature = isinstance(key_usage, x509.KeyUsage) and key_usage.digital_signature
    names = {
        NameOID.SURNAME: "SN",
        NameOID.GIVEN_NAME: "GN",
        NameOID.SERIAL_NUMBER: "serialNumber",
        NameOID.ORGANIZATION_IDENTIFIER: "organizationIdentifier",
        NameOID.EMAIL_ADDRESS: "E",
    }
    return CertificateFacts(
        subject=subject.rfc4514_string(names),
        issuer=issuer.rfc4514_string(names),
        not_before=certificate.not_valid_before_utc,
        not_after=certificate.not_valid_after_utc,
        common_name=first(subject, NameOID.COMMON_NAME),
        given_name=first(subject, NameOID.GIVEN_NAME),
        surname=first(subject, NameOID.SURNAME),
        issuer_names=values(issuer, NameOID.ORGANIZATION_NAME)
        + values(issuer, NameOID.COMMON_NAME),
        organizational_units=values(subject, NameOID.ORGANIZATIONAL_UNIT_NAME),
        organization_identifiers=values(subject, NameOID.ORGANIZATION_IDENTIFIER),
        serial_numbers=values(subject, NameOID.SERIAL_NUMBER),
        is_ca=is_ca,
        client_auth=client_auth,
        digital_signature=digital_signature,
        label=label,
    )


def _text(value: str | bytes) -> str:
    return value if isinstance(value, str) else value.decode("utf-8", "replace")


def read_file(path: Path, password: PasswordSource) -> list[CertificateFacts]:
    """Every certificate of a DER, PEM or PKCS#12 file.

    ``password`` is called only for a PKCS#12 file that needs one; it returns ``None`` when
    no password can be had (no terminal, no ``--password-file``).
    """
    data = _read_bytes(path)
    if b"-----BEGIN" in data:
        return _from_pem(path, data)
    if path.suffix.lower() in PKCS12_SUFFIXES:
        return _from_pkcs12(path, data, password)
    from cryptography import x509

    try:
        return [facts_of(x509.load_der_x509_certificate(data), path.name)]
    except ValueError:
        pass
    if _looks_like_der(data):  # a PKCS#12 file under another name
        return _from_pkcs12(path, data, password)
    raise _not_a_certificate(path)


def _read_bytes(path: Path) -> bytes:
    from opalexe_cert.adapters.atomic import read_bytes

    try:
        return read_bytes(path, limit=MAX_SIZE)
    except FileTooLargeError:
        raise CertificateError(
            f"Le fichier {path} est bien trop gros pour être un certificat (quelques Ko) : "
            "vérifiez que vous avez choisi le bon fichier (.cer, .crt, .der, .pem, .p12 ou "
            ".pfx)."
        ) from None
    except FileNotFoundError:
        raise InputError(f"Le fichier {path} n'existe pas.") from None
    except OSError as exc:
        raise InputError(f"Le fichier {path} est illisible : {os_reason(exc)}.") from None


def _from_pem(path: Path, data: bytes) -> list[CertificateFacts]:
    from cryptography import x509

    try:
        found = x509.load_pem_x509_certificates(data)
    except ValueError:
        raise _not_a_certificate(path) from None
    return [facts_of(c, path.name) for c in found]


def _from_pkcs12(path: Path, data: bytes, password: PasswordSource) -> list[CertificateFacts]:
    from cryptography.hazmat.primitives.serialization import pkcs12

    try:
        bundle = pkcs12.load_pkcs12(data, None)
    except ValueError:
        if not _looks_like_der(data):
            raise _not_a_certificate(path) from None
        secret = password()
        if secret is None:
            raise InputError(
                f"Le fichier {path} est protégé par un mot de passe : lancez la commande dans "
                "un terminal pour le saisir, ou donnez un fichier qui le contient avec "
                "--password-file."
            ) from None
        try:
            bundle = pkcs12.load_pkcs12(data, secret.encode("utf-8"))
        except ValueError:
            raise CertificateError(
                f"Impossible d'ouvrir {path} : le mot de passe est incorrect, ou le fichier "
                "est abîmé."
            ) from None
        finally:
            del secret
    certificates = [c.certificate for c in bundle.additional_certs]
    if bundle.cert is not None:
        certificates.insert(0, bundle.cert.certificate)
    del bundle  # the private key goes with it
    if not certificates:
        raise CertificateError(f"Le fichier {path} ne contient aucun certificat.")
    return [facts_of(c, path.name) for c in certificates]


def _looks_like_der(data: bytes) -> bool:
    """A DER SEQUENCE whose length is the file's: a PKCS#12 structure, not random bytes."""
    if len(data) < 2 or data[0] != 0x30:
        return False
    first = data[1]
    if first < 0x80:
        return 2 + first == len(data)
    count = first & 0x7F
    if count == 0 or count > 4 or len(data) < 2 + count:
        return False
    length = int.from_bytes(data[2 : 2 + count], "big")
    return 2 + count + length == len(data)


def _not_a_certificate(path: Path) -> CertificateError:
    return CertificateError(
        f"Le fichier {path} n'est pas un certificat lisible (formats acceptés : DER ou PEM — "
        ".cer, .crt, .der, .pem — et PKCS#12 — .p12, .pfx). Il est peut-être abîmé : "
        "exportez-le de nouveau depuis Trusted Key Manager."
    )
