"""What ``status`` reports, as plain data: the JSON contract of
``docs/schemas/status.schema.json``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from opalexe_cert.domain import engine, texts
from opalexe_cert.domain.deadlines import deadlines
from opalexe_cert.domain.facts import cycle_facts, facts_of, in_force_data
from opalexe_cert.domain.state import FinishedCycle, State


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _finished(cycle: FinishedCycle) -> dict[str, Any]:
    """A finished cycle, as ``history`` lists it."""
    done = facts_of(cycle.answers, cycle.number)
    return {
        "cycle": cycle.number,
        "completed_on": _iso(cycle.completed_on),
        "cert_expiry": _iso(cycle.cert_expiry),
        "offer": {"medium": done.medium, "handover": done.handover},
    }


def status_data(state: State, today: dt.date) -> dict[str, Any]:
    """The ``status --json`` object; its keys are a stable interface for scripts."""
    current = engine.current_step(state)
    holder = state.holder
    facts = cycle_facts(state)
    return {
        "today": today.isoformat(),
        "current_step": current.id if current else None,
        "steps": [
            {
                "id": v.step.id,
                "title": texts.title(state, v.step),
                "state": v.state,
                "date": _iso(v.date),
            }
            for v in engine.step_views(state)
        ],
        "deadlines": [
            {
                "id": d.id,
                "title": d.title,
                "start": d.start.isoformat(),
                "end": d.end.isoformat(),
                "state": d.state,
                **(
                    {"met_on": _iso(d.met_on), "late_days": d.late_days} if d.state == "met" else {}
                ),
                **({"started_on": _iso(d.started_on)} if d.begun else {}),
            }
            for d in deadlines(state, today)
        ],
        "holder": {
            "siren": holder.siren,
            "civility": holder.civility,
            "surname": holder.surname,
            "given_names": holder.given_names,
            "address": holder.address.text if holder.address else None,
            "verified": holder.verified,
            "siren_checked": engine.siren_checked(state),
        },
        "offer": {"medium": facts.medium, "handover": facts.handover},
        "certificate": in_force_data(state),
        "history": [_finished(c) for c in state.history],
    }
