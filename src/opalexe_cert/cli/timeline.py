"""The timeline of ``status``: one line per deadline, its window as a bar against today.

Each line fits 80 columns (78 at most with two years in its dates): a short name, a bar
where the deadline's window is drawn ``━`` (late ``╳``, met ``═``), today ``┃`` and the days
around it ``·``, then the window's dates and its state in a word. In colour on a terminal
(the state's colour), plain in a pipe or with ``NO_COLOR``: the characters alone tell the
states apart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from opalexe_cert.cli.markup import escape
from opalexe_cert.cli.output import Output
from opalexe_cert.domain.compact import SHORT_TITLES, short_date
from opalexe_cert.domain.deadlines import Deadline

BAR = 20
NAME = 17
TODAY = "┃"
OUTSIDE = "·"
WORDS = {
    "upcoming": "à venir",
    "open": "en cours",
    "urgent": "urgent",
    "overdue": "en retard",
    "met": "fait",
}


MIN_BAR = 8  # narrower, a bar no longer shows where today stands in the window


def _word(d: Deadline) -> str:
    """The deadline's state in a word or two."""
    if d.state == "met" and d.why_moot:
        return "sans objet"  # not « fait »
    return "fait (retard)" if d.state == "met" and d.late_days else WORDS[d.state]


def _late(d: Deadline) -> bool:
    return d.state == "overdue" or bool(d.late_days)


def bar(d: Deadline, today: dt.date, width: int = BAR) -> tuple[str, str, str]:
    """The bar in three pieces, before, during and after the window (today among them)."""
    first, last = min(d.start, today), max(d.end, today)
    span = max(1, (last - first).days)

    def column(day: dt.date) -> int:
        return round((day - first).days / span * (width - 1))

    start, end, now = column(d.start), column(d.end), column(today)
    fill = "╳" if _late(d) else "═" if d.state == "met" else "━"
    cells = [OUTSIDE] * width
    for index in range(start, end + 1):
        cells[index] = fill
    cells[now] = TODAY
    return "".join(cells[:start]), "".join(cells[start : end + 1]), "".join(cells[end + 1 :])


def dates(d: Deadline) -> str:
    """``7 oct. → 28 oct. 2026`` (the first year left out when it is the same)."""
    same = d.start.year == d.end.year
    return f"{short_date(d.start, year=not same)} → {short_date(d.end)}"


def render(
    out: Output, found: Sequence[Deadline], today: dt.date, styles: Mapping[str, str]
) -> None:
    """Print the timeline of ``found``, coloured with ``styles`` (a rich style per state)."""
    if not found:
        return
    out.say(f"\n[bold]Frise des échéances[/] ({TODAY} : aujourd'hui)")
    # A narrow terminal (60 columns) gets shorter bars and, if need be, the dates under the
    # bar, rather than lines cut mid-word by the terminal.
    columns = out.console.width if out.terminal else 10_000  # a pipe: whole lines
    longest = max(len(f" {dates(d)} {_word(d)}") for d in found)
    width = max(MIN_BAR, min(BAR, columns - 1 - NAME - 1 - longest))
    under = 1 + NAME + 1 + width + longest > columns
    width = max(MIN_BAR, min(BAR, columns - 1 - NAME - 1)) if under else width
    for d in found:
        before, window, after = bar(d, today, width)
        style = "yellow" if d.state == "met" and d.late_days else styles.get(d.state, "")
        name = SHORT_TITLES.get(d.id, d.title)[:NAME].ljust(NAME)
        word = _word(d)
        painted = f"[{style}]{escape(window)}[/]" if style else escape(window)
        line = (
            f" {escape(name)} {escape(before)}{painted}{escape(after)}"
            + ("\n" + " " * (NAME + 1) if under else "")
            + f" {escape(dates(d))} [{style or 'default'}]{escape(word)}[/]"
        )
        out.line(line)
