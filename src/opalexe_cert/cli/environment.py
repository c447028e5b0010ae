"""Everything a run depends on outside its arguments, read and checked once: the ``Environment``.

``build(variables, ...)`` is the only code that reads environment variables (``main`` passes
``os.environ``; tests pass a dict). Every setting is checked here, at start-up, with a French
message (exit status 2) that never shows a secret; then the ``Environment`` is handed down to
the command, which reads nothing else. There is no ambient environment to fall back on:
code that needs a setting, the date or the consoles is handed the ``Environment`` (or its
``Output``) by its caller. Cheap to build: no rich, httpx or pydantic import.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
import sys
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO
from zoneinfo import ZoneInfo

from opalexe_cert.adapters.sirene_settings import (
    DEFAULT_INSEE_URL,
    DEFAULT_RECHERCHE_URL,
    INSEE_KEY_ENV,
    INSEE_URL_ENV,
    SOURCES,
    SireneSettings,
    Source,
)
from opalexe_cert.cli.output import Output, Style
from opalexe_cert.domain.errors import InputError

if TYPE_CHECKING:
    from opalexe_cert.adapters.mail import SmtpSettings

PARIS = ZoneInfo("Europe/Paris")

TODAY_ENV = "OPALEXE_CERT_TODAY"
STATE_ENV = "OPALEXE_CERT_STATE"
OFFLINE_ENV = "OPALEXE_CERT_OFFLINE"
DEBUG_ENV = "OPALEXE_CERT_DEBUG"
SOURCE_ENV = "OPALEXE_CERT_SIRENE_SOURCE"
RECHERCHE_URL_ENV = "OPALEXE_CERT_RECHERCHE_URL"
TIMEOUT_ENV = "OPALEXE_CERT_SIRENE_TIMEOUT"
BACKOFF_ENV = "OPALEXE_CERT_SIRENE_BACKOFF"
RETRY_AFTER_MAX_ENV = "OPALEXE_CERT_SIRENE_RETRY_AFTER_MAX"
DEADLINE_ENV = "OPALEXE_CERT_SIRENE_DEADLINE"
PKCS11_MODULE_ENV = "OPALEXE_CERT_PKCS11_MODULE"
SMTP_URL_ENV = "OPALEXE_CERT_SMTP_URL"
SMTP_PASSWORD_FILE_ENV = "OPALEXE_CERT_SMTP_PASSWORD_FILE"

MAX_SECONDS = 600.0
"""No wait setting may exceed ten minutes (a typo such as ``1e9`` would hang the wizard)."""

_TRUE = frozenset({"1", "true", "yes", "y", "on", "oui", "o", "vrai"})
_FALSE = frozenset({"", "0", "false", "no", "n", "off", "non", "faux"})


PINNED_TIME = dt.time(12, 0)
"""The time of day used with a pinned date: a calendar export stays reproducible."""


@dataclass(frozen=True)
class Environment:
    """The run's settings, streams and date; built by ``build``, refined by the options."""

    today: dt.date
    now: dt.datetime
    """The current time in Europe/Paris; noon of the pinned day when ``OPALEXE_CERT_TODAY``
    is set (tests and examples give the same bytes)."""
    state: Path | None
    """``--state`` or ``OPALEXE_CERT_STATE``; ``None`` for the default (see ``state_path``)."""
    offline: bool
    stdin_is_terminal: bool
    debug: bool
    sirene: SireneSettings
    pkcs11_module: Path | None
    """``OPALEXE_CERT_PKCS11_MODULE``: the card's driver, for ``certificate`` and ``doctor``."""
    home: Path
    """The user's home folder (``HOME``; where ``doctor`` looks for browser profiles)."""
    appdata: Path | None
    """``APPDATA`` (Windows): where Firefox keeps its profiles there."""
    out: Output
    platform: str = sys.platform
    """``sys.platform``: which browsers, stores and modules ``doctor`` looks at."""
    smtp: SmtpSettings | None = None
    """``OPALEXE_CERT_SMTP_URL``: the server ``remind --email`` sends through, if any."""
    smtp_password_file: Path | None = None
    """``OPALEXE_CERT_SMTP_PASSWORD_FILE``: its first line is the SMTP password."""
    offline_option: bool = False
    """``--offline`` was given (``offline`` may also come from ``OPALEXE_CERT_OFFLINE``)."""

    @property
    def state_path(self) -> Path:
        """The state file: ``--state``, else ``OPALEXE_CERT_STATE``, else the user's data folder."""
        if self.state is not None:
            return self.state
        from opalexe_cert.adapters.store import default_path

        return default_path()

    def system_certificates(self) -> tuple[bytes, ...] | None:
        """The certificates (DER) of Windows' personal store (``MY``), which Edge, Chrome and
        Firefox use there; ``None`` on other systems or when the store cannot be read."""
        import ssl

        enum = getattr(ssl, "enum_certificates", None)
        if not self.platform.startswith("win") or enum is None:
            return None
        try:
            entries = enum("MY")
        except OSError:
            return None
        return tuple(bytes(der) for der, encoding, _trust in entries if encoding == "x509_asn")

    def interactive(self, *, no_input: bool = False) -> bool:
        """Questions may be asked: not refused by ``--no-input``, and a person at a terminal."""
        return self.stdin_is_terminal and not no_input

    def with_state(self, path: Path) -> Environment:
        """``--state PATH`` (``~`` expanded, whatever the shell did with it)."""
        return dataclasses.replace(self, state=path.expanduser())

    def replace(self, **changes: object) -> Environment:
        """A copy with some settings changed (``--state``, ``--offline``)."""
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]


