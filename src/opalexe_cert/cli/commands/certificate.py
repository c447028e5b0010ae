"""``opalexe-cert certificate``: read the delivered certificate, compare it, record its expiry.

From a file (``--file``) or the card (PKCS#11), through ``cli/certificate_reading.py``.
Nothing is recorded unless ``--record`` is given and the certificate is CertEurope's, valid
today, and the holder's.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from opalexe_cert.adapters.store import load, writer
from opalexe_cert.cli.certificate_reading import (
    Reading,
    pick_among,
    read_from_card,
    read_from_file,
    short,
    show,
)
from opalexe_cert.cli.environment import Environment
from opalexe_cert.cli.exit_status import ExitStatus
from opalexe_cert.cli.output import Output
from opalexe_cert.domain import engine
from opalexe_cert.domain.certificate import (
    CertificateFacts,
    Verdict,
    days_left,
    judge,
    record_of,
)
from opalexe_cert.domain.dates import format_date
from opalexe_cert.domain.errors import CertificateError, InputError
from opalexe_cert.domain.state import State
from opalexe_cert.domain.vocabulary import StepId


def read(
    env: Environment,
    *,
    file: Path | None,
    module: Path | None,
    password_file: Path | None,
    interactive: bool,
    today: dt.date,
) -> Reading:
    """Read the certificate from the file, or else from the card."""
    if file is not None and module is not None:
        raise InputError("Choisissez : --file (un fichier) ou --module (la carte), pas les deux.")
    if password_file is not None and file is None:
        raise InputError("--password-file ne sert qu'avec --file (un fichier .p12 ou .pfx).")

    def pick(found: list[CertificateFacts]) -> CertificateFacts:
        return choose(env.out, found, interactive, today)

    if file is not None:
        return read_from_file(
            env.out, file, password_file=password_file, interactive=interactive, pick=pick
        )
    return read_from_card(env.out, module, env.pkcs11_module, pick)


def choose(
    out: Output, candidates: list[CertificateFacts], interactive: bool, today: dt.date
) -> CertificateFacts:
    """The holder's authentication certificate; the expert picks when it is not clear."""
    if len(candidates) == 1:
        return candidates[0]
    if not interactive:
        names = "; ".join(short(c) for c in candidates)
        raise CertificateError(
            f"Plusieurs certificats ont été trouvés ({names}) et aucun n'est clairement celui "
            "d'authentification : lancez la commande dans un terminal pour choisir."
        )
    return pick_among(out, candidates, today)


def certificate(
    env: Environment,
    *,
    file: Path | None,
    module: Path | None,
    password_file: Path | None,
    record: bool,
    json_output: bool,
    interactive: bool,
    force: bool = False,
) -> ExitStatus:
    """Read, show, compare and maybe record; the exit status (1 when the certificate does not
    fit, or when its dates are refused or not confirmed)."""
    today = env.today
    path = env.state_path
    reading = read(
        env,
        file=file,
        module=module,
        password_file=password_file,
        interactive=interactive,
        today=today,
    )
    state = load(path)
    verdict = judge(reading.facts, state.holder, today, reading.source)
    recorded: State | None = None
    if json_output:
        if record and verdict.ok:
            dates = _dates_refused(
                env.out, state, reading.facts, today, interactive=False, force=force
            )
            verdict = Verdict(verdict.problems + dates, verdict.notes)
            if verdict.ok:
                recorded = _record(path, reading, today)
        env.out.text(
            json.dumps(
                as_json(reading, verdict, today, recorded is not None), ensure_ascii=False, indent=2
            )
        )
        return ExitStatus.SUCCESS if verdict.ok else ExitStatus.ERROR
    out = env.out
    show(out, reading, verdict, today, state)
    if not verdict.ok:
        for problem in verdict.problems:
            out.error(problem)
        if record:
            out.info("Rien n'a été enregistré.")
        return ExitStatus.ERROR
    if record:
        refused = _dates_refused(
            out, state, reading.facts, today, interactive=interactive, force=force
        )
        if refused:
            for problem in refused:
                out.error(problem)
            out.info("Rien n'a été enregistré.")
            return ExitStatus.ERROR
        recorded = _record(path, reading, today)
        _recorded(out, recorded, reading.facts)
    elif _activation_reached(state):
        out.info("Pour enregistrer cette date d'expiration, relancez la commande avec --record.")
    return ExitStatus.SUCCESS


def _dates_refused(
    out: Output,
    state: State,
    facts: CertificateFacts,
    today: dt.date,
    *,
    interactive: bool,
    force: bool,
) -> list[str]:
    """The dates judged as the wizard judges the expiry typed at activation: an expiry not
    after the activation is refused; one outside 1 to 4 years after it is confirmed in a
    terminal, refused without one unless ``--force``. The problems (none: go on)."""
    from opalexe_cert.domain.procedure import field as field_of
    from opalexe_cert.domain.typography import french

    expiry_field = field_of(StepId.ACTIVATION, "cert_expiry")
    problems: list[str] = []
    for finding in engine.findings(state, expiry_field, facts.expiry.isoformat(), today):
        message = finding.message[0].upper() + finding.message[1:] + "."
        if finding.in_wizard == "refuse":
            problems.append(message)
        elif finding.in_wizard == "confirm" and not force:
            if not interactive:
                problems.append(
                    f"{message} Sans terminal pour le confirmer, relancez avec --force si cette "
                    "date est la bonne."
                )
                continue
            from opalexe_cert.cli import prompts

            out.warn(french(message))
            if not prompts.yes_no(out, "Enregistrer quand même cette date d'expiration ?", False):
                problems.append("Date d'expiration non confirmée.")
    return problems


def _activation_reached(state: State) -> bool:
    from opalexe_cert.domain.procedure import step

    activation = step(StepId.ACTIVATION)
    return engine.current_step(state) is activation or engine.is_done(state, activation)


def _record(path: Path, reading: Reading, today: dt.date) -> State:
    with writer(path) as session:
        state = engine.record_certificate(
            session.state, record_of(reading.facts, reading.source), today
        )
        session.save(state)
    return state


def _recorded(out: Output, state: State, facts: CertificateFacts) -> None:
    from opalexe_cert.domain import guide
    from opalexe_cert.domain.deadlines import renewal_window

    out.info(f"Date d'expiration enregistrée : {format_date(facts.expiry)}.")
    window = renewal_window(state)
    if window is not None:
        out.info(
            f"Commencez le renouvellement entre le {format_date(window[0])} et le "
            f"{format_date(window[1])} ({guide.RENEWAL.text} avant l'expiration)."
        )
    current = engine.current_step(state)
    if current is not None and current.id is StepId.ACTIVATION:
        out.info("Lancez « opalexe-cert start » pour terminer l'étape d'activation.")


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
        "is_ca": facts.is_ca,
        "issuer_verified": facts.issuer_verified,
        "unreadable_extensions": list(facts.unreadable_extensions),
        "policies": list(facts.policies),
        "ok": verdict.ok,
        "problems": verdict.problems,
        "notes": verdict.notes,
        "recorded": recorded,
    }
