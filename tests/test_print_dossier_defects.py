"""The printed dossier's defects, each through the real commands:
``start --answers`` then ``print-dossier``, read back from the PDFs."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from opalexe_cert.adapters.documents import etiquette
from opalexe_cert.adapters.documents.data import check_printable, envelopes
from opalexe_cert.adapters.documents.from_state import dossier_data
from opalexe_cert.adapters.store import writer
from opalexe_cert.domain import engine
from opalexe_cert.domain.address import ABBREVIATIONS, AddressError
from opalexe_cert.domain.errors import InputError
from opalexe_cert.domain.procedure import FIELDS
from opalexe_cert.domain.state import State

from clirun import Result, clean_env, invoke, plain

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "answers-complete.json"
COMPLETE: dict[str, Any] = json.loads(EXAMPLE.read_text(encoding="utf-8"))
TODAY = dt.date(2026, 9, 10)


def upto(last_key: str) -> dict[str, Any]:
    """The example's answers up to and including ``last_key``."""
    keys = list(COMPLETE)
    return {k: COMPLETE[k] for k in keys[: keys.index(last_key) + 1]}


class Runner:
    """Runs ``opalexe-cert`` in this process (``clirun.invoke``), offline, on a given day."""

    def invoke(self, args: list[str], today: str) -> Result:
        return invoke(*args, variables=clean_env(today))


@pytest.fixture
def runner() -> Runner:
    return Runner()


def start(runner: Runner, tmp_path: Path, answers: dict[str, Any], today: str) -> Result:
    state = tmp_path / "state.json"
    answers_file = tmp_path / "answers.json"
    answers_file.write_text(json.dumps(answers, ensure_ascii=False), encoding="utf-8")
    return runner.invoke(
        ["--state", str(state), "start", "--answers", str(answers_file), "--no-input"], today
    )


def print_dossier(runner: Runner, tmp_path: Path, today: str) -> Result:
    return runner.invoke(
        [
            "--state",
            str(tmp_path / "state.json"),
            "print-dossier",
            "--no-input",
            "-o",
            str(tmp_path / "out"),
        ],
        today,
    )


def pages(path: Path) -> list[str]:
    """The text of each page, spaces collapsed (pypdf: several times quicker than pdfplumber,
    which is kept for the positions, ``recipient``)."""
    return [" ".join(p.extract_text().split()) for p in PdfReader(path).pages]


def recipient(path: Path) -> list[str]:
    """The lines in the window zone of the letter's first page."""
    with pdfplumber.open(path) as pdf:
        found = pdf.pages[0].extract_words(keep_blank_chars=True)
    mm = 72 / 25.4
    return [w["text"] for w in found if w["x0"] > 95 * mm and 40 * mm < w["top"] < 100 * mm]


FIVE_LINES = "Maison de l'expertise\nBureau 14\n2e étage\n5 place André Mignot\n78000 Versailles"
PRESIDENTE = {
    "profile.compagnie": "other",
    "profile.compagnie_name": "Compagnie des experts de justice près la cour d'appel de Versailles",
    "profile.court_of_appeal": "Versailles",
    "profile.president_civility": "Mme",
    "profile.president_name": "Marie-Amélie de LA ROCHEFOUCAULD-DOUDEAU",
}


# --- what start accepts prints; what cannot print is refused at input, by name -----------------


def test_start_refuses_a_compagnie_address_no_envelope_can_print(
    runner: Runner, tmp_path: Path
) -> None:
    answers = {**PRESIDENTE, "profile.compagnie_address": FIVE_LINES, "profile.email": "a@b.fr"}
    result = start(runner, tmp_path, answers, "2026-09-01")
    assert result.code == 2
    assert "profile.compagnie_address" in said(result)
    assert "en 4 lignes au plus" in said(result)


def test_start_refuses_a_line_too_long_even_abbreviated_naming_it(
    runner: Runner, tmp_path: Path
) -> None:
    answers = upto("siren.given_names")
    answers["siren.address"] = "Résidence des Grands Chênes Centenaires du Parc\n33000 Bordeaux"
    result = start(runner, tmp_path, answers, "2026-09-01")
    assert result.code == 2
    assert "siren.address" in said(result)
    assert "« Résidence des Grands Chênes Centenaires du Parc »" in said(result)


