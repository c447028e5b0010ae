"""``recap.pdf``: the expert's procedure on one A4 page, as the guide's « Récapitulatif et délais
indicatifs » draws it, with the real dates.

Two timelines in vector graphics: the procedure (the 13 steps as points on a dated axis, done,
current or to come, today marked, each deadline a band from its start to its end) and the
certificate's life (its renewal window and last months). A late band is hatched, a band met in
time grey, one to come outlined: the three read apart in black and white. Then the next action,
the certificate in force, the contacts the guide gives and the papers to keep.

``recap_data`` reads the state (pure); ``render_recap`` draws it (reportlab).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from reportlab.lib.colors import Color, black, white
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table

from opalexe_cert.adapters.documents.from_state import compagnie as compagnie_of
from opalexe_cert.adapters.documents.layout import (
    CONTENT_WIDTH,
    FONT,
    FONT_BOLD,
    Metadata,
    Part,
    fr,
    page_template,
    para,
    render,
    styles,
    table_style,
    text,
)
from opalexe_cert.domain import engine, guide, texts
from opalexe_cert.domain.compact import MONTHS_SHORT, SHORT_TITLES
from opalexe_cert.domain.compagnie import Compagnie, de
from opalexe_cert.domain.dates import format_date
from opalexe_cert.domain.deadlines import (
    CERTIFICATE,
    DELIVERY,
    ID_VALIDITY,
    PREPARATION,
    RENEWAL,
    Deadline,
    deadlines,
)
from opalexe_cert.domain.facts import SOURCE_LABELS, cycle_facts, facts_of, in_force
from opalexe_cert.domain.state import State
from opalexe_cert.domain.vocabulary import StepId

FILENAME = "recap.pdf"
TITLE = "Récapitulatif de votre demande de certificat OPALEXE"
SUBJECT = "Les étapes, les échéances et les contacts de la procédure, sur une page"
LIGHT = Color(0.82, 0.82, 0.82)
MID = Color(0.55, 0.55, 0.55)
PROCEDURE_RULES = (PREPARATION, DELIVERY, ID_VALIDITY)
CERTIFICATE_RULES = (RENEWAL, CERTIFICATE)
STATE_WORDS = {"done": "fait", "current": "en cours", "pending": "à venir"}


@dataclass(frozen=True)
class StepPoint:
    number: int
    title: str
    state: str  # "done", "current", "pending"
    date: dt.date | None


@dataclass(frozen=True)
class CertificateLine:
    expiry: dt.date
    issuer: str | None
    source: str
    cycle_started: dt.date | None  # the activation of the cycle that got it, when known


@dataclass(frozen=True)
class RecapData:
    """Everything the page shows, read from the state on ``today``."""

    today: dt.date
    holder: str | None
    cycle: int
    finished_cycles: int
    steps: list[StepPoint]
    deadlines: list[Deadline]
    next_action: str
    certificate: CertificateLine | None
    compagnie: Compagnie
    courier: bool
    payment_reference: str | None
    cycle_start: dt.date | None = None  # the day ``renew`` started this cycle


def started(state: State) -> bool:
    """Whether there is anything to recap: a step done, or a finished cycle."""
    return bool(state.history) or any(v.state == "done" for v in engine.step_views(state))


def recap_data(state: State, today: dt.date) -> RecapData:
    """The page's content for ``state`` on ``today``."""
    views = engine.step_views(state)
    steps = [
        StepPoint(n, texts.title(state, v.step), v.state, v.date)
        for n, v in enumerate(views, start=1)
    ]
    found = deadlines(state, today)
    facts = cycle_facts(state)
    return RecapData(
        today=today,
        holder=state.holder.display_name,
        cycle=state.cycle.number,
        finished_cycles=len(state.history),
        steps=steps,
        deadlines=found,
        next_action=_next_action(state, found),
        certificate=_certificate(state),
        compagnie=compagnie_of(state),
        courier=facts.courier,
        payment_reference=(facts.payment_reference or "").strip() or None,
        cycle_start=state.cycle.started_on,
    )


def _next_action(state: State, found: list[Deadline]) -> str:
    current = engine.current_step(state)
    if current is not None:
        action = texts.render(current.action, state)
        return f"{texts.title(state, current)} : {action[:1].lower()}{action[1:]}"
    renewal = next((d for d in found if d.rule is RENEWAL and d.state != "met"), None)
    if renewal is not None:
        return (
            f"Procédure terminée. Prochaine étape : renouveler le certificat, entre le "
            f"{format_date(renewal.start)} et le {format_date(renewal.end)} "
            "(« opalexe-cert renew »)."
        )
    return "Procédure terminée : votre certificat est activé."


