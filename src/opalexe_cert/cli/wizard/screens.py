"""What the wizard shows between questions: rich panels and tables, in French.

Only text: no question is asked here, so each screen can be printed (and tested) on its own,
on the ``Output`` it is handed (the run's, ``Environment.out``).
"""

from __future__ import annotations

import datetime as dt

from rich.markup import escape
from rich.panel import Panel

from opalexe_cert.cli import prompts
from opalexe_cert.cli.output import Output
from opalexe_cert.domain import engine, guide, texts
from opalexe_cert.domain.address import Address
from opalexe_cert.domain.dates import format_date
from opalexe_cert.domain.deadlines import (
    Deadline,
    cert_expiry,
    deadlines,
    delivery_id_warning,
    opened_by,
)
from opalexe_cert.domain.deadlines import renewal_due as deadline_says_renew
from opalexe_cert.domain.facts import cycle_facts
from opalexe_cert.domain.fields import Field, Found
from opalexe_cert.domain.flow import Lookup
from opalexe_cert.domain.identity import Identity, LegalUnit, comparable, recorded_values
from opalexe_cert.domain.procedure import KEPT_ON_RENEWAL, STEPS, Step, step
from opalexe_cert.domain.state import State
from opalexe_cert.domain.typography import days
from opalexe_cert.domain.vocabulary import StepId

DURATION = guide.DURATION_ADVICE
CALENDAR_HINT = (
    "Pour ne pas l'oublier, ajoutez les échéances à votre agenda : [bold]opalexe-cert calendar[/]."
)
# Deadlines that matter most come first when several are pending.
_PRIORITY = {"overdue": 0, "urgent": 1, "open": 2, "upcoming": 3}


def number(step_: Step) -> int:
    """The step's position, from 1 to 13."""
    return STEPS.index(step_) + 1


def greeting(out: Output, state: State, today: dt.date) -> None:
    """Welcome the expert and say where they stand."""
    out.print()
    out.print(
        f"[bold]opalexe-cert[/] — votre certificat OPALEXE (nous sommes le {format_date(today)})"
    )
    current = engine.current_step(state)
    done = [s for s in STEPS if engine.is_done(state, s)]
    if not done:
        out.print(
            "Bonjour ! Cet assistant vous guide pas à pas pour obtenir le certificat CertEurope "
            f"qui vous donne accès à OPALEXE, d'après le guide de la {guide.ACSO_NAME}. "
            f"La procédure compte {len(STEPS)} étapes. {DURATION}"
        )
        out.print(
            "Chaque réponse est enregistrée aussitôt : vous pouvez quitter à tout moment "
            "(Ctrl-C) et reprendre plus tard avec [bold]opalexe-cert start[/]."
        )
        return
    if current is not None:
        steps = renewal_steps() if state.history else list(STEPS)
        finished = len([s for s in done if s in steps])
        plural = "s" if finished > 1 else ""
        if state.history:  # the counts are of the steps walked again, the number of all 13
            kept = " et ".join(
                f"« {escape(texts.title(state, step(k)))} »" for k in KEPT_ON_RENEWAL
            )
            progress = (
                f"Renouvellement en cours (demande n° {state.cycle.number}) : {finished} "
                f"étape{plural} terminée{plural} sur les {len(steps)} à refaire (les étapes {kept} "
                "sont reprises de la demande précédente)."
            )
        else:
            progress = f"Bon retour ! {finished} étape{plural} sur {len(steps)} terminée{plural}."
        out.print(
            f"{progress} Étape en cours : [bold]{escape(texts.title(state, current))}[/] "
            f"(étape {number(current)} sur {len(STEPS)})."
        )
    pending = next_deadline(state, today)
    if pending is not None and current is not None:
        out.print(deadline_line(pending))


def renewal_steps() -> list[Step]:
    """The steps a renewal walks again (the profile and the identity are kept)."""
    return [s for s in STEPS if s.id not in KEPT_ON_RENEWAL]


