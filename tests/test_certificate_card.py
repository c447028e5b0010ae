"""``certificate`` and ``doctor`` against a SoftHSM2 token standing for the card.

Under ``CI=true`` these tests run or fail, never skip (``certs.softhsm_module``); elsewhere
they are skipped when SoftHSM2 or OpenSC is missing.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from opalexe_cert.adapters.certificate.browsers import Places
from opalexe_cert.adapters.certificate.card import MODULE_ENV, find_module
from opalexe_cert.cli.commands.doctor import doctor

from certs import EXPIRY_PARIS, Authority, SoftHsm, make_softhsm, plain
from conftest import Runner, environment_for, example_answers, write_answers


@pytest.fixture(scope="module")
def authority() -> Authority:
    return Authority()


@pytest.fixture
def hsm(tmp_path: Path) -> SoftHsm:
    return make_softhsm(tmp_path / "softhsm")


@pytest.fixture
def card(hsm: SoftHsm, authority: Authority) -> SoftHsm:
    """A token holding the holder's authentication certificate."""
    hsm.init_token()
    hsm.write(authority.issue(), "Authentification", "01")
    return hsm


def run_card(cli: Runner, hsm: SoftHsm, *args: str) -> Any:
    # A real process: the PKCS#11 library reads SOFTHSM2_CONF from the process environment and
    # is initialised once per process.
    return cli("certificate", "--module", str(hsm.module), *args, env=hsm.env, process=True)


def test_reads_the_card_without_pin(cli: Runner, card: SoftHsm) -> None:
    done = run_card(cli, card)
    assert done.code == 0, done.text
    assert "Certificat lu sur la carte ou la clé USB" in plain(done.out)
    assert "objet « Authentification »" in plain(done.out)
    assert "au 20 octobre 2029" in plain(done.out)
    assert "PIN" not in plain(done.text)


def test_module_from_the_environment(cli: Runner, card: SoftHsm) -> None:
    done = cli(
        "certificate", "--json", env={**card.env, MODULE_ENV: str(card.module)}, process=True
    )
    assert done.code == 0, done.text
    data = json.loads(done.out)
    assert data["source"] == "card" and data["label"] == "Authentification"
    assert data["not_after"] == EXPIRY_PARIS


def test_record_from_the_card_gives_the_renewal_deadlines(
    cli: Runner, card: SoftHsm, tmp_path: Path
) -> None:
    answers = example_answers()
    del answers["activation.cert_expiry"], answers["activation.date"]
    cli("start", "--answers", str(write_answers(tmp_path / "a.json", answers)))
    done = run_card(cli, card, "--record")
    assert done.code == 0, done.text
    finished = cli(
        "start",
        "--answers",
        str(write_answers(tmp_path / "b.json", {"activation.date": "2026-10-20"})),
    )
    assert finished.code == 0, finished.text
    data = json.loads(cli("status", "--json").out)
    assert data["current_step"] is None
    assert data["certificate"]["source"] == "card"
    assert data["certificate"]["expiry"] == EXPIRY_PARIS
    assert next(s for s in data["steps"] if s["id"] == "activation")["state"] == "done"
    renewal = next(d for d in data["deadlines"] if d["id"] == "renewal")
    assert (renewal["start"], renewal["end"]) == ("2029-07-20", "2029-08-20")
    assert "date lue sur la carte ou la clé USB" in plain(cli("status").out)


def test_the_authentication_certificate_is_chosen_among_several(
    cli: Runner, hsm: SoftHsm, authority: Authority
) -> None:
    hsm.init_token()
    later = dt.datetime(2030, 1, 5, 12, tzinfo=dt.UTC)
    hsm.write(authority.issue(client_auth=False, not_after=later), "Signature", "02")
    hsm.write(authority.issue(), "Authentification", "01")
    done = run_card(cli, hsm, "--json")
    assert done.code == 0, done.text
    assert json.loads(done.out)["label"] == "Authentification"


def test_a_token_without_certificate(cli: Runner, hsm: SoftHsm) -> None:
    hsm.init_token("Vide")
    done = run_card(cli, hsm)
    assert done.code == 1
    assert "« Vide » ne contient aucun certificat" in plain(done.err)
    assert "Trusted Key Manager" in plain(done.err)


