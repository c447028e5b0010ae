"""Every fact of the guide (ACSO, Bordeaux), written once: durations, URLs, names.

Each duration is kept as typed numbers (for the deadlines) and as its French wording, built
from the same numbers (for the texts), with the no-break spaces of ``docs/typography.md``: « 3 à 6
semaines » never breaks across lines. Texts, rules, letters and calendar entries read these
values; a test checks that no other module of ``src/`` writes them again.

Also here: the one rule that decides whether an ID is still valid on a date (the wizard,
``status`` and the documents all ask it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from opalexe_cert.domain.dates import add_months
from opalexe_cert.domain.typography import NBSP


def _range(low: int, high: int, unit: str) -> str:
    return f"{low}{NBSP}à{NBSP}{high}{NBSP}{unit}"


@dataclass(frozen=True)
class Span:
    """A duration of the guide: from ``low`` to ``high`` units (equal for a single value)."""

    low: int
    high: int
    unit: str  # "mois" or "semaines"

    @property
    def text(self) -> str:
        """« 1 mois », « 3 à 6 semaines », « 2 à 3 mois » (no-break spaces inside)."""
        if self.low == self.high:
            return f"{self.low}{NBSP}{self.unit}"
        return _range(self.low, self.high, self.unit)

    @property
    def high_text(self) -> str:
        """The upper bound alone: « 6 semaines »."""
        return f"{self.high}{NBSP}{self.unit}"


# --- durations -------------------------------------------------------------------------------

PREPARATION = Span(1, 1, "mois")
"""From the portal log-in to the dossier sent to CertEurope: about one month."""
DELIVERY = Span(3, 6, "semaines")
"""The card or key arrives 3 to 6 weeks after the dossier was sent."""
RENEWAL = Span(2, 3, "mois")
"""Start the new request 2 to 3 months before the certificate expires."""
ID_MARGIN = Span(3, 3, "mois")
"""An ID expiring within 3 months of the sending date may lapse while CertEurope works."""
CERTIFICATE_WARNING = Span(2, 2, "mois")
"""The last 2 months of a certificate: the renewal is late (the ``certificate`` deadline)."""
CERTIFICATE_USUAL = Span(3, 3, "ans")
"""How long the guide's certificates last."""
CERTIFICATE_LIFETIME_YEARS = (1, 4)
"""A plausible expiry: 1 to 4 years after activation (the guide's certificates last about 3)."""

WHOLE_PROCEDURE = f"environ {PREPARATION.text} plus {DELIVERY.text}"
"""The whole procedure, in a sentence of the calendar."""
DURATION_ADVICE = (
    f"Comptez environ {PREPARATION.text} jusqu'à l'envoi du dossier complet à CertEurope, "
    f"puis {DELIVERY.text} pour recevoir votre support."
)
"""The whole procedure, as ``status`` and the wizard say it before the dossier is sent."""


def delivery_window(sent: dt.date) -> tuple[dt.date, dt.date]:
    """When the support should arrive, for a dossier sent on ``sent``."""
    return sent + dt.timedelta(weeks=DELIVERY.low), sent + dt.timedelta(weeks=DELIVERY.high)


def preparation_end(start: dt.date) -> dt.date:
    """The day the dossier should have left, counted from the portal log-in."""
    return add_months(start, PREPARATION.high)


def renewal_window(expiry: dt.date) -> tuple[dt.date, dt.date]:
    """When to start the renewal of a certificate expiring on ``expiry``."""
    return add_months(expiry, -RENEWAL.high), add_months(expiry, -RENEWAL.low)


def certificate_window(expiry: dt.date) -> tuple[dt.date, dt.date]:
    """The last months of a certificate, when it must be replaced urgently."""
    return add_months(expiry, -CERTIFICATE_WARNING.high), expiry


def id_window(expiry: dt.date) -> tuple[dt.date, dt.date]:
    """The months before an ID expires, when it is about to lapse."""
    return add_months(expiry, -ID_MARGIN.high), expiry


def plausible_certificate_expiry(activated: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last plausible expiry dates of a certificate activated on ``activated``."""
    low, high = CERTIFICATE_LIFETIME_YEARS
    return add_months(activated, 12 * low), add_months(activated, 12 * high)


# --- the ID's validity -----------------------------------------------------------------------


class IdValidity(StrEnum):
    """Whether an ID can go in a dossier on a given date."""

    VALID = "valid"
    EXPIRES_SOON = "expires_soon"  # valid, but expires within ``ID_MARGIN`` (bounds included)
    EXPIRED = "expired"  # expired before that date


def id_validity(expiry: dt.date, on: dt.date) -> IdValidity:
    """The ID's state on ``on``: valid on its expiry day, expired the day after.

    Calendar months: an ID expiring on 12 December "expires within 3 months"
    from 12 September on, that day included, the same day as the ``id_validity`` deadline's
    start.
    """
    if expiry < on:
        return IdValidity.EXPIRED
    if on >= id_window(expiry)[0]:
        return IdValidity.EXPIRES_SOON
    return IdValidity.VALID


# --- addresses and names ---------------------------------------------------------------------

PORTAL_URL = "https://portail-pki.certeurope.fr/ws/EXPERTS"
"""CertEurope's portal, where the order is made."""
SUPPORT_URL = "https://support.certeurope.fr/"
"""CertEurope's support site: Trusted Key Manager, and help."""
CERTEUROPE_SUPPORT_EMAIL = "support@certeurope.fr"
"""CertEurope's support, for the card, its reader and the certificate."""
OPALEXE_SUPPORT_EMAIL = "support@opalexe.fr"
"""OPALEXE's support, for the platform itself."""
SUPPORT_SOURCE = (
    "publiées par le référent national OPALEXE en 2017 (cnejos.org, rubrique « actualités »)"
)
"""Where the two support addresses come from: old, hence to be checked before writing."""

ACSO_NAME = "Compagnie des Experts de Justice ACSO"
ACSO_COURT_OF_APPEAL = "Bordeaux"
ACSO_PRESIDENT_CIVILITY = "M."
ACSO_PRESIDENT_NAME = "Marc GAUTHIER"
ACSO_ADDRESS = ("8 place des Quinconces", "33000 BORDEAUX")
