"""``opalexe-cert status``: where the expert stands, the next action, every deadline."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from opalexe_cert.adapters.store import load
from opalexe_cert.cli.clock import today as clock_today
from opalexe_cert.domain import engine, guide
from opalexe_cert.domain.dates import format_date
from opalexe_cert.domain.deadlines import Deadline, deadlines
from opalexe_cert.domain.facts import cycle_facts
from opalexe_cert.domain.flow import enumerate_fr
from opalexe_cert.domain.procedure import field, step
from opalexe_cert.domain.report import status_data
from opalexe_cert.domain.state import State
from opalexe_cert.domain.typography import NBSP


def escape(text: str) -> str:
    """Text shown as is, even when it holds square brackets (rich markup)."""
    from rich.markup import escape as rich_escape

    return rich_escape(text)


DEADLINE_STYLES = {
    "upcoming": ("à venir", "dim"),
    "open": ("en cours", "cyan"),
    "urgent": ("URGENT", "bold yellow"),
    "overdue": ("EN RETARD", "bold red"),
    "met": ("terminée", "green"),
}
STEP_MARKS = {"done": ("✔", "green"), "current": ("▶", "bold cyan"), "pending": ("·", "dim")}
DURATION = guide.DURATION_ADVICE


def show(path: Path, *, json_output: bool) -> None:
    """Print the status, as JSON for scripts or as a French report for the expert."""
    state = load(path)
    today = clock_today()
    if json_output:
        print(json.dumps(status_data(state, today), ensure_ascii=False, indent=2))
        return
    _render(state, today)


def _render(state: State, today: dt.date) -> None:
    # Plain lines rather than rich tables: the layout stays readable in a narrow terminal, and
    # rich.table's import and layout took a tenth of the start-up time of ``status``.
    from opalexe_cert.cli.output import console

    out = console()
    out.print(f"[bold]opalexe-cert[/] — où en êtes-vous ? (nous sommes le {format_date(today)})")
    _render_holder(state, today)

    out.print("\n[bold]Étapes[/]")
    views = engine.step_views(state)
    titles = [engine.title(state, v.step) for v in views]
    width = max(len(t) for t in titles)
    for number, view in enumerate(views, start=1):
        mark, style = STEP_MARKS[view.state]
        when = format_date(view.date) if view.date else ""
        if view.state == "current":
            when = "[bold cyan]en cours[/]"
        title = escape(titles[number - 1].ljust(width))
        out.print(f" [{style}]{mark}[/] {number:>2}. {title}  {when}".rstrip())

    current = engine.current_step(state)
    found = deadlines(state, today)
    out.print()
    if current is None:
        out.print("[bold green]Procédure terminée : votre certificat est activé.[/]")
    else:
        out.print(f"[bold]Prochaine action :[/] {escape(engine.render(current.action, state))}")
        if not engine.is_done(state, step("certeurope_mail")):
            out.print(DURATION)
    out.print(f"[bold]Prochaine commande :[/] {next_command(state, found)}")

    if found:
        out.print("\n[bold]Échéances[/]")
        for d in found:
            _render_deadline(d)
    if state.history:
        out.print(f"\nCycles précédents terminés : {len(state.history)}.")


def next_command(state: State, found: list[Deadline]) -> str:
    """The command to run next, with why: ``status`` always ends with it."""
    if engine.current_step(state) is not None:
        return "opalexe-cert start (l'assistant reprend à l'étape en cours)"
    suggested = next((d.command for d in found if d.command), None)
    if suggested is not None:
        return suggested
    return "opalexe-cert calendar (ajouter les échéances à votre agenda)"


def _render_deadline(d: Deadline) -> None:
    from opalexe_cert.cli.output import console

    label, style = DEADLINE_STYLES[d.state]
    if d.state == "met":
        label = d.outcome
        style = "yellow" if d.late_days else style
    title = f"[bold]{escape(d.title)}[/]" if d.state in ("urgent", "overdue") else escape(d.title)
    period = f"Du {format_date(d.start)} au {format_date(d.end)}."
    from rich.padding import Padding

    console().print(f" • {title} — [{style}]{label}[/]")
    console().print(Padding(f"{period} {escape(d.advice)}".rstrip(), (0, 0, 0, 3), expand=False))


def _render_holder(state: State, today: dt.date) -> None:
    from opalexe_cert.cli.output import console

    out = console()
    holder = state.holder
    if holder.siren:
        out.print(f"Titulaire : {escape(holder.display_name or '(identité à compléter)')}")
        out.print(f"SIREN : {holder.siren} — {_verification(state)}")
    _render_certificate(state, today)
    facts = cycle_facts(state)
    if facts.medium and facts.handover:
        out.print(
            f"Offre : {field('offer', 'medium').choice_label(facts.medium)} — "
            f"{field('offer', 'handover').choice_label(facts.handover)}"
        )


def _render_certificate(state: State, today: dt.date) -> None:
    """The certificate in force, its days left, and where its expiry comes from (typed, file,
    card); kept visible through a renewal, and plain about an expired one."""
    from opalexe_cert.cli.output import console
    from opalexe_cert.domain.certificate import SOURCE_LABELS, in_force

    found = in_force(state)
    if found is None:
        return
    expiry, record = found
    source = SOURCE_LABELS[record.source if record else "typed"]
    left = (expiry - today).days
    if left < 0:
        console().print(
            f"[bold red]Certificat : a expiré le {format_date(expiry)}[/] ({source}) : OPALEXE "
            "ne vous est plus accessible tant qu'un nouveau certificat n'est pas activé."
        )
        return
    when = "aujourd'hui" if left == 0 else f"dans {left}{NBSP}jour{'s' if left > 1 else ''}"
    console().print(f"Certificat : expire le {format_date(expiry)}, {when} ({source})")


def _verification(state: State) -> str:
    """Whether the SIREN and identity were checked in SIRENE, and how to check them if not."""
    import os

    if state.holder.verified:
        return "[green]vérifié dans la base SIRENE[/]"
    differing = engine.identity_differences(state)
    if state.cycle.lookup is not None and differing:
        return "[yellow]non vérifié[/] : " + escape(
            f"votre identité diffère de celle de la base SIRENE ({enumerate_fr(differing)}). "
            "Pour adopter celle de la base SIRENE ou corriger votre SIREN : "
            "« opalexe-cert start --step siren »."
        )
    if os.environ.get("OPALEXE_CERT_OFFLINE", "").strip().lower() in ("", "0", "false", "no"):
        how = (
            "lancez « opalexe-cert start » avec un accès à Internet (sans --offline) : il "
            "proposera de le vérifier"
        )
    else:
        how = (
            "retirez le réglage OPALEXE_CERT_OFFLINE (qui coupe l'accès au réseau), puis "
            "lancez « opalexe-cert start » avec un accès à Internet : il proposera de le vérifier"
        )
    return "[yellow]non vérifié[/] : " + escape(
        f"seule sa clé de contrôle a été contrôlée, pas sa présence dans la base SIRENE. "
        f"Pour le vérifier, {how}."
    )
