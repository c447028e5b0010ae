"""E-mail reminders: French messages as ``.eml`` drafts, or sent through SMTP.

The standard library only (``email``, ``smtplib``, ``ssl``), imported when a message is made or
sent, so that importing this module (``cli/environment.py`` does, for ``SmtpSettings``) costs
nothing. Three ways to reach a server, as the URL says:

- ``smtps://user@host:465``: TLS from the first byte;
- ``smtp+starttls://user@host:587``: clear text, then STARTTLS, which the server must offer
  (a server that does not is refused: never a silent fall-back to clear text);
- ``smtp://host:25``: clear text, for a relay on the expert's own machine or network, without
  a password (a password never travels in clear text).

The server's certificate is checked against the system's authorities and its host name. The
password is handed in by the caller and used once: never stored, never shown. Every failure is a
``MailError`` in French; a message the server did not accept is not reported as sent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from opalexe_cert.domain.errors import OpalexeError, os_reason
from opalexe_cert.domain.typography import NBSP

if TYPE_CHECKING:
    from email.message import EmailMessage

Security = Literal["tls", "starttls", "none"]
SCHEMES: dict[str, tuple[Security, int]] = {
    "smtps": ("tls", 465),
    "smtp+starttls": ("starttls", 587),
    "smtp": ("none", 25),
}
TIMEOUT = 30.0
"""Seconds to wait for the server at each exchange, before giving up with a French message."""
MESSAGE_ID_DOMAIN = "opalexe-cert.invalid"


class MailError(OpalexeError):
    """A message could not be written or sent (nothing is recorded as sent)."""


@dataclass(frozen=True)
class SmtpSettings:
    """Where to send: ``OPALEXE_CERT_SMTP_URL``, checked (never a password in it)."""

    security: Security
    host: str
    port: int
    user: str | None = None

    @property
    def shown(self) -> str:
        """The server as a message names it: ``smtps://user@host:465`` (no secret in it)."""
        scheme = next(s for s, (security, _) in SCHEMES.items() if security == self.security)
        user = f"{self.user}@" if self.user else ""
        return f"{scheme}://{user}{self.host}:{self.port}"


def message(
    *,
    sender: str,
    to: str,
    subject: str,
    body: str,
    when: dt.datetime,
    draft: bool = False,
) -> EmailMessage:
    """A French plain-text e-mail (UTF-8); a draft carries ``X-Unsent: 1`` so that mail
    clients open it ready to send."""
    from email.message import EmailMessage
    from email.utils import format_datetime, make_msgid

    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = to
    mail["Subject"] = subject
    mail["Date"] = format_datetime(when)
    mail["Message-ID"] = make_msgid(domain=MESSAGE_ID_DOMAIN)
    mail["Content-Language"] = "fr"
    if draft:
        mail["X-Unsent"] = "1"
    mail.set_content(body, charset="utf-8")
    return mail


def write_draft(directory: Path, name: str, mail: EmailMessage) -> Path:
    """Write ``mail`` as ``directory/name.eml`` (atomically, the same name each time for the
    same reminder: a draft is replaced, not duplicated)."""
    from opalexe_cert.adapters.atomic import write_bytes

    path = directory / f"{name}.eml"
    try:
        write_bytes(path, bytes(mail), mode=0o600)
    except OSError as exc:
        raise MailError(f"Impossible d'écrire le brouillon {path} : {os_reason(exc)}.") from None
    return path


