"""The four deadlines of the guide, computed from the state and today's date.

Each deadline is one entry of ``DEADLINES``: how to find its window and how to tell its state.
A deadline whose start is not known yet (its step is not done) is not listed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from opalexe_cert.domain.dates import add_months
from opalexe_cert.domain.engine import is_done
from opalexe_cert.domain.procedure import step
from opalexe_cert.domain.state import State

DeadlineState = Literal["upcoming", "open", "urgent", "overdue", "met"]


@dataclass(frozen=True)
class Deadline:
    """A window of dates, with its state today and the advice that goes with it."""

    id: str
    title: str
    start: dt.date
    end: dt.date
    state: DeadlineState
    advice: str


@dataclass(frozen=True)
class Rule:
    """How one deadline is computed: its window from the state, its state from today."""

    id: str
    title: str
    window: Callable[[State], tuple[dt.date, dt.date] | None]
    judge: Callable[[State, dt.date, dt.date, dt.date], DeadlineState]
    advice: dict[DeadlineState, str]


def _done(step_id: str) -> Callable[[State], bool]:
    return lambda state: is_done(state, step(step_id))


# --- windows ---------------------------------------------------------------------------------


def _preparation(state: State) -> tuple[dt.date, dt.date] | None:
    start = state.date("account.date")
    return (start, add_months(start, 1)) if start else None


def _delivery(state: State) -> tuple[dt.date, dt.date] | None:
    sent = state.date("certeurope_mail.date")
    return (sent + dt.timedelta(weeks=3), sent + dt.timedelta(weeks=6)) if sent else None


def cert_expiry(state: State) -> dt.date | None:
    """The expiry of the certificate in force: this cycle's, or the last finished one's."""
    current = state.date("activation.cert_expiry")
    if current is not None:
        return current
    return state.history[-1].cert_expiry if state.history else None


def renewal_window(state: State) -> tuple[dt.date, dt.date] | None:
    """When to start the next request: 3 to 2 months before the certificate expires."""
    expiry = cert_expiry(state)
    return (add_months(expiry, -3), add_months(expiry, -2)) if expiry else None


def _id_validity(state: State) -> tuple[dt.date, dt.date] | None:
    expiry = state.date("president_mail.id_expiry")
    return (add_months(expiry, -3), expiry) if expiry else None


# --- states ----------------------------------------------------------------------------------


def _judge_preparation(state: State, today: dt.date, start: dt.date, end: dt.date) -> DeadlineState:
    if _done("certeurope_mail")(state):
        return "met"
    return "open" if today <= end else "overdue"


def _judge_delivery(state: State, today: dt.date, start: dt.date, end: dt.date) -> DeadlineState:
    if _done("delivery")(state):
        return "met"
    if today < start:
        return "upcoming"
    return "open" if today <= end else "overdue"


def _judge_renewal(state: State, today: dt.date, start: dt.date, end: dt.date) -> DeadlineState:
    if state.date("activation.cert_expiry") is None:  # the expiry is a finished cycle's
        return "met"
    expiry = cert_expiry(state)
    if today < start:
        return "upcoming"
    if today <= end:
        return "open"
    return "urgent" if expiry is None or today <= expiry else "overdue"


def _judge_id_validity(state: State, today: dt.date, start: dt.date, end: dt.date) -> DeadlineState:
    if _done("delivery")(state):
        return "met"
    if today < start:
        return "upcoming"
    return "urgent" if today <= end else "overdue"


DEADLINES: tuple[Rule, ...] = (
    Rule(
        "preparation",
        "Préparation du dossier",
        _preparation,
        _judge_preparation,
        {
            "open": "Environ 1 mois pour envoyer le dossier complet à CertEurope.",
            "overdue": "Le dossier aurait dû partir chez CertEurope : reprenez avec "
            "« opalexe-cert start ».",
            "met": "Dossier envoyé à CertEurope.",
        },
    ),
    Rule(
        "delivery",
        "Livraison du support",
        _delivery,
        _judge_delivery,
        {
            "upcoming": "Livraison attendue 3 à 6 semaines après l'envoi du dossier.",
            "open": "La livraison peut arriver à tout moment (3 à 6 semaines après l'envoi).",
            "overdue": "Toujours rien reçu ? Contactez le support de CertEurope "
            "(support@certeurope.fr pour la carte).",
            "met": "Support reçu.",
        },
    ),
    Rule(
        "renewal",
        "Renouvellement du certificat",
        renewal_window,
        _judge_renewal,
        {
            "upcoming": "À commencer 2 à 3 mois avant l'expiration du certificat.",
            "open": "C'est le moment de renouveler : lancez « opalexe-cert renew ».",
            "urgent": "Renouvelez sans attendre : le certificat expire bientôt.",
            "overdue": "Le certificat a expiré : lancez une nouvelle demande.",
            "met": "Nouvelle demande commencée.",
        },
    ),
    Rule(
        "id_validity",
        "Validité de la pièce d'identité envoyée",
        _id_validity,
        _judge_id_validity,
        {
            "upcoming": "Pièce d'identité valide.",
            "urgent": "La pièce d'identité expire bientôt : le dossier exige une pièce en "
            "cours de validité.",
            "overdue": "La pièce d'identité a expiré : envoyez la copie d'une pièce valide.",
            "met": "Support reçu : la pièce d'identité a rempli son office.",
        },
    ),
)


def deadlines(state: State, today: dt.date) -> list[Deadline]:
    """Every deadline whose start is known, with its state on ``today``."""
    result = []
    for rule in DEADLINES:
        window = rule.window(state)
        if window is None:
            continue
        start, end = window
        kind = rule.judge(state, today, start, end)
        result.append(Deadline(rule.id, rule.title, start, end, kind, rule.advice.get(kind, "")))
    return result


def opened_by(state: State, step_id: str, today: dt.date) -> list[Deadline]:
    """The deadlines that exist only because ``step_id`` is answered (to announce them)."""
    prefix = f"{step_id}."
    without = {k: v for k, v in state.answers.items() if not k.startswith(prefix)}
    before = state.model_copy(update={"cycle": state.cycle.model_copy(update={"answers": without})})
    known = {d.id for d in deadlines(before, today)}
    return [d for d in deadlines(state, today) if d.id not in known]
