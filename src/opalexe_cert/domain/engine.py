"""Pure transitions of the procedure: which step is current, recording an answer, renewals.

Nothing here reads the clock, the disk or the network: callers pass today's date and the
look-up result, and get a new ``State`` back (the old one is never modified).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from opalexe_cert.domain import guide, names
from opalexe_cert.domain.compagnie import (
    ACSO,
    SHORT_NAME_MAX,
    Compagnie,
    ShortName,
    propose_short_name,
)
from opalexe_cert.domain.dates import format_date
from opalexe_cert.domain.errors import AnswerError, InputError
from opalexe_cert.domain.fields import Answers, AnswerValue, Field, Finding, Found, Kind, validate
from opalexe_cert.domain.identity import (
    Identity,
    LegalUnit,
    comparable,
    differences,
    sirene_values,
)
from opalexe_cert.domain.procedure import FIELDS, KEPT_ON_RENEWAL, STEPS, Step, step
from opalexe_cert.domain.procedure import field as field_of
from opalexe_cert.domain.state import MAX_CYCLES, CertificateRecord, Cycle, FinishedCycle, State
from opalexe_cert.domain.typography import euros, number

_ACTIVATION_CERT_EXPIRY = field_of("activation", "cert_expiry").key
_ACTIVATION_DATE = field_of("activation", "date").key
_OFFER_HANDOVER = field_of("offer", "handover").key
_OFFER_MEDIUM = field_of("offer", "medium").key
_ORDER_EMAIL_ATTESTATION_INCLUDED = field_of("order_email", "attestation_included").key
_PROFILE_COMPAGNIE = field_of("profile", "compagnie").key
_PROFILE_COURT = field_of("profile", "court_of_appeal").key
_PROFILE_COMPAGNIE_ADDRESS = field_of("profile", "compagnie_address").key
_PROFILE_COMPAGNIE_SHORT_NAME = field_of("profile", "compagnie_short_name").key
_PROFILE_COMPAGNIE_NAME = field_of("profile", "compagnie_name").key
_PROFILE_EMAIL = field_of("profile", "email").key
_PROFILE_PRESIDENT_CIVILITY = field_of("profile", "president_civility").key
_PROFILE_PRESIDENT_NAME = field_of("profile", "president_name").key
_SIREN_CONFIRM = field_of("siren", "confirm").key
_SIREN_SIREN = field_of("siren", "siren").key

StepState = Literal["done", "current", "pending"]


@dataclass(frozen=True)
class StepView:
    """A step as ``status`` shows it."""

    step: Step
    state: StepState
    date: dt.date | None


# --- where the expert stands ---------------------------------------------------------------


def is_done(state: State, step_: Step) -> bool:
    """A step is done once its date is recorded (auto-dated steps record it with the rest)."""
    return state.answers.get(step_.date_field.key) is not None


def current_step(state: State) -> Step | None:
    """The first step not done yet, or ``None`` once the certificate is activated."""
    return next((s for s in STEPS if not is_done(state, s)), None)


def step_views(state: State) -> list[StepView]:
    """Every step in order, with its state and date."""
    current = current_step(state)
    views = []
    for s in STEPS:
        kind: StepState = "done" if is_done(state, s) else "pending"
        if current is not None and s.id == current.id:
            kind = "current"
        views.append(StepView(s, kind, state.date(s.date_field.key)))
    return views


def is_complete(state: State) -> bool:
    """Whether the current cycle ended with an activated certificate."""
    return current_step(state) is None


def found(state: State) -> Found:
    """What the SIRENE look-up found for the holder, as the siren step's fields see it."""
    unit = state.cycle.lookup
    return None if unit is None else sirene_values(unit)


def open_fields(state: State, step_: Step) -> list[Field]:
    """The fields of a step that apply now and have no answer yet, in order.

    A step's date recorded as ``null`` (a hand-edited state) is no answer: the step is not
    done, so its date is still open.
    """
    answers, seen = state.answers, found(state)
    return [
        f
        for f in step_.fields
        if f.applies(answers, seen)
        and (f.key not in answers or (f is step_.date_field and answers[f.key] is None))
    ]


def recorded_fields(state: State, step_: Step) -> list[Field]:
    """The answers already given for a step not done yet (an interrupted step), in order."""
    if is_done(state, step_):
        return []
    answers, seen = state.answers, found(state)
    return [
        f
        for f in step_.fields
        if f is not step_.date_field and f.key in answers and f.applies(answers, seen)
    ]


