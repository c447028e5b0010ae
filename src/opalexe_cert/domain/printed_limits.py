"""How long each free-text answer may be: what its place on the printed pages holds.

Each limit is checked when the answer is given (wizard and answers file) and stated in the
refusal; ``tests/test_printed_limits.py`` prints a dossier with every answer at its limit and
reads the pages back. The surname and the addresses have their own rules (an envelope line
of 38 characters, ``address.py``); the short name too (``fields.ENVELOPE_LINE``).
"""

from __future__ import annotations

from typing import NamedTuple

from opalexe_cert.domain.vocabulary import StepId


class Limit(NamedTuple):
    """At most ``length`` characters, to fit ``where`` (French, for the message)."""

    length: int
    where: str


# By field: (step, name), as ``procedure.field`` names it.
LIMITS: dict[tuple[StepId, str], Limit] = {
    (StepId.PROFILE, "compagnie_name"): Limit(150, "l’en-tête de l’attestation et les lettres"),
    (StepId.PROFILE, "court_of_appeal"): Limit(
        40, "la ligne de votre qualité, sous votre nom, en tête des lettres"
    ),
    (StepId.PROFILE, "president_name"): Limit(70, "le cadre de signature de l’attestation"),
    (StepId.PROFILE, "email"): Limit(80, "l’en-tête des lettres"),
    (StepId.SIREN, "given_names"): Limit(60, "l’en-tête et la signature des lettres"),
    (StepId.PAYMENT, "reference"): Limit(40, "l’objet de la lettre à CertEurope"),
}


def check_length(step: StepId, name: str, value: str) -> None:
    """Refuse (``ValueError``, French) an answer longer than its place on the pages holds."""
    limit = LIMITS.get((step, name))
    if limit is None or len(value) <= limit.length:
        return
    shown = value if len(value) <= 60 else value[:59] + "…"
    raise ValueError(
        f"« {shown} » compte {len(value)} caractères ; {limit.length} au plus, pour tenir dans "
        f"{limit.where}"
    )
