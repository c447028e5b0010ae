"""``opalexe-cert start`` and ``renew``: drive the procedure and save after every answer."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from opalexe_cert.adapters.atomic import read_bytes
from opalexe_cert.adapters.sirene_settings import SireneSettings
from opalexe_cert.adapters.store import writer
from opalexe_cert.cli.environment import Environment
from opalexe_cert.cli.output import Output
from opalexe_cert.domain import engine, texts
from opalexe_cert.domain.dates import format_date
from opalexe_cert.domain.errors import InputError, MissingAnswerError, NoProgressError, os_reason
from opalexe_cert.domain.fields import AnswerValue, not_given, validate
from opalexe_cert.domain.flow import FileAnswers, Lookup, OfflineCause, correct, reverify, run
from opalexe_cert.domain.procedure import FIELDS, STEP_IDS, STEPS, Step, step
from opalexe_cert.domain.state import State
from opalexe_cert.domain.vocabulary import StepId

if TYPE_CHECKING:
    from opalexe_cert.adapters.sirene import SireneClient


def read_answers(path: Path) -> dict[str, AnswerValue]:
    """An answers file: a JSON object of ``"<step>.<field>": value`` (or nested by step)."""
    try:
        data = json.loads(read_bytes(path).decode("utf-8"))
    except FileNotFoundError:
        raise InputError(f"Le fichier de réponses {path} n'existe pas.") from None
    except OSError as exc:
        raise InputError(
            f"Le fichier de réponses {path} est illisible : {os_reason(exc)}."
        ) from None
    except UnicodeDecodeError:
        raise InputError(
            f"Le fichier de réponses {path} est illisible : il n'est pas écrit en UTF-8."
        ) from None
    except json.JSONDecodeError as exc:
        raise InputError(
            f"Le fichier de réponses {path} n'est pas du JSON valide "
            f"(ligne {exc.lineno}, colonne {exc.colno})."
        ) from None
    except (ValueError, RecursionError):  # a number of thousands of digits, nesting too deep
        raise InputError(
            f"Le fichier de réponses {path} contient un nombre démesuré ou des valeurs "
            "imbriquées trop profondément."
        ) from None
    if not isinstance(data, dict):
        raise InputError(f"Le fichier de réponses {path} doit contenir un objet JSON {{…}}.")
    flat: dict[str, AnswerValue] = {}
    for key, value in data.items():
        if isinstance(value, dict) and key in {s.id for s in STEPS}:
            flat.update({f"{key}.{name}": v for name, v in value.items()})
        else:
            flat[key] = value
    unknown = sorted(k for k in flat if k not in FIELDS)
    if unknown:
        raise InputError(
            f"Clé(s) inconnue(s) dans {path} : {', '.join(unknown)}. "
            "Les clés possibles sont décrites dans le README."
        )
    # null, "" or spaces: not given, as if the key were absent (for the file and the wizard)
    return {key: value for key, value in flat.items() if not not_given(value)}


def start(
    env: Environment,
    *,
    answers_file: Path | None,
    interactive: bool,
    step_id: str | None = None,
) -> None:
    """Resume the procedure at the current step (or correct ``step_id``).

    In a terminal the wizard asks what the answers file (if any) does not give; otherwise the
    file's answers are applied and the run stops at the first missing one.
    """
    answers = read_answers(answers_file) if answers_file else {}
    correction = step_to_correct(step_id) if step_id else None
    today = env.today
    path = env.state_path
    out = env.out
    settings = None if env.offline else env.sirene
    offline: OfflineCause = "option" if env.offline_option else "setting"
    with writer(path) as session, sirene_lookup(settings) as lookup:
        if correction is None:
            _warn_ignored(out, session.state, answers, today)
        if lookup is not None and _wants_reverify(out, session.state, interactive):
            state, message = reverify(session.state, lookup)
            session.save(state)
            if interactive and engine.identity_differences(state):
                from opalexe_cert.cli.wizard.session import settle_identity

                settle_identity(env, session, lookup)  # both identities shown, one chosen
            else:
                (out.info if state.holder.verified else out.warn)(message)
        if interactive:
            from opalexe_cert.cli.wizard.session import run_wizard

            run_wizard(env, session, lookup, preset=answers, correction=correction, offline=offline)
            return
        source = FileAnswers(answers, notify=out.warn, offline=offline)
        try:
            if correction is not None:
                state = correct(session, source, correction, today, lookup)
            else:
                state = run(session, source, today, lookup)
        except (MissingAnswerError, NoProgressError) as exc:
            raise InputError(
                f"{exc.message}\nLes réponses précédentes sont enregistrées dans {path} ; "
                "ajoutez cette réponse puis relancez la commande pour reprendre ici."
            ) from None
        session.save(state)
    _summary(out, state)


def _wants_reverify(out: Output, state: State, interactive: bool) -> bool:
    """A SIREN recorded unverified is checked again: silently from a file, on request in the
    wizard."""
    siren = state.holder.siren
    if not siren or state.holder.verified or state.cycle.lookup is not None:
        return False  # verified, or SIRENE already answered (the expert kept their identity)
    if not interactive:
        return True
    from opalexe_cert.cli import prompts

    return prompts.yes_no(
        out,
        f"Votre SIREN {siren} n'a pas encore pu être vérifié dans la base SIRENE. "
        "Le vérifier maintenant ?",
    )


@contextmanager
def sirene_lookup(settings: SireneSettings | None) -> Iterator[Lookup | None]:
    """The SIRENE look-up for this run (one HTTP client), or ``None`` when offline.

    The client of the default service is made at the first look-up: its module is not
    imported before the wizard's first question (about a tenth of the time to it). INSEE's
    is made at once, so that a missing key is still said before any question.
    """
    if settings is None:
        yield None
        return
    with ExitStack() as clients:
        made: list[SireneClient] = []

        def client() -> SireneClient:
            if not made:
                from opalexe_cert.adapters.sirene import client_for

                made.append(clients.enter_context(client_for(settings)))
            return made[0]

        if settings.source == "insee":
            client()
        yield lambda siren: client().lookup(siren)


def step_to_correct(step_id: str) -> Step:
    """The step named by ``--step``; an unknown id is refused with the list of ids."""
    try:
        return step(StepId(step_id))
    except ValueError:
        raise InputError(
            f"Étape inconnue : « {step_id} ». Étapes possibles : {', '.join(STEP_IDS)}."
        ) from None


def _warn_ignored(
    out: Output, state: State, answers: dict[str, AnswerValue], today: dt.date
) -> None:
    """Answers for steps already done are not replayed: say so when they really differ.

    Values are compared in their recorded form, so ``"123 456 782"`` matches ``123456782``.
    """
    for key, value in answers.items():
        recorded = state.answers.get(key)
        try:
            canonical = validate(FIELDS[key], value, today, required=False)
        except ValueError:
            canonical = value
        if key in state.answers and recorded != canonical and _is_done_step(state, key):
            out.warn(
                f"« {key} » est déjà enregistrée ({recorded!r}) pour une étape terminée : la "
                "valeur du fichier est ignorée."
            )


def _is_done_step(state: State, key: str) -> bool:
    return engine.is_done(state, step(FIELDS[key].step))


def _summary(out: Output, state: State) -> None:
    current = engine.current_step(state)
    if current is None:
        from opalexe_cert.domain import guide
        from opalexe_cert.domain.deadlines import cert_expiry, renewal_window

        expiry = cert_expiry(state)
        out.info("Procédure terminée : votre certificat est activé.")
        window = renewal_window(state)
        if expiry and window:
            out.info(
                f"Il expire le {format_date(expiry)} : commencez la nouvelle demande entre le "
                f"{format_date(window[0])} et le {format_date(window[1])} "
                f"({guide.RENEWAL.text} avant), avec « opalexe-cert renew »."
            )
        return
    out.info(
        f"Étape en cours : {texts.title(state, current)}. {texts.render(current.action, state)}"
    )


def renew(
    env: Environment, *, force: bool = False, cancel: bool = False, interactive: bool
) -> None:
    """Archive the finished cycle and start the renewal from the portal account.

    Before the renewal window opens, a person is asked to confirm, with the window's dates; a
    script must say ``--force`` (else exit 2, nothing changed). ``cancel`` undoes a renewal in
    which nothing was recorded yet.
    """
    today = env.today
    out = env.out
    with writer(env.state_path) as session:
        if cancel:
            state = engine.cancel_renewal(session.state)
            session.save(state)
            out.info(
                f"Renouvellement annulé : la demande n° {state.cycle.number} est de nouveau la "
                "demande en cours, telle qu'elle était avant « opalexe-cert renew »."
            )
            return
        early = _early_renewal(session.state, today)
        if early is not None and not force:
            if not interactive:
                raise InputError(
                    f"{early} Pour commencer quand même, relancez avec "
                    "« opalexe-cert renew --force »."
                )
            from opalexe_cert.cli import prompts

            if not prompts.yes_no(out, f"{early} Commencer quand même ?", default=False):
                out.info("Renouvellement non commencé : rien n'a été modifié.")
                return
        state = engine.start_renewal(session.state, today)
        session.save(state)
    out.info(
        f"Renouvellement commencé (demande n° {state.cycle.number}). Votre profil et votre "
        "identité sont conservés ; lancez « opalexe-cert start » pour continuer. Pour "
        "l'annuler tant que rien n'est enregistré : « opalexe-cert renew --cancel »."
    )


def _early_renewal(state: State, today: dt.date) -> str | None:
    """Why renewing today is early (before the renewal window), or ``None``."""
    from opalexe_cert.domain import guide
    from opalexe_cert.domain.deadlines import cert_expiry, renewal_window

    window, expiry = renewal_window(state), cert_expiry(state)
    if window is None or expiry is None or today >= window[0] or not engine.is_complete(state):
        return None
    return (
        f"Votre certificat expire le {format_date(expiry)}. Le renouvellement se fait "
        f"{guide.RENEWAL.text} avant, entre le {format_date(window[0])} et le "
        f"{format_date(window[1])} ; nous sommes le {format_date(today)}, avant cette période."
    )
