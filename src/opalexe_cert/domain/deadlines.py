"""The deadlines of the guide, computed from the state and today's date.

Each deadline is one ``Rule`` of ``DEADLINES``, and a rule carries everything its readers
need: its window, when it was met, its state on a day, the advice for each state, the command
to suggest, what the wizard says while the expert waits, and its calendar events. ``status``,
``status --json``, the wizard and the calendar export read rules only through ``Deadline``:
adding a deadline is adding a rule here. A deadline whose start is not known yet (its step is
not done) is not listed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from opalexe_cert.domain import guide
from opalexe_cert.domain.dates import format_date
from opalexe_cert.domain.facts import (
    CertificateInForce,
    CycleFacts,
    certificate_in_force,
    cycle_facts,
    previous_certificate,
)
from opalexe_cert.domain.state import State
from opalexe_cert.domain.typography import days
from opalexe_cert.domain.vocabulary import Medium, StepId

DeadlineState = Literal["upcoming", "open", "urgent", "overdue", "met"]
Window = tuple[dt.date, dt.date]
REMINDER = dt.timedelta(weeks=1)
"""The default reminder of a calendar event: one week before it."""
RENEW_COMMAND = "opalexe-cert renew (commencer le renouvellement du certificat)"


@dataclass(frozen=True)
class CalendarEvent:
    """One all-day calendar event of a deadline, from ``start`` to ``end`` inclusive.

    ``key`` names the event within its deadline (it goes into the UID); ``cycle`` is the cycle
    the event belongs to when it is not the current one (the certificate of a finished cycle);
    ``reminders`` are offsets before ``start``.
    """

    key: str
    start: dt.date
    end: dt.date
    summary: str
    description: str
    url: str | None = None
    reminders: tuple[dt.timedelta, ...] = (REMINDER,)
    cycle: int | None = None
    done: bool | None = None  # None: done once its deadline is met
    moot: str = ""
    """Why the event stopped mattering without being done (« dossier envoyé »): the calendar
    then says « sans objet », never « fait »."""

    def is_done(self, deadline: Deadline) -> bool:
        """Whether the event is a task already done (kept, marked, without reminders)."""
        return deadline.state == "met" if self.done is None else self.done


Advice = str | Callable[["Context"], str]


@dataclass(frozen=True)
class Context:
    """What a rule reads: the state, its current cycle's facts, and today."""

    state: State
    facts: CycleFacts
    today: dt.date


@dataclass(frozen=True)
class Rule:
    """One deadline: how to compute it, and what each reader says about it.

    - ``window``: its start and end, or ``None`` while its start is unknown;
    - ``met_on``: the day it was met, or ``None`` while it is not (``met_undated``: met, on a
      day not recorded, as in a renewal started before that day was kept);
    - ``judge``: its state on ``today`` when it is not met;
    - ``advice``: a sentence per state (text, or built from the context);
    - ``commands``: the command ``status`` suggests, per state;
    - ``renewal_due``: the states in which the certificate should be renewed now;
    - ``steps`` and ``waiting``: the steps during which the wizard says when (``waiting``);
    - ``on_active``: what the wizard says once the certificate is active;
    - ``events``: its calendar events; ``done_note``: what a met event says was done.
    """

    id: str
    title: str
    window: Callable[[Context], Window | None]
    judge: Callable[[Context, Window], DeadlineState]
    advice: Mapping[DeadlineState, Advice]
    met_on: Callable[[Context, Window], dt.date | None] = lambda _c, _w: None
    met_undated: Callable[[Context], bool] = lambda _c: False
    commands: Mapping[DeadlineState, str] = field(default_factory=dict)
    renewal_due: frozenset[DeadlineState] = frozenset()
    steps: tuple[StepId, ...] = ()
    waiting: Callable[[Deadline], str] | None = None
    on_active: Callable[[Deadline], str] | None = None
    events: Callable[[Context, Deadline], list[CalendarEvent]] = lambda _c, _d: []
    done_note: str = ""
    masculine: bool = False  # the title's gender, for the state words (« terminé(e) »)
    started_on: Callable[[Context], dt.date | None] = lambda _c: None
    """The day the work it asks for began, while it is not met yet (a renewal under way)."""
    started_advice: Callable[[dt.date], str] | None = None
    """The advice once begun, in place of the state's."""
    title_for: Callable[[Context], str] | None = None
    """The title, when it depends on the cycle (the courier's ID); else ``title``."""
    moot: Callable[[CycleFacts], str] | None = None
    """Why, once met, it stopped mattering rather than was done (« dossier envoyé »): then
    never « terminée », but « sans objet »."""


