"""The questions of the wizard, in French, on top of questionary.

Every prompt here raises ``KeyboardInterrupt`` when the expert presses Ctrl-C or Ctrl-D, so the
command stops with one short message and the state as of the last answer. Yes/no questions are
a ``select`` of *Oui* / *Non* (questionary's ``confirm`` only knows y/n); dates are typed as
``26/11/2026`` or ``2026-11-26`` and re-asked until they are valid.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import questionary
from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings
from prompt_toolkit.styles import Style

from opalexe_cert.cli.picker import line, pick
from opalexe_cert.domain.dates import parse_date
from opalexe_cert.domain.fields import Field
from opalexe_cert.domain.typography import french, verbatim

if TYPE_CHECKING:
    from prompt_toolkit.key_binding import KeyPressEvent

    from opalexe_cert.cli.output import Output

Check = Callable[[str], str | None]  # the French reason a typed value is refused, or None


def refusal(validator: Callable[[str], object]) -> Check:
    """A ``Check`` from a validator that raises ``ValueError`` with a French reason."""

    def check(typed: str) -> str | None:
        try:
            validator(typed)
        except ValueError as exc:
            return str(exc)
        return None

    return check


SELECT_HINT = "(flèches\u00a0↑\u00a0↓ puis\u00a0Entrée)"  # kept whole on a line
QMARK = "?"
STYLE = Style.from_dict(
    {
        "qmark": "fg:ansicyan bold",
        "question": "bold",
        "answer": "fg:ansigreen bold",
        "pointer": "fg:ansicyan bold",
        "highlighted": "fg:ansicyan bold",
        "instruction": "fg:ansibrightblack",
        "placeholder": "fg:ansibrightblack italic",
    }
)
_POSTAL_LINE = re.compile(r"^\s*\d{5}\s+\S")
MAX_ADDRESS_LINES = 6


def _interrupt_on_eof() -> KeyBindings:
    """Ctrl-D ends the wizard like Ctrl-C, also in a ``select`` (which ignores it otherwise)."""
    bindings = KeyBindings()

    @bindings.add("c-d", eager=True)
    def _(event: KeyPressEvent) -> None:
        event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

    return bindings


PASTE_LIMIT = 1_000  # characters: longer than any answer (``fields.MAX_TEXT``)


def _bounded_paste() -> KeyBindings:
    """A paste longer than any answer ends the question at once with what was pasted, to be
    refused by its check: the field never lays out (for seconds) a page it will refuse."""
    from prompt_toolkit.keys import Keys

    bindings = KeyBindings()

    @bindings.add(Keys.BracketedPaste)
    def _(event: KeyPressEvent) -> None:
        data = event.data.replace("\r\n", "\n").replace("\r", "\n")  # as prompt_toolkit does
        buffer = event.current_buffer
        if len(buffer.text) + len(data) > PASTE_LIMIT:
            event.app.exit(result=buffer.text + data)
        else:
            buffer.insert_text(data)

    return bindings


def _ask(question: questionary.Question, *, text: bool = False) -> Any:
    """Ask, letting Ctrl-C and Ctrl-D through as ``KeyboardInterrupt``; a ``text`` question
    takes a huge paste as its answer at once (``_bounded_paste``)."""
    app = question.application
    extra = [_interrupt_on_eof(), *([_bounded_paste()] if text else [])]
    app.key_bindings = merge_key_bindings([app.key_bindings or KeyBindings(), *extra])
    try:
        return question.unsafe_ask()
    except EOFError:
        raise KeyboardInterrupt from None


def explain(out: Output, message: str) -> None:
    """What a question that follows is about, shown where the question is drawn."""
    _beside_questions(out)("{message}", message=message)


def _beside_questions(out: Output) -> Callable[..., None]:
    """``say`` where the questions are drawn (``_screen``): on the error stream when the
    output is redirected, so that what goes with a question (its explanation, a refusal, the
    answer written back) stays on the terminal with it."""
    return out.say_err if out.redirected else out.say


def _screen(out: Output) -> dict[str, Any]:
    """Where a question is drawn: the terminal. When the output goes to a file or a pipe
    (``print-dossier > journal.txt``) while the error stream is still the terminal, the
    question is drawn there: else it would be invisible, and the command would seem to hang."""
    if not out.redirected:
        return {}
    from prompt_toolkit.output import create_output

    return {"output": create_output(stdout=out.stderr.stream)}


def _echo(out: Output, message: str, answer: str) -> None:
    """The question and its answer as they stay on the screen, wrapped between words.

    prompt_toolkit breaks a long answer wherever the terminal's edge falls (« V⏎ersailles »):
    the prompt is erased once answered (``erase_when_done``) and written again here."""
    _beside_questions(out)(
        "[bold cyan]{qmark}[/] [bold]{message}[/] [bold green]{answer}[/]",
        qmark=QMARK,
        message=message,
        answer=verbatim(answer),  # as typed: « x; y » is not « x ; y »
    )


def _message(message: str, hint: str = "", answer: int = 12) -> str:
    """The question as shown: French typography, wrapped between words at the terminal's
    width (after « ? »). When the hint or the answer (``answer`` columns) would not fit
    after the last line, they go on the next line, so nothing is cut inside a word."""
    from opalexe_cert.cli.typeset import fit, width

    columns = width() - 1
    wrapped = fit(french(message), columns, first_indent=len(QMARK) + 1)
    last = wrapped.rsplit("\n", 1)[-1]
    first_line = "\n" not in wrapped
    used = len(last) + (len(QMARK) + 2 if first_line else 0)
    if used + 1 + max(len(hint), answer) > columns:
        wrapped += "\n"
    return wrapped


def select(
    out: Output,
    message: str,
    choices: Sequence[tuple[str, str]],
    default: str | None = None,
) -> str:
    """One value among ``(value, French label)`` pairs, chosen with the arrow keys."""
    items = [questionary.Choice(title=french(label), value=value) for value, label in choices]
    if default not in {value for value, _ in choices}:
        default = None
    longest = max((len(label) for _, label in choices), default=0)
    question = pick(
        _message(message, SELECT_HINT, longest),
        items,
        default=default,
        qmark=QMARK,
        instruction=SELECT_HINT,
        style=STYLE,
        erase_when_done=True,
        **_screen(out),
    )
    chosen = str(_ask(question))
    _echo(out, message, next((label for value, label in choices if value == chosen), chosen))
    return chosen


def yes_no(out: Output, message: str, default: bool | None = True) -> bool:
    """A French yes/no question: *Oui* / *Non* in a select."""
    chosen = select(
        out,
        message,
        (("oui", "Oui"), ("non", "Non")),
        default=None if default is None else ("oui" if default else "non"),
    )
    return chosen == "oui"


REFILL_LIMIT = 200  # characters of a refused answer put back in the field, to be corrected


def text(
    out: Output,
    message: str,
    default: str = "",
    *,
    check: Check | None = None,
    optional: bool = False,
    suggestion: str = "",
) -> str | None:
    """A line of text, asked again (the reason shown right under it) until ``check`` takes it.

    ``default`` is pre-filled, to be edited; ``suggestion`` is shown greyed in an empty field
    and taken when the expert just presses Enter. An optional answer may be left empty:
    ``None``.
    """
    refilled = False  # the field holds a refused answer, put back to be corrected
    while True:
        hint = _text_hint(default, optional=optional, suggestion=suggestion, refilled=refilled)
        question = line(
            # a long default goes on a line of its own, where it has the whole width
            _message(f"{message} {hint}" if hint else message, answer=max(12, len(default))),
            default=default,
            qmark=QMARK,
            style=STYLE,
            placeholder=[("class:placeholder", suggestion)] if suggestion else None,
            erase_when_done=True,
            **_screen(out),
        )
        typed = str(_ask(question, text=True)).strip() or suggestion.strip()
        _echo(out, message, typed)
        if not typed:
            if optional:
                return None
            refused(out, "Une réponse est nécessaire.")
            continue
        reason = check(typed) if check else None
        if reason is None:
            return typed
        refused(out, reason, typed)
        # to be corrected rather than typed again; a pasted page is not put back
        default = typed if len(typed) <= REFILL_LIMIT else ""
        refilled = bool(default)


def _text_hint(default: str, *, optional: bool, suggestion: str, refilled: bool) -> str:
    """What Enter does in the field, as it is now (no-break spaces: kept whole on a line).
    A refused answer put back is not « kept » by Enter: it would be refused again."""
    if refilled:
        return (
            "(corrigez\u00a0la\u00a0réponse,\u00a0ou\u00a0effacez-la\u00a0pour\u00a0passer)"
            if optional
            else ""
        )
    if default:
        return "(Entrée\u00a0pour\u00a0garder)"
    if optional and suggestion:
        return "(Entrée\u00a0pour\u00a0accepter\u00a0la\u00a0proposition)"
    return "(Entrée\u00a0pour\u00a0passer)" if optional else ""


def refused(out: Output, reason: str, typed: str = "") -> None:
    """A refusal, right under its question, in the one style of the wizard: a sentence.
    The answer ``typed``, where the reason quotes it, is shown exactly as typed."""
    reason = _sentence(reason)
    if typed and typed in reason:
        reason = reason.replace(typed, verbatim(typed), 1)
    _beside_questions(out)("[bold red]✘[/] {reason}", reason=reason)


def date(
    out: Output,
    message: str,
    default: dt.date | None = None,
    *,
    check: Check | None = None,
    today: bool = False,
) -> dt.date:
    """A date typed as ``26/11/2026`` or ``2026-11-26``; Enter takes ``default``.

    Asked again until valid; the default is shown greyed rather than pre-filled, so that
    typing another date needs no erasing. ``today``: the default is today's date, proposed
    while nothing is recorded (« garder » would suggest a recorded one).
    """

    def reason(typed: str) -> str | None:
        try:
            parse_date(typed)
        except ValueError as exc:
            return str(exc)
        return check(typed) if check else None

    shown = default.strftime("%d/%m/%Y") if default else ""
    enter = f"Entrée pour aujourd'hui, le {shown}" if today else f"Entrée pour garder le {shown}"
    hint = f" (JJ/MM/AAAA ; {enter})" if shown else " (JJ/MM/AAAA)"
    answer = text(out, f"{message}{hint}", check=reason, suggestion=shown)
    assert answer is not None  # an empty date is refused by ``text``
    return parse_date(answer)


def address(
    out: Output,
    message: str,
    default: str = "",
    *,
    check: Check | None = None,
    printed: Callable[[str], list[str]] | None = None,
) -> str:
    """A postal address typed line by line; it ends with the postal code and town line.

    ``default`` (lines separated by newlines) pre-fills each line. The whole address is then
    checked by ``check``; when refused, the reason is shown and the address is asked again.
    Once accepted, it is shown as it will be printed (``printed``) and confirmed.
    """
    previous = [line for line in default.split("\n") if line.strip()]
    explain(
        out,
        f"{message}. Une ligne à la fois, par exemple « 12 rue des Lilas » puis "
        "« 33000 BORDEAUX » : l'adresse se termine par la ligne du code postal et de la ville.",
    )
    while True:
        lines: list[str] = []
        while len(lines) < MAX_ADDRESS_LINES:
            number = len(lines) + 1
            last = number == MAX_ADDRESS_LINES
            line = text(
                out,
                _line_label(number, last=last),
                previous[len(lines)] if len(lines) < len(previous) else "",
                check=_line_check(first=number == 1, last=last),
            )
            assert line is not None
            lines.append(line)
            if number > 1 and _POSTAL_LINE.match(line):
                break
        joined = "\n".join(lines)
        reason = check(joined) if check else None
        if reason is not None:
            refused(out, f"{_sentence(reason)} Recommencez l'adresse.")
            continue
        if printed is None:
            return joined
        shown = "\n".join(f"  {line}" for line in printed(joined))
        explain(out, f"L'adresse telle qu'elle sera imprimée :\n{shown}")
        if yes_no(out, "Cette adresse est-elle correcte ?"):
            return joined
        previous = lines


def as_printed(field: Field, today: dt.date) -> Callable[[str], list[str]]:
    """An address typed for ``field`` (and accepted by ``validate``) as the envelopes will
    print it (NF Z10-011): the typed text parsed once, never its stored form read back."""
    from opalexe_cert.domain.fields import parse_address

    def printed(typed: str) -> list[str]:
        return list(parse_address(typed, name_lines=field.name_lines).envelope())

    return printed


def _line_label(number: int, *, last: bool) -> str:
    """« Ligne 2 (ou code postal et ville) »: from the second line on, each may be the last,
    the postal code and town, which ends the address (« Bordeaux » alone does not)."""
    if number == 1:
        return "Ligne 1"
    return f"Ligne {number} ({'' if last else 'ou '}code postal et ville)"


def _line_check(*, first: bool, last: bool) -> Check:
    from opalexe_cert.domain.address import line_problem

    def check(line: str) -> str | None:
        too_long = line_problem(line)
        if too_long is not None:  # said at once, not at the end of the address
            return too_long
        if first and _POSTAL_LINE.match(line):
            return (
                "commencez par le numéro et la rue ; le code postal et la ville viennent "
                "sur la dernière ligne"
            )
        if last and not _POSTAL_LINE.match(line):
            return "la dernière ligne doit être le code postal (5 chiffres) suivi de la ville"
        return None

    return check


def _sentence(reason: str) -> str:
    """A reason from the validators, as a sentence: capital first letter, final full stop."""
    reason = reason.strip()
    if not reason:
        return reason
    reason = reason[0].upper() + reason[1:]
    # a closing parenthesis ends its sentence only with a full stop after it: « (25 août 2026). »
    return reason if reason.endswith((".", "!", "?", "…")) else reason + "."