def next_deadline(state: State, today: dt.date) -> Deadline | None:
    """The pending deadline that ends first (an overdue one has already ended: it comes first)."""
    pending = [d for d in deadlines(state, today) if d.state != "met" and not d.begun]
    pending.sort(key=lambda d: (d.end, _PRIORITY.get(d.state, 9)))
    return pending[0] if pending else None


def deadline_line(deadline: Deadline) -> str:
    """One line about a deadline: its window and what to do."""
    style = "bold red" if deadline.state in ("urgent", "overdue") else "bold"
    return (
        f"[{style}]Prochaine échéance :[/] {escape(deadline.title)}, du "
        f"{format_date(deadline.start)} au {format_date(deadline.end)}. {escape(deadline.advice)}"
    )


def step_panel(out: Output, state: State, step_: Step, today: dt.date | None = None) -> None:
    """A step's title, the guide's instructions and warnings (the warnings first)."""
    answers = state.answers
    body: list[str] = [f"[bold]{escape(texts.render(step_.action, state))}[/]", ""]
    for paragraph in step_.instructions:
        if paragraph.when is None or paragraph.when.holds(answers):
            body.append(escape(texts.render(paragraph.text, state)))
    out.print()
    warnings = [
        texts.render(w.text, state)
        for w in step_.warnings
        if w.when is None or w.when.holds(answers)
    ]
    expired = delivery_id_warning(state, step_.id, today) if today is not None else None
    warnings += [expired] if expired else []  # the courier checks the ID at delivery
    for warning in warnings:
        out.print(
            Panel(
                escape(warning),
                border_style="bold red",
                title="[bold red]Attention[/]",
                title_align="left",
            )
        )
    out.print(
        Panel(
            "\n".join(body),
            title=(
                f"[bold]Étape {number(step_)} sur {len(STEPS)} — "
                f"{escape(texts.title(state, step_))}[/]"
            ),
            title_align="left",
            border_style="cyan",
        )
    )


def step_recorded(out: Output, state: State, step_: Step, today: dt.date) -> None:
    """A step just ended; announce the deadlines it opened, and suggest the calendar."""
    out.print(f"[green]✔[/] Étape « {escape(texts.title(state, step_))} » enregistrée.")
    opened = opened_by(state, step_.id, today)
    for deadline in opened:
        out.print(
            f"Nouvelle échéance : {escape(deadline.title)}, du {format_date(deadline.start)} "
            f"au {format_date(deadline.end)}."
        )
    if opened:
        out.print(CALENDAR_HINT)


def correction_saved(out: Output, state: State, step_: Step) -> None:
    """A correction was written."""
    title = escape(texts.title(state, step_))
    out.print(f"[green]✔[/] Correction de l'étape « {title} » enregistrée.")


def refused(out: Output, reason: str) -> None:
    """An answer the engine refused; the question comes again (one style: ``prompts``)."""
    prompts.refused(out, reason)


def notice(out: Output, message: str) -> None:
    """A warning that does not stop the wizard."""
    out.warn(message)


def identity_table(
    out: Output,
    found: Found,
    siren: str | None,
    *,
    recorded: Identity | None = None,
    public: bool = True,
) -> None:
    """The identity the look-up found, to confirm before it goes on the dossier.

    With ``recorded``, the identity recorded before is shown beside it, field by field, and
    the fields that differ are marked.
    """
    found = found or {}
    title = "Identité trouvée dans la base SIRENE"
    if recorded is not None:
        title = f"Votre identité enregistrée et celle de la base SIRENE (SIREN {siren})"
    from rich.table import Table  # only this screen draws a table

    # the title on its own line, wrapped at the terminal's width: a table's title is held to
    # the table's own width, narrow here
    table = Table(show_header=recorded is not None)
    table.add_column("")
    if recorded is not None:
        table.add_column("Enregistrée")
    table.add_column("Base SIRENE")
    if recorded is None:
        table.add_row("SIREN", siren or "")
    else:
        table.add_column("")
    recorded_text = recorded_values(recorded) if recorded is not None else {}
    for name, label in (
        ("civility", "Civilité"),
        ("surname", "Nom"),
        ("given_names", "Prénoms"),
        ("address", "Adresse"),
    ):
        theirs = found.get(name)
        shown = escape(_civility(theirs) if name == "civility" else theirs) if theirs else None
        cells = [label]
        mine = recorded_text.get(name)
        if recorded is not None:
            cells.append(escape(_civility(mine) if name == "civility" else mine or "") or "—")
        cells.append(shown or _missing(name, public))
        differs = (
            recorded is not None and theirs is not None and comparable(mine) != comparable(theirs)
        )
        if recorded is not None:
            cells.append("[bold yellow]≠ diffère[/]" if differs else "")
        table.add_row(*cells)
    out.print(f"[bold]{escape(title)}[/]")
    out.print(table)


