"""``calendar --alarms``: the thresholds of ``remind`` as several VALARMs per event, parsed
back with icalendar; past ones left out, the ID's own reminder kept."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from icalendar import Calendar

from conftest import EXAMPLE_ANSWERS, Runner


def alarms_by_event(path: Path) -> dict[str, list[dt.timedelta]]:
    calendar = Calendar.from_ical(path.read_bytes())
    return {
        str(event["uid"]).split("-cycle")[0]: [a["trigger"].dt for a in event.walk("VALARM")]
        for event in calendar.walk("VEVENT")
    }


def ring(days: int) -> dt.timedelta:
    """The trigger of an alarm ``days`` before an all-day event, at 09:00."""
    return -dt.timedelta(days=days) + dt.timedelta(hours=9)


def test_default_and_chosen_alarms(cli: Runner, state_file: Path, tmp_path: Path) -> None:
    assert cli("start", "--answers", str(EXAMPLE_ANSWERS)).code == 0
    default = tmp_path / "defaut.ics"
    assert cli("calendar", "-o", str(default)).code == 0
    found = alarms_by_event(default)
    assert found["cert-expiry"] == [ring(365), ring(90), ring(30), ring(7)]
    assert found["renewal-start"] == [ring(365), ring(90), ring(30), ring(7)]
    assert found["delivery"] == []  # done: no reminder

    chosen = tmp_path / "choisi.ics"
    result = cli("calendar", "-o", str(chosen), "--alarms", "60,14,1")
    assert result.code == 0, result.err
    assert alarms_by_event(chosen)["cert-expiry"] == [ring(60), ring(14), ring(1)]

    # Ten days before the expiry: the alarms already past are left out, the nearest kept.
    late = tmp_path / "tard.ics"
    assert cli("calendar", "-o", str(late), today="2029-10-10").code == 0
    assert alarms_by_event(late)["cert-expiry"] == [ring(7)]


def test_bad_alarms_on_calendar(cli: Runner, state_file: Path, tmp_path: Path) -> None:
    assert cli("start", "--answers", str(EXAMPLE_ANSWERS)).code == 0
    result = cli("calendar", "-o", str(tmp_path / "x.ics"), "--alarms", "demain")
    assert result.code == 2
    assert "--alarms attend des nombres de jours" in result.err
    assert not (tmp_path / "x.ics").exists()