@dataclass(frozen=True)
class Deadline:
    """A window of dates, with its state today and the advice that goes with it.

    A met deadline also gives ``met_on`` and ``late_days`` (0 when met in time).
    """

    id: str
    title: str
    start: dt.date
    end: dt.date
    state: DeadlineState
    advice: str
    rule: Rule
    met_on: dt.date | None = None
    late_days: int | None = None
    started_on: dt.date | None = None
    why_moot: str = ""  # met by no longer mattering (``Rule.moot``)

    @property
    def command(self) -> str | None:
        """The command to suggest in this state, if any (none once the work has begun)."""
        return None if self.started_on else self.rule.commands.get(self.state)

    @property
    def calls_for_renewal(self) -> bool:
        """Whether this deadline says the certificate should be renewed now."""
        return self.started_on is None and self.state in self.rule.renewal_due

    @property
    def begun(self) -> str:
        """« commencé le 10 janvier 2027 » while the work is under way, else empty."""
        if self.started_on is None or self.state == "met":
            return ""
        word = "commencé" if self.rule.masculine else "commencée"
        return f"{word} le {format_date(self.started_on)}"

    @property
    def done(self) -> str:
        """« terminé » or « terminée », agreed with the title (« Certificat en vigueur »)."""
        return "terminé" if self.rule.masculine else "terminée"

    @property
    def outcome(self) -> str:
        """« terminée le 16 septembre 2026, avec 1 jour de retard » (met deadlines only)."""
        if self.state != "met":
            return ""
        if self.why_moot:
            when = f" depuis le {format_date(self.met_on)}" if self.met_on else ""
            return f"sans objet{when} ({self.why_moot})"
        if self.met_on is None:
            return self.done
        text = f"{self.done} le {format_date(self.met_on)}"
        if self.late_days:
            text += f", avec {days(self.late_days)} de retard"
        return text


def _late(met_on: dt.date | None, end: dt.date) -> int | None:
    return None if met_on is None else max(0, (met_on - end).days)


# --- preparation: account.date -> one month later ----------------------------------------------


def _preparation_window(c: Context) -> Window | None:
    start = c.facts.date(StepId.ACCOUNT)
    return (start, guide.preparation_end(start)) if start else None


def _preparation_judge(c: Context, w: Window) -> DeadlineState:
    return "open" if c.today <= w[1] else "overdue"


def _preparation_events(c: Context, d: Deadline) -> list[CalendarEvent]:
    return [
        CalendarEvent(
            "preparation",
            d.end,
            d.end,
            "OPALEXE : envoyer le dossier complet à CertEurope",
            f"Le guide compte environ {guide.PREPARATION.text} entre votre connexion au portail "
            f"CertEurope (le {format_date(d.start)}) et l'envoi du dossier complet à CertEurope, "
            "par courrier : l'attestation d'appartenance signée par la présidence de votre "
            "compagnie, la copie couleur recto verso d'une pièce d'identité en cours de "
            "validité, et les documents reçus de CertEurope.\n"
            "Lancez « opalexe-cert start » pour reprendre là où vous en êtes.",
        )
    ]


