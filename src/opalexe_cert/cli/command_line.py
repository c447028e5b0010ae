"""The command tree (typer): parses the options, then hands an action back to ``app.run``.

Each command returns what to do (a function of no argument) instead of doing it, so that the
work runs outside Typer, under ``exit_status.report`` alone (Typer would turn Ctrl-C into a
silent status). Only typer is imported here; each command imports what it needs when it runs,
so that ``--help`` and ``status`` start fast.
"""

from __future__ import annotations

import functools
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
            readable=False,  # the command says why in French, not click
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
            readable=False,  # the command says why in French, not click
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
        env = env.replace(offline=True, offline_option=True)
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


AlarmsOption = Annotated[
    str | None,
    typer.Option(
        "--alarms",
        help="Seuils de rappel, en jours avant l'échéance, séparés par des virgules "
        "(par défaut : 365,90,30,7).",
        metavar="JOURS",
        show_default=False,
    ),
]


def _alarms(text: str | None) -> tuple[int, ...]:
    from opalexe_cert.domain.reminders import DEFAULT_ALARMS, parse_alarms

    return DEFAULT_ALARMS if text is None else parse_alarms(text)


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
            readable=False,  # written, not read: the command says why it cannot be
        ),
    ] = Path("opalexe-echeances.ics"),
    alarms: AlarmsOption = None,
) -> Action:
    """Exporte les échéances dans un fichier .ics à importer dans votre agenda."""
    from opalexe_cert.cli.commands.calendar import calendar as run_calendar

    env = environment(ctx)
    return lambda: run_calendar(env, output, _alarms(alarms))


@app.command(cls=FrenchCommand)
@deferred
def remind(
    ctx: typer.Context,
    within: Annotated[
        int | None,
        typer.Option(
            "--within",
            help="Signale ce qui arrive à échéance dans ce nombre de jours (par défaut : dès le "
            "premier seuil de rappel atteint).",
            metavar="JOURS",
            show_default=False,
        ),
    ] = None,
    alarms: AlarmsOption = None,
    json_output: Annotated[
        bool, typer.Option("--json", help="Affiche les rappels au format JSON.")
    ] = False,
    email: Annotated[
        bool,
        typer.Option(
            "--email",
            help="Envoie chaque rappel par courriel à votre adresse enregistrée, par le serveur "
            "indiqué dans OPALEXE_CERT_SMTP_URL (une seule fois par échéance et par seuil).",
        ),
    ] = False,
    eml: Annotated[
        Path | None,
        typer.Option(
            "--eml",
            help="Écrit les courriels dans ce dossier, en brouillons .eml à ouvrir dans votre "
            "messagerie, au lieu de les envoyer.",
            metavar="DOSSIER",
            show_default=False,
        ),
    ] = None,
    no_input: Annotated[
        bool, typer.Option("--no-input", help="Ne pose aucune question (ni mot de passe).")
    ] = False,
    schedule: Annotated[
        bool,
        typer.Option(
            "--schedule",
            help="Affiche la ligne à ajouter au planificateur de votre système (cron, ou "
            "Planificateur de tâches de Windows) pour un rappel chaque jour ; n'installe rien.",
        ),
    ] = False,
) -> Action:
    """Rappels : une ligne par action à faire bientôt ou en retard (pour cron et les tâches
    planifiées ; code de sortie 0, 10 ou 11)."""
    from opalexe_cert.cli.commands.remind import remind as run_remind

    env = environment(ctx)
    if schedule:
        from opalexe_cert.cli.schedule import schedule as plan
        from opalexe_cert.cli.schedule import show, task_arguments

        args = task_arguments(env, email=email, eml=eml, alarms=alarms, within=within)
        _alarms(alarms)  # checked before it is written in the line
        return lambda: show(env, plan(env, args))
    return lambda: run_remind(
        env,
        alarms=_alarms(alarms),
        within=within,
        json_output=json_output,
        email=email or eml is not None,
        eml=eml,
        interactive=env.interactive(no_input=no_input),
    )


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
            readable=False,  # written, not read: the command says why it cannot be
        ),
    ] = Path("dossier-opalexe"),
    no_input: Annotated[
        bool,
        typer.Option("--no-input", help="Ne pose aucune question (ni adresse, ni confirmation)."),
    ] = False,
    recap: Annotated[
        bool,
        typer.Option("--recap", help="Écrit seulement recap.pdf, la procédure sur une page."),
    ] = False,
) -> Action:
    """Prépare les PDF du dossier : lettres, attestation, bordereau, étiquettes, récapitulatif."""
    from opalexe_cert.cli.commands.print_dossier import print_dossier as run_print

    env = environment(ctx)
    return lambda: run_print(
        env, output, interactive=env.interactive(no_input=no_input), recap_only=recap
    )


