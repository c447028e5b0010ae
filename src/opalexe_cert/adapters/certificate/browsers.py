"""Where the browsers look for the card: their NSS databases, and the PC/SC service (Linux).

Firefox keeps its security devices in ``pkcs11.txt`` in each profile (profiles listed in
``profiles.ini``); Chrome and Chromium on Linux share ``~/.pki/nssdb``. OPALEXE sees the card
only when one of these lists a card module. Nothing here writes anything: the home folder,
the platform and the system folders are parameters, so that tests point them elsewhere.
"""

from __future__ import annotations

import configparser
import dataclasses
import json
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from opalexe_cert.adapters.certificate.card import platform_key

# Modules every NSS database lists that are no card reader: the built-in roots, the trust
# store, and Firefox's access to the system's own certificates.
NOT_A_CARD = ("nssckbi", "p11-kit-trust", "osclientcerts", "ipcclientcerts", "libnssdbm3")


# Ubuntu's Firefox snap bundles OpenSC's module; a snap cannot load a module from the host's
# /usr/lib, so this is the path to register in a snap profile.
SNAP_OPENSC = "/snap/firefox/current/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so"

MAX_BROWSER_FILE = 4 * 1024 * 1024
"""The largest browser file read (``prefs.js`` of a long-used profile is a few hundred KB)."""


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
    root: Path = Path("/")
    """Where the system's own files are (``/etc``, ``/usr/lib``): the enterprise policies."""
    system_store: tuple[bytes, ...] | None = None
    """The certificates (DER) of the system's personal store (Windows ``MY``), when read."""


@dataclass(frozen=True)
class TextFile:
    """A small text file read safely: its text, or why it was not read."""

    text: str | None
    refused: str | None = None  # in French: « n'est pas un fichier ordinaire », « trop gros »