def _preparation_waiting(d: Deadline) -> str:
    late = " (délai dépassé)" if d.state == "overdue" else ""
    return (
        "Objectif : envoyer le dossier complet à CertEurope d'ici le "
        f"{format_date(d.end)}, environ {guide.PREPARATION.text} après votre connexion au "
        f"portail{late}."
    )


PREPARATION = Rule(
    "preparation",
    "Préparation du dossier",
    _preparation_window,
    _preparation_judge,
    {
        "open": f"Environ {guide.PREPARATION.text} pour envoyer le dossier complet à CertEurope.",
        "overdue": "Le dossier aurait dû partir chez CertEurope : reprenez avec "
        "« opalexe-cert start ».",
        "met": "Dossier envoyé à CertEurope.",
    },
    met_on=lambda c, _w: c.facts.date(StepId.CERTEUROPE_MAIL),
    steps=(
        StepId.ACCOUNT,
        StepId.ORDER_FORM,
        StepId.PAYMENT,
        StepId.ORDER_EMAIL,
        StepId.PRESIDENT_MAIL,
        StepId.PRESIDENT_RETURN,
        StepId.CERTEUROPE_MAIL,
    ),
    waiting=_preparation_waiting,
    events=_preparation_events,
    done_note="le dossier est parti chez CertEurope.",
)


# --- delivery: certeurope_mail.date + 3 weeks -> + 6 weeks -------------------------------------


def _delivery_window(c: Context) -> Window | None:
    sent = c.facts.date(StepId.CERTEUROPE_MAIL)
    return guide.delivery_window(sent) if sent else None


def _delivery_judge(c: Context, w: Window) -> DeadlineState:
    if c.today < w[0]:
        return "upcoming"
    return "open" if c.today <= w[1] else "overdue"


def _medium(facts: CycleFacts) -> tuple[str, str]:
    """What CertEurope sends: a short label for titles, and the phrase for sentences (the card
    while the medium is not chosen)."""
    words = (facts.medium or Medium.CARD).words
    return words.calendar_title, words.calendar_phrase


_SUPPORT_ADVICE = f"contactez le support de CertEurope : {guide.SUPPORT_URL}"


def _delivery_events(c: Context, d: Deadline) -> list[CalendarEvent]:
    label, medium = _medium(c.facts)
    woman = c.state.holder.civility == "Mme"
    present, provided = ("présente", "munie") if woman else ("présent", "muni")
    courier = (
        f" Vous avez choisi la remise par coursier : soyez {present}, {provided} d'une pièce "
        "d'identité, car le coursier ne remet le support qu'au titulaire."
        if c.facts.courier
        else ""
    )
    return [
        CalendarEvent(
            "delivery",
            d.start,
            d.end,
            f"OPALEXE : livraison du support CertEurope ({label})",
            f"CertEurope livre {medium} {guide.DELIVERY.text} après l'envoi du dossier, soit "
            f"entre le {format_date(d.start)} et le {format_date(d.end)}.{courier}\n"
            f"Toujours rien reçu le {format_date(d.end)} ? {_SUPPORT_ADVICE[0].upper()}"
            f"{_SUPPORT_ADVICE[1:]}\n"
            "À la réception, enregistrez-la avec « opalexe-cert start ».",
        )
    ]


def _delivery_waiting(d: Deadline) -> str:
    text = (
        f"Livraison attendue entre le {format_date(d.start)} et le {format_date(d.end)} "
        f"({guide.DELIVERY.text} après l'envoi du dossier)."
    )
    return f"{text} {d.advice}" if d.state == "overdue" else text


