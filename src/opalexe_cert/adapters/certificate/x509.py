"""X.509 certificates read with ``cryptography``: from DER/PEM bytes, or a certificate file.

PKCS#12 files (``.p12``, ``.pfx``) hold the private key too: it is decrypted by
``cryptography`` along with the certificate, then dropped at once; only public facts leave
this module. The password is asked for only when the file needs one, and never kept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from opalexe_cert.domain.certificate import CertificateFacts, IssuerCheck
from opalexe_cert.domain.errors import (
    CertificateError,
    FileTooLargeError,
    InputError,
    os_reason,
)
from opalexe_cert.domain.fields import strip_unsafe

if TYPE_CHECKING:
    from cryptography import x509

# A certificate is a few kilobytes, a PKCS#12 file with its chain some tens: anything bigger
# is not one, and is refused before being read whole.
MAX_SIZE = 1024 * 1024
PKCS12_SUFFIXES = (".p12", ".pfx")
PasswordSource = Callable[[], str | None]


def facts_from_der(der: bytes, label: str = "") -> CertificateFacts:
    """Parse one DER certificate; ``CertificateError`` when it is not one, or when its
    subject or issuer cannot be read (invalid UTF-8...)."""
    from cryptography import x509

    try:
        certificate = x509.load_der_x509_certificate(der)
    except (ValueError, x509.InvalidVersion):
        shown = clean(label)
        raise CertificateError(
            f"L'objet « {shown} » n'est pas un certificat X.509 lisible."
            if shown
            else "Ce n'est pas un certificat X.509 lisible."
        ) from None
    return facts_of(certificate, label)


def facts_of(certificate: x509.Certificate, label: str = "") -> CertificateFacts:
    """The public facts of a parsed certificate, every text made safe to show.

    Never fails on a real certificate: an extension that cannot be parsed is named in
    ``unreadable_extensions`` and skipped. Only a subject or an issuer that cannot be decoded
    (invalid UTF-8...) makes it a ``CertificateError`` naming ``label``. cryptography's
    warning on an attribute over X.509's length is left to the command line, which says it
    in French (``cli/library_warnings.py``).
    """
    return _facts_of(certificate, clean(label))


def _facts_of(certificate: x509.Certificate, label: str) -> CertificateFacts:
    from cryptography import x509
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    try:
        subject, issuer = certificate.subject, certificate.issuer
    except (ValueError, TypeError):  # TypeError: a string type cryptography refuses for it
        raise CertificateError(unreadable_names(label)) from None

    def values(name: x509.Name, oid: x509.ObjectIdentifier) -> tuple[str, ...]:
        found = name.get_attributes_for_oid(oid)[:MAX_ATTRIBUTES]
        return tuple(clean(_text(a.value)) for a in found)

    def first(name: x509.Name, oid: x509.ObjectIdentifier) -> str | None:
        found = values(name, oid)
        return found[0] if found else None

    extensions, unreadable = readable_extensions(certificate)

    def extension(kind: type[x509.ExtensionType]) -> x509.ExtensionType | None:
        try:
            return extensions.get_extension_for_class(kind).value
        except x509.ExtensionNotFound:
            return None

    constraints = extension(x509.BasicConstraints)
    usages = extension(x509.ExtendedKeyUsage)
    key_usage = extension(x509.KeyUsage)
    policies = extension(x509.CertificatePolicies)
    key_cert_sign = isinstance(key_usage, x509.KeyUsage) and key_usage.key_cert_sign
    is_ca = (isinstance(constraints, x509.BasicConstraints) and constraints.ca) or key_cert_sign
    client_auth = (
        isinstance(usages, x509.ExtendedKeyUsage) and ExtendedKeyUsageOID.CLIENT_AUTH in usages
    )
    digital_signature = isinstance(key_usage, x509.KeyUsage) and key_usage.digital_signature
    return CertificateFacts(
        subject=distinguished_name(subject),
        issuer=distinguished_name(issuer),
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
        policies=tuple(
            p.policy_identifier.dotted_string
            for p in (policies if isinstance(policies, x509.CertificatePolicies) else [])
        )[:MAX_ATTRIBUTES],
        unreadable_extensions=unreadable,
        issuer_check=check_issuer(certificate),
    )


# At most this many attributes of a name, and this many characters of each, are kept: a
# hostile certificate may hold 200 attributes or 10,000 characters in one.
MAX_ATTRIBUTES = 20
MAX_ATTRIBUTE_LENGTH = 120
MAX_NAME_LENGTH = 600  # a whole subject or issuer: the state keeps lines of 1,000 at most
_SHORT_NAMES: dict[str, str] = {
    "2.5.4.4": "SN",
    "2.5.4.42": "GN",
    "2.5.4.5": "serialNumber",
    "2.5.4.97": "organizationIdentifier",
    "1.2.840.113549.1.9.1": "E",
}


def unreadable_names(label: str) -> str:
    """Why a certificate is left out when its subject or issuer cannot be decoded."""
    named = f"« {clean(label)} » " if label else ""
    return (
        f"Le certificat {named}a un sujet ou un émetteur illisible (texte mal encodé) : "
        "il est ignoré."
    )


def clean(text: str, limit: int = MAX_ATTRIBUTE_LENGTH) -> str:
    """A text read from a certificate or a token, safe to show: no control, bidi or line
    character, at most ``limit`` characters (then ``…``)."""
    safe = strip_unsafe(text)
    return safe if len(safe) <= limit else safe[: limit - 1].rstrip() + "…"


def distinguished_name(name: x509.Name) -> str:
    """A name as RFC 4514 writes it (most significant last), every value made safe and
    shortened, and at most ``MAX_ATTRIBUTES`` attributes (then ``…``)."""
    from cryptography import x509

    short_names = {x509.ObjectIdentifier(k): v for k, v in _SHORT_NAMES.items()}
    attributes = list(name)
    parts = []
    for attribute in reversed(attributes[-MAX_ATTRIBUTES:]):
        value = clean(_text(attribute.value))
        # Not validated again: a value X.520 finds too long is shown shortened, not refused.
        safe = x509.NameAttribute(attribute.oid, value, _validate=False)
        parts.append(x509.Name([safe]).rfc4514_string(short_names))
    if len(attributes) > MAX_ATTRIBUTES:
        parts.append("…")
    return clean(",".join(parts), MAX_NAME_LENGTH)


def _text(value: str | bytes) -> str:
    return value if isinstance(value, str) else value.decode("utf-8", "replace")


# --- extensions, one by one ------------------------------------------------------------------

EXTENSION_NAMES: dict[str, str] = {
    "2.5.29.14": "subjectKeyIdentifier",
    "2.5.29.15": "keyUsage",
    "2.5.29.17": "subjectAltName",
    "2.5.29.18": "issuerAltName",
    "2.5.29.19": "basicConstraints",
    "2.5.29.30": "nameConstraints",
    "2.5.29.31": "cRLDistributionPoints",
    "2.5.29.32": "certificatePolicies",
    "2.5.29.33": "policyMappings",
    "2.5.29.35": "authorityKeyIdentifier",
    "2.5.29.36": "policyConstraints",
    "2.5.29.37": "extendedKeyUsage",
    "2.5.29.46": "freshestCRL",
    "2.5.29.54": "inhibitAnyPolicy",
    "1.3.6.1.5.5.7.1.1": "authorityInfoAccess",
    "1.3.6.1.5.5.7.1.3": "qcStatements",
    "1.3.6.1.5.5.7.1.11": "subjectInfoAccess",
}


def extension_name(oid: str) -> str:
    """``cRLDistributionPoints (2.5.29.31)``, or the bare OID when it has no usual name."""
    name = EXTENSION_NAMES.get(oid)
    return f"{name} ({oid})" if name else oid


def readable_extensions(certificate: x509.Certificate) -> tuple[x509.Extensions, tuple[str, ...]]:
    """The extensions that can be parsed, and the names of those that cannot.

    ``cryptography`` parses all the extensions at once and refuses them all when one is
    malformed (the 2002 « Certeurope Root CA » has such a CRL distribution points
    extension). Then each extension is tried alone, in a copy of the certificate that holds
    only it (the copy's signature is never checked: it only serves to parse).
    """
    from cryptography import x509

    try:
        return certificate.extensions, ()
    except (ValueError, TypeError):
        pass
    from cryptography.hazmat.primitives.serialization import Encoding

    der = certificate.public_bytes(Encoding.DER)
    try:
        layout = _ExtensionLayout.of(der)
    except ValueError:
        return x509.Extensions([]), ("(extensions illisibles)",)
    kept: list[x509.Extension[x509.ExtensionType]] = []
    unreadable: list[str] = []
    for raw, oid in zip(layout.extensions, layout.oids, strict=True):
        try:
            found = list(x509.load_der_x509_certificate(layout.with_only([raw])).extensions)
        except (ValueError, TypeError, x509.InvalidVersion):
            unreadable.append(extension_name(oid))
            continue
        kept.extend(found)
    return x509.Extensions(kept), tuple(unreadable)


def _tlv(data: bytes, at: int) -> tuple[int, int, int]:
    """The tag, the content's start and the content's end of the DER element at ``at``."""
    if at + 2 > len(data):
        raise ValueError("truncated")
    tag, first = data[at], data[at + 1]
    if first < 0x80:
        return tag, at + 2, at + 2 + first
    count = first & 0x7F
    if count == 0 or count > 4 or at + 2 + count > len(data):
        raise ValueError("bad length")
    length = int.from_bytes(data[at + 2 : at + 2 + count], "big")
    start = at + 2 + count
    if start + length > len(data):
        raise ValueError("truncated")
    return tag, start, start + length


def _header(tag: int, length: int) -> bytes:
    if length < 0x80:
        return bytes([tag, length])
    size = length.to_bytes((length.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(size)]) + size


def _oid_text(content: bytes) -> str:
    numbers: list[int] = []
    value = 0
    for byte in content:
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            numbers.append(value)
            value = 0
    if not numbers:
        return "?"
    first = min(numbers[0] // 40, 2)
    return ".".join(str(n) for n in [first, numbers[0] - 40 * first, *numbers[1:]])


@dataclass(frozen=True)
class _ExtensionLayout:
    """Where the extensions sit in a certificate's DER, to rebuild it with fewer of them."""

    der: bytes
    tbs: tuple[int, int]  # the TBSCertificate's content: start and end
    block: tuple[int, int]  # the [3] element's start and end, inside the TBSCertificate
    extensions: tuple[bytes, ...]
    oids: tuple[str, ...]

    @classmethod
    def of(cls, der: bytes) -> _ExtensionLayout:
        _, cert_start, _ = _tlv(der, 0)
        _, tbs_start, tbs_end = _tlv(der, cert_start)
        at = tbs_start
        while at < tbs_end:
            tag, start, end = _tlv(der, at)
            if tag == 0xA3:
                _, list_start, list_end = _tlv(der, start)
                raws, oids = [], []
                item = list_start
                while item < list_end:
                    _, content, item_end = _tlv(der, item)
                    _, oid_start, oid_end = _tlv(der, content)
                    raws.append(der[item:item_end])
                    oids.append(_oid_text(der[oid_start:oid_end]))
                    item = item_end
                return cls(der, (tbs_start, tbs_end), (at, end), tuple(raws), tuple(oids))
            at = end
        raise ValueError("no extensions")

    def with_only(self, extensions: list[bytes]) -> bytes:
        """The certificate's DER with only ``extensions`` (its signature no longer matches)."""
        tbs_start, tbs_end = self.tbs
        block_start, block_end = self.block
        body = b"".join(extensions)
        listed = _header(0x30, len(body)) + body
        block = _header(0xA3, len(listed)) + listed if extensions else b""
        tbs_body = self.der[tbs_start:block_start] + block + self.der[block_end:tbs_end]
        tbs = _header(0x30, len(tbs_body)) + tbs_body
        rest = self.der[tbs_end:]
        return _header(0x30, len(tbs) + len(rest)) + tbs + rest


# --- the issuer, checked against CertEurope's authorities -----------------------------------


def check_issuer(certificate: x509.Certificate) -> IssuerCheck:
    """``verified`` when the issuer is one of CertEurope's authorities of the shipped trusted
    list and its key verifies the signature; ``bad_signature`` when the issuer has the exact
    name of one of them but its key does not verify it (a forgery); else ``not_listed``."""
    from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm

    try:
        issuer = certificate.issuer
    except (ValueError, TypeError):
        return "not_listed"
    candidates = [a for a in certeurope_authorities() if a.subject == issuer]
    if not candidates:
        return "not_listed"
    for authority in candidates:
        try:
            certificate.verify_directly_issued_by(authority)
        except (InvalidSignature, ValueError, TypeError):
            continue
        except UnsupportedAlgorithm:  # cannot be checked here: not a verdict either way
            return "not_listed"
        return "verified"
    return "bad_signature"


@dataclass(frozen=True)
class TrustedListSnapshot:
    """The shipped extract of the French trusted list: CertEurope's authorities."""

    sequence_number: int
    issued: str  # ISO date and time, as the list writes it
    authorities: tuple[bytes, ...]  # DER certificates


@cache
def trusted_list() -> TrustedListSnapshot:
    """The snapshot shipped with the package (``data/certeurope-trusted-list.json``)."""
    import base64
    import json
    from importlib import resources

    raw = resources.files("opalexe_cert").joinpath("data", "certeurope-trusted-list.json")
    data = json.loads(raw.read_text(encoding="utf-8"))
    return TrustedListSnapshot(
        sequence_number=int(data["sequence_number"]),
        issued=str(data["issued"]),
        authorities=tuple(base64.b64decode(a["certificate"]) for a in data["authorities"]),
    )


@cache
def certeurope_authorities() -> tuple[x509.Certificate, ...]:
    """CertEurope's authorities of the snapshot, parsed."""
    from cryptography import x509

    return tuple(x509.load_der_x509_certificate(der) for der in trusted_list().authorities)


Skipped = Callable[[str], None]


def _ignore(message: str) -> None:
    """Where skipped certificates are told when the caller does not listen."""


def read_file(
    path: Path, password: PasswordSource, skipped: Skipped = _ignore
) -> list[CertificateFacts]:
    """Every readable certificate of a DER, PEM or PKCS#12 file.

    ``password`` is called only for a PKCS#12 file that needs one; it returns ``None`` when
    no password can be had (no terminal, no ``--password-file``). A certificate of the file
    that cannot be read (its subject badly encoded...) is told to ``skipped`` and left out;
    when none can be read, ``CertificateError``.
    """
    data = _read_bytes(path)
    if b"-----BEGIN" in data:
        found = _from_pem(path, data)
    elif path.suffix.lower() in PKCS12_SUFFIXES or _looks_like_pkcs12(data):
        found = _from_pkcs12(path, data, password)
    else:
        from cryptography import x509

        try:
            found = [x509.load_der_x509_certificate(data)]
        except (ValueError, x509.InvalidVersion):
            raise _not_a_certificate(path) from None
    return readable(found, path.name, skipped)


def readable(
    certificates: list[x509.Certificate], label: str, skipped: Skipped = _ignore
) -> list[CertificateFacts]:
    """The facts of each certificate that can be read; the others are told to ``skipped``
    (numbered when there are several); ``CertificateError`` when none can be read."""
    found: list[CertificateFacts] = []
    last_problem = ""
    for number, certificate in enumerate(certificates, start=1):
        name = label if len(certificates) == 1 else f"{label} n° {number}"
        try:
            found.append(facts_of(certificate, label))
        except CertificateError:
            last_problem = unreadable_names(name)
            skipped(last_problem)
    if not found:
        raise CertificateError(last_problem or f"Le fichier {label} ne contient aucun certificat.")
    return found


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


def _from_pem(path: Path, data: bytes) -> list[x509.Certificate]:
    from cryptography import x509

    try:
        return x509.load_pem_x509_certificates(data)
    except (ValueError, x509.InvalidVersion):
        raise _not_a_certificate(path) from None


def _from_pkcs12(path: Path, data: bytes, password: PasswordSource) -> list[x509.Certificate]:
    from cryptography.hazmat.primitives.serialization import pkcs12

    try:
        bundle = pkcs12.load_pkcs12(data, None)
    except ValueError:
        if not _looks_like_pkcs12(data):
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
    return certificates


# PFX ::= SEQUENCE { version INTEGER (3), authSafe ContentInfo (SEQUENCE { OID pkcs7-data or
# pkcs7-signedData, ... }), ... }: what a PKCS#12 file starts with, whatever its password.
_PKCS7_CONTENT = bytes.fromhex("06092a864886f70d0107")


def _looks_like_pkcs12(data: bytes) -> bool:
    """A PKCS#12 structure (version 3, then PKCS#7 content), not any DER or random bytes."""
    try:
        tag, start, end = _tlv(data, 0)
        if tag != 0x30 or end != len(data) or data[start : start + 3] != b"\x02\x01\x03":
            return False
        tag, content, _ = _tlv(data, start + 3)
    except ValueError:
        return False
    return tag == 0x30 and data[content : content + len(_PKCS7_CONTENT)] == _PKCS7_CONTENT


def _not_a_certificate(path: Path) -> CertificateError:
    return CertificateError(
        f"Le fichier {path} n'est pas un certificat lisible (formats acceptés : DER ou PEM — "
        ".cer, .crt, .der, .pem — et PKCS#12 — .p12, .pfx). Il est peut-être abîmé : "
        "exportez-le de nouveau depuis Trusted Key Manager."
    )
