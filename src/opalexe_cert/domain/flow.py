"""Driving the procedure: take answers from a source, record them, save after each one.

The same loop serves the answers file (``start --answers --no-input``) and the interactive
wizard: only the ``AnswerSource`` differs. The SIRENE look-up is injected, so this module
knows nothing of HTTP.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Literal, Protocol

from opalexe_cert.domain import engine, texts
from opalexe_cert.domain.errors import (
    AnswerError,
    InputError,
    Interrupted,
    NoProgressError,
    Reopen,
    SireneError,
    SireneNotFound,
)
from opalexe_cert.domain.fields import AnswerValue, Behaviour, Field, Finding
from opalexe_cert.domain.holder_rules import check_unit
from opalexe_cert.domain.identity import LegalUnit
from opalexe_cert.domain.procedure import SIREN_WARNING, Step
from opalexe_cert.domain.procedure import field as field_of
from opalexe_cert.domain.state import State
from opalexe_cert.domain.vocabulary import StepId

_SIREN_DATE = field_of(StepId.SIREN, "date").key
_SIREN_SIREN = field_of(StepId.SIREN, "siren").key

Lookup = Callable[[str], LegalUnit]
OfflineCause = Literal["option", "setting", "service"]


class Writer(Protocol):
    """Where the state is saved after each answer (the state file, in ``adapters.store``)."""

    state: State

    def save(self, state: State) -> None:
        """Keep ``state`` as the current one, durably."""


class AnswerSource(Protocol):
    """Where answers come from: a file, or a person at a terminal.

    ``offline`` says why there is no SIRENE look-up in this run, when there is none.
    """

    offline: OfflineCause

    def answer(
        self, state: State, step: Step, field: Field, today: dt.date, previous: AnswerValue = None
    ) -> object:
        """The raw answer for ``field``; raises ``MissingAnswerError`` when there is none.

        ``previous`` is the value recorded before, when a step is being corrected (``None``
        otherwise): a person is offered it as the default, a file keeps it when silent.
        """

    def step_done(self, state: State, step: Step) -> bool:
        """Whether a step that waits on the expert or the outside world is done yet.

        Asked before the first field of a step that has a ``done_question``; ``False`` ends
        the run cleanly (nothing is missing: the expert comes back later).
        """

    def rejected(self, error: AnswerError) -> None:
        """An answer was refused: re-raise to stop, or return to have it asked again."""

    def notify(self, message: str) -> None:
        """Tell the user something (a warning) without stopping."""

    def confirm(self, finding: Finding) -> bool:
        """An implausible answer (``Finding``): warn, or ask; ``False`` refuses the answer."""

    def step_started(self, state: State, step: Step) -> None:
        """A step begins: explain it, or do nothing."""

    def review(self, state: State, step: Step, recorded: list[Field]) -> bool:
        """A step resumed with answers already given: show them; ``True`` to answer again."""


def run(
    writer: Writer,
    source: AnswerSource,
    today: dt.date,
    lookup: Lookup | None,
    *,
    until: Step | None = None,
) -> State:
    """Answer steps from the current one on, saving after each answer.

    Stops when the procedure is complete, when ``until`` is done, when the source says a
    step is not done yet, or when the source raises (a missing answer, an interruption):
    everything recorded so far is saved.
    """
    state = writer.state
    started: str | None = None
    while (step := engine.current_step(state)) is not None:
        if started != step.id:
            source.step_started(state, step)
            started = step.id
            # A step's date is recorded only once the expert says it happened: the question
            # is asked again even when some of the step's answers were given before.
            if step.done_question and not source.step_done(state, step):
                break
            recorded = engine.recorded_fields(state, step)
            if recorded and source.review(state, step, recorded):
                state = _answer_again(writer, source, state, recorded, today, lookup)
        field = engine.open_fields(state, step)[0]
        try:
            answered = _ask(source, state, step, field, today, lookup, None)
        except Reopen as reopen:  # the expert corrects an earlier answer of the step first
            state = engine.forget(state, reopen.key)
            writer.save(state)
            continue
        if answered is None:
            continue
        if engine.current_step(answered) is step and engine.open_fields(answered, step)[:1] == [
            field
        ]:
            # The answer recorded nothing: asking again would loop for ever.
            raise NoProgressError(field.key, texts.render(field.label, state))
        state = answered
        writer.save(state)
        if until is not None and engine.is_done(state, until):
            break
    return state


def _answer_again(
    writer: Writer,
    source: AnswerSource,
    state: State,
    fields: list[Field],
    today: dt.date,
    lookup: Lookup | None,
) -> State:
    """Ask recorded answers again, each proposed as the default, saving after each one."""
    for field in fields:
        step = engine.step_of(field)
        previous = state.answers.get(field.key)
        try:
            while (answered := _ask(source, state, step, field, today, lookup, previous)) is None:
                pass
        except Reopen as reopen:  # asked again by the run, with the fields still open
            state = engine.forget(state, reopen.key)
            writer.save(state)
            return state
        state = answered
        writer.save(state)
    return state


def _ask(
    source: AnswerSource,
    state: State,
    step: Step,
    field: Field,
    today: dt.date,
    lookup: Lookup | None,
    previous: AnswerValue,
) -> State | None:
    """One question: the state with the answer recorded, or ``None`` when it was refused
    (the source was told, and asks again or stops). ``previous`` is proposed as the default."""
    raw = source.answer(state, step, field, today, previous)
    try:
        return _apply(state, field, raw, today, lookup, source)
    except AnswerError as error:
        source.rejected(error)
        return None


def correct(
    writer: Writer,
    source: AnswerSource,
    step: Step,
    today: dt.date,
    lookup: Lookup | None,
) -> State:
    """Answer a done step again, the recorded values proposed, and save the answers together.

    Every field that applies is asked again and checked at once (a date still has to fit
    between its neighbours' dates, later steps keep their answers); nothing is written until
    the last one is accepted, so an interruption leaves the old answers as they were. Fields
    that no longer apply (another compagnie than before) are dropped. An auto-dated step keeps
    the date on which it was first answered.
    """
    original = writer.state
    partly = not engine.is_done(original, step)
    if partly and not engine.recorded_fields(original, step):
        raise InputError(
            f"L'étape « {texts.title(original, step)} » n'est pas encore faite : lancez "
            "« opalexe-cert start » pour y répondre."
        )
    try:
        state = _correct(source, step, original, partly, today, lookup)
    except KeyboardInterrupt:
        raise Interrupted(
            f"Interrompu. La correction de l'étape « {texts.title(original, step)} » n'a pas "
            "été enregistrée : ses réponses restent celles d'avant. Pour la reprendre, relancez "
            f"« opalexe-cert start --step {step.id} »."
        ) from None
    state = _drop_stale(state, step)
    writer.save(state)
    if step.has(Behaviour.SIRENE_LOOKUP):
        _tell_differences(state, source)
    if step.id is StepId.OFFER and engine.paid(original) and state.answers != original.answers:
        source.notify(OFFER_AFTER_PAYMENT)
    return state


OFFER_AFTER_PAYMENT = (
    "Votre commande déjà payée à CertEurope n'est pas modifiée pour autant : l'assistant "
    "enregistre seulement votre nouveau choix. Pour changer l'offre commandée, contactez le "
    "support de CertEurope."
)


def _correct(
    source: AnswerSource,
    step: Step,
    original: State,
    partly: bool,
    today: dt.date,
    lookup: Lookup | None,
) -> State:
    """The answers of ``step`` asked again, none written (``correct`` saves them)."""
    state = original
    asked: set[str] = set()
    source.step_started(state, step)
    while True:
        seen = engine.found(state)
        pending = [
            f
            for f in step.fields
            if f.key not in asked
            and f.applies(state.answers, seen)
            and not (step.auto_date and f is step.date_field)
            # a step not done yet: only what was answered, never its date
            and not (partly and (f is step.date_field or f.key not in original.answers))
        ]
        if not pending:
            break
        field = pending[0]
        previous = original.answers.get(field.key)
        if _another_siren(state, original, field):
            previous = None  # a new SIREN starts from the identity found for it
        try:
            answered = _ask(source, state, step, field, today, lookup, previous)
        except Reopen as reopen:  # asked again, before this field
            state = engine.forget(state, reopen.key)
            asked.discard(reopen.key)
            continue
        if answered is None:
            continue
        state = answered
        asked.add(field.key)
    return state


def _another_siren(state: State, original: State, field: Field) -> bool:
    key = _SIREN_SIREN
    return (
        field.step is StepId.SIREN
        and field.key != key
        and state.answers.get(key) != (original.answers.get(key))
    )


def _tell_differences(state: State, source: AnswerSource) -> None:
    """An identity that differs from SIRENE's stays not verified: say which fields differ,
    and plainly when SIRENE gives the SIREN to someone else; an identity typed for a unit
    that hides it is not verified either: say what SIRENE did confirm."""
    for message in identity_notes(state):
        source.notify(message)


def identity_notes(state: State) -> list[str]:
    """What to tell the expert about the identity recorded against SIRENE's, once the SIREN
    step is answered (nothing when it is verified, or when SIRENE could not be asked)."""
    siren = state.holder.siren or ""
    other = engine.other_person(state)
    if other is not None:
        return [other_person_message(siren, other)]
    fields = engine.identity_differences(state)
    if fields:
        return [differences_message(siren, fields)]
    if engine.siren_checked(state) and not state.holder.verified:
        return [f"{NOT_PUBLIC}."]
    return []


NOT_PUBLIC = "SIREN vérifié, personne physique active ; identité non publique, saisie par vous"
"""What SIRENE confirmed of a unit that does not publish its holder's identity."""


def other_person_message(siren: str, other: str) -> str:
    """SIRENE registers ``siren`` to ``other``: the attestation would carry someone else's."""
    return (
        f"La base SIRENE enregistre le SIREN {siren} au nom de {other}, pas au "
        "vôtre. L'attestation ne doit porter que votre propre SIREN individuel. Si ce SIREN "
        "n'est pas le vôtre, corrigez-le avec « opalexe-cert start --step siren »."
    )


def differences_message(siren: str, fields: list[str]) -> str:
    """The French sentence naming the fields where the recorded identity differs from SIRENE's."""
    return (
        f"l'identité enregistrée diffère de celle que la base SIRENE donne pour le SIREN {siren} "
        f"({enumerate_fr(fields)}) ; elle reste non vérifiée. Pour adopter celle de la base SIRENE "
        "ou corriger votre SIREN, lancez « opalexe-cert start --step siren »."
    )


def enumerate_fr(items: list[str]) -> str:
    """« nom, prénoms et adresse »."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} et {items[-1]}"


def _drop_stale(state: State, step: Step) -> State:
    """Remove the answers of fields of ``step`` that no longer apply."""
    seen = engine.found(state)
    stale = [
        f.key for f in step.fields if f.key in state.answers and not f.applies(state.answers, seen)
    ]
    if not stale:
        return state
    answers = {k: v for k, v in state.answers.items() if k not in stale}
    return state.model_copy(update={"cycle": state.cycle.model_copy(update={"answers": answers})})


def _apply(
    state: State,
    field: Field,
    raw: object,
    today: dt.date,
    lookup: Lookup | None,
    source: AnswerSource,
) -> State:
    new = engine.record(state, field.key, raw, today)
    for finding in engine.findings(state, field, new.answers.get(field.key), today):
        if not source.confirm(finding):
            raise AnswerError(field.key, finding.message)
    if field.key == _SIREN_DATE:
        _tell_differences(new, source)
    if field.behaviour is not Behaviour.SIRENE_LOOKUP:
        return new
    if new.cycle.lookup is not None:  # the same SIREN again: what was found still holds
        return new
    siren = str(new.answers[_SIREN_SIREN])
    if lookup is None:
        why, retry = OFFLINE[source.offline]
        source.notify(unchecked_message(siren, why, retry))
        return engine.record_lookup(new, None)
    try:
        unit = lookup(siren)
    except SireneNotFound as exc:
        raise AnswerError(field.key, exc.message) from None
    except SireneError as exc:
        why, retry = OFFLINE["service"]
        source.notify(  # one colon per sentence: the service's message is not the first
            f"La base SIRENE n'a pas pu être consultée. {exc.message}\n"
            f"{unchecked_message(siren, why, retry)}\n"
            "Vous pouvez continuer en saisissant votre identité vous-même : elle sera "
            "enregistrée comme non vérifiée."
        )
        return engine.record_lookup(new, None)
    check = check_unit(unit)
    if check.refusal is not None:
        raise AnswerError(field.key, check.refusal)
    for warning in check.warnings:
        source.notify(warning)
    return engine.record_lookup(new, unit)


OFFLINE: dict[OfflineCause, tuple[str, str]] = {
    # why SIRENE was not asked, and how to have it asked later: the real cause, never another
    "option": (
        "L'option --offline coupant l'accès au réseau",
        "Pour le vérifier plus tard, relancez « opalexe-cert start » sans l'option --offline, "
        "avec un accès à Internet.",
    ),
    "setting": (
        "Le réglage OPALEXE_CERT_OFFLINE coupant l'accès au réseau",
        "Pour le vérifier plus tard, retirez le réglage OPALEXE_CERT_OFFLINE, puis relancez "
        "« opalexe-cert start » avec un accès à Internet.",
    ),
    "service": (
        "La base SIRENE ne répondant pas",
        "Pour le vérifier plus tard, relancez « opalexe-cert start » quand elle répondra.",
    ),
}


def unchecked_message(siren: str, why: str, retry: str) -> str:
    """The SIREN was checked for its key only: say so, and repeat the guide's rule."""
    return (
        f"{why}, votre SIREN {siren} n'a été contrôlé que sur sa clé (ses 9 chiffres sont "
        "cohérents) ; il n'a pas été vérifié dans la base SIRENE. Assurez-vous qu'il est bien "
        f"le vôtre. Rappel du guide : {SIREN_WARNING} {retry}"
    )


def reverify(state: State, lookup: Lookup) -> tuple[State, str]:
    """Check again, in SIRENE, a SIREN recorded while the service could not be reached.

    Returns the state (SIRENE's answer kept) and a French message saying what happened. The
    identity typed by hand is kept as it is: verified only when it is SIRENE's.
    """
    siren = state.holder.siren
    if siren is None or state.holder.verified:
        return state, ""
    try:
        unit = lookup(siren)
    except SireneError as exc:
        return state, f"Votre SIREN n'a toujours pas pu être vérifié. {exc.message}"
    check = check_unit(unit)
    if check.refusal is not None:
        return state, (
            f"{check.refusal}\nCorrigez votre SIREN avec « opalexe-cert start --step siren »."
        )
    new = engine.record_lookup(state, unit)
    notes = identity_notes(new)
    if notes:
        return new, notes[0]
    return new, f"Votre SIREN {siren} est maintenant vérifié dans la base SIRENE."


class FileAnswers:
    """Answers from a JSON file: never asks, stops at the first missing answer."""

    def __init__(
        self,
        answers: Mapping[str, AnswerValue],
        notify: Callable[[str], None],
        offline: OfflineCause = "option",
    ) -> None:
        self.answers = answers
        self._notify = notify
        self.offline = offline  # why there is no look-up, when there is none

    def answer(
        self, state: State, step: Step, field: Field, today: dt.date, previous: AnswerValue = None
    ) -> object:
        """The file's value, the value recorded before, the implicit default, or an error.

        ``null``, ``""`` or spaces in the file mean "not given", as if the key were absent.
        """
        from opalexe_cert.domain.errors import MissingAnswerError

        answer = engine.answer_for(state, field, today, given=self.answers, previous=previous)
        if answer.layer in ("given", "recorded"):
            return answer.value
        if answer.value is not None or not engine.is_required(state, field):
            proposal = engine.short_name_proposal(state, field)
            if proposal is not None and not proposal.natural:
                self._notify(texts.short_name_notice(proposal))
            return answer.value
        raise MissingAnswerError(field.key, texts.render(field.label, state))

    def rejected(self, error: AnswerError) -> None:
        """A file cannot be asked again: stop the run."""
        raise error

    def notify(self, message: str) -> None:
        """Pass warnings on to whoever shows them."""
        self._notify(message)

    def confirm(self, finding: Finding) -> bool:
        """A file cannot be asked: refused or warned, as the finding says for files."""
        if finding.from_file == "refuse":
            return False
        if finding.from_file == "warn":
            self._notify(finding.message)
        return True

    def step_started(self, state: State, step: Step) -> None:
        """Nothing to explain to a file."""

    def review(self, state: State, step: Step, recorded: list[Field]) -> bool:
        """A file's answers were taken as they came: nothing to review."""
        return False

    def step_done(self, state: State, step: Step) -> bool:
        """A file says a step is done by giving its date: go on and ask for it."""
        return True
