"""The deadlines as an iCalendar file (RFC 5545), for the expert's own calendar.

Two layers: ``entries`` turns the state into plain calendar entries (pure, no icalendar), and
``to_ics`` writes them with the ``icalendar`` package, imported only here so that the commands
run most often never load it. UIDs and DTSTAMP depend only on the state and today's date, so
re-importing an export updates the events instead of duplicating them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from opalexe_cert import __version__
from opalexe_cert.domain.dates import format_date
from opalexe_cert.domain.deadlines import Deadline, cert_expiry, deadlines
from opalexe_cert.domain.state import State

PORTAL_URL = "https://portail-pki.certeurope.fr/ws/EXPERTS"
SUPPORT_EMAIL = "support@certeurope.fr"
REMINDER = dt.timedelta(weeks=1)
UID_DOMAIN = "opalexe-cert"
CALENDAR_NAME = "OPALEXE : échéances du certificat"


@dataclass(frozen=True)
class Entry:
    """One all-day event: ``start`` to ``end`` inclusive, with a reminder or not."""

    uid: str
    start: dt.date
    end: dt.date
    summary: str
    description: str
    reminder: bool
    url: str | None = None


def owner_key(state: State) -> str:
    """A stable, non-identifying token for the expert, part of every UID.

    The e-mail is recorded at the very first step, before any deadline exists, and kept across
    renewals (the SIREN comes later: a UID built on it would change once it is entered). It is
    hashed so that the calendar does not spread it.
    """
    email = state.answers.get("profile.email")
    seed = str(email).strip().lower() if email else (state.holder.siren or "")
    if not seed:
        return "anonyme"
    return hashlib.sha256(f"opalexe-cert:{seed}".encode()).hexdigest()[:16]


def _cert_cycle(state: State) -> int:
    """The number of the cycle that issued the certificate in force."""
    if state.date("activation.cert_expiry") is None and state.history:
        return state.history[-1].number
    return state.cycle.number


def _uid(kind: str, cycle: int, owner: str) -> str:
    return f"{kind}-cycle{cycle}-{owner}@{UID_DOMAIN}"


def _done(entry: Entry, note: str) -> Entry:
    """A task already done: kept (re-importing updates it), marked, without a reminder."""
    return Entry(
        entry.uid,
        entry.start,
        entry.end,
        f"✔ {entry.summary} (fait)",
        f"C'est fait : {note}\n\n{entry.description}",
        reminder=False,
        url=entry.url,
    )


def _medium(state: State) -> tuple[str, str]:
    """What CertEurope sends: a short label for titles, and the phrase for sentences."""
    if state.answers.get("offer.medium") == "usb_key":
        return "clé USB", "la clé USB"
    return "carte et lecteur", "la carte et son lecteur"


def _preparation(state: State, d: Deadline, owner: str) -> list[Entry]:
    entry = Entry(
        _uid("preparation", state.cycle.number, owner),
        d.end,
        d.end,
        "OPALEXE : envoyer le dossier complet à CertEurope",
        "Le guide compte environ un mois entre l'ouverture du compte sur le portail "
        f"CertEurope (le {format_date(d.start)}) et l'envoi du dossier complet à CertEurope, "
        "par courrier : l'attestation d'appartenance signée par le Président de votre "
        "compagnie, la copie couleur recto verso d'une pièce d'identité en cours de "
        "validité, et les documents reçus de CertEurope.\n"
        "Lancez « opalexe-cert start » pour reprendre là où vous en êtes.",
        reminder=True,
    )
    return [_done(entry, "le dossier est parti chez CertEurope.") if d.state == "met" else entry]


def _delivery(state: State, d: Deadline, owner: str) -> list[Entry]:
    label, medium = _medium(state)
    courier = (
        " Vous avez choisi la remise par coursier : soyez présent, muni d'une pièce "
        "d'identité, car le coursier ne remet le support qu'au titulaire."
        if state.answers.get("offer.handover") == "courier"
        else ""
    )
    entry = Entry(
        _uid("delivery", state.cycle.number, owner),
        d.start,
        d.end,
        f"OPALEXE : livraison du support CertEurope ({label})",
        f"CertEurope livre {medium} 3 à 6 semaines après l'envoi du dossier, soit entre le "
        f"{format_date(d.start)} et le {format_date(d.end)}.{courier}\n"
        f"Toujours rien reçu le {format_date(d.end)} ? Contactez le support de CertEurope "
        f"({SUPPORT_EMAIL} pour la carte).\n"
        "À la réception, enregistrez-la avec « opalexe-cert start ».",
        reminder=True,
    )
    return [_done(entry, "le support a été reçu.") if d.state == "met" else entry]


def _renewal(state: State, d: Deadline, owner: str) -> list[Entry]:
    cycle = _cert_cycle(state)
    expiry = cert_expiry(state)
    expiry_text = f"le {format_date(expiry)}" if expiry else "bientôt"
    how = (
        "Lancez « opalexe-cert renew » puis « opalexe-cert start » : l'assistant vous guide. "
        f"La demande se fait sur le portail CertEurope : {PORTAL_URL}"
    )

    def renewal_entry(kind: str, day: dt.date, summary: str, text: str) -> Entry:
        return Entry(
            _uid(kind, cycle, owner), day, day, summary, f"{text}\n{how}", True, PORTAL_URL
        )

    entries = [
        renewal_entry(
            "renewal-start",
            d.start,
            "OPALEXE : commencer le renouvellement du certificat",
            f"Votre certificat OPALEXE expire {expiry_text}. Le guide conseille de commencer la "
            "nouvelle demande 2 à 3 mois avant l'expiration : la procédure prend environ un "
            "mois, plus 3 à 6 semaines de livraison.",
        ),
        renewal_entry(
            "renewal-end",
            d.end,
            "OPALEXE : dernier délai conseillé pour renouveler le certificat",
            f"Votre certificat OPALEXE expire {expiry_text}. Sans nouvelle demande dès "
            "maintenant, le nouveau support risque d'arriver après l'expiration.",
        ),
    ]
    if d.state == "met":
        entries = [_done(e, "la nouvelle demande est commencée.") for e in entries]
    if expiry is not None:
        entries.append(
            renewal_entry(
                "cert-expiry",
                expiry,
                "OPALEXE : expiration du certificat CertEurope",
                "Votre certificat d'accès à OPALEXE expire aujourd'hui : sans nouveau "
                "certificat, vous ne pourrez plus vous connecter à OPALEXE. Si ce n'est pas "
                "déjà fait, renouvelez-le sans attendre.",
            )
        )
    return entries


def _id_validity(state: State, d: Deadline, owner: str) -> list[Entry]:
    return [
        Entry(
            _uid("id-expiry", state.cycle.number, owner),
            d.end,
            d.end,
            "OPALEXE : expiration de votre pièce d'identité",
            "La pièce d'identité dont vous avez envoyé la copie avec le dossier expire "
            "aujourd'hui. Tout dossier CertEurope exige la copie couleur, recto verso, d'une "
            "pièce en cours de validité : pensez à la faire renouveler avant votre prochaine "
            "demande de certificat.",
            reminder=True,
        )
    ]


BUILDERS = {
    "preparation": _preparation,
    "delivery": _delivery,
    "renewal": _renewal,
    "id_validity": _id_validity,
}


def entries(state: State, today: dt.date) -> list[Entry]:
    """Every calendar entry the known deadlines give, in date order."""
    owner = owner_key(state)
    found: list[Entry] = []
    for d in deadlines(state, today):
        found.extend(BUILDERS[d.id](state, d, owner))
    return sorted(found, key=lambda e: (e.start, e.uid))


def to_ics(items: list[Entry], today: dt.date) -> bytes:
    """The entries as an RFC 5545 calendar; DTSTAMP is today at midnight UTC."""
    from icalendar import Alarm, Calendar, Event

    stamp = dt.datetime.combine(today, dt.time(), tzinfo=dt.UTC)
    calendar = Calendar()
    calendar.add("prodid", f"-//opalexe-cert//opalexe-cert {__version__}//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", CALENDAR_NAME)
    for item in items:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", item.start)
        event.add("dtend", item.end + dt.timedelta(days=1))  # exclusive for all-day events
        event.add("summary", item.summary)
        event.add("description", item.description)
        event.add("transp", "TRANSPARENT")
        if item.url:
            event.add("url", item.url)
        if item.reminder:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", item.summary)
            alarm.add("trigger", -REMINDER)
            event.add_component(alarm)
        calendar.add_component(event)
    return bytes(calendar.to_ical())


def export(state: State, today: dt.date) -> tuple[bytes, int]:
    """The calendar file's content and the number of events in it."""
    items = entries(state, today)
    return to_ics(items, today), len(items)
