"""The state file: where it lives, how it is read, and how it is written without loss.

As certbot does for its renewal configuration: atomic writes (a temporary file in the same
directory, fsync, ``os.replace``), owner-only permissions, a lock against two writers, and a
file that cannot be read is reported and left exactly as it is.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from pathlib import Path

from pydantic import ValidationError

from opalexe_cert.adapters.atomic import check_regular, read_bytes, remove_stale, write_bytes
from opalexe_cert.domain.errors import StateError, StateLockedError, os_reason
from opalexe_cert.domain.identity import Identity
from opalexe_cert.domain.state import SCHEMA_VERSION, BadAnswer, Cycle, State

APP_NAME = "opalexe-cert"
MAX_STATE_BYTES = 4 * 1024 * 1024
"""A state is a few kilobytes; a larger file was not written by opalexe-cert."""


def default_path() -> Path:
    """``state.json`` in the user's data directory (platformdirs)."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / "state.json"


def _unreadable(path: Path, why: str) -> StateError:
    return StateError(
        path,
        f"Le fichier d'état {path} est illisible : {why}.\n"
        "Il n'a pas été modifié. Restaurez-en une sauvegarde, ou déplacez-le ailleurs pour "
        "repartir de zéro (vos réponses précédentes y restent lisibles).",
    )


def load(path: Path) -> State:
    """Read the state; a missing file is an empty state, an unreadable one a ``StateError``.

    Nothing read is trusted: the file must be a regular file of at most ``MAX_STATE_BYTES``,
    its format version exactly one this version knows, and every value valid (a hand-edited
    date, number or name is refused with the key that holds it).
    """
    try:
        raw = read_bytes(path, limit=MAX_STATE_BYTES)
    except FileNotFoundError:
        # The model's own defaults, nothing read: made without building the state's, the
        # cycle's or the holder's validator (pydantic's first validator also imports
        # ``importlib.metadata`` for its plugins), about 20 ms before the wizard's first
        # question; the first save or read builds them.
        return State.model_construct(
            _fields_set=set(), cycle=Cycle.model_construct(), holder=Identity.model_construct()
        )
    except OSError as exc:
        raise _unreadable(path, os_reason(exc)) from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise _unreadable(
            path, "ce n'est pas un fichier JSON complet (fichier tronqué ?)"
        ) from None
    except RecursionError:
        raise _unreadable(path, "son contenu est imbriqué trop profondément") from None
    except ValueError:  # an integer of thousands of digits (Python's int-string limit)
        raise _unreadable(path, "il contient un nombre démesuré") from None
    if not isinstance(data, dict):
        raise _unreadable(path, "son contenu n'a pas la forme attendue")
    version = data.get("schema_version")
    if type(version) is int and version > SCHEMA_VERSION:
        raise StateError(
            path,
            f"Le fichier d'état {path} a été écrit par une version plus récente d'opalexe-cert "
            f"(format {version}, cette version lit le format {SCHEMA_VERSION}).\n"
            "Il n'a pas été modifié. Mettez opalexe-cert à jour pour continuer.",
        )
    if type(version) is not int or version != SCHEMA_VERSION:
        raise _unreadable(
            path, f"son numéro de format (« schema_version ») n'est pas {SCHEMA_VERSION}"
        )
    try:
        return State.model_validate(data)
    except ValidationError as exc:
        raise _unreadable(path, _why(exc)) from None
    except RecursionError:
        raise _unreadable(path, "son contenu est imbriqué trop profondément") from None


_REASONS = {
    "extra_forbidden": "cette clé est inconnue",
    "missing": "elle manque",
    "literal_error": "ce n'est pas une des valeurs possibles",
    "int_type": "un nombre entier est attendu",
    "bool_type": "true ou false est attendu",
    "string_type": "un texte est attendu",
    "dict_type": "un objet JSON {…} est attendu",
    "list_type": "une liste JSON […] est attendue",
    "tuple_type": "une liste JSON […] est attendue",
    "greater_than_equal": "le nombre est trop petit",
    "less_than_equal": "le nombre est trop grand",
}


def _why(exc: ValidationError) -> str:
    """« la valeur « cycle.answers.profile.date » est invalide : … », naming the key."""
    first = exc.errors()[0]
    parts = [str(p) for p in first["loc"]]
    error = first.get("ctx", {}).get("error")
    if isinstance(error, BadAnswer):
        parts, reason = [*parts, error.key], error.reason
    elif isinstance(error, ValueError):
        reason = str(error)
    else:
        reason = _REASONS.get(first["type"], "elle n'a pas la forme attendue")
    if "answers" in parts and len(parts) > parts.index("answers") + 2:
        # an answer that is a list or an object: pydantic names each type it tried
        parts = parts[: parts.index("answers") + 2]
        reason = "une valeur simple est attendue (un texte, un nombre, true ou false)"
    where = ".".join(parts)
    return f"la valeur « {where} » est invalide : {reason}"


def _unwritable(path: Path, exc: OSError) -> StateError:
    return StateError(
        path,
        f"Impossible d'écrire le fichier d'état {path} : {os_reason(exc)}.\n"
        "Vos réponses précédentes n'ont pas été modifiées. Choisissez un autre emplacement "
        "avec --state (ou OPALEXE_CERT_STATE), ou corrigez les droits de ce dossier.",
    )


def _make_parent(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise _unwritable(path, exc) from None


def target(path: Path) -> Path:
    """The file really written: a symlinked state (kept in a synced folder) is written
    through, so the link keeps pointing at the one state instead of being replaced by a copy.
    """
    return Path(os.path.realpath(path))


def save(path: Path, state: State) -> None:
    """Write the state atomically, readable and writable by its owner only."""
    real = target(path)
    _make_parent(real)
    payload = json.dumps(state.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
    try:
        write_bytes(real, payload.encode("utf-8"), mode=0o600)
    except OSError as exc:
        raise _unwritable(path, exc) from None


class Writer:
    """A run that may change the state: it holds the lock from first read to last write."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.state = load(path)

    def save(self, state: State) -> None:
        """Write ``state`` (only when it changed) and keep it as the current one.

        The lock is held, so temporary files left next to the state by a killed run are
        ours and stale: they go first.
        """
        if state != self.state or not self.path.exists():
            remove_stale(target(self.path))
            save(self.path, state)
        self.state = state


@contextlib.contextmanager
def writer(path: Path) -> Iterator[Writer]:
    """Lock the state file for this run; a second writer is refused at once.

    The lock belongs to the real file, so two paths to the same state (a symlink and its
    target) share one lock.
    """
    from opalexe_cert.adapters.lock import Busy, exclusive

    real = target(path)
    try:  # a folder, a FIFO or a device: refused before a lock file is made next to it
        check_regular(real)
    except OSError as exc:
        raise _unreadable(path, os_reason(exc)) from None
    _make_parent(real)
    with contextlib.ExitStack() as held:
        try:
            held.enter_context(exclusive(str(real) + ".lock"))
        except Busy:
            raise StateLockedError(
                path,
                f"Le fichier d'état {path} est déjà ouvert par une autre session d'opalexe-cert "
                "(un assistant est peut-être resté ouvert dans une autre fenêtre). Terminez-la, "
                "puis recommencez.",
            ) from None
        except OSError as exc:  # the lock file cannot be created next to the state file
            raise _unwritable(path, exc) from None
        yield Writer(path)
