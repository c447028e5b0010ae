"""``opalexe-cert calendar``: the deadlines as an ``.ics`` file for the expert's calendar."""

from __future__ import annotations

from pathlib import Path

from opalexe_cert.adapters.atomic import write_bytes
from opalexe_cert.adapters.calendar_ics import export
from opalexe_cert.adapters.store import load, target, writer
from opalexe_cert.cli.environment import Environment
from opalexe_cert.domain.errors import InputError, OpalexeError, StateLockedError, os_reason
from opalexe_cert.domain.procedure import step
from opalexe_cert.domain.reminders import DEFAULT_ALARMS
from opalexe_cert.domain.vocabulary import StepId

DEFAULT_OUTPUT = Path("opalexe-echeances.ics")


def calendar(env: Environment, output: Path, alarms: tuple[int, ...] = DEFAULT_ALARMS) -> None:
    """Export every known deadline; refuse (exit 2, like renew too early) when none is known.

    The state keeps the calendar's identifier and what each event said (to raise its
    SEQUENCE when it changes): it is saved after the file is written.
    """
    if not env.state_path.exists():  # nothing to lock, nothing to create: nothing started
        raise _nothing_yet()
    seed = str(target(env.state_path))  # the calendar's id, until one is recorded
    try:
        with writer(env.state_path) as session:
            content, count, stamped = export(session.state, env.today, env.now, alarms, seed)
            if count == 0:
                raise _nothing_yet()
            replaced = _write(output, content)
            session.save(stamped)
        locked = False
    except StateLockedError:
        # Another session (a wizard left open) holds the state: exporting only reads it.
        content, count, _ = export(load(env.state_path), env.today, env.now, alarms, seed)
        if count == 0:
            raise _nothing_yet() from None
        replaced = _write(output, content)
        locked = True
    plural = "s" if count > 1 else ""
    env.out.info(f"{count} échéance{plural} exportée{plural} dans {output}.")
    if replaced:
        env.out.info(f"Le fichier {output} existait déjà : il a été remplacé.")
    if locked:
        env.out.info(
            "Une autre session d'opalexe-cert tient le fichier d'état (un assistant resté "
            "ouvert dans une autre fenêtre, peut-être) ; l'export l'a seulement lu, sans rien "
            "y modifier."
        )
    env.out.info(
        "Importez ce fichier dans votre agenda (Outlook, Google Agenda, Calendrier…) ; les "
        "rappels sonnent à 9 h. Après chaque étape, exportez-le de nouveau et réimportez-le : "
        "les événements sont mis à jour, pas dupliqués."
    )


def _nothing_yet() -> InputError:
    return InputError(
        "Aucune échéance à exporter pour l'instant. Elles commencent avec l'étape "
        f"« {step(StepId.ACCOUNT).title} » : lancez « opalexe-cert start » pour avancer, "
        "puis recommencez."
    )


def _write(output: Path, content: bytes) -> bool:
    """Write atomically; return whether an existing file was replaced."""
    if output.is_dir():
        raise InputError(
            f"{output} est un dossier : indiquez un nom de fichier, par exemple "
            f"{output / DEFAULT_OUTPUT}."
        )
    directory = output.parent
    if not directory.is_dir():
        raise InputError(
            f"Le dossier {directory} n'existe pas : créez-le ou choisissez un "
            "autre emplacement avec --output."
        )
    replaced = output.exists()
    try:
        write_bytes(output, content)
    except OSError as exc:
        raise _unwritable(output, exc) from None
    return replaced


def _unwritable(output: Path, exc: OSError) -> OpalexeError:
    return OpalexeError(
        f"Impossible d'écrire {output} : {os_reason(exc)}. Choisissez un autre "
        "emplacement avec --output."
    )
