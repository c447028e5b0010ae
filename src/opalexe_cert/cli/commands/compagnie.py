"""``opalexe-cert compagnie …``: the President and the secretariat follow every member.

The roster (``--roster``) is read and checked by ``adapters.roster`` and ``domain.roster``;
each problem is named (file, row, column) and the valid rows are still reported, with exit
status 1. The compagnie is ACSO unless ``--compagnie FILE`` describes another one.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from opalexe_cert.adapters.atomic import read_bytes, write_bytes
from opalexe_cert.adapters.roster.files import read_roster, read_status_dir, roster_date
from opalexe_cert.cli.environment import Environment
from opalexe_cert.cli.exit_status import ExitStatus
from opalexe_cert.cli.markup import markup
from opalexe_cert.cli.output import Output
from opalexe_cert.domain import listing
from opalexe_cert.domain.compagnie import DEFAULT_COMPAGNIE, Compagnie
from opalexe_cert.domain.dates import format_date
from opalexe_cert.domain.errors import InputError, OpalexeError, os_reason
from opalexe_cert.domain.roster import (
    STATE_LABELS,
    STATES,
    MemberStatus,
    Problem,
    compagnie_from_profile,
    counts,
    expected_headers,
    status_data,
    statuses,
)
from opalexe_cert.domain.typography import french

MAX_COMPAGNIE_BYTES = 64 * 1024


@dataclass
class Loaded:
    """What every ``compagnie`` command starts from."""

    compagnie: Compagnie
    members: list[MemberStatus]
    problems: list[Problem]


def load_compagnie(path: Path | None, env: Environment) -> Compagnie:
    """ACSO, or the compagnie described in the JSON file ``path`` (``profile.*`` keys)."""
    if path is None:
        return DEFAULT_COMPAGNIE
    try:
        data = json.loads(read_bytes(path, limit=MAX_COMPAGNIE_BYTES).decode("utf-8-sig"))
    except OSError as error:
        raise InputError(f"Impossible de lire « {path} » : {os_reason(error)}.") from None
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise InputError(
            f"« {path} » n'est pas un fichier JSON lisible (voir l'exemple "
            "examples/compagnie.json)."
        ) from None
    if not isinstance(data, dict):
        raise InputError(f"« {path} » doit contenir un objet JSON, comme examples/compagnie.json.")
    try:
        return compagnie_from_profile(data, env.today)
    except InputError as error:
        raise InputError(f"Compagnie décrite dans « {path} » : {error.message}") from None


def load(env: Environment, roster: Path, status_dir: Path | None, compagnie: Path | None) -> Loaded:
    """The compagnie, its members with where they stand today, and the problems met."""
    chosen = load_compagnie(compagnie, env)
    found = read_roster(roster)
    problems = list(found.problems)
    if status_dir is not None:
        from opalexe_cert.domain.roster import merge_progress

        progress, status_problems = read_status_dir(status_dir)
        problems += status_problems
        problems += merge_progress(found, progress, roster_date(roster))
    return Loaded(chosen, statuses(found.members, env.today), problems)


def report_problems(out: Output, problems: Sequence[Problem], valid: int) -> None:
    """Every problem together, on standard error, after the valid rows."""
    if not problems:
        return
    count = len(problems)
    plural = "s" if count > 1 else ""
    out.say_err(
        "\n[bold red]{count} problème{plural} dans les données[/] ({valid} membre{vp} "
        "lu{vp} sans erreur) :",
        count=count,
        plural=plural,
        valid=valid,
        vp="s" if valid > 1 else "",
    )
    for problem in problems:
        out.say_err("  • {text}", text=problem.text)
    if any(p.message.startswith(("en-tête inconnu", "colonne")) for p in problems):
        out.say_err("{hint}", hint=expected_headers())
    out.say_err("Corrigez ces lignes puis relancez la commande.")


def finish(out: Output, loaded: Loaded) -> int:
    """Report the problems last; exit status 1 when there were any."""
    report_problems(out, loaded.problems, len(loaded.members))
    return int(ExitStatus.ERROR if loaded.problems else ExitStatus.SUCCESS)


# --- status ----------------------------------------------------------------------------------

STATE_STYLES = {
    "ok": "green",
    "renew": "cyan",
    "urgent": "bold yellow",
    "expired": "bold red",
    "unknown": "dim",
}


def status(
    env: Environment,
    *,
    roster: Path,
    status_dir: Path | None,
    compagnie: Path | None,
    json_output: bool,
    csv_output: Path | None,
) -> int:
    """Every member, most urgent first; ``--json`` for scripts, ``--csv`` for a spreadsheet."""
    loaded = load(env, roster, status_dir, compagnie)
    if csv_output is not None:
        _write_csv(csv_output, loaded.members)
    if json_output:
        data = status_data(loaded.members, env.today, loaded.compagnie.name, loaded.problems)
        env.out.text(json_text(data))
    else:
        _render(env.out, loaded, env.today)
        if csv_output is not None:
            env.out.info(f"Tableau écrit dans {csv_output} (à ouvrir avec Excel ou LibreOffice).")
    return finish(env.out, loaded)


def json_text(data: dict[str, object]) -> str:
    """Indented JSON with one member a line: ``indent`` would leave the C encoder for the
    pure-Python one, four times slower on 10,000 members."""
    members = data["members"]
    assert isinstance(members, list)
    head = json.dumps(
        {k: v for k, v in data.items() if k != "members"}, ensure_ascii=False, indent=2
    )
    lines = ",\n".join("    " + json.dumps(m, ensure_ascii=False) for m in members)
    body = f"[\n{lines}\n  ]" if members else "[]"
    return f'{head[:-2]},\n  "members": {body}\n}}'


RENDER_CHUNK = 100


def _member_lines(item: MemberStatus) -> list[str]:
    """One member's lines of ``compagnie status``, as rich markup (values escaped)."""
    m = item.member
    expiry = format_date(m.certificate_expiry) if m.certificate_expiry else "expiration inconnue"
    style = STATE_STYLES[item.state]
    lines = [
        "",
        markup(
            f"[{style}]{{state}}[/] [bold]{{name}}[/] (SIREN {{siren}}) — certificat : {{expiry}}",
            state=STATE_LABELS[item.state].upper(),
            name=m.name or m.surname,
            siren=m.siren,
            expiry=expiry,
        ),
    ]
    details = []
    if m.listing_end:
        kind = "probatoire " if m.probationary else ""
        details.append(f"inscription {kind}jusqu'au {format_date(m.listing_end)}")
    if m.progress is not None:
        step = m.progress.step_title or m.progress.step or "procédure terminée"
        details.append(f"procédure : {step} (au {format_date(m.progress.as_of)})")
    if details:
        lines.append(markup("   {details}", details=" ; ".join(details)))
    lines += [markup("   – {reason}", reason=reason) for reason in item.reasons]
    return lines


