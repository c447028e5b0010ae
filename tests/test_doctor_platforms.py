"""``doctor`` on each platform, with fixture home folders and the platform and certificate
store given as values (``Places``): Windows and macOS Firefox use the system's store, Linux
has Firefox ESR, Snap and Flatpak, Flatpak Chrome and enterprise policies; hostile browser
files are refused or cleaned before anything is shown.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from doctor_support import save_state

from opalexe_cert.adapters.certificate.browsers import (
    SNAP_OPENSC,
    Places,
    read_text_file,
)
from opalexe_cert.cli.commands.doctor import doctor

from certs import SIREN, Authority, plain
from conftest import Runner, environment_for

BUILTIN = (
    "library=\nname=NSS Internal PKCS #11 Module\n\nlibrary=libnssckbi.so\nname=Builtin Roots\n"
)
HOST_OPENSC = "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so"


def profile(
    root: Path, folder: str, name: str = "default", *, pkcs11: str | None = BUILTIN
) -> Path:
    """A Firefox profile listed in ``root/profiles.ini`` (appended), with its ``pkcs11.txt``."""
    path = root / folder
    path.mkdir(parents=True, exist_ok=True)
    ini = root / "profiles.ini"
    count = ini.read_text(encoding="utf-8").count("[Profile") if ini.exists() else 0
    with ini.open("a", encoding="utf-8") as out:
        out.write(f"[Profile{count}]\nName={name}\nIsRelative=1\nPath={folder}\n\n")
    if pkcs11 is not None:
        (path / "pkcs11.txt").write_text(pkcs11, encoding="utf-8")
    return path


def card_module(path: str, name: str = "OpenSC") -> str:
    return BUILTIN + f"\nlibrary={path}\nname={name}\n"


def run(
    state: Path, places: Places, capsys: pytest.CaptureFixture[str], **options: Any
) -> tuple[int, dict[str, dict[str, Any]]]:
    code = doctor(environment_for(state), module=options.pop("module", None), json_output=True,
                  places=places)  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    return code, {c["id"]: c for c in data["checks"]}


# --- Windows --------------------------------------------------------------------------------


def windows(tmp_path: Path, store: tuple[bytes, ...] | None) -> Places:
    appdata = tmp_path / "home" / "AppData" / "Roaming"
    profile(appdata / "Mozilla" / "Firefox", "Profiles/w1.default-release", "default-release")
    return Places(home=tmp_path / "home", platform="win32", appdata=appdata, system_store=store)


def test_windows_firefox_and_the_system_store_with_the_holder_s_certificate(
    tmp_path: Path, state_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    authority = Authority()
    stranger = Authority(organization="Autre AC", common_name="Autre AC")
    store = (b"not a certificate", stranger.issue().der, authority.issue().der)
    places = windows(tmp_path, store)
    _, checks = run(save_state(state_file), places, capsys)
    firefox = checks["firefox:default-release"]
    assert firefox["status"] == "ok"
    assert "Firefox utilise le magasin de certificats du système" in plain(firefox["message"])
    store_check = checks["system-store"]
    assert store_check["status"] == "ok"
    assert "certificat CertEurope valide, au nom du titulaire" in store_check["message"]
    assert "visible par Edge, Chrome et Firefox" in store_check["message"]
    assert "chrome" not in checks and "pcscd" not in checks


@pytest.mark.parametrize(
    ("issue", "expected"),
    [
        ({"given": "JEAN", "surname": "DUPONT"}, "1 certificat CertEurope, mais aucun valide"),
        (
            {
                "not_before": dt.datetime(2023, 1, 1, tzinfo=dt.UTC),
                "not_after": dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
            },
            "1 certificat CertEurope, mais aucun valide",
        ),
        (None, "aucun certificat CertEurope"),
    ],
)
def test_windows_store_without_a_valid_certificate_in_the_holder_s_name(
    tmp_path: Path, state_file: Path, capsys: pytest.CaptureFixture[str],
    issue: dict[str, Any] | None, expected: str,
) -> None:  # fmt: skip
    store = (Authority().issue(**issue).der,) if issue is not None else ()
    code, checks = run(save_state(state_file), windows(tmp_path, store), capsys)
    assert code == 1
    assert checks["system-store"]["status"] == "failure"
    assert expected in checks["system-store"]["message"]
    assert "pilote de la carte pour Windows" in checks["system-store"]["fix"]


def test_windows_firefox_older_than_90_or_with_the_store_turned_off(
    tmp_path: Path, state_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    places = windows(tmp_path, None)
    folder = places.appdata / "Mozilla" / "Firefox" / "Profiles" / "w1.default-release"  # type: ignore[operator]
    (folder / "compatibility.ini").write_text(
        "[Compatibility]\nLastVersion=78.15.0_20211001000000/20211001000000\n", encoding="utf-8"
    )
    _, checks = run(state_file, places, capsys)
    old = checks["firefox:default-release"]
    assert old["status"] == "failure" and "Firefox 78 n'utilise pas le magasin" in old["message"]
    (folder / "compatibility.ini").write_text("LastVersion=128.0_1/1\n", encoding="utf-8")
    (folder / "prefs.js").write_text(
        'user_pref("security.osclientcerts.autoload", false);\n', encoding="utf-8"
    )
    _, checks = run(state_file, places, capsys)
    assert checks["firefox:default-release"]["status"] == "failure"
    (folder / "user.js").write_text(  # user.js is applied after prefs.js
        'user_pref("security.osclientcerts.autoload", true);\n', encoding="utf-8"
    )
    _, checks = run(state_file, places, capsys)
    assert checks["firefox:default-release"]["status"] == "ok"


# --- Linux ----------------------------------------------------------------------------------


def linux(tmp_path: Path, home: Path) -> Places:
    (tmp_path / "run" / "pcscd").mkdir(parents=True, exist_ok=True)
    (tmp_path / "run" / "pcscd" / "pcscd.comm").touch()
    return Places(
        home=home, platform="linux", run_dir=tmp_path / "run", proc_dir=tmp_path / "proc",
        root=tmp_path / "root",
    )  # fmt: skip


def test_linux_esr_snap_and_flatpak_firefox_and_flatpak_chrome(
    tmp_path: Path, state_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "home"
    profile(home / ".mozilla" / "firefox-esr", "e1.default-esr", "default-esr",
            pkcs11=card_module(HOST_OPENSC))  # fmt: skip
    snap = home / "snap" / "firefox" / "common" / ".mozilla" / "firefox"
    profile(snap, "s1.default", "host-module", pkcs11=card_module(HOST_OPENSC))
    profile(snap, "s2.default", "snap-module", pkcs11=card_module(SNAP_OPENSC))
    profile(snap, "s3.default", "nothing")
    flatpak = home / ".var" / "app" / "org.mozilla.firefox" / ".mozilla" / "firefox"
    profile(flatpak, "f1.default", pkcs11=card_module(HOST_OPENSC))
    chrome = home / ".var" / "app" / "com.google.Chrome" / ".pki" / "nssdb"
    chrome.mkdir(parents=True)
    (chrome / "pkcs11.txt").write_text(BUILTIN, encoding="utf-8")
    chromium = home / ".var" / "app" / "org.chromium.Chromium" / "data" / "pki" / "nssdb"
    chromium.mkdir(parents=True)
    (chromium / "pkcs11.txt").write_text(card_module(HOST_OPENSC), encoding="utf-8")
    _, checks = run(state_file, linux(tmp_path, home), capsys)

    assert checks["firefox-esr:default-esr"]["status"] == "ok"
    assert "Firefox ESR (profil « default-esr »)" in checks["firefox-esr:default-esr"]["message"]
    host = checks["firefox-snap:host-module"]
    assert host["status"] == "failure" and "ne peut pas charger" in plain(host["message"])
    assert f"-libfile {SNAP_OPENSC}" in host["fix"] and '-add "OpenSC"' in host["fix"]
    assert checks["firefox-snap:snap-module"]["status"] == "ok"
    assert checks["firefox-snap:nothing"]["status"] == "failure"
    assert SNAP_OPENSC in checks["firefox-snap:nothing"]["fix"]
    assert checks["firefox-flatpak:default"]["status"] == "ok"
    assert "Firefox Flatpak" in checks["firefox-flatpak:default"]["message"]
    flat_chrome = checks["chrome:com.google.Chrome"]
    assert flat_chrome["status"] == "failure" and "Chrome (Flatpak)" in flat_chrome["message"]
    assert checks["chrome:org.chromium.Chromium/data"]["status"] == "ok"


def test_linux_enterprise_policy_security_devices(
    tmp_path: Path, state_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "home"
    profile(home / ".mozilla" / "firefox", "p1.default")
    policies = tmp_path / "root" / "etc" / "firefox" / "policies"
    policies.mkdir(parents=True)
    (policies / "policies.json").write_text(
        json.dumps({"policies": {"SecurityDevices": {"Add": {"Carte CertEurope": HOST_OPENSC}}}}),
        encoding="utf-8",
    )
    _, checks = run(state_file, linux(tmp_path, home), capsys)
    assert checks["firefox-policies"]["status"] == "ok"
    assert "Carte CertEurope" in checks["firefox-policies"]["message"]
    assert checks["firefox:default"]["status"] == "ok"
    assert "stratégie d'entreprise" in plain(checks["firefox:default"]["message"])


def test_each_fix_is_printed_once_and_modutil_names_the_module(
    tmp_path: Path, state_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "home"
    root = home / ".mozilla" / "firefox"
    for n in range(3):
        profile(root, f"p{n}.default", f"profil{n}")
    module = tmp_path / "lib" / "libeTPkcs11.so"
    module.parent.mkdir()
    module.write_bytes(b"\x7fELF not really")
    code = doctor(environment_for(state_file), module=module, json_output=False,
                  places=linux(tmp_path, home))  # fmt: skip
    out = plain(capsys.readouterr().out)
    assert code == 1
    assert out.count("pkcs11-register") == 1
    assert out.count("libnss3-tools") == 1
    assert out.count("Périphériques de sécurité") == 1
    assert out.count('-add "SafeNet Authentication Client"') == 3
    # a file that is not a library is never "✔ Module"
    assert "✔ Module" not in out
    assert f"✘ Le fichier {module} n'a pas pu être chargé comme module PKCS#11" in out


# --- hostile browser files ------------------------------------------------------------------

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.mark.posix
def test_hostile_browser_files_are_refused_or_cleaned(
    tmp_path: Path, state_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "home"
    firefox = home / ".mozilla" / "firefox"
    forged = "x\x1b[2J\u202eevil\nSIREN : 999 999 999 — vérifié"
    profile(firefox, "a.default", "a\x1b]0;title\x07\u202e" + "b" * 500)
    (firefox / "a.default" / "pkcs11.txt").write_text(
        BUILTIN + f"\nlibrary={forged}.so\nname=x\n", encoding="utf-8"
    )
    profile(firefox, "b.default", "zero", pkcs11=None)
    os.symlink("/dev/zero", firefox / "b.default" / "pkcs11.txt")
    profile(firefox, "c.default", "fifo", pkcs11=None)
    os.mkfifo(firefox / "c.default" / "pkcs11.txt")
    profile(firefox, "d.default", "huge")
    with (firefox / "d.default" / "prefs.js").open("wb") as big:
        big.truncate(64 * 1024 * 1024)  # sparse: huge, costs nothing
    with (firefox / "profiles.ini").open("a", encoding="utf-8") as ini:
        ini.write("[Profile9]\nName=nul\nIsRelative=0\nPath=/tmp/a\x00b\n")
    esr = home / ".mozilla" / "firefox-esr"
    esr.mkdir(parents=True)
    os.mkfifo(esr / "profiles.ini")
    places = linux(tmp_path, home)

    code = doctor(environment_for(state_file), module=None, json_output=True, places=places)
    raw = capsys.readouterr().out
    data = json.loads(raw)
    assert code == 1
    for check in data["checks"]:
        for value in (check["message"], check["fix"] or ""):
            assert not CONTROL.search(value), value
            assert "\n" not in value
    by_id = {c["id"]: c for c in data["checks"]}
    zero = next(c for i, c in by_id.items() if i.endswith(":zero"))
    assert zero["status"] == "warning" and "n'est pas un fichier ordinaire" in plain(
        zero["message"]
    )
    fifo = next(c for i, c in by_id.items() if i.endswith(":fifo"))
    assert "n'est pas un fichier ordinaire" in plain(fifo["message"])
    assert any(
        "profiles.ini" in c["message"] and "n'est pas un fichier ordinaire" in plain(c["message"])
        for c in data["checks"]
    )
    long_name = next(c for i, c in by_id.items() if i.startswith("firefox:a"))
    assert "…" in long_name["message"] and "b" * 200 not in long_name["message"]

    doctor(environment_for(state_file), module=None, json_output=False, places=places)
    text = capsys.readouterr().out
    assert not CONTROL.search(text)
    assert not any(line.startswith("SIREN") for line in plain(text).splitlines())


@pytest.mark.posix
def test_read_text_file_refuses_by_type_and_size_before_reading(tmp_path: Path) -> None:
    assert read_text_file(Path("/dev/zero")).refused == "n'est pas un fichier ordinaire"
    assert read_text_file(Path("/dev/urandom")).refused == "n'est pas un fichier ordinaire"
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    assert read_text_file(fifo).refused == "n'est pas un fichier ordinaire"  # no hang
    big = tmp_path / "big"
    with big.open("wb") as out:
        out.truncate(10 * 1024 * 1024)
    assert read_text_file(big).refused is not None
    assert read_text_file(tmp_path / "absent").text is None
    small = tmp_path / "small"
    small.write_bytes(b"library=\xff\xfe.so\n")
    assert read_text_file(small).text == "library=\ufffd\ufffd.so\n"


# --- the report for support -----------------------------------------------------------------


def test_report_names_support_and_hides_the_holder(
    cli: Runner, tmp_path: Path, state_file: Path
) -> None:
    save_state(state_file, civility="Mme")
    home = tmp_path / "eloise-daubigne"
    profile(
        home / ".mozilla" / "firefox", "p.default", "D'AUBIGNE", pkcs11=card_module(HOST_OPENSC)
    )
    done = cli("doctor", "--rapport", "--module", str(tmp_path / "absent.so"),
               env={"HOME": str(home)})  # fmt: skip
    assert done.code == 1
    out = done.out
    assert "Rapport de diagnostic d'opalexe-cert" in out
    assert "opalexe-cert : 0.1.0" in out and "Python : " in out and "Système : Linux" in out
    assert "support@certeurope.fr" in out and "https://support.certeurope.fr/" in out
    assert "support@opalexe.fr" in out and "cnejos.org" in out and "vérifiez-les" in out
    assert "à la Présidente de votre compagnie" in out and "(RRO)" in out
    assert "AUBIGNE" not in out.upper() and SIREN not in out
    assert str(home) not in out
    assert "[masqué]" in out
    assert "Firefox (profil « D'[masqué] ») : modules : libnssckbi.so, opensc-pkcs11.so" in out
    assert out.count("support@certeurope.fr") == 1

    nominative = cli("doctor", "--rapport", "--nominatif", env={"HOME": str(home)})
    assert "D'AUBIGNE" in nominative.out


def test_report_options_that_do_not_go_together(cli: Runner) -> None:
    alone = cli("doctor", "--nominatif")
    assert alone.code == 2 and "--nominatif s'emploie avec --rapport" in alone.err
    both = cli("doctor", "--rapport", "--json")
    assert both.code == 2 and "ne vont pas ensemble" in both.err


def test_card_makers_modules_are_found_where_their_installers_put_them(
    tmp_path: Path, state_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for installed in ("usr/lib/libeTPkcs11.so", "usr/local/AWP/lib/libOcsCryptoki.so"):
        (tmp_path / "root" / installed).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "root" / installed).write_bytes(b"")
    _, checks = run(state_file, linux(tmp_path, tmp_path / "home"), capsys)
    message = checks["vendor-modules"]["message"]
    assert "SafeNet Authentication Client (/usr/lib/libeTPkcs11.so)" in message
    assert "IDEMIA (Oberthur AWP) (/usr/local/AWP/lib/libOcsCryptoki.so)" in message
    assert "SafeSign" not in message


def test_windows_report_lists_the_store_without_names(
    tmp_path: Path, state_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = (Authority().issue().der, Authority().issue(given="JEAN", surname="DUPONT").der)
    env = environment_for(save_state(state_file))
    doctor(env, module=None, json_output=False, places=windows(tmp_path, store), report=True)
    out = plain(capsys.readouterr().out)
    assert "Système : Windows (win32" in out
    assert "Magasin de certificats de Windows : 2 certificats" in out
    assert out.count("émetteur CN=CertEurope eID User,O=CertEurope,C=FR, valide du") == 2
    assert "DUPONT" not in out and "AUBIGNE" not in out and SIREN not in out
    assert "Firefox (profil « default-release ») : modules : libnssckbi.so" in out
