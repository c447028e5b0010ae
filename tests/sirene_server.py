"""A local stand-in for the two SIRENE services, for tests that must not reach the internet.

One real HTTP server on 127.0.0.1 (a thread) answers like both services:

* the API Recherche d'entreprises at ``server.recherche_url`` (``GET /search?q=…``);
* INSEE's API Sirene 3.11 at ``server.insee_url`` (``GET /api-sirene/3.11/siren/…`` and
  ``/siret/…``), checking the ``X-INSEE-Api-Key-Integration`` header against ``insee_key``.

The SIREN asked for picks the scenario (see ``SCENARIOS`` and ``fixtures/sirene/README.md``);
the answers found are the JSON files under ``fixtures/sirene/``. Every request is recorded.
Two more addresses serve the network failures: ``hang_url`` accepts connections and never
answers, ``refused_url`` is a closed port.
"""

from __future__ import annotations

import contextlib
import functools
import json
import socket
import threading
import time
import zlib
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Literal, Self
from urllib.parse import parse_qs, urlsplit

FIXTURES = Path(__file__).parent / "fixtures" / "sirene"
INSEE_PREFIX = "/api-sirene/3.11"
DEFAULT_INSEE_KEY = "test-insee-key"

# The fixture SIRENs (all with a valid Luhn key). Keep in step with fixtures/sirene/README.md.
PERSON_ACTIVE = "812345676"
PERSON_CEASED = "412345670"
PERSON_MASKED = "912345675"
COMPANY_SA = "552345670"
COMPANY_SAS = "852345677"
ASSOCIATION = "782345672"
UNKNOWN = "999999998"
RATE_LIMITED_ONCE = "420000002"
RATE_LIMITED = "429000003"
SERVER_ERROR = "500000005"
SERVER_ERROR_ONCE = "503000002"
UNAUTHORIZED = "401000005"
NOT_JSON = "200000008"
BAD_SHAPE = "201000007"
HANG = "408000008"
# Hostile servers: what a broken or malicious service could send.
REDIRECT_LOOP = "302000005"
REDIRECT_AWAY = "303000004"
HUGE_BODY = "304000003"
GZIP_BOMB = "305000002"
SLOW_HEADERS = "306000001"
DRIP_BODY = "307000000"
CONTROL_CHARS = "308000009"
BAD_NIC = "309000008"  # the active person, the head office's NIC not 5 digits (INSEE)
SPACED_MASK = "310000005"  # the masked person, its masks written « [ ND ] »
# Real answers of the API Recherche d'entreprises, each with its source in
# fixtures/sirene/recherche/SOURCES.md (INSEE's service has none: it answers 404 for them).
REAL_SA = "552032534"  # DANONE, SA à conseil d'administration (5599)
REAL_SAS = "302474648"  # NATURALIA FRANCE, SAS (5710)
REAL_ASSOCIATION = "400461356"  # LES RESTAURANTS DU COEUR (Angers), association déclarée (9220)
REAL_PERSON_CEASED = "883010316"  # RAPHAEL DUBIGNY, entrepreneur individuel (1000), cessé
REAL_PERSON_MASKED = "300025764"  # an entrepreneur individuel (1000) in partial diffusion

Kind = Literal[
    "found",
    "unknown",
    "not_json",
    "bad_shape",
    "hang",
    "redirect_loop",
    "redirect_away",
    "huge_body",
    "gzip_bomb",
    "slow_headers",
    "drip_body",
]
HUGE_BODY_BYTES = 64 * 1024 * 1024
"""What ``huge_body`` and ``gzip_bomb`` would deliver if read whole (a client must stop)."""
# A name as a hostile service could send it: a terminal title escape, a right-to-left
# override, a newline that forges a line of ``status``.
HOSTILE_NAME = "LEFEBVRE\x1b]0;pwned\x07\u202e\nSIREN : 999 999 999 — VÉRIFIÉ"


