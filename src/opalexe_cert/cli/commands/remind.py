"""``opalexe-cert remind``: the actions due, one line each, for cron, launchd and schtasks.

It reads the state without taking its lock (the file is always replaced whole, never written
in place), so a wizard left open in another window keeps it. The exit status says what is due:
0 nothing, 10 soon, 11 overdue.
"""

from __future__ import annotations

import json
from typing import Any

from opalexe_cert.adapters.store import load
from opalexe_cert.cli.environment import Environment
from opalexe_cert.cli.exit_status import ExitStatus
from opalexe_cert.domain.reminders import Reminder, check_within, reminders


def exit_status(found: list[Reminder]) -> ExitStatus:
    """11 when something is overdue, 10 when something is due soon, else 0."""
    if any(r.level == "overdue" for r in found):
        return ExitStatus.OVERDUE
    return ExitStatus.DUE_SOON if found else ExitStatus.SUCCESS


def remind_data(found: list[Reminder], env: Environment, alarms: tuple[int, ...]) -> Any:
    """What ``remind --json`` prints (keys in English, messages in French)."""
    return {
        "today": env.today.isoformat(),
        "alarms": list(alarms),
        "exit_status": int(exit_status(found)),
        "due": [
            {
                "key": r.key,
                "deadline": r.deadline.id,
                "title": r.deadline.title,
                "level": r.level,
                "due_on": r.due.isoformat(),
                "days_left": r.days_left,
                "threshold_days": r.threshold,
                "message": r.message,
            }
            for r in found
        ],
    }


def remind(
    env: Environment,
    *,
    alarms: tuple[int, ...],
    within: int | None,
    json_output: bool,
) -> int:
    """Print the actions due (nothing when none is) and return the exit status."""
    state = load(env.state_path)  # never locks, never creates: a missing state is empty
    found = reminders(state, env.today, alarms=alarms, within=check_within(within))
    if json_output:
        env.out.text(json.dumps(remind_data(found, env, alarms), ensure_ascii=False, indent=2))
    else:
        for reminder in found:
            env.out.info(reminder.message)
    return int(exit_status(found))