def _civility(value: str | None) -> str:
    return {"M.": "Monsieur", "Mme": "Madame"}.get(value or "", value or "")


_MISSING = {
    # (not given by the service, hidden by the holder's choice), agreed with the noun
    "civility": ("(non communiquée)", "(non diffusée)"),
    "surname": ("(non communiqué)", "(non diffusé)"),
    "given_names": ("(non communiqués)", "(non diffusés)"),
    "address": ("(non communiquée)", "(non diffusée)"),
}


def _missing(name: str, public: bool) -> str:
    """What stands for a value SIRENE does not give: not in the data, or not public."""
    given, hidden = _MISSING[name]
    return f"[dim]{given if public else hidden}[/]"


def recorded_answers(out: Output, state: State, recorded: list[Field]) -> None:
    """The answers already given for the step being resumed."""
    lines = ["Réponses déjà données pour cette étape :"]
    for field in recorded:
        label = texts.render(field.label, state)
        value = texts.shown_value(state, field, state.answers[field.key])
        lines.append(f"  {escape(label)} : {escape(value)}")
    out.print("\n".join(lines))


def profile_summary(out: Output, state: State) -> None:
    """The profile a renewal keeps: the compagnie, its President and address, the e-mail."""
    found = texts.compagnie(state)
    lines = ["Votre profil, tel qu'enregistré :"]
    if found is not None:
        lines.append(f"  Compagnie : {escape(found.name)}")
        lines.append(f"  {escape(found.president_title)} : {escape(found.president_addressee)}")
        lines.append(f"  Adresse : {escape(found.address.one_line())}")
        lines.append(f"  Cour d'appel de votre inscription : {escape(found.court_of_appeal)}")
    facts = cycle_facts(state)
    lines.append(f"  Adresse électronique : {escape(facts.email or '')}")
    if facts.phone:  # printed on the letters: to be kept up to date as well
        lines.append(f"  Téléphone : {escape(facts.phone)}")
    address = state.holder.address
    if address is not None:  # where CertEurope and the President write to the holder
        lines.append(f"  Votre adresse postale : {escape(address.one_line())}")
    out.print("\n".join(lines))


def holder_summary(out: Output, state: State) -> None:
    """The identity as recorded, once the SIREN step is complete."""
    holder = state.holder
    if not holder.siren:
        return
    lines = [f"Titulaire : {escape(holder.display_name or '(à compléter)')}, SIREN {holder.siren}"]
    lines += [f"  {escape(line)}" for line in _as_printed(holder.address)]
    out.print("\n".join(lines))


def _as_printed(address: Address | None) -> tuple[str, ...]:
    """The holder's address as the letters print it, as the address screen showed it (as
    recorded if it cannot be printed: ``print-dossier`` says which line to correct)."""
    if address is None:
        return ()
    return address.lines if address.problem else address.envelope()


