"""The wizard tells the truth: what it asks, shows and records, through the real command.

Pseudo-terminal tests (``Terminal``) where a person's answers matter, ``start --answers``
otherwise.
"""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path
from typing import Any

import pytest

from clirun import SCRIPT
from conftest import Runner, write_answers
from sirene_server import PERSON_ACTIVE, SireneServer
from wizard_support import CTRL_C, DOWN, ENTER, EXAMPLE, Terminal, answers_until, prepare, saved

pytestmark = pytest.mark.skipif(not SCRIPT.exists(), reason="the console script is not installed")
NON = DOWN + ENTER
PRESIDENTE = {
    "profile.compagnie": "other",
    "profile.compagnie_name": "Compagnie des experts près la cour d'appel de Pau",
    "profile.court_of_appeal": "Pau",
    "profile.president_civility": "Mme",
    "profile.president_name": "anne lefèvre",
    "profile.compagnie_address": "2 rue du Palais\n64000 Pau",
}


@pytest.fixture
def state(tmp_path: Path) -> Path:
    return tmp_path / "data" / "state.json"


def wizard(terminals: list[Terminal], state: Path, today: str, *args: str, **env: Any) -> Terminal:
    terminal = Terminal(state, today, *args, **env)
    terminals.append(terminal)
    return terminal


def continued_to(
    terminals: list[Terminal], state: Path, answers: dict[str, Any], today: str, question: str
) -> tuple[Terminal, str]:
    """The wizard on ``answers`` of ``today``, continued from the menu up to ``question``;
    the terminal and what it showed so far."""
    prepare(state, answers, today)
    t = wizard(terminals, state, today)
    t.answer(r"\? Que souhaitez-vous faire \?", ENTER)
    t.expect(question)
    return t, flat(t)


def flat(terminal: Terminal) -> str:
    """Everything printed, on one line, typographic spaces and apostrophes made plain."""
    text = terminal.transcript.replace("’", "'").replace("\u00a0", " ").replace("\u202f", " ")
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", text).split())


def test_a_done_question_is_asked_again_and_the_answers_given_are_shown(
    state: Path, terminals: list[Terminal]
) -> None:
    # CertEurope's address is recorded (print-dossier asks for it) but the dossier is not sent.
    prepare(state, answers_until("certeurope_mail.date"), "2026-09-20")
    assert "certeurope_mail.address" in saved(state)["cycle"]["answers"]
    t = wizard(terminals, state, "2026-09-20")
    t.answer(r"\? Que souhaitez-vous faire \?", ENTER)
    t.answer(r"\? Avez-vous posté le dossier complet à CertEurope \?", NON)
    assert t.finish() == 0
    assert "certeurope_mail.date" not in saved(state)["cycle"]["answers"]

    t = wizard(terminals, state, "2026-09-20")
    t.answer(r"\? Que souhaitez-vous faire \?", ENTER)
    t.answer(r"\? Avez-vous posté le dossier complet à CertEurope \?", ENTER)
    t.expect("Réponses déjà données pour cette étape")
    t.expect("1 rue de l.Exemple")
    t.answer(r"\? Voulez-vous modifier ces réponses \?", ENTER)  # Non
    t.answer(r"\? Date d.envoi du dossier à CertEurope", "18/09/2026" + ENTER)
    t.answer(r"\? Avez-vous reçu", CTRL_C)
    assert t.finish() == 130
    assert saved(state)["cycle"]["answers"]["certeurope_mail.date"] == "2026-09-18"


def test_a_partly_answered_step_can_be_corrected(
    cli: Runner, state_file: Path, tmp_path: Path
) -> None:
    prepare(state_file, answers_until("president_mail.date"), "2026-09-05")
    answers = write_answers(tmp_path / "a.json", {"president_mail.id_expiry": "2032-01-31"})
    result = cli("start", "--step", "president_mail", "--answers", str(answers), "--no-input")
    assert result.code == 0, result.err
    recorded = json.loads(state_file.read_text(encoding="utf-8"))["cycle"]["answers"]
    assert recorded["president_mail.id_expiry"] == "2032-01-31"
    assert "president_mail.date" not in recorded  # still not sent: nothing said so


