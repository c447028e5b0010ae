"""Typed facts of a cycle: the dates and choices that rules, documents and the calendar read.

Answers are stored as strings under stable keys (``president_mail.id_expiry``); this module
reads them once, typed, so that the rest of the code asks ``facts.id_expiry`` instead of
spelling a key. Keys are resolved through ``procedure.field`` when the module is imported:
a renamed field fails at once instead of silently reading as ``None``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from opalexe_cert.domain.address import CERTEUROPE_NAME_LINES, Address
from opalexe_cert.domain.fields import AnswerValue
from opalexe_cert.domain.procedure import KEPT_ON_RENEWAL, STEPS, field
from opalexe_cert.domain.state import CertificateRecord, State
from opalexe_cert.domain.vocabulary import Handover, Medium, StepId, handover_of, medium_of

_EMAIL = field(StepId.PROFILE, "email").key
_MEDIUM = field(StepId.OFFER, "medium").key
_HANDOVER = field(StepId.OFFER, "handover").key
_ID_EXPIRY = field(StepId.PRESIDENT_MAIL, "id_expiry").key
_CERT_EXPIRY = field(StepId.ACTIVATION, "cert_expiry").key
_CERTEUROPE_ADDRESS = field(StepId.CERTEUROPE_MAIL, "address").key
_ATTESTATION = field(StepId.ORDER_EMAIL, "attestation_included").key
_PHONE = field(StepId.PROFILE, "phone").key
_REFERENCE = field(StepId.PAYMENT, "reference").key
_AMOUNT = field(StepId.PAYMENT, "amount").key


def _date(value: AnswerValue) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else None


def _text(value: AnswerValue) -> str | None:
    return value if isinstance(value, str) else None


@dataclass(frozen=True)
class CycleFacts:
    """One cycle's answers, typed. ``done`` holds the date of every step done, by step id."""

    number: int
    done: Mapping[StepId, dt.date]
    email: str | None
    medium: Medium | None
    handover: Handover | None
    id_expiry: dt.date | None
    cert_expiry: dt.date | None
    certeurope_address: Address | None  # read back once here; the documents carry it
    attestation_included: bool | None
    phone: str | None = None
    payment_reference: str | None = None
    payment_amount: float | None = None
    started_on: dt.date | None = None

    def date(self, step_id: StepId) -> dt.date | None:
        """The date on which step ``step_id`` was done, or ``None``."""
        if step_id not in _STEP_IDS:
            raise KeyError(step_id)
        return self.done.get(step_id)

    @property
    def courier(self) -> bool:
        """Whether the courier, not the President, checks the holder's identity."""
        return self.handover is Handover.COURIER


_STEP_IDS = frozenset(s.id for s in STEPS)


def of_this_cycle(
    step_id: StepId, day: dt.date | None, started_on: dt.date | None
) -> dt.date | None:
    """A step's date, or ``None`` when the step was carried over by the renewal that started
    the cycle (``KEPT_ON_RENEWAL``: the profile, the identity) and its date is from before it,
    an earlier cycle's. Any other step's date was given in this cycle, whatever the day."""
    if started_on is None or day is None or step_id not in KEPT_ON_RENEWAL:
        return day
    return None if day < started_on else day


def facts_of(
    answers: Mapping[str, AnswerValue], number: int = 1, started_on: dt.date | None = None
) -> CycleFacts:
    """The typed facts of a cycle's answers (the current cycle's, or a finished one's)."""
    dates = {
        s.id: of_this_cycle(s.id, _date(answers.get(s.date_field.key)), started_on) for s in STEPS
    }
    done = {step_id: day for step_id, day in dates.items() if day is not None}
    medium, handover = answers.get(_MEDIUM), answers.get(_HANDOVER)
    attestation, amount = answers.get(_ATTESTATION), answers.get(_AMOUNT)
    phone = _text(answers.get(_PHONE))
    return CycleFacts(
        number=number,
        done=done,
        email=_text(answers.get(_EMAIL)),
        medium=medium_of(medium),
        handover=handover_of(handover),
        id_expiry=_date(answers.get(_ID_EXPIRY)),
        cert_expiry=_date(answers.get(_CERT_EXPIRY)),
        certeurope_address=Address.stored(
            _text(answers.get(_CERTEUROPE_ADDRESS)), name_lines=CERTEUROPE_NAME_LINES
        ),
        attestation_included=attestation if isinstance(attestation, bool) else None,
        phone=phone.strip() or None if phone else None,
        payment_reference=_text(answers.get(_REFERENCE)),
        payment_amount=float(amount) if isinstance(amount, int | float) else None,
        started_on=started_on,
    )


def cycle_facts(state: State) -> CycleFacts:
    """The current cycle's facts."""
    return facts_of(state.answers, state.cycle.number, state.cycle.started_on)


# --- the certificate in force ----------------------------------------------------------------


@dataclass(frozen=True)
class CertificateInForce:
    """The certificate the expert uses now, and the cycle that issued it.

    ``record`` is what ``opalexe-cert certificate --record`` read, while it describes this
    expiry (a date typed later wins); ``source`` is then ``file`` or ``card``, else ``typed``.
    """

    expiry: dt.date
    cycle: int
    activated_on: dt.date | None
    record: CertificateRecord | None = None

    @property
    def source(self) -> str:
        """Where the expiry comes from: ``typed``, ``file`` or ``card``."""
        return self.record.source if self.record is not None else "typed"


def _record(expiry: dt.date, record: CertificateRecord | None) -> CertificateRecord | None:
    return record if record is not None and record.expiry == expiry else None


def certificate_in_force(state: State) -> CertificateInForce | None:
    """This cycle's certificate once its expiry is recorded, else the last finished one's."""
    current = cycle_facts(state)
    if current.cert_expiry is not None:
        return CertificateInForce(
            current.cert_expiry,
            current.number,
            current.date(StepId.ACTIVATION),
            _record(current.cert_expiry, state.cycle.certificate),
        )
    return previous_certificate(state)


def previous_certificate(state: State) -> CertificateInForce | None:
    """The certificate of the last finished cycle, the one in force when this cycle began."""
    if not state.history or state.history[-1].cert_expiry is None:
        return None
    last = state.history[-1]
    assert last.cert_expiry is not None
    return CertificateInForce(
        last.cert_expiry,
        last.number,
        last.completed_on,
        _record(last.cert_expiry, last.certificate),
    )


def in_force(state: State) -> tuple[dt.date, CertificateRecord | None] | None:
    """The certificate in force: its expiry and, when it was read, what was read.

    This cycle's once its expiry is recorded, else the last finished cycle's. A record whose
    expiry differs from the recorded one was overtaken by a date typed later: it is ignored.
    """
    found = certificate_in_force(state)
    return (found.expiry, found.record) if found is not None else None


SOURCE_LABELS: dict[str, str] = {
    "typed": "date saisie à la main",
    "file": "date lue dans le fichier du certificat",
    "card": "date lue sur la carte ou la clé USB",
}


def in_force_data(state: State) -> dict[str, str | None] | None:
    """The ``certificate`` object of ``status --json`` (``docs/schemas/status.schema.json``),
    or ``None``."""
    found = in_force(state)
    if found is None:
        return None
    expiry, record = found
    data: dict[str, str | None] = {"expiry": expiry.isoformat(), "source": "typed"}
    if record is not None:
        data.update(
            source=record.source,
            subject=record.subject,
            issuer=record.issuer,
            not_before=record.not_before.isoformat(),
        )
    return data
