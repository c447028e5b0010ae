"""The saved state: the current cycle's answers, the holder, the history of finished cycles.

Answers are kept as the canonical JSON values of ``fields.validate`` under their stable keys
(``offer.medium``), so the state file reads like an answers file and stays replayable.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, model_serializer

from opalexe_cert.domain.fields import AnswerValue
from opalexe_cert.domain.identity import Identity, LegalUnit

SCHEMA_VERSION = 1
CertificateSource = Literal["file", "card"]


class CertificateRecord(BaseModel):
    """A certificate read from a file or the card (``opalexe-cert certificate --record``).

    Only public facts: never a key, a PIN or a password. It describes the recorded
    ``activation.cert_expiry`` only while its ``expiry`` is that date (a date typed later wins).
    """

    model_config = ConfigDict(extra="forbid", defer_build=True)

    expiry: dt.date
    source: CertificateSource
    subject: str
    issuer: str
    not_before: dt.date


class _KeepsCertificate(BaseModel):
    """A cycle that may know the certificate read; without one, the key is left out of the
    file, so that a state without a certificate is written as before this field existed."""

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

    number: int = 1
    answers: dict[str, AnswerValue] = Field(default_factory=dict)
    lookup: LegalUnit | None = None
    started_on: dt.date | None = None  # the day ``renew`` started it (None for the first)


class FinishedCycle(_KeepsCertificate):
    """A cycle that ended with an activated certificate, kept when a renewal starts."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    number: int
    answers: dict[str, AnswerValue]
    completed_on: dt.date | None = None
    cert_expiry: dt.date | None = None


class State(BaseModel):
    """Everything opalexe-cert remembers about one expert."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    schema_version: int = SCHEMA_VERSION
    holder: Identity = Field(default_factory=Identity)
    cycle: Cycle = Field(default_factory=Cycle)
    history: list[FinishedCycle] = Field(default_factory=list)

    @property
    def answers(self) -> dict[str, AnswerValue]:
        """The current cycle's answers."""
        return self.cycle.answers

    def date(self, key: str) -> dt.date | None:
        """A recorded date answer (``account.date``), or ``None``."""
        value = self.cycle.answers.get(key)
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
