"""The exceptions opalexe-cert raises, as a small hierarchy.

Every error carries a French message meant for the expert: the CLI prints it as is and maps
the error's kind to an exit status (``cli/exit_status.py``: ``InputError`` is 2, any other 1),
so no layer below the CLI ever needs to know about terminals or statuses.
"""

from __future__ import annotations

from pathlib import Path


class OpalexeError(Exception):
    """Base of every error the tool reports to the user (message in French)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotRegularFileError(OSError):
    """The path exists but is not a regular file (a FIFO, a device, a socket)."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"not a regular file: {path}")
        self.path = path


class FileTooLargeError(OSError):
    """The file is longer than what we agree to read (``limit`` bytes)."""

    def __init__(self, path: Path, limit: int) -> None:
        super().__init__(f"larger than {limit} bytes: {path}")
        self.path = path
        self.limit = limit


def os_reason(exc: OSError) -> str:
    """Why a file operation failed, in French (the system's own text is in English)."""
    if isinstance(exc, FileTooLargeError):
        megabytes = max(1, exc.limit // (1024 * 1024))
        return f"il est trop volumineux (plus de {megabytes}\u00a0Mo)"
    reasons: list[tuple[type[OSError], str]] = [
        (NotRegularFileError, "ce n'est pas un fichier ordinaire (tube, périphérique…)"),
        (IsADirectoryError, "c'est un dossier, pas un fichier"),
        (NotADirectoryError, "un élément du chemin est un fichier, pas un dossier"),
        (FileNotFoundError, "le fichier ou son dossier n'existe pas"),
        (FileExistsError, "un fichier du même nom existe déjà à la place du dossier"),
        (PermissionError, "accès refusé (droits insuffisants)"),
    ]
    for kind, reason in reasons:
        if isinstance(exc, kind):
            return reason
    return f"erreur du système : {exc.strerror or exc}"


# --- bad input ---------------------------------------------------------------------------


class InputError(OpalexeError):
    """The user gave something we cannot accept (exit status 2)."""


class AnswerError(InputError):
    """One answer (a ``<step>.<field>`` key) is invalid."""

    def __init__(self, key: str, reason: str) -> None:
        # two sentences: the reason may hold its own colon (one colon per sentence)
        sentence = reason[:1].upper() + reason[1:]
        if not sentence.endswith((".", "!", "?", "…")):
            sentence += "."  # after a closing parenthesis too: « (1er septembre 2026). »
        super().__init__(f"Réponse invalide pour « {key} ». {sentence}")
        self.key = key
        self.reason = reason


class MissingAnswerError(InputError):
    """A required answer is missing and we may not ask for it."""

    def __init__(self, key: str, label: str) -> None:
        super().__init__(f"Réponse manquante pour « {key} » ({label}).")
        self.key = key
        self.label = label


class NoProgressError(InputError):
    """An answer was taken but recorded nothing: the same question would come back for ever."""

    def __init__(self, key: str, label: str) -> None:
        super().__init__(
            f"Aucune réponse n'a pu être enregistrée pour « {key} » ({label}) : la procédure "
            "ne peut pas avancer sans elle."
        )
        self.key = key
        self.label = label


# --- the state file ----------------------------------------------------------------------


class StateError(OpalexeError):
    """The state file cannot be used; it is left untouched."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(message)
        self.path = path


class StateLockedError(StateError):
    """Another run of opalexe-cert holds the state file's lock."""


# --- the SIRENE services -----------------------------------------------------------------


class SireneError(OpalexeError):
    """A look-up in the public SIRENE data failed."""


class SireneNotFound(SireneError):
    """No legal unit has this SIREN."""


class SireneUnavailable(SireneError):
    """The service could not be reached, timed out or kept failing."""


class SireneAuthError(SireneError):
    """INSEE's key is missing or was refused."""


class SireneBadResponse(SireneError):
    """The service answered something we do not understand."""


# --- the delivered certificate and the card --------------------------------------------------


class CertificateError(OpalexeError):
    """A certificate could not be read (file, card, module), or does not fit the state."""


class CardError(CertificateError):
    """The card or USB key cannot be reached: no module, no reader, no token, no certificate."""


# --- interruptions and going back ----------------------------------------------------------


class Interrupted(KeyboardInterrupt):
    """Ctrl-C where a general « Interrompu. » would not say what was kept: ``message`` says
    what was recorded and what was dropped."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Reopen(Exception):
    """The expert asks to answer ``key`` again (an ID's expiry the sending date refused)."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key
