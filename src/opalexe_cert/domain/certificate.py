"""The delivered certificate as plain facts, and how it compares with what the state says.

The adapters (``adapters/certificate``) turn an X.509 certificate read from a file or a card
into ``CertificateFacts``; everything the command then decides (is it CertEurope's, is it
valid today, is it the holder's, which expiry to record) is decided here, without
cryptography, so that it can be tested with plain values.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal
from zoneinfo import ZoneInfo

from opalexe_cert.domain.dates import format_date
from opalexe_cert.domain.fields import MAX_YEAR, MIN_YEAR, strip_unsafe
from opalexe_cert.domain.identity import Identity
from opalexe_cert.domain.state import CertificateRecord, CertificateSource

PARIS = ZoneInfo("Europe/Paris")
ISSUER_NAME = "CertEurope"
# French convention: the SIREN (or the SIRET, whose first 9 digits are the SIREN) in an
# organizational unit, after the ICD code 0002 (SIRENE).
_OU_SIREN = re.compile(r"^\s*0002\s*:?\s*(\d{3}\s?\d{3}\s?\d{3})(?:\s?\d{5})?\s*$")
# ETSI EN 319 412-1 semantics in organizationIdentifier: "NTRFR-" + SIREN or SIRET (national
# trade register), "SI:FR-" + SIREN (as CertEurope's own authorities write it), and
# "VATFR-" + the VAT number (a 2-digit key, then the SIREN).
_ORG_ID_SIREN = re.compile(r"^\s*(?:NTRFR-|SI:FR-)\s*(\d{9})(?:\d{5})?\s*$", re.IGNORECASE)
_VAT_SIREN = re.compile(r"^\s*VATFR-?\s*(\d{2})(\d{9})\s*$", re.IGNORECASE)
_DIGITS_ONLY = re.compile(r"^\s*(\d{3}\s?\d{3}\s?\d{3})\s*$")
IssuerCheck = Literal["verified", "bad_signature", "not_listed"]
"""The issuer against CertEurope's authorities of the shipped trusted list: its key verified
the signature; it has the exact name of one of them but its key does not verify it; it is
not one of them (unknown, or not CertEurope)."""


@dataclass(frozen=True)
class CertificateFacts:
    """What a certificate says, as read by an adapter (times are timezone-aware, in UTC)."""

    subject: str
    issuer: str
    not_before: dt.datetime
    not_after: dt.datetime
    common_name: str | None = None
    given_name: str | None = None
    surname: str | None = None
    issuer_names: tuple[str, ...] = ()  # the issuer's organization and common names
    organizational_units: tuple[str, ...] = ()
    organization_identifiers: tuple[str, ...] = ()
    serial_numbers: tuple[str, ...] = ()  # the subject's serialNumber attributes
    is_ca: bool = False
    client_auth: bool = False  # extended key usage "TLS client authentication"
    digital_signature: bool = False  # key usage
    label: str = ""  # where it was found: a file name, a token object's label
    policies: tuple[str, ...] = ()  # certificate policy OIDs, dotted
    unreadable_extensions: tuple[str, ...] = ()  # extensions that could not be parsed
    issuer_check: IssuerCheck = "not_listed"

    @property
    def issuer_verified(self) -> bool:
        """The signature was verified with the key of one of CertEurope's authorities."""
        return self.issuer_check == "verified"

    @property
    def expiry(self) -> dt.date:
        """``notAfter`` as the date in Europe/Paris (what Trusted Key Manager shows)."""
        return paris_date(self.not_after)

    @property
    def start(self) -> dt.date:
        """``notBefore`` as the date in Europe/Paris."""
        return paris_date(self.not_before)

    @property
    def siren(self) -> str | None:
        """The SIREN the certificate carries, when it carries one."""
        return siren_of(self)

    @property
    def holder_name(self) -> str:
        """The holder's name as the certificate writes it."""
        if self.given_name and self.surname:
            return f"{self.given_name} {self.surname}"
        return self.common_name or self.subject


