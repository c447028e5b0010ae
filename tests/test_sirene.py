"""The SIRENE adapters against the local stand-in services (real HTTP on 127.0.0.1)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, Literal

import pytest

from opalexe_cert import __version__
from opalexe_cert.adapters.sirene import (
    DEFAULT_INSEE_URL,
    DEFAULT_RECHERCHE_URL,
    InseeSireneClient,
    RechercheEntreprisesClient,
    SireneClient,
    _retry_after_seconds,
    client_for,
)
from opalexe_cert.adapters.sirene_settings import SireneSettings
from opalexe_cert.cli.environment import sirene_settings
from opalexe_cert.domain.errors import (
    SireneAuthError,
    SireneBadResponse,
    SireneNotFound,
    SireneUnavailable,
)
from opalexe_cert.domain.identity import LegalUnit

from sirene_server import (
    ASSOCIATION,
    BAD_SHAPE,
    COMPANY_SA,
    COMPANY_SAS,
    HANG,
    NOT_JSON,
    PERSON_ACTIVE,
    PERSON_CEASED,
    PERSON_MASKED,
    RATE_LIMITED_ONCE,
    SERVER_ERROR_ONCE,
    UNAUTHORIZED,
    UNKNOWN,
    SireneServer,
)

Source = Literal["recherche-entreprises", "insee"]
SOURCES: tuple[Source, ...] = ("recherche-entreprises", "insee")
# Requests one successful look-up takes.
REQUESTS_PER_LOOKUP = {"recherche-entreprises": 1, "insee": 2}
MakeClient = Callable[..., SireneClient]
# How messages name each service, at the start of a sentence.
SERVICE = {
    "recherche-entreprises": "L'API Recherche d'entreprises",
    "insee": "L'API Sirene de l'INSEE",
}


@pytest.fixture
def make_client(sirene_server: SireneServer) -> Iterator[MakeClient]:
    """Clients on the local server with short waits between tries and time limits far beyond
    what a loaded machine adds on 127.0.0.1 (a test that wants a limit to expire sets it,
    against a server that never answers); closed at the end of the test."""
    made: list[SireneClient] = []

    def make(source: Source, base_url: str | None = None, **options: float) -> SireneClient:
        settings: dict[str, Any] = {
            "timeout": 30.0,
            "connect_timeout": 30.0,
            "backoff": 0.01,
            "retry_after_cap": 2.0,
            "total_timeout": 60.0,
            **options,
        }
        client: SireneClient
        if source == "insee":
            client = InseeSireneClient(
                base_url or sirene_server.insee_url, sirene_server.insee_key, **settings
            )
        else:
            client = RechercheEntreprisesClient(base_url or sirene_server.recherche_url, **settings)
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


# What both services say of the active sole trader.
ACTIVE_PERSON = {
    "siren": PERSON_ACTIVE,
    "legal_category": "1000",
    "legal_category_label": "Entrepreneur individuel",
    "active": True,
    "diffusible": True,
    "birth_name": "LEFEBVRE",
    "address": ("RESIDENCE LES ACACIAS", "12 BIS RUE DES LILAS", "33000 BORDEAUX"),
}


def test_recherche_maps_an_active_sole_trader(
    make_client: MakeClient, sirene_server: SireneServer
) -> None:
    unit = make_client("recherche-entreprises").lookup(PERSON_ACTIVE)
    assert unit == LegalUnit.model_validate(
        {
            **ACTIVE_PERSON,
            "civility": None,  # the service does not publish the sex
            "given_names": "Claire Helene",
            "denomination": "CLAIRE LEFEBVRE (MARTIN)",
        }
    )
    assert sirene_server.requests == [f"/search?q={PERSON_ACTIVE}"]


def test_insee_maps_the_current_period_and_the_head_office(
    make_client: MakeClient, sirene_server: SireneServer
) -> None:
    unit = make_client("insee").lookup(PERSON_ACTIVE)
    assert unit == LegalUnit.model_validate(
        {
            **ACTIVE_PERSON,
            "civility": "Mme",
            "usage_name": "MARTIN",  # only in the current period (dateFin null)
            "given_names": "Claire Helene Marie",
            "usual_first_name": "Claire",
        }
    )
    assert unit.surname == "MARTIN"
    # the head office of the current period (NIC 00025), not the former one (00017)
    assert sirene_server.requests == [
        f"/api-sirene/3.11/siren/{PERSON_ACTIVE}",
        f"/api-sirene/3.11/siret/{PERSON_ACTIVE}00025",
    ]


@pytest.mark.parametrize("source", SOURCES)
def test_headers_name_the_tool_and_carry_the_key_only_for_insee(
    source: Source, make_client: MakeClient, sirene_server: SireneServer
) -> None:
    make_client(source).lookup(PERSON_ACTIVE)
    log = sirene_server.log
    assert len(log) == REQUESTS_PER_LOOKUP[source]
    for request in log:
        assert request.headers["User-Agent"].startswith(f"opalexe-cert/{__version__} (+")
        key = request.headers.get("X-INSEE-Api-Key-Integration")
        assert key == (sirene_server.insee_key if source == "insee" else None)


@pytest.mark.parametrize("source", SOURCES)
def test_one_connection_is_reused_across_look_ups(
    source: Source, make_client: MakeClient, sirene_server: SireneServer
) -> None:
    client = make_client(source)
    client.lookup(PERSON_ACTIVE)
    client.lookup(PERSON_CEASED)
    ports = {request.client_port for request in sirene_server.log}
    assert len(sirene_server.log) == 2 * REQUESTS_PER_LOOKUP[source]
    assert len(ports) == 1


@pytest.mark.parametrize("source", SOURCES)
def test_a_ceased_sole_trader_is_found_inactive(source: Source, make_client: MakeClient) -> None:
    unit = make_client(source).lookup(PERSON_CEASED)
    assert unit.active is False
    assert unit.is_natural_person
    assert unit.birth_name == "DURAND"
    assert unit.address is not None
    assert unit.address.lines == ("8 AVENUE THIERS", "33100 BORDEAUX")


@pytest.mark.parametrize("source", SOURCES)
def test_masked_values_never_become_names(source: Source, make_client: MakeClient) -> None:
    unit = make_client(source).lookup(PERSON_MASKED)
    assert unit.is_natural_person
    assert unit.diffusible is False
    assert unit.active is True
    for value in (
        unit.civility,
        unit.birth_name,
        unit.usage_name,
        unit.given_names,
        unit.usual_first_name,
        unit.denomination,
        unit.address,  # street hidden: the whole address is asked for
    ):
        assert value is None
    dumped = unit.model_dump_json()
    assert "[ND]" not in dumped
    assert "NON-DIFFUSIBLE" not in dumped


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize(
    ("siren", "category", "label", "name", "address"),
    [
        (
            COMPANY_SA,
            "5599",
            "SA à conseil d'administration (s.a.i.)",
            "ACME EXPERTISES",
            ("25 COURS DE L'INTENDANCE", "33000 BORDEAUX"),
        ),
        (
            COMPANY_SAS,
            "5710",
            "SAS, société par actions simplifiée",
            "CABINET DURAND EXPERTISE",
            ("45 QUAI DES CHARTRONS", "33000 BORDEAUX"),
        ),
        (
            ASSOCIATION,
            "9220",
            "Association déclarée",
            "COMPAGNIE DES EXPERTS DE JUSTICE DU SUD-OUEST",
            ("3 PLACE DU PALAIS", "33000 BORDEAUX"),
        ),
    ],
)
def test_legal_persons_keep_their_category_and_no_personal_name(
    source: Source,
    siren: str,
    category: str,
    label: str,
    name: str,
    address: tuple[str, ...],
    make_client: MakeClient,
) -> None:
    unit = make_client(source).lookup(siren)
    assert (unit.legal_category, unit.legal_category_label) == (category, label)
    assert not unit.is_natural_person
    assert unit.denomination == name
    assert unit.address is not None and unit.address.lines == address
    # the company's officers (personnes physiques in "dirigeants") are not the holder
    assert (unit.birth_name, unit.given_names, unit.civility) == (None, None, None)


@pytest.mark.parametrize("source", SOURCES)
def test_an_unknown_siren_is_said_plainly(
    source: Source, make_client: MakeClient, sirene_server: SireneServer
) -> None:
    with pytest.raises(SireneNotFound) as caught:
        make_client(source).lookup(UNKNOWN)
    assert "999 999 998" in caught.value.message
    assert "vérifiez le numéro" in caught.value.message
    assert len(sirene_server.requests) == 1  # INSEE: the 404 stops before the address


def test_a_429_is_retried_after_the_advised_delay(
    make_client: MakeClient, sirene_server: SireneServer
) -> None:
    """On real sockets, the client's own sleep: the second try comes after the advised
    second, never sooner. The one test that really waits (a lower bound, which load cannot
    break); each source's waits are checked, recorded, on ``MockTransport`` below."""
    source: Source = "insee"
    unit = make_client(source, retry_after_cap=2.0).lookup(RATE_LIMITED_ONCE)
    assert unit.siren == RATE_LIMITED_ONCE
    log = sirene_server.log
    assert len(log) == REQUESTS_PER_LOOKUP[source] + 1
    assert log[0].path == log[1].path
    assert log[1].at - log[0].at >= 0.9  # Retry-After: 1, not the 0.01 s backoff


