"""The rules of the court experts' listing that the compagnie mode uses, each written once with
its source (décret n° 2004-1463 du 23 décembre 2004 relatif aux experts judiciaires, as amended,
notably by décret n° 2023-468 du 16 juin 2023).

Each fact was checked against the public pages named in its ``source`` before it was written.
What could not be sourced is not turned into a rule: ``UNSOURCED`` says so, and the commands
print it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from opalexe_cert.domain.typography import NBSP


@dataclass(frozen=True)
class Fact:
    """One rule of the listing: a stable id, its French wording, and where it comes from."""

    id: str
    text: str
    source: str


PROBATION_YEARS = 3
RELISTING_YEARS = 5
FILING_MONTH, FILING_DAY = 3, 1  # applications are sent « avant le 1er mars »
ASSEMBLY_MONTH = 11  # the general assembly sits in the first fortnight of November

_DECREE = "décret n° 2004-1463 du 23 décembre 2004"

PROBATION = Fact(
    "probation",
    f"La première inscription sur la liste d'une cour d'appel est faite à titre probatoire, pour "
    f"{PROBATION_YEARS}{NBSP}ans.",
    f"{_DECREE}, article 6 ; https://www.dalloz-actualite.fr/flash/reinscription-sur-une-liste-"
    "d-experts-qu-en-est-il-de-periode-probatoire ; https://www.cejcad.org/inscriptionreinscription",
)
RELISTING = Fact(
    "relisting",
    f"Chaque réinscription est faite pour {RELISTING_YEARS}{NBSP}ans, sur une nouvelle demande.",
    f"{_DECREE}, articles 10 et 16 (modifié par le décret n° 2007-1119) ; "
    "https://www.cejcad.org/inscriptionreinscription ; "
    "https://www.expertsdejustice-grenoble.org/doc/comment-devenir-expert-de-justice/",
)
FILING = Fact(
    "filing",
    "Les demandes d'inscription et de réinscription sont adressées au procureur de la "
    "République avant le 1er mars de l'année au terme de laquelle l'inscription en cours prend "
    "fin (pour la liste de l'année suivante).",
    f"{_DECREE}, articles 6 et 10 ; https://cie-experts-ca-colmar.fr/inscription ; "
    "https://www.bordeaux-expert.com/reinscription-quinquennale-2027 (liste 2027 : demande "
    "avant le 28 février 2026)",
)
ASSEMBLY = Fact(
    "assembly",
    "L'assemblée générale des magistrats du siège de la cour d'appel dresse la liste au cours de "
    "la première quinzaine de novembre.",
    f"{_DECREE}, article 8 ; https://revue-experts.com/chronique-jurisprudence/de-expertise/"
    "procedure/procedure-dinscription-3148.php ; https://cie-experts-ca-colmar.fr/inscription",
)
FACTS = (PROBATION, RELISTING, FILING, ASSEMBLY)

UNSOURCED = (
    "Non vérifié, donc non appliqué : les dates propres à chaque cour d'appel (transmission au "
    "parquet général, réunion de la commission de réinscription), et la nature (personne "
    "physique ou société) d'un SIREN, que seule la base SIRENE connaît."
)


def relisting_due(listing_end: dt.date) -> dt.date:
    """The last day to file the re-listing request for a listing ending on ``listing_end``:
    the day before 1 March of that year (the lists are drawn each year, for the next)."""
    return dt.date(listing_end.year, FILING_MONTH, FILING_DAY) - dt.timedelta(days=1)


def assembly_month(listing_end: dt.date) -> dt.date:
    """The first day of the month in which the court decides on the re-listing."""
    return dt.date(listing_end.year, ASSEMBLY_MONTH, 1)


def next_filing_due(today: dt.date) -> dt.date:
    """The last day of the next filing campaign (today's, while it is open)."""
    this_year = dt.date(today.year, FILING_MONTH, FILING_DAY) - dt.timedelta(days=1)
    return (
        this_year
        if today <= this_year
        else dt.date(today.year + 1, FILING_MONTH, 1) - (dt.timedelta(days=1))
    )