DELIVERY = Rule(
    "delivery",
    "Livraison du support",
    _delivery_window,
    _delivery_judge,
    {
        "upcoming": f"Livraison attendue {guide.DELIVERY.text} après l'envoi du dossier.",
        "open": f"La livraison peut arriver à tout moment ({guide.DELIVERY.text} après l'envoi).",
        "overdue": f"Toujours rien reçu ? {_SUPPORT_ADVICE[0].upper()}{_SUPPORT_ADVICE[1:]}",
        "met": "Support reçu.",
    },
    met_on=lambda c, _w: c.facts.date(StepId.DELIVERY),
    steps=(StepId.DELIVERY,),
    waiting=_delivery_waiting,
    events=_delivery_events,
    done_note="le support a été reçu.",
)


# --- renewal: expiry - 3 months -> - 2 months ---------------------------------------------------


def _renewed(c: Context) -> CertificateInForce | None:
    """The certificate this deadline renews: the one in force."""
    return certificate_in_force(c.state)


def _renewal_window(c: Context) -> Window | None:
    cert = _renewed(c)
    return guide.renewal_window(cert.expiry) if cert else None


def _renewing(c: Context) -> bool:
    """A new cycle has started, and its certificate is not there yet."""
    return c.facts.cert_expiry is None and bool(c.state.history)


def _renewal_started_on(c: Context) -> dt.date | None:
    """The day a renewal under way began: the day ``renew`` ran (or the portal log-in, for a
    renewal started before that day was kept; the day the previous certificate was
    activated, when neither is known). A renewal is met only once the new certificate is
    activated: the deadline then follows that certificate."""
    if not _renewing(c):
        return None
    last = c.state.history[-1]
    return c.facts.started_on or c.facts.date(StepId.ACCOUNT) or last.completed_on or c.today


def _renewal_judge(c: Context, w: Window) -> DeadlineState:
    cert = _renewed(c)
    if _renewing(c):
        return "open"  # under way: neither to come nor late, until the new one is activated
    if c.today < w[0]:
        return "upcoming"
    if c.today <= w[1]:
        return "open"
    return "urgent" if cert is None or c.today <= cert.expiry else "overdue"


def _renewal_events(c: Context, d: Deadline) -> list[CalendarEvent]:
    cert = _renewed(c)
    expiry_text = f"le {format_date(cert.expiry)}" if cert else "bientôt"
    cycle = cert.cycle if cert else None
    started = d.started_on is not None or None  # begun: the events ask nothing more
    how = (
        "Lancez « opalexe-cert renew » puis « opalexe-cert start » : l'assistant vous guide. "
        f"La demande se fait sur le portail CertEurope : {guide.PORTAL_URL}"
    )
    return [
        CalendarEvent(
            "renewal-start",
            d.start,
            d.start,
            "OPALEXE : commencer le renouvellement du certificat",
            f"Votre certificat OPALEXE expire {expiry_text}. Le guide conseille de commencer la "
            f"nouvelle demande {guide.RENEWAL.text} avant l'expiration : la procédure prend "
            f"{guide.WHOLE_PROCEDURE} de livraison.\n{how}",
            guide.PORTAL_URL,
            cycle=cycle,
            done=started,
        ),
        CalendarEvent(
            "renewal-end",
            d.end,
            d.end,
            "OPALEXE : dernier délai conseillé pour renouveler le certificat",
            f"Votre certificat OPALEXE expire {expiry_text}. Sans nouvelle demande dès "
            f"maintenant, le nouveau support risque d'arriver après l'expiration.\n{how}",
            guide.PORTAL_URL,
            cycle=cycle,
            done=started,
        ),
    ]


def _renewal_on_active(d: Deadline) -> str:
    return (
        f"Renouvellement : commencez la nouvelle demande entre le {format_date(d.start)} "
        f"et le {format_date(d.end)}, {guide.RENEWAL.text} avant l'expiration."
    )


