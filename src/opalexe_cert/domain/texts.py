"""The steps' wording: their ``{placeholders}`` filled for this expert, and answers as a
person reads them.

The texts themselves are the procedure's (``procedure.py``) and the catalogues'
(``vocabulary.py``, ``compagnie.py``); this module agrees them with the President's civility
(« la Présidente »), the holder's (« présente »), the handover chosen and the compagnie.
"""

from __future__ import annotations

import datetime as dt

from opalexe_cert.domain import guide
from opalexe_cert.domain.address import PRESIDENT_NAME_LINES, Address, AddressError
from opalexe_cert.domain.compagnie import (
    COMPAGNIES,
    DEFAULT_COMPAGNIE,
    OTHER_COMPAGNIE,
    SHORT_NAME_MAX,
    Compagnie,
    ShortName,
)
from opalexe_cert.domain.dates import format_date
from opalexe_cert.domain.fields import Answers, AnswerValue, Field, Kind
from opalexe_cert.domain.procedure import Step
from opalexe_cert.domain.procedure import field as field_of
from opalexe_cert.domain.state import State
from opalexe_cert.domain.typography import euros
from opalexe_cert.domain.vocabulary import Handover, StepId, handover_of, medium_of

_OFFER_HANDOVER = field_of(StepId.OFFER, "handover").key
_OFFER_MEDIUM = field_of(StepId.OFFER, "medium").key
_ORDER_EMAIL_ATTESTATION_INCLUDED = field_of(StepId.ORDER_EMAIL, "attestation_included").key
_PROFILE_COMPAGNIE = field_of(StepId.PROFILE, "compagnie").key
_PROFILE_COURT = field_of(StepId.PROFILE, "court_of_appeal").key
_PROFILE_COMPAGNIE_ADDRESS = field_of(StepId.PROFILE, "compagnie_address").key
_PROFILE_COMPAGNIE_SHORT_NAME = field_of(StepId.PROFILE, "compagnie_short_name").key
_PROFILE_EMAIL = field_of(StepId.PROFILE, "email").key
_PROFILE_PRESIDENT_CIVILITY = field_of(StepId.PROFILE, "president_civility").key
_PROFILE_PRESIDENT_NAME = field_of(StepId.PROFILE, "president_name").key


# --- answers as a person reads them ----------------------------------------------------------


def choice_label(state: State, field: Field, value: AnswerValue) -> str:
    """A choice's French label, agreed with the President's civility (« par la Présidente »).

    The labels are written for a President; this is the one place that adapts them."""
    return field.choice_label(value).replace("le Président", context(state)["the_president"])


def shown_value(state: State, field: Field, value: AnswerValue) -> str:
    """A recorded answer as a person reads it: a choice's label, a French date, Oui/Non."""
    if value is None:
        return "(sans réponse)"
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    if field.choices:
        return choice_label(state, field, value)
    if field.kind in (Kind.DATE, Kind.PAST_DATE) and isinstance(value, str):
        return format_date(dt.date.fromisoformat(value))
    if field.kind is Kind.AMOUNT and isinstance(value, int | float):
        return euros(value)
    if field.kind is Kind.ADDRESS:
        address = Address.stored(str(value), name_lines=field.name_lines)
        return address.one_line() if address else ""
    return str(value)


def short_name_notice(proposal: ShortName) -> str:
    """Why a short name should be given: the name derived is cut where it fit."""
    return (
        f"Le nom de la compagnie ne tient pas sur une ligne d'enveloppe ({SHORT_NAME_MAX} "
        f"caractères) et ne se raccourcit pas de lui-même ; les enveloppes porteront « "
        f"{proposal.text} ». Indiquez un nom court qui se lise bien dans « "
        f"{_PROFILE_COMPAGNIE_SHORT_NAME} »."
    )


# --- what a step's texts refer to ------------------------------------------------------------


def compagnie(state: State) -> Compagnie | None:
    """The expert's compagnie: a registered one (ACSO), one entered in full, or ``None`` while
    unknown."""
    answers = state.answers
    short = answers.get(_PROFILE_COMPAGNIE_SHORT_NAME)
    short_name = short.strip() if isinstance(short, str) and short.strip() else None
    key = str(answers.get(_PROFILE_COMPAGNIE))
    if key in COMPAGNIES:
        return _corrected(COMPAGNIES[key], answers, short_name)
    if key != OTHER_COMPAGNIE:
        return None
    values = {
        name: answers.get(field_of(StepId.PROFILE, key).key)
        for name, key in (
            ("name", "compagnie_name"),
            ("court_of_appeal", "court_of_appeal"),
            ("president_civility", "president_civility"),
            ("president_name", "president_name"),
            ("address", "compagnie_address"),
        )
    }
    if not all(isinstance(v, str) for v in values.values()):
        return None
    address = Address.stored(str(values.pop("address")), name_lines=PRESIDENT_NAME_LINES)
    if address is None:
        return None
    return Compagnie.model_validate(
        {"key": OTHER_COMPAGNIE, "address": address, "short_name": short_name, **values}
    )


