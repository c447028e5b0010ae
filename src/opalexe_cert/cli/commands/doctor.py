"""``opalexe-cert doctor``: why the card does not work on OPALEXE, one check per line.

Each check says ✔ (fine), ⚠ (worth a look, not an error) or ✘ (in the way), and each ✘ comes
with its fix in French. The command only reads: it never registers a module or starts a
service itself; it prints the command that does it.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

from opalexe_cert.adapters.certificate.browsers import (
    NssDatabase,
    Places,
    chrome_database,
    firefox_profiles,
    pcscd_running,
)
from opalexe_cert.adapters.certificate.card import (
    INSTALL_HINT,
    ModuleChoice,
    candidate_modules,
    find_module,
    platform_key,
    probe,
)
from opalexe_cert.cli.environment import Environment
from opalexe_cert.cli.exit_status import ExitStatus
from opalexe_cert.cli.output import Output
from opalexe_cert.domain import guide
from opalexe_cert.domain.certificate import days_left, preferred
from opalexe_cert.domain.dates import format_date
from opalexe_cert.domain.errors import CardError, StateError
from opalexe_cert.domain.typography import days

Status = Literal["ok", "warning", "failure"]
MARKS: dict[Status, tuple[str, str]] = {
    "ok": ("✔", "green"),
    "warning": ("⚠", "yellow"),
    "failure": ("✘", "bold red"),
}
FIREFOX_MENU = (
    "dans Firefox : Paramètres › Vie privée et sécurité › Certificats › Périphériques de "
    "sécurité… › Charger, puis choisissez le fichier {module}"
)


@dataclass(frozen=True)
class Check:
    """One line of the diagnosis."""

    id: str
    status: Status
    message: str
    fix: str | None = None


def places_from_environment(env: Environment) -> Places:
    """The real home folder and platform (tests pass their own ``Places``)."""
    return Places(
        home=env.home,
        platform=sys.platform,
        appdata=env.appdata,
        pkcs11_module=env.pkcs11_module,
    )


def diagnose(state_path: Path, module: Path | None, places: Places, today: dt.date) -> list[Check]:
    """Every check, in the order a person would fix things."""
    checks: list[Check] = []
    choice = _module_check(module, places, checks)
    if choice is not None:
        _card_checks(choice, today, checks)
    library = str(choice.path) if choice else str(candidate_modules(places.platform)[0])
    for database in firefox_profiles(places):
        checks.append(_database_check(database, library, places))
    if not any(c.id.startswith("firefox") for c in checks):
        checks.append(
            Check(
                "firefox",
                "warning",
                "Firefox : aucun profil trouvé (Firefox n'est pas installé, ou n'a jamais été "
                "lancé). Si vous utilisez Firefox pour OPALEXE, lancez-le une fois puis "
                "relancez « opalexe-cert doctor ».",
            )
        )
    chrome = chrome_database(places)
    if chrome is not None:
        checks.append(_database_check(chrome, library, places))
    if platform_key(places.platform) == "linux":
        checks.append(_pcscd_check(places))
    checks.append(_state_check(state_path))
    return checks


def _module_check(module: Path | None, places: Places, checks: list[Check]) -> ModuleChoice | None:
    hint = INSTALL_HINT[platform_key(places.platform)]
    try:
        choice = find_module(module, places.pkcs11_module, places.platform)
    except CardError as exc:
        checks.append(Check("module", "failure", exc.message, hint[0].upper() + hint[1:] + "."))
        return None
    if choice is None:
        checks.append(
            Check(
                "module",
                "failure",
                "Aucun module PKCS#11 (le pilote qui lit la carte) n'est installé.",
                hint[0].upper() + hint[1:] + ".",
            )
        )
        return None
    checks.append(Check("module", "ok", f"Module PKCS#11 : {choice.path}"))
    return choice


def _card_checks(choice: ModuleChoice, today: dt.date, checks: list[Check]) -> None:
    try:
        seen = probe(choice.path)
    except CardError as exc:
        checks.append(Check("reader", "failure", exc.message))
        return
    if seen.slots == 0:
        checks.append(
            Check(
                "reader",
                "failure",
                "Aucun lecteur de carte ni clé USB n'est détecté.",
                "Branchez le lecteur (avec la carte) ou la clé USB ; sous Linux, vérifiez que "
                "le service pcscd est lancé (voir plus bas).",
            )
        )
        return
    plural = "s" if seen.slots > 1 else ""
    checks.append(Check("reader", "ok", f"Lecteur{plural} détecté{plural} : {seen.slots}"))
    if not seen.tokens:
        checks.append(
            Check(
                "token",
                "failure",
                "Aucune carte ni clé initialisée dans le lecteur.",
                "Insérez la carte dans le lecteur, ou branchez la clé USB, puis recommencez.",
            )
        )
        return
    labels = ", ".join(f"« {t.label} »" for t in seen.tokens)
    checks.append(Check("token", "ok", f"Carte ou clé présente : {labels}"))
    found = preferred([c for t in seen.tokens for c in t.certificates])
    if not found:
        checks.append(
            Check(
                "certificate",
                "failure",
                "La carte ne contient aucun certificat.",
                "Activez le certificat avec Trusted Key Manager et le code d'activation reçu de "
                "CertEurope.",
            )
        )
        return
    facts = max(found, key=lambda f: f.not_after)
    left = days_left(facts, today)
    summary = f"Certificat ({facts.holder_name}) : expire le {format_date(facts.expiry)}"
    if left < 0:
        checks.append(
            Check(
                "certificate",
                "failure",
                f"{summary} — il a expiré, OPALEXE le refusera.",
                "Commencez une nouvelle demande : « opalexe-cert renew », puis « opalexe-cert "
                "start ».",
            )
        )
    elif today >= guide.certificate_window(facts.expiry)[0]:  # its last months (SPEC 3)
        checks.append(
            Check(
                "certificate",
                "warning",
                f"{summary} (dans {days(left)}) : renouvelez-le sans attendre "
                "(« opalexe-cert renew »).",
            )
        )
    else:
        checks.append(Check("certificate", "ok", f"{summary} (dans {days(left)})"))


def _database_check(database: NssDatabase, library: str, places: Places) -> Check:
    is_firefox = database.browser == "Firefox"
    ident = f"firefox:{database.name}" if is_firefox else "chrome"
    where = f"Firefox (profil « {database.name} »)" if is_firefox else "Chrome/Chromium"
    if not database.exists:
        return Check(
            ident,
            "warning",
            f"{where} : pas encore de base de sécurité dans {database.folder} "
            f"({'profil jamais ouvert' if is_firefox else 'Chrome ou Chromium jamais lancé'}).",
        )
    if database.card_modules:
        names = ", ".join(Path(m).name for m in database.card_modules)
        return Check(ident, "ok", f"{where} : module de carte enregistré ({names})")
    folder = _quoted(f"sql:{database.folder}")
    command = f'modutil -dbdir {folder} -add "OpenSC" -libfile {_quoted(library)}'
    fix = (
        f"Fermez {'Firefox' if is_firefox else 'le navigateur'}, puis lancez : {command} "
        "(modutil est dans le paquet libnss3-tools) ; ou lancez « pkcs11-register », fourni par "
        "OpenSC, qui enregistre le module dans tous vos navigateurs"
    )
    if is_firefox:
        fix += " ; ou bien " + FIREFOX_MENU.format(module=library)
    return Check(ident, "failure", f"{where} : aucun module de carte enregistré.", fix + ".")


def _quoted(argument: str) -> str:
    """An argument as a shell takes it: quoted when it holds a space (``Application Support``,
    ``Program Files``)."""
    return f'"{argument}"' if any(c.isspace() for c in argument) else argument


def _pcscd_check(places: Places) -> Check:
    if pcscd_running(places):
        return Check("pcscd", "ok", "Service PC/SC (pcscd) : disponible")
    return Check(
        "pcscd",
        "failure",
        "Service PC/SC (pcscd) : arrêté ; sans lui, aucun lecteur de carte n'est vu.",
        "Lancez : sudo systemctl enable --now pcscd.socket (paquet pcscd : « sudo apt install "
        "pcscd » sous Debian et Ubuntu).",
    )


def _state_check(path: Path) -> Check:
    from opalexe_cert.adapters.store import load

    try:
        load(path)
    except StateError as exc:
        return Check("state", "failure", exc.message.split("\n")[0], exc.message.split("\n", 1)[-1])
    if not path.exists():
        return Check("state", "ok", f"Fichier d'état : pas encore créé ({path})")
    return Check("state", "ok", f"Fichier d'état lisible : {path}")


def doctor(
    env: Environment,
    *,
    module: Path | None,
    json_output: bool,
    places: Places | None = None,
) -> ExitStatus:
    """Print the diagnosis; 0 when no check failed, 1 otherwise."""
    places = places or places_from_environment(env)
    checks = diagnose(env.state_path, module, places, env.today)
    failed = any(c.status == "failure" for c in checks)
    if json_output:
        data = {"ok": not failed, "checks": [asdict(c) for c in checks]}
        env.out.text(json.dumps(data, ensure_ascii=False, indent=2))
        return ExitStatus.ERROR if failed else ExitStatus.SUCCESS
    _render(env.out, checks, failed)
    return ExitStatus.ERROR if failed else ExitStatus.SUCCESS


def _render(output: Output, checks: list[Check], failed: bool) -> None:
    from rich.markup import escape
    from rich.padding import Padding

    from opalexe_cert.domain.typography import french

    out = output.console
    wrap = not out.is_terminal  # in a pipe, one line per message (FRENCH.md)
    for check in checks:
        mark, style = MARKS[check.status]
        out.print(f"[{style}]{mark}[/] {escape(french(check.message))}", soft_wrap=wrap)
        if check.fix and check.status != "ok":
            fix = f"→ {escape(french(check.fix))}"
            out.print(f"  {fix}" if wrap else Padding(fix, (0, 0, 0, 2)), soft_wrap=wrap)
    out.print()
    if failed:
        count = sum(c.status == "failure" for c in checks)
        plural = "s" if count > 1 else ""
        summary = (
            f"[bold red]{count} problème{plural} à corriger[/] (voir les lignes ✘). "
            "opalexe-cert n'a rien modifié."
        )
    else:
        summary = "[bold green]Tout est en ordre.[/] opalexe-cert n'a rien modifié."
    out.print(french(summary), soft_wrap=wrap)
