"""Reading the delivered certificate for the ``certificate`` command and the wizard alike.

From a file, or else from the card (PKCS#11). No PIN is ever asked; the only secret asked
is a PKCS#12 file's password, read without echo (or from ``--password-file``), used once and
forgotten. Which certificate to take when there are several is the caller's ``pick``.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from opalexe_cert.cli.output import Output
from opalexe_cert.domain.certificate import CertificateFacts, Verdict, days_left, preferred
from opalexe_cert.domain.dates import format_date
from opalexe_cert.domain.errors import FileTooLargeError, InputError, os_reason
from opalexe_cert.domain.state import CertificateSource, State

PASSWORD_FILE_LIMIT = 4096  # a password, not a document
PASSWORD_PROMPT = "Mot de passe du fichier PKCS#12 (il ne s'affiche pas à la saisie) : "
Pick = Callable[[list[CertificateFacts]], CertificateFacts]


@dataclass(frozen=True)
class Reading:
    """A certificate read, and where from."""

    facts: CertificateFacts
    source: CertificateSource
    origin: str  # in French: "dans le fichier …", "sur la carte ou la clé USB …"


def read_from_file(
    out: Output, file: Path, *, password_file: Path | None, interactive: bool, pick: Pick
) -> Reading:
    """The certificate of a DER, PEM or PKCS#12 file; what cannot be read is warned on
    ``out``."""
    from opalexe_cert.adapters.certificate.x509 import read_file

    if password_file is not None:  # a file named is read, and its problems said, at once
        given = password(password_file, interactive)
        found = read_file(file, lambda: given, out.warn)
    else:
        found = read_file(file, lambda: password(None, interactive), out.warn)
    return Reading(pick(preferred(found)), "file", f"dans le fichier {file}")


def read_from_card(
    out: Output, module: Path | None, configured: Path | None, pick: Pick
) -> Reading:
    """The certificate of the card or USB key, through the module found:
    ``module`` (``--module``), else ``configured`` (``Environment.pkcs11_module``), else the
    usual places."""
    from opalexe_cert.adapters.certificate.card import find_module, no_module_error, read_card

    choice = find_module(module, configured, sys.platform)
    if choice is None:
        raise no_module_error(sys.platform)
    facts = pick(preferred(read_card(choice.path, out.warn)))
    return Reading(facts, "card", f"sur la carte ou la clé USB (module {choice.path})")


def password(password_file: Path | None, interactive: bool) -> str | None:
    """The PKCS#12 password: the file's first line, or typed without echo, or ``None``.

    The file must be a regular file of a few kilobytes at most: a device (``/dev/zero``), a
    FIFO or a huge file is refused before anything is read."""
    if password_file is not None:
        from opalexe_cert.adapters.atomic import read_bytes

        try:
            text = read_bytes(password_file, limit=PASSWORD_FILE_LIMIT).decode("utf-8")
        except FileTooLargeError:
            raise InputError(
                f"Le fichier de mot de passe {password_file} est bien trop gros pour ne contenir "
                f"qu'un mot de passe (plus de {PASSWORD_FILE_LIMIT // 1024}\u00a0Ko) : vérifiez "
                "que vous avez donné le bon fichier."
            ) from None
        except FileNotFoundError:
            raise InputError(f"Le fichier de mot de passe {password_file} n'existe pas.") from None
        except OSError as exc:
            raise InputError(
                f"Le fichier de mot de passe {password_file} est illisible : {os_reason(exc)}."
            ) from None
        except UnicodeDecodeError:
            raise InputError(
                f"Le fichier de mot de passe {password_file} n'est pas un fichier texte."
            ) from None
        lines = text.splitlines()
        return lines[0] if lines else ""
    if not interactive:
        return None
    import getpass

    try:
        return getpass.getpass(PASSWORD_PROMPT)
    except EOFError:
        raise KeyboardInterrupt from None


def short(facts: CertificateFacts) -> str:
    """One line naming a certificate, to choose among several: its holder, issuer and
    validity."""
    from opalexe_cert.domain.certificate import issuer_short

    label = f" (« {facts.label} »)" if facts.label else ""
    return (
        f"{facts.holder_name}, émis par {issuer_short(facts)}, valide du "
        f"{format_date(facts.start)} au {format_date(facts.expiry)}{label}"
    )


def left_text(days: int) -> str:
    """``il reste 12 jours``, in French, for any sign."""
    from opalexe_cert.domain.typography import days as days_text

    if days > 0:
        return f"il reste {days_text(days)}"
    if days == 0:
        return "il expire aujourd'hui"
    return f"expiré depuis {days_text(-days)}"


def show(output: Output, reading: Reading, verdict: Verdict, today: dt.date, state: State) -> None:
    """The certificate in French, and what its comparison with the state found."""
    from rich.markup import escape

    from opalexe_cert.domain.typography import NBSP, french

    facts = reading.facts
    out = output.console
    wrap = not out.is_terminal
    where = reading.origin
    if reading.source == "card" and facts.label:
        where += f", objet « {facts.label} »"
    out.print(f"[bold]{escape(french('Certificat lu ' + where))}[/]", soft_wrap=wrap)
    lines = [
        ("Titulaire", facts.holder_name),
        ("Sujet", facts.subject),
        ("Émetteur", facts.issuer),
        (
            "Validité",
            french(
                f"du {format_date(facts.start)} au {format_date(facts.expiry)} "
                f"({left_text(days_left(facts, today))})"
            ),
        ),
        ("SIREN", facts.siren or "aucun dans le certificat"),
        ("Politiques", ", ".join(facts.policies) or "aucune indiquée"),
    ]
    for label, value in lines:  # the certificate's own values are shown as they are
        out.print(f"  {label}{NBSP}: {escape(value)}", soft_wrap=wrap)
    for note in verdict.notes:
        output.warn(note)
    if verdict.ok:
        holder = ", au nom du titulaire enregistré." if state.holder.surname else "."
        if facts.issuer_verified:
            verdict_line = french(f"Délivré par CertEurope, valide aujourd'hui{holder}")
            out.print(f"[green]✔[/] {verdict_line}", soft_wrap=wrap)
        else:  # named CertEurope, but its issuer is not in the snapshot: never a ✔
            verdict_line = french(
                f"Émetteur non vérifié (au nom de CertEurope), valide aujourd'hui{holder}"
            )
            out.print(f"[yellow]⚠[/] {verdict_line}", soft_wrap=wrap)


def pick_among(out: Output, candidates: list[CertificateFacts], today: dt.date) -> CertificateFacts:
    """The expert's choice among several certificates, each shown with its issuer and
    validity; CertEurope's valid authentication certificate is offered first."""
    if len(candidates) == 1:
        return candidates[0]
    from opalexe_cert.cli import prompts
    from opalexe_cert.domain.certificate import preselected

    chosen = prompts.select(
        out,
        "Plusieurs certificats ont été trouvés. Lequel est votre certificat d'authentification ?",
        [(str(i), short(c)) for i, c in enumerate(candidates)],
        default=str(preselected(candidates, today)),
    )
    return candidates[int(chosen)]
