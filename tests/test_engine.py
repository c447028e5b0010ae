"""Transitions of the procedure, step by step, as pure functions of the state."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from opalexe_cert.domain import engine, texts
from opalexe_cert.domain.errors import AnswerError, InputError, MissingAnswerError
from opalexe_cert.domain.facts import cycle_facts
from opalexe_cert.domain.fields import AnswerValue
from opalexe_cert.domain.flow import FileAnswers
from opalexe_cert.domain.identity import LegalUnit
from opalexe_cert.domain.procedure import FIELDS, STEP_IDS, STEPS, step
from opalexe_cert.domain.state import State
from opalexe_cert.domain.vocabulary import StepId

from conftest import example_answers

TODAY = dt.date(2026, 11, 26)


def drive(answers: dict[str, Any], state: State | None = None, today: dt.date = TODAY) -> State:
    """Record answers step by step like ``flow.run`` does, without a file."""
    state = state or State()
    source = FileAnswers(answers, notify=lambda message: None)
    while (current := engine.current_step(state)) is not None:
        field = engine.open_fields(state, current)[0]
        try:
            raw = source.answer(state, current, field, today)
        except MissingAnswerError:
            return state
        state = engine.record(state, field.key, raw, today)
    return state


def until(step_id: str) -> dict[str, AnswerValue]:
    """The example's answers for every step before ``step_id``."""
    stop = STEP_IDS.index(step_id)
    allowed = set(STEP_IDS[:stop])
    return {k: v for k, v in example_answers().items() if k.split(".")[0] in allowed}


def test_empty_state_starts_at_profile() -> None:
    assert engine.current_step(State()) is step("profile")
    assert [v.state for v in engine.step_views(State())] == ["current"] + ["pending"] * 12


@pytest.mark.parametrize("step_id", STEP_IDS)
def test_each_step_becomes_current_then_done(step_id: str) -> None:
    state = drive(until(step_id))
    assert engine.current_step(state) is step(step_id)
    index = STEP_IDS.index(step_id)
    views = engine.step_views(state)
    assert all(v.state == "done" for v in views[:index])
    assert all(v.state == "pending" for v in views[index + 1 :])
    after = drive(until(step_id) | _answers_of(step_id), state)
    assert engine.is_done(after, step(step_id))


def _answers_of(step_id: str) -> dict[str, AnswerValue]:
    return {k: v for k, v in example_answers().items() if k.startswith(f"{step_id}.")}


def test_full_example_completes_the_procedure() -> None:
    state = drive(example_answers())
    assert engine.is_complete(state)
    assert state.holder.surname == "d’AUBIGNÉ-LŒWENBRUCK"
    assert state.holder.verified is False
    assert state.answers["profile.date"] == TODAY.isoformat()


def test_auto_dated_steps_take_today() -> None:
    state = drive(until("account"))
    assert state.answers["profile.date"] == "2026-11-26"


def test_other_compagnie_requires_its_details() -> None:
    state = drive({"profile.compagnie": "other", "profile.email": "a@b.fr"})
    missing = engine.open_fields(state, step("profile"))[0]
    assert missing.key == "profile.compagnie_name"
    state = drive(
        {
            "profile.compagnie": "other",
            "profile.compagnie_name": "Compagnie des experts près la cour d'appel de Lyon",
            "profile.court_of_appeal": "Lyon",
            "profile.president_civility": "Mme",
            "profile.president_name": "Claire Martin",
            "profile.compagnie_address": "1 quai Romain Rolland\n69005 Lyon",
            "profile.email": "a@b.fr",
        }
    )
    compagnie = texts.compagnie(state)
    assert compagnie is not None
    assert compagnie.vedette == "Madame la Présidente"
    assert compagnie.address.lines[-1] == "69005 LYON"
    assert compagnie.president_address_lines[:2] == (
        "Madame Claire MARTIN",
        "Présidente de la Compagnie des experts près la cour d'appel de Lyon",
    )


def test_president_mail_says_where_to_post_by_name() -> None:
    state = drive(until("president_mail"))
    text = "\n".join(texts.instructions(state, step("president_mail")))
    # as the envelope and the letter print it (NF Z10-011), not as the guide writes it
    assert "M. Marc GAUTHIER\n    Président de la Compagnie ACSO" in text
    assert "8 PLACE DES QUINCONCES\n    33000 BORDEAUX" in text


def test_acso_is_the_default_compagnie() -> None:
    state = drive({"profile.email": "a@b.fr"})
    compagnie = texts.compagnie(state)
    assert compagnie is not None and compagnie.president_name == "Marc GAUTHIER"


def test_a_date_before_the_previous_step_is_refused() -> None:
    state = drive(until("payment"))
    with pytest.raises(AnswerError) as info:
        engine.record(state, "payment.date", "2026-08-31", TODAY)
    assert info.value.key == "payment.date"
    assert "Formulaire de commande" in info.value.message


