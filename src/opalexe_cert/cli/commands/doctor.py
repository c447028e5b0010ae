"""``opalexe-cert doctor``: why the card does not work on OPALEXE, one check per line.

Each check says ✔ (fine), ⚠ (worth a look, not an error) or ✘ (in the way), and each ✘ comes
with its fix in French. The command only reads: it never registers a module or starts a
service itself; it prints the command that does it. ``--rapport`` prints the same findings as
a text to paste into an e-mail to support (``doctor_report.py``).

The platform, the home folder and the system's certificate store come from the
``Environment`` as values (``Places``): tests give each platform its own fixture home.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from opalexe_cert.adapters.certificate.browsers import (
    SNAP_OPENSC,
    NssDatabase,
    Places,
    chrome_databases,
    find_firefox_profiles,
    firefox_policies,
    flavour_name,
    pcscd_running,
)
from opalexe_cert.adapters.certificate.card import (
    INSTALL_HINT,
    ModuleChoice,
    ModuleLoadError,
    Probe,
    candidate_modules,
    find_module,
    platform_key,
    probe,
)
from opalexe_cert.adapters.certificate.vendors import module_name, vendor_modules
from opalexe_cert.cli.commands.doctor_findings import (
    MARKS,
    Check,
    Diagnosis,
    certificates_text,
    shown,
)
from opalexe_cert.cli.environment import Environment
from opalexe_cert.cli.exit_status import ExitStatus
from opalexe_cert.cli.output import Output
from opalexe_cert.domain import guide
from opalexe_cert.domain.certificate import (
    CertificateFacts,
    days_left,
    is_certeurope,
    preferred,
    same_person,
)
from opalexe_cert.domain.dates import format_date
from opalexe_cert.domain.errors import CardError, InputError, StateError
from opalexe_cert.domain.facts import in_force
from opalexe_cert.domain.state import State
from opalexe_cert.domain.typography import days

FIREFOX_MENU = (
    "dans Firefox : Paramètres › Vie privée et sécurité › Certificats › Périphériques de "
    "sécurité… › Charger, puis choisissez le fichier {module}"
)
SYSTEM_STORE_SINCE = 90
"""Firefox uses the system's certificate store (``osclientcerts``) from version 90 on."""


def places_from_environment(env: Environment) -> Places:
    """The real home folder, platform and certificate store (tests pass their own ``Places``)."""
    return Places(
        home=env.home,
        platform=env.platform,
        appdata=env.appdata,
        pkcs11_module=env.pkcs11_module,
        system_store=env.system_certificates(),
    )


def diagnose(state_path: Path, module: Path | None, places: Places, today: dt.date) -> list[Check]:
    """Every check, in the order a person would fix things."""
    return examine(state_path, module, places, today).checks


def examine(state_path: Path, module: Path | None, places: Places, today: dt.date) -> Diagnosis:
    """Every check and what was found, in the order a person would fix things."""
    found = Diagnosis()
    state_check = _load_state(state_path, found)
    state = found.state or State()
    choice = _module_check(module, places, found)
    if choice is not None:
        _card_checks(choice, platform_key(places.platform), state, today, found)
    _vendor_check(places, found)
    if places.system_store is not None:
        found.store = _store_certificates(places.system_store)
        found.checks.append(_store_check(found.store, state, today))
    library = str(choice.path) if choice else str(candidate_modules(places.platform)[0])
    library_name = module_name(PurePath(library), _description(found))
    _browser_checks(places, library, library_name, found)
    if platform_key(places.platform) == "linux":
        found.checks.append(_pcscd_check(places))
    found.checks.append(state_check)
    return found


def _description(found: Diagnosis) -> str | None:
    return found.seen.library.description if found.seen else None


# --- the module, the reader, the card -------------------------------------------------------


def _module_check(module: Path | None, places: Places, found: Diagnosis) -> ModuleChoice | None:
    hint = INSTALL_HINT[platform_key(places.platform)]
    fix = hint[0].upper() + hint[1:] + "."
    try:
        choice = find_module(module, places.pkcs11_module, places.platform)
    except CardError as exc:
        found.checks.append(Check("module", "failure", exc.message, fix))
        return None
    if choice is None:
        found.checks.append(
            Check(
                "module",
                "failure",
                "Aucun module PKCS#11 (le pilote qui lit la carte) n'est installé.",
                fix,
            )
        )
        return None
    found.module = choice
    return choice


