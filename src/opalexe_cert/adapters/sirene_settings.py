"""The SIRENE client's settings as one value (no HTTP library here, so it is cheap to import).

The command line reads and checks them once at start-up (``cli/environment.py``) and hands
them to ``sirene.client_for``; nothing below the command line reads environment variables.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Source = Literal["recherche-entreprises", "insee"]
SOURCES: tuple[Source, ...] = ("recherche-entreprises", "insee")

DEFAULT_RECHERCHE_URL = "https://recherche-entreprises.api.gouv.fr"
DEFAULT_INSEE_URL = "https://api.insee.fr/api-sirene/3.11"
INSEE_KEY_ENV = "OPALEXE_CERT_INSEE_API_KEY"
"""Where the expert puts the INSEE key (named in the messages that ask for it)."""
INSEE_URL_ENV = "OPALEXE_CERT_INSEE_URL"
"""Where the INSEE service's address may be changed (named in the messages)."""

TOTAL_TIMEOUT = 12.0
"""Seconds one look-up may take in all: the expert is never held longer."""


@dataclass(frozen=True)
class SireneSettings:
    """Which service to ask, where, with which key, and how long to wait."""

    source: Source = "recherche-entreprises"
    recherche_url: str = DEFAULT_RECHERCHE_URL
    insee_url: str = DEFAULT_INSEE_URL
    insee_key: str | None = None
    timeout: float = 10.0
    """Read timeout of one request, in seconds."""
    backoff: float = 0.5
    """First wait between two tries, in seconds (doubled each time)."""
    retry_after_max: float | None = None
    """The longest wait a service may ask for before a retry (``None``: ``deadline``)."""
    deadline: float = TOTAL_TIMEOUT
    """The whole look-up, retries and waits included, in seconds."""

    @property
    def retry_after_cap(self) -> float:
        """The longest wait accepted before a retry; a longer one ends the look-up."""
        return self.deadline if self.retry_after_max is None else self.retry_after_max