def build(
    variables: Mapping[str, str],
    *,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    stdin_is_terminal: bool | None = None,
    now: dt.datetime | None = None,
) -> Environment:
    """The ``Environment`` from ``variables`` (``os.environ`` in ``main``); ``InputError`` (in
    French, naming the variable) for the first setting that cannot be used."""
    stdout = stdout if stdout is not None else sys.stdout
    stderr = stderr if stderr is not None else sys.stderr
    if stdin_is_terminal is None:
        stdin_is_terminal = _isatty(sys.stdin)
    out = Output(stdout, stderr, Style.from_variables(variables))
    today = _today(variables, now)
    pinned = bool(variables.get(TODAY_ENV, "").strip())
    return Environment(
        today=today,
        now=(
            dt.datetime.combine(today, PINNED_TIME, tzinfo=PARIS)
            if pinned
            else (now or dt.datetime.now(PARIS)).astimezone(PARIS)
        ),
        state=_state_path(variables),
        offline=_flag(variables, OFFLINE_ENV),
        stdin_is_terminal=stdin_is_terminal,
        debug=_flag(variables, DEBUG_ENV),
        sirene=sirene_settings(variables),
        pkcs11_module=_path(variables, PKCS11_MODULE_ENV),
        home=_path(variables, "HOME") or _path(variables, "USERPROFILE") or Path.home(),
        appdata=_path(variables, "APPDATA"),
        out=out,
        smtp=smtp_settings(variables),
        smtp_password_file=_path(variables, SMTP_PASSWORD_FILE_ENV),
    )


def sirene_settings(variables: Mapping[str, str]) -> SireneSettings:
    """The SIRENE service to ask and how, checked.

    Besides the documented variables, four tuning knobs exist for tests and slow links:
    ``OPALEXE_CERT_SIRENE_TIMEOUT`` (read timeout, seconds), ``OPALEXE_CERT_SIRENE_BACKOFF``
    (first backoff, seconds), ``OPALEXE_CERT_SIRENE_RETRY_AFTER_MAX`` (the longest wait
    accepted before a retry) and ``OPALEXE_CERT_SIRENE_DEADLINE`` (the whole look-up, 12 s).
    """
    defaults = SireneSettings()
    retry_after_max = variables.get(RETRY_AFTER_MAX_ENV, "").strip()
    return SireneSettings(
        source=_source(variables),
        recherche_url=_url(variables, RECHERCHE_URL_ENV, DEFAULT_RECHERCHE_URL),
        insee_url=_url(variables, INSEE_URL_ENV, DEFAULT_INSEE_URL),
        insee_key=_insee_key(variables),
        timeout=_seconds(variables, TIMEOUT_ENV, defaults.timeout, zero=False),
        backoff=_seconds(variables, BACKOFF_ENV, defaults.backoff),
        retry_after_max=(
            _seconds(variables, RETRY_AFTER_MAX_ENV, 0.0) if retry_after_max else None
        ),
        deadline=_seconds(variables, DEADLINE_ENV, defaults.deadline, zero=False),
    )


# --- one reader per kind of setting ---------------------------------------------------------


def shown(value: str, limit: int = 80) -> str:
    """A value received from outside, safe to quote in a message: no control characters, no
    bidirectional overrides, not too long."""
    cleaned = "".join("?" if _is_control(c) else c for c in value)
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1] + "…"


def _is_control(char: str) -> bool:
    code = ord(char)
    return (
        code < 0x20 or 0x7F <= code < 0xA0 or 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069
    )


def _isatty(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty()) if isatty is not None else False
    except (OSError, ValueError):  # a closed stream
        return False


def _today(variables: Mapping[str, str], now: dt.datetime | None) -> dt.date:
    """Today in Europe/Paris, or the ISO date in ``OPALEXE_CERT_TODAY`` when set."""
    pinned = variables.get(TODAY_ENV, "").strip()
    if not pinned:
        return (now or dt.datetime.now(PARIS)).astimezone(PARIS).date()
    try:
        return dt.date.fromisoformat(pinned)
    except ValueError:
        raise InputError(
            f"La variable {TODAY_ENV} doit être une date au format AAAA-MM-JJ "
            f"(reçu : « {shown(pinned)} »)."
        ) from None


def _path(variables: Mapping[str, str], name: str) -> Path | None:
    raw = variables.get(name, "").strip()
    return Path(raw) if raw else None


def _state_path(variables: Mapping[str, str]) -> Path | None:
    """``OPALEXE_CERT_STATE``, ``~`` expanded (Windows shells and a quoted variable leave it)."""
    path = _path(variables, STATE_ENV)
    return path.expanduser() if path is not None else None