@dataclass(frozen=True)
class Scenario:
    """How the server answers for one SIREN.

    The first ``fail_times`` requests about the SIREN (``None``: all of them) get
    ``fail_status`` (with ``Retry-After: retry_after`` when set); then ``kind`` decides:
    ``found`` serves the fixtures of ``fixture`` (a SIREN; rewritten to the one asked).
    """

    name: str
    kind: Kind = "found"
    fixture: str | None = None
    fail_status: int | None = None
    fail_times: int | None = 0
    retry_after: str | None = None


SCENARIOS: dict[str, Scenario] = {
    PERSON_ACTIVE: Scenario("entrepreneur individuel actif", fixture=PERSON_ACTIVE),
    PERSON_CEASED: Scenario("entrepreneur individuel cessé", fixture=PERSON_CEASED),
    PERSON_MASKED: Scenario(
        "entrepreneur individuel en diffusion partielle", fixture=PERSON_MASKED
    ),
    COMPANY_SA: Scenario("société anonyme (5599)", fixture=COMPANY_SA),
    COMPANY_SAS: Scenario("société par actions simplifiée (5710)", fixture=COMPANY_SAS),
    ASSOCIATION: Scenario("association déclarée (9220)", fixture=ASSOCIATION),
    UNKNOWN: Scenario("SIREN inconnu", kind="unknown"),
    RATE_LIMITED_ONCE: Scenario(
        "429 une fois (Retry-After: 1) puis la personne active",
        fixture=PERSON_ACTIVE,
        fail_status=429,
        fail_times=1,
        retry_after="1",
    ),
    RATE_LIMITED: Scenario(
        "429 à chaque fois (Retry-After: 30)", fail_status=429, fail_times=None, retry_after="30"
    ),
    SERVER_ERROR: Scenario("500 à chaque fois", fail_status=500, fail_times=None),
    SERVER_ERROR_ONCE: Scenario(
        "503 une fois puis la personne active", fixture=PERSON_ACTIVE, fail_status=503, fail_times=1
    ),
    UNAUTHORIZED: Scenario("401 à chaque fois", fail_status=401, fail_times=None),
    NOT_JSON: Scenario("200 avec une page HTML", kind="not_json"),
    BAD_SHAPE: Scenario("200 avec un JSON d'une autre forme", kind="bad_shape"),
    HANG: Scenario("accepte la requête et ne répond jamais", kind="hang"),
    REDIRECT_LOOP: Scenario("redirige vers lui-même, sans fin", kind="redirect_loop"),
    REDIRECT_AWAY: Scenario("redirige vers une autre origine (en http)", kind="redirect_away"),
    HUGE_BODY: Scenario("200 avec un corps de 64 Mo", kind="huge_body"),
    GZIP_BOMB: Scenario("200 avec 64 Ko de gzip qui en font 64 Mo", kind="gzip_bomb"),
    SLOW_HEADERS: Scenario("envoie ses en-têtes un octet à la fois", kind="slow_headers"),
    DRIP_BODY: Scenario("envoie son corps un octet à la fois", kind="drip_body"),
    CONTROL_CHARS: Scenario(
        "la personne active, son nom truffé de caractères de contrôle", fixture=PERSON_ACTIVE
    ),
    BAD_NIC: Scenario(
        "la personne active, un NIC du siège qui n'a pas 5 chiffres", fixture=PERSON_ACTIVE
    ),
    SPACED_MASK: Scenario("la personne masquée, ses masques écrits [ ND ]", fixture=PERSON_MASKED),
    REAL_SA: Scenario("DANONE (5599), réponse réelle", fixture=REAL_SA),
    REAL_SAS: Scenario("NATURALIA FRANCE (5710), réponse réelle", fixture=REAL_SAS),
    REAL_ASSOCIATION: Scenario(
        "Restaurants du cœur (9220), réponse réelle", fixture=REAL_ASSOCIATION
    ),
    REAL_PERSON_CEASED: Scenario(
        "entrepreneur individuel cessé, réponse réelle", fixture=REAL_PERSON_CEASED
    ),
    REAL_PERSON_MASKED: Scenario(
        "entrepreneur individuel non diffusible, réponse réelle", fixture=REAL_PERSON_MASKED
    ),
}


