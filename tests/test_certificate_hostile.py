"""``certificate`` against hostile files: forged lines, escapes, overlong names, bad encodings,
devices and FIFOs as password files, DER that is not a certificate, bare module names.

Whatever the input: a French message, a non-zero exit status when nothing can be read, never a
traceback nor « erreur inattendue », and never a control character on screen or in the JSON.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from cryptography.x509.oid import NameOID
from test_certificate_real import at_activation  # noqa: F401  (a fixture)

from certs import Authority, plain, to_der, to_pem
from conftest import Result, Runner

FORGED = "\nSIREN : 999 999 999 — vérifié"
CONTROLS = ("\x1b", "\x00", "\u202e", "\u2066", "\r")


@pytest.fixture(scope="module")
def authority() -> Authority:
    return Authority()


def sound(done: Result) -> None:
    """No traceback, no unexpected error, no control character anywhere in the output."""
    assert "Traceback" not in done.text and "inattendue" not in plain(done.text), done.text
    for character in CONTROLS:
        assert character not in done.out and character not in done.err, repr(character)


def values(data: Any) -> list[str]:
    if isinstance(data, dict):
        return [v for item in data.values() for v in values(item)]
    if isinstance(data, list):
        return [v for item in data for v in values(item)]
    return [data] if isinstance(data, str) else []


def test_a_forged_line_in_a_subject_never_reaches_the_screen_or_the_json(
    cli: Runner, tmp_path: Path, authority: Authority
) -> None:
    hostile = "ELOISE\x1b[2J\u202e" + FORGED + "\x00"
    made = authority.issue(given=hostile, extra=[(NameOID.ORGANIZATIONAL_UNIT_NAME, FORGED)])
    path = made.write_der(tmp_path / "c.cer")
    done = cli("certificate", "--file", str(path))
    sound(done)
    lines = plain(done.out).splitlines()
    assert not any(line.lstrip().startswith("SIREN : 999") for line in lines)
    as_json = cli("certificate", "--file", str(path), "--json")
    sound(as_json)
    for value in values(json.loads(as_json.out)):
        assert "\n" not in value and not any(c in value for c in CONTROLS), repr(value)


@pytest.mark.parametrize("how", ["long", "many"])
def test_overlong_names_are_shortened(
    cli: Runner, tmp_path: Path, authority: Authority, how: str
) -> None:
    if how == "long":
        extra = [(NameOID.ORGANIZATIONAL_UNIT_NAME, "A" * 10_000)]
        made = authority.issue(given="E" * 10_000, extra=extra)
    else:
        made = authority.issue(
            extra=[(NameOID.ORGANIZATIONAL_UNIT_NAME, f"U{i}") for i in range(200)]
        )
    path = made.write_der(tmp_path / "c.cer")
    done = cli("certificate", "--file", str(path), "--json")
    sound(done)
    data = json.loads(done.out)
    assert len(data["subject"]) < 1_000 and "…" in data["subject"]
    assert len(data["holder_name"]) < 300


@pytest.mark.usefixtures("at_activation")
def test_overlong_names_can_be_recorded(cli: Runner, tmp_path: Path, authority: Authority) -> None:
    extra = [(NameOID.ORGANIZATIONAL_UNIT_NAME, f"U{i}" * 100) for i in range(200)]
    made = authority.issue(extra=extra)
    done = cli("certificate", "--file", str(made.write_der(tmp_path / "c.cer")), "--record")
    sound(done)
    assert done.code == 0, done.text
    recorded = json.loads(cli("status", "--json").out)["certificate"]
    assert recorded["expiry"] == "2029-10-20" and recorded["subject"].endswith("…")


def _bad_utf8(der: bytes, marker: str) -> bytes:
    return der.replace(marker.encode(), b"\xff\xfe" + marker.encode()[2:], 1)


def test_an_invalid_utf8_subject_is_named_and_skipped(
    cli: Runner, tmp_path: Path, authority: Authority
) -> None:
    bad = _bad_utf8(authority.issue(given="ZZBADNAME").der, "ZZBADNAME")
    alone = tmp_path / "seul.cer"
    alone.write_bytes(bad)
    done = cli("certificate", "--file", str(alone))
    sound(done)
    assert done.code == 1
    assert "sujet ou un émetteur illisible" in plain(done.err) and "seul.cer" in plain(done.err)
    from cryptography import x509

    good = authority.issue().certificate
    bundle = tmp_path / "deux.pem"
    bundle.write_bytes(to_pem(x509.load_der_x509_certificate(bad), good))
    both = cli("certificate", "--file", str(bundle), "--json")
    sound(both)
    assert both.code == 0, both.text
    assert "deux.pem n° 1" in plain(both.err)
    assert json.loads(both.out)["holder_name"] == "ELOISE D'AUBIGNE-LOEWENBRUCK"


@pytest.mark.parametrize("kind", ["zero", "urandom", "fifo", "huge", "folder"])
def test_a_password_file_that_is_not_a_small_file_is_refused_before_reading(
    cli: Runner, tmp_path: Path, authority: Authority, kind: str
) -> None:
    p12 = authority.issue().write_p12(tmp_path / "c.p12", "secret")
    match kind:
        case "zero":
            source = Path("/dev/zero")
        case "urandom":
            source = Path("/dev/urandom")
        case "fifo":
            source = tmp_path / "tube"
            os.mkfifo(source)
        case "huge":
            source = tmp_path / "huge.txt"
            with source.open("wb") as handle:
                handle.truncate(64 * 1024 * 1024)  # sparse: nothing is written
        case _:
            source = tmp_path
    done = cli("certificate", "--file", str(p12), "--password-file", str(source))
    sound(done)
    assert done.code == 2, done.text
    assert "le fichier de mot de passe" in plain(done.err)
    if kind == "huge":
        assert "plus de 4 Ko" in plain(done.err)


def test_a_password_file_works(cli: Runner, tmp_path: Path, authority: Authority) -> None:
    p12 = authority.issue().write_p12(tmp_path / "c.p12", "secret")
    (tmp_path / "mdp.txt").write_text("secret\n", encoding="utf-8")
    done = cli("certificate", "--file", str(p12), "--password-file", str(tmp_path / "mdp.txt"))
    assert done.code == 0, done.text


@pytest.mark.parametrize("name", ["donnees.der", "donnees.p12", "donnees.bin"])
def test_der_that_is_not_a_certificate_is_not_called_password_protected(
    cli: Runner, tmp_path: Path, name: str
) -> None:
    path = tmp_path / name
    path.write_bytes(bytes.fromhex("3009020105020106020107"))  # SEQUENCE { 5, 6, 7 }
    done = cli("certificate", "--file", str(path))
    sound(done)
    assert done.code == 1
    assert "mot de passe" not in plain(done.err)
    assert "n'est pas un certificat lisible" in plain(done.err)


def test_a_pkcs12_file_under_another_name_still_asks_its_password(
    cli: Runner, tmp_path: Path, authority: Authority
) -> None:
    path = authority.issue().write_p12(tmp_path / "certificat.bin", "secret")
    done = cli("certificate", "--file", str(path))
    assert done.code == 2 and "protégé par un mot de passe" in plain(done.err)


def test_a_bare_module_name_means_the_current_folder(
    cli: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    done = cli("certificate", "--module", "link.so")
    sound(done)
    assert done.code == 1
    assert str(tmp_path / "link.so") in " ".join(plain(done.err).split())


def test_a_der_chain_of_authorities_only(cli: Runner, tmp_path: Path) -> None:
    from certs import real

    path = tmp_path / "chaine.pem"
    path.write_bytes(to_pem(real("certeurope-eid-user"), real("certeurope-eid-corp")))
    done = cli("certificate", "--file", str(path))
    sound(done)
    assert done.code == 1 and "chaîne de confiance" in plain(done.err)
    der = tmp_path / "ac.der"
    der.write_bytes(to_der(real("cdc-legalia")))
    other = cli("certificate", "--file", str(der), "--json")
    assert other.code == 1 and json.loads(other.out)["is_ca"] is True


@pytest.mark.parametrize(
    ("find", "replace"),
    [
        ("a003020102", "a00302015f"),  # version 96: cryptography raises InvalidVersion
        ("0603550403" + "13", "0603550403" + "03"),  # a common name as a BIT STRING: TypeError
        ("0603550403" + "13", "0603550403" + "1e"),  # as a BMPString of odd length
    ],
)
def test_corrupted_real_certificates_are_refused_in_french(
    cli: Runner, tmp_path: Path, find: str, replace: str
) -> None:
    from certs import real

    der = to_der(real("clearbus-cachet-sre-001"))
    assert bytes.fromhex(find) in der
    path = tmp_path / "abime.cer"
    path.write_bytes(der.replace(bytes.fromhex(find), bytes.fromhex(replace), 1))
    done = cli("certificate", "--file", str(path))
    sound(done)
    assert done.code == 1, done.text
    assert "illisible" in plain(done.err) or "n'est pas un certificat lisible" in plain(done.err)
