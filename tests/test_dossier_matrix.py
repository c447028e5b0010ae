"""The printed dossier on a matrix of inputs, every document read back (text, positions, fonts).

The matrix: the longest names and addresses the input rules allow, a man with a long
particle name, a Présidente of a compagnie with a long name and a 4-line address, both
handovers, both attestations, the ID valid / expiring / expired, and each step of the
procedure (nothing to send yet, envelope 1 to send, sent, back, envelope 2 sent).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from dossier_matrix import LETTER_DAY, LONGEST, MAN, PRESIDENTE, data
from pypdf import PdfReader

from opalexe_cert.adapters.documents.data import Document, DossierData, Stage
from opalexe_cert.adapters.documents.dossier import write_dossier
from opalexe_cert.adapters.documents.etiquette import LABEL_HEIGHT, LABEL_WIDTH, label_origins
from opalexe_cert.adapters.documents.layout import Letter
from opalexe_cert.domain.address import MAX_LINE_LENGTH, MAX_LINES, geographic_start
from opalexe_cert.domain.compagnie import ACSO

MM = 72 / 25.4
A4 = (595.28, 841.89)
ZONE = (95, 40, 200, 100)  # left, top, right, bottom in mm: what a DL window can show


@dataclass(frozen=True)
class Case:
    id: str
    data: DossierData


CASES = [
    Case("longest-acso-president-send", data()),
    Case(
        "longest-presidente-courier-back-expired",
        data(
            compagnie=PRESIDENTE, handover="courier", step="back_from_president", id_state="expired"
        ),
    ),
    Case(
        "longest-presidente-before-email-expiring-own-attestation",
        data(
            compagnie=PRESIDENTE,
            step="before_order_email",
            id_state="expiring",
            attestation_included=False,
        ),
    ),
    Case(
        "man-presidente-courier-sent-own-attestation",
        data(
            MAN, PRESIDENTE, handover="courier", step="president_sent", attestation_included=False
        ),
    ),
    Case(
        "man-acso-certeurope-sent-expired",
        data(MAN, ACSO, step="certeurope_sent", id_state="expired"),
    ),
    Case(
        "longest-acso-courier-no-certeurope-address",
        data(handover="courier", step="president_sent", certeurope_address=None),
    ),
]


CONTAINS: dict[Path, tuple[Document, ...]] = {}
"""The documents the complete file of each folder holds, as ``write_dossier`` said."""


@pytest.fixture(scope="module", params=CASES, ids=[c.id for c in CASES])
def printed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    case: Case = request.param
    directory = tmp_path_factory.mktemp(case.id)
    result = write_dossier(case.data, directory)
    (complete,) = (w for w in result.written if w.document is Document.COMPLETE)
    CONTAINS[directory] = complete.contains
    return case.data, directory


@dataclass(frozen=True)
class Read:
    """What the tests read in one PDF, parsed once (pdfplumber is slow: a page's objects are
    parsed on first use, then shared by its text, words and lines)."""

    texts: list[str]  # of each page
    words: list[dict[str, Any]]  # of the first page, with their font
    lines: list[dict[str, Any]]  # of the first page (fold marks, label guides)
    page_words: list[list[dict[str, Any]]]  # of each page, split at spaces
    rects: list[dict[str, Any]]  # of the first page (the ID copy's boxes)


@cache
def read(path: Path) -> Read:
    with pdfplumber.open(path) as pdf:
        first = pdf.pages[0]
        return Read(
            texts=[page.extract_text() or "" for page in pdf.pages],
            words=list(first.extract_words(keep_blank_chars=True, extra_attrs=["fontname"])),
            lines=list(first.lines),
            page_words=[list(page.extract_words()) for page in pdf.pages],
            rects=list(first.rects),
        )


def texts(path: Path) -> list[str]:
    """The text of each page."""
    return read(path).texts


def flat(path: Path) -> str:
    return " ".join(" ".join(texts(path)).split())


def letters(d: DossierData) -> list[Document]:
    found = [Document.PRESIDENT_LETTER]
    if d.certeurope_address is not None:
        found.append(Document.CERTEUROPE_LETTER)
    return found


def present(directory: Path) -> list[Document]:
    return [d for d in Document if (directory / d.filename).exists()]


def parts(directory: Path) -> list[Document]:
    """The documents present but the complete file, whose pages are theirs (checked below)."""
    return [d for d in present(directory) if d is not Document.COMPLETE]


# --- every document -----------------------------------------------------------------------


def test_the_complete_file_is_the_pages_of_its_documents_in_order(printed: Any) -> None:
    """So that what is read in each document holds for the complete file too (pypdf's text,
    much quicker than pdfplumber's: pages compared, not read for their layout)."""
    d, directory = printed
    contains = CONTAINS[directory]
    assert contains and set(contains) <= set(parts(directory))

    def pages(document: Document) -> list[str]:
        return [p.extract_text() for p in PdfReader(directory / document.filename).pages]

    complete = pages(Document.COMPLETE)
    assert complete == [page for document in contains for page in pages(document)]
    model = [p for p in pages(Document.ATTESTATION) if "Ne faites pas signer" in p]
    assert bool(model) is d.attestation_included  # the model not to sign...
    assert (Document.ATTESTATION in contains) is not d.attestation_included  # ...left out


def test_pages_are_a4_with_embedded_fonts_and_the_documents_date(printed: Any) -> None:
    d, directory = printed
    for document in present(directory):
        reader = PdfReader(directory / document.filename)
        for page in reader.pages:
            assert (
                round(float(page.mediabox.width), 2),
                round(float(page.mediabox.height), 2),
            ) == A4
            for font in page["/Resources"]["/Font"].values():
                assert "/FontFile2" in font.get_object()["/FontDescriptor"].get_object()
        metadata = reader.metadata
        assert metadata is not None
        assert metadata["/CreationDate"].startswith(f"D:{d.letter_date:%Y%m%d}")


def test_french_typography_everywhere(printed: Any) -> None:
    _, directory = printed
    for document in parts(directory):
        for page in texts(directory / document.filename):
            assert "'" not in page, (document, page[: page.find("'") + 20])
            for line in page.splitlines():
                assert not re.match(r"^[:;?!»]", line), (document, line)
                assert not re.search(r"(«|\bn°)$", line), (document, line)


def words(path: Path) -> list[dict[str, Any]]:
    """The words of the first page, with their font."""
    return read(path).words


def in_zone(word: dict[str, Any]) -> bool:
    left, top, right, bottom = (v * MM for v in ZONE)
    return (
        word["x1"] > left and word["x0"] < right and word["bottom"] > top and word["top"] < bottom
    )


def test_the_window_zone_holds_the_recipient_address_alone(printed: Any) -> None:
    d, directory = printed
    for document in letters(d):
        found = words(directory / document.filename)
        block = [w for w in found if in_zone(w)]
        assert block
        assert all(abs(w["x0"] - 110 * MM) < 0.5 * MM for w in block), document
        top = min(w["top"] for w in block) / MM
        bottom = max(w["bottom"] for w in block) / MM
        assert 50 <= top <= 55 and bottom <= top + 33
        assert max(w["x1"] for w in block) <= (110 + 85) * MM
        lines = [w["text"] for w in block]
        assert len(lines) <= MAX_LINES and all(len(line) <= MAX_LINE_LENGTH for line in lines)
        assert re.fullmatch(r"[0-9]{5} [A-Z0-9 \-]+", lines[-1])
        geographic = lines[geographic_start(lines) :]  # NF Z10-011's lines 4 to 6
        assert all(line == line.upper() and not re.search(r"[.,;’']", line) for line in geographic)


def test_the_sender_block_is_as_shown_narrow_and_the_surname_bold(printed: Any) -> None:
    d, directory = printed
    holder = d.holder
    for document in letters(d):
        sender = [
            w
            for w in words(directory / document.filename)
            if w["x0"] < 95 * MM and w["top"] < 100 * MM
        ]
        left = min(w["x0"] for w in sender)
        right = max(w["x1"] for w in sender)
        assert right < 95 * MM and right - left < 80 * MM
        text = " ".join(w["text"] for w in sender)
        for line in holder.address.envelope():  # as the address screen showed it
            assert " ".join(line.replace("'", "’").split()) in text
        bold = " ".join(w["text"] for w in sender if "Bold" in w["fontname"])
        assert bold.split()[0] in holder.family


def test_letters_fit_one_page_or_number_them_never_leaving_the_signature_alone(
    printed: Any,
) -> None:
    d, directory = printed
    for document in letters(d):
        pages = texts(directory / document.filename)
        if len(pages) > 1:
            for number, page in enumerate(pages, start=1):
                assert f"{number}/{len(pages)}" in page
        signed = [p for p in pages if d.holder.signature_name.split()[-1] in p.split("agréer")[-1]]
        assert "agréer" in pages[-1] and signed


def test_fold_marks_on_the_letters(printed: Any) -> None:
    d, directory = printed
    for document in letters(d):
        found = read(directory / document.filename).lines
        marks = [ln for ln in found if ln["x0"] < 1 and ln["x1"] < 8 * MM]
        assert sorted(round(m["top"] / MM) for m in marks) == [99, 198]


def test_one_label_per_envelope_and_guides_outside_them(printed: Any) -> None:
    d, directory = printed
    expected = 3 if d.certeurope_address else 2
    label = read(directory / Document.RETURN_LABEL.filename)
    lines, text = label.lines, label.texts[0]
    assert text.count("33000") + text.count("33160") >= 1
    labels = label_origins()[:expected]
    for line in lines:
        for left, top in labels:
            inside_x = left + 1 < line["x0"] * 1 and line["x1"] < left + LABEL_WIDTH - 1
            inside_y = top + 1 < line["top"] and line["bottom"] < top + LABEL_HEIGHT - 1
            assert not (inside_x and inside_y), line
    assert text.count("Étiquette ") == expected


# --- what each letter and checklist says ----------------------------------------------------


def test_the_president_letter(printed: Any) -> None:
    d, directory = printed
    letter = flat(directory / Document.PRESIDENT_LETTER.filename)
    assert "l’assurance de ma haute considération" in letter
    assert "uniquement par courrier postal" not in letter
    court = d.compagnie.court_phrase.replace("'", "’")
    assert f"{d.holder.agree('Expert', 'Experte')} de justice près la {court}" in letter
    if d.holder.phone:
        assert d.holder.phone in letter
    if d.courier:
        assert "coursier" in letter and "authentifie" not in letter
        assert "copie" not in letter.split("Pièces jointes")[1]
    else:
        assert "« Authentification de la copie » à compléter" in letter
        assert "par le moyen qui vous conviendra" in letter
    if d.attestation_included:
        assert "préremplie par CertEurope" in letter
    day = d.president_letter_date()
    if day is None:
        assert re.search(r", le \.{20,}", letter)
    else:
        assert f"le {day.day}" in letter.split("Objet")[0]


def test_the_attestation(printed: Any) -> None:
    d, directory = printed
    pages = [" ".join(p.split()) for p in texts(directory / Document.ATTESTATION.filename)]
    signed = "soussignée" if d.compagnie.feminine else "soussigné"
    name = " ".join(d.compagnie.president_name.split())
    assert f"Je {signed}, {name}, {d.compagnie.president_title} " in pages[0]
    listed = d.holder.agree("inscrit", "inscrite")
    court = d.compagnie.court_phrase.replace("'", "’")
    assert f"{listed} sur la liste des experts de la {court}" in pages[0]
    assert "Monsieur" not in pages[0].split("atteste")[0]
    assert ("Modèle pour mémoire" in pages[0]) is d.attestation_included
    assert len(pages) == 1  # the ID-copy page is a file of its own


def test_the_id_copy_page(printed: Any) -> None:
    d, directory = printed
    path = directory / Document.ID_COPY.filename
    assert path.exists() is not d.courier
    if d.courier:
        return
    pages = [" ".join(p.split()) for p in texts(path)]
    assert len(pages) == 1
    signed = "soussignée" if d.compagnie.feminine else "soussigné"
    assert f"Je {signed}, {' '.join(d.compagnie.president_name.split())}" in pages[0]
    assert "atteste avoir authentifié la copie ci-dessus" in pages[0]
    assert "sur présentation de l’original" in pages[0] and "par un autre moyen" in pages[0]
    assert "conforme à l’original présenté" not in pages[0]


def test_no_file_mixes_a_page_to_sign_and_one_not_to_sign(printed: Any) -> None:
    _, directory = printed
    for document in parts(directory):
        pages = texts(directory / document.filename)
        if any("Ne faites pas signer" in " ".join(p.split()) for p in pages):
            assert document is Document.ATTESTATION and len(pages) == 1


def test_the_certeurope_letter(printed: Any) -> None:
    d, directory = printed
    if d.certeurope_address is None:
        assert not (directory / Document.CERTEUROPE_LETTER.filename).exists()
        return
    letter = flat(directory / Document.CERTEUROPE_LETTER.filename)
    subject = letter.split("Objet")[1].split("Madame, Monsieur")[0]
    assert "CMD-2026-0917" in subject and "3 novembre 2026" in subject and "109,00 €" in subject
    returned = d.president_returned_on is not None
    assert ("a été signée" in letter) is returned
    assert "authentifiées" not in letter
    day = d.certeurope_letter_date()
    if day is None:
        assert re.search(r", le \.{20,}", letter)
    else:
        assert f"le {day.day}" in letter.split("Objet")[0]
    expired = d.id_state_on(day).value == "expired"
    if expired:
        assert "en cours de validité" not in letter


def test_the_bordereau(printed: Any) -> None:
    d, directory = printed
    pages = [" ".join(p.split()) for p in texts(directory / Document.BORDEREAU.filename)]
    everything = " ".join(pages)
    state = d.id_state_on(d.next_sending_day()).value
    if d.certeurope_stage is Stage.SENT:
        assert not pages[0].startswith("Attention")  # the dossier has left
    elif state in ("expired", "expiring"):
        assert pages[0].startswith("Attention : votre pièce d’identité")
        if state == "expired":
            assert "a expiré" in pages[0]
            assert everything.count("en cours de validité") == 1  # the warning's own words
    else:
        assert not pages[0].startswith("Attention")
    for point in ("20 g", "lettre suivie", "N° de suivi", "Photocopiez", "Envoyée le :"):
        assert point in everything
    assert "formulaire de CertEurope" in everything
    if not d.order_received:
        assert "À envoyer maintenant" not in everything
    stages = {1: d.president_stage, 2: d.certeurope_stage}
    for number, stage in stages.items():
        page = pages[number - 1]
        if stage is Stage.SEND_NOW:
            assert "À envoyer maintenant" in page
        elif stage is Stage.SENT:
            assert "Envoyée le " in page.split("Adresse")[0]
        else:
            assert "À préparer seulement" in page
    if d.courier:
        assert "coursier" in pages[0] and "copie de votre pièce d’identité" in pages[1].lower()
    if d.attestation_included:
        assert "préremplie jointe au dossier de CertEurope" in pages[0]
    else:
        assert "imprimée par opalexe-cert" in pages[0]


def test_a_presidente_is_named_so_everywhere() -> None:
    assert PRESIDENTE.feminine and LONGEST.feminine and not MAN.feminine
    assert dt.date(2026, 11, 26) == LETTER_DAY


def long_letter(paragraphs: int = 5) -> Letter:
    """A letter of ``paragraphs`` long paragraphs: five run over to a second page."""
    return Letter(
        key="long",
        title="lettre au Président",
        sender=["Jean <b>DUPONT</b>", "1 rue X", "33000 BORDEAUX"],
        recipient=["M. Marc GAUTHIER", "8 PLACE DES QUINCONCES", "33000 BORDEAUX"],
        place_date="Bordeaux, le 26 novembre 2026",
        town="Bordeaux",
        subject="essai",
        vedette="Monsieur le Président",
        paragraphs=["Un paragraphe assez long pour remplir la page. " * 12] * paragraphs,
        closing="l'assurance de ma haute considération.",
        signature="Jean DUPONT",
        enclosures=["Attestation", "Copie", "Enveloppe"],
    )


def test_a_letter_that_runs_over_numbers_its_pages_and_keeps_the_signature_with_its_text(
    tmp_path: Path,
) -> None:
    """No input allowed today makes a letter run over; if one ever does, it still prints whole."""
    from opalexe_cert.adapters.documents.layout import Metadata, letter_part, render

    letter = long_letter()
    path = tmp_path / "long.pdf"
    assert render([letter_part(letter)], Metadata("t", "a", "s"), path) == 2
    first, second = texts(path)
    assert "1/2" in first
    assert second.startswith("Jean DUPONT — lettre au Président — page 2/2") and "2/2" in second
    assert "Je vous prie d’agréer" in second and "Pièces jointes" in second


# --- small print ----------------------------------------------------------------------------

MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
CAPITAL = "A-ZÀ-ÖØ-ÞŒ"
# (end of a line, start of the next) that would split a SIREN, a date, a postcode and its town,
# or a particle and its surname.
SPLITS = [
    (r"\b[0-9]{3}$", r"^[0-9]{3}\b"),
    (r"\b(1er|[0-9]{1,2})$", rf"^({MONTHS})\b"),
    (rf"\b({MONTHS})$", r"^[0-9]{4}\b"),
    (r"\b[0-9]{5}$", rf"^[{CAPITAL}]"),
    (r"\b(de|du|des|la|La|le|Le)$", rf"^[{CAPITAL}][{CAPITAL}’-]*[{CAPITAL}]\b"),
]


def test_no_line_break_inside_a_siren_a_date_a_town_or_a_name(printed: Any) -> None:
    _, directory = printed
    for document in parts(directory):
        for page in texts(directory / document.filename):
            lines = [line.strip() for line in page.splitlines()]
            for before, after in pairwise(lines):
                for end, start in SPLITS:
                    assert not (re.search(end, before) and re.match(start, after)), (
                        document,
                        before,
                        after,
                    )


def test_at_least_25_mm_to_sign_a_letter(printed: Any) -> None:
    d, directory = printed
    given = d.holder.given.split()[0]
    for document in letters(d):
        found = read(directory / document.filename).page_words[-1]
        closing = max(
            w["bottom"] for w in found if w["text"].endswith(("considération.", "distinguées."))
        )
        name = min(w["top"] for w in found if w["text"] == given and w["top"] > closing)
        assert name - closing >= 25 * MM, document


def test_pdf_titles_agree_with_a_presidente(printed: Any) -> None:
    d, directory = printed
    metadata = PdfReader(directory / Document.PRESIDENT_LETTER.filename).metadata
    assert metadata is not None
    attestation = PdfReader(directory / Document.ATTESTATION.filename).metadata
    assert attestation is not None
    assert "\u00a0" not in str(metadata.author)  # no-break spaces are for the pages only
    if d.compagnie.feminine:
        assert metadata.title == "Lettre à la Présidente de la Compagnie"
        assert "signer par la Présidente" in str(attestation.subject)
    else:
        assert metadata.title == "Lettre au Président de la Compagnie"


def test_the_president_letter_says_nothing_goes_by_email(printed: Any) -> None:
    _, directory = printed
    assert "la procédure n’admet rien par courriel" in flat(
        directory / Document.PRESIDENT_LETTER.filename
    )


def test_the_bordereau_reminders_hang_from_their_bullets(printed: Any) -> None:
    _, directory = printed
    for found in read(directory / Document.BORDEREAU.filename).page_words:
        top = next(w["bottom"] for w in found if w["text"] == "Rappels")
        bottom = next(w["top"] for w in found if w["text"] == "Envoyée" and w["top"] > top)
        reminders = [w for w in found if top < w["top"] < bottom]
        starts = [w for w in reminders if w["x0"] < 23 * MM]
        assert starts and all(w["text"] == "•" for w in starts)


def test_the_id_copy_boxes_are_inside_the_margins(printed: Any) -> None:
    d, directory = printed
    if d.courier:
        return
    rects = read(directory / Document.ID_COPY.filename).rects
    assert rects
    assert all(r["x0"] >= 20 * MM - 1 and r["x1"] <= 190 * MM + 1 for r in rects)


def test_as_many_lines_to_copy_certeuropes_address_as_it_may_have(printed: Any) -> None:
    d, directory = printed
    if d.certeurope_address is not None:
        return
    second = texts(directory / Document.BORDEREAU.filename)[-1]
    dotted = [line for line in second.splitlines() if re.fullmatch(r"\.{20,}", line.strip())]
    assert len(dotted) == MAX_LINES  # CertEurope's lines carry no name line above them