# --- the retry logic, on httpx's MockTransport: what the client waits is recorded, not timed --


class Mocked:
    """A client whose network is a list of answers (``httpx.MockTransport``) and whose waits
    between tries are recorded instead of slept."""

    def __init__(self, source: Source, answers: list[Any], **options: float) -> None:
        import httpx

        self.requests: list[httpx.Request] = []
        self.waits: list[float] = []
        pending = list(answers)

        def handle(request: httpx.Request) -> httpx.Response:
            self.requests.append(request)
            answer = pending.pop(0) if len(pending) > 1 else pending[0]
            if callable(answer):
                result: httpx.Response = answer(request)
                return result
            status, headers = answer
            # A stream, as from the network: the client reads the body raw (``iter_raw``).
            return httpx.Response(status, headers=headers, stream=httpx.ByteStream(b"{}"))

        settings: dict[str, Any] = {
            "backoff": 0.01,
            "retry_after_cap": 2.0,
            "transport": httpx.MockTransport(handle),
            "sleep": self.waits.append,
            **options,
        }
        self.client: SireneClient
        if source == "insee":
            self.client = InseeSireneClient("http://127.0.0.1:9/api", "key", **settings)
        else:
            self.client = RechercheEntreprisesClient("http://127.0.0.1:9/api", **settings)

    def lookup(self) -> LegalUnit:
        with self.client:
            return self.client.lookup(PERSON_ACTIVE)


@pytest.mark.parametrize("source", SOURCES)
def test_the_advised_delay_is_waited_before_the_next_try(source: Source) -> None:
    mocked = Mocked(source, [(429, {"Retry-After": "1"}), (401, {})])
    with pytest.raises(SireneAuthError):
        mocked.lookup()
    assert mocked.waits == [1.0]  # Retry-After: 1, not the 0.01 s backoff
    assert [r.url.path for r in mocked.requests] == [mocked.requests[0].url.path] * 2


@pytest.mark.parametrize("source", SOURCES)
def test_a_retry_after_longer_than_allowed_stops_at_once(source: Source) -> None:
    """Told to wait 30 s, the client never comes back sooner: it stops, the expert goes on."""
    mocked = Mocked(source, [(429, {"Retry-After": "30"})], retry_after_cap=0.2)
    with pytest.raises(SireneUnavailable) as caught:
        mocked.lookup()
    assert mocked.waits == [] and len(mocked.requests) == 1
    assert caught.value.message == (
        f"{SERVICE[source]} refuse temporairement les demandes (trop de requêtes, "
        "erreur HTTP 429). Échec après 1 tentative."
    )


@pytest.mark.parametrize("source", SOURCES)
def test_a_retry_after_beyond_the_time_left_stops_too(source: Source) -> None:
    """Retry-After: 1 is within the cap but not within a 0.5 s look-up: no early retry."""
    mocked = Mocked(source, [(429, {"Retry-After": "1"}), (401, {})], total_timeout=0.5)
    with pytest.raises(SireneUnavailable):
        mocked.lookup()
    assert mocked.waits == [] and len(mocked.requests) == 1


