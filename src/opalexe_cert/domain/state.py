"""The saved state: the current cycle's answers, the holder, the history of finished cycles.

Answers are kept as the canonical JSON values of ``fields.validate`` under their stable keys
(``offer.medium``), so the state file reads like an answers file and stays replayable.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from opalexe_cert.domain.fields import AnswerValue
from opalexe_cert.domain.identity import Identity, LegalUnit

SCHEMA_VERSION = 1


class Cycle(BaseModel):
    """One request for a certificate, from the first step to activation."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    number: int = 1
    answers: dict[str, AnswerValue] = Field(default_factory=dict)
    lookup: LegalUnit | None = None


class FinishedCycle(BaseModel):
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
