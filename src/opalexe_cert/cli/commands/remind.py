"""``opalexe-cert remind``: the actions due, one line each, for cron, launchd and schtasks.

It reads the state without taking its lock (the file is always replaced whole, never written
in place), so a wizard left open in another window keeps it. The exit status says what is due:
0 nothing, 10 soon, 11 overdue.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from opalexe_cert.adapters.mail import send
from opalexe_cert.adapters.store import load, writer
from opalexe_cert.cli.environment import SMTP_PASSWORD_FILE_ENV, SMTP_URL_ENV, Environment
from opalexe_cert.cli.exit_status import ExitStatus
from opalexe_cert.domain.dates import format_date
from opalexe_cert.domain.errors import InputError, StateLockedError
from opalexe_cert.domain.facts import cycle_facts
from opalexe_cert.domain.procedure import field
from opalexe_cert.domain.reminders import Reminder, check_within, reminders
from opalexe_cert.domain.state import State
from opalexe_cert.domain.typography import french
from opalexe_cert.domain.vocabulary import StepId

if TYPE_CHECKING:
    from email.message import EmailMessage

EMAIL_KEY = field(StepId.PROFILE, "email").key


def exit_status(found: list[Reminder]) -> ExitStatus:
    """11 when something is overdue, 10 when something is due soon, else 0."""
    if any(r.level == "overdue" for r in found):
        return ExitStatus.OVERDUE
    return ExitStatus.DUE_SOON if found else ExitStatus.SUCCESS


def remind_data(found: list[Reminder], env: Environment, alarms: tuple[int, ...]) -> Any:
    """What ``remind --json`` prints (keys in English, messages in French)."""
    return {
        "today": env.today.isoformat(),
        "alarms": list(alarms),
        "exit_status": int(exit_status(found)),
        "due": [
            {
                "key": r.key,
                "deadline": r.deadline.id,
                "title": r.deadline.title,
                "level": r.level,
                "due_on": r.due.isoformat(),
                "days_left": r.days_left,
                "threshold_days": r.threshold,
                "message": r.message,
            }
            for r in found
        ],
    }


def remind(
    env: Environment,
    *,
    alarms: tuple[int, ...],
    within: int | None,
    json_output: bool,
    email: bool = False,
    eml: Path | None = None,
    interactive: bool = False,
) -> int:
    """Print the actions due (nothing when none is), e-mail them if asked, and return the
    exit status (an e-mail that could not be sent is an error: 1)."""
    if email:
        _check_mail_setup(env, eml)
    state = load(env.state_path)  # never locks, never creates: a missing state is empty
    found = reminders(state, env.today, alarms=alarms, within=check_within(within))
    data = remind_data(found, env, alarms)
    if not json_output:
        for reminder in found:
            env.out.info(reminder.message)
    if email and found:
        data["email"] = _email(env, state, found, eml, interactive, quiet=json_output)
    if json_output:
        env.out.text(json.dumps(data, ensure_ascii=False, indent=2))
    return int(exit_status(found))


def _check_mail_setup(env: Environment, eml: Path | None) -> None:
    """``--email`` needs somewhere to go, checked before anything is due (a scheduled task
    would otherwise hide a bad setting until the first reminder)."""
    if eml is not None:
        if not eml.is_dir():
            raise InputError(
                f"Le dossier {eml} n'existe pas (ou n'est pas un dossier) : créez-le, ou "
                "indiquez-en un autre avec --eml."
            )
        return
    if env.smtp is None:
        raise InputError(
            "--email a besoin d'un moyen d'envoi : indiquez un dossier où écrire les "
            "brouillons avec --eml DOSSIER, ou le serveur d'envoi de votre messagerie dans "
            f"{SMTP_URL_ENV} (par exemple smtps://vous@smtp.exemple.fr:465)."
        )


def _address(state: State) -> str:
    address = cycle_facts(state).email or next(
        (a for c in reversed(state.history) if isinstance(a := c.answers.get(EMAIL_KEY), str)),
        None,
    )
    if address is None:
        raise InputError(
            "Aucune adresse électronique n'est enregistrée : indiquez-la avec "
            "« opalexe-cert start --step profile », puis recommencez."
        )
    return address


def _mail(env: Environment, address: str, reminder: Reminder, *, draft: bool) -> EmailMessage:
    from opalexe_cert.adapters.mail import message

    late = reminder.level == "overdue"
    subject = (
        f"OPALEXE : en retard, {reminder.deadline.title.lower()}"
        if late
        else f"OPALEXE : {reminder.deadline.title.lower()}, échéance le {format_date(reminder.due)}"
    )
    body = (
        "Bonjour,\n\n"
        f"{reminder.message}\n\n"
        "Pour voir où vous en êtes : « opalexe-cert status ».\n\n"
        + (
            "Ce rappel a été préparé par opalexe-cert, sur votre ordinateur, pour l'adresse "
            "enregistrée dans votre dossier.\n"
            if draft
            else "Ce rappel vous est envoyé par opalexe-cert, depuis votre ordinateur, à "
            "l'adresse enregistrée dans votre dossier. Il n'est envoyé qu'une fois pour cette "
            "échéance et ce seuil.\n"
        )
    )
    return message(
        sender=address,
        to=address,
        subject=french(subject),
        body=french(body),
        when=env.now,
        draft=draft,
    )


def _email(
    env: Environment,
    state: State,
    found: list[Reminder],
    eml: Path | None,
    interactive: bool,
    *,
    quiet: bool,
) -> dict[str, list[str]]:
    """Write the drafts, or send what was not sent yet; what happened, for ``--json``."""
    address = _address(state)
    say = (lambda _m: None) if quiet else env.out.info
    if eml is not None:
        from opalexe_cert.adapters.mail import write_draft

        paths = [
            str(
                write_draft(
                    eml, "rappel-" + r.key.replace("/", "-"), _mail(env, address, r, draft=True)
                )
            )
            for r in found
        ]
        for path in paths:
            say(f"Brouillon écrit : {path} (à ouvrir dans votre messagerie, rien n'a été envoyé).")
        return {"drafts": paths, "sent": [], "already_sent": []}
    assert env.smtp is not None
    todo = [r for r in found if r.key not in state.reminders]
    already = [r.key for r in found if r.key in state.reminders]
    if not todo:
        say(
            "Ce rappel a déjà été envoyé par courriel : rien de nouveau à envoyer."
            if len(already) == 1
            else "Ces rappels ont déjà été envoyés par courriel : rien de nouveau à envoyer."
        )
        return {"drafts": [], "sent": [], "already_sent": already}
    password = _password(env, interactive) if env.smtp.user else None
    sent: list[str] = []
    try:
        with writer(env.state_path) as session:
            todo = [r for r in todo if r.key not in session.state.reminders]  # sent meanwhile
            mails = [_mail(env, address, r, draft=False) for r in todo]

            def accepted(index: int) -> None:
                key = todo[index].key
                record = session.state.reminders | {key: env.now}
                session.save(session.state.model_copy(update={"reminders": record}))
                sent.append(key)
                say(f"Courriel envoyé à {address} : {mails[index]['Subject']}")

            send(env.smtp, password, mails, accepted)
    except StateLockedError:
        env.out.warn(
            "une autre session d'opalexe-cert est ouverte (un assistant, peut-être) : les "
            "courriels seront envoyés à la prochaine exécution de « opalexe-cert remind »."
        )
    return {"drafts": [], "sent": sent, "already_sent": already}


def _password(env: Environment, interactive: bool) -> str:
    """The SMTP password: the first line of ``OPALEXE_CERT_SMTP_PASSWORD_FILE``, or typed
    without echo; used once, never stored nor shown."""
    from opalexe_cert.cli.certificate_reading import password

    if env.smtp_password_file is not None:
        found = password(env.smtp_password_file, False)
        assert found is not None
        return found
    if not interactive:
        raise InputError(
            "Le mot de passe du serveur d'envoi est nécessaire : indiquez le fichier qui le "
            f"contient avec {SMTP_PASSWORD_FILE_ENV} (une tâche planifiée ne peut pas le "
            "demander), ou lancez la commande dans un terminal."
        )
    import getpass

    assert env.smtp is not None
    try:
        return getpass.getpass(french(f"Mot de passe de {env.smtp.shown} (il ne s'affiche pas) : "))
    except EOFError:
        raise KeyboardInterrupt from None
