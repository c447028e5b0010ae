"""End to end: the real ``opalexe-cert start`` in a pseudo-terminal, as an expert uses it."""

from __future__ import annotations

from pathlib import Path

import pytest

from clirun import SCRIPT, invoke
from sirene_server import COMPANY_SA, PERSON_ACTIVE, SireneServer
from wizard_support import (
    CLEAR,
    CTRL_C,
    CTRL_D,
    DOWN,
    ENTER,
    EXAMPLE,
    Terminal,
    answers_until,
    environment,
    prepare,
    saved,
)

pytestmark = pytest.mark.skipif(not SCRIPT.exists(), reason="the console script is not installed")


@pytest.fixture
def state(tmp_path: Path) -> Path:
    return tmp_path / "data" / "state.json"


def open_wizard(
    terminals: list[Terminal], state: Path, today: str, *args: str, **env: str
) -> Terminal:
    terminal = Terminal(state, today, *args, **env)
    terminals.append(terminal)
    return terminal


def test_from_empty_state_to_activated_certificate_over_four_runs(
    state: Path, terminals: list[Terminal]
) -> None:
    # Run 1: the profile, then the expert has no portal account yet and leaves.
    t = open_wizard(terminals, state, "2026-09-01")
    t.expect("Bonjour ! Cet assistant vous guide pas à pas")
    t.expect("Étape 1 sur 13 — Votre profil")
    t.answer(r"\? Votre compagnie d'experts", ENTER)  # ACSO, the default
    t.expect("Le guide indique : Monsieur Marc GAUTHIER")
    t.answer(r"Est-ce toujours\s+exact \?", ENTER)
    t.answer(r"\? Votre adresse électronique", "eloise@example" + ENTER)
    t.expect("n'est pas une adresse électronique valide")
    t.send(".fr" + ENTER)
    t.answer(r"\? Votre numéro de téléphone", ENTER)  # optional: none
    t.expect("✔ Étape « Votre profil » enregistrée.")
    t.expect("Étape 2 sur 13 — Compte sur le portail CertEurope")
    t.expect("https://portail-pki.certeurope.fr/ws/EXPERTS")
    t.answer(r"\? Avez-vous pu vous connecter au portail CertEurope \?", DOWN + ENTER)  # Non
    t.expect("À faire : vous connecter au portail CertEurope")
    t.expect("relancez « opalexe-cert start »")
    assert t.finish() == 0
    answers = saved(state)["cycle"]["answers"]
    assert answers == {
        "profile.compagnie": "acso",
        "profile.president_as_guide": True,
        "profile.email": "eloise@example.fr",
        "profile.phone": None,
        "profile.date": "2026-09-01",
    }

    # Run 2: resumed at the account; the offer with the arrow keys, the SIREN (a wrong one
    # first), the identity typed by hand, up to the documents sent to the President.
    t = open_wizard(terminals, state, "2026-09-02")
    t.expect("Bon retour ! 1 étape sur 13 terminée. Étape en cours : Compte sur le portail")
    t.expect(r"\? Que souhaitez-vous faire \?")
    assert "Continuer : étape 2, Compte sur le portail CertEurope" in t.display()
    t.send(ENTER)
    t.answer(r"\? Avez-vous pu vous connecter au portail CertEurope \?", ENTER)
    t.answer(
        r"\? Date de connexion au portail \(JJ/MM/AAAA ; Entrée pour aujourd.hui, le 02/09/2026\)",
        "01/09/2026" + ENTER,
    )
    t.expect("Nouvelle échéance : Préparation du dossier, du 1er septembre 2026 au 1er octobre")
    t.expect("opalexe-cert calendar")
    t.expect("Étape 3 sur 13 — Choix de l'offre")
    t.expect("remet la carte uniquement à la personne titulaire")
    t.answer(r"\? Support du certificat", DOWN + ENTER)  # the USB key
    t.expect(r"\? Support du certificat Clé USB")
    t.answer(r"\? Mode de remise", ENTER)
    t.expect("Il est INTERDIT de mettre le numéro SIREN d'une société ou de la compagnie")
    t.answer(r"\? Votre numéro SIREN \(9 chiffres\)", "123456789" + ENTER)
    t.expect("sa clé de contrôle ne correspond pas")
    assert "clé de contrôle ne correspond pas" in t.display()  # shown, and asked again
    t.send(CLEAR + "123 456 782" + ENTER)
    t.answer(r"\? Civilité", DOWN + ENTER)  # Madame
    t.answer(r"\? Nom", "D'Aubigné-Lœwenbruck" + ENTER)
    t.answer(r"\? Prénoms", "Éloïse Marie" + ENTER)
    t.answer(r"\? Ligne 1", "12 rue des Lilas" + ENTER)
    t.answer(r"\? Ligne 2", "33000 Bordeaux" + ENTER)
    t.expect("L'adresse telle qu'elle sera imprimée")
    t.answer(r"\? Cette adresse est-elle correcte \?", ENTER)
    t.expect("Titulaire : Mme Éloïse Marie d'AUBIGNÉ-LŒWENBRUCK, SIREN 123456782")
    t.expect("Étape 5 sur 13 — Formulaire de commande")
    t.expect("Saisissez votre numéro SIREN 123456782 et cliquez sur « Rechercher »")
    t.answer(r"\? Avez-vous rempli le formulaire de commande \?", ENTER)
    t.answer(r"\? Date à laquelle le formulaire a été rempli", ENTER)
    t.answer(r"\? Avez-vous payé la commande \?", ENTER)
    t.answer(r"\? Référence de la commande", "CMD-2026-0917" + ENTER)
    t.answer(r"\? Montant payé en euros", "109,00" + ENTER)
    t.answer(r"\? Date du paiement", ENTER)
    t.answer(r"\? Avez-vous reçu le courriel de CertEurope", ENTER)
    t.answer(r"\? Le dossier de CertEurope contient-il l'attestation", ENTER)
    t.answer(r"\? Date de réception du courriel", ENTER)
    t.expect("Pas d'envoi par courriel : uniquement par la poste.")
    t.expect("8 PLACE DES QUINCONCES")
    t.answer(r"\? Avez-vous posté les documents au Président \?", ENTER)
    t.answer(r"\? Date d'expiration de la pièce d'identité envoyée", "30/04/2031" + ENTER)
    t.answer(r"\? Date d'envoi au Président", "03/09/2026" + ENTER)
    t.expect(r"La date du 3 septembre 2026 est dans le futur \(nous sommes le 2 septembre 2026\)")
    t.send(CLEAR + "2026-09-02" + ENTER)
    t.expect("✔ Étape « Envoi au Président » enregistrée.")
    t.answer(r"\? Avez-vous reçu en retour les documents authentifiés", DOWN + ENTER)
    t.expect("Vous attendez le retour des documents authentifiés par le Président.")
    t.expect("d'ici le 1er octobre 2026")
    assert t.finish() == 0
    data = saved(state)
    answers = data["cycle"]["answers"]
    assert answers["offer.medium"] == "usb_key"
    assert answers["offer.handover"] == "president"
    assert answers["account.date"] == "2026-09-01"
    assert answers["payment.amount"] == 109.0
    assert answers["president_mail.date"] == "2026-09-02"
    assert "president_return.date" not in answers
    assert data["holder"] == {
        "siren": "123456782",
        "civility": "Mme",
        "surname": "d’AUBIGNÉ-LŒWENBRUCK",
        "given_names": "Éloïse Marie",
        "address": "12 rue des Lilas\n33000 BORDEAUX",
        "verified": False,
    }

    # Run 3: the documents came back; the dossier goes to CertEurope; the key has not come.
    t = open_wizard(terminals, state, "2026-09-16")
    t.answer(r"\? Que souhaitez-vous faire \?", ENTER)
    t.answer(r"\? Avez-vous reçu en retour les documents authentifiés", ENTER)
    t.answer(r"\? Date de réception des documents authentifiés", "15/09/2026" + ENTER)
    t.answer(r"\? Avez-vous posté le dossier complet à CertEurope \?", ENTER)
    t.answer(r"\? Ligne 1", "CertEurope - Service Experts" + ENTER)
    t.answer(r"\? Ligne 2", "26 rue du Faubourg Poissonnière" + ENTER)
    t.answer(r"\? Ligne 3", "75010 Paris" + ENTER)
    t.answer(r"\? Cette adresse est-elle correcte \?", ENTER)
    t.answer(r"\? Date d'envoi du dossier à CertEurope", ENTER)
    t.expect("Vous recevez votre clé USB dans un délai de 3 à 6 semaines")
    t.answer(r"\? Avez-vous reçu votre clé USB \?", DOWN + ENTER)
    t.expect("Livraison attendue entre le 7 octobre 2026 et le 28 octobre 2026")
    assert t.finish() == 0

    # Run 4: delivery, handover report, activation, congratulations.
    t = open_wizard(terminals, state, "2026-10-20")
    t.answer(r"\? Que souhaitez-vous faire \?", ENTER)
    t.answer(r"\? Avez-vous reçu votre clé USB \?", ENTER)
    t.answer(r"\? Date de réception", "14/10/2026" + ENTER)
    t.answer(r"\? Avez-vous signé et renvoyé le procès-verbal de remise \?", ENTER)
    t.answer(r"\? Date d'envoi du procès-verbal", "15/10/2026" + ENTER)
    t.expect("Trusted Key Manager")
    t.answer(r"\? Avez-vous activé votre certificat \?", ENTER)
    t.answer(r"\? Comment indiquer la date d'expiration", DOWN + DOWN + ENTER)  # type it
    t.answer(r"\? Date d'expiration du certificat", "20/10/2029" + ENTER)
    t.answer(r"\? Date d'activation", ENTER)
    t.expect("Félicitations ! Votre certificat est activé.")
    t.expect(r"Il expire le 20 octobre 2029 \(dans 1.096.jours\)")
    t.expect("entre le 20 juillet 2029 et le 20 août 2029")
    t.expect("opalexe-cert calendar")
    screen = t.display()
    assert "Procédure terminée" in screen
    assert t.finish() == 0
    answers = saved(state)["cycle"]["answers"]
    assert answers["activation.cert_expiry"] == "2029-10-20"
    assert answers["activation.date"] == "2026-10-20"
    assert answers["certeurope_mail.address"] == (
        "CertEurope - Service Experts\n26 rue du Faubourg Poissonnière\n75010 PARIS"
    )


