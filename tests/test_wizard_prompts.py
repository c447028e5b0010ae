"""The wizard's French prompts, driven by keys through prompt_toolkit's pipe input."""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
from collections.abc import Callable
from typing import TextIO, cast

import pytest

from opalexe_cert.cli import prompts
from opalexe_cert.cli.output import Output, Style
from opalexe_cert.domain.fields import normalize_address

from wizard_support import keys, output

DOWN, UP, ENTER, CTRL_C, CTRL_D, CLEAR = "\x1b[B", "\x1b[A", "\r", "\x03", "\x04", "\x15"


def test_yes_no_takes_the_default_on_enter() -> None:
    with keys(ENTER):
        assert prompts.yes_no(output(), "Avez-vous payé ?") is True
    with keys(ENTER):
        assert prompts.yes_no(output(), "Avez-vous payé ?", default=False) is False


def test_yes_no_non_with_the_arrow_key() -> None:
    with keys(DOWN + ENTER):
        assert prompts.yes_no(output(), "Avez-vous payé ?") is False
    with keys(DOWN + UP + ENTER):
        assert prompts.yes_no(output(), "Avez-vous payé ?") is True


def test_select_returns_the_value_not_the_label() -> None:
    choices = [("card", "Carte d'expert"), ("usb_key", "Clé USB")]
    with keys(DOWN + ENTER):
        assert prompts.select(output(), "Support", choices) == "usb_key"
    with keys(ENTER):
        assert prompts.select(output(), "Support", choices, default="usb_key") == "usb_key"


@pytest.mark.parametrize("typed", ["26/11/2026", "2026-11-26", "26.11.2026", " 26/11/2026 "])
def test_date_in_both_formats(typed: str) -> None:
    with keys(typed + ENTER):
        assert prompts.date(output(), "Date") == dt.date(2026, 11, 26)


def test_date_default_is_taken_on_enter_and_replaced_by_typing() -> None:
    with keys(ENTER):
        assert prompts.date(output(), "Date", dt.date(2026, 9, 1)) == dt.date(2026, 9, 1)
    with keys("02/09/2026" + ENTER):
        assert prompts.date(output(), "Date", dt.date(2026, 9, 1)) == dt.date(2026, 9, 2)


def test_a_wrong_date_is_asked_again() -> None:
    with keys("31/02/2026" + ENTER + CLEAR + "28/02/2026" + ENTER):
        assert prompts.date(output(), "Date") == dt.date(2026, 2, 28)


def test_a_date_refused_by_the_check_is_asked_again() -> None:
    def not_in_future(typed: str) -> str | None:
        return "la date est dans le futur" if "2027" in typed else None

    with keys("01/01/2027" + ENTER + CLEAR + "01/01/2026" + ENTER):
        assert prompts.date(output(), "Date", check=not_in_future) == dt.date(2026, 1, 1)


def test_text_is_checked_and_asked_again() -> None:
    def email(typed: str) -> str | None:
        return None if "@" in typed else "adresse invalide"

    with keys("jeanne" + ENTER + "@example.fr" + ENTER):
        assert prompts.text(output(), "Courriel", check=email) == "jeanne@example.fr"


def test_required_text_refuses_an_empty_answer() -> None:
    with keys(ENTER + "Dupont" + ENTER):
        assert prompts.text(output(), "Nom") == "Dupont"


def test_optional_text_may_be_left_empty() -> None:
    with keys(ENTER):
        assert prompts.text(output(), "Référence", optional=True) is None


def test_text_default_is_prefilled_and_editable() -> None:
    with keys(ENTER):
        assert prompts.text(output(), "Nom", "Dupont") == "Dupont"
    with keys("-Martin" + ENTER):
        assert prompts.text(output(), "Nom", "Dupont") == "Dupont-Martin"


def test_address_ends_with_the_postal_code_line() -> None:
    with keys("Bâtiment A" + ENTER + "12 rue des Lilas" + ENTER + "33000 Bordeaux" + ENTER):
        typed = prompts.address(output(), "Adresse")
    assert typed == "Bâtiment A\n12 rue des Lilas\n33000 Bordeaux"


def test_address_refuses_a_postal_code_on_the_first_line() -> None:
    with keys("33000 Bordeaux" + ENTER + CLEAR + "12 rue des Lilas" + ENTER + "33000 Bordeaux\r"):
        assert prompts.address(output(), "Adresse") == "12 rue des Lilas\n33000 Bordeaux"


