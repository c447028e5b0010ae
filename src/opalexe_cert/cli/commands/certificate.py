"""``opalexe-cert certificate``: read the delivered certificate, compare it, record its expiry.

From a file (``--file``) or the card (PKCS#11). Nothing is recorded unless ``--record`` is
given and the certificate is CertEurope's, valid today, and the holder's. No PIN is asked;
the only secret ever asked is a PKCS#12 file's password, read without echo (or from
``--password-file``), used once and forgotten.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from opalexe_cert.adapters.store import load, writer
from opalexe_cert.cli.clock import today as clock_today
from opalexe_cert.cli.output import console, error, info, warn
from opalexe_cert.domain import engine
from opalexe_cert.domain.certificate import (
    CertificateFacts,
    Verdict,
    days_left,
    judge,
    preferred,
    record_of,
)
from opalexe_cert.domain.dates import format_date
from opalexe_cert.domain.errors import CertificateError, InputError, os_reason
from opalexe_cert.domain.state import CertificateSource, State

PASSWORD_PROMPT = "Mot de passe du fichier PKCS#12 (il ne s'affiche pas à la saisie) : "


@dataclass(frozen=True)
class Reading:
    """A certificate read, and where from."""

    facts: CertificateFacts
    source: CertificateSource
    origin: str  # in French: "dans le fichier …", "sur la carte ou la clé USB …"


def read(
    *,
    file: Path | None,
    module: Path | None,
    password_file: Path | None,
    interactive: bool,
) -> Reading:
    """Read the certificate from the file, or else from the card; ask which one if several."""
    if file is not None and module is not None:
        raise InputError("Choisissez : --file (un fichier) ou --module (la carte), pas les deux.")
    if password_file is not None and file is None:
        raise InputError("--password-file ne sert qu'avec --file (un fichier .p12 ou .pfx).")
    if file is not None:
        from opalexe_cert.adapters.certificate.x509 import read_file

        found = read_file(file, lambda: _password(password_file, interactive))
        return Reading(choose(found, interactive), "file", f"dans le fichier {file}")
    from opalexe_cert.adapters.certificate.card import find_module, no_module_error, read_card

    choice = find_module(module, os.environ, sys.platform)
    if choice is None:
        raise no_module_error(sys.platform)
    facts = choose(read_card(choice.path), interactive)
    return Reading(facts, "card", f"sur la carte ou la clé USB (module {choice.path})")


def _password(password_file: Path | None, interactive: bool) -> str | None:
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


def choose(found: list[CertificateFacts], interactive: bool) -> CertificateFacts:
    """The holder's authentication certificate; the expert picks when it is not clear."""
    candidates = preferred(found)
    if len(candidates) == 1:
        return candidates[0]
    if not interactive:
        names = "; ".join(_short(c) for c in candidates)
        raise CertificateError(
            f"Plusieurs certificats ont été trouvés ({names}) et aucun n'est clairement celui "
            "d'authentification : lancez la commande dans un terminal pour choisir."
        )
    from opalexe_cert.cli.wizard import prompts

    index = prompts.select(
        "Plusieurs certificats ont été trouvés. Lequel est votre certificat d'authentification ?",
        [(str(i), _short(c)) for i, c in enumerate(candidates)],
    )
    return candidates[int(index)]


def _short(facts: CertificateFacts) -> str:
    label = f" (« {facts.label} »)" if facts.label else ""
    return f"{facts.holder_name}, expire le {format_date(facts.expiry)}{label}"