RENEWAL = Rule(
    "renewal",
    "Renouvellement du certificat",
    _renewal_window,
    _renewal_judge,
    {
        "upcoming": f"À commencer {guide.RENEWAL.text} avant l'expiration du certificat.",
        "open": "C'est le moment de renouveler : lancez « opalexe-cert renew ».",
        "urgent": "Renouvelez sans attendre : le certificat expire bientôt.",
        "overdue": "Le certificat a expiré : lancez une nouvelle demande avec "
        "« opalexe-cert renew ».",
        "met": "Nouveau certificat activé.",
    },
    started_on=_renewal_started_on,
    started_advice=lambda day: (
        f"Nouvelle demande commencée le {format_date(day)} ; le renouvellement sera terminé "
        "à l'activation du nouveau certificat."
    ),
    commands={state: RENEW_COMMAND for state in ("open", "urgent", "overdue")},
    renewal_due=frozenset({"open", "urgent", "overdue"}),
    on_active=_renewal_on_active,
    events=_renewal_events,
    done_note="la nouvelle demande est commencée.",
    masculine=True,
)


# --- id_validity: id_expiry - 3 months -> id_expiry ---------------------------------------------


def _id_window(c: Context) -> Window | None:
    expiry = c.facts.id_expiry
    return guide.id_window(expiry) if expiry else None


def _id_met_on(c: Context, w: Window) -> dt.date | None:
    """The ID has done its job once it reached whoever checks it, before it expired.

    With the President, once the dossier left for CertEurope; with the courier, once the
    courier has seen it, at delivery.
    """
    used = c.facts.date(StepId.DELIVERY if c.facts.courier else StepId.CERTEUROPE_MAIL)
    return used if used is not None and used <= w[1] else None


def _id_judge(c: Context, w: Window) -> DeadlineState:
    """The guide's one rule for the ID (``guide.id_validity``), on today."""
    assert c.facts.id_expiry is not None  # the window exists
    states: dict[guide.IdValidity, DeadlineState] = {
        guide.IdValidity.VALID: "upcoming",
        guide.IdValidity.EXPIRES_SOON: "urgent",
        guide.IdValidity.EXPIRED: "overdue",
    }
    return states[guide.id_validity(c.facts.id_expiry, c.today)]


def _id_met_advice(c: Context) -> str:
    done = "Support reçu" if c.facts.courier else "Dossier envoyé à CertEurope"
    return f"{done} : la validité de la pièce d'identité n'a plus d'importance pour cette demande."


def _id_moot(facts: CycleFacts) -> str:
    """What made the ID's validity stop mattering for this request."""
    return "support reçu" if facts.courier else "dossier envoyé"


def _id_events(c: Context, d: Deadline) -> list[CalendarEvent]:
    moot = d.why_moot
    return [
        CalendarEvent(
            "id-renew",
            d.start,
            d.start,
            "OPALEXE : faites renouveler votre pièce d'identité",
            f"La pièce d'identité dont vous avez envoyé la copie expire le {format_date(d.end)}, "
            f"dans {guide.ID_MARGIN.text}. Tout dossier CertEurope exige la copie couleur, recto "
            "verso, d'une pièce en cours de validité : c'est le moment d'en demander le "
            "renouvellement, qui prend plusieurs semaines.",
            reminders=(dt.timedelta(0),),
            moot=moot,
        ),
        CalendarEvent(
            "id-expiry",
            d.end,
            d.end,
            "OPALEXE : expiration de votre pièce d'identité",
            "La pièce d'identité dont vous avez envoyé la copie avec le dossier expire "
            "aujourd'hui. Tout dossier CertEurope exige la copie couleur, recto verso, d'une "
            "pièce en cours de validité : pensez à la faire renouveler avant votre prochaine "
            "demande de certificat.",
            moot=moot,
        ),
    ]


def _at_delivery(c: Context) -> bool:
    """Courier option, dossier sent: the ID that matters now is the one shown at delivery."""
    return c.facts.courier and c.facts.date(StepId.CERTEUROPE_MAIL) is not None


_COURIER_ID = (
    "présentez au livreur une pièce d'identité en cours de validité, ou, à défaut, "
    f"{_SUPPORT_ADVICE}"
)


