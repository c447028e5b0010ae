"""``remind --email``: ``.eml`` drafts parsed back, and real SMTP exchanges on 127.0.0.1
(STARTTLS, implicit TLS, AUTH, a refusal, a silent server, a dropped connection): a reminder
is recorded as sent only once a server accepted it, and is then never sent again."""

from __future__ import annotations

import json
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from opalexe_cert.adapters import mail
from opalexe_cert.adapters.store import load, writer

import remind_support
from clirun import plain
from conftest import Runner
from smtp_server import (
    PASSWORD,
    USER,
    Handler,
    ScriptedServer,
    SmtpServer,
    Tls,
    free_port,
    make_tls,
)

activated = remind_support.activated  # the fixtures, shared
activated_bytes = remind_support.activated_bytes

ADDRESS = "eloise.daubigne@example.fr"  # the example's recorded address
DUE = "2029-10-13"  # 7 days before the example's certificate expires
KEY = "renewal/2029-10-20/7"


@pytest.fixture
def tls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Tls:
    """A test authority the client trusts (OpenSSL reads SSL_CERT_FILE for its defaults)."""
    made = make_tls(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(made.ca))
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    return made


@pytest.fixture
def password_file(tmp_path: Path) -> Path:
    path = tmp_path / "smtp-password"
    path.write_text(PASSWORD + "\n", encoding="utf-8")
    return path


def smtp_env(url: str, password_file: Path | None = None) -> dict[str, str]:
    env = {"OPALEXE_CERT_SMTP_URL": url}
    if password_file is not None:
        env["OPALEXE_CERT_SMTP_PASSWORD_FILE"] = str(password_file)
    return env


def one_line(text: str) -> str:
    return " ".join(text.split())


# --- drafts ------------------------------------------------------------------------------------


def test_drafts_are_french_emails_to_the_recorded_address(
    cli: Runner, activated: Path, tmp_path: Path
) -> None:
    drafts = tmp_path / "brouillons"
    drafts.mkdir()
    before = activated.read_bytes()
    result = cli("remind", "--email", "--eml", str(drafts), today=DUE)
    assert result.code == 10, result.err
    (path,) = drafts.iterdir()
    assert path.name == "rappel-renewal-2029-10-20-7.eml"
    parsed = message_from_bytes(path.read_bytes(), policy=policy.default)
    assert parsed["To"] == parsed["From"] == ADDRESS
    assert parsed["X-Unsent"] == "1"
    assert parsed["Subject"].startswith("OPALEXE\u00a0: ")  # French typography
    assert plain(parsed["Subject"]) == (
        "OPALEXE : renouvellement du certificat, échéance le 20 octobre 2029"
    )
    body = parsed.get_body().get_content()  # type: ignore[union-attr]
    assert "le certificat expire le 20 octobre 2029, dans 7\u00a0jours" in body
    assert "’" in body and "'" not in body  # French apostrophes
    assert "Ce rappel a été préparé par opalexe-cert" in body  # not "envoyé": it was not
    assert "rien n'a été envoyé" in result.out
    assert activated.read_bytes() == before  # a draft is not a sent message: nothing recorded
    again = cli("remind", "--eml", str(drafts), today=DUE)  # --eml alone implies --email
    assert again.code == 10
    assert len(list(drafts.iterdir())) == 1  # the same draft replaced, not a second one


def test_email_needs_a_way_to_go(cli: Runner, activated: Path, tmp_path: Path) -> None:
    nowhere = cli("remind", "--email", today="2027-01-01")  # checked even when nothing is due
    assert nowhere.code == 2
    assert "--eml DOSSIER" in one_line(nowhere.err)
    assert "OPALEXE_CERT_SMTP_URL" in one_line(nowhere.err)
    missing = cli("remind", "--eml", str(tmp_path / "absent"), today=DUE)
    assert missing.code == 2
    assert "n'existe pas" in missing.err


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("smtps://eloise:hunter2@smtp.example.fr:465", "ne doit pas contenir de mot de passe"),
        ("smtp://eloise@127.0.0.1:25", "le mot de passe passerait en clair"),
        ("http://smtp.example.fr", "doit être une adresse de serveur commençant par"),
        ("smtps://smtp.example.fr:99999", "doit être une adresse de serveur commençant par"),
        ("smtps://smtp.example.fr/boite", "contient autre chose que le serveur"),
    ],
)
def test_bad_smtp_urls_are_refused_without_showing_a_password(
    cli: Runner, activated: Path, url: str, fragment: str
) -> None:
    result = cli("remind", today=DUE, env=smtp_env(url))
    assert result.code == 2
    assert fragment in one_line(result.err)
    assert "hunter2" not in result.text


# --- SMTP: delivered once ----------------------------------------------------------------------


def test_starttls_and_auth_deliver_once_then_the_next_threshold(
    cli: Runner, activated: Path, tls: Tls, password_file: Path
) -> None:
    with SmtpServer("starttls", tls) as server:
        url = f"smtp+starttls://{USER}@127.0.0.1:{server.port}"
        env = smtp_env(url, password_file)
        first = cli("remind", "--email", today=DUE, env=env)
        assert first.code == 10, first.err
        assert "Courriel envoyé à " + ADDRESS in first.out
        (arrived,) = server.handler.received
        assert arrived["To"] == ADDRESS
        assert "renouvellement du certificat" in arrived["Subject"]
        sent_body = arrived.get_body().get_content()  # type: ignore[union-attr]
        assert "Il n’est envoyé qu’une fois pour cette échéance et ce seuil." in sent_body
        assert server.handler.envelopes == [(ADDRESS, [ADDRESS])]
        assert load(activated).reminders.keys() == {KEY}

        second = cli("remind", "--email", "--json", today="2029-10-14", env=env)
        assert second.code == 10
        assert json.loads(second.out)["email"] == {
            "drafts": [],
            "sent": [],
            "already_sent": [KEY],
        }
        assert len(server.handler.received) == 1  # not sent again

        late = cli("remind", "--email", today="2029-10-21", env=env)
        assert late.code == 11
        assert len(server.handler.received) == 2  # the next threshold is a new reminder
    assert set(load(activated).reminders) == {KEY, "renewal/2029-10-20/overdue"}
    assert PASSWORD not in first.text + second.text + late.text
    assert PASSWORD not in activated.read_text(encoding="utf-8")


