"""``print-dossier`` in a pseudo-terminal: it asks for CertEurope's address and before replacing."""

from __future__ import annotations

from pathlib import Path

from wizard_support import DOWN, ENTER, Terminal, answers_until, prepare, saved

TODAY = "2026-09-16"


def prepared(tmp_path: Path, until: str) -> tuple[Path, Path]:
    """A state answered up to ``until`` (excluded), and where the dossier goes."""
    state = tmp_path / "state.json"
    prepare(state, answers_until(until), TODAY)
    return state, tmp_path / "dossier"


def open_print(terminals: list[Terminal], state: Path, output: Path) -> Terminal:
    terminal = Terminal(state, TODAY, "--output", str(output), command="print-dossier")
    terminals.append(terminal)
    return terminal


def test_asks_for_certeurope_address_then_before_replacing(
    tmp_path: Path, terminals: list[Terminal]
) -> None:
    state, output = prepared(tmp_path, "certeurope_mail.address")
    assert "certeurope_mail.address" not in saved(state)["cycle"]["answers"]

    t = open_print(terminals, state, output)
    t.answer(r"\? Avez-vous sous les yeux l'adresse postale de CertEurope", ENTER)  # Oui
    t.answer(r"\? Ligne 1", "CertEurope - Service Experts" + ENTER)
    t.answer(r"\? Ligne 2", "26 rue du Faubourg Poissonnière" + ENTER)
    t.answer(r"\? Ligne 3", "75010 Paris" + ENTER)
    t.expect("L'adresse telle qu'elle sera imprimée")  # shown as printed
    t.answer(r"\? Cette adresse est-elle correcte \?", ENTER)
    t.expect("lettre-certeurope.pdf")
    assert t.finish() == 0
    recorded = saved(state)["cycle"]["answers"]["certeurope_mail.address"]
    assert recorded == "CertEurope - Service Experts\n26 rue du Faubourg Poissonnière\n75010 PARIS"
    assert (output / "lettre-certeurope.pdf").exists()
    before = (output / "bordereau.pdf").stat().st_mtime_ns

    recap_before = (output / "recap.pdf").stat().st_mtime_ns
    again = open_print(terminals, state, output)
    again.expect("existent déjà et seront remplacés")
    again.answer(r"recap\.pdf\. Continuer \?", DOWN + ENTER)  # Non: the recap is named too
    again.expect("Rien n'a été écrit")
    assert again.finish() == 0
    assert (output / "bordereau.pdf").stat().st_mtime_ns == before
    assert (output / "recap.pdf").stat().st_mtime_ns == recap_before


def test_address_can_be_left_for_later(tmp_path: Path, terminals: list[Terminal]) -> None:
    state, output = prepared(tmp_path, "certeurope_mail.address")
    t = open_print(terminals, state, output)
    t.answer(r"\? Avez-vous sous les yeux", DOWN + ENTER)  # Non
    t.expect(r"\(lettre-certeurope\.pdf\) n'a pas été préparée")
    assert t.finish() == 0
    assert (output / "lettre-president.pdf").exists()
    assert not (output / "lettre-certeurope.pdf").exists()
    assert "certeurope_mail.address" not in saved(state)["cycle"]["answers"]


def test_before_certeuropes_email_its_address_is_not_asked(
    tmp_path: Path, terminals: list[Terminal]
) -> None:
    state, output = prepared(tmp_path, "order_email.date")
    assert "order_email.date" not in saved(state)["cycle"]["answers"]
    t = open_print(terminals, state, output)
    t.expect(r"lettre-certeurope\.pdf\) sera préparée")
    assert t.finish() == 0
    assert "sous les yeux" not in t.display()
    assert (output / "lettre-president.pdf").exists()
    assert not (output / "lettre-certeurope.pdf").exists()