# --- Ctrl-C and Ctrl-D ----------------------------------------------------------------------


def _stop_at_menu(t: Terminal) -> None:
    t.expect(r"\? Que souhaitez-vous faire \?")
    t.send(CTRL_C)


def _stop_while_typing_the_siren(t: Terminal) -> None:
    t.answer(r"\? Que souhaitez-vous faire \?", ENTER)
    t.answer(r"\? Votre numéro SIREN", "123 45")
    t.send(CTRL_C)


def _stop_in_a_correction(t: Terminal) -> None:
    """The offer is being corrected: the new medium is chosen, then Ctrl-C."""
    t.answer(r"\? Que souhaitez-vous faire \?", DOWN + ENTER)
    t.answer(r"\? Quelle étape voulez-vous corriger \?", DOWN + DOWN + ENTER)
    t.answer(r"\? Support du certificat", DOWN + ENTER)
    t.answer(r"\? Mode de remise", CTRL_C)


def _ctrl_d_at_the_siren(t: Terminal) -> None:
    t.answer(r"\? Que souhaitez-vous faire \?", ENTER)
    t.answer(r"\? Votre numéro SIREN", CTRL_D)


@pytest.mark.parametrize(
    ("interrupt", "resume"),
    [
        (_stop_at_menu, True),
        (_stop_while_typing_the_siren, False),
        (_stop_in_a_correction, False),
        (_ctrl_d_at_the_siren, False),
    ],
)
def test_ctrl_c_leaves_the_state_as_it_was(
    state: Path, terminals: list[Terminal], interrupt: object, resume: bool
) -> None:
    prepare(state, answers_until("siren.siren"), "2026-09-02")
    before = state.read_bytes()
    t = open_wizard(terminals, state, "2026-09-02")
    interrupt(t)  # type: ignore[operator]
    # a correction says its answers were not recorded; elsewhere, that the recorded are kept
    t.expect(
        r"Interrompu\. (Vos réponses déjà enregistrées sont conservées|La correction de "
        r"l'étape « Choix de l'offre » n'a pas été enregistrée)"
    )
    assert t.finish() == 130
    assert state.read_bytes() == before
    assert "Traceback" not in t.transcript
    if not resume:
        return  # the same bytes as in the first case, and the lock went with the process
    # The next start resumes where it was.
    again = open_wizard(terminals, state, "2026-09-02")
    again.expect(r"Étape en cours : Votre SIREN individuel \(étape 4 sur 13\)")
    again.answer(r"\? Que souhaitez-vous faire \?", DOWN + DOWN + ENTER)  # Quitter
    again.expect("À bientôt !")
    assert again.finish() == 0


