"""Look a SIREN up in the public SIRENE data, through one of two web services.

* the *API Recherche d'entreprises* (default, no key): ``GET {base}/search?q={siren}``;
* INSEE's *API Sirene 3.11* (key in the ``X-INSEE-Api-Key-Integration`` header):
  ``GET {base}/siren/{siren}``, then the head office's address from
  ``GET {base}/siret/{siren}{nicSiegeUniteLegale}``.

Both map their answer into ``identity.LegalUnit``. Values the services mask (``[ND]``,
``[NON-DIFFUSIBLE]``) become ``None``, never a name. The address becomes ``None`` as soon as
one of its parts is masked: an address with its street hidden cannot be printed on an envelope,
so the caller asks the expert for the whole address rather than completing half of it.

Only ``start`` imports this module (it imports httpx); the rules on the unit found live in the
pure ``holder_rules`` module.
"""

from __future__ import annotations

import email.utils
import json
import time
from collections.abc import Mapping
from types import TracebackType
from typing import Any, Protocol, Self

import httpx

from opalexe_cert import __version__
from opalexe_cert.domain.errors import (
    InputError,
    SireneAuthError,
    SireneBadResponse,
    SireneNotFound,
    SireneUnavailable,
)
from opalexe_cert.domain.identity import (
    NATURAL_PERSON_CATEGORY,
    Civility,
    LegalUnit,
    legal_category_label,
)
from opalexe_cert.domain.postal import PostalAddress

DEFAULT_RECHERCHE_URL = "https://recherche-entreprises.api.gouv.fr"
DEFAULT_INSEE_URL = "https://api.insee.fr/api-sirene/3.11"
INSEE_KEY_HEADER = "X-INSEE-Api-Key-Integration"
USER_AGENT = f"opalexe-cert/{__version__} (+https://pypi.org/project/opalexe-cert/)"

SOURCE_ENV = "OPALEXE_CERT_SIRENE_SOURCE"
RECHERCHE_URL_ENV = "OPALEXE_CERT_RECHERCHE_URL"
INSEE_URL_ENV = "OPALEXE_CERT_INSEE_URL"
INSEE_KEY_ENV = "OPALEXE_CERT_INSEE_API_KEY"
TIMEOUT_ENV = "OPALEXE_CERT_SIRENE_TIMEOUT"
BACKOFF_ENV = "OPALEXE_CERT_SIRENE_BACKOFF"
RETRY_AFTER_MAX_ENV = "OPALEXE_CERT_SIRENE_RETRY_AFTER_MAX"

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
    return isinstance(value, str) and any(mask in value.upper() for mask in _MASKS)


def _text(value: object) -> str | None:
    """A clean string, or ``None`` for anything absent, empty, masked or not a string."""
    if not isinstance(value, str) or is_masked(value):
        return None
    cleaned = " ".join(value.split())
    return cleaned or None


def _given_names(*names: object) -> str | None:
    """``Claire Hélène`` from ``CLAIRE``, ``HELENE`` (or ``CLAIRE, HELENE``)."""
    parts = [_text(n) for n in names]
    words = " ".join(p.replace(",", " ") for p in parts if p).split()
    return " ".join(w.title() for w in words) or None


def _active(state: object) -> bool | None:
    """``A`` (active) or ``C`` (ceased) as a boolean; ``None`` when not said."""
    return {"A": True, "C": False}.get(state) if isinstance(state, str) else None


