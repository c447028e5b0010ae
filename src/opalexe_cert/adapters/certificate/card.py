"""The card or USB key through PKCS#11 (``python-pkcs11``, the ``opalexe-cert[carte]`` extra).

Only public certificate objects are read, in a read-only session without logging in: no PIN
is ever asked for. The module is the one given (``--module``), else the one in
``OPALEXE_CERT_PKCS11_MODULE``, else the first of the usual places that exists.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePath, PureWindowsPath
from typing import TYPE_CHECKING, Any, Literal, Protocol

from opalexe_cert.adapters.certificate.x509 import clean, facts_from_der
from opalexe_cert.domain.certificate import CertificateFacts
from opalexe_cert.domain.errors import CardError, CertificateError

if TYPE_CHECKING:
    from pkcs11 import Token

MODULE_ENV = "OPALEXE_CERT_PKCS11_MODULE"


class Library(Protocol):
    """What is used of the loaded module (``pkcs11.lib``): its slots."""

    def get_slots(self, token_present: bool = False) -> list[Any]:
        """The module's slots, or only those holding a token."""


Origin = Literal["option", "environment", "default"]

# OpenSC's module first (it reads most cards, CertEurope's included), then card makers' own.
_LINUX = (
    "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so",
    "/usr/lib/aarch64-linux-gnu/opensc-pkcs11.so",
    "/usr/lib/x86_64-linux-gnu/pkcs11/opensc-pkcs11.so",
    "/usr/lib/aarch64-linux-gnu/pkcs11/opensc-pkcs11.so",
    "/usr/lib64/opensc-pkcs11.so",
    "/usr/lib64/pkcs11/opensc-pkcs11.so",
    "/usr/lib/opensc-pkcs11.so",
    "/usr/lib/pkcs11/opensc-pkcs11.so",
    "/usr/local/lib/opensc-pkcs11.so",
    "/usr/lib/libIDPrimePKCS11.so",
    "/usr/lib/libeTPkcs11.so",
)
_MACOS = (
    "/Library/OpenSC/lib/opensc-pkcs11.so",
    "/opt/homebrew/lib/opensc-pkcs11.so",
    "/usr/local/lib/opensc-pkcs11.so",
    "/usr/local/lib/libIDPrimePKCS11.dylib",
    "/usr/local/lib/libeTPkcs11.dylib",
)
_WINDOWS = (
    r"C:\Windows\System32\opensc-pkcs11.dll",
    r"C:\Program Files\OpenSC Project\OpenSC\pkcs11\opensc-pkcs11.dll",
    r"C:\Windows\System32\IDPrimePKCS11.dll",
    r"C:\Windows\System32\eTPKCS11.dll",
)
INSTALL_HINT = {
    "linux": "installez OpenSC (« sudo apt install opensc pcscd » sous Debian et Ubuntu, "
    "« sudo dnf install opensc pcsc-lite » sous Fedora) ou le pilote du fabricant de votre carte",
    "darwin": "installez OpenSC (« brew install opensc », ou le paquet d'OpenSC pour macOS) "
    "ou le pilote du fabricant de votre carte",
    "win32": "installez OpenSC pour Windows ou le pilote du fabricant de votre carte",
}


def platform_key(platform: str) -> str:
    """``linux``, ``darwin`` or ``win32`` (``sys.platform`` values)."""
    if platform.startswith("win"):
        return "win32"
    return "darwin" if platform == "darwin" else "linux"


def candidate_modules(platform: str) -> tuple[PurePath, ...]:
    """The usual places of a PKCS#11 module on this kind of system, in order of preference."""
    from opalexe_cert.adapters.certificate.vendors import vendor_modules

    kind = platform_key(platform)
    if kind == "win32":
        usual: tuple[PurePath, ...] = tuple(PureWindowsPath(p) for p in _WINDOWS)
    else:
        usual = tuple(PurePath(p) for p in (_MACOS if kind == "darwin" else _LINUX))
    makers = tuple(m.path for m in vendor_modules(kind) if m.path not in usual)
    return usual + makers


@dataclass(frozen=True)
class ModuleChoice:
    """The module to load, and who chose it (for the messages)."""

    path: Path
    origin: Origin