def _certificate(state: State) -> CertificateLine | None:
    found = in_force(state)
    if found is None:
        return None
    expiry, record = found
    source = SOURCE_LABELS[record.source if record else "typed"]
    activated = cycle_facts(state).date(StepId.ACTIVATION)
    if activated is None and state.history:
        activated = facts_of(state.history[-1].answers).date(StepId.ACTIVATION)
    return CertificateLine(expiry, record.issuer if record else None, source, activated)


# --- drawing -----------------------------------------------------------------------------------

LABEL_WIDTH = 45 * mm  # the longest band label, « Envoi du dossier (fait en retard) »
AXIS_LEFT = LABEL_WIDTH
AXIS_WIDTH = CONTENT_WIDTH - LABEL_WIDTH - 4 * mm
ROW = 6.2 * mm


def _hatch(canvas: Any, x: float, y: float, w: float, h: float) -> None:
    """A band hatched with diagonal lines (late): it reads in black and white."""
    canvas.saveState()
    path = canvas.beginPath()
    path.rect(x, y, w, h)
    canvas.clipPath(path, stroke=0, fill=0)
    canvas.setLineWidth(0.7)
    step = 2.2 * mm
    start = x - h
    while start < x + w:
        canvas.line(start, y, start + h, y + h)
        start += step
    canvas.restoreState()
    canvas.setLineWidth(1.2)
    canvas.rect(x, y, w, h, stroke=1, fill=0)