def test_an_old_state_with_an_unprintable_address_writes_nothing_and_says_how_to_fix_it(
    runner: Runner, tmp_path: Path
) -> None:
    start(runner, tmp_path, upto("order_email.date"), "2026-09-20")
    path = tmp_path / "state.json"
    saved = json.loads(path.read_text(encoding="utf-8"))  # as an older version recorded it
    saved["cycle"]["answers"].update({**PRESIDENTE, "profile.compagnie_address": FIVE_LINES})
    path.write_text(json.dumps(saved, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "bordereau.pdf").write_bytes(b"previous run")
    result = print_dossier(runner, tmp_path, "2026-09-20")
    assert result.code == 2
    assert "l'adresse de la Présidente de la Compagnie ne peut pas être imprimée" in said(result)
    assert "opalexe-cert start --step profile" in said(result)
    assert sorted(p.name for p in out.iterdir()) == ["bordereau.pdf"]  # as it was
    assert (out / "bordereau.pdf").read_bytes() == b"previous run"


def test_a_six_line_certeurope_address_prints(runner: Runner, tmp_path: Path) -> None:
    answers = upto("president_return.date")
    answers["certeurope_mail.address"] = (
        "CertEurope\nService Experts\nImmeuble Le Polaris\n26 rue du Faubourg Poissonnière\n"
        "CS 70021\n75010 Paris"
    )
    assert start(runner, tmp_path, answers, "2026-09-16").code == 2  # stops at the date
    result = print_dossier(runner, tmp_path, "2026-09-16")
    assert result.code == 0, result.text
    lines = recipient(tmp_path / "out" / "lettre-certeurope.pdf")
    assert len(lines) == 6 and lines[-1] == "75010 PARIS"


SAFE = "abcdefghijklmnopqrstuvwxyzéèàçôœ"
WORD = st.one_of(
    st.text(alphabet=SAFE + SAFE.upper() + "'-,.", min_size=1, max_size=14),
    st.sampled_from(sorted(ABBREVIATIONS)).map(str.capitalize),
)
LINE = st.lists(WORD, min_size=1, max_size=7).map(" ".join)
ADDRESS = st.builds(
    lambda street, code, town: "\n".join([*street, f"{code[:2]} {code[2:]} {town}"]),
    st.lists(LINE, min_size=1, max_size=6),
    st.from_regex(r"\A[0-9]{5}\Z"),
    st.text(alphabet=SAFE.upper() + "- ", min_size=1, max_size=30).map(str.strip).filter(bool),
)
NAME = st.text(alphabet=SAFE + SAFE.upper() + "-' ", min_size=1, max_size=40).map(str.strip)


def accepted(state: State, key: str, value: object) -> State:
    """``state`` with ``value`` recorded as ``start`` records it, or unchanged if refused."""
    try:
        return engine.record(state, key, value, dt.date(2026, 9, 1))
    except InputError:
        return state


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    holder_address=ADDRESS,
    compagnie_address=ADDRESS,
    certeurope_address=ADDRESS,
    surname=NAME,
    given_names=NAME,
    president=st.tuples(NAME, NAME).map(lambda p: f"{p[0]} {p[1].upper()}"),
    short_name=st.one_of(st.none(), st.text(alphabet=SAFE + " ", min_size=1, max_size=38)),
)
def test_whatever_start_accepts_print_dossier_prints(
    holder_address: str,
    compagnie_address: str,
    certeurope_address: str,
    surname: str,
    given_names: str,
    president: str,
    short_name: str | None,
) -> None:
    state = State()
    for key, value in upto("order_email.date").items():
        state = engine.record(state, key, value, dt.date(2026, 9, 2))
    for key, value in [
        *PRESIDENTE.items(),
        ("profile.president_name", president),
        ("profile.compagnie_address", compagnie_address),
        ("profile.compagnie_short_name", short_name),
        ("siren.surname", surname),
        ("siren.given_names", given_names),
        ("siren.address", holder_address),
        ("certeurope_mail.address", certeurope_address),
    ]:
        if key in FIELDS and value is not None:
            state = accepted(state, key, value)
    data = dossier_data(state, dt.date(2026, 9, 2))
    try:
        check_printable(data)  # everything an envelope, a letter or a label prints
    except AddressError as error:  # pragma: no cover - the property's failure
        pytest.fail(f"accepted by start, refused by print-dossier: {error}")
    if data.certeurope_address is not None:
        for plan in envelopes(data):
            assert len(plan.address) <= 6 and all(len(line) <= 38 for line in plan.address)
    if data.holder is not None:
        for _, lines in etiquette.labels(data):
            assert len(lines) <= 6 and all(len(line) <= 38 for line in lines)


