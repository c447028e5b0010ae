"""The holder has one home, the answers: the state file's ``holder`` is checked when read, never
trusted, and written back as derived from the answers."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from opalexe_cert.adapters import store
from opalexe_cert.domain.holder import holder_of
from opalexe_cert.domain.identity import Identity, LegalUnit
from opalexe_cert.domain.state import State

from clirun import EXAMPLES
from conftest import Runner

VALID: dict[str, Any] = json.loads((EXAMPLES / "state-en-cours.json").read_text("utf-8"))


def test_the_example_s_holder_is_the_one_its_answers_give() -> None:
    state = State.model_validate(VALID)
    assert state.model_dump(mode="json")["holder"] == VALID["holder"]
    assert list(state.model_dump(mode="json")) == list(VALID)  # the file's shape is kept


def test_a_hand_edited_holder_is_not_shown_and_not_kept(cli: Runner, state_file: Path) -> None:
    data = copy.deepcopy(VALID)
    data["holder"]["surname"] = "MARTIN"
    data["holder"]["verified"] = not VALID["holder"]["verified"]
    state_file.parent.mkdir(parents=True)
    state_file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = cli("status", "--json")
    assert result.code == 0, result.text
    shown = json.loads(result.out)["holder"]
    assert shown["surname"] == VALID["holder"]["surname"] != "MARTIN"
    assert shown["verified"] == VALID["holder"]["verified"]
    # The next write derives the holder again from the answers: the edit does not survive.
    store.save(state_file, store.load(state_file))
    written = json.loads(state_file.read_text(encoding="utf-8"))
    assert written["holder"] == VALID["holder"]


def test_an_answer_changes_the_holder_at_once() -> None:
    state = State.model_validate(VALID)
    answers = dict(state.answers) | {"siren.surname": "de la Fontaine"}
    changed = state.model_copy(
        update={"cycle": state.cycle.model_copy(update={"answers": answers})}
    )
    assert changed.holder.surname == "de la FONTAINE"
    assert state.holder.surname == VALID["holder"]["surname"]


def test_the_holder_is_derived_once_until_what_it_reads_changes(monkeypatch: Any) -> None:
    """``status`` reads the holder tens of times: it is derived once, and again as soon as
    an answer it reads or the look-up changes, even in place (never a stale holder)."""
    from opalexe_cert.domain import state as state_module

    derived: list[object] = []
    real = state_module.holder_of

    def counting(*args: Any) -> Any:
        derived.append(args)
        return real(*args)

    monkeypatch.setattr(state_module, "holder_of", counting)
    state = State.model_validate(VALID)
    first = state.holder
    assert state.holder is first and state.holder == first
    assert len(derived) == 1
    state.answers["siren.surname"] = "de la Fontaine"  # in place
    assert state.holder.surname == "de la FONTAINE"
    assert len(derived) == 2
    state.answers["siren.confirm"] = 0  # equal to False, yet not the answer False
    assert state.holder.surname == "de la FONTAINE"
    assert len(derived) == 3
    unit = LegalUnit(siren="123456782", legal_category="1000", birth_name="ZOLA")
    relooked = state.model_copy(update={"cycle": state.cycle.model_copy(update={"lookup": unit})})
    assert relooked.holder is not state.holder
    assert len(derived) == 4


@pytest.mark.parametrize(
    "answers",
    [{}, {"siren.confirm": True}, {"siren.siren": "812345676"}, {"siren.surname": "Martin"}],
)
def test_a_new_state_s_empty_holder_is_the_validated_one(answers: dict[str, Any]) -> None:
    """With nothing typed and nothing found, the holder is made without validation (no
    validator built before the first question): the same value as the validated one."""
    made = holder_of(answers, None)
    assert made == Identity.model_validate(made.model_dump())
    assert made.model_dump() == {
        "siren": answers.get("siren.siren"), "civility": None,
        "surname": "MARTIN" if "siren.surname" in answers else None, "given_names": None,
        "address": None, "verified": False,
    }  # fmt: skip


NAMES = st.text(alphabet="abcdeÉéïœ’'- ", min_size=1, max_size=12)
ADDRESSES = st.sampled_from(
    ["12 rue des Lilas\n33000 BORDEAUX", "Bâtiment C\n3 place Gambetta\n33 000 Bordeaux",
     "Palais de justice, 67 rue Servient\n69003 Lyon", "BP 12\n44000 NANTES"]
)  # fmt: skip
UNITS = st.one_of(
    st.none(),
    st.builds(
        LegalUnit,
        siren=st.sampled_from(["123456782", "812345676"]),
        legal_category=st.sampled_from(["1000", "5710", None]),
        birth_name=st.one_of(st.none(), st.just("ZOLA")),
        usage_name=st.one_of(st.none(), st.just("de la FONTAINE")),
        given_names=st.one_of(st.none(), st.just("Émile Édouard")),
        civility=st.sampled_from([None, "M.", "Mme"]),
    ),
)


@settings(max_examples=150, deadline=None)
@given(
    st.fixed_dictionaries(
        {},
        optional={
            "siren.siren": st.sampled_from(["123456782", "812345676"]),
            "siren.confirm": st.booleans(),
            "siren.civility": st.sampled_from(["M.", "Mme"]),
            "siren.surname": NAMES,
            "siren.given_names": NAMES,
            "siren.address": ADDRESSES,
        },
    ),
    UNITS,
)
def test_the_holder_made_without_validation_is_the_validated_one(
    answers: dict[str, Any], unit: LegalUnit | None
) -> None:
    """``holder_of`` makes the holder without validating again what the state's validator
    checked: validated, it is the same, value for value and type for type."""
    data = copy.deepcopy(VALID)
    data["cycle"]["answers"] = {k: v for k, v in data["cycle"]["answers"].items()
                                if not k.startswith("siren.")} | answers  # fmt: skip
    data["cycle"]["lookup"] = unit.model_dump(mode="json") if unit is not None else None
    try:
        state = State.model_validate(data)
    except ValidationError:
        assume(False)  # answers the state's validator refuses never reach the holder
    made = state.holder
    validated = Identity.model_validate(made.model_dump())
    assert validated == made
    for name in Identity.model_fields:
        assert type(getattr(validated, name)) is type(getattr(made, name)), name