class Timeline(Flowable):  # type: ignore[misc]
    """A dated axis with points (steps) above it and bands (deadlines) under it."""

    def __init__(
        self,
        title: str,
        start: dt.date,
        end: dt.date,
        today: dt.date,
        steps: list[StepPoint],
        bands: list[Deadline],
        ticks: list[tuple[dt.date, str]] | None = None,
    ) -> None:
        super().__init__()
        self.title = title
        self.start, self.end, self.today = start, end, today
        self.steps = steps
        self.bands = bands
        self.ticks = ticks or []
        self.points_height = 14 * mm if steps or ticks else 6 * mm
        self.height = self.points_height + 9 * mm + ROW * len(bands) + 2 * mm
        self.width = CONTENT_WIDTH

    def wrap(self, *_args: float) -> tuple[float, float]:
        return self.width, self.height

    def x(self, day: dt.date) -> float:
        span = max(1, (self.end - self.start).days)
        ratio = min(1.0, max(0.0, (day - self.start).days / span))
        return float(AXIS_LEFT + ratio * AXIS_WIDTH)

    def draw(self) -> None:
        c = self.canv
        axis_y = self.height - self.points_height
        c.setFont(FONT_BOLD, 9)
        c.drawString(0, axis_y - 1 * mm, fr(self.title))
        c.setStrokeColor(black)
        c.setLineWidth(1)
        c.line(AXIS_LEFT, axis_y, AXIS_LEFT + AXIS_WIDTH, axis_y)
        self._months(axis_y)
        self._points(axis_y)
        self._bands(axis_y - 9 * mm)
        self._today(axis_y)
        for day, _label in self.ticks:
            x = self.x(day)
            c.setFillColor(black)
            path = c.beginPath()
            path.moveTo(x, axis_y + 0.5 * mm)
            path.lineTo(x - 1.2 * mm, axis_y + 2.6 * mm)
            path.lineTo(x + 1.2 * mm, axis_y + 2.6 * mm)
            path.close()
            c.drawPath(path, stroke=0, fill=1)
        _staggered(c, [(self.x(day), label) for day, label in self.ticks], axis_y + 3.4 * mm)

    def _months(self, axis_y: float) -> None:
        """A tick at each month (or each year on a long axis), its name under the axis."""
        c = self.canv
        long = (self.end - self.start).days > 600
        day = dt.date(self.start.year, self.start.month, 1)
        last_label = -1e9
        while day <= self.end:
            if day >= self.start and (not long or day.month == 1):
                x = self.x(day)
                c.setLineWidth(0.5)
                c.line(x, axis_y - 1.2 * mm, x, axis_y + 1.2 * mm)
                label = str(day.year) if long else _month_label(day)
                width = c.stringWidth(fr(label), FONT, 6.5)
                fits = x + 0.6 * mm + width <= CONTENT_WIDTH
                # today's line never crosses a label: the label goes left of its tick
                left = x + 0.6 * mm
                if left - 0.5 * mm <= self.x(self.today) <= left + width + 0.5 * mm:
                    left = x - 0.6 * mm - width
                if x - last_label > 12 * mm and fits:
                    c.setFont(FONT, 6.5)
                    c.setFillColor(MID)
                    c.drawString(left, axis_y - 3.6 * mm, fr(label))
                    c.setFillColor(black)
                    last_label = x
            day = dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)

    def _points(self, axis_y: float) -> None:
        """Each step's mark; the numbers of the steps drawn at one place share one label,
        and labels close together alternate between two heights."""
        c = self.canv
        positions = _step_positions(self)
        clusters: list[list[StepPoint]] = []
        for step in sorted(self.steps, key=lambda s: (positions[s.number], s.number)):
            _mark(c, positions[step.number], axis_y, step.state)
            # marks that touch (1.4 mm radius) share one label: two labels would read as one
            if clusters and positions[step.number] - positions[clusters[-1][0].number] < 3 * mm:
                clusters[-1].append(step)
            else:
                clusters.append([step])
        labels = [
            (sum(positions[s.number] for s in cl) / len(cl), _numbers(sorted(s.number for s in cl)))
            for cl in clusters
        ]
        _staggered(c, labels, axis_y + 3.2 * mm)

    def _bands(self, top: float) -> None:
        c = self.canv
        for index, d in enumerate(self.bands):
            y = top - index * ROW
            late = d.state == "overdue" or bool(d.late_days)
            c.setFont(FONT, 7.5)
            c.setFillColor(black)
            c.drawString(0, y + 1.2 * mm, fr(_band_label(d)))
            x0, x1 = self.x(d.start), self.x(d.end)
            w = max(x1 - x0, 1.2 * mm)
            h = ROW - 2.4 * mm
            c.setStrokeColor(black)
            if late:
                _hatch(c, x0, y, w, h)
            elif d.state == "met":
                c.setFillColor(LIGHT)
                c.setLineWidth(0.4)
                c.rect(x0, y, w, h, stroke=1, fill=1)
            else:
                c.setFillColor(white)
                c.setLineWidth(1.2 if d.state == "urgent" else 0.8)
                c.rect(x0, y, w, h, stroke=1, fill=1)
            c.setFillColor(black)

    def _today(self, axis_y: float) -> None:
        c = self.canv
        x = self.x(self.today)
        bottom = axis_y - 9 * mm - ROW * len(self.bands) + 2 * mm
        c.saveState()
        c.setDash(2, 1.5)
        c.setLineWidth(0.9)
        # up to the current step's ring (drawn there, today): never through the steps' labels
        c.line(x, bottom, x, axis_y - 2.3 * mm if self.steps else axis_y + 3 * mm)
        c.restoreState()
        c.setFont(FONT_BOLD, 7)
        label = fr(f"aujourd'hui, {format_date(self.today)}")
        width = c.stringWidth(label, FONT_BOLD, 7)
        left = min(max(x - width / 2, AXIS_LEFT - 8 * mm), AXIS_LEFT + AXIS_WIDTH - width)
        c.drawString(left, bottom - 3 * mm, label)


NUDGE = 7 * mm
"""How far a label may move right of its mark to stay on the lowest row: a label raised above
another that it overlaps reads as belonging to the same mark."""


def _staggered(c: Any, labels: list[tuple[float, str]], y: float) -> None:
    """Labels centred on their x, on the lowest of three rows where they touch no other; on
    the lowest row, a label may move a little right (``NUDGE``) rather than be raised."""
    c.setFont(FONT, 6.5)
    rights = [-1e9, -1e9, -1e9]
    for x, label in sorted(labels):
        width = c.stringWidth(fr(label), FONT, 6.5)
        nudged = max(x, rights[0] + 2.5 * mm + width / 2)  # a gap that reads as one
        if nudged - x <= NUDGE:
            row, x = 0, nudged
        else:
            free = [r for r, right in enumerate(rights) if x - width / 2 > right + 1 * mm]
            row = free[0] if free else rights.index(min(rights))
        rights[row] = x + width / 2
        c.drawCentredString(x, y + row * 2.8 * mm, fr(label))