def step_of(field: Field) -> Step:
    """The step a field belongs to."""
    return step(field.step)


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
        return ", ".join(str(value).split("\n"))
    return str(value)


def is_required(state: State, field: Field) -> bool:
    """Whether ``field`` must be answered (an optional one may be left empty)."""
    return field.is_required(state.answers, found(state))


def implicit_default(state: State, field: Field, today: dt.date) -> AnswerValue:
    """The value taken without asking when no answer is given (``--no-input``).

    A static default (ACSO), or today for the date of a step done once answered; ``None``
    when the answer must be given.
    """
    if field.default is not None:
        return field.default
    if field.name == "date" and step(field.step).auto_date:
        return today.isoformat()
    return _acso_court(state, field)


def _acso_court(state: State, field: Field) -> AnswerValue:
    """ACSO's court of appeal, as the guide gives it, for ACSO's court question (the
    wizard proposes it; ``None`` for any other field or compagnie)."""
    if field.key == _PROFILE_COURT and state.answers.get(_PROFILE_COMPAGNIE) == "acso":
        return ACSO.court_of_appeal
    return None


def short_name_proposal(state: State, field: Field) -> ShortName | None:
    """What ``profile.compagnie_short_name`` defaults to when it is not given, derived from
    the compagnie's name: the wizard proposes it; ``None`` for any other field."""
    if field.key != _PROFILE_COMPAGNIE_SHORT_NAME:
        return None
    key = state.answers.get(_PROFILE_COMPAGNIE)
    name = ACSO.name if key == "acso" else state.answers.get(_PROFILE_COMPAGNIE_NAME)
    if key not in ("acso", "other") or not isinstance(name, str):
        return None
    return propose_short_name("acso" if key == "acso" else "other", name)


def short_name_notice(proposal: ShortName) -> str:
    """Why a short name should be given: the name derived is cut where it fit."""
    return (
        f"Le nom de la compagnie ne tient pas sur une ligne d'enveloppe ({SHORT_NAME_MAX} "
        f"caractères) et ne se raccourcit pas de lui-même ; les enveloppes porteront « "
        f"{proposal.text} ». Indiquez un nom court qui se lise bien dans « "
        f"{_PROFILE_COMPAGNIE_SHORT_NAME} »."
    )


def default_for(state: State, field: Field, today: dt.date) -> AnswerValue:
    """The value proposed for a field: a static default, today for a date, the identity found."""
    if field.default is not None:
        return field.default
    if field.name == "date":
        return today.isoformat()
    if (court := _acso_court(state, field)) is not None:
        return court
    if field.step == "siren":
        seen = found(state) or {}
        value = seen.get(field.name)
        if value is None:
            value = getattr(state.holder, field.name, None)
        return value if isinstance(value, str) else None
    return None


# --- recording answers ---------------------------------------------------------------------


def record(state: State, key: str, raw: object, today: dt.date) -> State:
    """Validate one answer and return the state with it recorded.

    Raises ``AnswerError`` (naming the key and why) and leaves ``state`` untouched.
    """
    field = FIELDS.get(key)
    if field is None:
        raise InputError(f"Clé inconnue : « {key} ».")
    try:
        value = validate(field, raw, today, required=is_required(state, field))
        if field.name == "date" and value is not None:
            _check_date_order(state, step(field.step), dt.date.fromisoformat(str(value)))
        for finding in findings(state, field, value, today):
            if finding.always_refused:
                raise ValueError(finding.message)
    except ValueError as exc:
        raise AnswerError(key, str(exc)) from None
    answers = dict(state.answers)
    if value is None and field is step(field.step).date_field:
        answers.pop(key, None)  # no date is "not done yet", never a recorded null
    else:
        answers[key] = value
    cycle = state.cycle.model_copy(update={"answers": answers})
    if field.kind is Kind.SIREN and value != state.answers.get(key):
        # Another SIREN is another person: what was found or typed for the old one goes.
        cycle.lookup = None
        for name in ("confirm", "civility", "surname", "given_names", "address"):
            cycle.answers.pop(field_of("siren", name).key, None)
    new = state.model_copy(update={"cycle": cycle})
    if field.step == "siren":
        new = new.model_copy(update={"holder": derive_holder(new)})
    return new


def forget(state: State, key: str) -> State:
    """``state`` without the answer ``key``: the expert answers it again (never a step's
    date, which would undo the step)."""
    answers = {k: v for k, v in state.answers.items() if k != key}
    return state.model_copy(update={"cycle": state.cycle.model_copy(update={"answers": answers})})


