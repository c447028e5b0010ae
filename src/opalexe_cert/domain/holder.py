"""The holder, derived: the identity SIRENE found, replaced field by field by the answers typed.

The holder has one home, the answers (with what the look-up found): ``State.holder`` is
derived from them each time it is read, never stored and trusted. A hand edit of the state
file's ``holder`` is therefore not shown, and no answer can silently drop it.
"""

from __future__ import annotations

from collections.abc import Mapping

from opalexe_cert.domain import names
from opalexe_cert.domain.address import HOLDER_NAME_LINES, Address
from opalexe_cert.domain.fields import AnswerValue
from opalexe_cert.domain.identity import Identity, LegalUnit, differences, sirene_values
from opalexe_cert.domain.procedure import field
from opalexe_cert.domain.vocabulary import StepId

IDENTITY_NAMES = ("civility", "surname", "given_names", "address")
_SIREN = field(StepId.SIREN, "siren").key
_CONFIRM = field(StepId.SIREN, "confirm").key
_TYPED = {name: field(StepId.SIREN, name).key for name in IDENTITY_NAMES}
_READ = (_SIREN, _CONFIRM, *_TYPED.values())
"""Every answer ``holder_of`` reads."""

HolderInputs = tuple[tuple[type, AnswerValue], ...]


def holder_inputs(answers: Mapping[str, AnswerValue]) -> HolderInputs:
    """The answers ``holder_of`` reads, each with its type (``True == 1`` in Python): the same
    inputs, with the same look-up, give the same holder."""
    return tuple((type(value), value) for value in map(answers.get, _READ))


def holder_of(answers: Mapping[str, AnswerValue], unit: LegalUnit | None) -> Identity:
    """The holder: the identity found, replaced field by field by the answers typed.

    Names are written the French way (``names.py``) whichever way they came. The holder is
    ``verified`` only when SIRENE's unit is the recorded SIREN's and every field it gives
    matches the recorded one; a new SIREN starts from its own identity.
    """
    siren = answers.get(_SIREN)
    seen = sirene_values(unit) if unit is not None else {}
    adopted = answers.get(_CONFIRM) is not False

    def pick(name: str) -> str | None:
        typed = answers.get(_TYPED[name])
        if isinstance(typed, str):
            return typed
        if unit is not None and adopted:
            return seen.get(name)
        return None

    typed_address = answers.get(_TYPED["address"])
    if isinstance(typed_address, str):  # the state's answer, read back once here
        address = Address.stored(typed_address, name_lines=HOLDER_NAME_LINES)
    else:
        address = unit.address if unit is not None and adopted else None
    civility = pick("civility")
    surname, given = pick("surname"), pick("given_names")
    # Made without validating again what was checked where it entered: each value is an
    # answer the state's validator (or the wizard) checked, written the French way, or the
    # look-up's validated unit. Building the identity's validator cost about 3 ms of every
    # command that reads a state, and a new state's empty holder would make the wizard's
    # first question wait for it (and for pydantic's search for plugins);
    # ``tests/test_holder_home.py`` validates holders made from generated answers and
    # look-ups and finds them unchanged.
    holder = Identity.model_construct(
        siren=siren if isinstance(siren, str) else None,
        civility=civility if civility in ("M.", "Mme") else None,
        surname=names.surname(surname) if surname else None,
        given_names=names.given_names(given) if given else None,
        address=address,
    )
    holder.verified = (
        unit is not None
        and unit.siren == holder.siren
        and unit.is_natural_person
        and public_identity(unit)
        and not differences(holder, unit)
    )
    return holder


def public_identity(unit: LegalUnit) -> bool:
    """Whether SIRENE gives the holder's name: an identity typed for a unit that hides it
    was never compared, so it cannot be verified."""
    return unit.surname is not None and unit.given_names is not None