def _card_checks(
    choice: ModuleChoice, kind: str, state: State, today: dt.date, found: Diagnosis
) -> None:
    checks = found.checks
    try:
        seen = probe(choice.path)
    except ModuleLoadError as exc:  # ✔ only for a module that loaded
        checks.append(
            Check(
                "module",
                "failure",
                exc.message,
                "Indiquez le fichier du module (.so, .dylib ou .dll) avec --module, ou "
                + INSTALL_HINT[kind]
                + ".",
            )
        )
        return
    except CardError as exc:  # not loaded (the "carte" extra), or the readers failed
        checks.append(Check("module", "warning", f"Module PKCS#11 trouvé : {choice.path}"))
        checks.append(Check("reader", "failure", exc.message))
        return
    found.seen = seen
    checks.append(Check("module", "ok", f"Module PKCS#11 chargé : {choice.path}{_about(seen)}"))
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
    described = ", ".join(_token_text(t.label, t.manufacturer, t.model) for t in seen.tokens)
    checks.append(Check("token", "ok", f"Carte ou clé présente : {described}"))
    candidates = preferred([c for t in seen.tokens for c in t.certificates])
    if not candidates:
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
    facts = _best(candidates, state, today)
    found.certificate = facts
    checks.append(_certificate_check(facts, state, today))


def _about(seen: Probe) -> str:
    """`` (OpenSC smartcard framework 0.25, OpenSC Project)``: what the module says of itself."""
    info = seen.library
    name = " ".join(p for p in (shown(info.description), shown(info.version)) if p)
    parts = [p for p in (name, shown(info.manufacturer)) if p]
    return f" ({', '.join(parts)})" if parts else ""


def _token_text(label: str, manufacturer: str, model: str) -> str:
    details = ", ".join(
        f"{what} {shown(value)}"
        for what, value in (("fabricant", manufacturer), ("modèle", model))
        if value
    )
    return f"« {shown(label)} »" + (f" ({details})" if details else "")


def _good(facts: CertificateFacts, state: State, today: dt.date) -> bool:
    """CertEurope's, valid today, and the holder's (when the holder is recorded)."""
    holder = state.holder
    return (
        is_certeurope(facts)
        and facts.start <= today <= facts.expiry
        and (not holder.surname or same_person(facts, holder))
    )


def _best(candidates: list[CertificateFacts], state: State, today: dt.date) -> CertificateFacts:
    """The certificate to judge: a good one when there is one, else the latest."""
    good = [c for c in candidates if _good(c, state, today)]
    return max(good or candidates, key=lambda f: f.not_after)


def _certificate_check(facts: CertificateFacts, state: State, today: dt.date) -> Check:
    """The card's certificate compared with the holder and with what the state recorded."""
    holder = state.holder
    name = shown(facts.holder_name)
    summary = f"Certificat ({name}) : expire le {format_date(facts.expiry)}"
    if not is_certeurope(facts):
        return Check(
            "certificate",
            "failure",
            f"Certificat ({name}) : il n'a pas été délivré par CertEurope (son émetteur est "
            f"« {shown(facts.issuer)} ») ; ce n'est pas le certificat d'accès à OPALEXE.",
            "Insérez la carte ou la clé USB livrée par CertEurope.",
        )
    if holder.surname and not same_person(facts, holder):
        recorded = " ".join(p for p in (holder.given_names, holder.surname) if p)
        return Check(
            "certificate",
            "failure",
            f"Certificat au nom de « {name} », pas du titulaire enregistré (« {recorded} ») : "
            "cette carte est celle d'une autre personne.",
            "Insérez votre propre carte ou clé USB, puis relancez « opalexe-cert doctor ».",
        )
    siren = facts.siren
    if siren and holder.siren and siren != holder.siren:
        return Check(
            "certificate",
            "failure",
            f"Certificat ({name}) : il porte un autre SIREN ({siren}) que celui du titulaire "
            f"enregistré ({holder.siren}).",
            "Insérez votre propre carte ou clé USB, puis relancez « opalexe-cert doctor ».",
        )
    left = days_left(facts, today)
    if left < 0:
        recorded_cert = in_force(state)
        if recorded_cert is not None and recorded_cert[0] >= today:
            return Check(
                "certificate",
                "failure",
                f"Certificat ({name}) : expiré le {format_date(facts.expiry)}, alors que le "
                f"certificat enregistré est valide jusqu'au {format_date(recorded_cert[0])} ; "
                "c'est probablement l'ancienne carte ou l'ancienne clé.",
                "Insérez la nouvelle carte (ou branchez la nouvelle clé USB), puis relancez "
                "« opalexe-cert doctor ».",
            )
        return Check(
            "certificate",
            "failure",
            f"{summary} — il a expiré, OPALEXE le refusera.",
            "Commencez une nouvelle demande : « opalexe-cert renew », puis « opalexe-cert start ».",
        )
    if today < facts.start:
        return Check(
            "certificate",
            "warning",
            f"Certificat ({name}) : il ne sera valide qu'à partir du {format_date(facts.start)}.",
        )
    if today >= guide.certificate_window(facts.expiry)[0]:  # its last months
        return Check(
            "certificate",
            "warning",
            f"{summary} (dans {days(left)}) : renouvelez-le sans attendre "
            "(« opalexe-cert renew »).",
        )
    return Check("certificate", "ok", f"{summary} (dans {days(left)})")


