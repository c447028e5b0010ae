"""The saved state: the current cycle's answers, the holder, the history of finished cycles.

Answers are kept as the canonical JSON values of ``fields.validate`` under their stable keys
(``offer.medium``), so the state file reads like an answers file and stays replayable.
"""

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    SerializerFunctionWrapHandler,
    StrictInt,
    field_validator,
    model_serializer,
)

from opalexe_cert.domain.fields import AnswerValue, check_stored, in_range, stored_date
from opalexe_cert.domain.holder import HolderInputs, holder_inputs, holder_of
from opalexe_cert.domain.identity import Identity, LegalUnit, Text
from opalexe_cert.domain.procedure import FIELDS

SCHEMA_VERSION = 1
CertificateSource = Literal["file", "card"]
MAX_CYCLES = 1_000
"""A cycle lasts years: a number above this was not written by opalexe-cert."""

StoredDate = Annotated[dt.date, BeforeValidator(stored_date)]
"""A date in the state file: ``AAAA-MM-JJ`` exactly, between 1900 and 2200."""


def _stored_moment(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        raise ValueError("une date et heure avec son fuseau horaire est attendue")
    in_range(value.date())
    return value


StoredMoment = Annotated[dt.datetime, AfterValidator(_stored_moment)]
"""An instant in the state file: with its time zone, between 1900 and 2200 (converting it to
UTC can then never overflow)."""
CycleNumber = Annotated[StrictInt, Field(ge=1, le=MAX_CYCLES)]


class BadAnswer(ValueError):
    """A recorded answer the state file holds is not valid (``key`` names it)."""

    def __init__(self, key: str, reason: str) -> None:
        super().__init__(reason)
        self.key = key
        self.reason = reason


def check_answers(answers: dict[str, AnswerValue]) -> dict[str, AnswerValue]:
    """Every key is a known field and every value one the field could have recorded."""
    for key, value in answers.items():
        field = FIELDS.get(key)
        if field is None:
            raise BadAnswer(key, "cette clé est inconnue")
        try:
            check_stored(field, value)
        except ValueError as exc:
            raise BadAnswer(key, str(exc)) from None
    return answers


class CertificateRecord(BaseModel):
    """A certificate read from a file or the card (``opalexe-cert certificate --record``).

    Only public facts: never a key, a PIN or a password. It describes the recorded
    ``activation.cert_expiry`` only while its ``expiry`` is that date (a date typed later wins).
    """

    model_config = ConfigDict(extra="forbid", defer_build=True)

    expiry: StoredDate
    source: CertificateSource
    subject: Text
    issuer: Text
    not_before: StoredDate


class _KeepsCertificate(BaseModel):
    """A cycle that may know the certificate read; without one, the key is left out of the
    file, so that a state without a certificate is written as before this field existed."""

    model_config = ConfigDict(defer_build=True)  # built with the cycle that uses it, if ever

    certificate: CertificateRecord | None = None

    @model_serializer(mode="wrap")
    def _without_empty_certificate(self, handler: SerializerFunctionWrapHandler) -> Any:
        data = handler(self)
        if isinstance(data, dict):
            for key in ("certificate", "started_on"):  # optional, added after version 1
                if key in data and data[key] is None:
                    del data[key]
        return data


class Cycle(_KeepsCertificate):
    """One request for a certificate, from the first step to activation."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    number: CycleNumber = 1
    answers: dict[str, AnswerValue] = Field(default_factory=dict)
    lookup: LegalUnit | None = None
    started_on: StoredDate | None = None  # the day ``renew`` started it (None for the first)

    _check_answers = field_validator("answers")(check_answers)


class FinishedCycle(_KeepsCertificate):
    """A cycle that ended with an activated certificate, kept when a renewal starts."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    number: CycleNumber
    answers: dict[str, AnswerValue]
    completed_on: StoredDate | None = None
    cert_expiry: StoredDate | None = None
    started_on: StoredDate | None = None  # the day ``renew`` started it (None for the first)

    _check_answers = field_validator("answers")(check_answers)


def _no_finished_cycles() -> list[FinishedCycle]:
    """A new state's history. Not ``list`` itself: pydantic inspects the signature of a
    ``default_factory``, and a built-in's costs a compilation of ``tokenize``'s patterns
    (about 2 ms of every start-up)."""
    return []


REMINDER_KEY = r"^[a-z_]{1,40}/\d{4}-\d{2}-\d{2}/(\d{1,4}|overdue)$"
"""The key of a sent reminder: deadline, due date, threshold in days (or ``overdue``)."""
CalendarId = Annotated[str, Field(pattern=r"^[0-9a-f]{32}$")]


class CalendarMark(BaseModel):
    """What the last calendar export said of one event (by UID): a fingerprint of its
    content, its ``SEQUENCE`` and when it last changed (``LAST-MODIFIED``)."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    fingerprint: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    sequence: Annotated[StrictInt, Field(ge=0, le=1_000_000)] = 0
    modified: StoredMoment


class State(BaseModel):
    """Everything opalexe-cert remembers about one expert."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    schema_version: StrictInt = SCHEMA_VERSION
    written_holder: Identity = Field(default_factory=Identity, alias="holder", exclude=True)
    """The ``holder`` the file holds: checked when read, never trusted (``holder`` derives it
    from the answers, and writes that one back)."""
    cycle: Cycle = Field(default_factory=Cycle)
    history: list[FinishedCycle] = Field(default_factory=_no_finished_cycles)
    calendar_id: CalendarId | None = None
    """A random identifier, made at the first ``calendar`` export: the events' UIDs are built
    on it (never on personal data), so they stay the same whatever the expert changes."""
    calendar: dict[str, CalendarMark] = Field(default_factory=dict)
    """What the last export said of each event, to raise its SEQUENCE when it changes."""
    reminders: dict[Annotated[str, Field(pattern=REMINDER_KEY)], StoredMoment] = Field(
        default_factory=dict
    )
    """The reminders an SMTP server accepted, by key (``renewal/2029-10-20/90``): each is sent
    once."""
    _holder: tuple[HolderInputs, LegalUnit | None, Identity] | None = PrivateAttr(default=None)
    """The last holder derived, with what it was derived from: never read from the file."""

    @model_serializer(mode="wrap")
    def _without_empty_calendar(self, handler: SerializerFunctionWrapHandler) -> Any:
        data = handler(self)
        if isinstance(data, dict):  # optional, added after version 1: old files stay as they were
            if data.get("calendar_id") is None:
                data.pop("calendar_id", None)
            for key in ("calendar", "reminders"):
                if not data.get(key):
                    data.pop(key, None)
            # The holder derived from the answers, where the file always had it.
            version = data.pop("schema_version", self.schema_version)
            data = {"schema_version": version, "holder": self.holder.model_dump(), **data}
        return data

    def __eq__(self, other: object) -> bool:
        """The same state when the same file would be written: the holder read from a file
        (``written_holder``) does not count, the one derived from the answers does."""
        if not isinstance(other, State):
            return NotImplemented
        return self.model_dump() == other.model_dump()

    @property
    def holder(self) -> Identity:
        """The holder, derived from the current cycle's answers and look-up (``holder.py``):
        the state file's ``holder`` is checked when read but never trusted.

        Derived again only when what it depends on changed (``status`` reads it tens of
        times): the answers it reads, compared by type and value, and the same look-up.
        """
        cycle = self.cycle
        inputs = holder_inputs(cycle.answers)
        known = self._holder
        if known is not None and known[0] == inputs and known[1] is cycle.lookup:
            return known[2]
        holder = holder_of(cycle.answers, cycle.lookup)
        self._holder = (inputs, cycle.lookup, holder)
        return holder

    @property
    def answers(self) -> dict[str, AnswerValue]:
        """The current cycle's answers."""
        return self.cycle.answers

    def date(self, key: str) -> dt.date | None:
        """A recorded date answer (``account.date``), or ``None``."""
        value = self.cycle.answers.get(key)
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
