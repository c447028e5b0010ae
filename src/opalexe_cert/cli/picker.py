"""The wizard's questions, drawn from questionary's public parts: a choice among a list
(``pick``) and a line of text (``line``).

``questionary.select`` lays out its question with two ``PromptSession`` objects (the question
line, and a validation bar a select never shows), and each builds a whole application with
every default key binding: about two thirds of the time between the wizard's first screen and
its first question. ``pick`` builds the same screen from questionary's own parts (its
``InquirerControl`` list, its ``Choice`` items, its default style and its ``Question``) in a
single application: the same lines, the same styles, the same keys (arrows, Ctrl-N/Ctrl-P,
Enter, Ctrl-C) but ``j``/``k``, which typed text must not trigger (``_keys``).

``line`` is ``questionary.text`` with the question's tokens ours: when the answer goes on
the line after the question (``prompts._message`` ends it with a line break), it starts
that line, where questionary's ``" {message} "`` put one space before it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from prompt_toolkit import PromptSession
from prompt_toolkit.application import Application
from prompt_toolkit.document import Document
from prompt_toolkit.filters import is_done
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.keys import Keys
from prompt_toolkit.layout import ConditionalContainer, HSplit, Layout, Window
from prompt_toolkit.layout.controls import FormattedTextControl
from prompt_toolkit.lexers import SimpleLexer
from prompt_toolkit.styles import Style, merge_styles
from questionary import Choice, Question
from questionary.constants import DEFAULT_STYLE
from questionary.prompts.common import InquirerControl


def pick(
    message: str,
    choices: Sequence[Choice],
    *,
    default: str | None,
    qmark: str,
    instruction: str,
    style: Style,
    **application: Any,
) -> Question:
    """The question ``message`` over ``choices``, ``default`` pointed at first; ``application``
    goes to prompt_toolkit's ``Application`` (``erase_when_done``, ``output``)."""
    control = InquirerControl(
        choices, default, use_indicator=False, use_arrow_keys=True, initial_choice=default
    )

    def question_line() -> StyleAndTextTuples:
        tokens = _question(qmark, message)
        if control.is_answered:
            tokens.append(("class:answer", str(control.get_pointed_at().title)))
        else:
            tokens.append(("class:instruction", instruction))
        # The (hidden) cursor after the question, where questionary leaves it: on a blank,
        # since prompt_toolkit places a cursor only on a cell its window wrote.
        return [*tokens, ("[SetCursorPosition]", " ")]

    layout = Layout(
        HSplit(
            [
                Window(
                    FormattedTextControl(question_line, focusable=True),
                    dont_extend_height=True,
                    always_hide_cursor=True,
                    wrap_lines=True,  # a terminal made narrower while it waits, as a session
                ),
                ConditionalContainer(Window(control), filter=~is_done),
            ]
        )
    )
    return Question(
        Application(
            layout=layout,
            key_bindings=_keys(control),
            style=merge_styles([DEFAULT_STYLE, style]),  # as questionary merges them
            **application,
        )
    )


def line(message: str, *, default: str, qmark: str, style: Style, **session: Any) -> Question:
    """A line of text, ``default`` already in the field, the typed text in the answer's style;
    ``session`` goes to prompt_toolkit's ``PromptSession`` (``placeholder``,
    ``erase_when_done``, ``output``), as ``questionary.text`` does."""
    prompt: PromptSession[str] = PromptSession(
        _question(qmark, message),
        style=merge_styles([DEFAULT_STYLE, style]),
        lexer=SimpleLexer("class:answer"),
        **session,
    )
    prompt.default_buffer.reset(Document(default))
    return Question(prompt.app)


def _question(qmark: str, message: str) -> StyleAndTextTuples:
    """The question's tokens: « ? » then the message, and one space before what follows it
    on its last line; a message ending with a line break (the hint or the answer sent to the
    next line, ``prompts._message``) leaves that line to start at its first column, as the
    question's other lines do."""
    space = "" if message.endswith("\n") else " "
    return [("class:qmark", qmark), ("class:question", f" {message}{space}")]


def _keys(control: InquirerControl) -> KeyBindings:
    """questionary's select keys: move with the arrows or Ctrl-N/Ctrl-P (over disabled
    choices), Enter to answer, Ctrl-C or Ctrl-Q to stop; any other key does nothing.

    Unlike questionary, ``j`` and ``k`` do not move: an expert who types an answer while a
    list is shown (« jean.martin@… ») would otherwise move the pointer without seeing it,
    and the Enter that ends the typing would pick another choice."""
    bindings = KeyBindings()

    @bindings.add(Keys.ControlQ, eager=True)
    @bindings.add(Keys.ControlC, eager=True)
    def _stop(event: KeyPressEvent) -> None:
        event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

    def down(event: KeyPressEvent) -> None:
        control.select_next()
        while not control.is_selection_valid():
            control.select_next()

    def up(event: KeyPressEvent) -> None:
        control.select_previous()
        while not control.is_selection_valid():
            control.select_previous()

    for key in (Keys.Down, Keys.ControlN):
        bindings.add(key, eager=True)(down)
    for key in (Keys.Up, Keys.ControlP):
        bindings.add(key, eager=True)(up)

    @bindings.add(Keys.ControlM, eager=True)
    def _answer(event: KeyPressEvent) -> None:
        control.is_answered = True
        event.app.exit(result=control.get_pointed_at().value)

    @bindings.add(Keys.Any)
    def _other(event: KeyPressEvent) -> None:
        """No text is typed into a list."""

    return bindings
