"""SMTP servers on 127.0.0.1 for the reminder tests: a real one (aiosmtpd) with STARTTLS or
implicit TLS on a test certificate and AUTH, and two misbehaving ones written by hand (one
that never answers, one that drops the connection once the message is sent)."""

from __future__ import annotations

import contextlib
import datetime as dt
import socket
import ssl
import threading
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

USER, PASSWORD = "eloise", "s3cret-Mot-de-passe"


@dataclass(frozen=True)
class Tls:
    """A test authority (``ca``, the file clients trust) and the server's context."""

    ca: Path
    server: ssl.SSLContext


def make_tls(folder: Path) -> Tls:
    """A CA and a certificate for 127.0.0.1 and localhost it signs."""
    now = dt.datetime.now(dt.UTC)
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Autorite de test")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), True
        )
        .sign(ca_key, hashes.SHA256())
    )
    import ipaddress

    leaf = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    (folder / "ca.pem").write_bytes(ca.public_bytes(pem))
    (folder / "server.pem").write_bytes(leaf.public_bytes(pem))
    (folder / "server.key").write_bytes(
        key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(folder / "server.pem", folder / "server.key")
    return Tls(folder / "ca.pem", context)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Handler:
    """Keeps what arrived; refuses every message when ``refuse`` is set."""

    refuse: str | None = None
    received: list[EmailMessage] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Envelope) -> str:
        if self.refuse:
            return self.refuse
        content = envelope.original_content or b""
        mail = message_from_bytes(content, policy=policy.default)
        assert isinstance(mail, EmailMessage)
        self.received.append(mail)
        self.envelopes.append((str(envelope.mail_from), list(envelope.rcpt_tos)))
        return "250 2.0.0 Message accepte"


def _authenticator(
    server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
) -> AuthResult:
    ok = (
        isinstance(auth_data, LoginPassword)
        and auth_data.login == USER.encode()
        and auth_data.password == PASSWORD.encode()
    )
    return AuthResult(success=ok, handled=False)


class SmtpServer:
    """aiosmtpd on 127.0.0.1: ``mode`` "starttls" (offers STARTTLS, AUTH after it), "tls"
    (implicit TLS), or "plain" (no TLS, no AUTH: a local relay)."""

    def __init__(self, mode: str, tls: Tls | None, handler: Handler | None = None) -> None:
        self.handler = handler or Handler()
        self.port = free_port()
        kwargs: dict[str, Any] = {}
        if mode == "starttls":
            assert tls is not None
            kwargs = {"tls_context": tls.server, "authenticator": _authenticator}
            kwargs["auth_require_tls"] = True
        elif mode == "tls":
            assert tls is not None
            kwargs = {"ssl_context": tls.server, "authenticator": _authenticator}
            kwargs["auth_require_tls"] = False  # the whole connection is TLS
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port, **kwargs)

    def __enter__(self) -> SmtpServer:
        self.controller.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.controller.stop()


class ScriptedServer:
    """A hand-written server on 127.0.0.1, for what a real one does not do: ``hang`` accepts
    the connection and never says a word; ``drop`` answers until the message is sent, then
    closes the connection without accepting it. ``connected`` is set once a client is in."""

    def __init__(self, behaviour: str) -> None:
        self.behaviour = behaviour
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self.listener.getsockname()[1]
        self.connected = threading.Event()
        self.finished = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.connections: list[socket.socket] = []

    def _serve(self) -> None:
        try:
            conn, _ = self.listener.accept()
        except OSError:
            return
        self.connections.append(conn)
        self.connected.set()
        if self.behaviour == "hang":
            self.finished.wait()
            return
        with conn, conn.makefile("rb") as reader:
            conn.sendall(b"220 127.0.0.1 ESMTP test\r\n")
            for line in reader:
                verb = line[:4].upper()
                if verb in (b"EHLO", b"HELO"):
                    conn.sendall(b"250 127.0.0.1\r\n")
                elif verb == b"DATA":
                    conn.sendall(b"354 go on\r\n")
                    for body_line in reader:
                        if body_line == b".\r\n":
                            break
                    return  # dropped: the message is never accepted
                else:
                    conn.sendall(b"250 ok\r\n")

    def __enter__(self) -> ScriptedServer:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.finished.set()
        for conn in self.connections:
            conn.close()
        with contextlib.suppress(OSError):  # wakes an accept() still waiting (Linux)
            self.listener.shutdown(socket.SHUT_RDWR)
        self.listener.close()
        self.thread.join(5)
