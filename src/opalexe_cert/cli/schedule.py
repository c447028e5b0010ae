"""``remind --schedule``: the exact line that runs ``remind`` every day, for the system at hand.

A crontab line on Linux and macOS, a ``schtasks`` command on Windows, with the full path of the
installed program and the settings the task needs (a scheduled task does not see the
variables of the expert's shell). Nothing is installed: the expert copies the line, after
reading what it does, in French.
"""

from __future__ import annotations

import shlex
import sys
from dataclasses import dataclass, field
from pathlib import Path

from opalexe_cert.cli.environment import (
    SMTP_PASSWORD_FILE_ENV,
    SMTP_URL_ENV,
    STATE_ENV,
    Environment,
)

TASK_NAME = "opalexe-cert rappels"
HOUR = 9


@dataclass(frozen=True)
class Schedule:
    """What to add, and what it does: the explanation (paragraphs), the settings to record
    first (commands, Windows only), the line, and what to know after."""

    line: str
    before: list[str]
    after: list[str]
    setup: list[str] = field(default_factory=list)


def program(platform: str = sys.platform) -> str:
    """The installed program's full path: the console script that is running, else the one
    next to this Python (pipx and virtual environments put it there)."""
    exe = ".exe" if platform == "win32" else ""
    running = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if running is not None and running.name.lower() in ("opalexe-cert", "opalexe-cert.exe"):
        return str(running.resolve())
    return str(Path(sys.executable).with_name(f"opalexe-cert{exe}"))


def task_arguments(
    env: Environment,
    *,
    email: bool,
    eml: Path | None,
    alarms: str | None,
    within: int | None,
) -> list[str]:
    """The options of the scheduled ``remind``: e-mail when asked or when a server is set."""
    args = ["remind"]
    if alarms is not None:
        args += ["--alarms", alarms]
    if within is not None:
        args += ["--within", str(within)]
    if eml is not None:
        args += ["--eml", str(eml.expanduser().resolve())]
    elif email or env.smtp is not None:
        args.append("--email")
    return [*args, "--no-input"]


def settings(env: Environment, args: list[str]) -> dict[str, str]:
    """The variables the task needs: its state file if not the default, and the SMTP ones."""
    found: dict[str, str] = {}
    if env.state is not None:
        found[STATE_ENV] = str(env.state.expanduser().resolve())
    if "--email" in args and env.smtp is not None:
        found[SMTP_URL_ENV] = env.smtp.shown
        if env.smtp_password_file is not None:
            found[SMTP_PASSWORD_FILE_ENV] = str(env.smtp_password_file.expanduser().resolve())
    return found


def schedule(env: Environment, args: list[str], platform: str = sys.platform) -> Schedule:
    """The line for ``platform`` and its explanation."""
    exe = program(platform)
    variables = settings(env, args)
    if platform == "win32":
        return _windows(exe, args, variables)
    return _cron(exe, args, variables, platform)


def _what(args: list[str]) -> str:
    if "--eml" in args:
        folder = args[args.index("--eml") + 1]
        return (
            f"écrit chaque rappel en brouillon de courriel dans {folder} (à ouvrir dans votre "
            "messagerie)"
        )
    if "--email" in args:
        return (
            "vous envoie chaque rappel par courriel, une seule fois par échéance et par seuil "
            "de rappel"
        )
    return "affiche les rappels, que le planificateur vous transmet selon sa configuration"


def _caveats(args: list[str], variables: dict[str, str]) -> list[str]:
    notes = []
    if "--email" in args and SMTP_URL_ENV not in variables:
        notes.append(
            f"Aucun serveur d'envoi n'est réglé ({SMTP_URL_ENV}) : la tâche échouera tant "
            "qu'il ne l'est pas. Réglez-le, puis relancez « opalexe-cert remind --schedule »."
        )
    user = SMTP_URL_ENV in variables and "@" in variables[SMTP_URL_ENV].split("//")[1]
    if user and SMTP_PASSWORD_FILE_ENV not in variables:
        notes.append(
            "Une tâche planifiée ne peut pas demander le mot de passe du serveur d'envoi : "
            f"mettez-le dans un fichier lisible par vous seul, indiquez ce fichier dans "
            f"{SMTP_PASSWORD_FILE_ENV}, puis relancez « opalexe-cert remind --schedule »."
        )
    if "--email" not in args and "--eml" not in args:
        notes.append(
            "Pour recevoir les rappels par courriel, réglez d'abord le serveur d'envoi de votre "
            f"messagerie dans {SMTP_URL_ENV} (voir le README), puis relancez "
            "« opalexe-cert remind --schedule »."
        )
    return notes


def _cron(exe: str, args: list[str], variables: dict[str, str], platform: str) -> Schedule:
    words = [f"{k}={shlex.quote(v)}" for k, v in variables.items()]
    words += [shlex.quote(exe), *(shlex.quote(a) for a in args)]
    command = " ".join(words).replace("%", "\\%")  # cron turns a bare % into a new line
    line = f"0 {HOUR} * * * {command}"
    system = "macOS" if platform == "darwin" else "Linux"
    before = [
        f"Sur {system}, le planificateur cron lance opalexe-cert chaque jour à {HOUR} h : la "
        f"commande {_what(args)}. Pour l'ajouter, tapez « crontab -e », collez la ligne "
        "ci-dessous à la fin du fichier, enregistrez et quittez. Rien n'a été installé.",
    ]
    after = [
        "Si l'ordinateur est éteint à cette heure-là, le rappel attend le lendemain : un "
        "rappel déjà envoyé ne l'est pas de nouveau. Pour retirer la tâche : « crontab -e », "
        "puis supprimez la ligne.",
        *_caveats(args, variables),
    ]
    return Schedule(line, before, after)


def show(env: Environment, found: Schedule) -> None:
    """Print the explanation, the commands to copy (whole lines, never wrapped), the rest."""
    for paragraph in found.before:
        env.out.info(paragraph)
    env.out.text("")
    for command in [*found.setup, found.line]:
        env.out.text(command)
    env.out.text("")
    for paragraph in found.after:
        env.out.info(paragraph)


def _windows(exe: str, args: list[str], variables: dict[str, str]) -> Schedule:
    inner = " ".join([f'\\"{exe}\\"', *args])
    line = f'schtasks /Create /SC DAILY /ST {HOUR:02d}:00 /TN "{TASK_NAME}" /TR "{inner}" /F'
    setx = [f'setx {k} "{v}"' for k, v in variables.items()]
    before = [
        f"Sur Windows, le Planificateur de tâches lance opalexe-cert chaque jour à {HOUR} h : "
        f"la commande {_what(args)}. Pour l'ajouter, collez la commande ci-dessous dans une "
        "invite de commandes (cmd), puis validez. Rien n'a été installé.",
    ]
    if setx:
        before.append(
            "La tâche ne voit pas les réglages de votre fenêtre : enregistrez-les d'abord pour "
            "votre compte, une fois, avec les commandes « setx » ci-dessous."
        )
    after = [
        "Si l'ordinateur est éteint à cette heure-là, le rappel attend le lendemain : un "
        "rappel déjà envoyé ne l'est pas de nouveau. Pour retirer la tâche : "
        f'« schtasks /Delete /TN "{TASK_NAME}" ».',
        *_caveats(args, variables),
    ]
    return Schedule(line, before, after, setx)
