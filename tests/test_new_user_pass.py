"""What a new user met in a terminal pass: refusals said whole, as sentences; the screen
showing what will be printed; dates kept whole on a line; narrow terminals and redirected
output."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from opalexe_cert.adapters.documents.data import president_postal_lines
from opalexe_cert.adapters.store import writer
from opalexe_cert.cli.typeset import FrenchConsole
from opalexe_cert.cli.wizard.source import WizardSource
from opalexe_cert.domain import engine, texts
from opalexe_cert.domain.dates import parse_date
from opalexe_cert.domain.flow import FileAnswers, run
from opalexe_cert.domain.procedure import step
from opalexe_cert.domain.state import State
from opalexe_cert.domain.typography import french, keep_together

from clirun import plain
from wizard_support import (
    EXAMPLE,
    Terminal,
    answers_until,
    keys,
    output,
    prepare,
    saved,
    wizard_environment,
)

ENTER, CLEAR = "\r", "\x15"
TODAY = "2026-10-20"
D = dt.date.fromisoformat(TODAY)


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("31/02/2027", "il n'y a pas de 31 février en 2027 (février 2027 n'a que 28 jours)"),
        ("29/02/2027", "il n'y a pas de 29 février en 2027 (février 2027 n'a que 28 jours)"),
        ("31/04/2026", "il n'y a pas de 31 avril en 2026 (avril 2026 n'a que 30 jours)"),
        ("2027-02-30", "il n'y a pas de 30 février en 2027 (février 2027 n'a que 28 jours)"),
        ("31/02/27", "il n'y a pas de 31 février en 2027 (février 2027 n'a que 28 jours)"),
        ("15/13/2026", "il n'y a pas de mois 13 (les mois vont de 1 à 12)"),
        ("32/01/2026", "aucun mois n'a 32 jours"),
        ("00/01/2026", "le jour 0 n'existe pas (les jours commencent à 1)"),
    ],
)
def test_a_day_that_does_not_exist_is_said_so(typed: str, reason: str) -> None:
    with pytest.raises(ValueError) as refused:
        parse_date(typed)
    assert str(refused.value) == f"« {typed} » n'est pas une date valide : {reason}"


@pytest.mark.parametrize("typed", ["hier", "0000-01-01", "26/11"])
def test_what_is_not_written_like_a_date_gets_the_example(typed: str) -> None:
    with pytest.raises(ValueError, match=r"\(exemple : 26/11/2026 ou 2026-11-26\)$"):
        parse_date(typed)


def test_a_leap_day_is_a_day() -> None:
    assert parse_date("29/02/2028") == dt.date(2028, 2, 29)


def until_step(answers: dict[str, object], step_id: str) -> State:
    """A state where ``answers`` were recorded, in memory, up to step ``step_id``."""
    source = FileAnswers(answers, notify=lambda _: None)
    recorded = State()
    while (current := engine.current_step(recorded)) is not step(step_id):
        assert current is not None
        field = engine.open_fields(recorded, current)[0]
        recorded = engine.record(recorded, field.key, source.answer(recorded, current, field, D), D)
    return recorded


def walk(path: Path, step_id: str, typed: str) -> None:
    """The real wizard on one step, these keys typed."""
    today = dt.date.fromisoformat(TODAY)
    with keys(typed), writer(path) as session:
        run(session, WizardSource(wizard_environment(today)), today, None, until=step(step_id))


def test_refusals_that_end_with_a_parenthesis_end_with_a_full_stop(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "state.json"
    prepare(path, answers_until("president_return.date"), TODAY, before="president_return")
    typed = "31/02/2026" + ENTER + CLEAR + "03/09/2026" + ENTER + "05/09/2026" + ENTER
    walk(path, "president_return", ENTER + typed)
    out = " ".join(plain(capsys.readouterr().out).split())
    assert (
        "✘ « 31/02/2026 » n'est pas une date valide : il n'y a pas de 31 février en 2026 "
        "(février 2026 n'a que 28 jours). ?"
    ) in out
    assert (
        "✘ Le 3 septembre 2026 est avant la date de l'étape précédente « Envoi au Président » "
        "(4 septembre 2026). ?"
    ) in out
    assert saved(path)["cycle"]["answers"]["president_return.date"] == "2026-09-05"


def test_the_step_8_panel_shows_the_presidents_address_as_it_will_be_printed() -> None:
    answers = answers_until("president_mail.id_expiry") | {
        "profile.compagnie": "other",
        "profile.compagnie_name": "Compagnie des experts de justice près la cour d'appel d'Agen",
        "profile.court_of_appeal": "Agen",
        "profile.president_civility": "Mme",
        "profile.president_name": "Marie-Hélène de La Tour-Dupin",
        "profile.compagnie_address": "Maison des Experts\n12 boulevard de la République\n"
        "47000 Agen",
    }
    recorded = until_step(answers, "president_mail")
    compagnie = texts.compagnie(recorded)
    assert compagnie is not None
    printed = president_postal_lines(compagnie)
    assert printed[0] == "Mme Marie-Hélène de La TOUR-DUPIN"
    assert printed[-2:] == ["12 BOULEVARD DE LA REPUBLIQUE", "47000 AGEN"]
    shown = "\n".join(texts.instructions(recorded, step("president_mail")))
    assert "Adresse : " + "".join(f"\n    {line}" for line in printed) in shown
    assert "à la Présidente" in shown


def test_a_range_of_two_dates_may_break_before_au() -> None:
    """« au » goes with the second date; « 3 à 6 semaines » stays whole."""
    assert keep_together(french("du 6 décembre 2026 au 6 janvier 2027")) == (
        "du 6\u00a0décembre\u00a02026 au\u00a06\u00a0janvier\u00a02027"
    )
    assert keep_together(french("du 1er septembre 2026 au 1er octobre 2026")).count(" ") == 2
    assert french("3 à 6 semaines") == "3\u00a0à\u00a06\u00a0semaines"
    assert keep_together(french("du 3 au 24 mars 2027")) == (
        "du 3\u00a0au\u00a024\u00a0mars\u00a02027"
    )
    buffer = io.StringIO()
    console = FrenchConsole(file=buffer, width=80, force_terminal=True, color_system=None)
    console.print(
        "Nouvelle échéance : Préparation du dossier, du 25 août 2026 au 25 septembre 2026."
    )
    assert buffer.getvalue().replace("\u00a0", " ").split("\n")[:2] == [
        "Nouvelle échéance : Préparation du dossier, du 25 août 2026",
        "au 25 septembre 2026.",
    ]


DATED = [(k, v) for k, v in EXAMPLE.items() if k.endswith(".date")]


@pytest.mark.parametrize(
    ("count", "today"),
    [
        (6, "2026-09-05"),
        (6, "2026-09-02"),
        (8, "2026-10-01"),
        (8, "2026-10-03"),
        (12, "2026-10-20"),
    ],
)
def test_todays_line_on_the_recap_crosses_no_label(count: int, today: str) -> None:
    """The dashed line of today runs through the bands, never through a step's number or a
    month's name (the current step, drawn today, has its number right above the line)."""
    import pdfplumber

    from opalexe_cert.adapters.documents.recap import recap_data, render_recap
    from opalexe_cert.domain.state import Cycle

    data = recap_data(State(cycle=Cycle(answers=dict(DATED[:count]))), D.fromisoformat(today))
    page = pdfplumber.open(io.BytesIO(render_recap(data))).pages[0]
    verticals = [ln for ln in page.lines if abs(ln["x0"] - ln["x1"]) < 0.1 and ln["height"] > 20]
    assert verticals
    for line in verticals:
        crossed = [
            c["text"]
            for c in page.chars
            if c["x0"] < line["x0"] < c["x1"]
            and c["top"] < line["bottom"]
            and c["bottom"] > line["top"]
        ]
        assert not crossed, (today, crossed)


