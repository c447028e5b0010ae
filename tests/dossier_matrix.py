"""The inputs of the documents' matrix: the longest names and addresses the input rules
allow, both handovers, a Présidente, the ID's states and each step of the procedure."""

from __future__ import annotations

import datetime as dt
from typing import Any

from opalexe_cert.adapters.documents.data import DossierData, Holder
from opalexe_cert.domain.address import HOLDER_NAME_LINES, PRESIDENT_NAME_LINES, Address
from opalexe_cert.domain.compagnie import ACSO, Compagnie

LETTER_DAY = dt.date(2026, 11, 26)

# 34 characters (the longest surname an envelope holds with « Mme »), accents, a particle.
LONG_SURNAME = "d'Aubigné-Lœwenbruck de Saint-Éloi"
LONG_GIVEN = "Éloïse-Françoise Marie-Thérèse Anne"
# Five lines (one name line above), each as long as the norm allows once abbreviated.
LONG_HOLDER_ADDRESS = (
    "Résidence « Les Œillets », bâtiment C",
    "Escalier 4, appartement 1207, 3e étage",
    "12 avenue du Maréchal de Lattre de Tassigny",
    "Lieu-dit Les Grands Hauts de Saint Roch",
    "33 000 Saint-Médard-en-Jalles",
)
LONGEST = Holder(
    civility="Mme",
    surname=LONG_SURNAME,
    given_names=LONG_GIVEN,
    siren="732829320",
    address=Address.parse(LONG_HOLDER_ADDRESS, name_lines=HOLDER_NAME_LINES),
    email="eloise-francoise.daubigne-loewenbruck@cabinet-expertise-bordeaux.fr",
    phone="06 12 34 56 78",
)
MAN = Holder(
    civility="M.",
    surname="de la Tour d'Auvergne-Lauraguais",
    given_names="Jean-François Xavier",
    siren="552100554",
    address=Address.parse(
        ("3 cours de l'Intendance", "33000 BORDEAUX"), name_lines=HOLDER_NAME_LINES
    ),
    email="jf@example.fr",
)
PRESIDENTE = Compagnie(
    key="other",
    name="Compagnie des experts de justice près la cour d'appel de Versailles",
    court_of_appeal="Versailles",
    president_civility="Mme",
    president_name="Marie-Amélie de LA ROCHEFOUCAULD-DOUDEAU",
    address=Address.parse(
        (
            "Maison de l'expertise, bureau 14",
            "Bâtiment des Tribunaux, 2e étage",
            "5 place André Mignot",
            "78000 Versailles",
        ),
        name_lines=PRESIDENT_NAME_LINES,
    ),
)
SIX_LINE_CERTEUROPE = (
    "CertEurope - Service Experts OPALEXE",
    "Direction des certificats",
    "Immeuble Le Polaris, bâtiment B",
    "26 rue du Faubourg Poissonnière",
    "CS 70021",
    "75010 Paris",
)

STEPS: dict[str, dict[str, Any]] = {
    # before CertEurope's e-mail: nothing to send yet
    "before_order_email": {"order_received": False},
    # CertEurope's dossier is here: envelope 1 goes now
    "send_to_president": {},
    "president_sent": {"president_sent_on": dt.date(2026, 11, 20)},
    "back_from_president": {
        "president_sent_on": dt.date(2026, 11, 10),
        "president_returned_on": dt.date(2026, 11, 24),
    },
    "certeurope_sent": {
        "president_sent_on": dt.date(2026, 11, 2),
        "president_returned_on": dt.date(2026, 11, 12),
        "certeurope_sent_on": dt.date(2026, 11, 13),
    },
}
ID_EXPIRIES = {
    "valid": dt.date(2030, 3, 12),
    "expiring": dt.date(2027, 1, 15),
    "expired": dt.date(2026, 11, 25),
}


def data(
    holder: Holder = LONGEST,
    compagnie: Compagnie = ACSO,
    *,
    handover: str = "president",
    step: str = "send_to_president",
    id_state: str = "valid",
    **changes: Any,
) -> DossierData:
    values: dict[str, Any] = {
        "holder": holder,
        "compagnie": compagnie,
        "medium": "card",
        "handover": handover,
        "certeurope_address": Address.parse(SIX_LINE_CERTEUROPE),
        "id_expiry": ID_EXPIRIES[id_state],
        "letter_date": LETTER_DAY,
        "payment_reference": "CMD-2026-0917",
        "payment_date": dt.date(2026, 11, 3),
        "payment_amount": 109.0,
        **STEPS[step],
    }
    values.update(changes)
    return DossierData(**values)
