"""Terminal layout of French text: lines break at ASCII spaces only, with rich's public API."""

from __future__ import annotations

import io
import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from rich.panel import Panel

from opalexe_cert.cli.typeset import FrenchConsole

SRC = Path(__file__).resolve().parent.parent / "src"
SENTENCE = (
    "Cliquez sur « Suivant » puis choisissez l'option n° 1 : c'est la [bold]bonne[/] "
    "solution ; comptez 3 à 6 semaines !"
)


def rendered(width: int, *objects: object) -> list[str]:
    buffer = io.StringIO()
    console = FrenchConsole(file=buffer, width=width, force_terminal=True, color_system=None)
    console.print(*objects)
    return buffer.getvalue().split("\n")[:-1]


@given(st.integers(min_value=20, max_value=120))
def test_no_break_space_holds_at_every_width(width: int) -> None:
    """Down to 20 columns, where the longest unbreakable word still fits."""
    lines = rendered(width, SENTENCE)
    for line in lines:
        assert line == line.rstrip()
        assert not line.endswith("«") and not line.lstrip().startswith(("»", ":", ";", "!"))
    words = " ".join(lines).replace("\u00a0", "~").replace("\u202f", "^").split(" ")
    assert "«~Suivant~»" in words and "n°~1~:" in words and "3~à~6~semaines^!" in words


def test_lines_fit_the_width_and_keep_the_text() -> None:
    lines = rendered(30, SENTENCE)
    assert len(lines) > 2 and all(len(line) <= 30 for line in lines)
    assert " ".join(lines).startswith("Cliquez sur «\u00a0Suivant\u00a0» puis choisissez l’option")


def test_a_panel_wraps_its_text_between_words() -> None:
    lines = rendered(40, Panel(SENTENCE, title="Étape"))
    inner = [line.strip("│ ") for line in lines[1:-1]]
    assert all(not line.endswith("«") for line in inner)
    assert any("«\u00a0Suivant\u00a0»" in line for line in inner)


def test_no_private_name_of_rich_typer_or_click_is_imported() -> None:
    private = re.compile(
        r"^\s*(from|import)\s+(rich|typer|click|questionary|httpx|pkcs11|cryptography|reportlab|pydantic)(\.\w+)*\._",
        re.M,
    )
    private_from = re.compile(r"^\s*from\s+(rich|typer|click)[\w.]*\s+import\s+.*\b_[a-z]", re.M)
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not private.search(text), path
        assert not private_from.search(text), path


def test_a_list_item_hangs_under_its_text() -> None:
    item = "  1. La lettre au Président (lettre-president.pdf), datée et signée, avec « Suivant »."
    lines = rendered(40, "Titre :\n" + item)
    assert lines[0] == "Titre\u00a0:"
    assert lines[1].startswith("  1. La lettre")
    assert all(line.startswith("     ") and line[5] != " " for line in lines[2:])
    assert len(lines) > 2


@given(st.integers(min_value=30, max_value=100))
def test_a_date_a_siren_a_town_and_a_surname_stay_on_one_line(width: int) -> None:
    """As on paper: « 28 février 2027 », « 732 829 320 », « 33000 BORDEAUX »,
    « de La ROCHEFOUCAULD » and a command to type are never split at the end of a line."""
    sentence = (
        "Demande de réinscription à déposer au plus tard le 28 février 2027 pour le SIREN "
        "732 829 320 de Mme Anne de La ROCHEFOUCAULD, domiciliée à 33000 BORDEAUX : "
        "ajoutez les échéances à votre agenda avec opalexe-cert calendar."
    )
    lines = [line.strip() for line in rendered(width, sentence)]
    joined = "\n".join(lines)
    for together in (
        "28 février 2027",
        "732 829 320",
        "de La ROCHEFOUCAULD",
        "33000 BORDEAUX",
        "opalexe-cert calendar",
    ):
        assert together in joined, (width, joined)
