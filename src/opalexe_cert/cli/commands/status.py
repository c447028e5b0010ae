"""``opalexe-cert status``: where the expert stands, the next action, every deadline."""

from __future__ import annotations

import datetime as dt
import json

from opalexe_cert.adapters.store import load
from opalexe_cert.cli import timeline
from opalexe_cert.cli.environment import Environment
from opalexe_cert.cli.markup import escape, lower_first, markup
from opalexe_cert.cli.output import Output
from opalexe_cert.domain import engine, guide, texts
from opalexe_cert.domain.dates import format_date
from opalexe_cert.domain.deadlines import Deadline, deadlines
from opalexe_cert.domain.facts import SOURCE_LABELS, cycle_facts, in_force
from opalexe_cert.domain.procedure import field, step
from opalexe_cert.domain.report import status_data
from opalexe_cert.domain.state import State
from opalexe_cert.domain.typography import days
from opalexe_cert.domain.vocabulary import StepId

DEADLINE_STYLES = {
    "upcoming": ("à venir", "dim"),
    "open": ("en cours", "cyan"),
    "urgent": ("URGENT", "bold yellow"),
    "overdue": ("EN RETARD", "bold red"),
    "met": ("", "green"),  # ``Deadline.outcome``: agreed with the title
}
STEP_MARKS = {"done": ("✔", "green"), "current": ("▶", "bold cyan"), "pending": ("·", "dim")}
DURATION = guide.DURATION_ADVICE


def show(env: Environment, *, json_output: bool) -> None:
    """Print the status, as JSON for scripts or as a French report for the expert."""
    state = load(env.state_path)
    if json_output:
        env.out.text(json.dumps(status_data(state, env.today), ensure_ascii=False, indent=2))
        return
    _render(env.out, state, env.today, offline=env.offline)


def _render(out: Output, state: State, today: dt.date, *, offline: bool) -> None:
    # Plain lines rather than rich tables: the layout stays readable in a narrow terminal, and
    # rich.table's import and layout took a tenth of the start-up time of ``status``.
    # Every value goes through ``out.say``, which escapes it (a name may hold ``[/]``).
    out.say(
        "[bold]opalexe-cert[/] — où en êtes-vous ? (nous sommes le {today})",
        today=format_date(today),
    )
    _render_holder(out, state, today, offline)

    out.say("\n[bold]Étapes[/]")
    views = engine.step_views(state)
    titles = [texts.title(state, v.step) for v in views]
    width = max(len(t) for t in titles)
    for number, view in enumerate(views, start=1):
        mark, style = STEP_MARKS[view.state]
        when = format_date(view.date) if view.date else ""
        title = titles[number - 1].ljust(width)
        line = f" [{style}]{{mark}}[/] {{number}}. {{title}}"
        if view.state == "current":
            line += "  [bold cyan]en cours[/]"
        elif when:
            line += "  {when}"
        else:
            title = title.rstrip()
        out.say(line, mark=mark, number=f"{number:>2}", title=title, when=when)

    current = engine.current_step(state)
    found = deadlines(state, today)
    out.say("")
    if current is None:
        out.say("[bold green]Procédure terminée : votre certificat est activé.[/]")
    else:
        action = lower_first(texts.render(current.action, state))  # lower case after « : »
        out.say("[bold]Prochaine action :[/] {action}", action=action)
        if not engine.is_done(state, step(StepId.CERTEUROPE_MAIL)):
            out.info(DURATION)
    out.say("[bold]Prochaine commande :[/] {command}", command=next_command(state, found))

    if found:
        out.say("\n[bold]Échéances[/]")
        for d in found:
            _render_deadline(out, d)
        timeline.render(out, found, today, {k: v[1] for k, v in DEADLINE_STYLES.items()})
    if state.history:
        out.say("\nCycles précédents terminés : {count}.", count=len(state.history))


def next_command(state: State, found: list[Deadline]) -> str:
    """The command to run next, with why: ``status`` always ends with it."""
    if engine.current_step(state) is not None:
        return "opalexe-cert start (l'assistant reprend à l'étape en cours)"
    suggested = next((d.command for d in found if d.command), None)
    if suggested is not None:
        return suggested
    return "opalexe-cert calendar (ajouter les échéances à votre agenda)"