ModuleOption = Annotated[
    Path | None,
    typer.Option(
        "--module",
        help="Module PKCS#11 qui lit la carte (sinon OPALEXE_CERT_PKCS11_MODULE, ou les "
        "emplacements habituels d'OpenSC et des fabricants).",
        metavar="FICHIER",
        readable=False,  # the command says why in French, not click
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
            readable=False,  # the command says why in French, not click
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
            readable=False,  # the command says why in French, not click
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
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Avec --record : enregistre sans confirmation une durée de validité "
            "inhabituelle (hors de 1 à 4 ans).",
        ),
    ] = False,
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
        force=force,
    )


@app.command("doctor", cls=FrenchCommand)
@deferred
def doctor(
    ctx: typer.Context,
    module: ModuleOption = None,
    json_output: Annotated[
        bool, typer.Option("--json", help="Affiche le diagnostic au format JSON.")
    ] = False,
    report: Annotated[
        bool,
        typer.Option(
            "--rapport",
            help="Affiche un rapport à joindre à un courriel au support (sans votre nom).",
        ),
    ] = False,
    nominative: Annotated[
        bool,
        typer.Option("--nominatif", help="Avec --rapport : y laisse votre nom et votre SIREN."),
    ] = False,
) -> Action:
    """Diagnostique pourquoi la carte ne fonctionne pas sur OPALEXE (ne modifie rien)."""
    from opalexe_cert.cli.commands.doctor import doctor as run_doctor

    env = environment(ctx)
    return lambda: run_doctor(
        env, module=module, json_output=json_output, report=report, nominative=nominative
    )


# --- compagnie: the President and the secretariat follow every member ---------------------------

compagnie_app = typer.Typer(
    cls=FrenchGroup,
    help="Pour la compagnie : les certificats des membres, les attestations à signer, "
    "l'agenda et le bilan.",
    no_args_is_help=True,
    subcommand_metavar=SUBCOMMAND_METAVAR,
    rich_markup_mode=None,
)
app.add_typer(compagnie_app, name="compagnie")

RosterOption = Annotated[
    Path,
    typer.Option(
        "--roster",
        help="Liste des membres : fichier .csv, .xlsx ou .ods (voir le README).",
        metavar="FICHIER",
        show_default=False,
    ),
]
StatusDirOption = Annotated[
    Path | None,
    typer.Option(
        "--status-dir",
        help="Dossier des exports « opalexe-cert status --json » envoyés par les membres.",
        metavar="DOSSIER",
        show_default=False,
    ),
]
CompagnieOption = Annotated[
    Path | None,
    typer.Option(
        "--compagnie",
        help="Fichier JSON décrivant la compagnie avec les clés du profil (voir le README) ; "
        "sinon ACSO.",
        metavar="FICHIER",
        show_default=False,
    ),
]


@compagnie_app.command("status", cls=FrenchCommand)
@deferred
def compagnie_status(
    ctx: typer.Context,
    roster: RosterOption,
    status_dir: StatusDirOption = None,
    compagnie: CompagnieOption = None,
    json_output: Annotated[
        bool, typer.Option("--json", help="Affiche le tableau au format JSON (pour les scripts).")
    ] = False,
    csv_output: Annotated[
        Path | None,
        typer.Option(
            "--csv",
            help="Écrit aussi le tableau dans un fichier .csv pour Excel ou LibreOffice.",
            metavar="FICHIER",
            show_default=False,
        ),
    ] = None,
) -> Action:
    """Chaque membre : état du certificat, étape, fin d'inscription, ce qu'il faut faire."""
    from opalexe_cert.cli.commands import compagnie as run

    env = environment(ctx)
    return lambda: run.status(
        env,
        roster=roster,
        status_dir=status_dir,
        compagnie=compagnie,
        json_output=json_output,
        csv_output=csv_output,
    )