def test_no_card_only_the_free_slot(cli: Runner, hsm: SoftHsm) -> None:
    done = run_card(cli, hsm)  # SoftHSM shows one uninitialised slot: skipped
    assert done.code == 1
    assert "aucune carte ni clé initialisée" in plain(done.err)


def test_no_module(cli: Runner, tmp_path: Path) -> None:
    done = cli("certificate", "--module", str(tmp_path / "absent.so"))
    assert done.code == 1
    assert "n'existe pas" in plain(done.err) and "OpenSC" in plain(done.err)
    env_named = cli("certificate", env={MODULE_ENV: str(tmp_path / "absent.so")})
    assert env_named.code == 1 and MODULE_ENV in plain(env_named.err)
    not_a_module = tmp_path / "faux.so"
    not_a_module.write_bytes(b"pas une bibliotheque")
    refused = cli("certificate", "--module", str(not_a_module), process=True)
    assert refused.code == 1 and "n'a pas pu être chargé" in plain(refused.err)
    assert "Traceback" not in plain(refused.text)


def test_module_discovery_order() -> None:
    present = {"/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so", "/usr/lib/libIDPrimePKCS11.so"}
    exists = lambda p: str(p) in present  # noqa: E731
    found = find_module(None, None, "linux", exists)
    assert found is not None and str(found.path) == "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so"
    assert find_module(None, None, "darwin", exists) is None
    mac = find_module(
        None, None, "darwin", lambda p: str(p) == "/Library/OpenSC/lib/opensc-pkcs11.so"
    )
    assert mac is not None and mac.origin == "default"
    win = find_module(None, None, "win32", lambda p: str(p).endswith("opensc-pkcs11.dll"))
    assert win is not None and str(win.path).startswith("C:")
    chosen = find_module(None, Path("/usr/lib/libIDPrimePKCS11.so"), "linux", exists)
    assert chosen is not None and chosen.origin == "environment"


# --- doctor ---------------------------------------------------------------------------------

PROFILES_INI = """[Install4F96D1932A9F858E]
Default=abcd.default-release

[Profile1]
Name=default
IsRelative=1
Path=efgh.default

[Profile0]
Name=default-release
IsRelative=1
Path=abcd.default-release
Default=1
"""
BUILTIN = (
    "library=\nname=NSS Internal PKCS #11 Module\n\nlibrary=libnssckbi.so\nname=Builtin Roots\n"
)


def fake_home(home: Path, *, registered: bool, module: Path) -> Path:
    """Two Firefox profiles (the second never registers the card) and a Chrome database."""
    root = home / ".mozilla" / "firefox"
    for name in ("abcd.default-release", "efgh.default"):
        (root / name).mkdir(parents=True)
    (root / "profiles.ini").write_text(PROFILES_INI, encoding="utf-8")
    card = f"\nlibrary={module}\nname=OpenSC\n"
    (root / "abcd.default-release" / "pkcs11.txt").write_text(BUILTIN + card, encoding="utf-8")
    (root / "efgh.default" / "pkcs11.txt").write_text(
        BUILTIN + (card if registered else ""), encoding="utf-8"
    )
    (home / ".pki" / "nssdb").mkdir(parents=True)
    (home / ".pki" / "nssdb" / "pkcs11.txt").write_text(BUILTIN + card, encoding="utf-8")
    return home


def places(tmp_path: Path, home: Path, *, pcscd: bool) -> Places:
    run = tmp_path / "run"
    if pcscd:
        (run / "pcscd").mkdir(parents=True)
        (run / "pcscd" / "pcscd.comm").touch()
    return Places(home=home, platform="linux", run_dir=run, proc_dir=tmp_path / "proc")


