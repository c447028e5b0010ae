"""The terminal as a person sees it: ``status`` keeps French typography in a terminal as in a
pipe, one colon per sentence; a two-digit year is understood, an absurd one refused with an
example."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import EXAMPLE_ANSWERS, Runner, example_answers, write_answers
from wizard_support import Terminal, wizard_environment


def test_status_in_a_terminal_keeps_apostrophes_and_no_break_spaces(
    cli: Runner, state_file: Path
) -> None:
    assert cli("start", "--answers", str(EXAMPLE_ANSWERS)).code == 0
    t = Terminal(state_file, "2026-11-26", command="status", cols=80)
    try:
        assert t.finish() == 0
        shown = t.transcript
    finally:
        t.close()
    joined = re.sub(r" *\n *", " ", shown)  # lines joined; no-break spaces kept
    # the deadlines' advice, printed padded under their title, is set too
    assert "2\u00a0à\u00a03\u00a0mois avant l’expiration du certificat" in joined
    assert "Dossier envoyé à CertEurope\u00a0: la validité de la pièce d’identité" in joined
    assert "l'expiration" not in shown and "d'identité" not in shown
    # one colon per sentence on the SIREN line
    siren = next(line for line in shown.splitlines() if line.startswith("SIREN"))
    assert siren.count(":") == 1, siren


def test_a_two_digit_year_is_understood(cli: Runner, tmp_path: Path, state_file: Path) -> None:
    keep = ("profile.",)
    answers = {k: v for k, v in example_answers().items() if k.startswith(keep)}
    answers["account.date"] = "01/09/26"
    result = cli("start", "--answers", str(write_answers(tmp_path / "a.json", answers)))
    assert "« offer.medium »" in result.err, result.err
    saved = json.loads(state_file.read_text(encoding="utf-8"))
    assert saved["cycle"]["answers"]["account.date"] == "2026-09-01"


def test_a_year_of_two_digits_with_zeros_is_refused_with_an_example(
    cli: Runner, tmp_path: Path
) -> None:
    answers = {k: v for k, v in example_answers().items() if k.startswith("profile.")}
    answers["account.date"] = "01/09/0026"
    result = cli("start", "--answers", str(write_answers(tmp_path / "a.json", answers)))
    assert result.code == 2
    said = " ".join(result.err.split())
    assert "écrivez l'année en entier, par exemple 26/11/2026" in said


def test_help_lists_each_command_whole(cli: Runner) -> None:
    shown = cli("--help", env={"COLUMNS": "80"}).out
    commands = shown.split("Commandes")[1]
    assert "..." not in commands and "…" not in commands
    assert "les échéances." in " ".join(commands.split())


def test_the_identity_table_title_is_one_line_at_80_columns(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from opalexe_cert.cli.wizard import screens
    from opalexe_cert.domain.identity import Identity

    mine = Identity(siren="812345676", surname="DURAND", given_names="Paul")
    out = wizard_environment("2026-12-06").out
    screens.identity_table(out, {"surname": "LEFEBVRE"}, "812345676", recorded=mine)
    out = capsys.readouterr().out
    assert "Votre identité enregistrée et celle de la base SIRENE (SIREN 812345676)" in out


def test_a_long_answer_stays_wrapped_between_words_at_80_columns(
    tmp_path: Path, terminals: list[Terminal]
) -> None:
    from wizard_support import DOWN, ENTER

    name = (
        "Compagnie des Experts de Justice près la Cour d'appel de Versailles et des tribunaux "
        "de son ressort"
    )
    t = Terminal(tmp_path / "state.json", "2026-09-01", cols=80)
    terminals.append(t)
    t.answer(r"\? Votre compagnie d'experts", DOWN + ENTER)
    t.answer(r"\? Nom de la compagnie", name + ENTER)
    t.expect(r"\? Nom court de la compagnie")
    rows = [row.rstrip() for row in t.screen.display]
    echoed = next(i for i, row in enumerate(rows) if row.startswith("? Nom de la compagnie"))
    assert rows[echoed].endswith("Cour d'appel de")  # as typed: the answer is theirs
    assert rows[echoed + 1].startswith("Versailles et des tribunaux de son ressort")
    t.send("\x03")
    assert t.finish() == 130


def test_a_long_default_is_proposed_on_a_line_of_its_own(
    tmp_path: Path, terminals: list[Terminal]
) -> None:
    from wizard_support import ENTER, prepare

    name = "Compagnie des experts près la cour d'appel de Pau et de son ressort"
    state = tmp_path / "state.json"
    answers = {
        "profile.compagnie": "other",
        "profile.compagnie_name": name,
        "profile.compagnie_short_name": "Experts de Pau",
        "profile.court_of_appeal": "Pau",
        "profile.president_civility": "Mme",
        "profile.president_name": "Anne Lefèvre",
        "profile.compagnie_address": "2 rue du Palais\n64000 Pau",
        "profile.email": "e@example.fr",
    }
    prepare(state, answers, "2026-09-01")
    t = Terminal(state, "2026-09-01", "--step", "profile", cols=80)
    terminals.append(t)
    t.answer(r"\? Votre compagnie d'experts", ENTER)
    t.expect(r"\? Nom de la compagnie \(Entrée pour garder\)")
    t.expect("de son ressort")
    rows = [row.rstrip() for row in t.screen.display]
    asked = max(i for i, row in enumerate(rows) if row.startswith("? Nom de la compagnie"))
    assert rows[asked + 1].strip().replace("’", "'") == name  # whole, on the next line
    t.send("\x03")
    assert t.finish() == 130


def test_status_has_no_capital_after_a_colon(cli: Runner, tmp_path: Path) -> None:
    answers = {k: v for k, v in example_answers().items() if not k.startswith("activation.")}
    cli("start", "--answers", str(write_answers(tmp_path / "a.json", answers)))
    lines = cli("status").out.splitlines()
    offer = next(line for line in lines if line.startswith("Offre :"))
    assert offer == "Offre : carte d'expert avec lecteur de carte — authentification par le " + (
        "Président (option habituelle)"
    )
    action = next(line for line in lines if line.startswith("Prochaine action :"))
    assert action.startswith("Prochaine action : installer Trusted Key Manager")


@pytest.mark.parametrize("args", [("--help",), ("start", "--help"), ("compagnie", "--help")])
def test_help_is_in_french_typography(cli: Runner, args: tuple[str, ...]) -> None:
    shown = cli(*args).raw_out  # as printed, not normalised for matching
    assert "'" not in shown  # ’ everywhere, as in every other text
    assert "’" in shown