def test_step_8_lists_what_print_dossier_prepares_in_one_enumeration() -> None:
    answers = answers_until("president_mail.id_expiry") | {
        "order_email.attestation_included": False
    }
    recorded = until_step(answers, "president_mail")
    shown = "\n".join(texts.instructions(recorded, step("president_mail")))
    assert (
        "« opalexe-cert print-dossier » prépare la lettre d'accompagnement, le bordereau, "
        "l'attestation à faire signer et l'étiquette de retour."
    ) in shown


def test_the_warning_about_an_id_expiring_soon_has_one_colon_after_attention() -> None:
    from opalexe_cert.domain.procedure import field
    from opalexe_cert.domain.vocabulary import StepId

    recorded = until_step(answers_until("president_mail.id_expiry"), "president_mail")
    expiry = field(StepId.PRESIDENT_MAIL, "id_expiry")
    (finding,) = engine.findings(recorded, expiry, "2026-12-01", D)
    assert finding.message.startswith("Votre pièce d'identité expire le 1er décembre 2026")
    assert ":" not in finding.message  # shown after « Attention : »


def test_a_question_is_asked_on_the_terminal_when_the_output_goes_to_a_file(
    tmp_path: Path,
) -> None:
    """``print-dossier > journal.txt``: the question about CertEurope's address is drawn on
    the terminal (the error stream), not written unseen into the file."""
    import shlex

    import pexpect

    from clirun import SCRIPT
    from wizard_support import environment

    state = tmp_path / "state.json"
    prepare(state, answers_until("certeurope_mail.address"), TODAY)
    journal, folder = tmp_path / "journal.txt", tmp_path / "dossier"
    command = f"{shlex.quote(str(SCRIPT))} print-dossier -o {shlex.quote(str(folder))}"
    child = pexpect.spawn(
        "sh",
        ["-c", f"{command} > {shlex.quote(str(journal))}"],
        env=environment(state, TODAY),
        dimensions=(40, 100),
        timeout=60,
    )
    # The prompt asks where the cursor is (``ESC [6n``): answered as a terminal does, or it
    # would wait a second for the reply before it ends.
    cursor_request, answer = r"\x1b\[6n", "\x1b[1;1R"
    while child.expect([cursor_request, "Avez-vous sous les yeux"]) == 0:
        child.send(answer)
    child.send("\x1b[B\r")  # Non
    while child.expect([cursor_request, pexpect.EOF]) == 0:
        child.send(answer)
    child.close()
    assert child.exitstatus == 0
    written = journal.read_text(encoding="utf-8")
    assert "Documents écrits dans" in written
    assert "Avez-vous sous les yeux" not in written  # asked and answered on the terminal
    assert (folder / "lettre-president.pdf").exists()