def test_offer_and_siren_dates_are_left_out_of_the_order() -> None:
    answers = until("order_form") | {"order_form.date": "2026-09-01"}
    state = drive(answers)
    assert state.answers["siren.date"] == "2026-11-26"
    assert engine.is_done(state, step("order_form"))


def test_a_corrected_date_may_not_pass_a_later_step() -> None:
    state = drive(until("order_email"))
    with pytest.raises(AnswerError) as info:
        engine.record(state, "account.date", "2026-09-10", TODAY)
    assert "étape suivante" in info.value.message


def test_invalid_answer_leaves_the_state_unchanged() -> None:
    state = drive(until("payment"))
    before = state.model_dump()
    with pytest.raises(AnswerError):
        engine.record(state, "payment.date", "demain", TODAY)
    assert state.model_dump() == before


def test_unknown_key_is_refused() -> None:
    with pytest.raises(InputError):
        engine.record(State(), "offer.colour", "blue", TODAY)


def test_certificate_expiry_must_follow_the_cycle() -> None:
    state = drive(until("activation"))
    with pytest.raises(AnswerError) as info:
        engine.record(state, "activation.cert_expiry", "2026-10-01", TODAY)
    assert "ne peut pas venir d'être activé" in info.value.message


@pytest.mark.parametrize(
    ("expiry", "expected"),
    [
        ("2026-11-25", "a expiré le 25 novembre 2026 : elle ne convient que si"),
        ("2026-11-26", "au plus 3\u00a0mois"),  # expires on the day sent: still valid
        ("2027-02-25", "au plus 3\u00a0mois"),  # the day before 3 months
        ("2027-02-26", "au plus 3\u00a0mois"),  # exactly 3 calendar months: warned
        ("2027-02-27", None),  # the day after
    ],
)
def test_id_expiry_warning(expiry: str, expected: str | None) -> None:
    state = drive(until("president_mail"))
    found = engine.findings(state, FIELDS["president_mail.id_expiry"], expiry, TODAY)
    if expected is None:
        assert found == []
    else:
        (finding,) = found
        assert expected in finding.message and finding.in_wizard == "confirm"


PERSON = LegalUnit(
    siren="123456782",
    legal_category="1000",
    active=True,
    civility="Mme",
    birth_name="MARTIN",
    usage_name="DUPONT",
    given_names="Claire Anne",
    address=("4 RUE SAINTE-CATHERINE", "33000 BORDEAUX"),
)


def _with_lookup(unit: LegalUnit | None, **answers: AnswerValue) -> State:
    state = drive(until("siren"))
    state = engine.record(state, "siren.siren", "123456782", TODAY)
    state = engine.record_lookup(state, unit)
    for key, value in answers.items():
        state = engine.record(state, f"siren.{key}", value, TODAY)
    return state


def test_found_identity_is_confirmed_and_verified() -> None:
    state = _with_lookup(PERSON)
    assert next(f.key for f in engine.open_fields(state, step("siren"))) == "siren.confirm"
    state = engine.record(state, "siren.confirm", True, TODAY)
    fields = engine.open_fields(state, step("siren"))
    assert not any(engine.is_required(state, f) for f in fields if f.name != "date")
    state = drive({}, state)
    assert state.holder.verified is True
    assert state.holder.surname == "DUPONT"
    assert state.holder.address is not None
    assert state.holder.address.text == "4 RUE SAINTE-CATHERINE\n33000 BORDEAUX"


def test_typed_identity_replaces_what_was_found() -> None:
    state = _with_lookup(PERSON, confirm=True, given_names="Claire")
    assert state.holder.given_names == "Claire"
    assert state.holder.surname == "DUPONT"
    # An identity that differs from SIRENE's is not verified, and says where.
    assert state.holder.verified is False
    assert engine.identity_differences(state) == ["prénoms"]


def test_same_identity_typed_differently_is_verified() -> None:
    state = _with_lookup(
        PERSON,
        confirm=False,
        civility=PERSON.civility,
        surname=(PERSON.surname or "").lower(),
        given_names=(PERSON.given_names or "").upper(),
        address=" ".join(PERSON.address.text.lower().split(" ")) if PERSON.address else "",
    )
    assert engine.identity_differences(state) == []
    assert state.holder.verified is True


def test_a_new_siren_drops_the_identity_typed_for_the_old_one() -> None:
    state = _with_lookup(None, civility="Mme", surname="leclerc", given_names="sophie")
    assert state.holder.surname == "LECLERC" and state.holder.given_names == "Sophie"
    other = PERSON.model_copy(update={"siren": "732829320"})
    state = engine.record(state, "siren.siren", other.siren, TODAY)
    state = engine.record_lookup(state, other)
    state = engine.record(state, "siren.confirm", True, TODAY)
    assert state.holder.surname == "DUPONT"
    assert state.holder.verified is True


