"""Typer's own words in French: the help, and every usage error, through public means only.

Typer 0.29 writes its messages as English f-strings (its vendored click has no gettext), so
no catalogue can reach them. Instead:

- the help: ``FrenchContext`` (a ``typer.Context``) writes it with ``FrenchHelpFormatter``
  (a subclass of ``typer.Context.formatter_class``): French headings, usage prefix and the help
  texts of Typer's own options;
- the usage errors our command classes can see coming (no arguments, no command, an unknown
  command, extra arguments) are raised by ``FrenchGroup``/``FrenchCommand`` (subclasses of
  ``typer.core.TyperGroup``/``TyperCommand``, given to Typer with ``cls=``) as ``UsageFailure``
  with a French message;
- the parser's own errors (an unknown option, a missing value, a bad value) are recognised by
  the attributes click documents on its exceptions (``option_name``, ``possibilities``,
  ``param``), never by their English text.

Typer's shell-completion messages (``--install-completion``) stay in English.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

PROG_NAME = "opalexe-cert"
SUBCOMMAND_METAVAR = "COMMANDE [ARGUMENTS]..."

HEADINGS = {"Options": "Options", "Commands": "Commandes", "Arguments": "Arguments"}
HELP_TEXTS = {
    "Show this message and exit.": "Affiche cette aide et s'arrête.",
    "Install completion for the current shell.": (
        "Installe la complétion des commandes pour votre shell (bash, zsh, fish, PowerShell)."
    ),
    "Show completion for the current shell, to copy it or customize the installation.": (
        "Affiche le script de complétion pour votre shell, pour le copier ou adapter "
        "l'installation."
    ),
}
HELP_EXTRAS = (
    ("[default: ", "[par défaut : "),
    ("[required]", "[obligatoire]"),
    ("env var: ", "variable d'environnement : "),
)

_HelpFormatter: Any = typer.Context.formatter_class


class FrenchHelpFormatter(_HelpFormatter):  # type: ignore[misc]
    """The help, with French headings and the texts of Typer's own options in French."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        """``Utilisation : opalexe-cert [OPTIONS] COMMANDE [ARGUMENTS]...``."""
        super().write_usage(prog, args, "Utilisation : " if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        """``Commandes :`` rather than ``Commands:``."""
        self.write(f"{'':>{self.current_indent}}{HEADINGS.get(heading, heading)} :\n")

    def write_dl(
        self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        """Each option's help text, translated when it is one of Typer's, in French
        typography (’, no-break spaces)."""
        from opalexe_cert.domain.typography import french

        super().write_dl(
            [(term, french(translate_help(text))) for term, text in rows], col_max, col_spacing
        )

    def write_text(self, text: str) -> None:
        """A command's description, in French typography."""
        from opalexe_cert.domain.typography import french

        super().write_text(french(text))


def translate_help(text: str) -> str:
    """A help text of Typer's own options in French; ours are French already."""
    for english, french in HELP_TEXTS.items():
        text = text.replace(english, french)
    for english, french in HELP_EXTRAS:
        text = text.replace(english, french)
    return text


class FrenchContext(typer.Context):
    """A context whose help is written by ``FrenchHelpFormatter``."""

    formatter_class = FrenchHelpFormatter


class UsageFailure(Exception):
    """A usage error seen by our command classes, with its French message (exit status 2).

    ``help`` asks for the whole help instead of the usage line (no arguments at all).
    """

    def __init__(self, ctx: typer.Context, message: str = "", *, help: bool = False) -> None:
        super().__init__(message)
        self.ctx = ctx
        self.message = message
        self.help = help


def whole_short_help(command: Any) -> str:
    """The whole first paragraph of a command's help, never cut with « ... »: the command
    list wraps it between words in its second column."""
    if command.short_help:
        return str(command.short_help)
    return " ".join((command.help or "").split("\n\n")[0].split())


class FrenchCommand(TyperCommand):
    """A command with French help, refusing extra arguments in French."""

    context_class = FrenchContext

    def get_short_help_str(self, limit: int = 45) -> str:
        return whole_short_help(self)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        allowed = ctx.allow_extra_args
        ctx.allow_extra_args = True  # we refuse them ourselves, in French, below
        try:
            rest: list[str] = super().parse_args(ctx, args)
        except typer.TyperException as exc:
            _attach(exc, ctx)
            raise
        finally:
            ctx.allow_extra_args = allowed
        if rest and not allowed and not ctx.resilient_parsing:
            raise UsageFailure(ctx, f"Argument(s) en trop : {shown(' '.join(rest))}.")
        return rest


class FrenchGroup(TyperGroup):
    """The command group: French help; no arguments, no command or an unknown one in French.

    ``opalexe-cert`` alone shows the help as a usage error (exit 2); give the group
    ``invoke_without_command=True`` so that ``require_command`` can refuse ``--state x`` alone.
    """

    def get_short_help_str(self, limit: int = 45) -> str:
        return whole_short_help(self)

    context_class = FrenchContext
    command_class = FrenchCommand

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if not args and self.no_args_is_help and not ctx.resilient_parsing:
            raise UsageFailure(ctx, help=True)
        try:
            rest: list[str] = super().parse_args(ctx, args)
        except typer.TyperException as exc:
            _attach(exc, ctx)
            raise
        return rest

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name = args[0] if args else ""
        if (
            name
            and not name.startswith("-")
            and self.get_command(ctx, name) is None
            and not ctx.resilient_parsing
        ):
            text = f"Commande inconnue : « {shown(name)} »."
            close = difflib.get_close_matches(name, self.list_commands(ctx))
            if close:
                text += f" Vouliez-vous dire {either(f'« {c} »' for c in close)}\u202f?"
            raise UsageFailure(ctx, text)
        return super().resolve_command(ctx, args)


def _attach(exc: typer.TyperException, ctx: typer.Context) -> None:
    """The parser raises some usage errors without their context: give it (click documents
    ``UsageError.ctx``), for the usage line and to know which command's option it was."""
    if getattr(exc, "ctx", False) is None:
        exc.ctx = ctx  # type: ignore[attr-defined]


def require_command(ctx: typer.Context) -> None:
    """Called by the group's callback: a command must follow the global options."""
    if ctx.invoked_subcommand is None and not ctx.resilient_parsing:
        raise UsageFailure(ctx, "Indiquez une commande.")


def either(items: Any) -> str:
    """``a``, ``a ou b``, ``a, b ou c``: an enumeration in a sentence (``docs/typography.md``)."""
    words = list(items)
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} ou {words[-1]}"


def shown(value: str, limit: int = 80) -> str:
    """What the expert typed, quoted safely (no control characters)."""
    from opalexe_cert.cli.environment import shown as safe

    return safe(value, limit)


# --- recognising and wording usage errors --------------------------------------------------


def is_usage_error(exc: BaseException) -> bool:
    """A usage error of Typer's parser: a ``typer.TyperException`` with exit status 2."""
    return isinstance(exc, typer.TyperException) and getattr(exc, "exit_code", None) == 2


def usage_message(exc: BaseException) -> str:
    """The French message of a usage error, from the data click documents on it."""
    if isinstance(exc, UsageFailure):
        return exc.message
    option = getattr(exc, "option_name", None)
    if isinstance(option, str):
        if hasattr(exc, "possibilities"):  # an unknown option (click's NoSuchOption)
            possibilities = getattr(exc, "possibilities", None)
            text = f"Option inconnue : {shown(option)}."
            if possibilities:
                text += f" Vouliez-vous dire {either(sorted(possibilities))}\u202f?"
            return text
        if _is_flag(exc, option):
            return f"L'option {option} ne prend pas de valeur."
        return f"L'option {option} attend une valeur."
    param = getattr(exc, "param", None)
    if isinstance(exc, typer.BadParameter) and param is not None:
        name = _param_name(param)
        if hasattr(exc, "param_type"):  # MissingParameter
            return f"Paramètre manquant : {name}."
        return f"Valeur invalide pour {name}{_expected(param)}."
    return "Ligne de commande incorrecte."


def _is_flag(exc: BaseException, option: str) -> bool:
    ctx = getattr(exc, "ctx", None)
    command = getattr(ctx, "command", None)
    for param in getattr(command, "params", []):
        names = [*getattr(param, "opts", []), *getattr(param, "secondary_opts", [])]
        if option in names:
            return bool(getattr(param, "is_flag", False))
    return False


def _param_name(param: Any) -> str:
    opts = [*getattr(param, "opts", [])]
    if getattr(param, "param_type_name", "") == "option" and opts:
        return f"l'option {' / '.join(opts)}"
    return f"l'argument {str(getattr(param, 'name', '') or '').upper()}"


_EXPECTED = {int: "un nombre entier", float: "un nombre", bool: "oui ou non"}


def _expected(param: Any) -> str:
    """`` : un nombre entier est attendu`` from the parameter's Python type, when simple."""
    descriptor = getattr(param, "type_descriptor", None)
    choices = getattr(descriptor, "choices", None)
    if choices:
        values = [str(getattr(c, "value", c)) for c in choices]
        return f" : valeurs possibles {either(values)}"
    annotation = getattr(descriptor, "annotation", None)
    expected = _EXPECTED.get(annotation) if isinstance(annotation, type) else None
    return f" : {expected} est attendu" if expected else ""