def paris_date(moment: dt.datetime) -> dt.date:
    """The calendar date in Europe/Paris of an instant (naive instants are taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    try:
        return moment.astimezone(PARIS).date()
    except OverflowError:  # 9999-12-31 23:59:59Z ("no expiry", RFC 5280) has no Paris date
        return moment.date()


def siren_of(facts: CertificateFacts) -> str | None:
    """``OU=0002 <SIREN or SIRET>`` first, then ``organizationIdentifier`` (``NTRFR-``,
    ``SI:FR-``, ``VATFR-`` with a key that fits), then a 9-digit ``serialNumber``; ``None``
    when the certificate carries no SIREN."""
    patterns = (
        (_OU_SIREN, facts.organizational_units),
        (_ORG_ID_SIREN, facts.organization_identifiers),
        (_DIGITS_ONLY, facts.serial_numbers),
    )
    for pattern, values in patterns:
        for value in values:
            match = pattern.match(value)
            if match:
                return match.group(1).replace(" ", "")
    for value in facts.organization_identifiers:
        vat = _VAT_SIREN.match(value)
        if vat and int(vat.group(1)) == vat_key(vat.group(2)):
            return vat.group(2)
    return None


def vat_key(siren: str) -> int:
    """The 2-digit key of the French VAT number of a SIREN: ``FR`` + key + SIREN."""
    return (12 + 3 * (int(siren) % 97)) % 97


def name_tokens(text: str) -> frozenset[str]:
    """The words of a name without accents, case, punctuation or order: ``Éloïse-Marie
    d'Artagnan`` and ``D'ARTAGNAN Eloise Marie`` give the same set."""
    return frozenset(_plain(text).split())


def _plain(text: str) -> str:
    """Lower case, no accents, words separated by single spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    plain = plain.replace("œ", "oe").replace("æ", "ae").replace("ß", "ss")
    return " ".join(w for w in re.split(r"[^0-9a-z]+", plain) if w)


def same_person(facts: CertificateFacts, holder: Identity) -> bool:
    """Whether the certificate names the holder recorded.

    Every word of the certificate's name is one of the holder's, and every word of the
    surname is in the certificate: a certificate usually carries only the first given name,
    while SIRENE lists them all.
    """
    cert = name_tokens(facts.holder_name)
    surname = name_tokens(holder.surname or "")
    everything = surname | name_tokens(holder.given_names or "")
    return bool(cert) and bool(surname) and surname <= cert and cert <= everything


def is_certeurope(facts: CertificateFacts) -> bool:
    """The issuer names CertEurope in its organization or common name (a name only: see
    ``issuer_problem`` for what the signature says)."""
    wanted = ISSUER_NAME.casefold()
    return any(wanted in "".join(_plain(n).split()) for n in facts.issuer_names)


def authority_problem(
    facts: CertificateFacts, source: CertificateSource | None = None
) -> str | None:
    """Why an authority's certificate is not the holder's (``None`` for a holder's), with
    what to do: export the right one from a file, activate it on a card."""
    if not facts.is_ca:
        return None
    name = facts.common_name or facts.subject
    if source == "card":
        what_to_do = (
            "La carte ou la clé ne contient pas de certificat à votre nom : activez-le avec "
            "Trusted Key Manager et le code d'activation reçu de CertEurope."
        )
    else:
        what_to_do = (
            "Exportez avec Trusted Key Manager le certificat qui porte votre nom et votre "
            "prénom, ou lisez-le directement sur la carte ou la clé USB."
        )
    return (
        f"Ce certificat est celui de l'autorité de certification « {name} » : c'est un maillon "
        f"de la chaîne de confiance de CertEurope, pas le certificat à votre nom. {what_to_do}"
    )


def issuer_problem(facts: CertificateFacts) -> str | None:
    """Why the issuer is not CertEurope, or ``None``: the issuer must name CertEurope, and
    when it has the exact name of one of CertEurope's authorities, its key must verify the
    signature."""
    if not is_certeurope(facts):
        return (
            f"Ce certificat n'a pas été délivré par {ISSUER_NAME} (son émetteur est "
            f"« {facts.issuer} ») ; ce n'est pas le certificat d'accès à OPALEXE."
        )
    if facts.issuer_check == "bad_signature":
        authority = issuer_short(facts)
        return (
            f"Ce certificat porte le nom d'une autorité de {ISSUER_NAME} (« {authority} »), "
            f"mais sa signature n'est pas celle de cette autorité : il n'a pas été délivré par "
            f"{ISSUER_NAME}."
        )
    return None


UNVERIFIED_ISSUER = (
    "L'émetteur « {issuer} » porte le nom de CertEurope mais ne fait pas partie des autorités "
    "de CertEurope de la liste de confiance française connue d'opalexe-cert. Sa signature n'a "
    "donc pas pu être contrôlée (émetteur non vérifié)."
)


def issuer_note(facts: CertificateFacts) -> str | None:
    """The warning for an issuer named CertEurope that could not be checked, or ``None``."""
    if is_certeurope(facts) and facts.issuer_check == "not_listed":
        return UNVERIFIED_ISSUER.format(issuer=issuer_short(facts))
    return None