OutputDirOption = Annotated[
    Path,
    typer.Option(
        "--output", "-o", help="Dossier où écrire les PDF (créé au besoin).", metavar="DOSSIER"
    ),
]


@compagnie_app.command("attestations", cls=FrenchCommand)
@deferred
def compagnie_attestations(
    ctx: typer.Context,
    roster: RosterOption,
    output: OutputDirOption = Path("attestations"),
    siren: Annotated[
        list[str] | None,
        typer.Option(
            "--siren",
            help="Seulement ce membre (option répétable).",
            metavar="SIREN",
            show_default=False,
        ),
    ] = None,
    due: Annotated[
        bool,
        typer.Option(
            "--due", help="Seulement les membres dont le renouvellement est ouvert ou dépassé."
        ),
    ] = False,
    status_dir: StatusDirOption = None,
    compagnie: CompagnieOption = None,
) -> Action:
    """Les attestations d'appartenance à signer : une par membre, plus un PDF commun."""
    from opalexe_cert.cli.commands import compagnie as run

    env = environment(ctx)
    return lambda: run.attestations(
        env,
        roster=roster,
        status_dir=status_dir,
        compagnie=compagnie,
        output=output,
        sirens=siren or [],
        due=due,
    )


@compagnie_app.command("calendar", cls=FrenchCommand)
@deferred
def compagnie_calendar(
    ctx: typer.Context,
    roster: RosterOption,
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="Fichier .ics à écrire.", metavar="FICHIER"),
    ] = Path("compagnie-echeances.ics"),
    status_dir: StatusDirOption = None,
    compagnie: CompagnieOption = None,
) -> Action:
    """L'agenda du secrétariat : renouvellements et réinscriptions des membres (.ics)."""
    from opalexe_cert.cli.commands import compagnie as run

    env = environment(ctx)
    return lambda: run.calendar(
        env, roster=roster, status_dir=status_dir, compagnie=compagnie, output=output
    )


@compagnie_app.command("report", cls=FrenchCommand)
@deferred
def compagnie_report(
    ctx: typer.Context,
    roster: RosterOption,
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="Fichier PDF à écrire.", metavar="FICHIER"),
    ] = Path("bilan-compagnie.pdf"),
    status_dir: StatusDirOption = None,
    compagnie: CompagnieOption = None,
) -> Action:
    """Le bilan d'une page pour la présidence : états, expirations par trimestre, membres."""
    from opalexe_cert.cli.commands import compagnie as run

    env = environment(ctx)
    return lambda: run.report(
        env, roster=roster, status_dir=status_dir, compagnie=compagnie, output=output
    )


PATH_OPTIONS = frozenset(
    {"--state", "--answers", "--file", "--module", "--password-file", "--output", "-o", "--eml",
     "--roster", "--status-dir", "--compagnie", "--csv"}
)  # fmt: skip


def _refuse_empty_paths(args: Sequence[str]) -> None:
    """An empty path (``--state ""``) would be read as the current folder: refuse it, named."""
    from opalexe_cert.domain.errors import InputError

    for index, arg in enumerate(args):
        name, equals, value = arg.partition("=")
        given = value if equals else (args[index + 1] if index + 1 < len(args) else None)
        if name in PATH_OPTIONS and given is not None and not given.strip():
            raise InputError(
                f"L'option {name} a reçu un chemin vide : indiquez le fichier ou le dossier voulu."
            )


@functools.cache
def _command() -> FrenchGroup:
    """The Click command Typer makes from ``app`` (each function's signature read, its
    annotations evaluated: about 8 ms), made once: every run parses in a new context of its
    own, so in-process runs (the tests: some 800) share it."""
    from typer.main import get_command

    command = get_command(app)
    assert isinstance(command, FrenchGroup)  # ``app``'s ``cls``
    return command


def parse(args: Sequence[str], env: Environment) -> Any:
    """Parse ``args``: the command's action, or an exit status (``--help``, ``--version``).

    Usage errors are raised (``standalone_mode=False``), for ``exit_status.report``.
    """
    _refuse_empty_paths(args)
    return _command().main(
        args=list(args),
        prog_name=PROG_NAME,
        standalone_mode=False,
        obj=env,
    )
