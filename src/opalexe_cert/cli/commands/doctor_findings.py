"""What ``doctor`` found: its checks, and the values read on the way (for ``--rapport``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from opalexe_cert.adapters.certificate.browsers import NssDatabase, Policies
from opalexe_cert.adapters.certificate.card import ModuleChoice, Probe
from opalexe_cert.adapters.certificate.vendors import VendorModule
from opalexe_cert.domain.certificate import CertificateFacts
from opalexe_cert.domain.fields import strip_unsafe
from opalexe_cert.domain.state import State

Status = Literal["ok", "warning", "failure"]
MARKS: dict[Status, tuple[str, str]] = {
    "ok": ("✔", "green"),
    "warning": ("⚠", "yellow"),
    "failure": ("✘", "bold red"),
}
FIELD_LIMIT = 120
"""The longest value read from a card, a certificate or a browser file that is shown whole."""


def shown(value: object, limit: int = FIELD_LIMIT) -> str:
    """A value read from a card, a certificate or a browser file, safe to show: no control,
    bidi or line-break characters, and shortened when very long."""
    text = strip_unsafe(str(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class Check:
    """One line of the diagnosis."""

    id: str
    status: Status
    message: str
    fix: str | None = None

    def __post_init__(self) -> None:  # whatever went in, one clean line comes out
        object.__setattr__(self, "message", strip_unsafe(self.message))
        if self.fix is not None:
            object.__setattr__(self, "fix", strip_unsafe(self.fix))

    def data(self) -> dict[str, str | None]:
        """The check's object in ``doctor --json``."""
        return {"id": self.id, "status": self.status, "message": self.message, "fix": self.fix}


@dataclass
class Diagnosis:
    """Every check, and what was found on the way (for ``--rapport``)."""

    checks: list[Check] = field(default_factory=list)
    module: ModuleChoice | None = None
    seen: Probe | None = None
    certificate: CertificateFacts | None = None
    databases: list[NssDatabase] = field(default_factory=list)
    policies: Policies | None = None
    vendors: list[VendorModule] = field(default_factory=list)
    state: State | None = None
    store: list[CertificateFacts] | None = None  # the system's store (Windows), when read


def certificates_text(count: int) -> str:
    """« 1 certificat », « 2 certificats »."""
    return f"{count} certificat{'s' if count > 1 else ''}"
