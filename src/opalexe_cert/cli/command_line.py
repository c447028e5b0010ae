"""The command tree (typer): parses the options, then hands an action back to ``app.run``.

Each command returns what to do (a function of no argument) instead of doing it, so that the
work runs outside Typer, under ``exit_status.report`` alone (Typer would turn Ctrl-C into a
silent status). Only typer is imported here; each command imports what it needs when it runs,
so that ``--help`` and ``status`` start fast.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any, ParamSpec

import typer

from opalexe_cert import __version__
from opalexe_cert.cli.environment import Environment
from opalexe_cert.cli.french import (
    PROG_NAME,
    SUBCOMMAND_METAVAR,
    FrenchCommand,
    FrenchGroup,
    require_command,
)

Action = Callable[[], "int | None"]


app = typer.Typer(
    name=PROG_NAME,
    cls=FrenchGroup,
    help=(
        "Assistant pour obtenir et renouveler le certificat CertEurope qui donne accès à "
        "OPALEXE, la plateforme d'expertise dématérialisée des juridictions."
    ),
    no_args_is_help=True,
    invoke_without_command=True,
    subcommand_metavar=SUBCOMMAND_METAVAR,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def environment(ctx: typer.Context) -> Environment:
    """The run's ``Environment``, given as the context's object by ``app.run`` (``parse``)."""
    env = ctx.find_object(Environment)
    if env is None:
        raise RuntimeError(
            "opalexe-cert runs through opalexe_cert.cli.app.execute (or parse with an "
            "Environment as obj): there is no ambient environment to fall back on."
        )
    return env


P = ParamSpec("P")


def deferred(command: Callable[P, Action]) -> Callable[P, Action]:
    """The command hands its action back to ``app.run``, which runs it outside Typer (so that
    Ctrl-C and every error go through ``exit_status.report`` alone)."""
    return command


def _version(ctx: typer.Context, value: bool) -> None:
    if value:
        environment(ctx).out.text(f"{PROG_NAME} {__version__}")
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
    require_command(ctx)
    if state is not None:
        ctx.obj = environment(ctx).with_state(state)


@app.command(cls=FrenchCommand)
@deferred
def status(
    ctx: typer.Context,
    json_output: Annotated[
        bool, typer.Option("--json", help="Affiche l'état au format JSON (pour les scripts).")
    ] = False,
) -> Action:
    """Où vous en êtes : les étapes, la prochaine action et les échéances."""
    from opalexe_cert.cli.commands.status import show

    env = environment(ctx)
    return lambda: show(env, json_output=json_output)


@app.command(cls=FrenchCommand)
@deferred
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
            help="N'utilise pas le réseau (pas de vérification du SIREN dans la base SIRENE ; "
            "aussi OPALEXE_CERT_OFFLINE=1).",
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
) -> Action:
    """L'assistant : reprend à l'étape en cours, explique, demande et enregistre."""
    from opalexe_cert.cli.commands.start import start as run_start

    env = environment(ctx)
    if offline:
        env = env.replace(offline=True)
    return lambda: run_start(
        env, answers_file=answers, interactive=env.interactive(no_input=no_input), step_id=step
    )


@app.command(cls=FrenchCommand)
@deferred
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
) -> Action:
    """Commence le renouvellement une fois le certificat activé (l'historique est conservé)."""
    from opalexe_cert.cli.commands.start import renew as run_renew

    env = environment(ctx)
    interactive = env.interactive(no_input=no_input)
    return lambda: run_renew(env, force=force, cancel=cancel, interactive=interactive)


@app.command(cls=FrenchCommand)
@deferred
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
) -> Action:
    """Exporte les échéances dans un fichier .ics à importer dans votre agenda."""
    from opalexe_cert.cli.commands.calendar import calendar as run_calendar

    env = environment(ctx)
    return lambda: run_calendar(env, output)


@app.command("print-dossier", cls=FrenchCommand)
@deferred
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
) -> Action:
    """Prépare les PDF du dossier : lettres, attestation, bordereau, étiquettes."""
    from opalexe_cert.cli.commands.print_dossier import print_dossier as run_print

    env = environment(ctx)
    return lambda: run_print(env, output, interactive=env.interactive(no_input=no_input))


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


@app.command("certificate", cls=FrenchCommand)
@deferred
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
) -> Action:
    """Lit le certificat livré (carte, clé USB ou fichier), le compare et peut enregistrer
    sa date d'expiration."""
    from opalexe_cert.cli.commands.certificate import certificate as run_certificate

    env = environment(ctx)
    return lambda: run_certificate(
        env,
        file=file,
        module=module,
        password_file=password_file,
        record=record,
        json_output=json_output,
        interactive=env.interactive(no_input=no_input),
    )


@app.command("doctor", cls=FrenchCommand)
@deferred
def doctor(
    ctx: typer.Context,
    module: ModuleOption = None,
    json_output: Annotated[
        bool, typer.Option("--json", help="Affiche le diagnostic au format JSON.")
    ] = False,
) -> Action:
    """Diagnostique pourquoi la carte ne fonctionne pas sur OPALEXE (ne modifie rien)."""
    from opalexe_cert.cli.commands.doctor import doctor as run_doctor

    env = environment(ctx)
    return lambda: run_doctor(env, module=module, json_output=json_output)


def parse(args: Sequence[str], env: Environment) -> Any:
    """Parse ``args``: the command's action, or an exit status (``--help``, ``--version``).

    Usage errors are raised (``standalone_mode=False``), for ``exit_status.report``.
    """
    from typer.main import get_command

    command = get_command(app)
    return command.main(
        args=list(args),
        prog_name=PROG_NAME,
        standalone_mode=False,
        obj=env,
    )
