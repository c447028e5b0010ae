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

from opalexe_cert.cli.output import info
from opalexe_cert.domain.dates import parse_date

if TYPE_CHECKING:
    from prompt_toolkit.key_binding import KeyPressEvent

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


SELECT_HINT = "(flèches ↑ ↓ puis Entrée)"
QMARK = "?"
STYLE = Style.from_dict(
    {
        "qmark": "fg:ansicyan bold",
        "question": "bold",
        "answer": "fg:ansigreen bold",
        "pointer": "fg:ansicyan bold",
        "highlighted": "fg:ansicyan bold",
        "instruction": "fg:ansibrightblack",
        "validation-toolbar": "bg:ansired fg:ansiwhite",
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


def _ask(question: questionary.Question) -> Any:
    """Ask, letting Ctrl-C and Ctrl-D through as ``KeyboardInterrupt``."""
    app = question.application
    app.key_bindings = merge_key_bindings([app.key_bindings or KeyBindings(), _interrupt_on_eof()])
    try:
        return question.unsafe_ask()
    except EOFError:
        raise KeyboardInterrupt from None


def select(
    message: str,
    choices: Sequence[tuple[str, str]],
    default: str | None = None,
) -> str:
    """One value among ``(value, French label)`` pairs, chosen with the arrow keys."""
    items = [questionary.Choice(title=label, value=value) for value, label in choices]
    if default not in {value for value, _ in choices}:
        default = None
    question = questionary.select(
        message,
        choices=items,
        default=default,
        qmark=QMARK,
        instruction=SELECT_HINT,
        style=STYLE,
    )
    return str(_ask(question))


def yes_no(message: str, default: bool | None = True) -> bool:
    """A French yes/no question: *Oui* / *Non* in a select."""
    chosen = select(
        message,
        (("oui", "Oui"), ("non", "Non")),
        default=None if default is None else ("oui" if default else "non"),
    )
    return chosen == "oui"


def text(
    message: str,
    default: str = "",
    *,
    check: Check | None = None,
    optional: bool = False,
    suggestion: str = "",
) -> str | None:
    """A line of text, re-asked (with the reason shown) until ``check`` accepts it.

    ``default`` is pre-filled, to be edited; ``suggestion`` is shown greyed in an empty field
    and taken when the expert just presses Enter. An optional answer may be left empty:
    ``None``.
    """

    def validate(typed: str) -> bool | str:
        if not typed.strip():
            typed = suggestion
        if not typed.strip():
            return True if optional else "Une réponse est nécessaire."
        reason = check(typed) if check else None
        return True if reason is None else _sentence(reason)

    instruction = "(Entrée pour passer)" if optional else None
    question = questionary.text(
        message,
        default=default,
        validate=validate,
        qmark=QMARK,
        style=STYLE,
        instruction=instruction,
        placeholder=[("class:placeholder", suggestion)] if suggestion else None,
    )
    answer = str(_ask(question)).strip() or suggestion
    return answer or None


def date(
    message: str,
    default: dt.date | None = None,
    *,
    check: Check | None = None,
) -> dt.date:
    """A date typed as ``26/11/2026`` or ``2026-11-26``; Enter takes ``default``.

    Re-asked until valid; the default is shown greyed rather than pre-filled, so that typing
    another date needs no erasing.
    """

    def reason(typed: str) -> str | None:
        try:
            parse_date(typed)
        except ValueError as exc:
            return str(exc)
        return check(typed) if check else None

    shown = default.strftime("%d/%m/%Y") if default else ""
    hint = " (JJ/MM/AAAA, Entrée pour cette date)" if shown else " (JJ/MM/AAAA)"
    answer = text(f"{message}{hint}", check=reason, suggestion=shown)
    assert answer is not None  # an empty date is refused by ``text``
    return parse_date(answer)


def address(message: str, default: str = "", *, check: Check | None = None) -> str:
    """A postal address typed line by line; it ends with the postal code and town line.

    ``default`` (lines separated by newlines) pre-fills each line. The whole address is then
    checked by ``check``; when refused, the reason is shown and the address is asked again.
    """
    previous = [line for line in default.split("\n") if line.strip()]
    info(
        f"{message}. Une ligne à la fois, par exemple « 12 rue des Lilas » puis « 33000 BORDEAUX »."
    )
    while True:
        lines: list[str] = []
        while len(lines) < MAX_ADDRESS_LINES:
            number = len(lines) + 1
            last = number == MAX_ADDRESS_LINES
            line = text(
                f"Ligne {number}",
                previous[len(lines)] if len(lines) < len(previous) else "",
                check=_line_check(first=number == 1, last=last),
            )
            assert line is not None
            lines.append(line)
            if number > 1 and _POSTAL_LINE.match(line):
                break
        joined = "\n".join(lines)
        refused = check(joined) if check else None
        if refused is None:
            return joined
        info(f"✘ {_sentence(refused)} Recommencez l'adresse.")


def _line_check(*, first: bool, last: bool) -> Check:
    def check(line: str) -> str | None:
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
    return reason if reason.endswith((".", "!", "?", ")")) else reason + "."
