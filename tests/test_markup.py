"""Messages written without rich into a pipe: the same text rich prints there, to the character.

``cli/markup.py`` reads our rich markup by rich's own rules, so that ``status`` in a pipe does
not import rich. These tests hold it to rich itself: on generated markup (tags, escapes,
backslashes, control characters), its ``escape`` is rich's, and its plain text is what a rich
console prints without a terminal, or ``None`` where rich does more (then the console prints).
"""

from __future__ import annotations

import io

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.errors import MarkupError
from rich.markup import escape as rich_escape

from opalexe_cert.cli.markup import escape, markup, plain
from opalexe_cert.cli.output import Output, Style

# Pieces that make tags, escapes and text in every combination rich tells apart.
PIECES = st.sampled_from(
    ["[", "]", "\\", "\\\\", "/", "@", "#", "=", " ", "a", "bold", "red", "[/]", "[bold]",
     "[/bold]", "[link=x]", "[@click]", "\t", "\r", "\x07", "\x1b", "\n", "é", "«\u00a0»", ":"]
)  # fmt: skip
MARKUP = st.lists(PIECES, max_size=14).map("".join)


def rich_prints(text: str) -> str:
    """What a rich console prints of ``text`` with no terminal (one line, no styles)."""
    stream = io.StringIO()
    console = Console(
        file=stream, force_terminal=False, color_system=None, highlight=False, emoji=False
    )
    console.print(text, soft_wrap=True)
    return stream.getvalue()


@settings(max_examples=400, deadline=None)
@given(MARKUP)
@example("x\\")
@example("\\[bold]")
@example("\\\\[bold]x[/]")
def test_escape_is_riches(text: str) -> None:
    assert escape(text) == rich_escape(text)


@settings(max_examples=600, deadline=None)
@given(MARKUP)
@example("[bold]Prochaine action :[/] \\[voir] a\\\\[/]")
@example("[/]")
@example("[@click]x[/]")
def test_plain_text_is_what_rich_prints_without_a_terminal(text: str) -> None:
    try:
        expected: str | None = rich_prints(text)
    except MarkupError:
        expected = None
    found = plain(text)
    if found is not None:
        assert found + "\n" == expected
    else:
        assert expected is None or "\t" in text or "[/" in text or "[@" in text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(exclude_characters="\\"), max_size=30))
def test_an_escaped_value_comes_back_as_typed(value: str) -> None:
    # Without a backslash: rich's escape leaves « \[ » where no tag starts, which rich
    # then prints « [ », and a backslash ending a value shows twice unless a tag follows.
    # Both ways of printing agree on that (the tests above).
    shown = plain(markup("[bold]Nom :[/] [bold]{value}[/]", value=value))
    if "\t" not in value:
        assert shown == "Nom : " + value.translate(dict.fromkeys((7, 8, 11, 12, 13)))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[bold]Étapes[/]", "Étapes"),
        ("\\[1] [green]✔[/] fait", "[1] ✔ fait"),
        ("[link=https://opalexe.fr]OPALEXE[/]", "OPALEXE"),
        ("ouvert [bold]jamais fermé", "ouvert jamais fermé"),
        ("a\tb", None),  # rich expands the tab
        ("[bold]a[/bold]", None),  # rich matches the name
        ("a[/]", None),  # rich refuses it
    ],
)
def test_plain_examples(text: str, expected: str | None) -> None:
    assert plain(text) == expected


@pytest.mark.parametrize("template", ["[bold]{v}[/] : fin", "{v}", " • [yellow]{v}[/]"])
@pytest.mark.parametrize("value", ["[/]", "x\\", "a\tb", "« Nom » : ok ?", "[bold red]x[/]"])
def test_a_pipe_gets_from_output_what_the_console_would_print(template: str, value: str) -> None:
    """``Output`` into a pipe writes plain text itself; the same message through its rich
    console (French typography included) gives the same characters."""
    stream, by_console = io.StringIO(), io.StringIO()
    Output(stream, io.StringIO(), Style(color_system=None)).say(template, v=value)
    Output(by_console, io.StringIO(), Style(color_system=None)).console.print(
        markup(template, v=value), soft_wrap=True
    )
    assert stream.getvalue() == by_console.getvalue()
    assert stream.getvalue().endswith("\n") and stream.getvalue().count("\n") == 1
