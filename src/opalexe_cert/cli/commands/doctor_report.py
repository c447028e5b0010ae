"""``opalexe-cert doctor --rapport``: the diagnosis as a text to paste into an e-mail to support.

It gives what support asks first (versions, system, readers, cards, modules, each browser
profile's modules, the certificate's issuer, policies and expiry) and where to send it. It
never holds the holder's name, SIREN or serial number, nor the home folder's name (often the
person's), unless ``--nominatif``: they are masked in the whole text, including in what was
read from the card or the browsers.
"""

from __future__ import annotations

import datetime as dt
import platform as python_platform
import re
import unicodedata
from pathlib import Path, PurePath

from opalexe_cert import __version__
from opalexe_cert.adapters.certificate.browsers import Places, flavour_name
from opalexe_cert.adapters.certificate.card import candidate_modules, platform_key
from opalexe_cert.cli.commands.doctor_findings import MARKS, Diagnosis, certificates_text, shown
from opalexe_cert.domain import guide
from opalexe_cert.domain.dates import format_date
from opalexe_cert.domain.state import State
from opalexe_cert.domain.typography import french

MASK = "[masqué]"
PARTICLES = frozenset({"des", "del", "van", "von", "der", "den", "ter"})
"""Words of a name too common to mask everywhere in the text."""
SYSTEMS = {"linux": "Linux", "darwin": "macOS", "win32": "Windows"}


def write_report(found: Diagnosis, places: Places, today: dt.date, *, nominative: bool) -> str:
    """The report, one French line per fact."""
    state = found.state or State()
    lines = [
        "Rapport de diagnostic d'opalexe-cert (à joindre à un courriel au support)",
        f"Date : {format_date(today)}",
        (
            "Ce rapport contient votre nom et votre SIREN (--nominatif)."
            if nominative
            else "Ce rapport ne contient ni votre nom, ni votre SIREN, ni le numéro de série de "
            "votre certificat."
        ),
        "",
        "Versions",
        f"  opalexe-cert : {__version__}",
        f"  Python : {python_platform.python_version()}",
        f"  OpenSC : {_opensc(found, places)}",
        f"  Module PKCS#11 : {_module(found)}",
        f"Système : {_system(places)}",
        *_card_lines(found, nominative),
        *_store_lines(found),
        "",
        "Navigateurs",
        *_browser_lines(found),
        "",
        "Diagnostic",
    ]
    for check in found.checks:
        lines.append(f"  {MARKS[check.status][0]} {check.message}")
        if check.fix and check.status != "ok":
            lines.append(f"    → {check.fix}")
    lines += ["", "À qui envoyer ce rapport", *_contacts(state)]
    text = "\n".join(lines)
    if not nominative:
        text = _masked(text, found, places)
    return "\n".join(french(line) for line in text.split("\n"))


def _opensc(found: Diagnosis, places: Places) -> str:
    info = found.seen.library if found.seen else None
    if info is not None and "opensc" in info.manufacturer.lower():
        return f"{shown(info.version)} (module chargé)"
    installed = [
        str(p) for p in candidate_modules(places.platform) if "opensc" in p.name and _exists(p)
    ]
    return f"installé, non chargé ({installed[0]})" if installed else "non trouvé"


def _exists(path: PurePath) -> bool:
    try:
        return Path(path).is_file()
    except OSError:
        return False


def _module(found: Diagnosis) -> str:
    if found.module is None:
        return "aucun"
    if found.seen is None:
        return f"{found.module.path} (non chargé)"
    info = found.seen.library
    about = [
        f"« {shown(info.description)} »" if info.description else "",
        f"version {shown(info.version)}" if info.version else "",
        shown(info.manufacturer),
        f"Cryptoki {shown(info.cryptoki)}" if info.cryptoki else "",
    ]
    return f"{found.module.path} — " + ", ".join(a for a in about if a)


def _system(places: Places) -> str:
    kind = platform_key(places.platform)
    return f"{SYSTEMS[kind]} ({places.platform}, {python_platform.platform()})"


def _card_lines(found: Diagnosis, nominative: bool) -> list[str]:
    seen = found.seen
    if seen is None:
        return ["Lecteurs : non lus (module absent ou non chargé)"]
    readers = ", ".join(f"« {shown(r)} »" for r in seen.readers if r)
    lines = [f"Lecteurs : {seen.slots}" + (f" ({readers})" if readers else "")]
    tokens = [
        f"« {shown(t.label)} » (fabricant {shown(t.manufacturer) or '?'}, modèle "
        f"{shown(t.model) or '?'}, {certificates_text(len(t.certificates))})"
        for t in seen.tokens
    ]
    lines.append("Cartes ou clés : " + (", ".join(tokens) or "aucune"))
    if found.vendors:
        lines.append("Pilotes de fabricant : " + ", ".join(str(v.path) for v in found.vendors))
    facts = found.certificate
    if facts is None:
        lines.append("Certificat : aucun lu")
        return lines
    policies = tuple(getattr(facts, "policies", ()) or ())  # read by the certificate reader
    lines += [
        f"Certificat : émetteur {shown(facts.issuer, 300)}",
        f"  politiques de certification : {', '.join(shown(p) for p in policies) or 'non lues'}",
        f"  valide du {format_date(facts.start)} au {format_date(facts.expiry)}",
    ]
    if nominative:
        lines.append(f"  titulaire : {shown(facts.holder_name)} ; SIREN : {facts.siren or '—'}")
    return lines