def _render(out: Output, loaded: Loaded, today: dt.date) -> None:
    out.say(
        "[bold]{name}[/] — certificats des membres au {today}",
        name=loaded.compagnie.name,
        today=format_date(today),
    )
    numbers = counts(loaded.members)
    total = len(loaded.members)
    summary = ", ".join(
        f"{STATE_LABELS[s]} : {numbers[s]}" for s in STATES if numbers[s] or s == "ok"
    )
    out.say(
        "{total} membre{p} — {summary}", total=total, p="s" if total > 1 else "", summary=summary
    )
    # Printed a hundred members at a time: one rich print per line took 5 s for 10,000.
    for first in range(0, total, RENDER_CHUNK):
        lines: list[str] = []
        for item in loaded.members[first : first + RENDER_CHUNK]:
            lines += _member_lines(item)
        out.console.print("\n".join(lines), soft_wrap=not out.console.is_terminal)
    out.say("\n[dim]{note}[/]", note=listing.UNSOURCED)


# --- the CSV export --------------------------------------------------------------------------

CSV_HEADERS = (
    "État",
    "Civilité",
    "Nom",
    "Prénoms",
    "SIREN",
    "Courriel",
    "Expiration du certificat",
    "Début du renouvellement",
    "Fin du renouvellement",
    "Fin d'inscription",
    "Inscription probatoire",
    "Réinscription à demander avant le",
    "Étape",
    "À faire",
)
_ACTIVE = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def neutral(value: str) -> str:
    """A cell a spreadsheet shows as text, never as a formula (OWASP « CSV injection »):
    a value starting with ``=``, ``+``, ``-``, ``@``, a tab or a line break gets a leading
    apostrophe."""
    return "'" + value if value.startswith(_ACTIVE) else value


def _day(value: object) -> str:
    return value.strftime("%d/%m/%Y") if isinstance(value, dt.date) else ""