def unreadable_note(facts: CertificateFacts) -> str | None:
    """The extensions that could not be read and were skipped, or ``None``."""
    if not facts.unreadable_extensions:
        return None
    names = ", ".join(facts.unreadable_extensions)
    several = len(facts.unreadable_extensions) > 1
    what = "Extensions illisibles ignorées" if several else "Extension illisible ignorée"
    return f"{what} (le reste du certificat est lu normalement) — {names}."


@dataclass(frozen=True)
class Verdict:
    """The comparison of a certificate with the state: problems stop ``--record``."""

    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Nothing stands in the way of recording the expiry."""
        return not self.problems


def days_left(facts: CertificateFacts, today: dt.date) -> int:
    """Days from today to the expiry date (negative once expired)."""
    return (facts.expiry - today).days


def judge(
    facts: CertificateFacts,
    holder: Identity,
    today: dt.date,
    source: CertificateSource | None = None,
) -> Verdict:
    """Compare a certificate with the recorded holder on ``today``; the
    ``source`` (file or card) only adapts the advice for an authority's certificate."""
    problems: list[str] = []
    notes = [n for n in (unreadable_note(facts),) if n]
    authority = authority_problem(facts, source)
    if authority is not None:
        return Verdict([authority], notes)
    if not all(MIN_YEAR <= day.year <= MAX_YEAR for day in (facts.start, facts.expiry)):
        problems.append(
            f"Les dates de validité de ce certificat (du {format_date(facts.start)} au "
            f"{format_date(facts.expiry)}) ne sont pas plausibles : ce n'est pas le "
            "certificat d'accès à OPALEXE."
        )
        return Verdict(problems, notes)
    issuer = issuer_problem(facts)
    if issuer is not None:
        problems.append(issuer)
    unverified = issuer_note(facts)
    if unverified is not None:
        notes.append(unverified)
    if today < facts.start:
        problems.append(
            f"Ce certificat n'est pas encore valide : il ne le sera qu'à partir du "
            f"{format_date(facts.start)}."
        )
    elif today > facts.expiry:
        problems.append(
            f"Ce certificat a expiré le {format_date(facts.expiry)} : il ne permet plus "
            "d'accéder à OPALEXE."
        )
    if holder.surname:
        if not same_person(facts, holder):
            recorded = " ".join(p for p in (holder.given_names, holder.surname) if p)
            problems.append(
                f"Ce certificat est au nom de « {facts.holder_name} », pas du titulaire "
                f"enregistré (« {recorded} »)."
            )
    else:
        notes.append("Aucun titulaire n'est encore enregistré, le nom n'a donc pas été comparé.")
    siren = facts.siren
    if siren and holder.siren and siren != holder.siren:
        problems.append(
            f"Ce certificat porte le SIREN {siren}, pas celui du titulaire enregistré "
            f"({holder.siren})."
        )
    elif siren is None:
        notes.append("Ce certificat ne porte pas de SIREN : seul le nom a été comparé.")
    return Verdict(problems, notes)


def preferred(candidates: list[CertificateFacts]) -> list[CertificateFacts]:
    """The certificates that may be the holder's authentication certificate, best first.

    Authority certificates (a chain exported with the certificate) are left out; when several
    remain, those marked for client authentication come first. When there are only
    authorities, the first alone (``judge`` refuses it as the chain of trust).
    """
    leaves = [c for c in candidates if not c.is_ca] or list(candidates[:1])
    authentication = [c for c in leaves if c.client_auth]
    return authentication if len(authentication) == 1 else leaves


def preselected(candidates: list[CertificateFacts], today: dt.date) -> int:
    """Which of several certificates to offer first: CertEurope's (not a forgery) valid today
    for authentication, else CertEurope's valid today, else the first."""

    def certeurope_valid(facts: CertificateFacts) -> bool:
        return (
            not facts.is_ca
            and issuer_problem(facts) is None
            and facts.start <= today <= facts.expiry
        )

    for wanted in (lambda c: certeurope_valid(c) and c.client_auth, certeurope_valid):
        for index, candidate in enumerate(candidates):
            if wanted(candidate):
                return index
    return 0


def issuer_short(facts: CertificateFacts) -> str:
    """The issuer's common name (else organization, else whole name), to tell certificates
    apart in a list."""
    return facts.issuer_names[-1] if facts.issuer_names else facts.issuer


def record_of(facts: CertificateFacts, source: CertificateSource) -> CertificateRecord:
    """What the state keeps of a certificate read (never a key, a PIN or a password)."""
    return CertificateRecord(
        expiry=facts.expiry,
        source=source,
        subject=strip_unsafe(facts.subject),
        issuer=strip_unsafe(facts.issuer),
        not_before=facts.start,
    )
