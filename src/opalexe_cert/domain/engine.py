"""Pure transitions of the procedure: which step is current, recording an answer, renewals.

Nothing here reads the clock, the disk or the network: callers pass today's date and the
look-up result, and get a new ``State`` back (the old one is never modified).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from opalexe_cert.domain import names, texts
from opalexe_cert.domain.compagnie import (
    COMPAGNIES,
    OTHER_COMPAGNIE,
    ShortName,
    propose_short_name,
)
from opalexe_cert.domain.dates import format_date
from opalexe_cert.domain.errors import AnswerError, InputError
from opalexe_cert.domain.facts import of_this_cycle
from opalexe_cert.domain.fields import (
    AnswerValue,
    Field,
    Finding,
    Found,
    Kind,
    not_given,
    validate,
)
from opalexe_cert.domain.holder import holder_of, public_identity
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
from opalexe_cert.domain.typography import number
from opalexe_cert.domain.vocabulary import StepId

_ACTIVATION_CERT_EXPIRY = field_of(StepId.ACTIVATION, "cert_expiry").key
_ACTIVATION_DATE = field_of(StepId.ACTIVATION, "date").key
_PROFILE_COMPAGNIE = field_of(StepId.PROFILE, "compagnie").key
_PROFILE_COURT = field_of(StepId.PROFILE, "court_of_appeal").key
_PROFILE_COMPAGNIE_SHORT_NAME = field_of(StepId.PROFILE, "compagnie_short_name").key
_PROFILE_COMPAGNIE_NAME = field_of(StepId.PROFILE, "compagnie_name").key
_SIREN_CONFIRM = field_of(StepId.SIREN, "confirm").key
_SIREN_SIREN = field_of(StepId.SIREN, "siren").key
# What a renewal proposes from the last cycle: facts that rarely change.
RENEWAL_PROPOSED = frozenset(
    field_of(step_id, name).key
    for step_id, name in (
        (StepId.OFFER, "medium"),
        (StepId.OFFER, "handover"),
        (StepId.CERTEUROPE_MAIL, "address"),
    )
)

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
        day = of_this_cycle(s.id, state.date(s.date_field.key), state.cycle.started_on)
        views.append(StepView(s, kind, day))
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


def is_required(state: State, field: Field) -> bool:
    """Whether ``field`` must be answered (an optional one may be left empty)."""
    return field.is_required(state.answers, found(state))


def short_name_proposal(state: State, field: Field) -> ShortName | None:
    """What ``profile.compagnie_short_name`` defaults to when it is not given, derived from
    the compagnie's name: the wizard proposes it; ``None`` for any other field."""
    if field.key != _PROFILE_COMPAGNIE_SHORT_NAME:
        return None
    key = str(state.answers.get(_PROFILE_COMPAGNIE))
    known = COMPAGNIES.get(key)
    name = known.name if known else state.answers.get(_PROFILE_COMPAGNIE_NAME)
    if (known is None and key != OTHER_COMPAGNIE) or not isinstance(name, str):
        return None
    return propose_short_name(key, name)


AnswerLayer = Literal["given", "recorded", "default"]


@dataclass(frozen=True)
class Answer:
    """A field's value and the layer it comes from (``layer`` is ``None``: none has one)."""

    value: AnswerValue
    layer: AnswerLayer | None


def answer_for(
    state: State,
    field: Field,
    today: dt.date,
    *,
    given: Mapping[str, AnswerValue] | None = None,
    previous: AnswerValue = None,
    asking: bool = False,
) -> Answer:
    """The value of ``field`` by precedence, as copier's ``AnswersMap`` layers them: the answers
    given now (an answers file; ``null``, ``""`` or spaces mean not given) > the answer
    recorded before (``previous``) > the default.

    The default is what is taken without asking (``asking=False``: a static default such as
    the guide's compagnie, today for the date of a step done once answered), or what the
    wizard proposes when it asks: also today for any step's date, the identity SIRENE found
    (else the holder's), and in a renewal what rarely changes (``RENEWAL_PROPOSED``). Last
    cycle's order reference, amount, expiries and dates are never proposed: Enter would record
    a fact of three years ago.
    """
    if given is not None and not not_given(given.get(field.key)):
        return Answer(given[field.key], "given")
    if previous is not None:
        return Answer(previous, "recorded")
    value = _default(state, field, today, asking=asking)
    return Answer(value, None if value is None else "default")


