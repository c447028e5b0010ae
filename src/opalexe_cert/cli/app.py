"""The command line: parses options, then hands over to ``commands/``.

Only typer is imported here; each command imports what it needs when it runs, so that
``--help`` and ``status`` start fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, NoReturn, TypeVar

import typer

from opalexe_cert import __version__
from opalexe_cert.cli.french import DEBUG_ENV

T = TypeVar("T")

app = typer.Typer(
    name="opalexe-cert",
    help=(
        "Assistant pour obtenir et renouveler le certificat CertEurope qui donne accès à "
        "OPALEXE, la plateforme d'expertise dématérialisée des juridictions."
    ),
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"opalexe-cert {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    state: Annotated[
        Path | None,
        typer.Option(
            "--state",
            help="Fichier d'état à utiliser (sinon OPALEXE_CERT_STATE, ou le dossier de "
            "données de l'utilisateur).",
            metavar="FICHIER",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Affiche la version et s'arrête.", callback=_version, is_eager=True
        ),
    ] = False,
) -> None:
    """Options communes à toutes les commandes."""
    ctx.obj = state


def state_path(ctx: typer.Context) -> Path:
    """The state file chosen by ``--state``, the environment or the default."""
    from opalexe_cert.adapters.store import resolve_path

    option = ctx.obj if isinstance(ctx.obj, Path) else None
    return resolve_path(option)


def guarded(action: Callable[[], T]) -> T:
    """Run a command; report our errors in French with their exit status, never a traceback."""
    from opalexe_cert.domain.errors import OpalexeError

    try:
        return action()
    except OpalexeError as exc:
        _fail(exc.message, exc.exit_code)
    except KeyboardInterrupt:
        _interrupted()
    except BrokenPipeError:
        _reader_left()
    except Exception as exc:  # the last resort: a bug, reported without a traceback
        if os.environ.get(DEBUG_ENV) == "1":
            raise
        from opalexe_cert.cli.french import unexpected_message

        _fail(unexpected_message(exc), 1)


def _reader_left() -> NoReturn:
    """The output went to a pipe whose reader stopped (``status --json | head``): stop quietly.

    Python's documented recipe: point stdout at devnull so the interpreter's final flush
    does not fail again.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    raise typer.Exit(1)


def _interrupted() -> NoReturn:
    """Ctrl-C or Ctrl-D inside a command (Typer would turn it into a silent exit 130)."""
    from opalexe_cert.cli.french import report_interrupted

    report_interrupted()
    raise typer.Exit(130)


def _interactive(no_input: bool) -> bool:
    """Questions may be asked: not refused by ``--no-input``, and a person at a terminal."""
    return not no_input and sys.stdin.isatty()


def _fail(message: str, code: int) -> NoReturn:
    from opalexe_cert.cli.output import error

    error(message)
    raise typer.Exit(code)


@app.command()
def status(
    ctx: typer.Context,
    json_output: Annotated[
        bool, typer.Option("--json", help="Affiche l'état au format JSON (pour les scripts).")
    ] = False,
) -> None:
    """Où vous en êtes : les étapes, la prochaine action et les échéances."""
    from opalexe_cert.cli.commands.status import show

    guarded(lambda: show(state_path(ctx), json_output=json_output))


