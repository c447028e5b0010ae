"""What the expert reads: values shown as they are (never as rich markup), exit statuses named,
bad ``--answers`` paths refused in French."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from opalexe_cert.cli.environment import build
from opalexe_cert.cli.exit_status import ExitStatus, report
from opalexe_cert.cli.output import Output, OutputError
from opalexe_cert.domain.errors import InputError, OpalexeError, StateLockedError

from clirun import plain
from conftest import Runner, example_answers, write_answers

HOSTILE_NAMES = ["[bold red]x[/]", "[/]", "a[/b", "[link=https://evil.example]ici[/link]", "x\\"]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_a_name_in_rich_markup_prints_literally(cli: Runner, tmp_path: Path, name: str) -> None:
    keep = ("profile.", "account.", "offer.", "siren.")
    answers = {k: v for k, v in example_answers().items() if k.startswith(keep)}
    answers["siren.given_names"] = name
    started = cli("start", "--answers", str(write_answers(tmp_path / "a.json", answers)))
    assert "Erreur inattendue" not in started.text, started.text
    recorded = json.loads(cli("status", "--json").out)["holder"]["given_names"]
    shown = cli("status", env={"FORCE_COLOR": "1"})
    assert shown.code == 0, shown.text
    assert "MarkupError" not in shown.text and "Erreur" not in shown.err
    plain = cli("status")
    assert f"Titulaire : Mme {recorded} " in plain.out, plain.out


def test_say_escapes_every_value_and_keeps_our_markup() -> None:
    out = io.StringIO()
    output = Output(out, io.StringIO())
    output.say("[bold]Nom :[/] {name} {other}", name="[/]", other="[red]x[/red]")
    assert plain(out.getvalue()) == "Nom : [/] [red]x[/red]\n"


def test_every_exit_status_is_named_as_documented() -> None:
    assert {s.name: int(s) for s in ExitStatus} == {
        "SUCCESS": 0,
        "ERROR": 1,
        "USAGE": 2,
        "DUE_SOON": 10,
        "OVERDUE": 11,
        "INTERRUPTED": 130,
    }


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (InputError("mauvaise réponse"), ExitStatus.USAGE),
        (OpalexeError("service indisponible"), ExitStatus.ERROR),
        (StateLockedError(Path("s.json"), "déjà ouvert"), ExitStatus.ERROR),
        (OutputError("Impossible d'écrire la sortie"), ExitStatus.ERROR),
        (KeyboardInterrupt(), ExitStatus.INTERRUPTED),
        (EOFError(), ExitStatus.INTERRUPTED),
        (BrokenPipeError(), ExitStatus.ERROR),
        (ZeroDivisionError("bug"), ExitStatus.ERROR),
    ],
    ids=lambda v: type(v).__name__ if isinstance(v, BaseException) else str(v),
)
def test_one_place_maps_each_failure_to_its_status(error: BaseException, status: int) -> None:
    err = io.StringIO()
    env = build({}, stdout=io.StringIO(), stderr=err)
    assert report(error, env.out) == status
    text = plain(err.getvalue())
    assert "Traceback" not in text
    if isinstance(error, BrokenPipeError):
        assert text == ""  # the reader left: nothing to say
    elif isinstance(error, KeyboardInterrupt | EOFError):
        assert "Interrompu" in text
    else:
        assert text.startswith(("Erreur : ", "Erreur — ", "Erreur inattendue"))


def test_a_typer_exit_keeps_its_status() -> None:
    import typer

    env = build({}, stdout=io.StringIO(), stderr=io.StringIO())
    assert report(typer.Exit(130), env.out) == ExitStatus.INTERRUPTED
    assert report(typer.Exit(0), env.out) == ExitStatus.SUCCESS


def test_an_unexpected_error_is_raised_again_in_debug_mode() -> None:
    env = build({"OPALEXE_CERT_DEBUG": "1"}, stdout=io.StringIO(), stderr=io.StringIO())
    with pytest.raises(ZeroDivisionError):
        report(ZeroDivisionError("bug"), env.out, debug=env.debug)


def test_a_folder_as_answers_file_is_refused_in_french(cli: Runner, tmp_path: Path) -> None:
    done = cli("start", "--answers", str(tmp_path))
    assert done.code == 2
    assert "c'est un dossier, pas un fichier" in done.err
    assert "Errno" not in done.err and "Is a directory" not in done.err


def test_an_answers_file_of_several_megabytes_is_refused(cli: Runner, tmp_path: Path) -> None:
    big = tmp_path / "a.json"
    big.write_text("{" + " " * (5 * 1024 * 1024) + "}", encoding="utf-8")
    done = cli("start", "--answers", str(big))
    assert done.code == 2
    assert "trop volumineux" in done.err, done.err


@pytest.mark.parametrize(
    ("message", "shown"),
    [
        (
            "Aucun renouvellement à annuler : aucune demande n'a été renouvelée.",
            "Erreur — aucun renouvellement à annuler : aucune demande n’a été renouvelée.",
        ),
        ("Le fichier est illisible. Relancez : ceci.", "Erreur : le fichier est illisible."),
        ("Voir https://example.org.", "Erreur : voir https://example.org."),
    ],
)
def test_an_error_has_one_colon_per_sentence(message: str, shown: str) -> None:
    err = io.StringIO()
    build({}, stdout=io.StringIO(), stderr=err).out.error(message)
    assert plain(err.getvalue()).startswith(plain(shown))


def test_renew_cancel_without_a_renewal_says_one_colon(cli: Runner) -> None:
    done = cli("renew", "--cancel")
    assert done.code != 0
    said = plain(done.err)
    assert said.startswith("Erreur — aucun renouvellement à annuler : aucune demande n'a été ")


def test_a_warning_has_one_colon_per_sentence() -> None:
    err = io.StringIO()
    env = build({}, stdout=io.StringIO(), stderr=err)
    env.out.warn("Lettre.pdf n'a pas été préparée : l'adresse manque.")
    env.out.warn("Votre pièce expire bientôt.")
    said = plain(err.getvalue()).splitlines()
    assert said == [
        "Attention — lettre.pdf n'a pas été préparée : l'adresse manque.",
        "Attention : votre pièce expire bientôt.",
    ]