def _default(state: State, field: Field, today: dt.date, *, asking: bool) -> AnswerValue:
    if field.default is not None:
        return field.default
    step_ = step(field.step)
    if field is step_.date_field and (asking or step_.auto_date):
        return today.isoformat()
    if (court := _registered_court(state, field)) is not None:
        return court
    if not asking:
        return None
    if field.step is StepId.SIREN:
        value = (found(state) or {}).get(field.name)
        if value is None:
            value = getattr(state.holder, field.name, None)
        return value if isinstance(value, str) else None
    if state.history and field.key in RENEWAL_PROPOSED:
        return state.history[-1].answers.get(field.key)
    return None


def _registered_court(state: State, field: Field) -> AnswerValue:
    """A registered compagnie's court of appeal, as the guide gives it, for its court question
    (taken without asking, and proposed by the wizard); ``None`` for any other field or
    compagnie."""
    known = COMPAGNIES.get(str(state.answers.get(_PROFILE_COMPAGNIE)))
    if field.key == _PROFILE_COURT and known is not None:
        return known.court_of_appeal
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
            cycle.answers.pop(field_of(StepId.SIREN, name).key, None)
    return state.model_copy(update={"cycle": cycle})


def forget(state: State, key: str) -> State:
    """``state`` without the answer ``key``: the expert answers it again (never a step's
    date, which would undo the step)."""
    answers = {k: v for k, v in state.answers.items() if k != key}
    return state.model_copy(update={"cycle": state.cycle.model_copy(update={"answers": answers})})


def paid(state: State) -> bool:
    """Whether the CertEurope order is paid (the payment step is done)."""
    return is_done(state, step(StepId.PAYMENT))


def record_lookup(state: State, unit: LegalUnit | None) -> State:
    """Keep what SIRENE said about the recorded SIREN (``None``: nothing could be checked)."""
    cycle = state.cycle.model_copy(update={"lookup": unit})
    cycle.answers = dict(cycle.answers)
    cycle.answers.pop(_SIREN_CONFIRM, None)
    return state.model_copy(update={"cycle": cycle})


def record_certificate(state: State, record_: CertificateRecord, today: dt.date) -> State:
    """Record a certificate's expiry as ``activation.cert_expiry``, and where it was read.

    Only once the activation step is reached: before that, no certificate can be the one
    this cycle is waiting for.
    """
    activation = step(StepId.ACTIVATION)
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
    """The holder, derived from the answers and the look-up (``holder.holder_of``); the same
    as ``state.holder``."""
    return holder_of(state.answers, state.cycle.lookup)


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
            answers.pop(field_of(StepId.SIREN, name).key, None)
    answers[_SIREN_CONFIRM] = True
    cycle = state.cycle.model_copy(update={"answers": answers})
    return state.model_copy(update={"cycle": cycle})


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
                f"« {texts.title(state, before)} » ({format_date(previous)})"
            )
    if after is not None:
        following = state.date(after.date_field.key)
        if following is not None and day > following:
            raise ValueError(
                f"le {format_date(day)} est après la date de l'étape suivante "
                f"« {texts.title(state, after)} » ({format_date(following)})"
            )


def findings(state: State, field: Field, value: AnswerValue, today: dt.date) -> list[Finding]:
    """What the checks declared on ``field`` find implausible about ``value`` (a date)."""
    if not field.checks or not isinstance(value, str):
        return []
    from opalexe_cert.domain.facts import cycle_facts

    facts, day = cycle_facts(state), dt.date.fromisoformat(value)
    return [f for check in field.checks if (f := check(facts, day, today)) is not None]


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