@app.command()
def start(
    ctx: typer.Context,
    answers: Annotated[
        Path | None,
        typer.Option(
            "--answers",
            help="Fichier JSON de réponses (clés « étape.champ »), pour un usage sans questions.",
            metavar="FICHIER",
            show_default=False,
        ),
    ] = None,
    no_input: Annotated[
        bool,
        typer.Option(
            "--no-input",
            help="Ne pose aucune question : s'arrête à la première réponse manquante.",
        ),
    ] = False,
    offline: Annotated[
        bool,
        typer.Option(
            "--offline",
            envvar="OPALEXE_CERT_OFFLINE",
            help="N'utilise pas le réseau (pas de vérification du SIREN dans la base SIRENE).",
        ),
    ] = False,
    step: Annotated[
        str | None,
        typer.Option(
            "--step",
            metavar="ÉTAPE",
            help="Corrige une étape déjà faite (profile, offer, siren, payment…) : ses questions "
            "sont reposées avec les réponses enregistrées par défaut.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """L'assistant : reprend à l'étape en cours, explique, demande et enregistre."""
    from opalexe_cert.cli.commands.start import start as run_start

    interactive = _interactive(no_input)
    guarded(
        lambda: run_start(
            state_path(ctx),
            answers_file=answers,
            interactive=interactive,
            offline=offline,
            step_id=step,
        )
    )


@app.command()
def renew(
    ctx: typer.Context,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Commence le renouvellement même avant la période conseillée, sans confirmation.",
        ),
    ] = False,
    cancel: Annotated[
        bool,
        typer.Option(
            "--cancel",
            help="Annule un renouvellement dans lequel rien n'a encore été enregistré.",
        ),
    ] = False,
    no_input: Annotated[
        bool,
        typer.Option("--no-input", help="Ne pose aucune question (--force est alors requis)."),
    ] = False,
) -> None:
    """Commence le renouvellement une fois le certificat activé (l'historique est conservé)."""
    from opalexe_cert.cli.commands.start import renew as run_renew

    interactive = _interactive(no_input)
    guarded(lambda: run_renew(state_path(ctx), force=force, cancel=cancel, interactive=interactive))


@app.command()
def calendar(
    ctx: typer.Context,
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="Fichier .ics à écrire.",
            metavar="FICHIER",
        ),
    ] = Path("opalexe-echeances.ics"),
) -> None:
    """Exporte les échéances dans un fichier .ics à importer dans votre agenda."""
    from opalexe_cert.cli.commands.calendar import calendar as run_calendar

    guarded(lambda: run_calendar(state_path(ctx), output))


@app.command("print-dossier")
def print_dossier(
    ctx: typer.Context,
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="Dossier où écrire les PDF (créé au besoin).",
            metavar="DOSSIER",
        ),
    ] = Path("dossier-opalexe"),
    no_input: Annotated[
        bool,
        typer.Option("--no-input", help="Ne pose aucune question (ni adresse, ni confirmation)."),
    ] = False,
) -> None:
    """Prépare les PDF du dossier : lettres, attestation, bordereau, étiquettes."""
    from opalexe_cert.cli.commands.print_dossier import print_dossier as run_print

    interactive = _interactive(no_input)
    guarded(lambda: run_print(state_path(ctx), output, interactive=interactive))


ModuleOption = Annotated[
    Path | None,
    typer.Option(
        "--module",
        help="Module PKCS#11 qui lit la carte (sinon OPALEXE_CERT_PKCS11_MODULE, ou les "
        "emplacements habituels d'OpenSC et des fabricants).",
        metavar="FICHIER",
        show_default=False,
    ),
]


@app.command("certificate")
def certificate(
    ctx: typer.Context,
    file: Annotated[
        Path | None,
        typer.Option(
            "--file",
            help="Lit le certificat dans un fichier (.cer, .crt, .der, .pem, .p12, .pfx) au lieu "
            "de la carte.",
            metavar="FICHIER",
            show_default=False,
        ),
    ] = None,
    module: ModuleOption = None,
    password_file: Annotated[
        Path | None,
        typer.Option(
            "--password-file",
            help="Fichier dont la première ligne est le mot de passe du fichier .p12 ou .pfx "
            "(sinon il est demandé, sans s'afficher).",
            metavar="FICHIER",
            show_default=False,
        ),
    ] = None,
    record: Annotated[
        bool,
        typer.Option(
            "--record",
            help="Enregistre la date d'expiration du certificat (étape « Activation »).",
        ),
    ] = False,
    json_output: Annotated[
        bool, typer.Option("--json", help="Affiche ce qui a été lu au format JSON.")
    ] = False,
    no_input: Annotated[bool, typer.Option("--no-input", help="Ne pose aucune question.")] = False,
) -> None:
    """Lit le certificat livré (carte, clé USB ou fichier), le compare et peut enregistrer
    sa date d'expiration."""
    from opalexe_cert.cli.commands.certificate import certificate as run_certificate

    interactive = _interactive(no_input)
    code = guarded(
        lambda: run_certificate(
            state_path(ctx),
            file=file,
            module=module,
            password_file=password_file,
            record=record,
            json_output=json_output,
            interactive=interactive,
        )
    )
    raise typer.Exit(code)


@app.command("doctor")
def doctor(
    ctx: typer.Context,
    module: ModuleOption = None,
    json_output: Annotated[
        bool, typer.Option("--json", help="Affiche le diagnostic au format JSON.")
    ] = False,
) -> None:
    """Diagnostique pourquoi la carte ne fonctionne pas sur OPALEXE (ne modifie rien)."""
    from opalexe_cert.cli.commands.doctor import doctor as run_doctor

    code = guarded(lambda: run_doctor(state_path(ctx), module=module, json_output=json_output))
    raise typer.Exit(code)


def main() -> NoReturn:
    """Entry point of the ``opalexe-cert`` script."""
    # We use no pydantic plugin: not looking for any spares a scan of every installed
    # package's metadata when the state model is first built (start-up time of ``status``).
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "1")
    from opalexe_cert.cli.french import run
    from opalexe_cert.cli.output import safe_encoding

    safe_encoding()
    run(app)