def test_ctrl_c_keeps_the_answers_given_before_it(state: Path, terminals: list[Terminal]) -> None:
    prepare(state, answers_until("president_mail.id_expiry"), "2026-09-04")
    t = open_wizard(terminals, state, "2026-09-04")
    t.answer(r"\? Que souhaitez-vous faire \?", ENTER)
    t.answer(r"\? Avez-vous posté les documents au Président \?", ENTER)
    t.answer(r"\? Date d'expiration de la pièce d'identité", "30/04/2031" + ENTER)
    t.answer(r"\? Date d'envoi au Président", CTRL_C)
    assert t.finish() == 130
    answers = saved(state)["cycle"]["answers"]
    assert answers["president_mail.id_expiry"] == "2031-04-30"
    assert "president_mail.date" not in answers


# --- going back -----------------------------------------------------------------------------


def test_correcting_the_offer_and_the_identity_keeps_later_answers(
    state: Path, terminals: list[Terminal]
) -> None:
    prepare(state, answers_until("president_return.date"), "2026-09-10")
    before = saved(state)["cycle"]["answers"]
    t = open_wizard(terminals, state, "2026-09-10")
    t.answer(r"\? Que souhaitez-vous faire \?", DOWN + ENTER)
    t.expect(r"\? Quelle étape voulez-vous corriger \?")
    t.expect("Retour")
    assert "8. Envoi au Président (4 septembre 2026)" in t.display()
    t.send(DOWN + DOWN + ENTER)  # 3. Choix de l'offre
    t.answer(r"\? Support du certificat", DOWN + ENTER)
    t.answer(r"\? Mode de remise", DOWN + ENTER)  # the courier
    t.expect("✔ Correction de l'étape « Choix de l'offre » enregistrée.")
    t.answer(r"\? Que souhaitez-vous faire \?", DOWN + ENTER)
    t.answer(r"\? Quelle étape voulez-vous corriger \?", DOWN * 3 + ENTER)  # 4. SIREN
    t.expect("Il est INTERDIT de mettre le numéro SIREN")
    t.answer(r"\? Votre numéro SIREN", ENTER)  # kept
    t.answer(r"\? Civilité", ENTER)  # Madame, as recorded
    t.answer(r"\? Nom", CLEAR + "Daubigné" + ENTER)
    t.answer(r"\? Prénoms", ENTER)
    t.answer(r"\? Ligne 1", CLEAR + "14 rue des Lilas" + ENTER)
    t.answer(r"\? Ligne 2", ENTER)
    t.answer(r"\? Cette adresse est-elle correcte \?", ENTER)
    t.expect("✔ Correction de l'étape « Votre SIREN individuel » enregistrée.")
    t.answer(r"\? Que souhaitez-vous faire \?", DOWN + DOWN + ENTER)
    t.expect(
        "À bientôt ! Relancez opalexe-cert start pour reprendre à l'étape « Retour du Président »"
    )
    assert t.finish() == 0
    data = saved(state)
    after = data["cycle"]["answers"]
    assert after["offer.medium"] == "usb_key"
    assert after["offer.handover"] == "courier"
    assert after["offer.date"] == before["offer.date"]
    assert after["siren.surname"] == "DAUBIGNÉ"
    assert after["siren.address"] == "14 rue des Lilas\n33000 BORDEAUX"
    assert data["holder"]["surname"] == "DAUBIGNÉ"
    assert data["holder"]["civility"] == "Mme"
    unchanged = {k: v for k, v in before.items() if not k.startswith(("offer.", "siren."))}
    assert {k: after[k] for k in unchanged} == unchanged


def test_step_option_refuses_a_date_after_a_later_step(
    state: Path, terminals: list[Terminal]
) -> None:
    prepare(state, answers_until("president_return.date"), "2026-09-10")
    t = open_wizard(terminals, state, "2026-09-10", "--step", "payment")
    t.expect("Étape 6 sur 13 — Paiement")
    t.answer(r"\? Référence de la commande", ENTER)
    t.answer(r"\? Montant payé en euros", CLEAR + "119" + ENTER)
    t.answer(r"\? Date du paiement", "05/09/2026" + ENTER)
    t.expect(
        r"Le 5 septembre 2026 est après la date de l'étape suivante « Courriel de CertEurope » "
        r"\(2 septembre 2026\)"
    )
    t.answer(r"\? Date du paiement", ENTER)  # the recorded date, proposed again
    t.expect("✔ Correction de l'étape « Paiement » enregistrée.")
    assert t.finish() == 0
    answers = saved(state)["cycle"]["answers"]
    assert answers["payment.amount"] == 119.0
    assert answers["payment.date"] == EXAMPLE["payment.date"]
    assert answers["payment.reference"] == EXAMPLE["payment.reference"]


def test_step_option_names_the_steps_when_unknown(state: Path) -> None:
    result = invoke("start", "--step", "paiement", variables=environment(state, "2026-09-10"))
    assert result.returncode == 2
    assert "étape inconnue : « paiement »" in result.stderr
    assert "payment" in result.stderr


# --- the lock, the renewal, no terminal -----------------------------------------------------


def test_a_second_start_is_refused_while_the_wizard_is_open(
    state: Path, terminals: list[Terminal]
) -> None:
    prepare(state, answers_until("siren.siren"), "2026-09-02")
    t = open_wizard(terminals, state, "2026-09-02")
    t.expect(r"\? Que souhaitez-vous faire \?")
    # The other sessions run in this test's process: the wizard's process holds the lock.
    env = environment(state, "2026-09-02")
    second = invoke("start", variables=env)
    assert second.returncode != 0
    assert "est déjà ouvert par une autre session d'opalexe-cert" in second.stderr
    status = invoke("status", "--json", variables=env)
    assert status.returncode == 0
    assert '"current_step": "siren"' in status.stdout
    t.send(CTRL_C)
    assert t.finish() == 130
    third = invoke("start", variables=env)
    assert "déjà ouvert" not in third.stderr  # the lock went with the wizard


def test_renewal_is_offered_inside_the_window(state: Path, terminals: list[Terminal]) -> None:
    prepare(state, dict(EXAMPLE), "2026-10-20")  # expires 20 October 2029
    t = open_wizard(terminals, state, "2029-07-20")
    t.expect("Votre certificat est activé.")
    t.expect("C'est le moment de commencer la nouvelle demande.")
    t.answer(r"\? Voulez-vous commencer le renouvellement maintenant \?", ENTER)
    t.expect(r"Renouvellement commencé \(demande n° 2\)")
    t.answer(r"\? Ces informations sont-elles toujours exactes \?", ENTER)
    t.expect("Étape 2 sur 13 — Compte sur le portail CertEurope")
    t.answer(r"\? Êtes-vous connectée au portail CertEurope \?", ENTER)
    t.answer(r"\? Date de connexion au portail", ENTER)
    t.expect(r"\? Support du certificat")
    assert "» Carte d’expert avec lecteur de carte" in t.display()  # last cycle's, proposed
    t.send(CTRL_C)
    assert t.finish() == 130
    data = saved(state)
    assert len(data["history"]) == 1
    assert data["history"][0]["cert_expiry"] == "2029-10-20"
    assert data["cycle"]["number"] == 2
    assert data["cycle"]["answers"]["account.date"] == "2029-07-20"
    assert data["cycle"]["answers"]["siren.siren"] == "123456782"
    assert data["holder"]["surname"] == "d’AUBIGNÉ-LŒWENBRUCK"
    assert "Félicitations" not in t.transcript  # said once, when it was activated


def test_no_renewal_offer_before_the_window(state: Path, terminals: list[Terminal]) -> None:
    prepare(state, dict(EXAMPLE), "2026-10-20")
    before = state.read_bytes()
    t = open_wizard(terminals, state, "2029-07-19")
    t.expect("Votre certificat est activé.")
    t.expect("entre le 20 juillet 2029 et le 20 août 2029")
    assert t.finish() == 0
    assert "renouvellement maintenant" not in t.transcript
    assert state.read_bytes() == before


def test_start_with_stdin_closed_names_the_missing_key(state: Path) -> None:
    prepare(state, answers_until("offer.medium"), "2026-09-02")
    result = invoke("start", variables=environment(state, "2026-09-02"))  # not a terminal
    assert result.returncode == 2
    assert "réponse manquante pour « offer.medium »" in result.stderr
    assert "?" not in result.stdout  # no question was asked


def test_answers_file_in_a_terminal_asks_only_what_is_missing(
    state: Path, terminals: list[Terminal], tmp_path: Path
) -> None:
    import json

    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(answers_until("offer.handover")), encoding="utf-8")
    t = open_wizard(terminals, state, "2026-09-02", "--answers", str(answers))
    t.answer(r"\? Mode de remise", DOWN + ENTER)
    t.answer(r"\? Votre numéro SIREN", CTRL_C)
    assert t.finish() == 130
    assert "Votre adresse électronique" not in t.transcript
    answers_saved = saved(state)["cycle"]["answers"]
    assert answers_saved["profile.email"] == EXAMPLE["profile.email"]
    assert answers_saved["offer.medium"] == "card"
    assert answers_saved["offer.handover"] == "courier"


# --- the SIREN step with the SIRENE look-up (a local server) ---------------------------------


def open_online(terminals: list[Terminal], state: Path, url: str, **env: str) -> Terminal:
    """The wizard on 2 September 2026, looking SIRENs up at ``url``."""
    return open_wizard(
        terminals,
        state,
        "2026-09-02",
        OPALEXE_CERT_OFFLINE="",
        OPALEXE_CERT_RECHERCHE_URL=url,
        **env,
    )


def test_siren_step_shows_the_identity_found_and_refuses_a_company(
    state: Path, terminals: list[Terminal], sirene_server: SireneServer
) -> None:
    prepare(state, answers_until("siren.siren"), "2026-09-02")
    t = open_online(terminals, state, sirene_server.recherche_url)
    t.answer(r"\? Que souhaitez-vous faire \?", ENTER)
    t.expect("Il est INTERDIT de mettre le numéro SIREN d'une société ou de la compagnie")
    t.answer(r"\? Votre numéro SIREN", COMPANY_SA + ENTER)
    t.expect("ACME EXPERTISES")
    t.expect(r"\? Votre numéro SIREN")  # asked again
    t.send(CLEAR + PERSON_ACTIVE + ENTER)
    t.expect("Identité trouvée dans la base SIRENE")
    t.expect(r"\? Confirmez-vous l'identité trouvée \?")
    screen = t.display()
    assert "LEFEBVRE" in screen and "12 BIS RUE DES LILAS" in screen
    t.send(DOWN + ENTER)  # Non: correct what was found
    t.answer(r"\? Civilité", DOWN + ENTER)
    t.answer(r"\? Nom", ENTER)
    t.answer(r"\? Prénoms", CLEAR + "Claire" + ENTER)
    t.answer(r"\? Ligne 1", ENTER)
    t.answer(r"\? Ligne 2", ENTER)
    t.answer(r"\? Ligne 3", ENTER)
    t.answer(r"\? Cette adresse est-elle correcte \?", ENTER)
    # The given names typed differ from SIRENE's: not verified, and said.
    t.expect(r"\(prénoms\) ; elle reste non vérifiée")
    t.answer(r"\? Avez-vous rempli le formulaire de commande \?", CTRL_C)
    assert t.finish() == 130
    holder = saved(state)["holder"]
    assert holder["siren"] == PERSON_ACTIVE
    assert holder["given_names"] == "Claire"
    assert holder["surname"] == "LEFEBVRE"
    assert holder["civility"] == "Mme"
    assert holder["address"] == "RESIDENCE LES ACACIAS\n12 BIS RUE DES LILAS\n33000 BORDEAUX"
    assert holder["verified"] is False


def test_step_option_without_a_terminal_takes_the_file_and_keeps_the_rest(
    state: Path, tmp_path: Path
) -> None:
    import json

    prepare(state, answers_until("president_return.date"), "2026-09-10")
    offer_date = saved(state)["cycle"]["answers"]["offer.date"]
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"offer.handover": "courier"}), encoding="utf-8")
    env = environment(state, "2026-09-20")
    command = ["start", "--step", "offer", "--answers", str(answers), "--no-input"]
    result = invoke(*command, variables=env)
    assert result.returncode == 0, result.stderr
    recorded = saved(state)["cycle"]["answers"]
    assert recorded["offer.handover"] == "courier"
    assert recorded["offer.medium"] == EXAMPLE["offer.medium"]
    assert recorded["offer.date"] == offer_date == "2026-09-10"  # its first answer's date
    not_done = invoke("start", "--step", "delivery", "--no-input", variables=env)
    assert not_done.returncode == 2
    assert "l'étape « Réception du support » n'est pas encore faite" in not_done.stderr


def test_siren_step_goes_on_by_hand_when_sirene_is_down_then_verifies_later(
    state: Path, terminals: list[Terminal], sirene_server: SireneServer
) -> None:
    prepare(state, answers_until("siren.siren"), "2026-09-02")
    down = open_online(
        terminals, state, sirene_server.refused_url, OPALEXE_CERT_SIRENE_BACKOFF="0.01"
    )
    down.answer(r"\? Que souhaitez-vous faire \?", ENTER)
    down.answer(r"\? Votre numéro SIREN", PERSON_ACTIVE + ENTER)
    down.expect("injoignable")
    down.expect("non vérifiée")
    down.answer(r"\? Civilité", DOWN + ENTER)
    down.answer(r"\? Nom", "Lefebvre" + ENTER)
    down.answer(r"\? Prénoms", "Claire" + ENTER)
    down.answer(r"\? Ligne 1", "12 bis rue des Lilas" + ENTER)
    down.answer(r"\? Ligne 2", "33000 Bordeaux" + ENTER)
    down.answer(r"\? Cette adresse est-elle correcte \?", ENTER)
    down.answer(r"\? Avez-vous rempli le formulaire de commande \?", CTRL_C)
    assert down.finish() == 130
    holder = saved(state)["holder"]
    assert holder["verified"] is False and holder["surname"] == "LEFEBVRE"
    assert sirene_server.requests == []  # nothing reached the (working) server

    # SIRENE's identity differs (given names, address); it is shown beside
    # the one recorded, field by field, and "verified" only once the expert adopts it.
    up = open_online(terminals, state, sirene_server.recherche_url)
    up.answer(r"n.a pas encore pu être vérifié dans la base SIRENE", ENTER)  # Oui
    up.expect(r"Enregistrée\s+[┃│]?\s*Base SIRENE")
    up.expect("≠ diffère")
    up.expect(r"\? Quelle identité voulez-vous garder \?")
    assert saved(state)["holder"]["verified"] is False  # nothing adopted yet
    up.send(ENTER)  # SIRENE's
    up.answer(r"\? Que souhaitez-vous faire \?", CTRL_C)
    assert up.finish() == 130
    holder = saved(state)["holder"]
    assert holder["verified"] is True
    assert holder["surname"] == "LEFEBVRE" and holder["given_names"] == "Claire Helene"
    assert holder["address"].startswith("RESIDENCE LES ACACIAS")
    assert len(sirene_server.requests_for(PERSON_ACTIVE)) == 1


def test_a_recorded_date_is_kept_and_today_is_named_as_such(
    state: Path, terminals: list[Terminal]
) -> None:
    prepare(state, answers_until("president_return.date"), "2026-09-10")
    t = open_wizard(terminals, state, "2026-09-10")
    t.answer(r"\? Que souhaitez-vous faire \?", DOWN + ENTER)
    t.answer(r"\? Quelle étape voulez-vous corriger \?", DOWN + ENTER)  # 2. Compte
    kept = r"\? Date de connexion au portail \(JJ/MM/AAAA ; Entrée pour garder le 01/09/2026\)"
    t.answer(kept, ENTER)
    t.answer(r"\? Que souhaitez-vous faire \?", ENTER)  # Continuer
    t.answer(r"\? Avez-vous reçu", ENTER)
    t.answer(r"\? Date de réception .*Entrée pour aujourd.hui, le 10/09/2026\)", CTRL_C)
    assert t.finish() == 130
    assert saved(state)["cycle"]["answers"]["account.date"] == "2026-09-01"