def _render_deadline(out: Output, d: Deadline) -> None:
    label, style = DEADLINE_STYLES[d.state]
    if d.state == "met":
        label = d.outcome
        style = "yellow" if d.late_days else style
    elif d.begun:
        label = f"{label}, {d.begun}"  # « en cours, commencé le … »: never « terminé »
    bold = d.state in ("urgent", "overdue")
    title = markup("[bold]{title}[/]" if bold else "{title}", title=d.title)
    out.say(f" • {title} — [{style}]{{label}}[/]", label=label)
    period = f"Du {format_date(d.start)} au {format_date(d.end)}."
    text = markup("{text}", text=f"{period} {d.advice}".rstrip())
    if not out.terminal:  # a pipe: one line, no padding to the width
        out.line(f"   {text}")
        return
    from rich.padding import Padding

    from opalexe_cert.cli.typeset import FrenchText

    # French typography here too (’, no-break spaces): a padded renderable is not a string
    out.console.print(Padding(FrenchText.from_markup(text), (0, 0, 0, 3), expand=False))


def _render_holder(out: Output, state: State, today: dt.date, offline: bool) -> None:
    holder = state.holder
    if holder.siren:
        out.say("Titulaire : {name}", name=holder.display_name or "(identité à compléter)")
        out.say(f"SIREN : {{siren}} — {_verification(state, offline)}", siren=holder.siren)
    _render_certificate(out, state, today)
    facts = cycle_facts(state)
    if facts.medium and facts.handover:
        out.say(
            "Offre : {medium} — {handover}",
            medium=lower_first(
                texts.choice_label(state, field(StepId.OFFER, "medium"), facts.medium)
            ),
            handover=lower_first(
                texts.choice_label(state, field(StepId.OFFER, "handover"), facts.handover)
            ),
        )


def _render_certificate(out: Output, state: State, today: dt.date) -> None:
    """The certificate in force, its days left, and where its expiry comes from (typed, file,
    card); kept visible through a renewal, and plain about an expired one."""
    found = in_force(state)
    if found is None:
        return
    expiry, record = found
    source = SOURCE_LABELS[record.source if record else "typed"]
    left = (expiry - today).days
    if left < 0:
        out.say(
            "[bold red]Certificat : a expiré le {expiry}[/] ({source}). OPALEXE ne vous est "
            "plus accessible tant qu'un nouveau certificat n'est pas activé.",
            expiry=format_date(expiry),
            source=source,
        )
        return
    when = "aujourd'hui" if left == 0 else f"dans {days(left)}"
    out.say(
        "Certificat : expire le {expiry}, {when} ({source})",
        expiry=format_date(expiry),
        when=when,
        source=source,
    )


def _verification(state: State, offline: bool) -> str:
    """Whether the SIREN and identity were checked in SIRENE, and how to check them if not
    (rich markup, the values escaped). The wizard's flow module, which words a conflict, is
    imported only when there is one to word (start-up time of ``status``)."""
    if state.holder.verified:
        return "[green]vérifié dans la base SIRENE[/]"
    other = engine.other_person(state)
    if other is not None:
        from opalexe_cert.domain.flow import other_person_message

        return "[bold red]non vérifié.[/] " + escape(
            other_person_message(state.holder.siren or "", other)
        )
    if engine.siren_checked(state) and not engine.identity_differences(state):
        return "[green]personne physique active d'après la base SIRENE[/] ; " + escape(
            "identité non publique, saisie par vous"
        )
    differing = engine.identity_differences(state)
    if state.cycle.lookup is not None and differing:
        from opalexe_cert.domain.flow import enumerate_fr

        return "[yellow]non vérifié.[/] " + escape(
            f"Votre identité diffère de celle de la base SIRENE ({enumerate_fr(differing)}). "
            "Pour adopter celle de la base SIRENE ou corriger votre SIREN, lancez "
            "« opalexe-cert start --step siren »."
        )
    if not offline:
        how = "lancez « opalexe-cert start » avec un accès à Internet : il proposera de le vérifier"
    else:
        how = (
            "retirez le réglage OPALEXE_CERT_OFFLINE (qui coupe l'accès au réseau), puis "
            "lancez « opalexe-cert start » avec un accès à Internet : il proposera de le vérifier"
        )
    return "[yellow]non vérifié.[/] " + escape(
        f"Seule sa clé de contrôle a été contrôlée, pas sa présence dans la base SIRENE. "
        f"Pour le vérifier, {how}."
    )