def test_doctor_all_good(
    card: SoftHsm, tmp_path: Path, state_file: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    monkeypatch.setenv("SOFTHSM2_CONF", card.env["SOFTHSM2_CONF"])
    monkeypatch.setenv("OPALEXE_CERT_TODAY", "2026-11-26")
    home = fake_home(tmp_path / "home", registered=True, module=card.module)
    code = doctor(
        environment_for(state_file),
        module=card.module,
        json_output=False,
        places=places(tmp_path, home, pcscd=True),
    )
    out = plain(capsys.readouterr().out)
    assert code == 0, out
    assert "✘" not in out
    assert f"✔ Module PKCS#11 chargé : {card.module} (Implementation of PKCS11" in out
    assert "✔ Carte ou clé présente : « Carte test »" in out
    assert "expire le 20 octobre 2029 (dans 1 059 jours)" in out
    assert "✔ Firefox (profil « default-release ») : module de carte enregistré" in out
    assert "✔ Firefox (profil « default ») : module de carte enregistré" in out
    assert "✔ Chrome/Chromium : module de carte enregistré" in out
    assert "✔ Service PC/SC (pcscd) : disponible" in out
    assert "✔ Fichier d'état : pas encore créé" in out
    assert "opalexe-cert n'a rien modifié" in out


def test_doctor_gives_the_fix_for_each_failure(
    card: SoftHsm, tmp_path: Path, state_file: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    monkeypatch.setenv("SOFTHSM2_CONF", card.env["SOFTHSM2_CONF"])
    home = fake_home(tmp_path / "home", registered=False, module=card.module)
    before = {p: p.read_bytes() for p in home.rglob("*") if p.is_file()}
    state_file.parent.mkdir(parents=True)
    state_file.write_text("{", encoding="utf-8")
    code = doctor(
        environment_for(state_file),
        module=card.module,
        json_output=True,
        places=places(tmp_path, home, pcscd=False),
    )
    data = json.loads(capsys.readouterr().out)
    assert code == 1 and data["ok"] is False
    by_id = {c["id"]: c for c in data["checks"]}
    profile = home / ".mozilla" / "firefox" / "efgh.default"
    assert by_id["firefox:default"]["status"] == "failure"
    assert (
        f'modutil -dbdir sql:{profile} -add "SoftHSM" -libfile {card.module}'
        in by_id["firefox:default"]["fix"]
    )
    assert "pkcs11-register" in by_id["firefox:default"]["fix"]
    assert by_id["firefox:default-release"]["status"] == "ok"
    assert by_id["pcscd"]["status"] == "failure" and "systemctl" in by_id["pcscd"]["fix"]
    assert by_id["state"]["status"] == "failure" and "illisible" in by_id["state"]["message"]
    assert by_id["certificate"]["status"] == "ok"
    assert {p: p.read_bytes() for p in home.rglob("*") if p.is_file()} == before  # nothing changed
    assert state_file.read_text(encoding="utf-8") == "{"


def test_doctor_without_module_nor_firefox(
    tmp_path: Path, state_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    place = places(tmp_path, tmp_path / "empty-home", pcscd=True)
    code = doctor(
        environment_for(state_file), module=tmp_path / "absent.so", json_output=False, places=place
    )
    out = plain(capsys.readouterr().out)
    assert code == 1
    assert "✘ Le module PKCS#11" in out and "apt install opensc" in out
    assert "⚠ Firefox : aucun profil trouvé" in out
    assert "⚠ Chrome/Chromium : pas encore de base de sécurité" in out


def test_doctor_expired_card_and_no_card(
    hsm: SoftHsm, authority: Authority, tmp_path: Path, state_file: Path,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    monkeypatch.setenv("SOFTHSM2_CONF", hsm.env["SOFTHSM2_CONF"])
    place = places(
        tmp_path, fake_home(tmp_path / "h", registered=True, module=hsm.module), pcscd=True
    )
    env = environment_for(state_file)
    assert doctor(env, module=hsm.module, json_output=True, places=place) == 1
    checks = {c["id"]: c for c in json.loads(capsys.readouterr().out)["checks"]}
    assert checks["token"]["status"] == "failure" and "Insérez la carte" in checks["token"]["fix"]
    hsm.init_token()
    old = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    hsm.write(
        authority.issue(not_before=old - dt.timedelta(days=1000), not_after=old), "Auth", "01"
    )
    monkeypatch.setenv("OPALEXE_CERT_TODAY", "2026-11-26")
    env = environment_for(state_file)
    assert doctor(env, module=hsm.module, json_output=True, places=place) == 1
    checks = {c["id"]: c for c in json.loads(capsys.readouterr().out)["checks"]}
    assert checks["certificate"]["status"] == "failure"
    assert "il a expiré" in checks["certificate"]["message"]


def test_doctor_through_the_command_with_a_fake_home(
    cli: Runner, card: SoftHsm, tmp_path: Path
) -> None:
    home = fake_home(tmp_path / "home", registered=False, module=card.module)
    done = cli(
        "doctor", "--module", str(card.module), env={**card.env, "HOME": str(home)}, process=True
    )
    assert done.code == 1, done.text  # one Firefox profile lacks the module
    out = plain(done.out)
    assert "✘ Firefox (profil « default ») : aucun module de carte enregistré." in out
    assert "✔ Carte ou clé présente : « Carte test »" in out
    assert f"modutil -dbdir sql:{home}/.mozilla/firefox/efgh.default -add" in out


def test_doctor_on_macos_firefox_uses_the_system_store_unless_turned_off(
    tmp_path: Path, state_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "home" / "Library" / "Application Support" / "Firefox"
    profile = root / "Profiles" / "x1.default"
    profile.mkdir(parents=True)
    (root / "profiles.ini").write_text(
        "[Profile0]\nName=default\nIsRelative=1\nPath=Profiles/x1.default\n", encoding="utf-8"
    )
    (profile / "pkcs11.txt").write_text(BUILTIN, encoding="utf-8")
    place = Places(home=tmp_path / "home", platform="darwin")
    doctor(environment_for(state_file), module=None, json_output=True, places=place)
    checks = {c["id"]: c for c in json.loads(capsys.readouterr().out)["checks"]}
    assert "chrome" not in checks and "pcscd" not in checks  # Linux only
    assert checks["firefox:default"]["status"] == "ok"
    assert "utilise le magasin de certificats du système" in checks["firefox:default"]["message"]
    (profile / "user.js").write_text(
        'user_pref("security.osclientcerts.autoload", false);\n', encoding="utf-8"
    )
    assert doctor(environment_for(state_file), module=None, json_output=True, places=place) == 1
    checks = {c["id"]: c for c in json.loads(capsys.readouterr().out)["checks"]}
    assert checks["firefox:default"]["status"] == "failure"
    fix = checks["firefox:default"]["fix"]
    assert "about:config" in fix and "Vie privée et sécurité" in fix


def test_without_the_carte_extra_the_message_says_how_to_add_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from opalexe_cert.adapters.certificate.card import probe
    from opalexe_cert.domain.errors import CardError

    monkeypatch.setitem(sys.modules, "pkcs11", None)  # as if python-pkcs11 were not installed
    with pytest.raises(CardError) as raised:
        probe(tmp_path / "module.so")
    assert "[carte]" in raised.value.message and "--file" in raised.value.message


def test_doctor_warns_in_the_certificate_s_last_two_months(
    hsm: SoftHsm, authority: Authority, tmp_path: Path, state_file: Path,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    monkeypatch.setenv("SOFTHSM2_CONF", hsm.env["SOFTHSM2_CONF"])
    monkeypatch.setenv("OPALEXE_CERT_TODAY", "2026-11-26")
    hsm.init_token()
    soon = dt.datetime(2027, 1, 10, 12, tzinfo=dt.UTC)  # 45 days left
    hsm.write(authority.issue(not_after=soon), "Auth", "01")
    place = places(
        tmp_path, fake_home(tmp_path / "h", registered=True, module=hsm.module), pcscd=True
    )
    env = environment_for(state_file)
    assert doctor(env, module=hsm.module, json_output=False, places=place) == 0
    out = plain(capsys.readouterr().out)
    assert (
        "⚠ Certificat (ELOISE D'AUBIGNE-LOEWENBRUCK) : expire le 10 janvier 2027 (dans 45 jours)"
        in out
    )
    assert "renouvelez-le sans attendre" in out
