"""Hostile or broken SIRENE services: the manual path, never a
crash, a hang, a leaked key or a forged line on the terminal.

Each behaviour is served for real by ``sirene_server.py`` on 127.0.0.1; requests and bytes
are counted. The look-up's overall limit is 12 s in real use; the tests' limits are far
beyond what a loaded machine adds, except where the point is a limit reached (a server that
drips its answer for 80 s or more, against a 0.4 s limit), and one test checks the default.
"""

from __future__ import annotations

import json
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from opalexe_cert.adapters.sirene import (
    MAX_BODY_BYTES,
    TOTAL_TIMEOUT,
    InseeSireneClient,
    RechercheEntreprisesClient,
    client_for,
)
from opalexe_cert.cli.environment import sirene_settings
from opalexe_cert.domain.errors import InputError, SireneBadResponse, SireneUnavailable

from conftest import Runner, example_answers, write_answers
from sirene_server import (
    CONTROL_CHARS,
    DRIP_BODY,
    GZIP_BOMB,
    HUGE_BODY,
    HUGE_BODY_BYTES,
    REDIRECT_AWAY,
    REDIRECT_LOOP,
    SLOW_HEADERS,
    SireneServer,
)

Client = RechercheEntreprisesClient | InseeSireneClient


@pytest.fixture(params=["recherche-entreprises", "insee"])
def client(request: pytest.FixtureRequest, sirene_server: SireneServer) -> Iterator[Client]:
    settings: dict[str, Any] = {
        "timeout": 30.0,
        "connect_timeout": 30.0,
        "backoff": 0.01,
        "total_timeout": 60.0,
    }
    made: Client
    if request.param == "insee":
        made = InseeSireneClient(sirene_server.insee_url, sirene_server.insee_key, **settings)
    else:
        made = RechercheEntreprisesClient(sirene_server.recherche_url, **settings)
    with made:
        yield made


def test_redirects_are_refused_not_followed(client: Client, sirene_server: SireneServer) -> None:
    for siren in (REDIRECT_LOOP, REDIRECT_AWAY):
        with pytest.raises(SireneUnavailable) as caught:
            client.lookup(siren)
        assert "redirection" in caught.value.message
    assert len(sirene_server.requests) == 2  # one each: no loop of 21, nothing sent elsewhere
    assert not any("/stolen" in path for path in sirene_server.requests)


@pytest.mark.parametrize("siren", [HUGE_BODY, GZIP_BOMB])
def test_oversized_bodies_are_cut_short(
    client: Client, sirene_server: SireneServer, siren: str
) -> None:
    with pytest.raises(SireneBadResponse) as caught:
        client.lookup(siren)
    assert "démesurée" in caught.value.message
    # Measured in bytes, not time, so that a loaded machine cannot fail the test: the client
    # hung up after its 4 MB (socket buffers add a few). The bomb's 64 KB all arrive.
    assert sirene_server.body_bytes_sent < HUGE_BODY_BYTES // 4
    assert len(sirene_server.requests) == 1


def test_a_gzip_bomb_is_never_inflated_past_the_cap(
    client: Client, sirene_server: SireneServer
) -> None:
    """The 64 KB bomb would be 64 MB inflated: the client's memory stays near its 4 MB cap.

    A first look-up warms up what any first use costs (httpx's import, the client, the
    connection pool), so that only the second one, the code under test, is measured.
    """
    with pytest.raises(SireneBadResponse):
        client.lookup(GZIP_BOMB)
    tracemalloc.start()
    try:
        with pytest.raises(SireneBadResponse):
            client.lookup(GZIP_BOMB)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 3 * MAX_BODY_BYTES, peak


@pytest.mark.slow  # waits for the 0.4 s limit, on purpose
@pytest.mark.parametrize("siren", [SLOW_HEADERS, DRIP_BODY])
def test_a_dripping_server_costs_at_most_the_time_limit(
    client: Client, sirene_server: SireneServer, siren: str
) -> None:
    client.total_timeout = 0.4  # each byte comes well within httpx's per-read limit
    started = time.monotonic()
    with pytest.raises(SireneUnavailable) as caught:
        client.lookup(siren)
    elapsed = time.monotonic() - started
    # The server drips for 80 s or more: the bound is far from what a loaded machine adds.
    assert 0.39 <= elapsed < 40.0, elapsed
    assert "0.4 s" in caught.value.message
    assert len(sirene_server.wait_for_requests(1)) == 1


def test_service_data_loses_its_control_characters(client: Client) -> None:
    unit = client.lookup(CONTROL_CHARS)
    assert unit.birth_name is not None
    assert unit.birth_name.startswith("LEFEBVRE")
    assert not any(c in unit.birth_name for c in "\x1b\x07\u202e\n")


def test_the_default_time_limit_is_12_seconds() -> None:
    assert TOTAL_TIMEOUT == 12.0
    with client_for(sirene_settings({})) as made:
        assert isinstance(made, RechercheEntreprisesClient)
        assert made.total_timeout == 12.0
        assert made._http is None  # no httpx client until a look-up needs one


