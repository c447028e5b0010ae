"""A state with the holder of ``certs.py`` recorded, for the ``doctor`` tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from opalexe_cert.adapters.store import writer
from opalexe_cert.domain.state import Cycle, State

from certs import SIREN


def save_state(path: Path, *, expiry: str | None = None, civility: str | None = None) -> Path:
    """The holder of ``certs.py``, with a certificate in force until ``expiry`` if given."""
    answers: dict[str, Any] = {
        "siren.siren": SIREN,
        "siren.surname": "D'Aubigné-Lœwenbruck",
        "siren.given_names": "Éloïse Marie",
    }
    if expiry:
        answers |= {"activation.cert_expiry": expiry, "activation.date": "2026-10-25"}
    if civility:
        answers |= {"profile.compagnie": "acso", "profile.president_civility": civility}
    state = State(cycle=Cycle(answers=answers))  # the holder is derived from the answers
    with writer(path) as session:
        session.save(state)
    return path
