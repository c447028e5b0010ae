"""Property tests: saving never changes a state, and a refused answer never touches the file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opalexe_cert.adapters import store
from opalexe_cert.domain import engine
from opalexe_cert.domain.errors import AnswerError
from opalexe_cert.domain.flow import FileAnswers, run
from opalexe_cert.domain.procedure import STEP_IDS
from opalexe_cert.domain.state import State

from conftest import example_answers

TODAY = dt.date(2026, 11, 26)
EXAMPLE = example_answers()
SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@st.composite
def valid_answers(draw: st.DrawFn) -> dict[str, Any]:
    """A prefix of the procedure with varied but valid choices and ordered dates."""
    stop = draw(st.integers(min_value=0, max_value=len(STEP_IDS)))
    keep = set(STEP_IDS[:stop])
    answers = {k: v for k, v in EXAMPLE.items() if k.split(".")[0] in keep}
    answers["offer.medium"] = draw(st.sampled_from(["card", "usb_key"]))
    answers["offer.handover"] = draw(st.sampled_from(["president", "courier"]))
    answers["profile.email"] = draw(st.emails())
    day = dt.date(2026, 1, 1)
    for step_id in STEP_IDS[1:]:
        key = f"{step_id}.date"
        if key in answers and step_id not in ("offer", "siren"):
            day += dt.timedelta(days=draw(st.integers(min_value=0, max_value=20)))
            answers[key] = day.isoformat()
    if "payment.amount" in answers:
        answers["payment.amount"] = draw(st.floats(min_value=0, max_value=1000))
    return answers


def record_all(path: Path, answers: dict[str, Any]) -> State:
    with store.writer(path) as session:
        source = FileAnswers(answers, notify=lambda message: None)
        try:
            return run(session, source, TODAY, lookup=None)
        except Exception:
            return session.state


@SETTINGS
@given(answers=valid_answers())
def test_saved_and_reloaded_state_is_the_same(tmp_path: Path, answers: dict[str, Any]) -> None:
    path = tmp_path / "round-trip.json"
    path.unlink(missing_ok=True)
    state = record_all(path, answers)
    assert store.load(path) == state
    store.save(path, store.load(path))
    assert store.load(path) == state


BAD = st.one_of(
    st.tuples(st.just("siren.siren"), st.text(min_size=1, max_size=12)),
    st.tuples(st.just("offer.medium"), st.text().filter(lambda t: t not in ("card", "usb_key"))),
    st.tuples(
        st.just("account.date"),
        st.dates(min_value=dt.date(2026, 11, 27)).map(dt.date.isoformat),
    ),
    st.tuples(st.just("siren.address"), st.text().filter(lambda t: "\n" not in t)),
)


@SETTINGS
@given(bad=BAD)
def test_invalid_answer_leaves_the_file_byte_for_byte(tmp_path: Path, bad: tuple[str, str]) -> None:
    key, value = bad
    path = tmp_path / "unchanged.json"
    step_id = key.split(".")[0]
    prefix = {
        k: v
        for k, v in EXAMPLE.items()
        if STEP_IDS.index(k.split(".")[0]) < STEP_IDS.index(step_id)
    }
    path.unlink(missing_ok=True)
    record_all(path, prefix)
    before = path.read_bytes()
    with store.writer(path) as session:
        try:
            new = engine.record(session.state, key, value, TODAY)
        except AnswerError:
            pass
        else:  # a random string may happen to be valid; then nothing is asserted of it
            session.save(new)
            return
    assert path.read_bytes() == before
