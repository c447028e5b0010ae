"""The procedure's vocabulary is typed: steps, media, handovers and compagnies are catalogue
entries, and the wordings every reader needs come from them."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from opalexe_cert.domain import compagnie, engine, texts
from opalexe_cert.domain.compagnie import COMPAGNIES, DEFAULT_COMPAGNIE, OTHER_COMPAGNIE
from opalexe_cert.domain.facts import facts_of
from opalexe_cert.domain.fields import Behaviour
from opalexe_cert.domain.procedure import FIELDS, STEP_IDS, STEPS, field, step
from opalexe_cert.domain.state import Cycle, State
from opalexe_cert.domain.vocabulary import Handover, Medium, StepId, handover_of, medium_of

SRC = Path(__file__).resolve().parents[1] / "src" / "opalexe_cert"


def test_step_ids_are_the_procedure_s_steps_in_order() -> None:
    assert tuple(StepId) == STEP_IDS
    assert all(isinstance(s.id, StepId) for s in STEPS)
    assert all(isinstance(f.step, StepId) for f in FIELDS.values())
    # A StrEnum member is its string: keys and files written before read the same.
    assert field(StepId.OFFER, "medium").key == "offer.medium"
    assert step(StepId.SIREN) is step("siren")  # type: ignore[arg-type]


def test_the_choices_come_from_the_catalogues() -> None:
    medium = field(StepId.OFFER, "medium")
    handover = field(StepId.OFFER, "handover")
    assert [c.value for c in medium.choices] == ["card", "usb_key"]
    assert [c.label for c in medium.choices] == [m.words.label for m in Medium]
    assert [c.value for c in handover.choices] == ["president", "courier"]
    assert [c.label for c in handover.choices] == [h.words.label for h in Handover]
    chosen = field(StepId.PROFILE, "compagnie")
    assert [c.value for c in chosen.choices] == [*COMPAGNIES, OTHER_COMPAGNIE]
    assert chosen.default == DEFAULT_COMPAGNIE.key == "acso"


def test_a_recorded_answer_reads_as_its_entry_or_as_nothing() -> None:
    assert medium_of("usb_key") is Medium.USB_KEY
    assert handover_of("courier") is Handover.COURIER
    assert medium_of("floppy") is None and medium_of(None) is None and handover_of(True) is None
    facts = facts_of({"offer.medium": "card", "offer.handover": "courier"})
    assert facts.medium is Medium.CARD and facts.courier


def test_every_entry_has_every_wording() -> None:
    for medium in Medium:
        assert all(vars(medium.words).values()), medium
    for handover in Handover:
        assert all(vars(handover.words).values()), handover


def test_the_field_behaviours_are_declared_on_the_fields() -> None:
    lookups = [f.key for f in FIELDS.values() if f.behaviour is Behaviour.SIRENE_LOOKUP]
    reads = [f.key for f in FIELDS.values() if f.behaviour is Behaviour.READ_CERTIFICATE]
    assert lookups == ["siren.siren"]
    assert reads == ["activation.cert_expiry"]
    assert [s.id for s in STEPS if s.has(Behaviour.SIRENE_LOOKUP)] == [StepId.SIREN]


def test_a_registered_compagnie_is_one_entry(monkeypatch: object) -> None:
    """Another registered compagnie is read from its key like ACSO, with its own short name
    and guide President, without a special case anywhere."""
    import pytest

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    other = compagnie.ACSO.model_copy(
        update={
            "key": "cejca_agen",
            "name": "Compagnie des Experts de Justice près la cour d'appel d'Agen",
            "court_of_appeal": "Agen",
            "usual_short_name": "CEJ Agen",
            "president_name": "Anne MARTIN",
            "president_civility": "Mme",
        }
    )
    monkeypatch.setitem(COMPAGNIES, other.key, other)
    # The choice list is built from the registry at import: the state is built unvalidated.
    state = State.model_construct(
        cycle=Cycle.model_construct(answers={"profile.compagnie": "cejca_agen"})
    )
    found = texts.compagnie(state)
    assert found is not None and found.key == "cejca_agen" and found.envelope_name == "CEJ Agen"
    assert field(StepId.PROFILE, "president_as_guide").applies(state.answers)
    assert not field(StepId.PROFILE, "president_name").applies(state.answers)
    assert "Anne MARTIN" in texts.context(state)["guide_president"]
    proposal = engine.short_name_proposal(state, field(StepId.PROFILE, "compagnie_short_name"))
    assert proposal is not None and proposal.text == "CEJ Agen"


@pytest.fixture(scope="module")
def trees() -> dict[Path, ast.Module]:
    """Every source module's syntax tree, parsed once for the tests that walk them."""
    return {path: ast.parse(path.read_text(encoding="utf-8")) for path in sorted(SRC.rglob("*.py"))}


def _literals(path: Path, tree: ast.Module, values: set[str]) -> list[str]:
    return [
        f"{path.name}:{node.lineno}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and node.value in values
    ]


def test_no_compagnie_medium_or_handover_special_case_outside_the_catalogues(
    trees: dict[Path, ast.Module],
) -> None:
    """``"acso"``, ``"usb_key"`` or ``"courier"`` spelled in the code would be a special case
    a new entry misses: they are spelled in the catalogues only."""
    homes = {"vocabulary.py", "compagnie.py"}
    offenders = [
        hit
        for path, tree in trees.items()
        if path.name not in homes
        for hit in _literals(path, tree, {"acso", "usb_key", "courier"})
    ]
    assert offenders == []


def test_no_step_compared_with_a_string(trees: dict[Path, ast.Module]) -> None:
    """``step.id == "siren"`` would read as False after a rename: steps are compared by
    ``StepId`` (or by the behaviour their fields declare)."""
    ids = {s.value for s in StepId}
    offenders = []
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Compare):
                sides = [node.left, *node.comparators]
                if any(isinstance(s, ast.Constant) and s.value in ids for s in sides):
                    offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []
