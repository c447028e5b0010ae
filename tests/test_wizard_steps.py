"""Each step of the procedure walked by the wizard, keys fed through prompt_toolkit's pipe input.

The real ``WizardSource`` and ``flow.run`` on a real state file: only the keyboard is a pipe.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from opalexe_cert.adapters.store import writer
from opalexe_cert.cli.wizard.source import WizardSource
from opalexe_cert.domain import engine, texts
from opalexe_cert.domain.flow import Lookup, correct, run
from opalexe_cert.domain.identity import LegalUnit
from opalexe_cert.domain.procedure import step
from opalexe_cert.domain.state import State

from wizard_support import (
    EXAMPLE,
    answers_until,
    keys,
    output,
    prepare,
    saved,
    wizard_environment,
)

DOWN, UP, ENTER, CLEAR = "\x1b[B", "\x1b[A", "\r", "\x15"
NON = DOWN + ENTER
TODAY = "2026-10-20"


def plain(printed: str) -> str:
    """Printed text without the panels' borders, wrapped lines joined."""
    printed = printed.replace("’", "'").replace("\u00a0", " ").replace("\u202f", " ")
    return " ".join(re.sub(r"[│╭╮╰╯─┃┏┓┗┛━┌┐└┘├┤┬┴┼]", " ", printed).split())


def walk(
    path: Path, step_id: str, typed: str, lookup: Lookup | None = None
) -> tuple[State, WizardSource]:
    """Walk one step with these keys; the wizard must not ask for more."""
    today = dt.date.fromisoformat(TODAY)
    source = WizardSource(wizard_environment(today))
    with keys(typed), writer(path) as session:
        state = run(session, source, today, lookup, until=step(step_id))
    return state, source


def at(tmp_path: Path, key: str, **changes: Any) -> Path:
    """A state file where the example stopped just before ``key``."""
    path = tmp_path / "state.json"
    answers = answers_until(key)
    answers.update(changes)
    prepare(path, answers, TODAY, before=key.split(".")[0])
    return path


# (step, first key of the step, keys typed, answers expected, text shown on the screen)
STEPS: list[tuple[str, str, str, dict[str, Any], str]] = [
    (
        "profile",
        "profile.compagnie",
        ENTER + ENTER + "jeanne@example" + ENTER + ".fr" + ENTER + ENTER,
        {
            "profile.compagnie": "acso",
            "profile.president_as_guide": True,
            "profile.email": "jeanne@example.fr",
            "profile.phone": None,
            "profile.date": TODAY,
        },
        "CertEurope vous enverra le code d'activation",
    ),
    (
        "account",
        "account.date",
        ENTER + "01/09/2026" + ENTER,
        {"account.date": "2026-09-01"},
        "https://portail-pki.certeurope.fr/ws/EXPERTS",
    ),
    (
        "offer",
        "offer.medium",
        DOWN + ENTER + DOWN + ENTER,
        {"offer.medium": "usb_key", "offer.handover": "courier", "offer.date": TODAY},
        "remet la carte uniquement à la",
    ),
    (
        "siren",
        "siren.siren",
        "123 456 789"
        + ENTER
        + CLEAR
        + "123456782"
        + ENTER
        + DOWN
        + ENTER
        + "Dupont"
        + ENTER
        + "Jeanne"
        + ENTER
        + "1 place de la Bourse"
        + ENTER
        + "33000 Bordeaux"
        + ENTER
        + ENTER,  # the address as it will be printed: Oui
        {
            "siren.siren": "123456782",
            "siren.civility": "Mme",
            "siren.surname": "DUPONT",
            "siren.given_names": "Jeanne",
            "siren.address": "1 place de la Bourse\n33000 BORDEAUX",
        },
        "Il est INTERDIT de mettre le numéro SIREN",
    ),
    (
        "order_form",
        "order_form.date",
        ENTER + ENTER,
        {"order_form.date": TODAY},
        "Rechercher",
    ),
    (
        "payment",
        "payment.date",
        ENTER + "CMD-1" + ENTER + ENTER + "02/09/2026" + ENTER,
        {"payment.reference": "CMD-1", "payment.amount": None, "payment.date": "2026-09-02"},
        "payez votre commande",
    ),
    (
        "order_email",
        "order_email.date",
        ENTER + ENTER + "2026-09-02" + ENTER,
        {"order_email.attestation_included": True, "order_email.date": "2026-09-02"},
        "2 pièces jointes",
    ),
    (
        "president_mail",
        "president_mail.id_expiry",
        ENTER + "30/04/2031" + ENTER + "04/09/2026" + ENTER,
        {"president_mail.id_expiry": "2031-04-30", "president_mail.date": "2026-09-04"},
        "enveloppe timbrée à votre adresse",
    ),
    (
        "president_return",
        "president_return.date",
        ENTER + "15/09/2026" + ENTER,
        {"president_return.date": "2026-09-15"},
        "authentifie vos documents",
    ),
    (
        "certeurope_mail",
        "certeurope_mail.address",
        ENTER
        + "CertEurope"
        + ENTER
        + "Service Experts"
        + ENTER
        + "75010 Paris"
        + ENTER
        + ENTER
        + "16/09/2026"
        + ENTER,
        {
            "certeurope_mail.address": "CertEurope\nService Experts\n75010 PARIS",
            "certeurope_mail.date": "2026-09-16",
        },
        "dossier complet",
    ),
    (
        "delivery",
        "delivery.date",
        ENTER + "14/10/2026" + ENTER,
        {"delivery.date": "2026-10-14"},
        "3 à 6 semaines",
    ),
    (
        "handover_report",
        "handover_report.date",
        ENTER + "15/10/2026" + ENTER,
        {"handover_report.date": "2026-10-15"},
        "procès-verbal de remise",
    ),
    (
        "activation",
        "activation.cert_expiry",
        ENTER + DOWN + DOWN + ENTER + "20/10/2029" + ENTER + ENTER,
        {"activation.cert_expiry": "2029-10-20", "activation.date": TODAY},
        "Trusted Key Manager",
    ),
]


@pytest.mark.parametrize(
    ("step_id", "first", "typed", "expected", "shown"), STEPS, ids=[s[0] for s in STEPS]
)
def test_each_step(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    step_id: str,
    first: str,
    typed: str,
    expected: dict[str, Any],
    shown: str,
) -> None:
    path = at(tmp_path, first)
    state, source = walk(path, step_id, typed)
    out = plain(capsys.readouterr().out)
    assert f"— {texts.title(state, step(step_id))}" in out
    assert shown in out
    assert source.stopped_at is None
    recorded = saved(path)["cycle"]["answers"]
    assert {k: recorded.get(k) for k in expected} == expected
    assert state.answers == recorded


@pytest.mark.parametrize(
    ("step_id", "first", "said"),
    [
        ("account", "account.date", "vous connecter au portail CertEurope"),
        ("order_email", "order_email.date", "Vous attendez le courriel de CertEurope"),
        ("president_return", "president_return.date", "d'ici le 1er octobre 2026"),
        ("delivery", "delivery.date", "entre le 7 octobre 2026 et le 28 octobre 2026"),
    ],
)
def test_a_step_not_done_yet_stops_cleanly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], step_id: str, first: str, said: str
) -> None:
    path = at(tmp_path, first)
    before = path.read_bytes()
    _, source = walk(path, step_id, NON)
    assert source.stopped_at is step(step_id)
    assert path.read_bytes() == before
    out = plain(capsys.readouterr().out)
    assert said in out
    assert "relancez « opalexe-cert start »" in out


def test_profile_with_another_compagnie(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    typed = (
        DOWN
        + ENTER
        + "Compagnie des experts près la cour d'appel de Pau"
        + ENTER
        + "Experts de Pau"
        + ENTER
        + "Pau"
        + ENTER
        + DOWN
        + ENTER
        + "Anne Lefèvre"
        + ENTER
        + "Madame la Présidente"
        + ENTER
        + "2 rue du Palais"
        + ENTER
        + "64000 Pau"
        + ENTER
        + ENTER
        + "jeanne@example.fr"
        + ENTER
        + "0612345678"
        + ENTER
    )
    walk(path, "profile", typed)
    answers = saved(path)["cycle"]["answers"]
    assert answers["profile.compagnie"] == "other"
    assert answers["profile.compagnie_short_name"] == "Experts de Pau"
    assert answers["profile.phone"] == "06 12 34 56 78"
    assert answers["profile.president_name"] == "Anne LEFÈVRE"
    assert answers["profile.president_civility"] == "Mme"
    assert answers["profile.compagnie_address"] == (
        "Madame la Présidente\n2 rue du Palais\n64000 PAU"
    )


def test_courier_delivery_reminds_to_be_there_with_an_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = at(tmp_path, "delivery.date", **{"offer.handover": "courier"})
    walk(path, "delivery", ENTER + ENTER)
    out = plain(capsys.readouterr().out)
    # The holder (Mme in the example) is told « présente », « munie ».
    assert "soyez présente en personne à la livraison, munie d'une pièce d'identité" in out


def test_an_id_expiring_soon_is_warned_about(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = at(tmp_path, "president_mail.id_expiry")
    # « Non » to the confirmation asks the expiry again; « Oui » keeps it
    expiry = "30/11/2026" + ENTER
    state, _source = walk(
        path, "president_mail", ENTER + expiry + ENTER + expiry + UP + ENTER + ENTER
    )
    printed = capsys.readouterr()
    err, out = plain(printed.err), plain(printed.out)
    assert (
        "Attention : votre pièce d'identité expire le 30 novembre 2026, au plus 3 mois "
        "après son envoi" in err
    )
    assert state.answers["president_mail.id_expiry"] == "2026-11-30"
    assert "Date non confirmée : indiquez-la de nouveau." in out  # the warning is not repeated
    assert state.answers["president_mail.date"] == TODAY


def test_an_expired_id_cannot_be_sent(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = at(tmp_path, "president_mail.id_expiry")
    # expired on 19 October: confirmed (posted by then?), but a sending date after it is refused
    yes = UP + ENTER
    typed = ENTER + "19/10/2026" + ENTER + yes + ENTER + NON + CLEAR + "19/10/2026" + ENTER + yes
    state, _source = walk(path, "president_mail", typed)
    out = plain(capsys.readouterr().out)
    assert "avant son envoi le 20 octobre 2026" in out
    assert state.answers["president_mail.date"] == "2026-10-19"


def test_a_date_before_the_previous_step_is_asked_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = at(tmp_path, "president_return.date")  # sent to the President on 4 September
    walk(path, "president_return", ENTER + "03/09/2026" + ENTER + "05/09/2026" + ENTER)
    out = plain(capsys.readouterr().out)
    assert "est avant la date de l'étape précédente « Envoi au Président »" in out
    assert saved(path)["cycle"]["answers"]["president_return.date"] == "2026-09-05"


# --- the SIREN step with an identity found --------------------------------------------------

FOUND = LegalUnit(
    siren="123456782",
    legal_category="1000",
    active=True,
    civility="Mme",
    birth_name="DUPONT",
    given_names="Jeanne Marie",
    address=("1 PLACE DE LA BOURSE", "33000 BORDEAUX"),
)


def found(unit: LegalUnit) -> Lookup:
    def lookup(siren: str) -> LegalUnit:
        assert siren == unit.siren
        return unit

    return lookup


def test_the_identity_found_is_shown_and_confirmed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = at(tmp_path, "siren.siren")
    state, _ = walk(path, "siren", "123456782" + ENTER + ENTER, lookup=found(FOUND))
    out = plain(capsys.readouterr().out)
    assert "Identité trouvée dans la base SIRENE" in out
    assert "Jeanne Marie" in out and "1 PLACE DE LA BOURSE" in out
    assert state.holder.surname == "DUPONT"
    assert state.holder.verified is True
    assert saved(path)["cycle"]["answers"]["siren.confirm"] is True


def test_the_identity_found_can_be_corrected(tmp_path: Path) -> None:
    path = at(tmp_path, "siren.siren")
    typed = (
        "123456782"
        + ENTER
        + NON  # not quite right
        + ENTER  # civility: Madame, as found
        + CLEAR
        + "DUPONT-MARTIN"
        + ENTER
        + ENTER  # given names as found
        + CLEAR
        + "3 place de la Bourse"
        + ENTER
        + ENTER
        + ENTER  # the address as it will be printed: Oui
    )
    state, _ = walk(path, "siren", typed, lookup=found(FOUND))
    assert state.holder.surname == "DUPONT-MARTIN"
    assert state.holder.given_names == "Jeanne Marie"
    assert state.holder.address is not None
    assert state.holder.address.text == "3 place de la Bourse\n33000 BORDEAUX"
    assert state.holder.civility == "Mme"


def test_a_civility_sirene_does_not_give_is_asked_with_the_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    unknown = FOUND.model_copy(update={"civility": None})
    path = at(tmp_path, "siren.siren")
    state, _ = walk(
        path, "siren", "123456782" + ENTER + ENTER + DOWN + ENTER, lookup=found(unknown)
    )
    out = plain(capsys.readouterr().out)
    assert "Les données publiques de SIRENE ne donnent pas la civilité. ? Civilité" in out
    assert state.holder.civility == "Mme"  # as chosen: nothing was invented


def test_a_hidden_field_is_asked_even_when_confirmed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hidden = FOUND.model_copy(update={"address": None, "diffusible": False})
    path = at(tmp_path, "siren.siren")
    typed = "123456782" + ENTER + ENTER + "12 rue des Lilas" + ENTER + "33000 Bordeaux" + ENTER * 2
    state, _ = walk(path, "siren", typed, lookup=found(hidden))
    assert "(non diffusée)" in capsys.readouterr().out
    assert state.holder.address is not None
    assert state.holder.address.text == "12 rue des Lilas\n33000 BORDEAUX"
    assert state.holder.surname == "DUPONT"


# --- corrections ------------------------------------------------------------------------------


def test_a_correction_proposes_the_recorded_values(tmp_path: Path) -> None:
    path = at(tmp_path, "president_return.date")
    today = dt.date.fromisoformat(TODAY)
    with keys(ENTER + DOWN + ENTER), writer(path) as session:  # same medium, the courier
        correct(session, WizardSource(wizard_environment(today)), step("offer"), today, None)
    answers = saved(path)["cycle"]["answers"]
    assert answers["offer.medium"] == EXAMPLE["offer.medium"]
    assert answers["offer.handover"] == "courier"
    assert answers["president_mail.date"] == EXAMPLE["president_mail.date"]


def test_a_correction_drops_answers_that_no_longer_apply(tmp_path: Path) -> None:
    other = {
        "profile.compagnie": "other",
        "profile.compagnie_name": "Compagnie de Pau",
        "profile.court_of_appeal": "Pau",
        "profile.president_civility": "Mme",
        "profile.president_name": "Anne Lefèvre",
        "profile.compagnie_address": "2 rue du Palais\n64000 Pau",
    }
    path = at(tmp_path, "account.date", **other)
    today = dt.date.fromisoformat(TODAY)
    with keys("\x1b[A" + ENTER + ENTER + ENTER + ENTER), writer(path) as session:  # ACSO
        correct(session, WizardSource(wizard_environment(today)), step("profile"), today, None)
    answers = saved(path)["cycle"]["answers"]
    assert answers["profile.compagnie"] == "acso"
    assert not any(k in answers for k in other if k != "profile.compagnie")
    assert answers["profile.email"] == EXAMPLE["profile.email"]


def test_a_deadline_already_past_is_not_announced_as_new(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """« Nouvelle échéance » only for a deadline still ahead."""
    from opalexe_cert.cli.wizard import screens
    from opalexe_cert.domain.procedure import step

    today = dt.date.fromisoformat(TODAY)
    path = at(tmp_path, "account.date")
    state, _source = walk(path, "account", ENTER + "01/09/2026" + ENTER)  # ended 1 October
    capsys.readouterr()
    screens.step_recorded(output(), state, step("account"), today)
    assert "Nouvelle échéance" not in plain(capsys.readouterr().out)
    path = at(tmp_path / "again", "account.date")
    state, _source = walk(path, "account", ENTER + "10/10/2026" + ENTER)
    capsys.readouterr()
    screens.step_recorded(output(), state, step("account"), today)
    out = plain(capsys.readouterr().out)
    assert "Nouvelle échéance : Préparation du dossier, du 10 octobre 2026 au 10 novembre" in out


@pytest.mark.parametrize(("answer", "kept"), [("non", "2029-10-20"), ("oui", "2092-10-20")])
def test_an_implausible_certificate_expiry_is_confirmed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], answer: str, kept: str
) -> None:
    """Outside 1 to 4 years after activation, the wizard asks to confirm."""
    path = at(tmp_path, "activation.cert_expiry")
    typed = ENTER + DOWN + DOWN + ENTER + "20/10/2092" + ENTER
    typed += (ENTER + DOWN + DOWN + ENTER + "20/10/2029" + ENTER) if answer == "non" else UP + ENTER
    state, _source = walk(path, "activation", typed + ENTER)
    err = plain(capsys.readouterr().err)
    assert "entre le 20 octobre 2027 et le 20 octobre 2030" in err
    assert state.answers["activation.cert_expiry"] == kept


def test_item9_a_partly_answered_step_is_offered_for_correction(tmp_path: Path) -> None:
    from opalexe_cert.cli.wizard import session

    path = tmp_path / "state.json"
    prepare(path, answers_until("president_mail.date"), TODAY)  # the ID given, not the date
    with writer(path) as saver:
        state = saver.state
    assert "president_mail.id_expiry" in state.answers
    assert step("president_mail") in session._done_steps(state)


def test_item13_no_contact_outside_the_guide() -> None:
    # guide.py holds the support address once, with where it was published (SUPPORT_SOURCE),
    # for ``doctor --rapport``; no other module writes it.
    source = Path(__file__).resolve().parents[1] / "src"
    for path in source.rglob("*.py"):
        if path.name == "guide.py":
            continue
        assert "support@certeurope.fr" not in path.read_text(encoding="utf-8"), path


def _typed_then_looked_up(tmp_path: Path) -> Path:
    """An identity typed offline (Mme Sophie LECLERC, Lyon), then SIRENE's answer recorded."""

    path = at(
        tmp_path,
        "order_form.date",
        **{
            "siren.surname": "Leclerc",
            "siren.given_names": "Sophie",
            "siren.address": "3 rue de la République\n69002 Lyon",
        },
    )
    with writer(path) as saver:
        saver.save(engine.record_lookup(saver.state, FOUND))
    return path


@pytest.mark.parametrize(
    ("typed", "verified", "surname"),
    [
        (ENTER, True, "DUPONT"),  # SIRENE's identity adopted
        (DOWN + ENTER, False, "LECLERC"),  # one's own kept: not verified
    ],
)
def test_item2_the_expert_adopts_or_keeps_after_seeing_both(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], typed: str, verified: bool, surname: str
) -> None:
    from opalexe_cert.cli.wizard import session

    path = _typed_then_looked_up(tmp_path)
    assert saved(path)["holder"]["verified"] is False
    today = dt.date.fromisoformat(TODAY)
    with keys(typed), writer(path) as saver:
        session.settle_identity(wizard_environment(today), saver, found(FOUND))
    shown = plain(capsys.readouterr().out)
    assert "Enregistrée" in shown and "Base SIRENE" in shown and "≠ diffère" in shown
    holder = saved(path)["holder"]
    assert holder["verified"] is verified and holder["surname"] == surname


def test_item2_the_expert_types_another_siren(tmp_path: Path) -> None:
    from opalexe_cert.cli.wizard import session

    path = _typed_then_looked_up(tmp_path)
    other = FOUND.model_copy(update={"siren": "732829320"})
    today = dt.date.fromisoformat(TODAY)
    typed = DOWN + DOWN + ENTER + CLEAR + "732829320" + ENTER + ENTER  # Oui: the one found
    with keys(typed), writer(path) as saver:
        session.settle_identity(wizard_environment(today), saver, found(other))
    holder = saved(path)["holder"]
    assert holder["siren"] == "732829320" and holder["surname"] == "DUPONT"
    assert holder["verified"] is True


def test_the_short_name_proposed_is_derived_from_the_compagnie_name(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    versailles = (
        "Compagnie des Experts de Justice près la Cour d'appel de Versailles et des tribunaux "
        "de son ressort"
    )
    typed = DOWN + ENTER + versailles + ENTER + ENTER  # Enter takes the proposal
    typed += "Versailles" + ENTER + DOWN + ENTER + "Anne Lefèvre" + ENTER
    typed += "5 place André Mignot" + ENTER + "78000 Versailles" + ENTER + ENTER
    typed += "jeanne@example.fr" + ENTER + "0612345678" + ENTER
    walk(path, "profile", typed)
    answers = saved(path)["cycle"]["answers"]
    assert answers["profile.compagnie_short_name"] == "CEJ CA Versailles"


def test_an_answers_file_without_a_good_short_name_has_it_asked(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    name = "Compagnie nationale des ingénieurs diplômés experts près les cours d’appel"  # real
    preset = {k: v for k, v in EXAMPLE.items() if k.startswith("profile.")} | {
        "profile.compagnie": "other",
        "profile.compagnie_name": name,
        "profile.court_of_appeal": "Rennes",
        "profile.president_civility": "M.",
        "profile.president_name": "Jean MARTIN",
        "profile.compagnie_address": "2 rue du Palais\n35000 Rennes",
    }
    today = dt.date.fromisoformat(TODAY)
    with keys(ENTER), writer(path) as session:  # Enter takes the name proposed
        run(
            session,
            WizardSource(wizard_environment(today), preset),
            today,
            None,
            until=step("profile"),
        )
    recorded = saved(path)["cycle"]["answers"]["profile.compagnie_short_name"]
    assert recorded == "Cie nationale des ingénieurs diplômés"