def test_a_new_siren_starts_from_the_identity_found(
    cli: Runner, state_file: Path, tmp_path: Path, sirene_server: SireneServer
) -> None:
    typed = answers_until("order_form.date") | {
        "siren.siren": "123456782",
        "siren.civility": "Mme",
        "siren.surname": "leclerc",
        "siren.given_names": "sophie",
        "siren.address": "3 rue de la République\n69002 Lyon",
    }
    cli("start", "--answers", str(write_answers(tmp_path / "a.json", typed)), "--offline")
    holder = json.loads(state_file.read_text(encoding="utf-8"))["holder"]
    assert (holder["surname"], holder["given_names"]) == ("LECLERC", "Sophie")
    new = {"siren.siren": PERSON_ACTIVE, "siren.confirm": True, "siren.civility": "Mme"}
    online = sirene_server.env() | {"OPALEXE_CERT_OFFLINE": "0"}
    result = cli(
        "start",
        "--step",
        "siren",
        "--answers",
        str(write_answers(tmp_path / "b.json", new)),
        "--no-input",
        env=online,
    )
    assert result.code == 0, result.err
    holder = json.loads(state_file.read_text(encoding="utf-8"))["holder"]
    assert holder["surname"] == "LEFEBVRE" and holder["given_names"] == "Claire Helene"
    assert holder["address"].endswith("33000 BORDEAUX")
    assert holder["verified"] is True


def test_a_presidente_the_courier_and_the_attestation_made_here(
    state: Path, terminals: list[Terminal]
) -> None:
    answers = answers_until("president_mail.id_expiry") | PRESIDENTE
    answers |= {"offer.handover": "courier", "order_email.attestation_included": False}
    question = r"\? Avez-vous posté les documents à la Présidente \?"
    t, shown = continued_to(terminals, state, answers, "2026-09-04", question)
    assert "Étape 8 sur 13 — Envoi à la Présidente" in shown
    assert "pour qu'elle signe l'attestation" in shown
    assert "c'est le livreur qui vérifiera votre identité" in shown
    assert "celle que prépare « opalexe-cert print-dossier » (attestation-appartenance" in shown
    assert "2. une copie de votre pièce d'identité" not in shown  # it goes to CertEurope
    assert "Mme Anne LEFÈVRE" in shown  # the name as the envelope prints it
    assert "Président " not in shown.replace("Président ou", "")
    t.send(NON)
    assert t.finish() == 0


def test_delivery_by_courier_and_the_envelope_for_certeurope(
    state: Path, terminals: list[Terminal]
) -> None:
    answers = answers_until("certeurope_mail.address") | {"offer.handover": "courier"}
    question = r"\? Avez-vous posté le dossier complet à CertEurope \?"
    t, shown = continued_to(terminals, state, answers, "2026-09-16", question)
    assert "Dans l'enveloppe pour CertEurope" in shown
    assert "3. une copie de votre pièce d'identité en couleur" in shown  # the courier option
    assert "4. la lettre d'accompagnement" in shown
    t.send(ENTER)
    t.answer(r"\? Ligne 1", "CertEurope - Service Experts" + ENTER)
    t.answer(r"\? Ligne 2", "26 rue du Faubourg Poissonnière" + ENTER)
    t.answer(r"\? Ligne 3", "75010 Paris" + ENTER)
    t.answer(r"\? Cette adresse est-elle correcte \?", ENTER)  # shown as printed
    t.answer(r"\? Date d.envoi du dossier", ENTER)
    t.expect(r"\? Avez-vous reçu votre carte d.expert et son lecteur \?")
    shown = flat(t)
    assert "75010 PARIS" in shown
    assert "soyez présente en personne à la livraison, munie d'une pièce d'identité" in shown
    assert "https://support.certeurope.fr/" in shown
    assert "support@certeurope.fr" not in shown
    t.send(CTRL_C)
    assert t.finish() == 130


def test_congratulations_once_then_expiry_and_a_word_on_non(
    state: Path, terminals: list[Terminal]
) -> None:
    prepare(state, dict(EXAMPLE), "2026-10-20")
    t = wizard(terminals, state, "2029-07-25")  # inside the renewal window
    t.answer(r"\? Voulez-vous commencer le renouvellement maintenant \?", NON)
    assert t.finish() == 0
    shown = flat(t)
    assert "Félicitations" not in shown
    assert "Il expire le 20 octobre 2029 (dans 87 jours)" in shown
    assert "Commencez le renouvellement au plus tard le 20 août 2029" in shown
    assert "Étapes terminées" not in shown


