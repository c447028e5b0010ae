"""``opalexe-cert status``: where the expert stands, the next action, every deadline."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING

from opalexe_cert import engine
from opalexe_cert.clock import today as clock_today
from opalexe_cert.dates import format_date
from opalexe_cert.deadlines import Deadline, deadlines
from opalexe_cert.procedure import FIELDS, step
from opalexe_cert.report import status_data
from opalexe_cert.state import State
from opalexe_cert.store import load

if TYPE_CHECKING:
    from rich.table import Table

DEADLINE_STYLES = {
    "upcoming": ("à venir", "dim"),
    "open": ("en cours", "cyan"),
    "urgent": ("URGENT", "bold yellow"),
    "overdue": ("EN RETARD", "bold red"),
    "met": ("respectée", "green"),
}
STEP_MARKS = {"done": ("✔", "green"), "current": ("▶", "bold cyan"), "pending": ("·", "dim")}
DURATION = (
    "Comptez environ 1 mois jusqu'à l'envoi du dossier à CertEurope, puis 3 à 6 semaines "
    "pour recevoir votre support."
)


def show(path: Path, *, json_output: bool) -> None:
    """Print the status, as JSON for scripts or as a French report for the expert."""
    state = load(path)
    today = clock_today()
    if json_output:
        print(json.dumps(status_data(state, today), ensure_ascii=False, indent=2))
        return
    _render(state, today)


def _render(state: State, today: dt.date) -> None:
    from rich.table import Table

    from opalexe_cert.output import console

    out = console()
    out.print(f"[bold]opalexe-cert[/] — où en êtes-vous ? (nous sommes le {format_date(today)})")
    _render_holder(state)

    steps = Table(title="Étapes", title_justify="left", show_header=False, box=None)
    for number, view in enumerate(engine.step_views(state), start=1):
        mark, style = STEP_MARKS[view.state]
        when = format_date(view.date) if view.date else ""
        if view.state == "current":
            when = "[bold cyan]en cours[/]"
        steps.add_row(f"[{style}]{mark}[/]", f"{number:>2}. {view.step.title}", when)
    out.print(steps)

    current = engine.current_step(state)
    if current is None:
        out.print("[bold green]Procédure terminée : votre certificat est activé.[/]")
    else:
        out.print(f"[bold]Prochaine action :[/] {engine.render(current.action, state)}")
        out.print("Pour continuer, lancez : [bold]opalexe-cert start[/]")
        if not engine.is_done(state, step("certeurope_mail")):
            out.print(DURATION)

    found = deadlines(state, today)
    if found:
        out.print(_deadline_table(found))
    if state.history:
        out.print(f"Cycles précédents terminés : {len(state.history)}.")


def _render_holder(state: State) -> None:
    from opalexe_cert.output import console

    out = console()
    holder = state.holder
    if holder.siren:
        checked = (
            "[green]vérifié dans la base SIRENE[/]"
            if holder.verified
            else "[yellow]non vérifié[/] (« opalexe-cert start » proposera de le vérifier)"
        )
        out.print(f"Titulaire : {holder.display_name or '(identité à compléter)'}")
        out.print(f"SIREN : {holder.siren} — {checked}")
    medium, handover = state.answers.get("offer.medium"), state.answers.get("offer.handover")
    if medium and handover:
        out.print(
            f"Offre : {FIELDS['offer.medium'].choice_label(medium)} — "
            f"{FIELDS['offer.handover'].choice_label(handover)}"
        )


def _deadline_table(found: list[Deadline]) -> Table:
    from rich.table import Table

    table = Table(title="Échéances", title_justify="left")
    table.add_column("Échéance")
    table.add_column("Période")
    table.add_column("État")
    table.add_column("Que faire")
    for d in found:
        label, style = DEADLINE_STYLES[d.state]
        table.add_row(
            d.title,
            f"du {format_date(d.start)}\nau {format_date(d.end)}",
            f"[{style}]{label}[/]",
            d.advice,
            style="bold" if d.state in ("urgent", "overdue") else None,
        )
    return table