@pytest.mark.parametrize("source", SOURCES)
def test_a_failing_server_gets_three_tries_with_exponential_backoff(source: Source) -> None:
    mocked = Mocked(source, [(500, {})], backoff=0.1)
    with pytest.raises(SireneUnavailable) as caught:
        mocked.lookup()
    assert mocked.waits == [0.1, 0.2] and len(mocked.requests) == 3
    assert caught.value.message == (
        f"{SERVICE[source]} est en panne (erreur HTTP 500). Échec après 3 tentatives."
    )


@pytest.mark.parametrize("source", SOURCES)
def test_a_timed_out_try_is_tried_again_then_said(source: Source) -> None:
    import httpx

    def too_slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("no answer", request=request)

    mocked = Mocked(source, [too_slow], timeout=0.1)
    with pytest.raises(SireneUnavailable) as caught:
        mocked.lookup()
    assert mocked.waits == [0.01, 0.02] and len(mocked.requests) == 3
    assert caught.value.message == (
        f"{SERVICE[source]} ne répond pas : délai dépassé (0.1 s). Échec après 3 tentatives."
    )


def test_a_look_up_still_running_at_its_limit_is_abandoned() -> None:
    """The whole look-up's limit: the try never ends (until the test lets it), the expert is
    told after 0.4 s and goes on; the event decides, not the machine's speed."""
    import httpx

    release = threading.Event()

    def stuck(request: httpx.Request) -> httpx.Response:
        release.wait(60)
        return httpx.Response(500, stream=httpx.ByteStream(b""))

    mocked = Mocked("recherche-entreprises", [stuck], total_timeout=0.4)
    started = time.monotonic()
    try:
        with pytest.raises(SireneUnavailable) as caught:
            mocked.lookup()
        assert not release.is_set()  # abandoned while the try was still running
    finally:
        release.set()
    assert time.monotonic() - started >= 0.4
    assert "après 0.4 s" in caught.value.message
    assert len(mocked.requests) == 1


@pytest.mark.parametrize("source", SOURCES)
def test_one_server_error_then_success(
    source: Source, make_client: MakeClient, sirene_server: SireneServer
) -> None:
    unit = make_client(source).lookup(SERVER_ERROR_ONCE)
    assert unit.birth_name == "LEFEBVRE"
    assert len(sirene_server.requests) == REQUESTS_PER_LOOKUP[source] + 1


@pytest.mark.parametrize(
    ("source", "said"),
    [
        (
            "recherche-entreprises",
            "L'API Recherche d'entreprises a refusé l'accès (erreur HTTP 401)",
        ),
        (
            "insee",
            "Clé de l'API Sirene de l'INSEE refusée (erreur HTTP 401) : vérifiez la "
            "variable OPALEXE_CERT_INSEE_API_KEY",
        ),
    ],
)
def test_a_refused_access_is_said_and_not_retried(
    source: Source, said: str, make_client: MakeClient, sirene_server: SireneServer
) -> None:
    with pytest.raises(SireneAuthError) as caught:
        make_client(source).lookup(UNAUTHORIZED)
    assert said in caught.value.message
    assert len(sirene_server.requests) == 1


def test_insee_with_a_wrong_key(sirene_server: SireneServer) -> None:
    with (
        InseeSireneClient(sirene_server.insee_url, "wrong-key") as client,
        pytest.raises(SireneAuthError, match="refusée"),
    ):
        client.lookup(PERSON_ACTIVE)
    assert sirene_server.log[0].headers["X-INSEE-Api-Key-Integration"] == "wrong-key"
    assert len(sirene_server.requests) == 1