def _id_urgent_advice(c: Context) -> str:
    if _at_delivery(c):
        return f"La pièce d'identité expire bientôt. À la livraison, {_COURIER_ID}."
    return "La pièce d'identité expire bientôt : le dossier exige une pièce en cours de validité."


def _id_overdue_advice(c: Context) -> str:
    if _at_delivery(c):
        return f"La pièce d'identité enregistrée a expiré. À la livraison, {_COURIER_ID}."
    if c.facts.courier:
        return (
            "La pièce d'identité a expiré : joignez au dossier la copie d'une pièce valide, "
            "celle que vous présenterez au livreur."
        )
    return "La pièce d'identité a expiré : envoyez la copie d'une pièce valide."


def delivery_id_warning(state: State, step_id: StepId, today: dt.date) -> str | None:
    """At the delivery step, courier option: the recorded ID has expired (``None`` at any
    other step, or while it is valid)."""
    facts = cycle_facts(state)
    expiry = facts.id_expiry
    if step_id is not StepId.DELIVERY or not facts.courier or expiry is None or expiry >= today:
        return None
    return (
        f"La pièce d'identité enregistrée a expiré le {format_date(expiry)}. Le livreur ne "
        f"remet le support qu'au vu d'une pièce en cours de validité, donc {_COURIER_ID}."
    )


ID_VALIDITY = Rule(
    "id_validity",
    "Validité de la pièce d'identité envoyée",
    _id_window,
    _id_judge,
    {
        "upcoming": "Pièce d'identité valide.",
        "urgent": _id_urgent_advice,
        "overdue": _id_overdue_advice,
        "met": _id_met_advice,
    },
    moot=_id_moot,
    title_for=lambda c: (
        "Validité de la pièce d'identité à présenter au livreur"
        if c.facts.courier
        else "Validité de la pièce d'identité envoyée"
    ),
    met_on=_id_met_on,
    events=_id_events,
    done_note="la validité de la pièce d'identité n'a plus d'importance pour cette demande.",
)


# --- certificate: the certificate in force, expiry - 2 months -> expiry --------------------------


def _watched(c: Context) -> CertificateInForce | None:
    """The certificate in force when this cycle began (this cycle's own in the first one)."""
    if c.state.history:
        return previous_certificate(c.state)
    return certificate_in_force(c.state) if c.facts.date(StepId.ACTIVATION) else None


def _certificate_window(c: Context) -> Window | None:
    cert = _watched(c)
    return guide.certificate_window(cert.expiry) if cert else None


def _certificate_met_on(c: Context, _w: Window) -> dt.date | None:
    """Met once a newer cycle's activation is done."""
    return c.facts.date(StepId.ACTIVATION) if c.state.history else None


def _certificate_judge(c: Context, w: Window) -> DeadlineState:
    if c.today < w[0]:
        return "upcoming"
    return "urgent" if c.today <= w[1] else "overdue"


def _certificate_events(c: Context, d: Deadline) -> list[CalendarEvent]:
    """The watched certificate's expiry; once a newer one is activated, its expiry too (the
    deadline then follows the old one until the next renewal)."""
    watched, current = _watched(c), certificate_in_force(c.state)
    events = [_expiry_event(d.end, watched.cycle if watched else None)]
    if current is not None and watched is not None and current.cycle != watched.cycle:
        events.append(_expiry_event(current.expiry, current.cycle, done=False))
    return events


def _expiry_event(expiry: dt.date, cycle: int | None, done: bool | None = None) -> CalendarEvent:
    return CalendarEvent(
        "cert-expiry",
        expiry,
        expiry,
        "OPALEXE : expiration du certificat CertEurope",
        "Votre certificat d'accès à OPALEXE expire aujourd'hui : sans nouveau "
        "certificat, vous ne pourrez plus vous connecter à OPALEXE. Si ce n'est pas "
        "déjà fait, renouvelez-le sans attendre.\n"
        "Lancez « opalexe-cert renew » puis « opalexe-cert start » : l'assistant vous guide. "
        f"La demande se fait sur le portail CertEurope : {guide.PORTAL_URL}",
        guide.PORTAL_URL,
        cycle=cycle,
        done=done,
    )