def _month_label(day: dt.date) -> str:
    """« sept. », « janv. 2027 »: the usual French abbreviations, the year on January."""
    short = MONTHS_SHORT[day.month - 1]
    return f"{short} {day.year}" if day.month == 1 else short


def _numbers(numbers: list[int]) -> str:
    if len(numbers) > 2 and numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"{numbers[0]}–{numbers[-1]}"
    return ", ".join(str(n) for n in numbers)


def _mark(c: Any, x: float, y: float, state: str) -> None:
    """Done: a filled point; current: a point in a ring; to come: a hollow point."""
    c.setStrokeColor(black)
    c.setLineWidth(0.9)
    if state == "done":
        c.setFillColor(black)
        c.circle(x, y, 1.4 * mm, stroke=1, fill=1)
    elif state == "current":
        c.setFillColor(white)
        c.circle(x, y, 2.3 * mm, stroke=1, fill=1)
        c.setFillColor(black)
        c.circle(x, y, 1.0 * mm, stroke=0, fill=1)
    else:
        c.setFillColor(white)
        c.circle(x, y, 1.4 * mm, stroke=1, fill=1)
    c.setFillColor(black)


def _step_positions(timeline: Timeline) -> dict[int, float]:
    """Done steps at their dates, the current one today, those to come spread after it."""
    positions: dict[int, float] = {}
    first = timeline.x(timeline.start)
    pending = [s for s in timeline.steps if s.state == "pending"]
    today = timeline.x(timeline.today)
    for s in timeline.steps:
        if s.state == "done":
            positions[s.number] = timeline.x(s.date) if s.date else first
        elif s.state == "current":
            positions[s.number] = today
    right = AXIS_LEFT + AXIS_WIDTH
    gap = (right - today) / (len(pending) + 1) if pending else 0
    gap = max(gap, 3.5 * mm)
    for index, s in enumerate(pending, start=1):
        positions[s.number] = min(right, today + index * gap)
    return positions


def _band_label(d: Deadline) -> str:
    if d.state == "met":
        suffix = " (fait en retard)" if d.late_days else " (fait à temps)"
    else:
        suffix = " (en retard)" if d.state == "overdue" else ""
    return SHORT_TITLES.get(d.id, d.title) + suffix