# --- an expired ID is never described as valid -----------------------------------------------


def test_an_expired_id_is_never_valid_and_the_bordereau_says_so_first(
    runner: Runner, tmp_path: Path
) -> None:
    answers = upto("certeurope_mail.address")
    answers["president_mail.id_expiry"] = "2026-09-30"
    assert start(runner, tmp_path, answers, "2026-10-05").code == 2
    result = print_dossier(runner, tmp_path, "2026-10-05")
    assert result.code == 0, result.text
    out = tmp_path / "out"
    bordereau = pages(out / "bordereau.pdf")
    assert bordereau[0].startswith("Attention : votre pièce d’identité a expiré le 30 septembre")
    certeurope = " ".join(pages(out / "lettre-certeurope.pdf"))
    assert "en cours de validité" not in certeurope and "valable" not in certeurope


# --- the compagnie on every envelope, on one line -------------------------------------------


def test_the_compagnie_is_named_on_one_line_of_every_envelope(
    runner: Runner, tmp_path: Path
) -> None:
    answers = {
        **upto("order_email.date"),
        **PRESIDENTE,
        "profile.compagnie_address": "Maison de l'expertise\n5 place André Mignot\n"
        "78000 Versailles",
    }
    if "profile.compagnie_short_name" in FIELDS:
        answers["profile.compagnie_short_name"] = "CEJ Versailles"
    start(runner, tmp_path, answers, "2026-09-02")
    result = print_dossier(runner, tmp_path, "2026-09-02")
    assert result.code == 0, result.text
    out = tmp_path / "out"
    lines = recipient(out / "lettre-president.pdf")
    assert lines[0] == "Mme M.-A. de La ROCHEFOUCAULD-DOUDEAU"
    assert lines[1].startswith("Présidente de la CEJ")
    labels = " ".join(pages(out / "etiquette-retour.pdf"))
    assert lines[1] in labels
    assert "Présidente de la Compagnie Maison" not in labels


# --- each letter and envelope follows its step -----------------------------------------------


def test_before_certeurope_email_nothing_is_to_send(runner: Runner, tmp_path: Path) -> None:
    start(runner, tmp_path, upto("payment.amount"), "2026-09-02")
    result = print_dossier(runner, tmp_path, "2026-09-02")
    assert result.code == 0, result.text
    assert "nvoyer maintenant" not in said(result)
    out = tmp_path / "out"
    assert "À envoyer maintenant" not in " ".join(pages(out / "bordereau.pdf"))
    letter = pages(out / "lettre-president.pdf")[0]
    assert "Bordeaux, le ....." in letter  # not dated before it can be sent


def test_a_sent_letter_keeps_its_date_and_the_certeurope_letter_waits(
    runner: Runner, tmp_path: Path
) -> None:
    start(runner, tmp_path, upto("president_mail.date"), "2026-09-10")
    result = print_dossier(runner, tmp_path, "2026-09-10")
    assert "Enveloppe n° 1 : au Président de la Compagnie — envoyée le 4 septembre 2026" in (
        said(result)
    )
    out = tmp_path / "out"
    assert "Bordeaux, le 4 septembre 2026" in pages(out / "lettre-president.pdf")[0]
    bordereau = pages(out / "bordereau.pdf")
    assert "Envoyée le 4 septembre 2026" in bordereau[0]
    assert "À préparer seulement" in bordereau[1]


