"""``opalexe-cert print-dossier``: write the dossier's PDFs and say what goes in which envelope."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from opalexe_cert.adapters.documents.data import Document, DossierData
from opalexe_cert.adapters.documents.from_state import CERTEUROPE_ADDRESS_KEY, dossier_data
from opalexe_cert.adapters.store import load, writer
from opalexe_cert.cli.environment import Environment
from opalexe_cert.cli.output import Output
from opalexe_cert.cli.recap import write_recap
from opalexe_cert.domain import engine
from opalexe_cert.domain.errors import InputError, Interrupted
from opalexe_cert.domain.flow import other_person_message
from opalexe_cert.domain.state import State

DEFAULT_OUTPUT = Path("dossier-opalexe")


def plain_options(options: Sequence[str]) -> tuple[Path, bool, bool] | None:
    """``print-dossier``'s options as the parser reads them (the output folder, ``--no-input``,
    ``--recap``) when they are written plainly: ``--output DOSSIER``, ``-o DOSSIER`` or
    ``--output=DOSSIER``, each option at most once. ``None`` for anything else (help, an
    unknown or repeated option, a folder name that begins with a dash): Typer's parser then
    reads it, and says what is wrong. Used by ``app.shortcut`` (start-up time)."""
    output: Path | None = None
    flags: set[str] = set()
    rest = list(options)
    while rest:
        option = rest.pop(0)
        value: str | None = None
        if option in ("--no-input", "--recap") and option not in flags:
            flags.add(option)
            continue
        if option in ("--output", "-o") and rest:
            value = rest.pop(0)
        elif option.startswith("--output="):
            value = option.removeprefix("--output=")
        if output is not None or not value or value.startswith("-"):
            return None
        output = Path(value)
    return output or DEFAULT_OUTPUT, "--no-input" in flags, "--recap" in flags


def print_dossier(
    env: Environment, output: Path, *, interactive: bool, recap_only: bool = False
) -> None:
    """Write the PDFs into ``output``; in a terminal, ask for CertEurope's address if missing.
    The one-page recap comes with them (alone with ``recap_only``)."""
    from opalexe_cert.adapters.documents.dossier import existing_files, write_dossier

    today = env.today
    out = env.out
    state = load(env.state_path)
    if recap_only:
        write_recap(env, state, output, alone=True)
        return
    data = dossier_data(state, today)
    # Its address is printed on the dossier CertEurope e-mails (step 7): not asked before.
    asked = data.holder is not None and data.certeurope_address is None and data.order_received
    if interactive and asked:
        try:
            state = _ask_certeurope_address(env, state)
        except KeyboardInterrupt:
            raise Interrupted(
                "Interrompu. L'adresse de CertEurope n'a pas été enregistrée et aucun document "
                "n'a été écrit ; vos réponses déjà enregistrées sont conservées. Relancez "
                "« opalexe-cert print-dossier » pour préparer les documents."
            ) from None
        data = dossier_data(state, today)
    other = engine.other_person(state)
    if other is not None and data.holder is not None:  # before an attestation with that SIREN
        out.warn(other_person_message(state.holder.siren or "", other))
    from opalexe_cert.adapters.documents.recap import FILENAME as RECAP

    recap = output / RECAP
    existing = existing_files(output) + ([recap] if recap.exists() else [])
    try:
        replace = not existing or not interactive or _confirm_replace(out, existing)
    except KeyboardInterrupt:
        raise Interrupted(
            f"Interrompu. Aucun document n'a été écrit : les fichiers existants de {output} "
            "sont conservés tels quels."
        ) from None
    if not replace:
        out.info("Rien n'a été écrit : les fichiers existants sont conservés.")
        return
    try:
        result = write_dossier(data, output)
    except KeyboardInterrupt:
        raise Interrupted(
            f"Interrompu pendant l'écriture des documents dans {output} : certains peuvent "
            "manquer ou dater d'avant. Relancez « opalexe-cert print-dossier » pour les écrire "
            "tous ; vos réponses enregistrées sont conservées."
        ) from None
    if not result.written:
        reasons = next(s.reasons for s in result.skipped if s.document is Document.COMPLETE)
        raise InputError(f"Aucun document n'a pu être préparé : {' ; '.join(reasons)}.")
    out.info(f"Documents écrits dans {output} :")
    for written in result.written:
        replaced = " (remplace le fichier précédent)" if written.replaced else ""
        out.info(f"  • {written.document.filename} : {written.document.purpose(data)}{replaced}")
    write_recap(env, state, output, alone=False)
    _envelopes(out, data)
    for skipped in result.skipped:
        if skipped.document is Document.CERTEUROPE_LETTER and not data.order_received:
            out.info(
                f"La lettre à CertEurope ({skipped.document.filename}) sera préparée une fois "
                "arrivé le dossier que CertEurope envoie par courriel après le paiement : il "
                "donne son adresse postale. Dès réception, relancez « opalexe-cert "
                "print-dossier »."
            )
        elif skipped.document is Document.CERTEUROPE_LETTER:
            out.warn(
                f"La lettre à CertEurope ({skipped.document.filename}) n'a pas été préparée, "
                + " ; ".join(skipped.reasons)
                + "."
            )
        else:
            out.warn(
                f"{skipped.document.filename} n'a pas été préparé : "
                + " ; ".join(skipped.reasons)
                + "."
            )


def _envelopes(out: Output, data: DossierData) -> None:
    """What goes in which envelope, and where each stands (the bordereau's own list)."""
    from opalexe_cert.adapters.documents.data import envelopes

    for plan in envelopes(data):
        out.info("")
        when = plan.when[:1].lower() + plan.when[1:]  # « — envoyée le … », lower case after it
        out.info(f"{plan.title} — {when}")
        for number, item in enumerate(plan.items, start=1):
            out.info(f"  {number}. {item}")
    out.info(f"Le détail, avec des cases à cocher, est dans {Document.BORDEREAU.filename}.")


def _ask_certeurope_address(env: Environment, state: State) -> State:
    """Ask for CertEurope's address (printed on the dossier received by e-mail) and record it."""
    from opalexe_cert.cli import prompts
    from opalexe_cert.domain.fields import validate
    from opalexe_cert.domain.procedure import FIELDS

    prompts.explain(
        env.out,
        "L'adresse postale de CertEurope figure sur le dossier reçu par courriel après le "
        "paiement : avec elle, la lettre à CertEurope peut être préparée.",
    )
    # the question says what it is about on its own: with the output redirected to a file,
    # it is the only line on the terminal (``prompts._screen``)
    question = (
        "Avez-vous sous les yeux l'adresse postale de CertEurope, pour la saisir maintenant ?"
    )
    if not prompts.yes_no(env.out, question):
        return state
    field = FIELDS[CERTEUROPE_ADDRESS_KEY]
    today = env.today
    raw = prompts.address(
        env.out,
        field.label,
        check=prompts.refusal(lambda typed: validate(field, typed, today)),
        printed=prompts.as_printed(field, today),  # shown as it will be printed, confirmed
    )
    with writer(env.state_path) as session:
        session.save(engine.record(session.state, CERTEUROPE_ADDRESS_KEY, raw, today))
        return session.state


def _confirm_replace(out: Output, existing: list[Path]) -> bool:
    """Ask before replacing files of a previous run."""
    from opalexe_cert.cli import prompts

    names = ", ".join(p.name for p in existing)
    return prompts.yes_no(
        out, f"Ces fichiers existent déjà et seront remplacés : {names}. Continuer ?"
    )
