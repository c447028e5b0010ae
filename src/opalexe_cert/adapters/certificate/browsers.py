"""Where the browsers look for the card: their NSS databases, and the PC/SC service (Linux).

Firefox keeps its security devices in ``pkcs11.txt`` in each profile (profiles listed in
``profiles.ini``); Chrome and Chromium on Linux share ``~/.pki/nssdb``. OPALEXE sees the card
only when one of these lists a card module. Nothing here writes anything: the home folder,
the platform and the system folders are parameters, so that tests point them elsewhere.
"""

from __future__ import annotations

import configparser
import os
from dataclasses import dataclass
from pathlib import Path

from opalexe_cert.adapters.certificate.card import platform_key

# Modules every NSS database lists that are no card reader: the built-in roots, the trust
# store, and Firefox's access to the system's own certificates.
NOT_A_CARD = ("nssckbi", "p11-kit-trust", "osclientcerts", "ipcclientcerts", "libnssdbm3")


@dataclass(frozen=True)
class Places:
    """The folders the checks read: the user's home, the platform, the system's run folder."""

    home: Path
    platform: str
    appdata: Path | None = None
    """``APPDATA`` on Windows, where Firefox keeps its profiles."""
    pkcs11_module: Path | None = None
    """The module named by ``OPALEXE_CERT_PKCS11_MODULE``, if any."""
    run_dir: Path = Path("/run")
    proc_dir: Path = Path("/proc")


@dataclass(frozen=True)
class NssDatabase:
    """One NSS database (a Firefox profile, or Chrome's) and the modules it lists."""

    browser: str  # "Firefox" or "Chrome/Chromium"
    name: str  # the profile's name
    folder: Path
    modules: tuple[str, ...]  # library paths of the modules listed
    exists: bool  # pkcs11.txt is there (a profile never opened has none)

    @property
    def card_modules(self) -> tuple[str, ...]:
        """The modules that can read a card."""
        return tuple(m for m in self.modules if not any(n in m for n in NOT_A_CARD))


def firefox_roots(places: Places) -> list[Path]:
    """Where Firefox keeps ``profiles.ini`` on this system (packages, Snap, Flatpak)."""
    home, kind = places.home, platform_key(places.platform)
    if kind == "darwin":
        return [home / "Library" / "Application Support" / "Firefox"]
    if kind == "win32":
        base = places.appdata or home / "AppData" / "Roaming"
        return [base / "Mozilla" / "Firefox"]
    return [
        home / ".mozilla" / "firefox",
        home / "snap" / "firefox" / "common" / ".mozilla" / "firefox",
        home / ".var" / "app" / "org.mozilla.firefox" / ".mozilla" / "firefox",
    ]


def firefox_profiles(places: Places) -> list[NssDatabase]:
    """Every Firefox profile listed in a ``profiles.ini`` (an unreadable one lists none)."""
    found: list[NssDatabase] = []
    for root in firefox_roots(places):
        ini = root / "profiles.ini"
        parser = configparser.ConfigParser(interpolation=None)
        try:
            parser.read_string(ini.read_text(encoding="utf-8", errors="replace"))
        except (OSError, configparser.Error):
            continue
        for section in parser.sections():
            if not section.startswith("Profile") or "Path" not in parser[section]:
                continue
            entry = parser[section]
            relative = entry.get("IsRelative", "1").strip() == "1"
            folder = root / entry["Path"] if relative else Path(entry["Path"])
            found.append(_database("Firefox", entry.get("Name", entry["Path"]), folder))
    return found


def chrome_database(places: Places) -> NssDatabase | None:
    """Chrome's and Chromium's shared NSS database, on Linux only (elsewhere they use the
    system's certificate store)."""
    if platform_key(places.platform) != "linux":
        return None
    return _database("Chrome/Chromium", "nssdb", places.home / ".pki" / "nssdb")


def _database(browser: str, name: str, folder: Path) -> NssDatabase:
    path = folder / "pkcs11.txt"
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return NssDatabase(browser, name, folder, (), False)
    return NssDatabase(browser, name, folder, parse_pkcs11_txt(text), True)


def parse_pkcs11_txt(text: str) -> tuple[str, ...]:
    """The ``library=`` paths of an NSS ``pkcs11.txt`` (the internal module has none)."""
    modules = []
    for line in text.splitlines():
        key, _, value = line.strip().partition("=")
        if key.strip() == "library" and value.strip():
            modules.append(value.strip())
    return tuple(modules)


def pcscd_running(places: Places) -> bool:
    """The PC/SC service answers: its socket exists (systemd starts it on demand) or a
    ``pcscd`` process runs."""
    if (places.run_dir / "pcscd" / "pcscd.comm").exists():
        return True
    try:
        entries = list(os.scandir(places.proc_dir))
    except OSError:
        return False
    for entry in entries:
        if not entry.name.isdigit():
            continue
        try:
            command = (Path(entry.path) / "comm").read_text(encoding="utf-8").strip()
        except OSError:
            continue
        if command == "pcscd":
            return True
    return False