def _address(fields: Mapping[str, object], keys: Mapping[str, str]) -> tuple[str, ...] | None:
    """NF Z10-011 lines from a service's address fields (``keys``: our name -> theirs)."""
    if any(is_masked(fields.get(theirs)) for theirs in keys.values()):
        return None
    values = {ours: _text(fields.get(theirs)) for ours, theirs in keys.items()}
    return PostalAddress(**values).lines()


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
        retry_after_cap: float = 5.0,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        if max_tries < 1:
            raise ValueError("max_tries must be at least 1")
        self.base_url = (base_url or self.default_url).rstrip("/")
        self.timeout = timeout
        self.max_tries = max_tries
        self.backoff = backoff
        self.retry_after_cap = retry_after_cap
        self._http = httpx.Client(
            base_url=self.base_url,
            timeout=httpx.Timeout(timeout, connect=connect_timeout),
            headers={"User-Agent": USER_AGENT, "Accept": "application/json", **(headers or {})},
            follow_redirects=True,
        )

    @property
    def _service_title(self) -> str:
        """The service's name at the start of a sentence (``str.capitalize`` lowers "API")."""
        return self.service[:1].upper() + self.service[1:]

    # --- lifetime --------------------------------------------------------------------------

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # --- requests --------------------------------------------------------------------------

    def _wait_before_retry(self, attempt: int, response: httpx.Response | None) -> float:
        """Seconds to wait: ``Retry-After`` when given (capped), else exponential backoff."""
        if response is not None:
            advised = _retry_after_seconds(response.headers.get("Retry-After"))
            if advised is not None:
                return min(advised, self.retry_after_cap)
        return float(min(self.backoff * 2 ** (attempt - 1), self.retry_after_cap))

    def _get(self, path: str, params: Mapping[str, str] | None = None) -> httpx.Response:
        """GET with up to ``max_tries`` tries on 429, 5xx, connection errors and timeouts.

        Returns any other answer (2xx, 4xx) for the caller to interpret.
        """
        failure = ""
        for attempt in range(1, self.max_tries + 1):
            response: httpx.Response | None = None
            try:
                response = self._http.get(path, params=params)
            except httpx.TimeoutException:
                failure = (
                    f"{self._service_title} ne répond pas : délai dépassé ({self.timeout:g} s)."
                )
            except httpx.TransportError:
                failure = (
                    f"{self._service_title} est injoignable ({self.base_url}) : "
                    "vérifiez votre connexion à Internet."
                )
            else:
                if response.status_code == 429:
                    failure = (
                        f"{self._service_title} refuse temporairement les demandes "
                        "(trop de requêtes, erreur HTTP 429)."
                    )
                elif response.status_code >= 500:
                    failure = (
                        f"{self._service_title} est en panne (erreur HTTP {response.status_code})."
                    )
                else:
                    return response
            if attempt < self.max_tries:
                time.sleep(self._wait_before_retry(attempt, response))
        raise SireneUnavailable(
            f"{failure} Échec après {self.max_tries} tentative{'s' if self.max_tries > 1 else ''}."
        )

    def _json(self, response: httpx.Response) -> dict[str, Any]:
        """The body as a JSON object, or ``SireneBadResponse``."""
        try:
            body = response.json()
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise self._bad("ce n'est pas du JSON") from None
        if not isinstance(body, dict):
            raise self._bad("un objet JSON était attendu")
        return body

    def _bad(self, why: str) -> SireneBadResponse:
        return SireneBadResponse(f"{self._service_title} a renvoyé une réponse inattendue ({why}).")

    def _refused(self, response: httpx.Response) -> SireneAuthError:
        return SireneAuthError(
            f"{self._service_title} a refusé l'accès (erreur HTTP {response.status_code})."
        )

    def _unexpected_status(self, response: httpx.Response) -> SireneBadResponse:
        return self._bad(f"erreur HTTP {response.status_code}")


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
        response = self._get("/search", params={"q": siren})
        if response.status_code in (401, 403):
            raise self._refused(response)
        if response.status_code != 200:
            raise self._unexpected_status(response)
        body = self._json(response)
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
        retry_after_cap: float = 5.0,
    ) -> None:
        if not api_key or not api_key.strip():
            raise SireneAuthError(
                "Clé de l'API Sirene de l'INSEE manquante : indiquez-la dans la variable "
                f"{INSEE_KEY_ENV} (clé obtenue sur https://portail-api.insee.fr), ou utilisez "
                "l'API Recherche d'entreprises, qui n'en demande pas."
            )
        super().__init__(
            base_url,
            timeout=timeout,
            connect_timeout=connect_timeout,
            max_tries=max_tries,
            backoff=backoff,
            retry_after_cap=retry_after_cap,
            headers={INSEE_KEY_HEADER: api_key.strip()},
        )

    def _refused(self, response: httpx.Response) -> SireneAuthError:
        return SireneAuthError(
            "Clé de l'API Sirene de l'INSEE refusée "
            f"(erreur HTTP {response.status_code}) : vérifiez la variable {INSEE_KEY_ENV} "
            "et l'abonnement de votre application à l'API Sirene sur https://portail-api.insee.fr."
        )

    def _fetch(self, path: str, key: str) -> dict[str, Any] | None:
        """The object under ``key`` in the answer, ``None`` for a 404."""
        response = self._get(path)
        if response.status_code == 404:
            return None
        if response.status_code in (401, 403):
            raise self._refused(response)
        if response.status_code != 200:
            raise self._unexpected_status(response)
        body = self._json(response).get(key)
        if not isinstance(body, dict):
            raise self._bad(f"objet « {key} » absent")
        return body

    def lookup(self, siren: str) -> LegalUnit:
        """Two requests: the legal unit, then its head office's address."""
        _require_siren(siren)
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
        if nic is not None:
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


def _seconds(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw.replace(",", "."))
    except ValueError:
        value = -1.0
    if value < 0:
        raise InputError(
            f"La variable {name} doit être un nombre de secondes positif (reçu : « {raw} »)."
        )
    return value


def _url(env: Mapping[str, str], name: str, default: str) -> str:
    url = env.get(name, "").strip() or default
    if not url.startswith(("http://", "https://")):
        raise InputError(
            f"La variable {name} doit être une adresse web commençant par http:// ou "
            f"https:// (reçu : « {url} »)."
        )
    return url


def client_from_env(env: Mapping[str, str]) -> SireneClient:
    """The client the settings choose (SPEC section 2), ready to use and to close.

    Besides the documented variables, three tuning knobs exist for tests and slow links:
    ``OPALEXE_CERT_SIRENE_TIMEOUT`` (read timeout, seconds), ``OPALEXE_CERT_SIRENE_BACKOFF``
    (first backoff, seconds) and ``OPALEXE_CERT_SIRENE_RETRY_AFTER_MAX`` (cap on waits).
    """
    source = env.get(SOURCE_ENV, "").strip().lower() or "recherche-entreprises"
    timeout = _seconds(env, TIMEOUT_ENV, 10.0)
    connect_timeout = min(timeout, 5.0)
    backoff = _seconds(env, BACKOFF_ENV, 0.5)
    retry_after_cap = _seconds(env, RETRY_AFTER_MAX_ENV, 5.0)
    if source == "recherche-entreprises":
        return RechercheEntreprisesClient(
            _url(env, RECHERCHE_URL_ENV, DEFAULT_RECHERCHE_URL),
            timeout=timeout,
            connect_timeout=connect_timeout,
            backoff=backoff,
            retry_after_cap=retry_after_cap,
        )
    if source == "insee":
        return InseeSireneClient(
            _url(env, INSEE_URL_ENV, DEFAULT_INSEE_URL),
            env.get(INSEE_KEY_ENV),
            timeout=timeout,
            connect_timeout=connect_timeout,
            backoff=backoff,
            retry_after_cap=retry_after_cap,
        )
    raise InputError(
        f"La variable {SOURCE_ENV} accepte « recherche-entreprises » (par défaut) ou "
        f"« insee » (reçu : « {source} »)."
    )
