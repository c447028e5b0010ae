"""The timeline of ``status``: one line per deadline with its bar against today, whole at 80
columns in a pseudo-terminal, coloured there unless ``NO_COLOR``, plain in a pipe."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from opalexe_cert.cli.timeline import bar
from opalexe_cert.domain.deadlines import deadlines
from opalexe_cert.domain.state import Cycle, State

from conftest import EXAMPLE_ANSWERS, Runner
from wizard_support import Terminal

D = dt.date
NAMES = ("Envoi du dossier", "Livraison", "Renouvellement", "Pièce d'identité", "Fin du certificat")


def frise(text: str) -> list[str]:
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Frise des échéances"))
    return [line for line in lines[start + 1 :] if line.startswith(" ") and "┃" in line]


def one(state: State, today: dt.date, deadline_id: str) -> tuple[str, str, str]:
    (found,) = [d for d in deadlines(state, today) if d.id == deadline_id]
    return bar(found, today)


def test_the_bar_against_today() -> None:
    state = State(cycle=Cycle(answers={"account.date": "2026-09-01"}))
    before, window, after = one(state, D(2026, 9, 1), "preparation")  # its first day
    assert before == "" and window.startswith("┃━") and after == ""
    assert len(before + window + after) == 20
    before, window, after = one(state, D(2026, 9, 16), "preparation")  # halfway
    assert set(window) == {"━", "┃"} and window.index("┃") in (9, 10)
    before, window, after = one(state, D(2026, 10, 31), "preparation")  # a month late
    assert set(window) == {"╳"} and after.endswith("┃") and set(after[:-1]) <= {"·"}
    sent = State(cycle=Cycle(answers={"account.date": "2026-09-01", "order_form.date": "2026-09-01",
        "payment.date": "2026-09-02", "order_email.date": "2026-09-02",
        "president_mail.date": "2026-09-04", "president_return.date": "2026-09-15",
        "certeurope_mail.date": "2026-09-16"}))  # fmt: skip
    before, window, after = one(sent, D(2026, 9, 20), "preparation")
    assert set(window) == {"═", "┃"}  # met in time, today inside it


def test_in_a_pipe_plain_whole_lines(cli: Runner, state_file: Path) -> None:
    assert cli("start", "--answers", str(EXAMPLE_ANSWERS)).code == 0
    result = cli("status", today="2029-09-01", env={"COLUMNS": "80"})
    assert result.code == 0, result.err
    assert "\x1b[" not in result.raw_out
    lines = frise(result.out)
    assert [line[1:18].rstrip() for line in lines] == [
        "Envoi du dossier",
        "Livraison",
        "Renouvellement",
        "Pièce d'identité",
        "Fin du certificat",
    ]
    assert all(len(line) <= 80 for line in lines)
    renewal = lines[2]
    assert renewal.endswith("20 juil. → 20 août 2029 urgent")
    assert "━" in renewal


@pytest.mark.parametrize("no_color", [False, True])
def test_at_80_columns_in_a_terminal(
    cli: Runner, state_file: Path, terminals: list[Terminal], no_color: bool
) -> None:
    assert cli("start", "--answers", str(EXAMPLE_ANSWERS)).code == 0
    extra = {"NO_COLOR": "1"} if no_color else {}
    terminal = Terminal(state_file, "2029-09-01", command="status", cols=80, **extra)
    terminals.append(terminal)
    assert terminal.finish() == 0
    screen = terminal.screen
    rows = [i for i, line in enumerate(screen.display) if "┃" in line and line.startswith(" ")]
    assert len(rows) == len(NAMES)
    for row, name in zip(rows, NAMES, strict=True):
        shown = screen.display[row].replace("’", "'")
        assert shown.startswith(f" {name}")
        assert shown.rstrip().endswith(
            ("à venir", "urgent", "fait", "en cours", "en retard", "sans objet")
        )
    renewal = rows[2]
    cells = [screen.buffer[renewal][col] for col in range(80)]
    painted = {c.fg for c in cells if c.data == "━"}
    assert painted == ({"default"} if no_color else {"brown"})  # pyte calls ANSI yellow brown