def read_text_file(path: Path, limit: int = MAX_BROWSER_FILE) -> TextFile:
    """Read ``path`` only if it is a regular file of at most ``limit`` bytes.

    The type and size are checked on the opened file before anything is read, and the open
    does not wait (``O_NONBLOCK``): ``/dev/zero``, a FIFO or a huge file is refused at once,
    never read into memory or waited on. A missing file is ``TextFile(None)``.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
    except (OSError, ValueError):  # ValueError: a NUL in a path read from a browser file
        return TextFile(None)
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            return TextFile(None, "n'est pas un fichier ordinaire")
        if info.st_size > limit:
            return TextFile(None, "est trop volumineux pour être un fichier du navigateur")
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(descriptor, min(65536, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:  # it grew while being read
            return TextFile(None, "est trop volumineux pour être un fichier du navigateur")
    except OSError:
        return TextFile(None)
    finally:
        os.close(descriptor)
    return TextFile(b"".join(chunks).decode("utf-8", errors="replace"))


@dataclass(frozen=True)
class NssDatabase:
    """One NSS database (a Firefox profile, or Chrome's) and the modules it lists."""

    browser: str  # "Firefox" or "Chrome/Chromium"
    name: str  # the profile's name
    folder: Path
    modules: tuple[str, ...]  # library paths of the modules listed
    exists: bool  # pkcs11.txt is there (a profile never opened has none)
    flavour: str = ""  # "snap", "flatpak", "esr" or "" (the system's package)
    refused: str | None = None  # pkcs11.txt could not be read safely: why
    autoload: bool | None = None  # ``security.osclientcerts.autoload`` set in prefs/user.js
    version: int | None = None  # Firefox's major version last used with the profile

    @property
    def card_modules(self) -> tuple[str, ...]:
        """The modules that can read a card."""
        return tuple(m for m in self.modules if not any(n in m for n in NOT_A_CARD))


_FLAVOUR_NAMES = {"snap": "Snap", "flatpak": "Flatpak", "esr": "ESR"}


def flavour_name(flavour: str) -> str:
    """« Snap », « Flatpak », « ESR », or empty for the system's package."""
    return _FLAVOUR_NAMES.get(flavour, "")


def firefox_roots(places: Places) -> list[tuple[Path, str]]:
    """Where Firefox keeps ``profiles.ini`` on this system, and which kind of Firefox it is."""
    home, kind = places.home, platform_key(places.platform)
    if kind == "darwin":
        return [(home / "Library" / "Application Support" / "Firefox", "")]
    if kind == "win32":
        base = places.appdata or home / "AppData" / "Roaming"
        return [(base / "Mozilla" / "Firefox", "")]
    return [
        (home / ".mozilla" / "firefox", ""),
        (home / ".mozilla" / "firefox-esr", "esr"),
        (home / "snap" / "firefox" / "common" / ".mozilla" / "firefox", "snap"),
        (home / ".var" / "app" / "org.mozilla.firefox" / ".mozilla" / "firefox", "flatpak"),
    ]


@dataclass(frozen=True)
class Profiles:
    """The Firefox profiles found, and the browser files that were refused on the way."""

    databases: list[NssDatabase]
    refused: list[tuple[Path, str]]


def firefox_profiles(places: Places) -> list[NssDatabase]:
    """Every Firefox profile listed in a ``profiles.ini`` (an unreadable one lists none)."""
    return find_firefox_profiles(places).databases


def find_firefox_profiles(places: Places) -> Profiles:
    """Every Firefox profile listed in a ``profiles.ini``, and the files refused."""
    found: list[NssDatabase] = []
    refused: list[tuple[Path, str]] = []
    for root, flavour in firefox_roots(places):
        ini = root / "profiles.ini"
        read = read_text_file(ini, 1024 * 1024)
        if read.refused:
            refused.append((ini, read.refused))
        if read.text is None:
            continue
        parser = configparser.ConfigParser(interpolation=None, strict=False)
        try:
            parser.read_string(read.text)
        except configparser.Error:
            refused.append((ini, "n'est pas un fichier profiles.ini lisible"))
            continue
        for section in parser.sections():
            if not section.startswith("Profile") or "Path" not in parser[section]:
                continue
            entry = parser[section]
            relative = entry.get("IsRelative", "1").strip() == "1"
            folder = root / entry["Path"] if relative else Path(entry["Path"])
            database = _database("Firefox", entry.get("Name", entry["Path"]), folder, flavour)
            found.append(_with_prefs(database))
    return Profiles(found, refused)


def chrome_database(places: Places) -> NssDatabase | None:
    """Chrome's and Chromium's shared NSS database, on Linux only (elsewhere they use the
    system's certificate store)."""
    if platform_key(places.platform) != "linux":
        return None
    return _database("Chrome/Chromium", "nssdb", places.home / ".pki" / "nssdb")


# Flatpak Chrome and Chromium: the sandbox keeps ``~/.pki`` in the app's own folder
# (``--persist=.pki``), and Chromium 146 and later open ``$XDG_DATA_HOME/pki/nssdb``, which
# Flatpak sets to ``~/.var/app/<app>/data``.
_FLATPAK_CHROMES = (("com.google.Chrome", "Chrome"), ("org.chromium.Chromium", "Chromium"))


def chrome_databases(places: Places) -> list[NssDatabase]:
    """Chrome's and Chromium's NSS databases on Linux: the shared one, and each Flatpak's
    that exists (elsewhere they use the system's certificate store)."""
    shared = chrome_database(places)
    if shared is None:
        return []
    found = [shared]
    for app, name in _FLATPAK_CHROMES:
        base = places.home / ".var" / "app" / app
        for folder, label in (
            (base / ".pki" / "nssdb", app),
            (base / "data" / "pki" / "nssdb", f"{app}/data"),
        ):
            if folder.is_dir():
                found.append(_database(f"{name} (Flatpak)", label, folder, "flatpak"))
    return found


def _database(browser: str, name: str, folder: Path, flavour: str = "") -> NssDatabase:
    read = read_text_file(folder / "pkcs11.txt")
    if read.text is None:
        return NssDatabase(browser, name, folder, (), False, flavour, read.refused)
    return NssDatabase(browser, name, folder, parse_pkcs11_txt(read.text), True, flavour)


def parse_pkcs11_txt(text: str) -> tuple[str, ...]:
    """The ``library=`` paths of an NSS ``pkcs11.txt`` (the internal module has none)."""
    modules = []
    for line in text.splitlines():
        key, _, value = line.strip().partition("=")
        if key.strip() == "library" and value.strip():
            modules.append(value.strip())
    return tuple(modules)


_AUTOLOAD = re.compile(
    r"""user_pref\(\s*["']security\.osclientcerts\.autoload["']\s*,\s*(true|false)\s*\)"""
)
_LAST_VERSION = re.compile(r"^\s*LastVersion\s*=\s*(\d+)", re.MULTILINE)


def _with_prefs(database: NssDatabase) -> NssDatabase:
    """The profile with what its ``prefs.js``, ``user.js`` and ``compatibility.ini`` say of
    the system's certificates (``user.js`` wins: Firefox applies it last)."""
    autoload: bool | None = None
    for name in ("prefs.js", "user.js"):
        text = read_text_file(database.folder / name).text or ""
        for match in _AUTOLOAD.finditer(text):
            autoload = match.group(1) == "true"
    compatibility = read_text_file(database.folder / "compatibility.ini", 64 * 1024).text or ""
    version = _LAST_VERSION.search(compatibility)
    return dataclasses.replace(
        database, autoload=autoload, version=int(version.group(1)) if version else None
    )


# Firefox's enterprise policies: /etc/firefox/policies on Linux (the snap reads it too), and
# the ``distribution`` folder beside the program on every system.
_POLICY_FILES = {
    "linux": (
        "etc/firefox/policies/policies.json",
        "usr/lib/firefox/distribution/policies.json",
        "usr/lib/firefox-esr/distribution/policies.json",
        "usr/lib64/firefox/distribution/policies.json",
    ),
    "darwin": ("Applications/Firefox.app/Contents/Resources/distribution/policies.json",),
    "win32": (),  # Windows: group policies in the registry, not read here
}


@dataclass(frozen=True)
class Policies:
    """The security devices Firefox's enterprise policies add, per policy file."""

    modules: dict[str, str]  # name: library path
    files: list[Path]
    refused: list[tuple[Path, str]]


def firefox_policies(places: Places) -> Policies:
    """``SecurityDevices`` of every ``policies.json`` found (``{"Add": {name: path}}``, or the
    older ``{name: path}``)."""
    modules: dict[str, str] = {}
    files: list[Path] = []
    refused: list[tuple[Path, str]] = []
    for relative in _POLICY_FILES[platform_key(places.platform)]:
        path = places.root / relative
        read = read_text_file(path, 1024 * 1024)
        if read.refused:
            refused.append((path, read.refused))
        if read.text is None:
            continue
        try:
            data = json.loads(read.text)
        except ValueError:
            refused.append((path, "n'est pas un fichier JSON valide"))
            continue
        policies = data.get("policies") if isinstance(data, dict) else None
        devices = policies.get("SecurityDevices") if isinstance(policies, dict) else None
        if not isinstance(devices, dict):
            continue
        files.append(path)
        added = devices.get("Add", devices)
        if isinstance(added, dict):
            for name, library in added.items():
                if isinstance(name, str) and isinstance(library, str) and name != "Delete":
                    modules[name] = library
    return Policies(modules, files, refused)


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