def not_yet(out: Output, state: State, step_: Step, today: dt.date) -> None:
    """The step is not done yet: what happens next, roughly when, and how to come back."""
    if step_.waiting:
        out.print(f"D'accord. Vous attendez {escape(texts.render(step_.waiting, state))}.")
    else:
        action = texts.render(step_.action, state)
        out.print(f"D'accord. À faire : {escape(action[:1].lower() + action[1:])}")
    out.print(_timing(state, step_, today))
    if step_.waiting:
        out.print(
            "Dès réception, relancez « [bold]opalexe-cert start[/] » : l'assistant reprendra à "
            "cette étape. Vos réponses sont enregistrées."
        )
    else:
        out.print(
            "Quand ce sera fait, relancez « [bold]opalexe-cert start[/] » : l'assistant "
            "reprendra à cette étape. Vos réponses sont enregistrées."
        )


def _timing(state: State, step_: Step, today: dt.date) -> str:
    """Roughly when: the window of the deadline that times this step."""
    for d in deadlines(state, today):
        if d.rule.waiting is not None and step_.id in d.rule.steps and d.state != "met":
            return escape(d.rule.waiting(d))
    if not engine.is_done(state, step(StepId.CERTEUROPE_MAIL)):
        return DURATION
    return "Activez-le sans tarder : le certificat n'est utilisable qu'une fois activé."


def completed(out: Output, state: State, today: dt.date, *, just_now: bool) -> None:
    """The certificate is active: congratulate (once, when it was just activated), state the
    expiry, the days left and the renewal window."""
    expiry = cert_expiry(state)
    expired = expiry is not None and expiry <= today
    lines = (
        ["[bold green]Félicitations ! Votre certificat est activé.[/]"]
        if just_now and not expired  # never congratulate on an expired certificate
        else ["Votre certificat est activé."]
    )
    if expiry is not None:
        left = (expiry - today).days
        if left > 0:
            lines.append(f"Il expire le [bold]{format_date(expiry)}[/] (dans {days(left)}).")
        else:
            lines.append(f"[bold red]Il a expiré le {format_date(expiry)}.[/]")
    for d in deadlines(state, today):
        if d.rule.on_active is None:
            continue
        lines.append(escape(d.rule.on_active(d)))
        if d.state == "open" and d.calls_for_renewal:
            lines.append("[bold yellow]C'est le moment de commencer la nouvelle demande.[/]")
        elif d.calls_for_renewal:
            lines.append(f"[bold red]{escape(d.advice)}[/]")
    lines.append(CALENDAR_HINT)
    out.print()
    title = "Procédure terminée" if just_now else "Votre certificat"
    out.print(Panel("\n".join(lines), border_style="green", title=title))


def renewal_declined(out: Output, state: State, today: dt.date) -> None:
    """The expert does not renew now: when to come back."""
    renewal = next((d for d in deadlines(state, today) if d.rule.renewal_due), None)
    when = (
        f"au plus tard le {format_date(renewal.end)}"
        if renewal is not None and renewal.end >= today
        else "dès que possible"
    )
    out.print(
        f"D'accord. Commencez le renouvellement {when} : relancez « [bold]opalexe-cert "
        "start[/] » ou « [bold]opalexe-cert renew[/] »."
    )


def renewal_due(state: State, today: dt.date) -> bool:
    """Whether the certificate in force should be renewed now (inside or past the window)."""
    return deadline_says_renew(state, today)


def renewal_started(out: Output, state: State) -> None:
    """A new cycle began: what is kept."""
    out.print(
        f"[green]✔[/] Renouvellement commencé (demande n° {state.cycle.number}) : votre profil et "
        "votre identité sont conservés ; l'offre est à choisir de nouveau."
    )


def goodbye(out: Output, state: State) -> None:
    """Leaving the wizard on purpose."""
    current = engine.current_step(state)
    if current is None:
        out.print("À bientôt !")
        return
    out.print(
        f"À bientôt ! Relancez [bold]opalexe-cert start[/] pour reprendre à l'étape "
        f"« {escape(texts.title(state, current))} »."
    )


def with_spinner(out: Output, lookup: Lookup) -> Lookup:
    """The SIRENE look-up, with a spinner while the service answers."""

    def searching(siren: str) -> LegalUnit:
        with out.console.status(f"Recherche du SIREN {siren} dans la base SIRENE…"):
            return lookup(siren)

    return searching