def _store_lines(found: Diagnosis) -> list[str]:
    """Windows' personal store: each certificate's issuer and validity (names are masked)."""
    if found.store is None:
        return []
    lines = [f"Magasin de certificats de Windows : {certificates_text(len(found.store))}"]
    lines += [
        f"  émetteur {shown(c.issuer, 300)}, valide du {format_date(c.start)} au "
        f"{format_date(c.expiry)}"
        for c in found.store
    ]
    return lines


def _browser_lines(found: Diagnosis) -> list[str]:
    lines = []
    for database in found.databases:
        kind = flavour_name(database.flavour)
        name = database.browser + (f" {kind}" if kind and database.browser == "Firefox" else "")
        if database.browser == "Firefox":
            name += f" (profil « {shown(database.name)} »)"
        if not database.exists:
            state = f"fichier ignoré, il {database.refused}" if database.refused else "pas de base"
        else:
            modules = [shown(PurePath(m).name) for m in database.modules]
            state = "modules : " + (", ".join(modules) or "aucun")
        extras = []
        if database.version is not None:
            extras.append(f"Firefox {database.version}")
        if database.autoload is not None:
            extras.append(f"osclientcerts.autoload = {str(database.autoload).lower()}")
        lines.append(f"  {name} : {state}" + (f" ({', '.join(extras)})" if extras else ""))
    policies = found.policies
    if policies is not None and policies.modules:
        added = ", ".join(f"{shown(n)} = {shown(p)}" for n, p in policies.modules.items())
        lines.append(f"  Stratégies d'entreprise (policies.json) : {added}")
    return lines or ["  aucun profil trouvé"]


def _contacts(state: State) -> list[str]:
    from opalexe_cert.domain.texts import compagnie

    found = compagnie(state)
    president = (
        f"{found.to_president} de votre compagnie"
        if found
        else "à la présidence de votre compagnie"
    )
    return [
        f"  D'abord, adressez-vous {president}, ou au référent régional OPALEXE (RRO).",
        "  Pour la carte, son lecteur ou le certificat : le support de CertEurope, "
        f"{guide.CERTEUROPE_SUPPORT_EMAIL} (et son site {guide.SUPPORT_URL}).",
        f"  Pour la plateforme OPALEXE elle-même : le support d'OPALEXE, "
        f"{guide.OPALEXE_SUPPORT_EMAIL}.",
        f"  Ces deux adresses sont celles {guide.SUPPORT_SOURCE} : vérifiez-les avant d'écrire.",
    ]


def _masked(text: str, found: Diagnosis, places: Places) -> str:
    """``text`` without the holder's name, SIREN or serial numbers, nor the home folder."""
    text = text.replace(str(places.home), "~")
    secrets: set[str] = set()
    holder = (found.state or State()).holder
    words = [holder.surname, holder.given_names]
    facts = found.certificate
    certificates = [c for t in (found.seen.tokens if found.seen else []) for c in t.certificates]
    for cert in [*certificates, *([facts] if facts else []), *(found.store or [])]:
        words += [cert.given_name, cert.surname, cert.common_name]
        secrets.update(s for s in cert.serial_numbers if s.strip())
        if cert.siren:
            secrets.add(cert.siren)
    if holder.siren:
        secrets.add(holder.siren)
    for value in words:
        whole = re.split(r"[\s,;:()«»\"]+", value or "")
        parts = [p for w in whole for p in re.split(r"['’-]+", w)]
        kept = [w for w in whole + parts if len(w) >= 3 and w.lower() not in PARTICLES]
        secrets.update(kept)
        secrets.update(_unaccented(w) for w in kept)  # a certificate writes ELOISE for Éloïse
    for secret in sorted(secrets, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(secret)}(?!\w)", MASK, text, flags=re.IGNORECASE)
    return _mask_siren(text, secrets)


def _unaccented(word: str) -> str:
    """``Lœwenbruck`` → ``Loewenbruck``, ``Éloïse`` → ``Eloise``."""
    decomposed = unicodedata.normalize("NFKD", word.replace("œ", "oe").replace("Œ", "OE"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _mask_siren(text: str, secrets: set[str]) -> str:
    """A SIREN written with spaces (``123 456 782``) is masked too."""
    for secret in secrets:
        if secret.isdigit() and len(secret) == 9:
            spaced = rf"{secret[:3]}\s?{secret[3:6]}\s?{secret[6:]}"
            text = re.sub(spaced, MASK, text)
    return text