def test_address_defaults_prefill_each_line() -> None:
    with keys(ENTER + ENTER):
        assert prompts.address(output(), "Adresse", "12 rue des Lilas\n33000 BORDEAUX") == (
            "12 rue des Lilas\n33000 BORDEAUX"
        )


def test_address_refused_as_a_whole_is_asked_again(capsys: pytest.CaptureFixture[str]) -> None:
    def check(typed: str) -> str | None:
        try:
            normalize_address(typed)
        except ValueError as exc:
            return str(exc)
        return "trop court" if len(typed) < 25 else None

    with keys(
        "1 rue A" + ENTER + "33000 Pau" + ENTER + "12 rue des Lilas" + ENTER + "33000 Bordeaux\r"
    ):
        assert (
            prompts.address(output(), "Adresse", check=check) == "12 rue des Lilas\n33000 Bordeaux"
        )
    assert "Trop court. Recommencez l’adresse." in capsys.readouterr().out


def test_sixth_address_line_must_be_the_postal_code() -> None:
    lines = "".join(f"ligne {n}{ENTER}" for n in range(1, 6))
    with keys(lines + "ligne 6" + ENTER + CLEAR + "33000 Bordeaux" + ENTER):
        assert prompts.address(output(), "Adresse").split("\n")[-1] == "33000 Bordeaux"


@pytest.mark.parametrize("key", [CTRL_C, CTRL_D])
def test_ctrl_c_and_ctrl_d_interrupt_a_select(key: str) -> None:
    # Enter after the key would answer *Non* if the key were ignored.
    with keys(DOWN + key + ENTER), pytest.raises(KeyboardInterrupt):
        prompts.yes_no(output(), "Avez-vous payé ?")


@pytest.mark.parametrize("key", [CTRL_C, CTRL_D])
def test_ctrl_c_and_ctrl_d_interrupt_a_text(key: str) -> None:
    with keys("Dupont" + key + ENTER), pytest.raises(KeyboardInterrupt):
        prompts.text(output(), "Nom")


def test_ctrl_c_interrupts_a_date() -> None:
    with keys("26/11/2026" + CTRL_C + ENTER), pytest.raises(KeyboardInterrupt):
        prompts.date(output(), "Date")


def test_a_refused_optional_answer_is_put_back_and_erasing_it_skips_the_question() -> None:
    def amount(typed: str) -> str | None:
        return None if typed.isdigit() else "montant invalide"

    with keys("abc" + ENTER + CLEAR + ENTER):
        assert prompts.text(output(), "Montant", check=amount, optional=True) is None
    # what the field says Enter does, once the refused answer is back in it
    back = prompts._text_hint("abc", optional=True, suggestion="", refilled=True)
    assert "passer" in back and "Entrée" not in back
    assert prompts._text_hint("abc", optional=False, suggestion="", refilled=True) == ""
    assert "garder" in prompts._text_hint("abc", optional=False, suggestion="", refilled=False)


def test_a_refused_answer_is_quoted_exactly_as_typed(capsys: pytest.CaptureFixture[str]) -> None:
    def email(typed: str) -> str | None:
        return None if "@" in typed else f"« {typed} » n'est pas une adresse électronique"

    with keys("x; y" + ENTER + CLEAR + "x@y.fr" + ENTER):
        assert prompts.text(output(), "Courriel", check=email) == "x@y.fr"
    shown = capsys.readouterr().out
    assert "«\xa0x; y\xa0» n’est pas une adresse électronique." in shown  # ours is typeset
    assert "? Courriel x; y" in shown and "x ; y" not in shown
    assert "\ue000" not in shown and "\ue001" not in shown


