"""The card makers' own PKCS#11 modules, where their installers put them, on each system.

CertEurope's cards and keys are read by OpenSC's module, but many experts installed their card
maker's software instead (SafeNet Authentication Client for Thales/Gemalto IDPrime cards and
eToken keys, SafeSign, IDEMIA's Oberthur AWP middleware). ``doctor`` looks for these files too.

Only paths seen in public code that loads these modules are listed; each has its source beside
it. Paths not found in a source that could be named are left out rather than guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath, PurePosixPath, PureWindowsPath


@dataclass(frozen=True)
class VendorModule:
    """A card maker's module: who makes it, and the name to register it under."""

    name: str  # as the browsers' "security devices" list shows it
    path: PurePath


def _posix(name: str, *paths: str) -> tuple[VendorModule, ...]:
    return tuple(VendorModule(name, PurePosixPath(p)) for p in paths)


def _windows(name: str, *paths: str) -> tuple[VendorModule, ...]:
    return tuple(VendorModule(name, PureWindowsPath(p)) for p in paths)


SAFENET = "SafeNet Authentication Client"
IDPRIME = "Thales IDPrime"
SAFESIGN = "SafeSign"
IDEMIA = "IDEMIA (Oberthur AWP)"

LINUX = (
    # open-eid/DigiDoc4-Client, client/QPKCS11.cpp (the drivers it loads by card ATR), and
    # demoiselle/signer, core/.../keystore/loader/configuration/Configuration.java.
    *_posix(SAFENET, "/usr/lib/libeTPkcs11.so"),
    # open-eid/DigiDoc4-Client, client/QPKCS11.cpp.
    *_posix(IDPRIME, "/usr/lib/libIDPrimePKCS11.so"),
    # demoiselle/signer, Configuration.java (the G&D SafeSign driver).
    *_posix(SAFESIGN, "/usr/lib/libaetpkss.so"),
    # demoiselle/signer, Configuration.java, later versions ("Oberthur" driver).
    *_posix(IDEMIA, "/usr/local/AWP/lib/libOcsCryptoki.so"),
)
MACOS = (
    # open-eid/DigiDoc4-Client, client/QPKCS11.cpp (macOS branch).
    *_posix(SAFENET, "/Library/Frameworks/eToken.framework/Versions/Current/libeToken.dylib"),
    *_posix(
        IDPRIME, "/Library/Frameworks/eToken.framework/Versions/Current/libIDPrimePKCS11.dylib"
    ),
)
WINDOWS = (
    # demoiselle/signer, Configuration.java: %SystemRoot%\system32\eTPkcs11.dll and aetpkss1.dll.
    *_windows(SAFENET, r"C:\Windows\System32\eTPKCS11.dll"),
    *_windows(SAFESIGN, r"C:\Windows\System32\aetpkss1.dll"),
)


def vendor_modules(kind: str) -> tuple[VendorModule, ...]:
    """The card makers' modules of a kind of system (``linux``, ``darwin``, ``win32``)."""
    return {"win32": WINDOWS, "darwin": MACOS}.get(kind, LINUX)


# The name each known module file is registered under (``modutil -add NAME``); OpenSC's is
# the one its own ``pkcs11-register`` uses.
_NAMES = {
    "opensc-pkcs11": "OpenSC",
    "libetpkcs11": SAFENET,
    "etpkcs11": SAFENET,
    "libetoken": SAFENET,
    "libidprimepkcs11": IDPRIME,
    "idprimepkcs11": IDPRIME,
    "libaetpkss": SAFESIGN,
    "aetpkss1": SAFESIGN,
    "libocscryptoki": IDEMIA,
    "ocscryptoki": IDEMIA,
    "libsofthsm2": "SoftHSM",
}


def module_name(path: PurePath, description: str | None = None) -> str:
    """The name to register a module under: the maker's product for a known file, else the
    library's own description (read from the loaded module), else the file's name."""
    stem = path.name.lower().split(".")[0]
    return _NAMES.get(stem) or (description or "").strip() or path.name
