"""From the saved state to ``DossierData``: the only place where documents meet the core.

Pure (no reportlab): the command uses it, and so do tests that check what gets printed.

``Holder`` and ``DossierData`` are made here without validation (``model_construct``): every
value comes typed from the state, whose validator checked it when the file was read, so
``print-dossier`` builds no second validator for the same values (about 7 ms).
``tests/test_dossier_data_from_state.py`` checks that validating them changes nothing.
"""

from __future__ import annotations

import datetime as dt

from opalexe_cert.adapters.documents.data import DossierData, Holder
from opalexe_cert.domain import texts
from opalexe_cert.domain.compagnie import DEFAULT_COMPAGNIE, Compagnie
from opalexe_cert.domain.facts import cycle_facts
from opalexe_cert.domain.procedure import field
from opalexe_cert.domain.state import State
from opalexe_cert.domain.vocabulary import StepId

CERTEUROPE_ADDRESS_KEY = field(StepId.CERTEUROPE_MAIL, "address").key


def holder(state: State) -> Holder | None:
    """The holder to print, once every field the dossier needs is recorded."""
    identity = state.holder
    if not identity.complete:
        return None
    assert identity.civility and identity.surname and identity.given_names and identity.siren
    assert identity.address is not None
    facts = cycle_facts(state)
    return Holder.model_construct(
        civility=identity.civility,
        surname=identity.surname,
        given_names=identity.given_names,
        siren=identity.siren,
        address=identity.address,
        email=facts.email,
        phone=facts.phone,
    )


def compagnie(state: State) -> Compagnie:
    """The compagnie to print: the one recorded, else ACSO (the guide's, and the default)."""
    return texts.compagnie(state) or DEFAULT_COMPAGNIE


def _done_on(state: State, step_id: StepId) -> dt.date | None:
    """The date a step was done, or ``None`` while it is not."""
    return cycle_facts(state).date(step_id)


def dossier_data(state: State, today: dt.date) -> DossierData:
    """Everything the dossier prints, as known in ``state`` on ``today`` (the day it runs)."""
    facts = cycle_facts(state)
    return DossierData.model_construct(
        holder=holder(state),
        compagnie=compagnie(state),
        medium=facts.medium,
        handover=facts.handover,
        certeurope_address=facts.certeurope_address,
        id_expiry=facts.id_expiry,
        letter_date=today,
        order_received=_done_on(state, StepId.ORDER_EMAIL) is not None,
        attestation_included=facts.attestation_included is not False,
        president_sent_on=_done_on(state, StepId.PRESIDENT_MAIL),
        president_returned_on=_done_on(state, StepId.PRESIDENT_RETURN),
        certeurope_sent_on=_done_on(state, StepId.CERTEUROPE_MAIL),
        payment_reference=(facts.payment_reference or "").strip() or None,
        payment_date=_done_on(state, StepId.PAYMENT),
        payment_amount=facts.payment_amount,
    )
