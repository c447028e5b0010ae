"""Look a SIREN up in the public SIRENE data, through one of two web services.

* the *API Recherche d'entreprises* (default, no key): ``GET {base}/search?q={siren}``;
* INSEE's *API Sirene 3.11* (key in the ``X-INSEE-Api-Key-Integration`` header):
  ``GET {base}/siren/{siren}``, then the head office's address from
  ``GET {base}/siret/{siren}{nicSiegeUniteLegale}``.

Both map their answer into ``identity.LegalUnit``. Values the services mask (``[ND]``,
``[NON-DIFFUSIBLE]``) become ``None``, never a name. The address becomes ``None`` as soon as
one of its parts is masked: an address with its street hidden cannot be printed on an envelope,
so the caller asks the expert for the whole address rather than completing half of it.

Only ``start`` imports this module, and httpx is imported and its client built on the first
look-up only: a run with nothing to look up pays nothing. The rules on the unit found live in
the pure ``holder_rules`` module.

A look-up is bounded as a whole (``total_timeout``, 12 s): connection, retries, waits and
body reading included, whatever the server does (headers or body sent one byte at a time,
a ``Retry-After`` longer than what is left: then no retry, the manual path). Redirects are
refused (these APIs never redirect, and the INSEE key must never follow one), bodies are
capped once decoded (a gzip bomb stops at ``MAX_BODY_BYTES``), the INSEE key is sent only to
its configured origin over https (plain http only to a loopback address, for tests), no
message ever shows credentials from a URL, and control or bidi-override characters in the
service's data are stripped before anything is kept or shown.
"""

from __future__ import annotations

import email.utils
import ipaddress
import json
import math
import threading
import time
import zlib
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, Protocol, Self, TypeVar
from urllib.parse import urlsplit

from opalexe_cert import __version__
from opalexe_cert.adapters.sirene_settings import (
    DEFAULT_INSEE_URL,
    DEFAULT_RECHERCHE_URL,
    INSEE_KEY_ENV,
    INSEE_URL_ENV,
    TOTAL_TIMEOUT,
    SireneSettings,
)
from opalexe_cert.domain.address import Address
from opalexe_cert.domain.errors import (
    InputError,
    SireneAuthError,
    SireneBadResponse,
    SireneNotFound,
    SireneUnavailable,
)
from opalexe_cert.domain.fields import strip_unsafe
from opalexe_cert.domain.identity import (
    NATURAL_PERSON_CATEGORY,
    Civility,
    LegalUnit,
    legal_category_label,
)
from opalexe_cert.domain.postal import PostalAddress

if TYPE_CHECKING:
    import httpx

T = TypeVar("T")

INSEE_KEY_HEADER = "X-INSEE-Api-Key-Integration"
USER_AGENT = f"opalexe-cert/{__version__} (+https://pypi.org/project/opalexe-cert/)"

MAX_BODY_BYTES = 4 * 1024 * 1024
"""A service's answer is a few kilobytes; a decoded body beyond this is refused."""

_MASKS = ("[ND]", "NON-DIFFUSIBLE", "NON DIFFUSIBLE")
_SEX_TO_CIVILITY: dict[str, Civility] = {"M": "M.", "F": "Mme"}


class SireneClient(Protocol):
    """Something that finds a legal unit by its SIREN (9 digits, already validated)."""

    def lookup(self, siren: str) -> LegalUnit:
        """The unit, or ``SireneNotFound`` / another ``SireneError`` with a French message."""
        ...

    def close(self) -> None:
        """Release the network connections."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


def format_siren(siren: str) -> str:
    """``812 345 678``: how a SIREN is read aloud and printed."""
    return f"{siren[:3]} {siren[3:6]} {siren[6:]}"


def _require_siren(siren: str) -> None:
    """Guard against a caller that skipped validation: never put anything else in a URL."""
    if len(siren) != 9 or not siren.isdigit():
        raise ValueError(f"not a validated SIREN: {siren!r}")


def is_masked(value: object) -> bool:
    """Whether a value is one of the services' placeholders for hidden data."""
    if not isinstance(value, str):
        return False
    # spaces inside the brackets do not hide a mask: « [ ND ] » is « [ND] »
    bare = " ".join(value.upper().split()).replace("[ ", "[").replace(" ]", "]")
    return any(mask in bare for mask in _MASKS)


