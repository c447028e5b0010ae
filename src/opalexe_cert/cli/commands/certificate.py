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


def read(
    env: Environment,
    *,
    file: Path | None,
    module: Path | None,
    password_file: Path | None,
    interactive: bool,
) -> Reading:
    """Read the certificate from the file, or else from the card."""
    if file is not None and module is not None:
        raise InputError("Choisissez : --file (un fichier) ou --module (la carte), pas les deux.")
    if password_file is not None and file is None:
        raise InputError("--password-file ne sert qu'avec --file (un fichier .p12 ou .pfx).")

    def pick(found: list[CertificateFacts]) -> CertificateFacts:
        return choose(found, interactive)

    if file is not None:
        return read_from_file(file, password_file=password_file, interactive=interactive, pick=pick)
    return read_from_card(module, env.pkcs11_module, pick)


def choose(candidates: list[CertificateFacts], interactive: bool) -> CertificateFacts:
    """The holder's authentication certificate; the expert picks when it is not clear."""
    if len(candidates) == 1:
        return candidates[0]
    if not interactive:
        names = "; ".join(short(c) for c in candidates)
        raise CertificateError(
            f"Plusieurs certificats ont été trouvés ({names}) et aucun n'est clairement celui "
            "d'authentification : lancez la commande dans un terminal pour choisir."
        )
    from opalexe_cert.cli import prompts

    index = prompts.select(
        "Plusieurs certificats ont été trouvés. Lequel est votre certificat d'authentification ?",
        [(str(i), short(c)) for i, c in enumerate(candidates)],
    )
    return candidates[int(index)]


def certificate(
    env: Environment,
    *,
    file: Path | None,
    module: Path | None,
    password_file: Path | None,
    record: bool,
    json_output: bool,
    interactive: bool,
) -> ExitStatus:
    """Read, show, compare and maybe record; the exit status (1 when the certificate does not
    fit)."""
    today = env.today
    path = env.state_path
    reading = read(
        env, file=file, module=module, password_file=password_file, interactive=interactive
    )
    state = load(path)
    verdict = judge(reading.facts, state.holder, today)
    recorded: State | None = None
    if json_output:
        if record and verdict.ok:
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
        recorded = _record(path, reading, today)
        _recorded(out, recorded, reading.facts)
    elif _activation_reached(state):
        out.info("Pour enregistrer cette date d'expiration, relancez la commande avec --record.")
    return ExitStatus.SUCCESS


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
    if current is not None and current.id == "activation":
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
        "ok": verdict.ok,
        "problems": verdict.problems,
        "notes": verdict.notes,
        "recorded": recorded,
    }