def test_a_renewal_confirms_the_profile_and_proposes_no_old_fact(
    state: Path, terminals: list[Terminal]
) -> None:
    prepare(state, dict(EXAMPLE), "2026-10-20")
    t = wizard(terminals, state, "2029-07-25")
    t.answer(r"\? Voulez-vous commencer le renouvellement maintenant \?", ENTER)
    t.expect("Votre profil, tel qu'enregistré|Votre profil, tel qu’enregistré")
    t.expect("Marc GAUTHIER")
    t.answer(r"\? Ces informations sont-elles toujours exactes \?", ENTER)
    t.answer(r"\? Êtes-vous connectée au portail CertEurope \?", ENTER)  # the holder is Mme
    t.answer(r"\? Date de connexion au portail", ENTER)
    t.answer(r"\? Support du certificat", ENTER)
    t.answer(r"\? Mode de remise", ENTER)
    t.answer(r"\? Avez-vous rempli le formulaire de commande \?", ENTER)
    t.answer(r"\? Date à laquelle le formulaire a été rempli", ENTER)
    t.answer(r"\? Avez-vous payé la commande \?", ENTER)
    t.expect(r"\? Référence de la commande \(facultatif\) \(Entrée pour passer\)")
    t.send(CTRL_C)
    assert t.finish() == 130
    assert "CMD-2026-0917" not in t.display()  # last cycle's reference is not proposed


def test_the_welcome_names_the_deadline_that_ends_first(
    state: Path, terminals: list[Terminal]
) -> None:
    # The ID expires on 1 December (urgent from 1 September); the dossier is due 1 October.
    answers = answers_until("president_return.date") | {"president_mail.id_expiry": "2026-12-01"}
    prepare(state, answers, "2026-09-30")
    t = wizard(terminals, state, "2026-09-30")
    t.expect("Prochaine échéance")
    t.answer(r"\? Que souhaitez-vous faire \?", CTRL_C)
    assert t.finish() == 130
    line = flat(t).split("Prochaine échéance", 1)[1]
    assert line.lstrip(" :").startswith("Préparation du dossier")


@pytest.mark.parametrize("cols", [80, 120])
def test_lines_break_between_words_at_the_terminal_width(
    state: Path, terminals: list[Terminal], cols: int
) -> None:
    prepare(state, answers_until("payment.date"), "2026-09-02", before="payment")
    t = wizard(terminals, state, "2026-09-02", cols=cols)
    t.answer(r"\? Que souhaitez-vous faire \?", ENTER)
    t.answer(r"\? Avez-vous payé la commande \?", ENTER)
    t.answer(r"\? Référence", "CMD-1" + ENTER)
    t.answer(r"\? Montant", "abc" + ENTER)
    t.expect("n.est pas un montant en euros")
    screen = t.display().split("\n")
    # The refusal is right under its question.
    refusal = next(i for i, line in enumerate(screen) if "n’est pas un montant" in line)
    assert "Montant" in " ".join(screen[refusal - 2 : refusal])
    t.send("\x15" + ENTER)
    t.expect(r"\? Date du paiement")
    t.send(CTRL_C)
    assert t.finish() == 130
    rows = t.display().split("\n")
    assert all(len(row) <= cols for row in rows)
    for upper, lower in itertools.pairwise(rows):
        # A line that reaches the edge must not have been cut inside a word.
        if len(upper) == cols and upper[-1].isalpha() and lower[:1].isalpha():
            pytest.fail(f"a word is cut at the edge:\n{upper}\n{lower}")
    assert not any(row.rstrip().endswith("«") or row.lstrip().startswith("»") for row in rows)


def test_status_in_a_pipe_is_one_line_per_message(cli: Runner) -> None:
    from conftest import EXAMPLE_ANSWERS

    cli("start", "--answers", str(EXAMPLE_ANSWERS))
    out = cli("status", today="2029-08-01").out
    assert not any(line.endswith(" ") for line in out.split("\n"))
    assert any(len(line) > 100 for line in out.split("\n"))  # not cut at 80 or 100 columns


def test_typography_on_screen(cli: Runner, tmp_path: Path) -> None:
    answers = dict(answers_until("president_mail.date"))
    answers["president_mail.id_expiry"] = "2026-11-01"  # expires within 3 months: a warning
    result = cli("start", "--answers", str(write_answers(tmp_path / "a.json", answers)))
    setting = "le réglage OPALEXE_CERT_OFFLINE coupant l’accès au réseau, votre SIREN"
    assert f"Attention\u00a0: {setting}" in result.raw_err
    missing = cli("start", "--no-input")
    assert "Erreur\u00a0: réponse manquante pour «\u00a0president_mail.date\u00a0»" in (
        missing.raw_err
    )
