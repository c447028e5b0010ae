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
from opalexe_cert.domain.errors import InputError, os_reason
from opalexe_cert.domain.state import CertificateSource, State

PASSWORD_PROMPT = "Mot de passe du fichier PKCS#12 (il ne s'affiche pas à la saisie) : "
Pick = Callable[[list[CertificateFacts]], CertificateFacts]


@dataclass(frozen=True)
class Reading:
    """A certificate read, and where from."""

    facts: CertificateFacts
    source: CertificateSource
    origin: str  # in French: "dans le fichier …", "sur la carte ou la clé USB …"


def read_from_file(
    file: Path, *, password_file: Path | None, interactive: bool, pick: Pick
) -> Reading:
    """The certificate of a DER, PEM or PKCS#12 file."""
    from opalexe_cert.adapters.certificate.x509 import read_file

    found = read_file(file, lambda: password(password_file, interactive))
    return Reading(pick(preferred(found)), "file", f"dans le fichier {file}")


def read_from_card(module: Path | None, configured: Path | None, pick: Pick) -> Reading:
    """The certificate of the card or USB key, through the module found (SPEC section 7):
    ``module`` (``--module``), else ``configured`` (``Environment.pkcs11_module``), else the
    usual places."""
    from opalexe_cert.adapters.certificate.card import find_module, no_module_error, read_card

    choice = find_module(module, configured, sys.platform)
    if choice is None:
        raise no_module_error(sys.platform)
    facts = pick(preferred(read_card(choice.path)))
    return Reading(facts, "card", f"sur la carte ou la clé USB (module {choice.path})")


def password(password_file: Path | None, interactive: bool) -> str | None:
    """The PKCS#12 password: the file's first line, or typed without echo, or ``None``."""
    if password_file is not None:
        try:
            text = password_file.read_text(encoding="utf-8")
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
    """One line naming a certificate, to choose among several."""
    label = f" (« {facts.label} »)" if facts.label else ""
    return f"{facts.holder_name}, expire le {format_date(facts.expiry)}{label}"


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
    ]
    for label, value in lines:  # the certificate's own values are shown as they are
        out.print(f"  {label}{NBSP}: {escape(value)}", soft_wrap=wrap)
    for note in verdict.notes:
        output.warn(note)
    if verdict.ok:
        holder = ", au nom du titulaire enregistré." if state.holder.surname else "."
        verdict_line = french(f"Délivré par CertEurope, valide aujourd'hui{holder}")
        out.print(f"[green]✔[/] {verdict_line}", soft_wrap=wrap)
