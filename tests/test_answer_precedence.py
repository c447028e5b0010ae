"""One answer-precedence function: the answers given now > the answer recorded > the default
(taken without asking, or proposed by the wizard), as copier's AnswersMap layers them."""

from __future__ import annotations

import datetime as dt

from opalexe_cert.domain import engine
from opalexe_cert.domain.procedure import field
from opalexe_cert.domain.state import Cycle, FinishedCycle, State
from opalexe_cert.domain.vocabulary import StepId

TODAY = dt.date(2026, 3, 2)
COMPAGNIE = field(StepId.PROFILE, "compagnie")
ACCOUNT_DATE = field(StepId.ACCOUNT, "date")
OFFER_DATE = field(StepId.OFFER, "date")
MEDIUM = field(StepId.OFFER, "medium")
REFERENCE = field(StepId.PAYMENT, "reference")


def test_given_beats_recorded_beats_default() -> None:
    state = State()
    given = {"profile.compagnie": "other"}
    assert engine.answer_for(state, COMPAGNIE, TODAY, given=given, previous="acso") == (
        engine.Answer("other", "given")
    )
    assert engine.answer_for(state, COMPAGNIE, TODAY, previous="other") == (
        engine.Answer("other", "recorded")
    )
    assert engine.answer_for(state, COMPAGNIE, TODAY) == engine.Answer("acso", "default")


def test_a_blank_given_answer_is_not_given() -> None:
    for blank in (None, "", "   "):
        answer = engine.answer_for(State(), COMPAGNIE, TODAY, given={COMPAGNIE.key: blank})
        assert answer == engine.Answer("acso", "default")


def test_the_default_taken_without_asking_is_narrower_than_the_one_proposed() -> None:
    state = State()
    # A step done once answered takes today; a step done on a day of its own does not.
    assert engine.answer_for(state, OFFER_DATE, TODAY).value == TODAY.isoformat()
    assert engine.answer_for(state, ACCOUNT_DATE, TODAY) == engine.Answer(None, None)
    assert engine.answer_for(state, ACCOUNT_DATE, TODAY, asking=True).value == "2026-03-02"


def test_a_renewal_proposes_what_rarely_changes_and_never_an_old_fact() -> None:
    last = FinishedCycle(
        number=1, answers={"offer.medium": "usb_key", "payment.reference": "CMD-1"}
    )
    state = State(cycle=Cycle(number=2), history=[last])
    assert engine.answer_for(state, MEDIUM, TODAY, asking=True).value == "usb_key"
    assert engine.answer_for(state, MEDIUM, TODAY).value is None  # never taken unasked
    assert engine.answer_for(state, REFERENCE, TODAY, asking=True).value is None