def _procedure_range(data: RecapData, bands: list[Deadline]) -> tuple[dt.date, dt.date]:
    since = data.cycle_start or dt.date.min  # steps kept from the last cycle: at the start
    days = [s.date for s in data.steps if s.date and s.date >= since] + [data.today]
    days += [d.start for d in bands] + [d.end for d in bands]
    start, end = min(days), max(days)
    pending = sum(1 for s in data.steps if s.state != "done")
    end = max(end, data.today + dt.timedelta(weeks=max(2, pending)))
    margin = dt.timedelta(days=max(3, (end - start).days // 20))
    return start - margin, end + margin


def _legend() -> Flowable:
    class Legend(Flowable):  # type: ignore[misc]
        def wrap(self, *_args: float) -> tuple[float, float]:
            return CONTENT_WIDTH, 7 * mm

        def draw(self) -> None:
            c = self.canv
            y = 3.5 * mm
            x = 0.0
            c.setFont(FONT, 7)
            for state, word in (("done", "fait"), ("current", "en cours"), ("pending", "à venir")):
                _mark(c, x + 2.5 * mm, y, state)
                c.drawString(x + 6.5 * mm, y - 1 * mm, fr(word))
                x += 6.5 * mm + c.stringWidth(fr(word), FONT, 7) + 6 * mm
            h = 3.2 * mm
            for kind, word in (
                ("late", "délai dépassé"),
                ("met", "délai respecté"),
                ("open", "délai à venir ou en cours"),
            ):
                if kind == "late":
                    _hatch(c, x, y - h / 2, 8 * mm, h)
                else:
                    c.setFillColor(LIGHT if kind == "met" else white)
                    c.setLineWidth(0.6)
                    c.rect(x, y - h / 2, 8 * mm, h, stroke=1, fill=1)
                    c.setFillColor(black)
                c.drawString(x + 10 * mm, y - 1 * mm, fr(word))
                x += 10 * mm + c.stringWidth(fr(word), FONT, 7) + 6 * mm

    return Legend()


def _story(data: RecapData) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = [para(text(TITLE), s.title)]
    who = data.holder or "(identité à compléter)"
    cycle = f"demande n° {data.cycle}" if data.finished_cycles else "première demande"
    story.append(
        para(
            text(f"{who} — {cycle}, situation au {format_date(data.today)}"),
            s.centered,
        )
    )
    story.append(Spacer(1, 3 * mm))
    procedure = [
        d
        for d in data.deadlines
        if d.rule in PROCEDURE_RULES
        and (d.rule is not ID_VALIDITY or d.state in ("urgent", "overdue"))  # far: not drawn
    ]
    start, end = _procedure_range(data, procedure)
    shown = [d for d in procedure if d.end >= start and d.start <= end]
    story.append(Timeline("La procédure", start, end, data.today, data.steps, shown))
    story.append(_legend())
    story.append(_steps_table(data))
    story.append(Spacer(1, 2 * mm))
    story += _certificate_part(data)
    story += _texts(data)
    return story


def _steps_table(data: RecapData) -> Flowable:
    s = styles()
    cells = []
    for step in data.steps:
        word = STATE_WORDS[step.state]
        when = f"{word} le {format_date(step.date)}" if step.state == "done" and step.date else word
        markup = f"<b>{step.number}.</b> {text(step.title)} — <i>{text(when)}</i>"
        cells.append(para(markup, s.small))
    half = (len(cells) + 1) // 2
    rows = [[cells[i], cells[i + half] if i + half < len(cells) else ""] for i in range(half)]
    table = Table(rows, colWidths=[CONTENT_WIDTH / 2] * 2)
    table.setStyle(table_style(("VALIGN", (0, 0), (-1, -1), "TOP")))
    return table


def _certificate_part(data: RecapData) -> list[Flowable]:
    cert = data.certificate
    if cert is None:
        return []
    bands = [d for d in data.deadlines if d.rule in CERTIFICATE_RULES]
    begin = cert.cycle_started or min([data.today, *(d.start for d in bands)])
    begin = min(begin, data.today)
    end = max(cert.expiry, data.today) + dt.timedelta(days=45)
    from opalexe_cert.domain.reminders import DEFAULT_ALARMS

    ticks = [
        (cert.expiry - dt.timedelta(days=a), f"J-{a}")
        for a in DEFAULT_ALARMS
        if cert.expiry - dt.timedelta(days=a) >= begin
    ]
    ticks.append((cert.expiry, "expiration"))
    return [Timeline("Le certificat", begin, end, data.today, [], bands, ticks)]


def _texts(data: RecapData) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = [
        para("Prochaine action", s.heading),
        para(text(data.next_action), s.body),
    ]
    story.append(para("Certificat en vigueur", s.heading))
    cert = data.certificate
    if cert is None:
        story.append(para(text("Pas encore de certificat activé."), s.body))
    else:
        issuer = f"Émis par {cert.issuer}, il" if cert.issuer else "Il"
        story.append(
            para(
                text(f"{issuer} expire le {format_date(cert.expiry)} ({cert.source})."),
                s.body,
            )
        )
    c = data.compagnie
    story.append(para("Contacts", s.heading))
    address = c.address.one_line()
    story.append(
        para(
            f"• {text(c.the_president[0].upper() + c.the_president[1:])} {text(de(c.name))} : "
            f"{text(c.president_civility)} {text(c.president_name)}, {text(address)}.",
            s.small,
        )
    )
    story.append(para(f"• Portail CertEurope : {text(guide.PORTAL_URL)}", s.small))
    story.append(
        para(
            f"• Support de CertEurope (aide, Trusted Key Manager) : {text(guide.SUPPORT_URL)}",
            s.small,
        )
    )
    story.append(para("Papiers à conserver", s.heading))
    reference = f", commande {data.payment_reference}" if data.payment_reference else ""
    for item in (
        f"La facture de CertEurope, reçue par courriel après le paiement{reference}.",
        "Une copie du procès-verbal de remise du support, signé.",
        "Le courriel de CertEurope qui donne le code d'activation du certificat.",
    ):
        story.append(para(text(f"• {item}"), s.small))
    return story


def render_recap(data: RecapData) -> bytes:
    """The one-page recap as PDF bytes."""
    buffer = io.BytesIO()
    part = Part([page_template("recap")], _story(data))
    author = data.holder or "opalexe-cert"
    render([part], Metadata(TITLE, author, SUBJECT, data.today), buffer)
    return buffer.getvalue()