def paid(state: State) -> bool:
    """Whether the CertEurope order is paid (the payment step is done)."""
    return is_done(state, step("payment"))


def record_lookup(state: State, unit: LegalUnit | None) -> State:
    """Keep what SIRENE said about the recorded SIREN (``None``: nothing could be checked)."""
    cycle = state.cycle.model_copy(update={"lookup": unit})
    cycle.answers = dict(cycle.answers)
    cycle.answers.pop(_SIREN_CONFIRM, None)
    new = state.model_copy(update={"cycle": cycle})
    return new.model_copy(update={"holder": derive_holder(new)})


def record_certificate(state: State, record_: CertificateRecord, today: dt.date) -> State:
    """Record a certificate's expiry as ``activation.cert_expiry``, and where it was read.

    Only once the activation step is reached: before that, no certificate can be the one
    this cycle is waiting for.
    """
    activation = step("activation")
    if current_step(state) is not activation and not is_done(state, activation):
        raise InputError(
            f"L'étape « {activation.title} » n'est pas encore atteinte : la date "
            "d'expiration du certificat ne peut être enregistrée qu'à partir de cette étape."
        )
    new = record(state, _ACTIVATION_CERT_EXPIRY, record_.expiry.isoformat(), today)
    return attach_certificate(new, record_)


def attach_certificate(state: State, record_: CertificateRecord) -> State:
    """Keep what was read of the certificate next to the expiry it gave."""
    return state.model_copy(
        update={"cycle": state.cycle.model_copy(update={"certificate": record_})}
    )