CERTIFICATE = Rule(
    "certificate",
    "Certificat en vigueur",
    _certificate_window,
    _certificate_judge,
    {
        "upcoming": "Certificat valide.",
        "urgent": "Le certificat expire bientôt : sans nouveau certificat activé avant cette "
        "date, vous ne pourrez plus vous connecter à OPALEXE.",
        "overdue": "Le certificat a expiré : OPALEXE ne vous est plus accessible tant qu'un "
        "nouveau certificat n'est pas activé.",
        "met": "Nouveau certificat activé.",
    },
    met_on=_certificate_met_on,
    events=_certificate_events,
    done_note="un nouveau certificat est activé.",
    masculine=True,
)


DEADLINES: list[Rule] = [PREPARATION, DELIVERY, RENEWAL, ID_VALIDITY, CERTIFICATE]
"""Every deadline, in the order ``status`` lists them (a list: tests may add one)."""


def context(state: State, today: dt.date) -> Context:
    """What the rules read for ``state`` on ``today``."""
    return Context(state, cycle_facts(state), today)


def deadlines(state: State, today: dt.date) -> list[Deadline]:
    """Every deadline whose start is known, with its state on ``today``."""
    c = context(state, today)
    result = []
    for rule in DEADLINES:
        window = rule.window(c)
        if window is None:
            continue
        met_on = rule.met_on(c, window)
        met = met_on is not None or rule.met_undated(c)
        kind: DeadlineState = "met" if met else rule.judge(c, window)
        started_on = None if met else rule.started_on(c)
        advice = rule.advice.get(kind, "")
        text = advice if isinstance(advice, str) else advice(c)
        if started_on is not None and rule.started_advice is not None:
            text = rule.started_advice(started_on)
        result.append(
            Deadline(
                rule.id,
                rule.title_for(c) if rule.title_for else rule.title,
                window[0],
                window[1],
                kind,
                text,
                rule,
                met_on,
                _late(met_on, window[1]) if kind == "met" else None,
                started_on,
                rule.moot(c.facts) if kind == "met" and rule.moot else "",
            )
        )
    return result


def calendar_events(state: State, today: dt.date) -> list[tuple[Deadline, CalendarEvent]]:
    """Every calendar event of the known deadlines, with the deadline it comes from."""
    c = context(state, today)
    return [(d, e) for d in deadlines(state, today) for e in d.rule.events(c, d)]


def opened_by(state: State, step_id: StepId, today: dt.date) -> list[Deadline]:
    """The deadlines that exist only because ``step_id`` is answered (to announce them).

    A deadline already past (``overdue``) or already met is not announced as new.
    """
    prefix = f"{step_id}."
    without = {k: v for k, v in state.answers.items() if not k.startswith(prefix)}
    before = state.model_copy(update={"cycle": state.cycle.model_copy(update={"answers": without})})
    known = {d.id for d in deadlines(before, today)}
    return [
        d
        for d in deadlines(state, today)
        if d.id not in known and d.state not in ("overdue", "met")
    ]


def renewal_due(state: State, today: dt.date) -> bool:
    """Whether a deadline says the certificate in force should be renewed now."""
    return any(d.calls_for_renewal for d in deadlines(state, today))


def renewal_window(state: State) -> Window | None:
    """When to start renewing the certificate in force."""
    cert = certificate_in_force(state)
    return guide.renewal_window(cert.expiry) if cert else None


def cert_expiry(state: State) -> dt.date | None:
    """The expiry of the certificate in force: this cycle's, or the last finished one's."""
    cert = certificate_in_force(state)
    return cert.expiry if cert else None
