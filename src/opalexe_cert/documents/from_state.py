"""From the saved state to ``DossierData``: the only place where documents meet the core.

Pure (no reportlab): the command uses it, and so do tests that check what gets printed.
"""

from __future__ import annotations

import datetime as dt
import re

from opalexe_cert import compagnie as core_compagnie
from opalexe_cert import engine
from opalexe_cert.documents.data import ACSO, Compagnie, DossierData, Holder
from opalexe_cert.state import State

CERTEUROPE_ADDRESS_KEY = "certeurope_mail.address"
_ADDRESSEE_LINE = re.compile(r"^(monsieur|madame|m\.|mme|pr[ée]sident|pr[ée]sidente)\b", re.I)


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


def postal_address(found: core_compagnie.Compagnie) -> tuple[str, ...]:
    """The President's postal address without the addressee lines the expert may have typed.

    The documents write « Monsieur X » and « Président de la … » themselves (and shorten them
    to fit the norm), so leading lines naming the President or the compagnie are dropped.
    """
    lines = list(found.address_lines)
    name = found.president_name.casefold()
    while len(lines) > 2 and (
        _ADDRESSEE_LINE.match(lines[0])
        or name in lines[0].casefold()
        or found.name.casefold() in lines[0].casefold()
    ):
        lines.pop(0)
    return tuple(lines)


def compagnie(state: State) -> Compagnie:
    """The compagnie to print: ACSO (the guide's, and the default) or the one entered."""
    found = engine.compagnie(state)
    if found is None or found.key == "acso":
        return ACSO
    return Compagnie(
        name=found.name,
        court_of_appeal=found.court_of_appeal,
        president_civility=found.president_civility,
        president_name=found.president_name,
        address_lines=postal_address(found),
    )


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