def certificate(
    path: Path,
    *,
    file: Path | None,
    module: Path | None,
    password_file: Path | None,
    record: bool,
    json_output: bool,
    interactive: bool,
) -> int:
    """Read, show, compare and maybe record; the exit status (1 when the certificate does not
    fit)."""
    today = clock_today()
    reading = read(file=file, module=module, password_file=password_file, interactive=interactive)
    state = load(path)
    verdict = judge(reading.facts, state.holder, today)
    recorded: State | None = None
    if json_output:
        if record and verdict.ok:
            recorded = _record(path, reading, today)
        print(
            json.dumps(
                as_json(reading, verdict, today, recorded is not None), ensure_ascii=False, indent=2
            )
        )
        return 0 if verdict.ok else 1
    show(reading, verdict, today, state)
    if not verdict.ok:
        for problem in verdict.problems:
            error(problem)
        if record:
            info("Rien n'a été enregistré.")
        return 1
    if record:
        recorded = _record(path, reading, today)
        _recorded(recorded, reading.facts)
    elif _activation_reached(state):
        info("Pour enregistrer cette date d'expiration, relancez la commande avec --record.")
    return 0


def _activation_reached(state: State) -> bool:
    from opalexe_cert.domain.procedure import step

    activation = step("activation")
    return engine.current_step(state) is activation or engine.is_done(state, activation)


def _record(path: Path, reading: Reading, today: dt.date) -> State:
    with writer(path) as session:
        state = engine.record_certificate(
            session.state, record_of(reading.facts, reading.source), today
        )
        session.save(state)
    return state


def _recorded(state: State, facts: CertificateFacts) -> None:
    from opalexe_cert.domain import guide
    from opalexe_cert.domain.deadlines import renewal_window

    info(f"Date d'expiration enregistrée : {format_date(facts.expiry)}.")
    window = renewal_window(state)
    if window is not None:
        info(
            f"Commencez le renouvellement entre le {format_date(window[0])} et le "
            f"{format_date(window[1])} ({guide.RENEWAL.text} avant l'expiration)."
        )
    current = engine.current_step(state)
    if current is not None and current.id == "activation":
        info("Lancez « opalexe-cert start » pour terminer l'étape d'activation.")


def left_text(days: int) -> str:
    """``il reste 12 jours``, in French, for any sign."""
    if days > 1:
        return f"il reste {days} jours"
    if days == 1:
        return "il reste 1 jour"
    if days == 0:
        return "il expire aujourd'hui"
    return f"expiré depuis {-days} jour{'s' if days < -1 else ''}"


def show(reading: Reading, verdict: Verdict, today: dt.date, state: State) -> None:
    """The certificate in French, and what its comparison with the state found."""
    from rich.markup import escape

    facts = reading.facts
    out = console()
    where = f"{reading.origin}" + (
        f", objet « {facts.label} »" if reading.source == "card" and facts.label else ""
    )
    out.print(f"[bold]Certificat lu {escape(where)}[/]", soft_wrap=not out.is_terminal)
    lines = [
        ("Titulaire", facts.holder_name),
        ("Sujet", facts.subject),
        ("Émetteur", facts.issuer),
        (
            "Validité",
            f"du {format_date(facts.start)} au {format_date(facts.expiry)} "
            f"({left_text(days_left(facts, today))})",
        ),
        ("SIREN", facts.siren or "aucun dans le certificat"),
    ]
    for label, value in lines:
        out.print(f"  {label} : {escape(value)}", soft_wrap=not out.is_terminal)
    for note in verdict.notes:
        warn(note)
    if verdict.ok:
        out.print(
            "[green]✔[/] Délivré par CertEurope, valide aujourd'hui"
            + (", au nom du titulaire enregistré." if state.holder.surname else "."),
            soft_wrap=not out.is_terminal,
        )


def as_json(
    reading: Reading, verdict: Verdict, today: dt.date, recorded: bool
) -> dict[str, object]:
    """What ``certificate --json`` prints: the certificate read and the comparison."""
    facts = reading.facts
    return {
        "source": reading.source,
        "label": facts.label or None,
        "subject": facts.subject,
        "issuer": facts.issuer,
        "holder_name": facts.holder_name,
        "siren": facts.siren,
        "not_before": facts.start.isoformat(),
        "not_after": facts.expiry.isoformat(),
        "days_left": days_left(facts, today),
        "ok": verdict.ok,
        "problems": verdict.problems,
        "notes": verdict.notes,
        "recorded": recorded,
    }
