"""The wizard reads the certificate itself: at activation, and again when a renewal nears.

Typing the expiry by hand moves every renewal deadline with a typo; reading it from the card
(or a file exported with Trusted Key Manager) does not. What was read is kept aside until
the expiry is recorded, then stored with it (``AttachCertificate``).

The modules that read and judge a certificate are imported when one is read, not before the
wizard's first question.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from opalexe_cert.cli import prompts
from opalexe_cert.cli.environment import Environment
from opalexe_cert.cli.wizard import screens
from opalexe_cert.domain import engine
from opalexe_cert.domain.dates import format_date
from opalexe_cert.domain.errors import OpalexeError
from opalexe_cert.domain.flow import Writer
from opalexe_cert.domain.procedure import field as field_of
from opalexe_cert.domain.state import CertificateRecord, State
from opalexe_cert.domain.vocabulary import StepId

if TYPE_CHECKING:
    from opalexe_cert.cli.certificate_reading import Reading
    from opalexe_cert.domain.certificate import CertificateFacts

_ACTIVATION_CERT_EXPIRY = field_of(StepId.ACTIVATION, "cert_expiry").key

CARD, FILE, TYPE = "card", "file", "type"
CHOICES = (
    (CARD, "La lire sur la carte ou la clé USB (branchée sur cet ordinateur)"),
    (FILE, "La lire dans un fichier du certificat (exporté avec Trusted Key Manager)"),
    (TYPE, "La saisir moi-même"),
)


class CertificateOffer:
    """Offers to read the expiry before it is typed; remembers what was read."""

    def __init__(self, env: Environment) -> None:
        self.today = env.today
        self.out = env.out
        self.module = env.pkcs11_module
        self.pending: CertificateRecord | None = None

    def expiry(self, state: State) -> str | None:
        """The expiry read and accepted (ISO), or ``None`` when the expert will type it."""
        from opalexe_cert.cli.certificate_reading import show
        from opalexe_cert.domain.certificate import judge, record_of

        default = CARD
        while True:
            how = prompts.select(
                self.out,
                "Comment indiquer la date d'expiration du certificat ?",
                CHOICES,
                default=default,
            )
            if how == TYPE:
                return None
            try:
                reading = self._read(how)
            except OpalexeError as exc:
                screens.refused(self.out, exc.message)
                default = how
                continue
            verdict = judge(reading.facts, state.holder, self.today, reading.source)
            show(self.out, reading, verdict, self.today, state)
            if verdict.ok:
                self.pending = record_of(reading.facts, reading.source)
                return reading.facts.expiry.isoformat()
            for problem in verdict.problems:
                screens.refused(self.out, problem)
            default = TYPE

    def _read(self, how: str) -> Reading:
        from opalexe_cert.cli.certificate_reading import pick_among, read_from_card, read_from_file

        def _pick(candidates: list[CertificateFacts]) -> CertificateFacts:
            return pick_among(self.out, candidates, self.today)

        if how == CARD:
            return read_from_card(self.out, None, self.module, _pick)
        typed = prompts.text(
            self.out, "Chemin du fichier du certificat (.cer, .crt, .der, .pem, .p12 ou .pfx)"
        )
        path = Path((typed or "").strip().strip("'\"")).expanduser()
        return read_from_file(self.out, path, password_file=None, interactive=True, pick=_pick)


class AttachCertificate:
    """A writer that stores what was read with the expiry it gave, as soon as it is recorded."""

    def __init__(self, writer: Writer, offer: CertificateOffer) -> None:
        self._writer = writer
        self._offer = offer
        self.state = writer.state

    def save(self, state: State) -> None:
        """Save, with the certificate read when its expiry is the one recorded."""
        pending = self._offer.pending
        if pending is not None and state.date(_ACTIVATION_CERT_EXPIRY) == pending.expiry:
            state = engine.attach_certificate(state, pending)
        self._writer.save(state)
        self.state = state


def reread_card(env: Environment, state: State) -> State | None:
    """Before a renewal: when the card can be read and its certificate's expiry is not the one
    recorded, offer to record it. ``None`` when there is nothing to change."""
    from opalexe_cert.cli.certificate_reading import read_from_card
    from opalexe_cert.domain.certificate import judge, record_of
    from opalexe_cert.domain.facts import in_force

    today = env.today
    found = in_force(state)
    if found is None or not engine.is_complete(state):
        return None
    try:
        reading = read_from_card(env.out, None, env.pkcs11_module, _only_one)
    except OpalexeError:
        return None  # no module, no reader, no card: the typed date stands
    facts = reading.facts
    if facts.expiry == found[0] or not judge(facts, state.holder, today).ok:
        return None
    if not prompts.yes_no(
        env.out,
        f"Le certificat de votre carte expire le {format_date(facts.expiry)}, et non le "
        f"{format_date(found[0])} comme enregistré. Enregistrer la date de la carte ?",
    ):
        return None
    return engine.record_certificate(state, record_of(facts, "card"), today)


def _only_one(candidates: list[CertificateFacts]) -> CertificateFacts:
    if len(candidates) != 1:
        raise OpalexeError("plusieurs certificats")  # not worth a question before a renewal
    return candidates[0]