def _corrected(known: Compagnie, answers: Answers, short_name: str | None) -> Compagnie:
    """A registered compagnie (ACSO) as the guide gives it, with what the expert corrected (a
    presidency changes): the President's civility, name and the address, when recorded."""
    changes: dict[str, object] = {}
    civility = answers.get(_PROFILE_PRESIDENT_CIVILITY)
    if civility in ("M.", "Mme"):
        changes["president_civility"] = civility
    name = answers.get(_PROFILE_PRESIDENT_NAME)
    if isinstance(name, str) and name.strip():
        changes["president_name"] = name.strip()
    address = answers.get(_PROFILE_COMPAGNIE_ADDRESS)
    if isinstance(address, str) and address.strip():
        changes["address"] = Address.stored(address, name_lines=PRESIDENT_NAME_LINES)
    if short_name:
        changes["short_name"] = short_name
    court = answers.get(_PROFILE_COURT)
    if isinstance(court, str) and court.strip():
        changes["court_of_appeal"] = court.strip()
    return known.model_copy(update=changes) if changes else known


_NO_SUPPORT = ("votre support (carte ou clé USB)", "de votre support (carte ou clé USB)")


def _president_address(found: Compagnie | None) -> str:
    """The President's address as the envelope and the letter print it; as recorded when it
    cannot be printed (``print-dossier`` then says which line to correct)."""
    if found is None:
        return "(compagnie à préciser)"
    try:
        lines = found.president_envelope_lines
    except AddressError:
        lines = found.president_address_lines
    return "".join(f"\n    {line}" for line in lines)


def _registered(state: State) -> Compagnie:
    """The registered compagnie chosen, as the guide gives it (the default one until chosen)."""
    return COMPAGNIES.get(str(state.answers.get(_PROFILE_COMPAGNIE)), DEFAULT_COMPAGNIE)


def _by_civility(state: State, masculine: str, feminine: str, unknown: str) -> str:
    """A word agreed with the holder's civility (« présent » / « présente »)."""
    return {"M.": masculine, "Mme": feminine}.get(state.holder.civility or "", unknown)


def context(state: State) -> dict[str, str]:
    """Values for the ``{placeholders}`` of the steps' texts.

    They follow the President's civility (« la Présidente », « elle »), the holder's
    (« présente »), the handover option (the courier checks the identity) and whether
    CertEurope's dossier holds the attestation.
    """
    found_compagnie = compagnie(state)
    answers = state.answers
    medium = medium_of(answers.get(_OFFER_MEDIUM))
    handover = handover_of(answers.get(_OFFER_HANDOVER)) or Handover.PRESIDENT
    said = handover.words
    feminine = (
        found_compagnie.feminine
        if found_compagnie is not None
        else answers.get(_PROFILE_PRESIDENT_CIVILITY) == "Mme"  # a compagnie being entered
    )
    the_president = "la Présidente" if feminine else "le Président"
    included = answers.get(_ORDER_EMAIL_ATTESTATION_INCLUDED) is not False
    support_the, support_of = (medium.words.the, medium.words.of) if medium else _NO_SUPPORT
    connected = _by_civility(state, "connecté", "connectée", "")
    return {
        "delivery": guide.DELIVERY.text,
        "delivery_max": guide.DELIVERY.high_text,
        "support_the": support_the,
        "support_of": support_of,
        "siren": state.holder.siren or "",
        "email": str(answers.get(_PROFILE_EMAIL) or "votre adresse"),
        "president_address": _president_address(found_compagnie),
        "guide_president": ", ".join(_registered(state).president_address_lines),
        "guide_court": _registered(state).court_phrase,
        "the_president": the_president,
        "The_president": the_president[0].upper() + the_president[1:],
        "to_president": "à la Présidente" if feminine else "au Président",
        "of_president": "de la Présidente" if feminine else "du Président",
        "pronoun": "elle" if feminine else "il",
        "pronoun_tonic": "elle" if feminine else "lui",
        "documents_to_send": said.documents_to_send,
        "attestation": (
            "l'attestation d'appartenance à la Compagnie préremplie, jointe au dossier de "
            "CertEurope, à faire signer"
            if included
            else "l'attestation d'appartenance à la Compagnie à faire signer : celle que prépare "
            "« opalexe-cert print-dossier » (attestation-appartenance.pdf), le dossier de "
            "CertEurope n'en contenant pas"
        ),
        "attestation_made": "" if included else ", l'attestation à faire signer",
        "id_where": said.id_where,
        "returned": said.returned,
        "returned_of": said.returned_of,
        "last_item": said.last_item,
        "present": _by_civility(state, "présent", "présente", "présent"),
        "provided": _by_civility(state, "muni", "munie", "muni"),
        "account_question": (
            f"Êtes-vous {connected} au portail CertEurope ?"
            if connected
            else "Avez-vous pu vous connecter au portail CertEurope ?"
        ),
    }


def render(text: str, state: State) -> str:
    """A step's text with its placeholders filled."""
    return text.format(**context(state))


def title(state: State, step_: Step) -> str:
    """A step's title, agreed with the President's civility (« Envoi à la Présidente »)."""
    return render(step_.title, state)


def instructions(state: State, step_: Step) -> list[str]:
    """The step's paragraphs that apply to this expert, placeholders filled."""
    return [
        render(p.text, state)
        for p in step_.instructions
        if p.when is None or p.when.holds(state.answers)
    ]