def test_insee_key_is_sent_over_https_only() -> None:
    for url in ("http://api.insee.fr/api-sirene/3.11", "http://10.0.0.1/api-sirene/3.11"):
        with pytest.raises(InputError) as caught:
            InseeSireneClient(url, "secret-key")
        assert "https://" in caught.value.message and "secret-key" not in caught.value.message
    InseeSireneClient("http://127.0.0.1:9/x", "k").close()  # loopback: the tests' server
    InseeSireneClient("http://[::1]:9/x", "k").close()


def test_non_ascii_insee_key_is_refused_in_french() -> None:
    with pytest.raises(InputError) as caught:
        InseeSireneClient("https://api.insee.fr/x", "clé-été")
    assert "OPALEXE_CERT_INSEE_API_KEY" in caught.value.message


@pytest.mark.parametrize(
    "value", ["http://[::1", "ftp://x", "http://", "http://h:99999/", "http://h/\x1b"]
)
def test_bad_urls_are_refused_in_french(value: str) -> None:
    with pytest.raises(InputError) as caught:
        client_for(sirene_settings({"OPALEXE_CERT_RECHERCHE_URL": value}))
    assert "OPALEXE_CERT_RECHERCHE_URL" in caught.value.message


@pytest.mark.parametrize("value", ["nan", "inf", "-1"])
def test_non_finite_timeouts_are_refused(value: str) -> None:
    with pytest.raises(InputError):
        client_for(sirene_settings({"OPALEXE_CERT_SIRENE_TIMEOUT": value}))


# --- through the real command ----------------------------------------------------------------


def start(
    cli: Runner, tmp_path: Path, siren: str, env: dict[str, str], **extra: Any
) -> tuple[Any, float]:
    keep = ("profile.", "account.", "offer.")
    answers = {k: v for k, v in example_answers().items() if k.startswith(keep)}
    path = write_answers(tmp_path / "a.json", answers | {"siren.siren": siren} | extra)
    started = time.monotonic()
    result = cli("start", "--answers", str(path), env=env | {"OPALEXE_CERT_OFFLINE": "0"})
    return result, time.monotonic() - started


@pytest.mark.parametrize(
    ("siren", "deadline"), [(GZIP_BOMB, 60.0), (REDIRECT_LOOP, 60.0), (SLOW_HEADERS, 0.4)]
)
def test_start_takes_the_manual_path(
    cli: Runner, tmp_path: Path, sirene_server: SireneServer, siren: str, deadline: float
) -> None:
    result, elapsed = start(cli, tmp_path, siren, sirene_server.env(deadline=deadline))
    assert "Erreur inattendue" not in result.text and "Traceback" not in result.text
    assert "saisissant votre identité vous-même" in result.err, result.err
    assert result.code == 2 and "« siren.civility »" in result.err, result.err  # asked by hand
    assert elapsed < 40.0  # the headers would drip for 80 s


def test_start_strips_control_characters_from_the_service(
    cli: Runner, tmp_path: Path, state_file: Path, sirene_server: SireneServer
) -> None:
    extra = {"siren.confirm": True, "siren.civility": "Mme"}
    result, _ = start(cli, tmp_path, CONTROL_CHARS, sirene_server.env(), **extra)
    assert "Erreur inattendue" not in result.text, result.text
    state = json.loads(state_file.read_text("utf-8"))
    surname = state["holder"]["surname"]
    assert "LEFEBVRE" in surname.upper() and "\x1b" not in surname and "\n" not in surname
    status = cli("status")
    assert "\x1b" not in status.out and "\u202e" not in status.out
    assert not any(line.startswith("SIREN : 999") for line in status.out.splitlines())


def test_credentials_in_a_url_are_never_printed(cli: Runner, tmp_path: Path) -> None:
    env = {
        "OPALEXE_CERT_RECHERCHE_URL": "http://user:s3cr3t@127.0.0.1:1/",
        "OPALEXE_CERT_SIRENE_BACKOFF": "0.01",  # three refused connections, no 1.5 s of waits
    }
    result, _ = start(cli, tmp_path, "812345676", env)
    assert "injoignable" in result.err, result.err
    assert "s3cr3t" not in result.text and "user:" not in result.text


def test_an_online_start_with_nothing_to_look_up_does_not_import_httpx(
    cli: Runner, tmp_path: Path
) -> None:
    answers = write_answers(tmp_path / "a.json", {"profile.email": "a@b.fr"})
    env = {"OPALEXE_CERT_OFFLINE": "0", "PYTHONPROFILEIMPORTTIME": "1"}
    # A real process: the interpreter's own import log is the point.
    result = cli("start", "--answers", str(answers), env=env, process=True)
    assert result.code == 2 and "account.date" in result.err, result.err
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.err.splitlines() if "|" in line}
    assert "opalexe_cert.adapters.sirene" in imported or "typer" in imported  # the log is there
    assert "httpx" not in imported