def find_module(
    explicit: Path | None,
    from_environment: Path | None,
    platform: str,
    exists: Callable[[PurePath], bool] = lambda p: Path(p).is_file(),
) -> ModuleChoice | None:
    """``--module``, else ``OPALEXE_CERT_PKCS11_MODULE``, else the first usual place found.

    A module named explicitly that does not exist is an error (a typo must not silently fall
    back on another module); ``None`` when none was named and none is installed.
    """
    named: tuple[Path, Origin] | None = None
    if explicit is not None:
        named = (explicit, "option")
    elif from_environment is not None:
        named = (from_environment, "environment")
    if named is not None:
        path, origin = named
        where = "--module" if origin == "option" else MODULE_ENV
        if len(path.parts) == 1 and not path.is_absolute():
            # A bare name (« link.so ») would be looked up along the system's library search
            # path by the loader: it means the file of that name in the current folder.
            path = Path.cwd() / path
        if not exists(path):
            raise CardError(
                f"Le module PKCS#11 {path} (donné par {where}) {_missing_why(path)} : vérifiez "
                "le chemin, ou " + INSTALL_HINT[platform_key(platform)] + "."
            )
        if path.exists() and not os.access(path, os.R_OK):
            raise CardError(
                f"Le module PKCS#11 {path} (donné par {where}) est illisible : accès refusé "
                "(droits insuffisants)."
            )
        return ModuleChoice(path, origin)
    for candidate in candidate_modules(platform):
        if exists(candidate):
            return ModuleChoice(Path(candidate), "default")
    return None


def _missing_why(path: Path) -> str:
    """Why a module named is not a file: « n'existe pas », or what is there instead."""
    if path.is_dir():
        return "est un dossier, pas un fichier"
    if path.exists():
        return "n'est pas un fichier ordinaire"
    return "n'existe pas"


def no_module_error(platform: str) -> CardError:
    """No module named and none in the usual places."""
    return CardError(
        "Aucun module PKCS#11 (le pilote qui permet de lire la carte) n'est installé : "
        + INSTALL_HINT[platform_key(platform)]
        + f". Vous pouvez aussi indiquer son chemin avec --module ou {MODULE_ENV}."
    )


@dataclass(frozen=True)
class TokenContent:
    """One initialised token (a card in its reader, or a USB key) and its certificates."""

    label: str
    certificates: list[CertificateFacts]
    manufacturer: str = ""
    model: str = ""
    skipped: list[str] = field(default_factory=list)  # why unreadable objects were left out


@dataclass(frozen=True)
class LibraryInfo:
    """What a loaded module says of itself (``C_GetInfo``)."""

    manufacturer: str = ""
    description: str = ""
    version: str = ""
    cryptoki: str = ""


@dataclass(frozen=True)
class Probe:
    """What a module sees: its slots (readers), and the tokens in them."""

    slots: int
    uninitialised: int = 0
    tokens: list[TokenContent] = field(default_factory=list)
    library: LibraryInfo = field(default_factory=LibraryInfo)
    readers: tuple[str, ...] = ()


class ModuleLoadError(CardError):
    """The file could not be loaded as a PKCS#11 module (not a library, wrong architecture)."""


def missing_extra() -> CardError:
    """``python-pkcs11`` is not installed."""
    return CardError(
        "La lecture de la carte demande le complément « carte » d'opalexe-cert : "
        'réinstallez-le avec ce complément, par exemple « pipx install --force "./opalexe-cert'
        '[carte]" » (voir « Installation » dans le README). Vous pouvez aussi lire le '
        "certificat dans un fichier avec --file."
    )