def test_an_answers_file_refusal_ends_with_a_full_stop(tmp_path: Path) -> None:
    from clirun import invoke
    from conftest import base_env, example_answers, write_answers

    state = tmp_path / "state.json"
    answers = write_answers(
        tmp_path / "answers.json", example_answers() | {"order_form.date": "2026-08-01"}
    )
    result = invoke("start", "--answers", str(answers), "--no-input", variables=base_env(state))
    assert result.code == 2
    assert (
        "Erreur : réponse invalide pour « order_form.date ». Le 1er août 2026 est avant la date de "
        "l'étape précédente « Compte sur le portail CertEurope » (1er septembre 2026).\n"
    ) in result.err


def test_the_holder_summary_shows_the_address_as_the_letters_print_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "state.json"
    prepare(path, answers_until("siren.siren"), TODAY, before="siren")
    typed = ["123 456 782", "\x1b[B", "Durand", "Anne", "12 rue des Lilas", "33000 Bordeaux", ""]
    walk(path, "order_form", ENTER.join(typed) + ENTER + "\x1b[B" + ENTER)  # shown at step 5
    out = plain(capsys.readouterr().out)
    summary = out[out.index("Titulaire :") :]
    assert "  12 RUE DES LILAS\n  33000 BORDEAUX" in summary  # as the address screen showed it
    assert saved(path)["holder"]["address"] == "12 rue des Lilas\n33000 BORDEAUX"  # as typed


def test_the_listing_after_print_dossier_has_one_colon_a_line(tmp_path: Path) -> None:
    from clirun import invoke
    from conftest import base_env

    state = tmp_path / "state.json"
    prepare(state, answers_until("president_return.date"), TODAY)
    result = invoke(
        "print-dossier", "--no-input", "-o", str(tmp_path / "d"), variables=base_env(state)
    )
    assert result.code == 0, result.err
    listing = [line for line in result.out.splitlines() if line.startswith(("  •", "Enveloppe"))]
    assert len(listing) > 6
    for line in listing:
        assert line.count(" : ") == 1, line
    assert "  • bordereau.pdf : le contenu de chaque enveloppe, avec cases à cocher" in listing


def test_the_timeline_says_sans_objet_for_an_id_that_no_longer_matters(
    tmp_path: Path,
) -> None:
    from clirun import invoke
    from conftest import EXAMPLE_ANSWERS, base_env

    env = base_env(tmp_path / "state.json")
    assert invoke("start", "--answers", str(EXAMPLE_ANSWERS), variables=env).code == 0
    result = invoke("status", variables=env)
    (line,) = [ln for ln in result.out.splitlines() if ln.startswith(" Pièce d'identité ")]
    assert line.endswith(" sans objet"), line  # the dossier left: not « fait »