def test_the_certeurope_letter_is_dated_when_sent_and_cites_the_order(
    runner: Runner, tmp_path: Path
) -> None:
    early = tmp_path / "early"
    early.mkdir()
    start(runner, early, upto("president_mail.date"), "2026-09-10")
    with writer(early / "state.json") as session:  # as print-dossier's own question records it
        address = COMPLETE["certeurope_mail.address"]
        session.save(engine.record(session.state, "certeurope_mail.address", address, TODAY))
    print_dossier(runner, early, "2026-09-10")
    before = pages(early / "out" / "lettre-certeurope.pdf")[0]
    assert "authentifiée" not in before and "a été signée" not in before
    assert "Bordeaux, le ....." in before
    later = tmp_path / "later"
    later.mkdir()
    start(runner, later, upto("certeurope_mail.address"), "2026-09-16")
    print_dossier(runner, later, "2026-09-16")
    after = pages(later / "out" / "lettre-certeurope.pdf")[0]
    assert "Bordeaux, le 16 septembre 2026" in after
    assert "a été signée, et la copie de ma pièce d’identité authentifiée" in after
    assert "Objet : commande n° CMD-2026-0917 du 2 septembre 2026 (109,00 €)" in after


# --- the courier, and which attestation -------------------------------------------------------


def test_with_the_courier_the_president_only_signs_the_attestation(
    runner: Runner, tmp_path: Path
) -> None:
    answers = {**upto("order_email.date"), "offer.handover": "courier"}
    start(runner, tmp_path, answers, "2026-09-02")
    result = print_dossier(runner, tmp_path, "2026-09-02")
    assert result.code == 0, result.text
    out = tmp_path / "out"
    letter = pages(out / "lettre-president.pdf")[0]
    assert "coursier" in letter
    assert "authentifier" not in letter and "copie" not in letter.split("Pièces jointes")[1]
    assert len(pages(out / "attestation-appartenance.pdf")) == 1  # no certified-copy page
    bordereau = pages(out / "bordereau.pdf")
    assert "Pas de copie de pièce d’identité" in bordereau[0]
    assert "La copie de votre pièce d’identité" in bordereau[1]


def test_the_attestation_to_sign_is_named(runner: Runner, tmp_path: Path) -> None:
    start(runner, tmp_path, upto("order_email.date"), "2026-09-02")
    print_dossier(runner, tmp_path, "2026-09-02")
    out = tmp_path / "out"
    attestation = pages(out / "attestation-appartenance.pdf")[0]
    assert attestation.startswith("Modèle pour mémoire : l’attestation à faire signer est celle")
    assert "préremplie par CertEurope" in pages(out / "lettre-president.pdf")[0]
    if "order_email.attestation_included" in FIELDS:
        own = tmp_path / "own"
        own.mkdir()
        start(
            runner,
            own,
            {**upto("order_email.date"), "order_email.attestation_included": False},
            "2026-09-02",
        )
        print_dossier(runner, own, "2026-09-02")
        assert "Modèle pour mémoire" not in pages(own / "out" / "attestation-appartenance.pdf")[0]
        assert "imprimée par opalexe-cert" in pages(own / "out" / "bordereau.pdf")[0]


# --- paths: no planted file followed, owner-only, French errors -------------------------------


@pytest.mark.posix
def test_a_planted_symlink_is_not_followed_and_files_are_owner_only(
    runner: Runner, tmp_path: Path
) -> None:
    start(runner, tmp_path, upto("order_email.date"), "2026-09-02")
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("précieux", encoding="utf-8")
    (out / ".lettre-president.pdf.tmp").symlink_to(victim)
    result = print_dossier(runner, tmp_path, "2026-09-02")
    assert result.code == 0, result.text
    assert victim.read_text(encoding="utf-8") == "précieux"
    for pdf in out.glob("*.pdf"):
        assert stat.S_IMODE(pdf.stat().st_mode) == 0o600, pdf