@dataclass(frozen=True)
class RecordedRequest:
    """One request the server received."""

    path: str
    headers: dict[str, str]
    at: float  # time.monotonic()
    client_port: int  # the same port for requests sent on one kept-alive connection


@dataclass
class _State:
    lock: threading.Lock = field(default_factory=threading.Lock)
    log: list[RecordedRequest] = field(default_factory=list)
    per_siren: dict[str, int] = field(default_factory=dict)
    stop: threading.Event = field(default_factory=threading.Event)
    body_bytes_sent: int = 0  # of the 64 MB body, what the client let through


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        owner = self.server.owner
        parts = urlsplit(self.path)
        with owner.state.lock:
            owner.state.log.append(
                RecordedRequest(
                    self.path, dict(self.headers.items()), time.monotonic(), self.client_address[1]
                )
            )
        if parts.path == "/search":
            siren = (parse_qs(parts.query).get("q") or [""])[0].strip()
            self._answer("recherche", siren, parts.path)
        elif parts.path.startswith(INSEE_PREFIX + "/siren/"):
            self._insee(parts.path.rsplit("/", 1)[1], "siren")
        elif parts.path.startswith(INSEE_PREFIX + "/siret/"):
            self._insee(parts.path.rsplit("/", 1)[1], "siret")
        else:
            self._send(404, {"message": "Not Found"})

    def _insee(self, ident: str, kind: str) -> None:
        if self.headers.get("X-INSEE-Api-Key-Integration") != self.server.owner.insee_key:
            self._send(401, _INSEE_UNAUTHORIZED)
            return
        self._answer("insee", ident[:9], kind, ident)

    def _answer(self, service: str, siren: str, what: str, ident: str = "") -> None:
        owner = self.server.owner
        scenario = SCENARIOS.get(siren, SCENARIOS[UNKNOWN])
        with owner.state.lock:
            seen = owner.state.per_siren.get(siren, 0)
            owner.state.per_siren[siren] = seen + 1
        failing = scenario.fail_status is not None and (
            scenario.fail_times is None or seen < scenario.fail_times
        )
        if failing:
            assert scenario.fail_status is not None
            advised = owner.retry_after or scenario.retry_after
            headers = {"Retry-After": advised} if advised else {}
            self._send(scenario.fail_status, _error_body(service, scenario.fail_status), headers)
        elif scenario.kind == "hang":
            owner.state.stop.wait(owner.hang_seconds)
            self.close_connection = True
        elif scenario.kind != "found" and scenario.kind in _HOSTILE:
            _HOSTILE[scenario.kind](self)
        elif scenario.kind == "not_json":
            self._send_raw(200, b"<html><body>Maintenance en cours</body></html>", "text/html")
        elif scenario.kind == "bad_shape":
            self._send(200, {"message": "Service en maintenance", "data": None})
        elif scenario.kind == "unknown" or scenario.fixture is None:
            self._not_found(service, siren)
        else:
            self._found(service, siren, scenario.fixture, what, ident)

    def _found(self, service: str, siren: str, fixture: str, what: str, ident: str) -> None:
        if service == "recherche":
            path = FIXTURES / "recherche" / f"{fixture}.json"
        elif what == "siren":
            path = FIXTURES / "insee" / "siren" / f"{fixture}.json"
        else:
            path = FIXTURES / "insee" / "siret" / f"{fixture}{ident[9:]}.json"
        if not path.is_file():
            self._not_found(service, siren)
            return
        text = path.read_text(encoding="utf-8").replace(fixture, siren)
        if siren == CONTROL_CHARS:
            text = text.replace('"LEFEBVRE"', json.dumps(HOSTILE_NAME))
        if siren == BAD_NIC:
            text = text.replace('"nicSiegeUniteLegale": "00025"', '"nicSiegeUniteLegale": "25/.."')
        if siren == SPACED_MASK:
            text = text.replace("[ND]", "[ ND ]").replace("[NON-DIFFUSIBLE]", "[ ND ]")
        self._send_raw(200, text.encode("utf-8"), "application/json;charset=utf-8")

    def _not_found(self, service: str, ident: str) -> None:
        if service == "recherche":  # the service answers an unknown SIREN with no results
            self._send(
                200,
                {"results": [], "total_results": 0, "page": 1, "per_page": 10, "total_pages": 0},
            )
        else:
            self._send(
                404,
                {
                    "header": {
                        "statut": 404,
                        "message": f"Aucun élément trouvé pour le siren {ident}",
                    }
                },
            )

    def _send(self, status: int, body: object, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        self._send_raw(status, data, "application/json;charset=utf-8", headers)

    def _send_raw(
        self, status: int, data: bytes, content_type: str, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    # --- hostile behaviours ------------------------------------------------------------

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _redirect_loop(self) -> None:
        self._redirect(self.path)

    def _redirect_away(self) -> None:
        port = self.server.server_address[1]
        self._redirect(f"http://localhost:{port}/stolen{self.path}")

    def _huge_body(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(HUGE_BODY_BYTES))
        self.end_headers()
        block = b" " * (1024 * 1024)
        try:
            for _ in range(HUGE_BODY_BYTES // len(block)):
                self.wfile.write(block)
                self.server.owner.state.body_bytes_sent += len(block)
        except OSError:  # the client stopped reading: what it should do
            self.close_connection = True

    def _gzip_bomb(self) -> None:
        data = _bomb()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _drip(self, data: bytes, pause: float) -> None:
        stop = self.server.owner.state.stop
        try:
            for byte in data:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                if stop.wait(pause):
                    break
        except OSError:
            pass
        self.close_connection = True

    def _slow_headers(self) -> None:
        head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" + b"X-Slow: " + b"a" * 400
        self._drip(head, 0.2)  # 80 s of headers: far longer than any limit a test sets

    def _drip_body(self) -> None:
        body = b'{"results": [' + b" " * 4000 + b"]}"
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self._drip(body, 0.2)


_HOSTILE = {
    "redirect_loop": _Handler._redirect_loop,
    "redirect_away": _Handler._redirect_away,
    "huge_body": _Handler._huge_body,
    "gzip_bomb": _Handler._gzip_bomb,
    "slow_headers": _Handler._slow_headers,
    "drip_body": _Handler._drip_body,
}


@functools.cache
def _bomb() -> bytes:
    """``HUGE_BODY_BYTES`` of spaces, gzip-compressed (about 64 KB)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: the gzip container
    block = b" " * (1024 * 1024)
    parts = [compressor.compress(block) for _ in range(HUGE_BODY_BYTES // len(block))]
    return b"".join(parts) + compressor.flush()


_INSEE_UNAUTHORIZED = {"message": "Unauthorized", "http_status_code": 401}


def _error_body(service: str, status: int) -> dict[str, object]:
    if service == "insee":
        if status == 401:
            return _INSEE_UNAUTHORIZED
        return {"header": {"statut": status, "message": "Erreur"}}
    return {"erreur": "Erreur"} if status < 500 else {"erreur": "Erreur interne du serveur"}


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, owner: SireneServer) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.owner = owner


class _HangServer:
    """Accepts TCP connections and never sends a byte back."""

    def __init__(self, stop: threading.Event) -> None:
        self._stop = stop
        self._sock = socket.create_server(("127.0.0.1", 0))
        self._sock.settimeout(0.05)
        self._accepted: list[socket.socket] = []
        self.port: int = self._sock.getsockname()[1]
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self._accepted.append(conn)

    @property
    def connections(self) -> int:
        """How many connections were accepted (one per try of a client)."""
        return len(self._accepted)

    def close(self) -> None:
        """Stop accepting (``stop`` is set): a connection of our own wakes the waiting
        ``accept`` at once, rather than its next time-out."""
        with contextlib.suppress(OSError):
            socket.create_connection(("127.0.0.1", self.port), timeout=2).close()
        self._thread.join(timeout=2)
        for conn in self._accepted:
            conn.close()
        self._sock.close()


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


class SireneServer:
    """The fake services, started on entering the ``with`` block, stopped on leaving it."""

    def __init__(
        self,
        *,
        insee_key: str = DEFAULT_INSEE_KEY,
        hang_seconds: float = 30.0,
        retry_after: str | None = None,
    ) -> None:
        """``retry_after`` replaces every scenario's ``Retry-After`` (``"0"``: retry at once,
        for a test about what follows a 429 rather than about the wait)."""
        self.insee_key = insee_key
        self.hang_seconds = hang_seconds
        self.retry_after = retry_after
        self.state = _State()
        self._http = _Server(self)
        self._thread = threading.Thread(
            target=self._http.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._hang = _HangServer(self.state.stop)
        host, port = self._http.server_address[:2]
        self.url = f"http://{host!s}:{port}"
        self.recherche_url = self.url
        self.insee_url = self.url + INSEE_PREFIX
        self.hang_url = f"http://127.0.0.1:{self._hang.port}"
        self.refused_url = f"http://127.0.0.1:{_closed_port()}"

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.state.stop.set()
        self._http.shutdown()
        self._http.server_close()
        self._hang.close()

    @property
    def requests(self) -> list[str]:
        """The paths (with their query) requested so far, in order."""
        with self.state.lock:
            return [r.path for r in self.state.log]

    @property
    def log(self) -> list[RecordedRequest]:
        """Every request with its headers and arrival time."""
        with self.state.lock:
            return list(self.state.log)

    @property
    def body_bytes_sent(self) -> int:
        """How much of the 64 MB body was written before the client hung up (buffers included)."""
        return self.state.body_bytes_sent

    @property
    def hang_connections(self) -> int:
        """How many connections ``hang_url`` accepted (and never answered)."""
        return self._hang.connections

    def wait_for_requests(self, count: int, limit: float = 30.0) -> list[str]:
        """The requests, once ``count`` have arrived. A client that gave up on a try (a time
        limit reached) may have left before the server's thread logged its request: this
        waits for that event, ``limit`` seconds at most, rather than racing it."""
        deadline = time.monotonic() + limit
        while len(self.requests) < count and time.monotonic() < deadline:
            time.sleep(0.005)
        return self.requests

    def wait_for_hang_connections(self, count: int, limit: float = 30.0) -> int:
        """``hang_connections``, once ``count`` are accepted (see ``wait_for_requests``)."""
        deadline = time.monotonic() + limit
        while self.hang_connections < count and time.monotonic() < deadline:
            time.sleep(0.005)
        return self.hang_connections

    def requests_for(self, siren: str) -> list[str]:
        """The requests that named this SIREN (in the query or the path)."""
        return [path for path in self.requests if siren in path]

    def reset(self) -> None:
        """Forget the requests and restart every scenario's failure count."""
        with self.state.lock:
            self.state.log.clear()
            self.state.per_siren.clear()
            self.state.body_bytes_sent = 0

    def env(
        self,
        source: Literal["recherche-entreprises", "insee"] = "recherche-entreprises",
        *,
        timeout: float = 30.0,
        backoff: float = 0.01,
        retry_after_max: float = 2.0,
        deadline: float = 60.0,
    ) -> dict[str, str]:
        """Environment variables pointing ``opalexe-cert`` at this server, with short waits.

        ``retry_after_max`` is the longest ``Retry-After`` obeyed (a longer one stops the
        look-up), ``deadline`` the whole look-up's time limit (12 s in real use). The time
        limits are far beyond what a loaded machine adds to a look-up on 127.0.0.1: a test
        that wants one to expire sets it short against a server that never answers in time.
        """
        return {
            "OPALEXE_CERT_SIRENE_SOURCE": source,
            "OPALEXE_CERT_RECHERCHE_URL": self.recherche_url,
            "OPALEXE_CERT_INSEE_URL": self.insee_url,
            "OPALEXE_CERT_INSEE_API_KEY": self.insee_key,
            "OPALEXE_CERT_SIRENE_TIMEOUT": str(timeout),
            "OPALEXE_CERT_SIRENE_BACKOFF": str(backoff),
            "OPALEXE_CERT_SIRENE_RETRY_AFTER_MAX": str(retry_after_max),
            "OPALEXE_CERT_SIRENE_DEADLINE": str(deadline),
        }