def derive_holder(state: State) -> Identity:
    """The holder: the identity found, replaced field by field by the answers typed.

    Names are written the French way (``names.py``) whichever way they came. The holder is
    ``verified`` only when SIRENE's unit is the recorded SIREN's and every field it gives
    matches the recorded one; a new SIREN starts from its own identity.
    """
    answers, unit = state.answers, state.cycle.lookup
    siren = answers.get(_SIREN_SIREN)
    seen = found(state) or {}
    adopted = answers.get(_SIREN_CONFIRM) is not False

    def pick(name: str) -> str | None:
        typed = answers.get(field_of("siren", name).key)
        if isinstance(typed, str):
            return typed
        if unit is not None and adopted:
            return seen.get(name)
        return None

    civility = pick("civility")
    surname, given = pick("surname"), pick("given_names")
    holder = Identity(
        siren=siren if isinstance(siren, str) else state.holder.siren,
        civility=civility if civility in ("M.", "Mme") else None,  # type: ignore[arg-type]
        surname=names.surname(surname) if surname else None,
        given_names=names.given_names(given) if given else None,
        address=pick("address"),
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


def siren_checked(state: State) -> bool:
    """Whether SIRENE confirmed that the recorded SIREN is an active natural person's, even
    when it does not publish who (an identity typed for it is still not verified)."""
    unit = state.cycle.lookup
    return (
        unit is not None
        and unit.siren == state.holder.siren
        and unit.is_natural_person
        and unit.active is True
    )


def other_person(state: State) -> str | None:
    """The person SIRENE registers the recorded SIREN to, when the expert kept an identity
    whose surname and given names both differ from SIRENE's (``None`` otherwise)."""
    unit = state.cycle.lookup
    holder = state.holder
    if unit is None or unit.siren != holder.siren or not public_identity(unit):
        return None
    if comparable(holder.surname) == comparable(unit.surname) or comparable(
        holder.given_names
    ) == comparable(unit.given_names):
        return None
    given = names.given_names(unit.given_names or "")
    return f"{given} {names.surname(unit.surname or '')}".strip()


def identity_differences(state: State) -> list[str]:
    """The fields where the recorded holder differs from SIRENE's identity (none looked up: [])."""
    unit = state.cycle.lookup
    if unit is None or unit.siren != state.holder.siren:
        return []
    return differences(state.holder, unit)


def adopt_found(state: State, today: dt.date) -> State:
    """The expert adopts SIRENE's identity after seeing it: typed fields SIRENE gives go."""
    seen = found(state) or {}
    answers = dict(state.answers)
    for name, value in seen.items():
        if value is not None:
            answers.pop(field_of("siren", name).key, None)
    answers[_SIREN_CONFIRM] = True
    cycle = state.cycle.model_copy(update={"answers": answers})
    new = state.model_copy(update={"cycle": cycle})
    return new.model_copy(update={"holder": derive_holder(new)})


def _ordered_neighbours(state: State, step_: Step) -> tuple[Step | None, Step | None]:
    ordered = [s for s in STEPS if s.ordered]
    index = ordered.index(step_)
    before = next((s for s in reversed(ordered[:index]) if is_done(state, s)), None)
    after = next((s for s in ordered[index + 1 :] if is_done(state, s)), None)
    return before, after


def _check_date_order(state: State, step_: Step, day: dt.date) -> None:
    if not step_.ordered:
        return
    before, after = _ordered_neighbours(state, step_)
    if before is not None:
        previous = state.date(before.date_field.key)
        if previous is not None and day < previous:
            raise ValueError(
                f"le {format_date(day)} est avant la date de l'étape précédente "
                f"« {title(state, before)} » ({format_date(previous)})"
            )
    if after is not None:
        following = state.date(after.date_field.key)
        if following is not None and day > following:
            raise ValueError(
                f"le {format_date(day)} est après la date de l'étape suivante "
                f"« {title(state, after)} » ({format_date(following)})"
            )


def findings(state: State, field: Field, value: AnswerValue, today: dt.date) -> list[Finding]:
    """What the checks declared on ``field`` find implausible about ``value`` (a date)."""
    if not field.checks or not isinstance(value, str):
        return []
    from opalexe_cert.domain.facts import cycle_facts

    facts, day = cycle_facts(state), dt.date.fromisoformat(value)
    return [f for check in field.checks if (f := check(facts, day, today)) is not None]


# --- what a step's texts refer to ------------------------------------------------------------


def compagnie(state: State) -> Compagnie | None:
    """The expert's compagnie: ACSO, one entered in full, or ``None`` while unknown."""
    answers = state.answers
    short = answers.get(_PROFILE_COMPAGNIE_SHORT_NAME)
    short_name = short.strip() if isinstance(short, str) and short.strip() else None
    if answers.get(_PROFILE_COMPAGNIE) == "acso":
        return _acso_corrected(answers, short_name)
    if answers.get(_PROFILE_COMPAGNIE) != "other":
        return None
    values = {
        name: answers.get(field_of("profile", key).key)
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
    address = str(values.pop("address")).split("\n")
    return Compagnie.model_validate(
        {"key": "other", "address_lines": address, "short_name": short_name, **values}
    )


def _acso_corrected(answers: Answers, short_name: str | None) -> Compagnie:
    """ACSO as the guide gives it, with what the expert corrected (a presidency changes):
    the President's civility, name and the address, when recorded for ACSO."""
    changes: dict[str, object] = {}
    civility = answers.get(_PROFILE_PRESIDENT_CIVILITY)
    if civility in ("M.", "Mme"):
        changes["president_civility"] = civility
    name = answers.get(_PROFILE_PRESIDENT_NAME)
    if isinstance(name, str) and name.strip():
        changes["president_name"] = name.strip()
    address = answers.get(_PROFILE_COMPAGNIE_ADDRESS)
    if isinstance(address, str) and address.strip():
        changes["address_lines"] = tuple(x for x in address.split("\n") if x.strip())
    if short_name:
        changes["short_name"] = short_name
    court = answers.get(_PROFILE_COURT)
    if isinstance(court, str) and court.strip():
        changes["court_of_appeal"] = court.strip()
    return ACSO.model_copy(update=changes) if changes else ACSO


SUPPORTS = {
    "card": ("votre carte d'expert et son lecteur", "de votre carte d'expert et de son lecteur"),
    "usb_key": ("votre clé USB", "de votre clé USB"),
}
_NO_SUPPORT = ("votre support (carte ou clé USB)", "de votre support (carte ou clé USB)")


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
    medium = answers.get(_OFFER_MEDIUM)
    courier = answers.get(_OFFER_HANDOVER) == "courier"
    feminine = (
        found_compagnie.feminine
        if found_compagnie is not None
        else answers.get(_PROFILE_PRESIDENT_CIVILITY) == "Mme"  # a compagnie being entered
    )
    the_president = "la Présidente" if feminine else "le Président"
    included = answers.get(_ORDER_EMAIL_ATTESTATION_INCLUDED) is not False
    support_the, support_of = SUPPORTS.get(str(medium), _NO_SUPPORT)
    connected = _by_civility(state, "connecté", "connectée", "")
    return {
        "delivery": guide.DELIVERY.text,
        "delivery_max": guide.DELIVERY.high_text,
        "support_the": support_the,
        "support_of": support_of,
        "siren": state.holder.siren or "",
        "email": str(answers.get(_PROFILE_EMAIL) or "votre adresse"),
        "president_address": (
            "".join(f"\n    {line}" for line in found_compagnie.president_address_lines)
            if found_compagnie
            else "(compagnie à préciser)"
        ),
        "guide_president": ", ".join(ACSO.president_address_lines),
        "guide_court": ACSO.court_phrase,
        "the_president": the_president,
        "The_president": the_president[0].upper() + the_president[1:],
        "to_president": "à la Présidente" if feminine else "au Président",
        "of_president": "de la Présidente" if feminine else "du Président",
        "pronoun": "elle" if feminine else "il",
        "pronoun_tonic": "elle" if feminine else "lui",
        "documents_to_send": "l'attestation à signer"
        if courier
        else "les documents à authentifier",
        "attestation": (
            "l'attestation d'appartenance à la Compagnie préremplie, jointe au dossier de "
            "CertEurope, à faire signer"
            if included
            else "l'attestation d'appartenance à la Compagnie à faire signer : celle que prépare "
            "« opalexe-cert print-dossier » (attestation-appartenance.pdf), le dossier de "
            "CertEurope n'en contenant pas"
        ),
        "attestation_made": "" if included else ", et l'attestation à faire signer",
        "id_where": "que vous présenterez au livreur" if courier else "envoyée",
        "returned": "l'attestation signée" if courier else "les documents authentifiés",
        "returned_of": "de l'attestation signée" if courier else "des documents authentifiés",
        "last_item": "4" if courier else "3",
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


# --- renewals --------------------------------------------------------------------------------


def start_renewal(state: State, today: dt.date) -> State:
    """Archive the finished cycle and start the next one from ``account``.

    The profile and the identity are kept; the offer is chosen again.
    ``today`` is kept as the day the renewal started (the ``renewal`` deadline's ``met_on``).
    """
    if not is_complete(state):
        raise InputError(
            "Le renouvellement ne peut commencer qu'une fois le certificat en cours activé."
        )
    if state.cycle.number >= MAX_CYCLES:
        raise InputError(
            f"Le renouvellement ne peut pas commencer, car ce fichier d'état compte déjà "
            f"{number(MAX_CYCLES)} demandes, le plus grand nombre qu'opalexe-cert enregistre. "
            "Rien n'a été modifié. Gardez ce fichier comme archive et commencez la nouvelle "
            "demande dans un autre fichier d'état (option --state), avec « opalexe-cert start »."
        )
    finished = FinishedCycle(
        number=state.cycle.number,
        answers=dict(state.answers),
        completed_on=state.date(_ACTIVATION_DATE),
        cert_expiry=state.date(_ACTIVATION_CERT_EXPIRY),
        certificate=state.cycle.certificate,
        started_on=state.cycle.started_on,
    )
    cycle = Cycle(
        number=state.cycle.number + 1,
        answers=_kept(finished.answers),
        lookup=state.cycle.lookup,
        started_on=today,
    )
    return state.model_copy(update={"cycle": cycle, "history": [*state.history, finished]})


def _kept(answers: dict[str, AnswerValue]) -> dict[str, AnswerValue]:
    """The answers a renewal keeps from the finished cycle."""
    return {k: v for k, v in answers.items() if k.partition(".")[0] in KEPT_ON_RENEWAL}


def renewal_untouched(state: State) -> bool:
    """Whether the current cycle is a renewal in which nothing was recorded since ``renew``."""
    if not state.history or state.cycle.number != state.history[-1].number + 1:
        return False
    last = state.history[-1]
    return state.cycle.answers == _kept(last.answers) and state.cycle.certificate is None


def cancel_renewal(state: State) -> State:
    """Undo ``renew``: the finished cycle becomes the current one again, as it was.

    Refused (``InputError``, in French) when there is no renewal to undo, or when something
    was recorded since ``renew``: that answer would be lost.
    """
    if not state.history:
        raise InputError("Aucun renouvellement à annuler : aucune demande n'a été renouvelée.")
    if not renewal_untouched(state):
        current = current_step(state)
        where = f" (étape en cours : « {current.title} »)" if current is not None else ""
        raise InputError(
            "Le renouvellement ne peut plus être annulé : des réponses ont été enregistrées "
            f"depuis « opalexe-cert renew »{where}. Corrigez-les plutôt avec "
            "« opalexe-cert start --step ÉTAPE »."
        )
    last = state.history[-1]
    cycle = Cycle(
        number=last.number,
        answers=dict(last.answers),
        lookup=state.cycle.lookup,
        started_on=last.started_on,
        certificate=last.certificate,
    )
    return state.model_copy(update={"cycle": cycle, "history": state.history[:-1]})
