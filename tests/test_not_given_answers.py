"""An answer that says nothing (``null``, ``""``, spaces) means "not given", for every key, and
no run of the procedure asks the same question twice without recording anything.

Through ``start --answers``: a blank value is taken exactly as ``null`` (same exit status,
same messages, same state). Through ``flow.run`` with a source that answers anything: every
question either records something or ends the run, in French, naming the key.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from opalexe_cert.domain import flow
from opalexe_cert.domain.errors import NoProgressError, OpalexeError
from opalexe_cert.domain.fields import AnswerValue, Field, Finding
from opalexe_cert.domain.procedure import FIELDS, STEPS, Step
from opalexe_cert.domain.state import State

from conftest import TODAY, Runner, example_answers

EXAMPLE = example_answers()
BLANKS = ["", "  ", "\t\n"]


def start(cli: Runner, state: Path, answers: dict[str, Any]) -> tuple[int, str, str]:
    """``start --answers`` with ``answers``; its status, messages and the state written."""
    path = state.parent.parent / "answers.json"
    path.write_text(json.dumps(answers, ensure_ascii=False), encoding="utf-8")
    result = cli("start", "--answers", str(path), "--no-input")
    return result.code, result.text, state.read_text("utf-8") if state.exists() else ""


@pytest.mark.parametrize("key", ["profile.date", "offer.date", "siren.date"])
@pytest.mark.parametrize("blank", BLANKS)
def test_a_blank_date_of_a_step_dated_by_itself_is_today(
    cli: Runner, state_file: Path, key: str, blank: str
) -> None:
    result = start(cli, state_file, EXAMPLE | {key: blank})
    assert result[0] == 0, result[1]
    recorded = json.loads(result[2])["cycle"]["answers"]
    assert recorded[key] == dt.date.fromisoformat(TODAY).isoformat()


@pytest.mark.parametrize("key", sorted({*EXAMPLE, *(s.date_field.key for s in STEPS)}))
def test_a_blank_answer_is_taken_exactly_as_null(cli: Runner, state_file: Path, key: str) -> None:
    with_null = start(cli, state_file, EXAMPLE | {key: None})
    state_file.unlink(missing_ok=True)
    with_blank = start(cli, state_file, EXAMPLE | {key: "  "})
    assert with_blank == with_null
    assert "inattendue" not in with_blank[1]


def test_a_blank_answer_for_a_step_already_done_is_not_said_to_be_ignored(
    cli: Runner, state_file: Path
) -> None:
    assert start(cli, state_file, EXAMPLE)[0] == 0
    code, text, _ = start(cli, state_file, {"profile.email": "", "account.date": None})
    assert code == 0, text
    assert "ignorée" not in text


# --- the guard: no question asked twice without recording anything ------------------------


class Memory:
    """A ``Writer`` that keeps the state in memory and counts the saves that changed it."""

    def __init__(self) -> None:
        self.state = State()
        self.saves = 0

    def save(self, state: State) -> None:
        self.saves += state != self.state
        self.state = state


class Anything(flow.FileAnswers):
    """A file that gives its value for every question, even one that says nothing (no
    "not given" rule here: the guard in ``flow.run`` is what is tested)."""

    def __init__(self, answers: dict[str, AnswerValue], writer: Memory) -> None:
        super().__init__(answers, notify=lambda _message: None)
        self.writer = writer
        self.asked = 0

    def answer(
        self, state: State, step: Step, field: Field, today: dt.date, previous: AnswerValue = None
    ) -> object:
        self.asked += 1
        # Fail at once rather than loop: a second question with nothing recorded in between.
        assert self.asked <= self.writer.saves + 1, f"asked again: {field.key}"
        if field.key in self.answers:
            return self.answers[field.key]
        return super().answer(state, step, field, today, previous)

    def confirm(self, finding: Finding) -> bool:
        return True


def test_an_answer_that_records_nothing_stops_the_run_naming_the_key() -> None:
    writer = Memory()
    source = Anything({"profile.email": "a@b.fr", "profile.date": ""}, writer)
    with pytest.raises(NoProgressError) as raised:
        flow.run(writer, source, dt.date.fromisoformat(TODAY), None)
    assert "« profile.date »" in raised.value.message
    assert writer.state.answers["profile.email"] == "a@b.fr"  # what was given is kept


VALUES: list[Any] = [None, "", " ", "x", "2026-09-01", "31/02/2026", 0, 109.0, True, "Mme"]


@st.composite
def answers(draw: st.DrawFn) -> dict[str, AnswerValue]:
    """The example's answers up to some point, some of them replaced by anything."""
    kept = draw(st.integers(0, len(EXAMPLE)))
    chosen: dict[str, AnswerValue] = dict(list(EXAMPLE.items())[:kept])
    keys = st.sampled_from(sorted(FIELDS))
    chosen.update(draw(st.dictionaries(keys, st.sampled_from(VALUES), max_size=4)))
    return chosen


@settings(
    max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(answers())
@example({"profile.email": "a@b.fr", "profile.date": ""})
@example(dict(EXAMPLE, **{"offer.date": "  ", "siren.date": None}))
def test_every_question_records_something_or_ends_the_run(
    given_answers: dict[str, AnswerValue],
) -> None:
    writer = Memory()
    source = Anything(given_answers, writer)
    try:
        flow.run(writer, source, dt.date.fromisoformat(TODAY), None)
    except OpalexeError as error:
        assert error.message  # a French message, and the run ended
        assert source.asked == writer.saves + 1
    else:
        assert source.asked == writer.saves