def csv_bytes(members: Sequence[MemberStatus]) -> bytes:
    """The members as Excel and LibreOffice open a French CSV: ``;``, UTF-8 with BOM, CRLF."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([french(h) for h in CSV_HEADERS])
    for item in members:
        m = item.member
        step = m.progress.step_title or m.progress.step or "" if m.progress else ""
        row = [
            french(STATE_LABELS[item.state]),
            m.civility or "",
            m.surname,
            m.given_names,
            m.siren,
            m.email or "",
            _day(m.certificate_expiry),
            _day(item.renewal[0]) if item.renewal else "",
            _day(item.renewal[1]) if item.renewal else "",
            _day(m.listing_end),
            {True: "oui", False: "non", None: ""}[m.probationary],
            _day(item.relisting_due),
            step,
            french(" ".join(item.reasons)),
        ]
        writer.writerow([neutral(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _write_csv(path: Path, members: Sequence[MemberStatus]) -> None:
    _write_file(path, csv_bytes(members), "--csv")


# --- attestations ----------------------------------------------------------------------------

PROGRESS_FROM = 5
"""More attestations than this get a progress bar (on a terminal)."""
DUE_STATES = frozenset({"renew", "urgent", "expired"})


def select(members: Sequence[MemberStatus], sirens: Sequence[str], due: bool) -> list[MemberStatus]:
    """All members, those named by ``--siren``, or those whose renewal is open or past."""
    if sirens:
        from opalexe_cert.domain.fields import normalize_siren

        wanted = []
        for raw in sirens:
            try:
                wanted.append(normalize_siren(raw))
            except ValueError as error:
                raise InputError(f"--siren {raw} : {error}.") from None
        by_siren = {m.member.siren: m for m in members}
        unknown = [s for s in wanted if s not in by_siren]
        if unknown:
            raise InputError(
                "SIREN absent de la liste des membres (ou sur une ligne à corriger) : "
                + ", ".join(unknown)
                + "."
            )
        return [by_siren[s] for s in dict.fromkeys(wanted)]
    if due:
        return [m for m in members if m.state in DUE_STATES]
    return list(members)


def attestations(
    env: Environment,
    *,
    roster: Path,
    status_dir: Path | None,
    compagnie: Path | None,
    output: Path,
    sirens: Sequence[str],
    due: bool,
) -> int:
    """One attestation per member, one combined PDF to sign, one list; all or nothing."""
    loaded = load(env, roster, status_dir, compagnie)
    roster_problems = [p for p in loaded.problems if p.file == roster.name]
    if roster_problems:
        report_problems(env.out, roster_problems, len(loaded.members))
        env.out.error("La liste des membres contient des erreurs : aucune attestation préparée.")
        return int(ExitStatus.ERROR)
    chosen = select(loaded.members, sirens, due)
    if not chosen:
        env.out.info(
            "Aucun membre dont le renouvellement est ouvert ou dépassé : aucune attestation "
            "à préparer."
            if due
            else "La liste ne contient aucun membre : aucune attestation à préparer."
        )
        return int(ExitStatus.SUCCESS)
    from opalexe_cert.adapters.documents.compagnie import (
        COMBINED,
        LISTING,
        attestation_files,
        write_all,
    )

    members = [m.member for m in chosen]
    if len(members) > PROGRESS_FROM and env.out.err_console.is_terminal:
        from rich.progress import Progress

        with Progress(console=env.out.err_console, transient=True) as bar:
            task = bar.add_task("Attestations", total=len(members))
            files = attestation_files(
                members, loaded.compagnie, env.today, lambda: bar.advance(task)
            )
    else:
        files = attestation_files(members, loaded.compagnie, env.today)
    write_all(output, files)
    count = len(members)
    plural = "s" if count > 1 else ""
    env.out.info(f"{count} attestation{plural} préparée{plural} dans {output} :")
    env.out.info(f"  • {COMBINED} : toutes les attestations, à imprimer et signer en une fois ;")
    env.out.info(f"  • {LISTING} : la liste des attestations, pour les archives ;")
    env.out.info("  • un fichier attestation-SIREN-nom.pdf par membre.")
    return int(ExitStatus.SUCCESS)


# --- calendar --------------------------------------------------------------------------------


def calendar(
    env: Environment,
    *,
    roster: Path,
    status_dir: Path | None,
    compagnie: Path | None,
    output: Path,
) -> int:
    """One ``.ics`` for the secretariat: renewal windows and re-listing deadlines."""
    from opalexe_cert.adapters.roster.ics import events, to_ics

    loaded = load(env, roster, status_dir, compagnie)
    found = events(loaded.members, env.today)
    _write_file(output, to_ics(found, loaded.compagnie, env.now), "--output")
    count = len(found)
    plural = "s" if count > 1 else ""
    env.out.info(f"{count} événement{plural} exporté{plural} dans {output}.")
    env.out.info(
        "Importez ce fichier dans l'agenda du secrétariat ; les rappels sonnent à 9 h. "
        "Réimporté après une mise à jour de la liste, il met les événements à jour sans les "
        "dupliquer."
    )
    return finish(env.out, loaded)


# --- report ----------------------------------------------------------------------------------


def report(
    env: Environment,
    *,
    roster: Path,
    status_dir: Path | None,
    compagnie: Path | None,
    output: Path,
) -> int:
    """The President's one-page summary, as PDF."""
    from opalexe_cert.adapters.documents.compagnie import report_pdf

    loaded = load(env, roster, status_dir, compagnie)
    content = report_pdf(loaded.members, loaded.compagnie, env.today, listing.UNSOURCED)
    _write_file(output, content, "--output")
    env.out.info(
        f"Bilan écrit dans {output} (une page, à imprimer pour {loaded.compagnie.the_president})."
    )
    return finish(env.out, loaded)


def _write_file(path: Path, content: bytes, option: str) -> None:
    if path.is_dir():
        raise InputError(f"{path} est un dossier : indiquez un nom de fichier avec {option}.")
    if not path.parent.is_dir():
        raise InputError(
            f"Le dossier {path.parent} n'existe pas : créez-le ou choisissez un autre "
            f"emplacement avec {option}."
        )
    try:
        write_bytes(path, content)
    except OSError as error:
        raise OpalexeError(
            f"Impossible d'écrire {path} : {os_reason(error)}. Choisissez un autre "
            f"emplacement avec {option}."
        ) from None
