"""Driving the procedure: take answers from a source, record them, save after each one.

The same loop serves the answers file (``start --answers --no-input``) and the interactive
wizard: only the ``AnswerSource`` differs. The SIRENE look-up is injected, so this module
knows nothing of HTTP.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Protocol

from opalexe_cert import engine
from opalexe_cert.errors import AnswerError, SireneError, SireneNotFound
from opalexe_cert.fields import AnswerValue, Field
from opalexe_cert.holder_rules import check_unit
from opalexe_cert.identity import LegalUnit
from opalexe_cert.procedure import Step
from opalexe_cert.state import State
from opalexe_cert.store import Writer

Lookup = Callable[[str], LegalUnit]


class AnswerSource(Protocol):
    """Where answers come from: a file, or a person at a terminal."""

    def answer(self, state: State, step: Step, field: Field, today: dt.date) -> object:
        """The raw answer for ``field``; raises ``MissingAnswerError`` when there is none."""

    def rejected(self, error: AnswerError) -> None:
        """An answer was refused: re-raise to stop, or return to have it asked again."""

    def notify(self, message: str) -> None:
        """Tell the user something (a warning) without stopping."""

    def step_started(self, state: State, step: Step) -> None:
        """A step begins: explain it, or do nothing."""


def run(
    writer: Writer,
    source: AnswerSource,
    today: dt.date,
    lookup: Lookup | None,
    *,
    until: Step | None = None,
) -> State:
    """Answer steps from the current one on, saving after each answer.

    Stops when the procedure is complete, when ``until`` is done, or when the source raises
    (a missing answer, an interruption): everything recorded so far is saved.
    """
    state = writer.state
    started: str | None = None
    while (step := engine.current_step(state)) is not None:
        if started != step.id:
            source.step_started(state, step)
            started = step.id
        field = engine.open_fields(state, step)[0]
        raw = source.answer(state, step, field, today)
        try:
            state = _apply(state, field, raw, today, lookup, source)
        except AnswerError as error:
            source.rejected(error)
            continue
        writer.save(state)
        if until is not None and engine.is_done(state, until):
            break
    return state


def _apply(
    state: State,
    field: Field,
    raw: object,
    today: dt.date,
    lookup: Lookup | None,
    source: AnswerSource,
) -> State:
    new = engine.record(state, field.key, raw, today)
    if field.key == "president_mail.id_expiry":
        warning = engine.id_expiry_warning(new, today)
        if warning:
            source.notify(warning)
    if field.key != "siren.siren":
        return new
    siren = str(new.answers["siren.siren"])
    if lookup is None:
        return engine.record_lookup(new, None)
    try:
        unit = lookup(siren)
    except SireneNotFound as exc:
        raise AnswerError(field.key, exc.message) from None
    except SireneError as exc:
        source.notify(
            f"{exc.message}\nVous pouvez continuer en saisissant votre identité vous-même : "
            "elle sera enregistrée comme non vérifiée, et une prochaine session proposera de "
            "la vérifier."
        )
        return engine.record_lookup(new, None)
    check = check_unit(unit)
    if check.refusal is not None:
        raise AnswerError(field.key, check.refusal)
    for warning in check.warnings:
        source.notify(warning)
    return engine.record_lookup(new, unit)


def reverify(state: State, lookup: Lookup) -> tuple[State, str]:
    """Check again, in SIRENE, a SIREN recorded while the service could not be reached.

    Returns the state (the identity now marked verified when the look-up succeeds) and a
    French message saying what happened. The identity typed by hand is kept as it is.
    """
    siren = state.holder.siren
    if siren is None or state.holder.verified:
        return state, ""
    try:
        unit = lookup(siren)
    except SireneError as exc:
        return state, f"Votre SIREN n'a toujours pas pu être vérifié : {exc.message}"
    check = check_unit(unit)
    if check.refusal is not None:
        return state, (
            f"{check.refusal}\nCorrigez votre SIREN avec « opalexe-cert start --step siren »."
        )
    return engine.record_lookup(
        state, unit
    ), f"Votre SIREN {siren} est maintenant vérifié dans la base SIRENE."


class FileAnswers:
    """Answers from a JSON file: never asks, stops at the first missing answer."""

    def __init__(self, answers: Mapping[str, AnswerValue], notify: Callable[[str], None]) -> None:
        self.answers = answers
        self._notify = notify

    def answer(self, state: State, step: Step, field: Field, today: dt.date) -> object:
        """The file's value, the implicit default, or a ``MissingAnswerError``."""
        from opalexe_cert.errors import MissingAnswerError

        if field.key in self.answers:
            return self.answers[field.key]
        default = engine.implicit_default(state, field, today)
        if default is not None or not engine.is_required(state, field):
            return default
        raise MissingAnswerError(field.key, field.label)

    def rejected(self, error: AnswerError) -> None:
        """A file cannot be asked again: stop the run."""
        raise error

    def notify(self, message: str) -> None:
        """Pass warnings on to whoever shows them."""
        self._notify(message)

    def step_started(self, state: State, step: Step) -> None:
        """Nothing to explain to a file."""