def _text(value: object) -> str | None:
    """A clean string, or ``None`` for anything absent, empty, masked or not a string.

    Control and bidi-override characters (an ESC sequence, U+202E, a newline) are stripped:
    the service's data reaches the terminal and the documents.
    """
    if not isinstance(value, str) or is_masked(value):
        return None
    cleaned = " ".join(strip_unsafe(value).split())
    return cleaned or None


def shown_url(url: str) -> str:
    """``url`` without its ``user:password@`` part, for messages."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return "(adresse invalide)"
    if ":" in host:
        host = f"[{host}]"
    return f"{parts.scheme}://{host}{port}{parts.path}"


def _is_loopback(host: str | None) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host or "").is_loopback
    except ValueError:
        return False


def _given_names(*names: object) -> str | None:
    """``Claire Hélène`` from ``CLAIRE``, ``HELENE`` (or ``CLAIRE, HELENE``)."""
    parts = [_text(n) for n in names]
    words = " ".join(p.replace(",", " ") for p in parts if p).split()
    return " ".join(w.title() for w in words) or None


def _active(state: object) -> bool | None:
    """``A`` (active) or ``C`` (ceased) as a boolean; ``None`` when not said."""
    return {"A": True, "C": False}.get(state) if isinstance(state, str) else None


def _address(fields: Mapping[str, object], keys: Mapping[str, str]) -> Address | None:
    """The NF Z10-011 address from a service's address fields (``keys``: our name -> theirs)."""
    if any(is_masked(fields.get(theirs)) for theirs in keys.values()):
        return None
    values = {ours: _text(fields.get(theirs)) for ours, theirs in keys.items()}
    return PostalAddress(**values).address()


