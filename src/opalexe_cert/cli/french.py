"""Typer's own words in French: the help's headings, usage errors, and the exit statuses.

Typer (its vendored click) writes most of its messages as plain English f-strings, so a
gettext catalogue cannot reach them. Instead the command tree gets a help formatter that writes
French headings and help texts, and ``run`` catches the usage errors itself (the app runs with
``standalone_mode=False``) to print them in French from the exceptions' data. Exit statuses:
0 success, 1 error, 2 bad usage or input, 130 interrupted.
"""

from __future__ import annotations

import os
import re
import sys
from typing import TYPE_CHECKING, Any, NoReturn

from typer._click.core import Command, Context
from typer._click.exceptions import (
    BadOptionUsage,
    BadParameter,
    ClickException,
    MissingParameter,
    NoArgsIsHelpError,
    NoSuchOption,
    UsageError,
)
from typer._click.formatting import HelpFormatter
from typer.exceptions import Abort

DEBUG_ENV = "OPALEXE_CERT_DEBUG"

if TYPE_CHECKING:
    from collections.abc import Sequence

    import typer

PROG_NAME = "opalexe-cert"
INTERRUPTED = (
    "Interrompu. Vos réponses déjà enregistrées sont conservées ; relancez "
    "« opalexe-cert start » pour reprendre."
)

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
SUBCOMMAND_METAVAR = "COMMANDE [ARGUMENTS]..."
_NO_SUCH_COMMAND = re.compile(r"No such command '(?P<name>.*)'\.(?: Did you mean (?P<s>.*)\?)?$")
_EXTRA_ARGS = re.compile(r"Got unexpected extra argument(?:s|\(s\))? \((?P<args>.*)\)$")


class FrenchHelpFormatter(HelpFormatter):
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
        """Each option's help text, translated when it is one of Typer's."""
        super().write_dl(
            [(term, translate_help(text)) for term, text in rows], col_max, col_spacing
        )


def translate_help(text: str) -> str:
    """A help text of Typer's own options in French; ours are French already."""
    for english, french in HELP_TEXTS.items():
        text = text.replace(english, french)
    for english, french in HELP_EXTRAS:
        text = text.replace(english, french)
    return text


class FrenchContext(Context):
    """A context whose help is written by ``FrenchHelpFormatter``."""

    formatter_class = FrenchHelpFormatter


def frenchify(command: Command) -> None:
    """Give every command of the tree the French help formatter and metavars."""
    command.context_class = FrenchContext
    if hasattr(command, "subcommand_metavar"):
        command.subcommand_metavar = SUBCOMMAND_METAVAR
    for sub in getattr(command, "commands", {}).values():
        frenchify(sub)


def usage_message(exc: UsageError) -> str:
    """The French message of a usage error, built from the exception's data."""
    if isinstance(exc, NoSuchOption):
        text = f"Option inconnue : {exc.option_name}."
        if exc.possibilities:
            text += f" Vouliez-vous dire : {', '.join(sorted(exc.possibilities))}\u00a0?"
        return text
    if isinstance(exc, BadOptionUsage):
        if "requires" in exc.message:
            return f"L'option {exc.option_name} attend une valeur."
        if "does not take a value" in exc.message:
            return f"L'option {exc.option_name} ne prend pas de valeur."
    if isinstance(exc, MissingParameter):
        hint = exc.param.get_error_hint() if exc.param is not None else ""
        return f"Paramètre manquant : {hint}.".replace(" :.", ".")
    if isinstance(exc, BadParameter):
        hint = exc.param.get_error_hint() if exc.param is not None else ""
        return f"Valeur invalide pour {hint} : {exc.message}"
    if match := _NO_SUCH_COMMAND.match(exc.message):
        text = f"Commande inconnue : « {match['name']} »."
        if match["s"]:
            suggestions = ", ".join(f"« {s.strip(chr(39))} »" for s in match["s"].split(", "))
            text += f" Vouliez-vous dire {suggestions}\u00a0?"
        return text
    if match := _EXTRA_ARGS.match(exc.message):
        return f"Argument(s) en trop : {match['args']}."
    if exc.message == "Missing command.":
        return "Indiquez une commande."
    return exc.format_message()


def _print_error(message: str, usage: str | None = None) -> None:
    from rich.markup import escape

    from opalexe_cert.cli.output import err_console, error

    if usage:
        err_console().print(escape(usage), soft_wrap=True)
    error(message)


def _report_usage_error(exc: UsageError) -> None:
    ctx = exc.ctx
    if ctx is None:
        _print_error(usage_message(exc))
        return
    usage = ctx.get_usage()
    if ctx.command.get_help_option(ctx) is not None:
        usage += f"\nPour l'aide : « {ctx.command_path} {ctx.help_option_names[0]} ».\n"
    _print_error(usage_message(exc), usage)


def report_interrupted() -> None:
    """Ctrl-C or Ctrl-D: not an error, the expert left; say that the answers are saved."""
    from opalexe_cert.cli.output import err_console

    err_console().print(f"\n{INTERRUPTED}")


def unexpected_message(exc: Exception) -> str:
    """What the user reads about a bug: its kind, and how to get the details."""
    return (
        f"Erreur inattendue ({type(exc).__name__}) : {exc}\n"
        f"Relancez avec {DEBUG_ENV}=1 pour obtenir le détail technique."
    )


def run(app: typer.Typer, args: list[str] | None = None) -> NoReturn:
    """Run the app, reporting every failure in French with the documented exit status."""
    from typer.main import get_command

    command = get_command(app)
    frenchify(command)
    try:
        result: Any = command.main(args=args, prog_name=PROG_NAME, standalone_mode=False)
    except NoArgsIsHelpError as exc:  # ``opalexe-cert`` alone: the help, as a usage error
        print(exc.format_message(), file=sys.stderr)
        sys.exit(2)
    except UsageError as exc:
        _report_usage_error(exc)
        sys.exit(2)
    except ClickException as exc:
        _print_error(exc.format_message())
        sys.exit(1)
    except (Abort, KeyboardInterrupt):  # not an error: the expert left, answers are saved
        report_interrupted()
        sys.exit(130)
    except Exception as exc:  # a bug outside any command: still no traceback for the user
        if os.environ.get(DEBUG_ENV) == "1":
            raise
        _print_error(unexpected_message(exc))
        sys.exit(1)
    sys.exit(result if isinstance(result, int) else 0)