def _vendor_check(places: Places, found: Diagnosis) -> None:
    """The card makers' modules installed besides the one used."""
    kind = platform_key(places.platform)
    used = found.module.path if found.module else None
    present = [m for m in vendor_modules(kind) if _installed(places, m.path) and m.path != used]
    found.vendors = present
    if present:
        names = ", ".join(f"{m.name} ({m.path})" for m in present)
        found.checks.append(
            Check("vendor-modules", "ok", f"Pilotes de fabricant installés : {names}")
        )


def _installed(places: Places, path: PurePath) -> bool:
    """Whether a module file is there (under ``places.root`` for a POSIX path)."""
    where = places.root / str(path).lstrip("/") if path.as_posix().startswith("/") else Path(path)
    try:
        return where.is_file()
    except OSError:
        return False


def _store_certificates(store: tuple[bytes, ...]) -> list[CertificateFacts]:
    """The certificates of the system's store that can be read (others are not ours)."""
    from opalexe_cert.adapters.certificate.x509 import facts_from_der

    certificates: list[CertificateFacts] = []
    for der in store:
        try:
            certificates.append(facts_from_der(der, ""))
        except Exception:  # an entry that is no certificate we can read: not ours
            continue
    return certificates


def _store_check(certificates: list[CertificateFacts], state: State, today: dt.date) -> Check:
    """Windows: the personal store, which Edge, Chrome and Firefox (90 and later) all use."""
    good = [c for c in certificates if _good(c, state, today)]
    browsers = "Edge, Chrome et Firefox"
    if good:
        best = max(good, key=lambda f: f.not_after)
        whose = ", au nom du titulaire" if state.holder.surname else ""
        return Check(
            "system-store",
            "ok",
            f"Magasin de certificats de Windows : certificat CertEurope valide{whose} (expire "
            f"le {format_date(best.expiry)}), visible par {browsers}",
        )
    certeurope = [c for c in certificates if is_certeurope(c)]
    fix = (
        "Insérez la carte dans le lecteur (ou branchez la clé USB) ; s'il n'apparaît toujours "
        "pas, installez le pilote de la carte pour Windows (OpenSC ou celui du fabricant)."
    )
    if certeurope:
        return Check(
            "system-store",
            "failure",
            f"Magasin de certificats de Windows : {certificates_text(len(certeurope))} CertEurope, "
            f"mais aucun valide au nom du titulaire : {browsers} ne proposeront pas le bon.",
            fix,
        )
    return Check(
        "system-store",
        "failure",
        "Magasin de certificats de Windows : aucun certificat CertEurope ; "
        f"{browsers} ne verront pas la carte.",
        fix,
    )


# --- the browsers ---------------------------------------------------------------------------


def _browser_checks(places: Places, library: str, library_name: str, found: Diagnosis) -> None:
    checks = found.checks
    kind = platform_key(places.platform)
    profiles = find_firefox_profiles(places)
    policies = firefox_policies(places)
    found.policies = policies
    refused = profiles.refused + policies.refused
    for path, why in refused:
        checks.append(Check("browser-file", "warning", f"Fichier ignoré : {shown(path)} {why}."))
    policy_modules = {n: p for n, p in policies.modules.items() if _is_card_module(p)}
    if policy_modules:
        names = ", ".join(f"{shown(n)} ({shown(p)})" for n, p in policy_modules.items())
        checks.append(
            Check(
                "firefox-policies",
                "ok",
                f"Firefox : stratégie d'entreprise (policies.json) qui ajoute le module {names}",
            )
        )
    advice = Advice()
    for database in profiles.databases:
        found.databases.append(database)
        checks.append(_firefox_check(database, kind, library, library_name, policy_modules, advice))
    if not profiles.databases:
        checks.append(
            Check(
                "firefox",
                "warning",
                "Firefox : aucun profil trouvé (Firefox n'est pas installé, ou n'a jamais été "
                "lancé). Si vous utilisez Firefox pour OPALEXE, lancez-le une fois puis "
                "relancez « opalexe-cert doctor ».",
            )
        )
    for chrome in chrome_databases(places):
        found.databases.append(chrome)
        checks.append(_nss_check(chrome, library, library_name, advice))