@pytest.mark.posix
def test_a_fifo_in_place_of_a_pdf_is_refused_and_nothing_written(
    runner: Runner, tmp_path: Path
) -> None:
    start(runner, tmp_path, upto("order_email.date"), "2026-09-02")
    out = tmp_path / "out"
    out.mkdir()
    os.mkfifo(out / "bordereau.pdf")
    result = print_dossier(runner, tmp_path, "2026-09-02")
    assert result.code != 0
    assert f"impossible d'écrire dans le dossier « {out} »" in said(result)
    assert "Traceback" not in result.text and "Erreur inattendue" not in result.text
    assert [p.name for p in out.iterdir()] == ["bordereau.pdf"]


@contextlib.contextmanager
def unwritable(folder: Path) -> Iterator[None]:
    """``folder`` refuses new files, even to root (CI runs as root, which ignores modes): the
    immutable attribute where ``chattr`` works, else the mode bits."""
    root = hasattr(os, "geteuid") and os.geteuid() == 0
    chattr = shutil.which("chattr")
    if root:
        if chattr is None or subprocess.run([chattr, "+i", str(folder)], check=False).returncode:
            pytest.skip("root ignores modes and this file system has no immutable attribute")
        try:
            yield
        finally:
            subprocess.run([chattr, "-i", str(folder)], check=True)
        return
    folder.chmod(0o500)
    try:
        yield
    finally:
        folder.chmod(0o700)


@pytest.mark.posix
def test_a_folder_without_write_permission_is_named_in_french(
    runner: Runner, tmp_path: Path
) -> None:
    start(runner, tmp_path, upto("order_email.date"), "2026-09-02")
    out = tmp_path / "out"
    out.mkdir()
    with unwritable(out):
        result = print_dossier(runner, tmp_path, "2026-09-02")
    assert result.code != 0
    assert f"« {out} »" in said(result) and "droits insuffisants" in said(result)
    assert "Traceback" not in result.text and "Erreur inattendue" not in result.text
    assert list(out.iterdir()) == []


def test_an_old_state_with_a_surname_no_envelope_holds_names_it(
    runner: Runner, tmp_path: Path
) -> None:
    start(runner, tmp_path, upto("order_email.date"), "2026-09-20")
    path = tmp_path / "state.json"
    saved = json.loads(path.read_text(encoding="utf-8"))
    # The holder is derived from the answers and the look-up: a surname SIRENE gave, adopted
    # before names were checked (a typed one that long is refused when the file is read).
    answers = saved["cycle"]["answers"]
    del answers["siren.surname"]
    saved["cycle"]["lookup"] = {"siren": answers["siren.siren"], "birth_name": "X" * 40}
    path.write_text(json.dumps(saved, ensure_ascii=False), encoding="utf-8")
    result = print_dossier(runner, tmp_path, "2026-09-20")
    assert result.code == 2
    assert "votre nom ne peut pas être imprimé sur une enveloppe" in said(result)
    assert "opalexe-cert start --step siren" in said(result)
    assert not (tmp_path / "out").exists()


def said(result: Result) -> str:
    """What the command printed, with plain spaces and apostrophes (``clirun.plain``)."""
    return plain(result.raw_out + result.raw_err)


def test_a_long_town_keeps_its_date_on_one_line(runner: Runner, tmp_path: Path) -> None:
    """« Saint-Germain-en-Laye, le 27 novembre 2026 » is too wide for the address column:
    it moves against the right margin rather than leave « 2026 » alone on a line."""
    answers = upto("president_return.date") | {
        "siren.address": "14 avenue du Maréchal Leclerc\n78100 Saint-Germain-en-Laye",
        "president_return.date": "2026-09-15",
        "certeurope_mail.address": COMPLETE["certeurope_mail.address"],
    }
    assert start(runner, tmp_path, answers, "2026-09-16").code != 0  # waits for step 10
    result = print_dossier(runner, tmp_path, "2026-09-16")
    assert result.code == 0, said(result)
    with pdfplumber.open(tmp_path / "out" / "lettre-certeurope.pdf") as pdf:
        lines = pdf.pages[0].extract_text().split("\n")
    assert "Saint-Germain-en-Laye, le 16 septembre 2026" in [plain(line) for line in lines]