@pytest.mark.parametrize("key", [None, "", "   "])
def test_insee_without_a_key_refuses_before_any_request(
    key: str | None, sirene_server: SireneServer
) -> None:
    with pytest.raises(SireneAuthError) as caught:
        InseeSireneClient(sirene_server.insee_url, key)
    assert "Clé de l'API Sirene de l'INSEE manquante" in caught.value.message
    assert sirene_server.requests == []


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize(
    ("siren", "why"), [(NOT_JSON, "ce n'est pas du JSON"), (BAD_SHAPE, "absent")]
)
def test_an_unexpected_answer_is_a_bad_response(
    source: Source, siren: str, why: str, make_client: MakeClient, sirene_server: SireneServer
) -> None:
    with pytest.raises(SireneBadResponse) as caught:
        make_client(source).lookup(siren)
    assert caught.value.message.startswith(f"{SERVICE[source]} a renvoyé une réponse inattendue (")
    assert why in caught.value.message
    assert len(sirene_server.requests) == 1


@pytest.mark.parametrize("source", SOURCES)
def test_a_server_that_never_answers_times_out_three_times(
    source: Source, make_client: MakeClient, sirene_server: SireneServer
) -> None:
    client = make_client(source, base_url=sirene_server.hang_url, timeout=0.1)
    with pytest.raises(SireneUnavailable) as caught:
        client.lookup(PERSON_ACTIVE)
    assert caught.value.message == (
        f"{SERVICE[source]} ne répond pas : délai dépassé (0.1 s). Échec après 3 tentatives."
    )
    assert sirene_server.wait_for_hang_connections(3) == 3


@pytest.mark.parametrize("source", SOURCES)
def test_a_request_left_unanswered_times_out(
    source: Source, make_client: MakeClient, sirene_server: SireneServer
) -> None:
    with pytest.raises(SireneUnavailable, match="délai dépassé"):
        make_client(source, timeout=0.1).lookup(HANG)
    assert len(sirene_server.wait_for_requests(3)) == 3


@pytest.mark.parametrize("source", SOURCES)
def test_a_refused_connection_is_unreachable(
    source: Source, make_client: MakeClient, sirene_server: SireneServer
) -> None:
    client = make_client(source, base_url=sirene_server.refused_url)
    with pytest.raises(SireneUnavailable) as caught:
        client.lookup(PERSON_ACTIVE)
    assert caught.value.message.startswith(
        f"{SERVICE[source]} est injoignable ({sirene_server.refused_url}"
    )
    assert "vérifiez votre connexion à Internet" in caught.value.message


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize("bad", ["81234567", "81234567X", "812 345 676", "../siren/1"])
def test_an_unvalidated_siren_never_reaches_the_network(
    source: Source, bad: str, make_client: MakeClient, sirene_server: SireneServer
) -> None:
    with pytest.raises(ValueError):
        make_client(source).lookup(bad)
    assert sirene_server.requests == []


def test_retry_after_accepts_seconds_and_http_dates() -> None:
    assert _retry_after_seconds("3") == 3.0
    assert _retry_after_seconds(None) is None
    assert _retry_after_seconds("soon") is None
    assert _retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past
    future = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() + 60))
    advised = _retry_after_seconds(future)
    assert advised is not None and 55 <= advised <= 61


# --- client_for ----------------------------------------------------------------------------


def test_the_default_source_is_recherche_entreprises() -> None:
    with client_for(SireneSettings()) as client:
        assert isinstance(client, RechercheEntreprisesClient)
        assert client.base_url == DEFAULT_RECHERCHE_URL
        assert client.max_tries == 3


def test_insee_defaults_to_its_public_url() -> None:
    with client_for(SireneSettings(source="insee", insee_key="k")) as client:
        assert isinstance(client, InseeSireneClient)
        assert client.base_url == DEFAULT_INSEE_URL == "https://api.insee.fr/api-sirene/3.11"


@pytest.mark.parametrize("source", SOURCES)
def test_the_environment_points_at_the_server(source: Source, sirene_server: SireneServer) -> None:
    with client_for(sirene_settings(sirene_server.env(source))) as client:
        assert client.lookup(PERSON_ACTIVE).birth_name == "LEFEBVRE"
    assert len(sirene_server.requests) == REQUESTS_PER_LOOKUP[source]


def test_insee_without_a_key_in_the_environment() -> None:
    with pytest.raises(SireneAuthError, match="OPALEXE_CERT_INSEE_API_KEY"):
        client_for(SireneSettings(source="insee"))