def test_rejected_identity_must_be_typed() -> None:
    state = _with_lookup(PERSON, confirm=False)
    required = [
        f.name for f in engine.open_fields(state, step("siren")) if engine.is_required(state, f)
    ]
    assert required == ["civility", "surname", "given_names", "address"]


def test_hidden_fields_must_be_typed() -> None:
    hidden = PERSON.model_copy(update={"given_names": None, "address": None, "diffusible": False})
    state = _with_lookup(hidden, confirm=True)
    required = [
        f.name for f in engine.open_fields(state, step("siren")) if engine.is_required(state, f)
    ]
    assert required == ["given_names", "address"]


def test_without_lookup_identity_is_typed_and_not_verified() -> None:
    state = _with_lookup(None)
    assert "siren.confirm" not in [f.key for f in engine.open_fields(state, step("siren"))]
    assert state.holder.verified is False


def test_changing_the_siren_forgets_the_lookup() -> None:
    state = _with_lookup(PERSON, confirm=True)
    state = engine.record(state, "siren.siren", "732829320", TODAY)
    assert state.cycle.lookup is None
    assert "siren.confirm" not in state.answers
    assert state.holder.verified is False


def test_renewal_keeps_profile_and_identity() -> None:
    done = drive(example_answers())
    renewed = engine.start_renewal(done, TODAY)
    assert renewed.cycle.number == 2
    assert engine.current_step(renewed) is step("account")
    assert renewed.holder == done.holder
    assert renewed.answers["profile.email"] == done.answers["profile.email"]
    assert "offer.medium" not in renewed.answers
    assert renewed.history[0].cert_expiry == dt.date(2029, 10, 20)
    assert renewed.history[0].completed_on == dt.date(2026, 10, 20)


def test_a_renewal_shows_no_date_of_the_first_cycle_for_the_steps_it_kept() -> None:
    renewed = engine.start_renewal(drive(example_answers()), dt.date(2029, 8, 1))
    dates = {v.step.id: v.date for v in engine.step_views(renewed)}
    assert dates["profile"] is None and dates["siren"] is None
    assert [v.state for v in engine.step_views(renewed)][:4] == [
        "done",
        "current",
        "pending",
        "done",
    ]
    assert cycle_facts(renewed).date(StepId.PROFILE) is None


def test_a_date_given_in_the_renewal_before_the_day_it_was_started_is_shown() -> None:
    """Only the steps a renewal carries over hold an earlier cycle's date: the portal reached
    two days before ``renew`` was typed is this cycle's, and shown as such."""
    renewed = engine.start_renewal(drive(example_answers()), dt.date(2029, 8, 20))
    renewed = engine.record(renewed, "account.date", "2029-08-18", dt.date(2029, 8, 22))
    dates = {v.step.id: v.date for v in engine.step_views(renewed)}
    assert dates["account"] == dt.date(2029, 8, 18)
    assert dates["profile"] is None and dates["siren"] is None
    assert cycle_facts(renewed).date(StepId.ACCOUNT) == dt.date(2029, 8, 18)


def test_renewal_is_refused_before_activation() -> None:
    with pytest.raises(InputError):
        engine.start_renewal(drive(until("delivery")), TODAY)


def test_placeholders_follow_the_offer() -> None:
    usb = drive(until("delivery") | {"offer.medium": "usb_key"})
    assert "clé USB" in texts.render(step("delivery").action, usb)
    card = drive(until("delivery"))
    assert "de votre carte d'expert et de son lecteur" in texts.render(
        step("delivery").action, card
    )


def test_courier_delivery_reminds_to_be_there() -> None:
    courier = drive(until("delivery") | {"offer.handover": "courier"})
    assert any("pièce d'identité" in t for t in texts.instructions(courier, step("delivery")))
    president = drive(until("delivery"))
    assert not any("coursier" in t for t in texts.instructions(president, step("delivery")))


def test_every_step_has_a_date_field_last() -> None:
    for s in STEPS:
        assert s.date_field.key == f"{s.id}.date"


def test_acso_president_corrected_without_another_compagnie() -> None:
    # A new President of ACSO, without entering ACSO as another compagnie.
    state = drive(
        {
            "profile.compagnie": "acso",
            "profile.president_as_guide": False,
            "profile.president_civility": "Mme",
            "profile.president_name": "hélène cœurderoy",
            "profile.compagnie_address": "10 cours de Verdun\n33000 Bordeaux",
            "profile.email": "e@example.fr",
        }
    )
    found = texts.compagnie(state)
    assert found is not None and found.key == "acso"
    assert found.president_addressee == "Madame Hélène CŒURDEROY"
    assert found.address.lines == ("10 cours de Verdun", "33000 BORDEAUX")
    assert texts.title(state, step("president_mail")) == "Envoi à la Présidente"
    assert texts.render("pour qu'{pronoun} signe", state) == "pour qu'elle signe"