def test_a_question_keeps_a_date_on_one_line() -> None:
    from opalexe_cert.cli.typeset import fit

    question = french(
        "Votre certificat expire le 5 janvier 2030. Le renouvellement se fait 2 à 3 mois "
        "avant, entre le 5 octobre 2029 et le 5 novembre 2029 ; nous sommes le 1er juin "
        "2027, avant cette période. Commencer quand même ?"
    )
    lines = fit(question, 59, first_indent=2).replace("\u00a0", " ").split("\n")
    joined = "\n".join(lines)
    for day in ("5 janvier 2030", "5 octobre 2029", "5 novembre 2029", "1er juin 2027"):
        assert day in joined, joined


def test_the_timeline_at_60_columns_has_no_word_cut(
    tmp_path: Path, terminals: list[Terminal]
) -> None:
    from clirun import invoke
    from conftest import EXAMPLE_ANSWERS, base_env

    state = tmp_path / "state.json"
    assert invoke("start", "--answers", str(EXAMPLE_ANSWERS), variables=base_env(state)).code == 0
    terminal = Terminal(state, "2029-09-01", command="status", cols=60)
    terminals.append(terminal)
    assert terminal.finish() == 0
    display = [line.rstrip() for line in terminal.screen.display]
    start = next(i for i, line in enumerate(display) if line.startswith("Frise des échéances"))
    frise = [line for line in display[start + 1 :] if line]
    assert len(frise) == 10  # each bar, its dates under it
    for bar_line, dates_line in zip(frise[::2], frise[1::2], strict=True):
        assert bar_line.startswith(" ") and "┃" in bar_line and len(bar_line) < 60
        assert dates_line.startswith(" " * 18) and "→" in dates_line, dates_line
    assert frise[5].endswith(" urgent")  # the renewal, due


@pytest.mark.parametrize(
    ("recorded", "proposed"), [(109.5, "109,50"), (109.0, "109"), (9.05, "9,05")]
)
def test_a_recorded_amount_is_proposed_in_euros_and_cents(recorded: float, proposed: str) -> None:
    from opalexe_cert.cli.wizard.source import _text

    assert _text(recorded) == proposed


def test_remind_says_which_command_starts_the_new_request_once_expired(tmp_path: Path) -> None:
    from clirun import invoke
    from conftest import EXAMPLE_ANSWERS, base_env

    env = base_env(tmp_path / "state.json")
    assert invoke("start", "--answers", str(EXAMPLE_ANSWERS), variables=env).code == 0
    result = invoke("remind", variables=base_env(tmp_path / "state.json", "2029-10-22"))
    assert result.code == 11
    assert "Lancez une nouvelle demande avec « opalexe-cert renew »." in result.out


def test_the_profile_a_renewal_keeps_shows_the_phone_printed_on_the_letters(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from opalexe_cert.cli.wizard import screens

    recorded = until_step(answers_until("offer.medium") | {"profile.phone": "0612345678"}, "offer")
    screens.profile_summary(output(), recorded)
    shown = plain(capsys.readouterr().out)
    assert "  Adresse électronique : eloise.daubigne@example.fr\n  Téléphone : 06 12 34 56 78" in (
        shown
    )


def test_a_renewal_s_welcome_says_what_its_counts_are_of(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The steps walked again are counted out of those a renewal walks (11), beside the
    current step's number out of all 13: the welcome says which steps are carried over."""
    from opalexe_cert.adapters.store import load
    from opalexe_cert.cli.wizard import screens

    path = tmp_path / "state.json"
    prepare(path, dict(EXAMPLE), TODAY)
    renewal = engine.start_renewal(load(path), dt.date(2029, 7, 25))
    screens.greeting(output(), renewal, dt.date(2029, 7, 25))
    shown = " ".join(plain(capsys.readouterr().out).split())
    assert (
        "Renouvellement en cours (demande n° 2) : 0 étape terminée sur les 11 à refaire "
        "(les étapes « Votre profil » et « Votre SIREN individuel » sont reprises de la demande "
        "précédente). Étape en cours : Compte sur le portail CertEurope (étape 2 sur 13)."
    ) in shown
