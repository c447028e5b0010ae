"""Dead ends: the wizard always says how to go on. An ID refused at the sending date can be
corrected there; changing the offer after payment says the paid order is unchanged; Ctrl-C in
a correction or in ``print-dossier`` says what was kept and what was dropped."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from test_wizard_steps import DOWN, ENTER, TODAY, UP, at, keys, plain, walk

from opalexe_cert.adapters.store import writer
from opalexe_cert.cli.wizard.source import WizardSource
from opalexe_cert.domain.flow import correct
from opalexe_cert.domain.procedure import step

from wizard_support import (
    CTRL_C,
    Terminal,
    answers_until,
    prepare,
    saved,
    wizard_environment,
)


def test_an_id_refused_at_the_sending_date_can_be_corrected_there(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = at(tmp_path, "president_mail.id_expiry")
    yes = UP + ENTER
    # expired on 19 October, confirmed; sent today (20 October): refused; « Oui » to correct
    # the ID's expiry: another ID, valid until 2031; then today's date is taken
    typed = ENTER + "19/10/2026" + ENTER + yes + ENTER + ENTER + "30/04/2031" + ENTER + ENTER
    state, _source = walk(path, "president_mail", typed)
    out = plain(capsys.readouterr().out)
    assert "avant son envoi le 20 octobre 2026" in out
    assert state.answers["president_mail.id_expiry"] == "2031-04-30"
    assert state.answers["president_mail.date"] == TODAY


def test_changing_the_offer_after_payment_says_the_order_is_unchanged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = at(tmp_path, "president_return.date")  # paid on 2 September
    today = dt.date.fromisoformat(TODAY)
    with keys(ENTER + DOWN + ENTER), writer(path) as session:  # same medium, the courier
        correct(session, WizardSource(wizard_environment(today)), step("offer"), today, None)
    err = plain(capsys.readouterr().err)
    assert "Votre commande déjà payée à CertEurope n'est pas modifiée" in err.replace(
        "votre commande", "Votre commande"
    )
    assert "contactez le support de CertEurope" in err
    assert saved(path)["cycle"]["answers"]["offer.handover"] == "courier"


def test_ctrl_c_in_a_correction_says_nothing_was_recorded(
    tmp_path: Path, terminals: list[Terminal]
) -> None:
    state = tmp_path / "state.json"
    prepare(state, answers_until("president_return.date"), TODAY)
    before = state.read_bytes()
    t = Terminal(state, TODAY, "--step", "offer")
    terminals.append(t)
    t.answer(r"\? Support du certificat", DOWN + ENTER)  # the USB key, not yet recorded
    t.answer(r"\? Mode de remise", CTRL_C)
    t.expect("La correction de l'étape « Choix de l'offre » n'a pas été enregistrée")
    t.expect(r"relancez\s+« opalexe-cert start --step offer »")
    assert t.finish() == 130
    assert state.read_bytes() == before


def test_ctrl_c_in_print_dossier_says_no_document_was_written(
    tmp_path: Path, terminals: list[Terminal]
) -> None:
    state = tmp_path / "state.json"
    prepare(state, answers_until("certeurope_mail.address"), "2026-09-16")
    output = tmp_path / "dossier"
    t = Terminal(state, "2026-09-16", "--output", str(output), command="print-dossier")
    terminals.append(t)
    t.answer(r"\? Avez-vous sous les yeux", ENTER)  # Oui
    t.answer(r"\? Ligne 1", CTRL_C)
    t.expect("L'adresse de CertEurope n'a pas été enregistrée et aucun document n'a été écrit")
    assert t.finish() == 130
    assert not output.exists() or not any(output.iterdir())
    assert "certeurope_mail.address" not in saved(state)["cycle"]["answers"]


def test_a_renewal_confirms_the_holders_postal_address_too(
    tmp_path: Path, terminals: list[Terminal]
) -> None:
    from wizard_support import EXAMPLE

    state = tmp_path / "state.json"
    prepare(state, dict(EXAMPLE), "2026-10-20")
    t = Terminal(state, "2029-07-25")
    terminals.append(t)
    t.answer(r"\? Voulez-vous commencer le renouvellement maintenant \?", ENTER)
    t.expect(r"Votre adresse postale : 12 rue des Lilas, 33000 BORDEAUX")
    t.answer(r"\? Ces informations sont-elles toujours exactes \?", DOWN + ENTER)  # Non
    t.answer(r"\? Que faut-il corriger \?", DOWN + ENTER)  # the postal address
    t.answer(r"\? Votre numéro SIREN", ENTER)  # kept
    t.answer(r"\? Civilité", ENTER)
    t.answer(r"\? Nom", ENTER)
    t.answer(r"\? Prénoms", ENTER)
    t.answer(r"\? Ligne 1", "\x15" + "3 place Gambetta" + ENTER)
    t.answer(r"\? Ligne 2", "\x15" + "33000 Bordeaux" + ENTER)
    t.answer(r"\? Cette adresse est-elle correcte \?", ENTER)
    t.expect("Correction de l'étape « Votre SIREN individuel » enregistrée")
    t.answer(r"\? Êtes-vous connectée au portail CertEurope \?", CTRL_C)
    assert t.finish() == 130
    holder = saved(state)["holder"]
    assert holder["address"] == "3 place Gambetta\n33000 BORDEAUX"
    assert saved(state)["cycle"]["number"] == 2