def test_a_town_without_its_postal_code_is_told_to_end_the_address(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with keys("12 rue des Lilas" + ENTER + "Bordeaux" + ENTER + "33000 Bordeaux" + ENTER):
        typed = prompts.address(output(), "Adresse")
    assert typed == "12 rue des Lilas\nBordeaux\n33000 Bordeaux"
    shown = capsys.readouterr().out.replace("\u00a0", " ")
    assert "l’adresse se termine par la ligne du code postal et de la ville." in shown
    assert "? Ligne 3 (ou code postal et ville) 33000 Bordeaux" in shown


def test_with_the_output_redirected_the_explanations_go_with_the_questions(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    class Terminal(io.TextIOBase):
        """The error stream as a terminal (``> file``: the output is not one)."""

        def write(self, text: str) -> int:
            return sys.stderr.write(text)

        def isatty(self) -> bool:
            return True

    # a terminal without colours (``TERM=dumb``), 80 columns: its text reads as written
    out = Output(sys.stdout, cast(TextIO, Terminal()), Style(color_system=None, width=80))
    assert out.redirected
    monkeypatch.setattr(prompts, "_screen", lambda out: {})  # the keys' own screen, in the test
    typed = "33000 Bordeaux" + ENTER + CLEAR + "12 rue des Lilas" + ENTER + "33000 Bordeaux"
    with keys(typed + ENTER + ENTER):
        prompts.address(out, "Adresse", printed=lambda text: text.upper().split("\n"))
    said = capsys.readouterr()
    assert "Une ligne à la fois" in said.err and "Une ligne à la fois" not in said.out
    assert "✘ Commencez par le numéro" in said.err
    assert "L’adresse telle qu’elle sera imprimée" in said.err and "12 RUE" in said.err
    # the question answered stays on the terminal, where it was asked
    assert "? Cette adresse est-elle correcte\u202f? Oui" in said.err and said.out == ""


CHOICES = [("a", "Première"), ("b", "Deuxième"), ("c", "Troisième")]


@pytest.mark.parametrize(
    ("typed", "chosen"),
    [
        ("\x0e" + ENTER, "b"),  # Ctrl-N / Ctrl-P
        ("\x0e\x0e\x10" + ENTER, "b"),
        (DOWN + DOWN + DOWN + ENTER, "a"),  # past the last choice: back to the first
        (UP + ENTER, "c"),
        ("x" + "2" + " " + ENTER, "a"),  # no text is typed into a list
        ("jean.martin@example.fr" + ENTER, "a"),  # not even j or k (questionary's vi keys)
        (DOWN + "kkk" + ENTER, "b"),
    ],
)
def test_select_keys(typed: str, chosen: str) -> None:
    with keys(typed):
        assert prompts.select(output(), "Laquelle", CHOICES) == chosen


def test_ctrl_q_interrupts_a_select() -> None:
    with keys("\x11"), pytest.raises(KeyboardInterrupt):
        prompts.select(output(), "Laquelle", CHOICES)


def drawn(ask: Callable[[], object], typed: str = ENTER) -> str:
    """The text a question ``ask`` draws on an 80-column terminal while ``typed`` is typed,
    without the terminal's control codes."""
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.data_structures import Size
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output.vt100 import Vt100_Output

    screen = io.StringIO()
    terminal = Vt100_Output(screen, lambda: Size(rows=24, columns=80), term="xterm")
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=terminal):
        pipe.send_text(typed)
        ask()
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen.getvalue())


def drawn_select(choices: list[tuple[str, str]]) -> str:
    """What a ``select`` over ``choices`` draws, answered with Enter."""
    return drawn(lambda: prompts.select(output(), "Laquelle", choices))


HINT = prompts.SELECT_HINT.replace("\u00a0", " ")  # drawn with plain spaces


def test_select_draws_the_question_its_hint_and_the_pointed_choice() -> None:
    """What the expert sees: the question and its hint on one line (the hidden cursor after
    them), then the choices, the first one pointed at."""
    drawn = drawn_select(CHOICES)
    assert f"? Laquelle {HINT}\r\n » Première\r\n   Deuxième\r\n   Troisième" in drawn


def test_a_hint_sent_to_the_next_line_starts_it() -> None:
    """With a choice too long to be shown after the question once answered, the hint goes
    to the next line, at its start like the question's other lines."""
    long = "Une compagnie au nom si long que sa ligne remplit presque le terminal"
    drawn = drawn_select([("a", long), ("b", "Une autre")])
    assert f"? Laquelle\r\n{HINT}\r\n » {long}" in drawn


def test_an_answer_sent_to_the_next_line_starts_it() -> None:
    """A question that fills its line leaves the answer to the next one, typed from its first
    column like the question's other lines (questionary's text put one space before it)."""
    from opalexe_cert.cli.picker import _question

    assert _question("?", "Téléphone\n") == [
        ("class:qmark", "?"),
        ("class:question", " Téléphone\n"),
    ]
    assert _question("?", "Téléphone") == [("class:qmark", "?"), ("class:question", " Téléphone ")]
    question = "Votre numéro de téléphone, pour vos lettres, tel qu'il sera imprimé"
    shown = drawn(lambda: prompts.text(output(), question), "0612345678" + ENTER)
    assert shown.replace("’", "'").startswith(f"? {question}\r\n")  # the field on its own line