def _flag(variables: Mapping[str, str], name: str) -> bool:
    raw = variables.get(name, "").strip().lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise InputError(
        f"La variable {name} vaut 1 (activé) ou 0 (désactivé) ; elle peut aussi être vide "
        f"(reçu : « {shown(raw)} »)."
    )


def _source(variables: Mapping[str, str]) -> Source:
    raw = variables.get(SOURCE_ENV, "").strip().lower() or "recherche-entreprises"
    for source in SOURCES:
        if raw == source:
            return source
    raise InputError(
        f"La variable {SOURCE_ENV} accepte « recherche-entreprises » (par défaut) ou "
        f"« insee » (reçu : « {shown(raw)} »)."
    )


def _seconds(
    variables: Mapping[str, str], name: str, default: float, *, zero: bool = True
) -> float:
    raw = variables.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw.replace(",", "."))
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0 or (value == 0 and not zero) or value > MAX_SECONDS:
        raise InputError(
            f"La variable {name} doit être un nombre de secondes positif, au plus "
            f"{MAX_SECONDS:.0f} (reçu : « {shown(raw)} »)."
        )
    return value


def hide_credentials(url: str) -> str:
    """``url`` with any ``user:password@`` replaced by ``***@``: never shown in a message."""
    return re.sub(r"(?<=//)[^/?#]*@", "***@", url)


def _url(variables: Mapping[str, str], name: str, default: str) -> str:
    raw = variables.get(name, "").strip()
    if not raw:
        return default
    quoted = shown(hide_credentials(raw))
    try:
        parts = urllib.parse.urlsplit(raw)
        parts.port  # noqa: B018 (a port that is not a number raises ValueError here)
    except ValueError:
        raise InputError(
            f"La variable {name} n'est pas une adresse web valide (reçu : « {quoted} »)."
        ) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(
            f"La variable {name} doit être une adresse web commençant par http:// ou "
            f"https:// (reçu : « {quoted} »)."
        )
    if any(_is_control(c) or c.isspace() for c in raw) or not raw.isascii():
        raise InputError(
            f"La variable {name} contient des espaces, des accents ou des caractères de contrôle "
            f"(reçu : « {quoted} »)."
        )
    return raw


def smtp_settings(variables: Mapping[str, str]) -> SmtpSettings | None:
    """``OPALEXE_CERT_SMTP_URL``, checked: ``smtps://user@host:465``,
    ``smtp+starttls://user@host:587`` or ``smtp://host:25``; never a password in it."""
    raw = variables.get(SMTP_URL_ENV, "").strip()
    if not raw:
        return None
    from opalexe_cert.adapters.mail import SCHEMES, SmtpSettings  # only for those who set it

    quoted = shown(hide_credentials(raw))
    try:
        parts = urllib.parse.urlsplit(raw)
        port = parts.port
    except ValueError:
        parts, port = None, None
    schemes = "smtps://, smtp+starttls:// ou smtp://"
    if parts is None or parts.scheme not in SCHEMES or not parts.hostname:
        raise InputError(
            f"La variable {SMTP_URL_ENV} doit être une adresse de serveur commençant par "
            f"{schemes}, par exemple smtps://vous@smtp.exemple.fr:465 (reçu : « {quoted} »)."
        )
    if parts.password is not None:
        raise InputError(
            f"La variable {SMTP_URL_ENV} ne doit pas contenir de mot de passe : mettez-le dans un "
            f"fichier lisible par vous seul, indiqué par {SMTP_PASSWORD_FILE_ENV}, ou laissez "
            "opalexe-cert le demander (reçu : « " + quoted + " »)."
        )
    if (
        parts.path not in ("", "/")
        or parts.query
        or parts.fragment
        or not raw.isascii()
        or any(_is_control(c) or c.isspace() for c in raw)
    ):
        raise InputError(
            f"La variable {SMTP_URL_ENV} contient autre chose que le serveur, son port et "
            f"l'identifiant (reçu : « {quoted} »)."
        )
    security, default_port = SCHEMES[parts.scheme]
    user = urllib.parse.unquote(parts.username) if parts.username else None
    if security == "none" and user is not None:
        raise InputError(
            f"La variable {SMTP_URL_ENV} demande une connexion en clair (smtp://) avec un "
            "identifiant : le mot de passe passerait en clair. Utilisez smtps:// ou "
            f"smtp+starttls:// (reçu : « {quoted} »)."
        )
    return SmtpSettings(security, parts.hostname, port or default_port, user)


def _insee_key(variables: Mapping[str, str]) -> str | None:
    raw = variables.get(INSEE_KEY_ENV, "").strip()
    if not raw:
        return None
    if not all(0x21 <= ord(c) <= 0x7E for c in raw):
        # The key is a secret: the message says what is wrong, never what was received.
        raise InputError(
            f"La variable {INSEE_KEY_ENV} contient des caractères qu'une clé d'API ne peut pas "
            "contenir (seuls les lettres, chiffres et signes ASCII sont possibles, sans espace "
            "ni accent). Recopiez la clé depuis le portail des API de l'INSEE."
        )
    return raw
