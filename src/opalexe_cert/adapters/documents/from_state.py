"""From the saved state to ``DossierData``: the only place where documents meet the core.

Pure (no reportlab): the command uses it, and so do tests that check what gets printed.
"""

from __future__ import annotations

import datetime as dt

from opalexe_cert.adapters.documents.data import DossierData, Holder
from opalexe_cert.domain import engine
from opalexe_cert.domain.compagnie import ACSO, Compagnie
from opalexe_cert.domain.state import State

CERTEUROPE_ADDRESS_KEY = "certeurope_mail.address"


def _lines(text: object) -> tuple[str, ...] | None:
    """The non-blank lines of a recorded address, or ``None`` when not recorded."""
    if not isinstance(text, str):
        return None
    lines = tuple(line.strip() for line in text.split("\n") if line.strip())
    return lines or None


def holder(state: State) -> Holder | None:
    """The holder to print, once every field the dossier needs is recorded."""
    identity = state.holder
    if not identity.complete:
        return None
    assert identity.civility and identity.surname and identity.given_names and identity.siren
    email = state.answers.get("profile.email")
    return Holder(
        civility=identity.civility,
        surname=identity.surname,
        given_names=identity.given_names,
        siren=identity.siren,
        address_lines=tuple(identity.address_lines),
        email=email if isinstance(email, str) else None,
    )


def compagnie(state: State) -> Compagnie:
    """The compagnie to print: the one recorded, else ACSO (the guide's, and the default)."""
    return engine.compagnie(state) or ACSO


def dossier_data(state: State, today: dt.date) -> DossierData:
    """Everything the dossier prints, as known in ``state``; the letters are dated ``today``."""
    answers = state.answers
    medium = answers.get("offer.medium")
    handover = answers.get("offer.handover")
    return DossierData(
        holder=holder(state),
        compagnie=compagnie(state),
        medium=medium if medium in ("card", "usb_key") else None,  # type: ignore[arg-type]
        handover=handover if handover in ("president", "courier") else None,  # type: ignore[arg-type]
        certeurope_address=_lines(answers.get(CERTEUROPE_ADDRESS_KEY)),
        id_expiry=state.date("president_mail.id_expiry"),
        letter_date=today,
    )