def _is_card_module(path: str) -> bool:
    from opalexe_cert.adapters.certificate.browsers import NOT_A_CARD

    return not any(n in path for n in NOT_A_CARD)


@dataclass
class Advice:
    """The fixes already given: the same advice is printed once, not once per profile."""

    said: set[str] = field(default_factory=set)

    def once(self, key: str, text: str) -> str:
        if key in self.said:
            return ""
        self.said.add(key)
        return text


def _where(database: NssDatabase) -> str:
    kind = flavour_name(database.flavour)
    if database.browser == "Firefox":
        browser = f"Firefox {kind}" if kind else "Firefox"
        return f"{browser} (profil « {shown(database.name)} »)"
    return shown(database.browser)


def _ident(database: NssDatabase) -> str:
    if database.browser != "Firefox":
        return f"chrome:{database.name}" if database.flavour else "chrome"
    prefix = f"firefox-{database.flavour}" if database.flavour else "firefox"
    return f"{prefix}:{shown(database.name)}"


def _firefox_check(
    database: NssDatabase,
    kind: str,
    library: str,
    library_name: str,
    policy_modules: dict[str, str],
    advice: Advice,
) -> Check:
    where = _where(database)
    ident = _ident(database)
    if kind in ("win32", "darwin") and not database.card_modules:
        store = "du système" if kind == "darwin" else "de Windows"
        if database.autoload is False:
            return Check(
                ident,
                "failure",
                f"{where} : l'accès au magasin de certificats {store} est désactivé "
                "(security.osclientcerts.autoload vaut false dans prefs.js ou user.js), et aucun "
                "module de carte n'est enregistré.",
                "Dans Firefox, ouvrez la page about:config et remettez "
                "security.osclientcerts.autoload à true ; ou bien "
                + FIREFOX_MENU.format(module=library)
                + ".",
            )
        if database.version is not None and database.version < SYSTEM_STORE_SINCE:
            return Check(
                ident,
                "failure",
                f"{where} : Firefox {database.version} n'utilise pas le magasin de certificats "
                f"du système (il le fait à partir de la version {SYSTEM_STORE_SINCE}), et aucun "
                "module de carte n'est enregistré.",
                "Mettez Firefox à jour ; ou bien " + FIREFOX_MENU.format(module=library) + ".",
            )
        return Check(ident, "ok", f"{where} : Firefox utilise le magasin de certificats du système")
    if database.flavour == "snap":
        return _snap_check(database, where, ident, advice)
    if not database.card_modules and policy_modules and database.exists:
        names = ", ".join(shown(n) for n in policy_modules)
        return Check(
            ident, "ok", f"{where} : module ajouté par la stratégie d'entreprise ({names})"
        )
    return _nss_check(database, library, library_name, advice)


def _snap_check(database: NssDatabase, where: str, ident: str, advice: Advice) -> Check:
    """Ubuntu's Firefox snap sees only its own files: a host module cannot load there."""
    if not database.exists:
        return _not_opened(database, where, ident)
    inside = [m for m in database.card_modules if m.startswith("/snap/")]
    if inside:
        names = ", ".join(shown(PurePath(m).name) for m in inside)
        return Check(ident, "ok", f"{where} : module de carte enregistré ({names})")
    fix = _modutil_fix(database, SNAP_OPENSC, "OpenSC", advice)
    if database.card_modules:
        outside = ", ".join(shown(m) for m in database.card_modules)
        return Check(
            ident,
            "failure",
            f"{where} : le module enregistré ({outside}) est un fichier de l'ordinateur, que "
            "Firefox installé en Snap ne peut pas charger ; il faut celui qu'il contient "
            f"({SNAP_OPENSC}).",
            fix,
        )
    return Check(
        ident,
        "failure",
        f"{where} : aucun module de carte enregistré (Firefox installé en Snap ne peut charger "
        f"que le module qu'il contient, {SNAP_OPENSC}).",
        fix,
    )


def _not_opened(database: NssDatabase, where: str, ident: str) -> Check:
    if database.refused:
        return Check(
            ident,
            "warning",
            f"{where} : fichier pkcs11.txt ignoré, il {database.refused} "
            f"({shown(database.folder)}).",
        )
    never = "profil jamais ouvert" if database.browser == "Firefox" else "navigateur jamais lancé"
    return Check(
        ident,
        "warning",
        f"{where} : pas encore de base de sécurité dans {shown(database.folder)} ({never}).",
    )


