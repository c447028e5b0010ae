"""One sitting of the wizard: greet, offer to go back, walk the steps, congratulate, renew.

The steps themselves are walked by ``flow.run`` (shared with ``--answers``); this module only
decides what to do around it: the menu, corrections of earlier steps, the end of a cycle.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from opalexe_cert.adapters.store import Writer
from opalexe_cert.cli import prompts
from opalexe_cert.cli.environment import Environment
from opalexe_cert.cli.output import Output
from opalexe_cert.cli.wizard import screens
from opalexe_cert.cli.wizard.certificate import AttachCertificate, reread_card
from opalexe_cert.cli.wizard.source import WizardSource
from opalexe_cert.domain import engine, texts
from opalexe_cert.domain.dates import format_date
from opalexe_cert.domain.fields import AnswerValue
from opalexe_cert.domain.flow import Lookup, OfflineCause, correct, identity_notes, run
from opalexe_cert.domain.flow import Writer as Saver
from opalexe_cert.domain.procedure import RENEWAL_FIRST_STEP, STEPS, Step, step
from opalexe_cert.domain.procedure import field as field_of
from opalexe_cert.domain.state import State
from opalexe_cert.domain.vocabulary import StepId

_SIREN_CONFIRM = field_of(StepId.SIREN, "confirm").key

CONTINUE, CORRECT, QUIT = "continue", "correct", "quit"
BACK = "back"
ADOPT, KEEP, OTHER_SIREN = "adopt", "keep", "other"


def run_wizard(
    env: Environment,
    writer: Writer,
    lookup: Lookup | None,
    *,
    preset: Mapping[str, AnswerValue] | None = None,
    correction: Step | None = None,
    offline: OfflineCause = "option",
) -> State:
    """Drive the procedure with the expert until it waits, ends, or the expert leaves.

    With ``correction`` (``start --step ID``), only that step is answered again; ``offline``
    says why ``lookup`` is ``None``, when it is.
    """
    today, out = env.today, env.out
    source = WizardSource(env, preset, offline)
    saver = AttachCertificate(writer, source.certificate)
    lookup = screens.with_spinner(out, lookup) if lookup is not None else None
    if correction is not None:
        correct(saver, source, correction, today, lookup)
        screens.correction_saved(out, saver.state, correction)
        screens.goodbye(out, saver.state)
        return saver.state
    state = writer.state
    screens.greeting(out, state, today)
    renewing = False
    card_read = False
    was_complete = engine.is_complete(state)
    while True:
        if engine.is_complete(state):
            if not card_read:  # a renewal nears: follow the real certificate when we can
                card_read = True
                refreshed = reread_card(env, state)
                if refreshed is not None:
                    saver.save(refreshed)
                    state = refreshed
            screens.completed(out, state, today, just_now=not was_complete)
            if not screens.renewal_due(state, today):
                return state
            if not prompts.yes_no(out, "Voulez-vous commencer le renouvellement maintenant ?"):
                screens.renewal_declined(out, state, today)
                return state
            state = engine.start_renewal(state, today)
            saver.save(state)
            screens.renewal_started(out, state)
            renewing = True
            was_complete = False
            continue
        if _renewal_begins(state):
            state = _confirm_profile(saver, source, state, today, lookup)
        choice = _menu(out, state) if _done_steps(state) and not renewing else CONTINUE
        renewing = False
        if choice == QUIT:
            screens.goodbye(out, state)
            return state
        if choice == CORRECT:
            target = _pick_step(out, state)
            if target is not None:
                correct(saver, source, target, today, lookup)
                state = saver.state
                screens.correction_saved(out, state, target)
            continue
        run(saver, source, today, lookup)
        state = saver.state  # with the certificate read, when it was
        if source.stopped_at is not None:
            return state


def _renewal_begins(state: State) -> bool:
    """A renewal whose first step has not been touched yet."""
    current = engine.current_step(state)
    return (
        bool(state.history)
        and current is not None
        and current.id == RENEWAL_FIRST_STEP
        and not any(k.startswith(f"{RENEWAL_FIRST_STEP}.") for k in state.answers)
    )


def _confirm_profile(
    writer: Saver, source: WizardSource, state: State, today: dt.date, lookup: Lookup | None
) -> State:
    """A President, an address can change in three years: the profile and the holder's
    postal address are confirmed before a renewal."""
    screens.profile_summary(source.out, state)
    if prompts.yes_no(source.out, "Ces informations sont-elles toujours exactes ?"):
        return state
    chosen = prompts.select(
        source.out,
        "Que faut-il corriger ?",
        (
            (StepId.PROFILE, "Votre compagnie, sa présidence ou votre adresse électronique"),
            (StepId.SIREN, "Votre adresse postale (avec votre identité)"),
            ("both", "Les deux"),
        ),
    )
    for step_id in (StepId.PROFILE, StepId.SIREN):
        if chosen in (step_id, "both"):
            state = correct(writer, source, step(step_id), today, lookup)
            screens.correction_saved(source.out, state, step(step_id))
    return state


def settle_identity(env: Environment, writer: Writer, lookup: Lookup | None) -> State:
    """SIRENE gives another identity than the one recorded: show both, let the expert choose.

    Adopting SIRENE's makes the holder verified; keeping one's own leaves it not verified
    (``status`` says where they differ); a wrong SIREN is typed again.
    """
    today, out = env.today, env.out
    state = writer.state
    if not engine.identity_differences(state):
        return state
    screens.identity_table(out, engine.found(state), state.holder.siren, recorded=state.holder)
    choice = prompts.select(
        out,
        "Quelle identité voulez-vous garder ?",
        (
            (ADOPT, "Celle de la base SIRENE (elle sera vérifiée)"),
            (KEEP, "La mienne (elle restera non vérifiée)"),
            (OTHER_SIREN, "Aucune : ce SIREN n'est pas le mien, je le corrige"),
        ),
        default=ADOPT,
    )
    if choice == ADOPT:
        state = engine.adopt_found(state, today)
        writer.save(state)
        screens.holder_summary(out, state)
    elif choice == KEEP:
        state = engine.record(state, _SIREN_CONFIRM, False, today)
        writer.save(state)
        for message in identity_notes(state):
            screens.notice(out, message)
    else:
        state = correct(writer, WizardSource(env), step(StepId.SIREN), today, lookup)
        screens.correction_saved(out, state, step(StepId.SIREN))
    return state


def _done_steps(state: State) -> list[Step]:
    """The steps that can be corrected: those done, and one interrupted half-way."""
    return [s for s in STEPS if engine.is_done(state, s) or engine.recorded_fields(state, s)]


def _menu(out: Output, state: State) -> str:
    """Go on, go back to an earlier step, or leave."""
    current = engine.current_step(state)
    assert current is not None
    return prompts.select(
        out,
        "Que souhaitez-vous faire ?",
        (
            (
                CONTINUE,
                f"Continuer : étape {screens.number(current)}, {texts.title(state, current)}",
            ),
            (CORRECT, "Corriger une étape précédente"),
            (QUIT, "Quitter (reprendre plus tard)"),
        ),
        default=CONTINUE,
    )


def _pick_step(out: Output, state: State) -> Step | None:
    """Which done step to correct (``None``: changed one's mind)."""
    choices: list[tuple[str, str]] = []
    for done in _done_steps(state):
        day = state.date(done.date_field.key)
        when = f" ({format_date(day)})" if day else " (en cours)"
        choices.append((done.id, f"{screens.number(done)}. {texts.title(state, done)}{when}"))
    choices.append((BACK, "Retour"))
    chosen = prompts.select(out, "Quelle étape voulez-vous corriger ?", choices)
    return None if chosen == BACK else step(StepId(chosen))
