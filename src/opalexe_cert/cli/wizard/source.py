"""The wizard as an ``AnswerSource``: the flow loop asks, a person answers at a terminal.

Answers given in an answers file (``--answers`` with a terminal) are taken without asking, as
copier does; only what is missing or refused is asked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from opalexe_cert.cli import prompts
from opalexe_cert.cli.environment import Environment
from opalexe_cert.cli.wizard import screens
from opalexe_cert.cli.wizard.certificate import CertificateOffer
from opalexe_cert.domain import engine, texts
from opalexe_cert.domain.errors import AnswerError, Reopen
from opalexe_cert.domain.fields import AnswerValue, Behaviour, Field, Finding, Kind, validate
from opalexe_cert.domain.flow import OfflineCause
from opalexe_cert.domain.procedure import ID_EXPIRED, Step
from opalexe_cert.domain.procedure import field as field_of
from opalexe_cert.domain.state import State
from opalexe_cert.domain.vocabulary import StepId

_SIREN_CONFIRM = field_of(StepId.SIREN, "confirm").key
_PRESIDENT_MAIL_DATE = field_of(StepId.PRESIDENT_MAIL, "date").key
_ID_EXPIRY = field_of(StepId.PRESIDENT_MAIL, "id_expiry").key

_CIVILITY = field_of(StepId.SIREN, "civility").key

IDENTITY_KEYS = frozenset(
    field_of(StepId.SIREN, name).key for name in ("civility", "surname", "given_names", "address")
)


def _civility_not_given(state: State) -> bool:
    """The identity SIRENE found was adopted, but without the civility, asked for alone."""
    found = engine.found(state)
    confirmed = state.answers.get(_SIREN_CONFIRM) is not False
    return found is not None and found.get("civility") is None and confirmed


class WizardSource:
    """Asks the expert, in French, what the flow needs; explains each step first."""

    def __init__(
        self,
        env: Environment,
        preset: Mapping[str, AnswerValue] | None = None,
        offline: OfflineCause = "option",
    ) -> None:
        self.today = env.today
        self.out = env.out
        self.preset = dict(preset or {})
        self.offline = offline  # why there is no look-up, when there is none
        self.stopped_at: Step | None = None  # the step the expert has not done yet
        self._current: Step | None = None
        self._declined: str | None = None  # a finding shown, then not confirmed
        self.certificate = CertificateOffer(env)  # reads the expiry rather than typing it

    # --- the AnswerSource protocol ------------------------------------------------------------

    def step_started(self, state: State, step: Step) -> None:
        """Close the previous step, then show this one's instructions and warnings."""
        previous = self._current
        if previous is not None and previous is not step and engine.is_done(state, previous):
            screens.step_recorded(self.out, state, previous, self.today)
            if previous.has(Behaviour.SIRENE_LOOKUP):
                screens.holder_summary(self.out, state)
        # A step corrected after the fact is reported by the session, not here.
        self._current = None if engine.is_done(state, step) else step
        screens.step_panel(self.out, state, step, self.today)

    def step_done(self, state: State, step: Step) -> bool:
        """Ask the step's question; on *Non*, say what comes next and stop."""
        if step.date_field.key in self.preset:
            return True
        if prompts.yes_no(self.out, texts.render(step.done_question, state)):
            return True
        screens.not_yet(self.out, state, step, self.today)
        self.stopped_at = step
        return False

    def review(self, state: State, step: Step, recorded: list[Field]) -> bool:
        """Show the answers given before an interruption; ask whether to change them."""
        if all(f.key in self.preset for f in recorded):
            return False
        screens.recorded_answers(self.out, state, recorded)
        return prompts.yes_no(self.out, "Voulez-vous modifier ces réponses ?", default=False)

    def answer(
        self, state: State, step: Step, field: Field, today: dt.date, previous: AnswerValue = None
    ) -> object:
        """The preset answer, or the expert's, with the best default proposed."""
        if field.key in self.preset:
            return self.preset[field.key]
        if field.behaviour is Behaviour.READ_CERTIFICATE:
            read = self.certificate.expiry(state)
            if read is not None:
                return read
        if step.auto_date and field is step.date_field:
            return engine.answer_for(state, field, today, previous=previous).value
        required = engine.is_required(state, field)
        in_file = any(key.startswith(f"{field.step}.") for key in self.preset)
        implicit = field.default is not None or not required
        if in_file and previous is None and implicit and not _badly_cut(state, field):
            # A step the answers file answers: what it leaves out takes its default, as
            # without a terminal; only a missing required answer is asked (or a short name
            # of the compagnie that would read badly).
            return engine.answer_for(state, field, today).value
        if field.key in IDENTITY_KEYS and not required:
            return None  # SIRENE's identity, adopted, stands: nothing typed replaces it
        default = engine.answer_for(state, field, today, previous=previous, asking=True).value
        if field.key == _CIVILITY and _civility_not_given(state):
            self.out.say("Les données publiques de SIRENE ne donnent pas la civilité.")
        return self._ask(state, field, default, today, required)

    def rejected(self, error: AnswerError) -> None:
        """Say why, and let the flow ask again (a refused preset answer is asked too).

        A sending date refused because the ID had expired by then offers to correct the ID's
        expiry (another, valid, ID), rather than asking the date again and again."""
        self.preset.pop(error.key, None)
        if error.reason == self._declined:  # already shown, then declined: just ask again
            self._declined = None
            prompts.refused(self.out, "Date non confirmée : indiquez-la de nouveau.")
            return
        screens.refused(self.out, error.reason)
        expired = error.key == _PRESIDENT_MAIL_DATE and error.reason.startswith(ID_EXPIRED)
        if expired and prompts.yes_no(
            self.out,
            "Corriger la date d'expiration de la pièce d'identité (par exemple celle d'une "
            "autre pièce, en cours de validité) ?",
        ):
            raise Reopen(_ID_EXPIRY)

    def notify(self, message: str) -> None:
        """A warning; the wizard goes on."""
        screens.notice(self.out, message)

    def confirm(self, finding: Finding) -> bool:
        """An implausible date: shown, then confirmed by the expert when the rule asks it."""
        if finding.in_wizard == "refuse":
            return False
        if finding.in_wizard == "skip":
            return True
        screens.notice(self.out, finding.message)
        if finding.in_wizard == "warn":
            return True
        if prompts.yes_no(self.out, "Confirmez-vous cette date ?", default=False):
            return True
        self._declined = finding.message
        return False

    # --- asking ---------------------------------------------------------------------------------

    def _ask(
        self, state: State, field: Field, default: AnswerValue, today: dt.date, required: bool
    ) -> AnswerValue:
        check = prompts.refusal(lambda typed: validate(field, typed, today, required=required))
        label = texts.render(field.label, state)
        match field.kind:
            case Kind.CHOICE:
                choices = [
                    (c.value, texts.choice_label(state, field, c.value)) for c in field.choices
                ]
                return prompts.select(self.out, label, choices, default=_text(default) or None)
            case Kind.BOOL:
                if field.key == _SIREN_CONFIRM:
                    unit = state.cycle.lookup
                    screens.identity_table(
                        self.out,
                        engine.found(state),
                        state.holder.siren,
                        public=unit is None or unit.diffusible,
                    )
                return prompts.yes_no(
                    self.out, label, default if isinstance(default, bool) else True
                )
            case Kind.PAST_DATE | Kind.DATE:
                fresh = field.key not in state.answers and default == today.isoformat()
                day = prompts.date(self.out, label, _as_date(default), check=check, today=fresh)
                return day.isoformat()
            case Kind.ADDRESS:
                printed = prompts.as_printed(field, today)
                return prompts.address(
                    self.out, label, _text(default), check=check, printed=printed
                )
            case _:
                proposal = engine.short_name_proposal(state, field)  # taken with Enter
                return prompts.text(
                    self.out,
                    label,
                    _text(default),
                    check=check,
                    optional=not required,
                    suggestion=proposal.text if proposal else "",
                )


def _badly_cut(state: State, field: Field) -> bool:
    """Whether ``field`` is the compagnie's short name, and the one derived reads badly."""
    proposal = engine.short_name_proposal(state, field)
    return proposal is not None and not proposal.natural


def _text(value: AnswerValue) -> str:
    """A recorded value as a prompt's default text (``109.0`` as ``109``, ``109.5`` as
    ``109,50``: euros and cents)."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, float):
        cents = f"{value:.2f}".replace(".", ",")
        return cents.removesuffix(",00")
    return str(value)


def _as_date(value: AnswerValue) -> dt.date | None:
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None