def probe(module: Path) -> Probe:
    """Load the module, list its slots, and read the certificates of every initialised token.

    The module is unloaded afterwards, so that a later call sees the readers of that moment.
    """
    try:
        import pkcs11
        from pkcs11.exceptions import PKCS11Error
    except ImportError:
        raise missing_extra() from None
    with _loaded(module) as library:
        try:
            slots = library.get_slots()
            tokens: list[TokenContent] = []
            uninitialised = 0
            for slot in library.get_slots(token_present=True):
                token = slot.get_token()
                if not token.flags & pkcs11.TokenFlag.TOKEN_INITIALIZED:
                    uninitialised += 1  # SoftHSM always offers one such free slot
                    continue
                skipped: list[str] = []
                tokens.append(
                    TokenContent(
                        _label(token),
                        _certificates(token, skipped),
                        _text(getattr(token, "manufacturer_id", "")),
                        _text(getattr(token, "model", "")),
                        skipped,
                    )
                )
            readers = tuple(_text(getattr(s, "slot_description", "")) for s in slots)
            info = _library_info(library)
        except PKCS11Error as exc:
            raise CardError(
                f"Le module PKCS#11 {module} n'a pas pu lire les lecteurs ({type(exc).__name__}). "
                "Débranchez puis rebranchez le lecteur ou la clé, puis recommencez."
            ) from None
    return Probe(len(slots), uninitialised, tokens, info, readers)


def _text(value: object) -> str:
    return str(value).strip() if value is not None else ""


def _version(value: object) -> str:
    if isinstance(value, tuple):
        return ".".join(str(part) for part in value)
    return _text(value)


def _library_info(library: Library) -> LibraryInfo:
    """The module's own name and version; empty values when it does not say."""
    try:
        return LibraryInfo(
            _text(getattr(library, "manufacturer_id", "")),
            _text(getattr(library, "library_description", "")),
            _version(getattr(library, "library_version", "")),
            _version(getattr(library, "cryptoki_version", "")),
        )
    except Exception:  # a module that answers C_GetInfo badly still reads the card
        return LibraryInfo()


@contextlib.contextmanager
def _loaded(module: Path) -> Iterator[Library]:
    import pkcs11
    from pkcs11.exceptions import PKCS11Error

    try:
        library = pkcs11.lib(str(module))
    except (PKCS11Error, OSError, RuntimeError):
        raise ModuleLoadError(
            f"Le fichier {module} n'a pas pu être chargé comme module PKCS#11 : ce n'est "
            "peut-être pas le bon fichier, ou il ne correspond pas à votre système (32 ou "
            "64 bits)."
        ) from None
    try:
        yield library
    finally:
        with contextlib.suppress(Exception):
            pkcs11.unload(str(module))


def _label(token: Token) -> str:
    return clean(str(token.label)) or "(sans nom)"


def _certificates(token: Token, skipped: list[str]) -> list[CertificateFacts]:
    """The public certificate objects, read without logging in (no PIN); why an object that
    cannot be read is left out goes to ``skipped``."""
    from pkcs11 import Attribute, ObjectClass

    found = []
    with token.open() as session:
        for item in session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE}):
            try:
                der = bytes(item[Attribute.VALUE])
                label = str(item[Attribute.LABEL])
            except Exception:  # an object the token does not let us read: skip it
                continue
            try:
                found.append(facts_from_der(der, label))
            except CertificateError as exc:
                skipped.append(exc.message)
    return found


def read_card(module: Path, skipped: Callable[[str], None] | None = None) -> list[CertificateFacts]:
    """The certificates of the one token present; a ``CardError`` saying what is missing.
    Why an unreadable object was left out is told to ``skipped``."""
    seen = probe(module)
    if skipped is not None:
        for message in (m for t in seen.tokens for m in t.skipped):
            skipped(message)
    if seen.slots == 0:
        raise CardError(
            f"Aucun lecteur de carte ni clé USB n'est détecté par le module {module} : "
            "branchez le lecteur (avec la carte) ou la clé USB. Sous Linux, vérifiez aussi que "
            "le service pcscd est lancé (« sudo systemctl start pcscd »)."
        )
    if not seen.tokens:
        raise CardError(
            "Un lecteur est détecté, mais aucune carte ni clé initialisée : insérez la carte "
            "dans le lecteur ou branchez la clé USB, puis recommencez."
        )
    certificates = [c for t in seen.tokens for c in t.certificates]
    if not certificates:
        labels = ", ".join(f"« {t.label} »" for t in seen.tokens)
        raise CardError(
            f"La carte ou la clé {labels} ne contient aucun certificat : activez-le d'abord "
            "avec Trusted Key Manager et le code d'activation reçu de CertEurope."
        )
    return certificates
