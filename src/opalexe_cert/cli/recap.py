"""Writing ``recap.pdf`` for ``print-dossier`` (with the dossier, or alone with ``--recap``)."""

from __future__ import annotations

from pathlib import Path

from opalexe_cert.cli.environment import Environment
from opalexe_cert.domain.errors import InputError, os_reason
from opalexe_cert.domain.state import State


def write_recap(env: Environment, state: State, output: Path, *, alone: bool) -> None:
    """Write ``output/recap.pdf`` and say so; alone, refuse when nothing has started."""
    from opalexe_cert.adapters.atomic import write_bytes
    from opalexe_cert.adapters.documents.recap import (
        FILENAME,
        recap_data,
        render_recap,
        started,
    )

    if not started(state):
        if alone:
            raise InputError(
                "Rien à récapituler pour l'instant. Lancez « opalexe-cert start » pour "
                "commencer, puis recommencez."
            )
        return
    if output.exists() and not output.is_dir():
        raise InputError(f"« {output} » existe déjà et n'est pas un dossier.")
    content = render_recap(recap_data(state, env.today))
    path = output / FILENAME
    try:
        output.mkdir(parents=True, exist_ok=True)
        replaced = path.exists()
        write_bytes(path, content)
    except OSError as exc:
        raise InputError(
            f"Impossible d'écrire {path} : {os_reason(exc)}. Choisissez un autre dossier avec "
            "--output."
        ) from None
    again = " (remplace le fichier précédent)" if replaced else ""
    prefix = "  • " if not alone else "Écrit : "
    env.out.info(f"{prefix}{FILENAME} : récapitulatif de la procédure sur une page{again}")