def send(
    settings: SmtpSettings,
    password: str | None,
    mails: Sequence[EmailMessage],
    on_accepted: Callable[[int], None],
    *,
    timeout: float | None = None,
) -> None:
    """Send ``mails`` in one connection; ``on_accepted(i)`` right after the server accepted
    the ``i``-th (and only then). The first failure stops, as a ``MailError`` in French."""
    import smtplib
    import ssl

    where = f"{settings.host}:{settings.port}"
    limit = TIMEOUT if timeout is None else timeout
    context = ssl.create_default_context()
    try:
        client: smtplib.SMTP
        if settings.security == "tls":
            client = smtplib.SMTP_SSL(settings.host, settings.port, timeout=limit, context=context)
        else:
            client = smtplib.SMTP(settings.host, settings.port, timeout=limit)
        with client:
            client.ehlo()
            if settings.security == "starttls":
                if not client.has_extn("starttls"):
                    raise MailError(
                        f"Le serveur SMTP {where} ne propose pas STARTTLS : rien n'a été envoyé "
                        "(jamais en clair quand smtp+starttls:// est demandé). Vérifiez "
                        "l'adresse et le port, ou utilisez smtps:// si le serveur le permet."
                    )
                client.starttls(context=context)
                client.ehlo()
            if settings.user is not None:
                if not client.has_extn("auth"):
                    raise MailError(
                        f"Le serveur SMTP {where} ne propose pas d'authentification : rien n'a "
                        "été envoyé. Vérifiez l'adresse et le port."
                    )
                client.login(settings.user, password or "")
            for index, mail in enumerate(mails):
                client.send_message(mail)
                on_accepted(index)
    except MailError:
        raise
    except ssl.SSLCertVerificationError as exc:
        reason = exc.verify_message or "certificat non reconnu"
        raise MailError(
            f"Le certificat TLS du serveur SMTP {where} n'a pas pu être vérifié ({reason}) : "
            "rien n'a été envoyé. Vérifiez le nom du serveur dans OPALEXE_CERT_SMTP_URL."
        ) from None
    except smtplib.SMTPAuthenticationError as exc:
        raise MailError(
            f"Le serveur SMTP {where} a refusé l'identifiant ou le mot de passe "
            f"(code {exc.smtp_code}) : rien n'a été envoyé."
        ) from None
    except smtplib.SMTPRecipientsRefused as exc:
        code, text = next(iter(exc.recipients.values()))
        raise _refused(where, code, text) from None
    except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError, smtplib.SMTPResponseException) as exc:
        raise _refused(where, exc.smtp_code, exc.smtp_error) from None
    except smtplib.SMTPServerDisconnected as exc:
        if isinstance(exc.__context__, TimeoutError):  # smtplib reports a silent server so
            raise _silent(where, limit) from None
        raise MailError(
            f"Le serveur SMTP {where} a coupé la connexion avant d'accepter le message : il "
            "n'a pas été envoyé. Réessayez plus tard."
        ) from None
    except TimeoutError:
        raise _silent(where, limit) from None
    except ssl.SSLError as exc:
        raise MailError(
            f"La connexion chiffrée avec le serveur SMTP {where} a échoué ({exc.reason}) : "
            "rien n'a été envoyé. Vérifiez le port (465 pour smtps://, 587 pour "
            "smtp+starttls://)."
        ) from None
    except smtplib.SMTPException as exc:
        raise MailError(f"Le serveur SMTP {where} a répondu de façon inattendue : {exc}.") from None
    except OSError as exc:
        raise MailError(
            f"Impossible de joindre le serveur SMTP {where} ({_unreachable(exc)}) : le message "
            "n'a pas été envoyé. Vérifiez l'adresse et le port dans OPALEXE_CERT_SMTP_URL."
        ) from None


def _unreachable(exc: OSError) -> str:
    import socket

    if isinstance(exc, socket.gaierror):
        return "nom de serveur introuvable, ou pas d'accès au réseau"
    if isinstance(exc, ConnectionRefusedError):
        return "aucun serveur n'écoute sur ce port"
    return os_reason(exc).replace(" : ", ", ")


def _silent(where: str, limit: float) -> MailError:
    seconds = f"{limit:g}".replace(".", ",")
    return MailError(
        f"Le serveur SMTP {where} ne répond pas (rien en {seconds}{NBSP}s) : le message "
        "n'a pas été envoyé. Réessayez plus tard."
    )


def _refused(where: str, code: int, text: bytes | str) -> MailError:
    said = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    said = "".join(c if c.isprintable() else " " for c in said)[:200].strip()
    return MailError(
        f"Le serveur SMTP {where} a refusé le message (code {code} : « {said} ») : il n'a pas "
        "été envoyé."
    )