def test_implicit_tls(cli: Runner, activated: Path, tls: Tls, password_file: Path) -> None:
    with SmtpServer("tls", tls) as server:
        env = smtp_env(f"smtps://{USER}@127.0.0.1:{server.port}", password_file)
        result = cli("remind", "--email", today=DUE, env=env)
        assert result.code == 10, result.err
        assert len(server.handler.received) == 1


def test_a_local_relay_in_clear_text(cli: Runner, activated: Path) -> None:
    with SmtpServer("plain", None) as server:
        result = cli(
            "remind", "--email", today=DUE, env=smtp_env(f"smtp://127.0.0.1:{server.port}")
        )
        assert result.code == 10, result.err
        assert len(server.handler.received) == 1


# --- SMTP: failures, nothing recorded ----------------------------------------------------------


def failed(cli: Runner, state: Path, env: dict[str, str], fragment: str) -> None:
    before = state.read_bytes()
    result = cli("remind", "--email", today=DUE, env=env)
    assert result.code == 1, result.err
    assert fragment in one_line(result.err)
    assert "Traceback" not in result.err and "inattendue" not in result.err
    assert PASSWORD not in result.text
    assert state.read_bytes() == before  # nothing recorded as sent


def test_a_wrong_password(cli: Runner, activated: Path, tls: Tls, tmp_path: Path) -> None:
    wrong = tmp_path / "wrong"
    wrong.write_text("pas-le-bon\n", encoding="utf-8")
    with SmtpServer("starttls", tls) as server:
        env = smtp_env(f"smtp+starttls://{USER}@127.0.0.1:{server.port}", wrong)
        failed(cli, activated, env, "a refusé l'identifiant ou le mot de passe (code 535)")
        assert server.handler.received == []


def test_a_server_that_refuses_the_message(
    cli: Runner, activated: Path, tls: Tls, password_file: Path
) -> None:
    handler = Handler(refuse="554 5.7.1 Message refuse par la politique du serveur")
    with SmtpServer("starttls", tls, handler) as server:
        env = smtp_env(f"smtp+starttls://{USER}@127.0.0.1:{server.port}", password_file)
        failed(cli, activated, env, "a refusé le message (code 554 : « 5.7.1 Message refuse")


def test_starttls_asked_of_a_server_without_it_is_a_refusal(
    cli: Runner, activated: Path, password_file: Path
) -> None:
    with SmtpServer("plain", None) as server:
        env = smtp_env(f"smtp+starttls://{USER}@127.0.0.1:{server.port}", password_file)
        failed(cli, activated, env, "ne propose pas STARTTLS : rien n'a été envoyé")
        assert server.handler.received == []  # never a fall-back to clear text


def test_an_untrusted_certificate(
    cli: Runner,
    activated: Path,
    tmp_path: Path,
    password_file: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made = make_tls(tmp_path)
    (tmp_path / "other").mkdir()
    other = make_tls(tmp_path / "other")
    monkeypatch.setenv("SSL_CERT_FILE", str(other.ca))  # trusts another authority
    with SmtpServer("tls", made) as server:
        env = smtp_env(f"smtps://{USER}@127.0.0.1:{server.port}", password_file)
        failed(cli, activated, env, "n'a pas pu être vérifié")
        assert server.handler.received == []


def test_a_silent_server(
    cli: Runner, activated: Path, password_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(mail, "TIMEOUT", 0.2)  # the server never answers: any wait ends so
    with ScriptedServer("hang") as server:
        env = smtp_env(f"smtp://127.0.0.1:{server.port}")
        failed(cli, activated, env, "ne répond pas (rien en 0,2 s)")
        assert server.connected.is_set()


def test_a_dropped_connection(cli: Runner, activated: Path) -> None:
    with ScriptedServer("drop") as server:
        env = smtp_env(f"smtp://127.0.0.1:{server.port}")
        failed(cli, activated, env, "a coupé la connexion avant d'accepter le message")


def test_no_password_and_no_terminal(cli: Runner, activated: Path) -> None:
    result = cli("remind", "--email", today=DUE, env=smtp_env("smtps://eloise@127.0.0.1:1"))
    assert result.code == 2
    assert "OPALEXE_CERT_SMTP_PASSWORD_FILE" in one_line(result.err)


def test_a_running_wizard_keeps_its_lock_and_the_mail_waits(
    cli: Runner, activated: Path, tls: Tls, password_file: Path
) -> None:
    with SmtpServer("starttls", tls) as server:
        env = smtp_env(f"smtp+starttls://{USER}@127.0.0.1:{server.port}", password_file)
        with writer(activated):
            result = cli("remind", "--email", today=DUE, env=env)
        assert result.code == 10
        assert "prochaine exécution" in one_line(result.err)
        assert server.handler.received == []
        assert cli("remind", "--email", today=DUE, env=env).code == 10  # once the wizard is gone
        assert len(server.handler.received) == 1


def test_no_server_on_the_port(cli: Runner, activated: Path) -> None:
    env = smtp_env(f"smtp://127.0.0.1:{free_port()}")  # a port bound once, never listened on
    failed(cli, activated, env, "(aucun serveur n'écoute sur ce port) : le message n'a pas été")