def _nss_check(database: NssDatabase, library: str, library_name: str, advice: Advice) -> Check:
    where = _where(database)
    ident = _ident(database)
    if not database.exists:
        return _not_opened(database, where, ident)
    if database.card_modules:
        names = ", ".join(shown(PurePath(m).name) for m in database.card_modules)
        return Check(ident, "ok", f"{where} : module de carte enregistré ({names})")
    fix = _modutil_fix(database, library, library_name, advice)
    return Check(ident, "failure", f"{where} : aucun module de carte enregistré.", fix)


def _modutil_fix(database: NssDatabase, library: str, name: str, advice: Advice) -> str:
    """The ``modutil`` command for this database, and the other ways, said once."""
    is_firefox = database.browser == "Firefox"
    folder = _quoted(f"sql:{shown(database.folder, 4096)}")
    command = (
        f"modutil -dbdir {folder} -add {_quoted(name, always=True)} -libfile {_quoted(library)}"
    )
    fix = f"Fermez {'Firefox' if is_firefox else 'le navigateur'}, puis lancez : {command}"
    fix += advice.once("modutil", " (modutil est dans le paquet libnss3-tools)")
    if database.flavour != "snap":
        fix += advice.once(
            "pkcs11-register",
            " ; ou lancez « pkcs11-register », fourni par OpenSC, qui enregistre le module dans "
            "tous vos navigateurs",
        )
    if is_firefox:
        fix += advice.once(f"menu:{library}", " ; ou bien " + FIREFOX_MENU.format(module=library))
    return fix + "."


def _quoted(argument: str, *, always: bool = False) -> str:
    """An argument as a shell takes it: quoted when it holds a space (``Application Support``,
    ``Program Files``), or always (a module's name)."""
    if always or any(c.isspace() for c in argument):
        return '"' + argument.replace('"', "") + '"'
    return argument


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


def _load_state(path: Path, found: Diagnosis) -> Check:
    from opalexe_cert.adapters.store import load

    try:
        found.state = load(path)
    except StateError as exc:
        first, _, rest = exc.message.partition("\n")
        return Check("state", "failure", first, rest or None)
    if not path.exists():
        return Check("state", "ok", f"Fichier d'état : pas encore créé ({path})")
    return Check("state", "ok", f"Fichier d'état lisible : {path}")


# --- the command ----------------------------------------------------------------------------


def doctor(
    env: Environment,
    *,
    module: Path | None,
    json_output: bool,
    places: Places | None = None,
    report: bool = False,
    nominative: bool = False,
) -> ExitStatus:
    """Print the diagnosis (or the report for support); 0 when no check failed, 1 otherwise."""
    if nominative and not report:
        raise InputError(
            "--nominatif s'emploie avec --rapport : « opalexe-cert doctor --rapport --nominatif »."
        )
    if report and json_output:
        raise InputError("--rapport et --json ne vont pas ensemble : choisissez l'un des deux.")
    places = places or places_from_environment(env)
    found = examine(env.state_path, module, places, env.today)
    checks = found.checks
    failed = any(c.status == "failure" for c in checks)
    status = ExitStatus.ERROR if failed else ExitStatus.SUCCESS
    if report:
        from opalexe_cert.cli.commands.doctor_report import write_report

        env.out.text(write_report(found, places, env.today, nominative=nominative))
        return status
    if json_output:
        data = {"ok": not failed, "checks": [c.data() for c in checks]}
        env.out.text(json.dumps(data, ensure_ascii=False, indent=2))
        return status
    _render(env.out, checks, failed)
    return status


def _render(output: Output, checks: list[Check], failed: bool) -> None:
    from rich.markup import escape
    from rich.padding import Padding

    from opalexe_cert.cli.typeset import FrenchText
    from opalexe_cert.domain.typography import french

    out = output.console
    wrap = not out.is_terminal  # in a pipe, one line per message (docs/typography.md)
    given: set[str] = set()
    for check in checks:
        mark, style = MARKS[check.status]
        out.print(f"[{style}]{mark}[/] {escape(french(check.message))}", soft_wrap=wrap)
        if check.fix and check.status != "ok" and check.fix not in given:
            given.add(check.fix)  # each fix once
            fix = f"→ {escape(french(check.fix))}"
            # FrenchText breaks lines at ASCII spaces only: never after « (docs/typography.md)
            block = f"  {fix}" if wrap else Padding(FrenchText.from_markup(fix), (0, 0, 0, 2))
            out.print(block, soft_wrap=wrap)
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