class _HttpSireneClient:
    """What both services share: one httpx client, bounded retries, JSON decoding."""

    service = "le service SIRENE"
    default_url = ""

    def __init__(
        self,
        base_url: str | None = None,
        *,
        timeout: float = 10.0,
        connect_timeout: float = 5.0,
        max_tries: int = 3,
        backoff: float = 0.5,
        retry_after_cap: float = TOTAL_TIMEOUT,
        total_timeout: float = TOTAL_TIMEOUT,
        headers: Mapping[str, str] | None = None,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        """``transport`` (httpx's, e.g. ``MockTransport``) and ``sleep`` replace the network
        and the waits between tries, for tests of the retry logic that need neither."""
        if max_tries < 1:
            raise ValueError("max_tries must be at least 1")
        self.base_url = (base_url or self.default_url).rstrip("/")
        self.timeout = timeout
        self.connect_timeout = connect_timeout
        self.max_tries = max_tries
        self.backoff = backoff
        self.retry_after_cap = retry_after_cap
        self.total_timeout = total_timeout
        self._headers = {
            "User-Agent": USER_AGENT,
            "Accept": "application/json",
            "Accept-Encoding": "gzip, deflate",  # what ``_decoder`` inflates within its cap
            **(headers or {}),
        }
        self._transport = transport
        self._sleep = sleep
        self._http: httpx.Client | None = None
        self._deadline = math.inf

    @property
    def _service_title(self) -> str:
        """The service's name at the start of a sentence (``str.capitalize`` lowers "API")."""
        return self.service[:1].upper() + self.service[1:]

    # --- lifetime --------------------------------------------------------------------------

    def _client(self) -> httpx.Client:
        """The httpx client, built on the first look-up (importing httpx costs ~70 ms)."""
        if self._http is None:
            import httpx

            self._http = httpx.Client(
                base_url=self.base_url,
                timeout=httpx.Timeout(self.timeout, connect=self.connect_timeout),
                headers=self._headers,
                follow_redirects=False,
                transport=self._transport,
            )
        return self._http

    def close(self) -> None:
        """Close the connection pool (if a look-up opened one)."""
        if self._http is not None:
            self._http.close()
            self._http = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # --- the overall time limit --------------------------------------------------------------

    def _bounded(self, work: Callable[[], T]) -> T:
        """Run one look-up within ``total_timeout`` seconds, whatever the server does.

        httpx's timeouts are per operation: a server that sends a byte every second never
        trips them. The look-up runs in a worker thread; past the deadline it is abandoned
        (its connection dropped) and the expert goes on by hand.
        """
        self._deadline = time.monotonic() + self.total_timeout
        outcome: dict[str, Any] = {}

        def target() -> None:
            try:
                outcome["value"] = work()
            except BaseException as exc:  # handed to the caller's thread below
                outcome["error"] = exc

        worker = threading.Thread(target=target, name="sirene-lookup", daemon=True)
        worker.start()
        worker.join(self.total_timeout)
        if worker.is_alive():
            self._abandon()
            raise SireneUnavailable(self._too_long())
        if "error" in outcome:
            raise outcome["error"]
        value: T = outcome["value"]
        return value

    def _abandon(self) -> None:
        """Drop the client a stuck worker still uses; the next look-up builds a new one."""
        stuck, self._http = self._http, None
        if stuck is not None:
            threading.Thread(target=stuck.close, daemon=True).start()

    def _too_long(self) -> str:
        return (
            f"{self._service_title} n'a pas répondu à temps : la recherche est abandonnée "
            f"après {self.total_timeout:g} s."
        )

    def _remaining(self) -> float:
        return self._deadline - time.monotonic()

    # --- requests --------------------------------------------------------------------------

    def _wait_before_retry(self, attempt: int, response: httpx.Response | None) -> float | None:
        """Seconds to wait before the next try, or ``None`` to stop trying now.

        ``Retry-After`` is obeyed, never shortened: when it asks for longer than
        ``retry_after_cap`` or than what is left of the look-up's time, we stop.
        """
        wait = float(min(self.backoff * 2 ** (attempt - 1), self.retry_after_cap))
        if response is not None:
            advised = _retry_after_seconds(response.headers.get("Retry-After"))
            if advised is not None:
                if advised > self.retry_after_cap:
                    return None
                wait = advised
        return wait if wait < self._remaining() else None

    def _get(self, path: str, params: Mapping[str, str] | None = None) -> tuple[int, bytes]:
        """GET with up to ``max_tries`` tries on 429, 5xx, connection errors and timeouts.

        Returns any other answer (2xx, 4xx) as its status and decoded body, for the caller.
        """
        import httpx

        failure = ""
        tries = 0
        for attempt in range(1, self.max_tries + 1):
            tries = attempt
            response: httpx.Response | None = None
            try:
                status, body, response = self._request(path, params)
            except httpx.TimeoutException:
                failure = (
                    f"{self._service_title} ne répond pas : délai dépassé ({self.timeout:g} s)."
                )
            except httpx.TransportError:
                failure = (
                    f"{self._service_title} est injoignable ({shown_url(self.base_url)}) : "
                    "vérifiez votre connexion à Internet."
                )
            else:
                if status == 429:
                    failure = (
                        f"{self._service_title} refuse temporairement les demandes "
                        "(trop de requêtes, erreur HTTP 429)."
                    )
                elif status >= 500:
                    failure = f"{self._service_title} est en panne (erreur HTTP {status})."
                else:
                    return status, body
            if attempt == self.max_tries:
                break
            wait = self._wait_before_retry(attempt, response)
            if wait is None:
                break
            self._sleep(wait)
        raise SireneUnavailable(
            f"{failure} Échec après {tries} tentative{'s' if tries > 1 else ''}."
        )

    def _request(
        self, path: str, params: Mapping[str, str] | None
    ) -> tuple[int, bytes, httpx.Response]:
        """One GET, within what is left of the look-up's time, its body read and capped."""
        import httpx

        remaining = self._remaining()
        if remaining <= 0:
            raise SireneUnavailable(self._too_long())
        timeout = httpx.Timeout(
            min(self.timeout, remaining), connect=min(self.connect_timeout, remaining)
        )
        with self._client().stream("GET", path, params=params, timeout=timeout) as response:
            if response.is_redirect or 300 <= response.status_code < 400:
                raise SireneUnavailable(
                    f"{self._service_title} a répondu par une redirection (erreur HTTP "
                    f"{response.status_code}), ce que ce service ne fait jamais : il est "
                    "inutilisable pour l'instant."
                )
            decoder = self._decoder(response.headers.get("Content-Encoding", ""))
            chunks: list[bytes] = []
            size = 0
            for raw in response.iter_raw():
                chunk = decoder(raw, MAX_BODY_BYTES - size + 1)
                size += len(chunk)
                if size > MAX_BODY_BYTES:
                    raise self._bad("réponse démesurée")
                if self._remaining() <= 0:
                    raise SireneUnavailable(self._too_long())
                chunks.append(chunk)
            return response.status_code, b"".join(chunks), response

    def _decoder(self, encoding: str) -> Callable[[bytes, int], bytes]:
        """What turns the raw body into its bytes, never more than asked at once.

        httpx's own decoding inflates a whole network read at a time (a 64 KB read of a gzip
        bomb is 64 MB in memory); here zlib is asked for at most what the cap still allows.
        """
        encoding = encoding.strip().lower()
        if encoding in ("", "identity"):
            return lambda raw, _limit: raw
        if encoding not in ("gzip", "deflate"):
            raise self._bad(f"encodage « {encoding[:20]} » inconnu")
        # 47: a gzip or zlib container, detected; deflate without one is refused as unreadable.
        inflater = zlib.decompressobj(47 if encoding == "gzip" else zlib.MAX_WBITS)

        def inflate(raw: bytes, limit: int) -> bytes:
            try:
                return inflater.decompress(raw, max(limit, 1))
            except zlib.error:
                raise self._bad("réponse compressée illisible") from None

        return inflate

    def _json(self, body: bytes) -> dict[str, Any]:
        """The body as a JSON object, or ``SireneBadResponse``."""
        try:
            data = json.loads(body.decode("utf-8"))
        except (ValueError, UnicodeDecodeError, RecursionError):
            raise self._bad("ce n'est pas du JSON") from None
        if not isinstance(data, dict):
            raise self._bad("un objet JSON était attendu")
        return data

    def _bad(self, why: str) -> SireneBadResponse:
        return SireneBadResponse(f"{self._service_title} a renvoyé une réponse inattendue ({why}).")

    def _refused(self, status: int) -> SireneAuthError:
        return SireneAuthError(f"{self._service_title} a refusé l'accès (erreur HTTP {status}).")

    def _unexpected_status(self, status: int) -> SireneBadResponse:
        return self._bad(f"erreur HTTP {status}")


def _retry_after_seconds(value: str | None) -> float | None:
    """``Retry-After`` as seconds: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


# --- API Recherche d'entreprises -----------------------------------------------------------

_RECHERCHE_ADDRESS = {
    "complement": "complement_adresse",
    "number": "numero_voie",
    "last_number": "dernier_numero_voie",
    "repetition": "indice_repetition",
    "street_type": "type_voie",
    "street_name": "libelle_voie",
    "special_distribution": "distribution_speciale",
    "postal_code": "code_postal",
    "town": "libelle_commune",
    "cedex_code": "cedex",
    "cedex_label": "libelle_cedex",
    "foreign_town": "libelle_commune_etranger",
    "foreign_country": "libelle_pays_etranger",
}


class RechercheEntreprisesClient(_HttpSireneClient):
    """The public *API Recherche d'entreprises* (annuaire-entreprises.data.gouv.fr)."""

    service = "l'API Recherche d'entreprises"
    default_url = DEFAULT_RECHERCHE_URL

    def lookup(self, siren: str) -> LegalUnit:
        """One request: the search by SIREN, then the result whose ``siren`` is this one."""
        _require_siren(siren)
        return self._bounded(lambda: self._lookup(siren))

    def _lookup(self, siren: str) -> LegalUnit:
        status, raw = self._get("/search", params={"q": siren})
        if status in (401, 403):
            raise self._refused(status)
        if status != 200:
            raise self._unexpected_status(status)
        body = self._json(raw)
        results = body.get("results")
        if not isinstance(results, list) or not all(isinstance(r, dict) for r in results):
            raise self._bad("liste « results » absente")
        for result in results:
            if result.get("siren") == siren:
                return self._unit(siren, result)
        raise SireneNotFound(
            f"Aucune entreprise ne porte le SIREN {format_siren(siren)} dans le répertoire "
            "SIRENE : vérifiez le numéro."
        )

    def _unit(self, siren: str, result: Mapping[str, Any]) -> LegalUnit:
        category = _text(result.get("nature_juridique"))
        siege = result.get("siege") or {}
        dirigeants = result.get("dirigeants") or []
        if not isinstance(siege, dict) or not isinstance(dirigeants, list):
            raise self._bad("« siege » ou « dirigeants » mal formé")
        person: Mapping[str, Any] = {}
        if category == NATURAL_PERSON_CATEGORY:
            person = next(
                (
                    d
                    for d in dirigeants
                    if isinstance(d, dict) and d.get("type_dirigeant") == "personne physique"
                ),
                {},
            )
        state = result.get("etat_administratif")
        return LegalUnit(
            siren=siren,
            legal_category=category,
            legal_category_label=legal_category_label(category),
            active=_active(state),
            diffusible=result.get("statut_diffusion") not in ("P", "N"),
            civility=None,  # this service does not publish the sex
            birth_name=_text(person.get("nom")),
            given_names=_given_names(person.get("prenoms")),
            denomination=_text(result.get("nom_raison_sociale"))
            or _text(result.get("nom_complet")),
            address=_address(siege, _RECHERCHE_ADDRESS),
        )


# --- INSEE's API Sirene 3.11 ---------------------------------------------------------------

_INSEE_ADDRESS = {
    "complement": "complementAdresseEtablissement",
    "number": "numeroVoieEtablissement",
    "last_number": "dernierNumeroVoieEtablissement",
    "repetition": "indiceRepetitionEtablissement",
    "street_type": "typeVoieEtablissement",
    "street_name": "libelleVoieEtablissement",
    "special_distribution": "distributionSpecialeEtablissement",
    "postal_code": "codePostalEtablissement",
    "town": "libelleCommuneEtablissement",
    "cedex_code": "codeCedexEtablissement",
    "cedex_label": "libelleCedexEtablissement",
    "foreign_town": "libelleCommuneEtrangerEtablissement",
    "foreign_country": "libellePaysEtrangerEtablissement",
}


class InseeSireneClient(_HttpSireneClient):
    """INSEE's *API Sirene 3.11*, with an API key from portail-api.insee.fr."""

    service = "l'API Sirene de l'INSEE"
    default_url = DEFAULT_INSEE_URL

    def __init__(
        self,
        base_url: str | None = None,
        api_key: str | None = None,
        *,
        timeout: float = 10.0,
        connect_timeout: float = 5.0,
        max_tries: int = 3,
        backoff: float = 0.5,
        retry_after_cap: float = TOTAL_TIMEOUT,
        total_timeout: float = TOTAL_TIMEOUT,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not api_key or not api_key.strip():
            raise SireneAuthError(
                "Clé de l'API Sirene de l'INSEE manquante : indiquez-la dans la variable "
                f"{INSEE_KEY_ENV} (clé obtenue sur https://portail-api.insee.fr), ou utilisez "
                "l'API Recherche d'entreprises, qui n'en demande pas."
            )
        key = api_key.strip()
        if not key.isascii() or not key.isprintable():
            raise InputError(
                f"La variable {INSEE_KEY_ENV} contient des caractères qu'une clé de l'INSEE "
                "n'a pas (accents, espaces, caractères invisibles) : copiez-la de nouveau depuis "
                "https://portail-api.insee.fr."
            )
        url = (base_url or self.default_url).rstrip("/")
        parts = urlsplit(url)
        if parts.scheme != "https" and not _is_loopback(parts.hostname):
            raise InputError(
                f"La clé de l'INSEE n'est envoyée qu'à une adresse https:// : {INSEE_URL_ENV} "
                f"vaut « {shown_url(url)} ». Indiquez l'adresse en https://."
            )
        super().__init__(
            url,
            timeout=timeout,
            connect_timeout=connect_timeout,
            max_tries=max_tries,
            backoff=backoff,
            retry_after_cap=retry_after_cap,
            total_timeout=total_timeout,
            headers={INSEE_KEY_HEADER: key},
            transport=transport,
            sleep=sleep,
        )

    def _refused(self, status: int) -> SireneAuthError:
        return SireneAuthError(
            "Clé de l'API Sirene de l'INSEE refusée "
            f"(erreur HTTP {status}) : vérifiez la variable {INSEE_KEY_ENV} "
            "et l'abonnement de votre application à l'API Sirene sur https://portail-api.insee.fr."
        )

    def _fetch(self, path: str, key: str) -> dict[str, Any] | None:
        """The object under ``key`` in the answer, ``None`` for a 404."""
        status, raw = self._get(path)
        if status == 404:
            return None
        if status in (401, 403):
            raise self._refused(status)
        if status != 200:
            raise self._unexpected_status(status)
        body = self._json(raw).get(key)
        if not isinstance(body, dict):
            raise self._bad(f"objet « {key} » absent")
        return body

    def lookup(self, siren: str) -> LegalUnit:
        """Two requests: the legal unit, then its head office's address (one time limit)."""
        _require_siren(siren)
        return self._bounded(lambda: self._lookup(siren))

    def _lookup(self, siren: str) -> LegalUnit:
        unit = self._fetch(f"/siren/{siren}", "uniteLegale")
        if unit is None:
            raise SireneNotFound(
                f"Aucune entreprise ne porte le SIREN {format_siren(siren)} dans le répertoire "
                "SIRENE : vérifiez le numéro."
            )
        periods = unit.get("periodesUniteLegale")
        if not isinstance(periods, list) or not periods or not isinstance(periods[0], dict):
            raise self._bad("« periodesUniteLegale » absent")
        current: Mapping[str, Any] = next(
            (p for p in periods if isinstance(p, dict) and p.get("dateFin") is None), periods[0]
        )
        category = _text(current.get("categorieJuridiqueUniteLegale"))
        state = current.get("etatAdministratifUniteLegale")
        sex = unit.get("sexeUniteLegale")
        nic = _text(current.get("nicSiegeUniteLegale"))
        address = None
        if nic is not None and len(nic) == 5 and nic.isascii() and nic.isdigit():
            establishment = self._fetch(f"/siret/{siren}{nic}", "etablissement")
            if establishment is not None:
                fields = establishment.get("adresseEtablissement")
                if not isinstance(fields, dict):
                    raise self._bad("« adresseEtablissement » absent")
                address = _address(fields, _INSEE_ADDRESS)
        return LegalUnit(
            siren=siren,
            legal_category=category,
            legal_category_label=legal_category_label(category),
            active=_active(state),
            diffusible=unit.get("statutDiffusionUniteLegale") not in ("P", "N"),
            civility=_SEX_TO_CIVILITY.get(sex) if isinstance(sex, str) else None,
            birth_name=_text(current.get("nomUniteLegale")),
            usage_name=_text(current.get("nomUsageUniteLegale")),
            given_names=_given_names(*(unit.get(f"prenom{i}UniteLegale") for i in range(1, 5))),
            usual_first_name=_given_names(unit.get("prenomUsuelUniteLegale")),
            denomination=_text(current.get("denominationUniteLegale")),
            address=address,
        )


# --- choosing the service ------------------------------------------------------------------


def client_for(settings: SireneSettings) -> SireneClient:
    """The client the settings choose, ready to use and to close.

    The settings were read and checked at start-up (``cli/environment.py``). Building the
    client costs nothing: httpx is imported on the first look-up.
    """
    connect_timeout = min(settings.timeout, 5.0)
    retry_after_cap = settings.retry_after_cap
    if settings.source == "insee":
        return InseeSireneClient(
            settings.insee_url,
            settings.insee_key,
            timeout=settings.timeout,
            connect_timeout=connect_timeout,
            backoff=settings.backoff,
            retry_after_cap=retry_after_cap,
            total_timeout=settings.deadline,
        )
    return RechercheEntreprisesClient(
        settings.recherche_url,
        timeout=settings.timeout,
        connect_timeout=connect_timeout,
        backoff=settings.backoff,
        retry_after_cap=retry_after_cap,
        total_timeout=settings.deadline,
    )
