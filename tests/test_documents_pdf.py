"""Read every PDF of the dossier back: page size, fonts, exact text, positions, refusals."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from pypdf import PdfReader

from opalexe_cert.adapters.documents.data import (
    NO_CERTEUROPE_ADDRESS,
    NO_IDENTITY,
    Document,
    DocumentNotReady,
    DossierData,
    Holder,
)
from opalexe_cert.adapters.documents.dossier import existing_files, write_document, write_dossier
from opalexe_cert.adapters.documents.layout import missing_glyphs
from opalexe_cert.domain.address import (
    HOLDER_NAME_LINES,
    MAX_LINE_LENGTH,
    PRESIDENT_NAME_LINES,
    Address,
)
from opalexe_cert.domain.compagnie import Compagnie

MM = 72 / 25.4
A4_POINTS = (595.28, 841.89)
CERTEUROPE = ("CertEurope", "Service Experts", "26 rue du Faubourg Poissonnière", "75010 Paris")

ELOISE = Holder(
    civility="Mme",
    surname="D'Aubigné-Lœwenbruck",
    given_names="Éloïse",
    siren="732829320",
    address=Address.parse(
        (
            "Résidence « Les Œillets », bâtiment C",
            "12 avenue du Maréchal de Lattre de Tassigny",
            "33000 Bordeaux",
        ),
        name_lines=HOLDER_NAME_LINES,
    ),
    email="eloise.daubigne@example.fr",
)
JEAN_FRANCOIS = Holder(
    civility="M.",
    surname="de La Tour d'Auvergne",
    given_names="Jean-François",
    siren="552100554",
    address=Address.parse(
        ("3 cours de l'Intendance", "33000 BORDEAUX"), name_lines=HOLDER_NAME_LINES
    ),
)
LYON = Compagnie(
    key="other",
    name="Compagnie des experts de justice près la cour d'appel de Lyon",
    court_of_appeal="Lyon",
    president_civility="Mme",
    president_name="Hélène CŒURDEROY",
    address=Address.parse(
        ("Palais de justice", "67 rue Servient", "69003 Lyon"), name_lines=PRESIDENT_NAME_LINES
    ),
)


def dossier_data(holder: Holder | None = ELOISE, **changes: Any) -> DossierData:
    """A complete dossier for ``holder`` (changes override single fields)."""
    values: dict[str, Any] = {
        "holder": holder,
        "medium": "card",
        "handover": "president",
        "certeurope_address": Address.parse(CERTEUROPE),
        "id_expiry": dt.date(2030, 3, 12),
        "letter_date": dt.date(2026, 11, 26),
    }
    values.update(changes)
    return DossierData(**values)


@pytest.fixture(scope="module")
def eloise_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("eloise")
    write_dossier(dossier_data(), directory)
    return directory


def page_text(path: Path) -> str:
    """The text of every page, with ’ read as ' (the typography is tested apart); pypdf's,
    several times quicker than pdfplumber's, which is kept for the positions."""
    return "\n".join(page.extract_text() for page in PdfReader(path).pages).replace("’", "'")


def first_page_lines(
    path: Path, left_mm: float, top_mm: float, bottom_mm: float
) -> list[dict[str, Any]]:
    """The text lines of page 1 starting right of ``left_mm``, between two heights (mm)."""
    with pdfplumber.open(path) as pdf:
        words = pdf.pages[0].extract_words(keep_blank_chars=True)
    return [
        w
        for w in words
        if w["x0"] >= left_mm * MM - 1 and top_mm * MM <= w["top"] <= bottom_mm * MM
    ]


def test_the_bundled_font_covers_french() -> None:
    assert missing_glyphs() == {}


def test_every_file_is_written(eloise_dir: Path) -> None:
    assert sorted(p.name for p in eloise_dir.iterdir()) == sorted(d.filename for d in Document)


@pytest.mark.parametrize("document", list(Document))
def test_pages_are_a4_and_fonts_embedded(eloise_dir: Path, document: Document) -> None:
    reader = PdfReader(eloise_dir / document.filename)
    assert reader.pages
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width, 2), round(height, 2)) == A4_POINTS
        fonts = page["/Resources"]["/Font"]
        assert fonts
        for font in fonts.values():
            font = font.get_object()
            descriptor = font["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, font["/BaseFont"]


@pytest.mark.parametrize(
    ("document", "title"),
    [
        (Document.PRESIDENT_LETTER, "Lettre au Président de la Compagnie"),
        (Document.ATTESTATION, "Attestation d'appartenance à la Compagnie"),
        (Document.CERTEUROPE_LETTER, "Lettre à CertEurope"),
        (Document.BORDEREAU, "Bordereau d'envoi du dossier"),
        (Document.RETURN_LABEL, "Étiquettes des enveloppes"),
        (Document.COMPLETE, "Dossier de demande de certificat CertEurope pour OPALEXE"),
    ],
)
def test_metadata(eloise_dir: Path, document: Document, title: str) -> None:
    metadata = PdfReader(eloise_dir / document.filename).metadata
    assert metadata is not None
    assert metadata.title == title.replace("'", "’")
    assert metadata.author == "Éloïse d’AUBIGNÉ-LŒWENBRUCK"
    assert metadata.subject


@pytest.mark.parametrize(
    "document",
    [
        Document.PRESIDENT_LETTER,
        Document.ATTESTATION,
        Document.CERTEUROPE_LETTER,
        Document.RETURN_LABEL,
        Document.COMPLETE,
    ],
)
def test_names_with_accents_ligatures_and_apostrophes_are_exact(
    eloise_dir: Path, document: Document
) -> None:
    assert "Éloïse d'AUBIGNÉ-LŒWENBRUCK" in page_text(eloise_dir / document.filename)


def test_particle_name_is_exact(tmp_path: Path) -> None:
    write_dossier(dossier_data(JEAN_FRANCOIS), tmp_path)
    letter = page_text(tmp_path / "lettre-president.pdf")
    assert "Jean-François de La TOUR d'AUVERGNE" in letter.split("Pièces jointes")[0]
    attestation = page_text(tmp_path / "attestation-appartenance.pdf")
    assert "M. Jean-François de La TOUR d'AUVERGNE" in attestation
    assert "Je vous serais reconnaissant de" in letter


def test_president_letter_content_and_reading_order(eloise_dir: Path) -> None:
    reader = PdfReader(eloise_dir / "lettre-president.pdf")
    assert len(reader.pages) == 1
    content = reader.pages[0].extract_text()
    expected_in_order = [
        "Éloïse d'AUBIGNÉ-LŒWENBRUCK",
        "SIREN 732 829 320",
        "M. Marc GAUTHIER",
        "33000 BORDEAUX",
        "Bordeaux, le 26 novembre 2026",
        "Objet :",
        "Monsieur le Président,",
        "copie en couleur, recto et verso",
        "enveloppe timbrée",
        "Je vous prie d'agréer, Monsieur le Président,",
        "Pièces jointes :",
        "1.",
        "Attestation d'appartenance à la Compagnie",
        "2.",
        "3.",
        "Enveloppe timbrée libellée à mon adresse",
    ]
    position = 0
    flat = " ".join(content.replace("’", "'").split())
    for fragment in expected_in_order:
        found = flat.find(fragment, position)
        assert found >= 0, f"{fragment!r} missing or out of order"
        position = found
    assert "Je vous serais reconnaissante" in flat


def test_first_day_of_month_is_written_1er(tmp_path: Path) -> None:
    path = tmp_path / "lettre.pdf"
    write_document(dossier_data(letter_date=dt.date(2026, 12, 1)), Document.PRESIDENT_LETTER, path)
    assert "Bordeaux, le 1er décembre 2026" in page_text(path)


@pytest.mark.parametrize("document", [Document.PRESIDENT_LETTER, Document.CERTEUROPE_LETTER])
def test_recipient_block_sits_in_the_dl_window(eloise_dir: Path, document: Document) -> None:
    block = first_page_lines(eloise_dir / document.filename, 100, 40, 90)
    block = [w for w in block if "Bordeaux, le" not in w["text"]]
    assert block
    left = min(w["x0"] for w in block) / MM
    top = min(w["top"] for w in block) / MM
    right = max(w["x1"] for w in block) / MM
    bottom = max(w["bottom"] for w in block) / MM
    assert left == pytest.approx(110, abs=0.3)
    assert 50 <= top <= 55
    assert right <= 110 + 85
    assert bottom <= top + 33
    assert all(len(w["text"]) <= MAX_LINE_LENGTH for w in block)


def test_president_recipient_lines(eloise_dir: Path) -> None:
    block = first_page_lines(eloise_dir / "lettre-president.pdf", 100, 40, 85)
    assert [w["text"] for w in block] == [
        "M. Marc GAUTHIER",
        "Président de la Compagnie ACSO",
        "8 PLACE DES QUINCONCES",
        "33000 BORDEAUX",
    ]


def test_the_sender_block_and_the_labels_print_the_address_as_shown(eloise_dir: Path) -> None:
    sender = " ".join(
        w["text"] for w in first_page_lines(eloise_dir / "lettre-president.pdf", 15, 10, 60)
    )
    assert "Résidence « Les Œillets », bâtiment C" in sender  # the norm's line 3: as typed
    assert "12 AV DU MAL DE LATTRE DE TASSIGNY" in sender  # line 4, as the screen showed it
    attestation = " ".join(page_text(eloise_dir / "attestation-appartenance.pdf").split())
    assert "Résidence « Les Œillets », bâtiment C, 12 AV DU MAL" in attestation
    with pdfplumber.open(eloise_dir / "etiquette-retour.pdf") as pdf:
        lines = (pdf.pages[0].extract_text() or "").splitlines()
    label_lines = [line for line in lines if "12 AV DU MAL DE LATTRE DE TASSIGNY" in line]
    assert len(label_lines) == 1  # one label per envelope: only the return one is the holder's


def test_certeurope_letter_lists_the_complete_dossier(eloise_dir: Path) -> None:
    flat = " ".join(page_text(eloise_dir / "lettre-certeurope.pdf").split())
    assert "75010 PARIS" in flat
    assert "Madame, Monsieur," in flat
    assert "Je vous prie d'agréer, Madame, Monsieur," in flat
    for piece in (
        "Dossier de commande",
        "Attestation d'appartenance",
        "Copie en couleur, recto et verso",
    ):
        assert piece in flat


def test_attestation_is_prefilled(eloise_dir: Path) -> None:
    flat = " ".join(page_text(eloise_dir / "attestation-appartenance.pdf").split())
    assert "ATTESTATION D'APPARTENANCE À LA COMPAGNIE" in flat
    assert (
        "Je soussigné, Marc GAUTHIER, Président de la Compagnie des Experts de Justice ACSO" in flat
    )
    assert "inscrite sur la liste des experts de la cour d'appel de Bordeaux" in flat
    assert "732 829 320" in flat
    assert "cour d'appel de Bordeaux" in flat
    assert "Signature du Président" in flat
    assert "Cachet de la Compagnie" in flat


def test_bordereau_has_one_page_per_envelope_with_reminders(eloise_dir: Path) -> None:
    with pdfplumber.open(eloise_dir / "bordereau.pdf") as pdf:
        pages = [" ".join((p.extract_text() or "").split()) for p in pdf.pages]
        boxes = [len(p.rects) for p in pdf.pages]
    assert len(pages) == 2
    assert "Enveloppe n° 1 : au Président de la Compagnie" in pages[0]
    assert "8 PLACE DES QUINCONCES" in pages[0]
    assert "Enveloppe n° 2 : à CertEurope" in pages[1]
    assert "26 RUE DU FAUBOURG POISSONNIERE" in pages[1]
    for reminder in (
        "Rien par courriel",
        "en couleur",
        "recto et verso",
        "lettre suivie",
        "timbrée",
    ):
        assert reminder in pages[0]
    assert all(count >= 4 for count in boxes)  # one tick box per item (plus the address box)


def test_a_woman_president_is_addressed_as_such(tmp_path: Path) -> None:
    result = write_dossier(dossier_data(JEAN_FRANCOIS, compagnie=LYON), tmp_path)
    assert not result.skipped
    flat = " ".join(page_text(tmp_path / "lettre-president.pdf").split())
    assert "Madame la Présidente," in flat
    assert "Je vous prie d'agréer, Madame la Présidente," in flat
    assert "Mme Hélène CŒURDEROY" in flat
    attestation = " ".join(page_text(tmp_path / "attestation-appartenance.pdf").split())
    assert "Je soussignée, Hélène CŒURDEROY, Présidente de la Compagnie" in attestation
    assert "cour d'appel de Lyon" in attestation
    assert "Signature de la Présidente" in attestation


def test_dossier_complet_holds_every_page_but_the_model(eloise_dir: Path) -> None:
    total = sum(
        len(PdfReader(eloise_dir / d.filename).pages)
        for d in Document
        if d not in (Document.COMPLETE, Document.ATTESTATION)  # a model: not to sign
    )
    complete = PdfReader(eloise_dir / "dossier-complet.pdf")
    assert len(complete.pages) == total
    assert "Enveloppe n° 1" in (complete.pages[0].extract_text() or "")


def test_same_data_and_date_give_the_same_bytes(tmp_path: Path) -> None:
    first, second, later = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    write_dossier(dossier_data(), first)
    write_dossier(dossier_data(), second)
    write_dossier(dossier_data(letter_date=dt.date(2026, 11, 27)), later)
    for document in Document:
        assert (first / document.filename).read_bytes() == (second / document.filename).read_bytes()
    assert (first / "lettre-president.pdf").read_bytes() != (
        later / "lettre-president.pdf"
    ).read_bytes()


def test_no_identity_means_no_document(tmp_path: Path) -> None:
    result = write_dossier(dossier_data(holder=None), tmp_path)
    assert result.written == []
    assert {s.document for s in result.skipped} == set(Document)
    assert all(NO_IDENTITY in s.reasons for s in result.skipped)
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(DocumentNotReady, match="identité du titulaire"):
        write_document(dossier_data(holder=None), Document.ATTESTATION, tmp_path / "a.pdf")


def test_no_certeurope_address_skips_only_that_letter(tmp_path: Path) -> None:
    result = write_dossier(dossier_data(certeurope_address=None), tmp_path)
    assert [(s.document, s.reasons) for s in result.skipped] == [
        (Document.CERTEUROPE_LETTER, [NO_CERTEUROPE_ADDRESS])
    ]
    assert not (tmp_path / "lettre-certeurope.pdf").exists()
    complete = next(w for w in result.written if w.document is Document.COMPLETE)
    assert Document.CERTEUROPE_LETTER not in complete.contains
    bordereau = " ".join(page_text(tmp_path / "bordereau.pdf").split())
    assert "Adresse de CertEurope imprimée sur le dossier" in bordereau
    with pytest.raises(DocumentNotReady, match="adresse postale de CertEurope"):
        write_document(
            dossier_data(certeurope_address=None), Document.CERTEUROPE_LETTER, tmp_path / "x.pdf"
        )


def test_rewriting_says_what_was_replaced(tmp_path: Path) -> None:
    first = write_dossier(dossier_data(), tmp_path)
    assert not any(w.replaced for w in first.written)
    assert len(existing_files(tmp_path)) == len(Document)
    second = write_dossier(dossier_data(), tmp_path)
    assert all(w.replaced for w in second.written)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(d.filename for d in Document)


def test_expiring_id_is_flagged_on_the_bordereau(tmp_path: Path) -> None:
    write_dossier(dossier_data(id_expiry=dt.date(2027, 1, 15)), tmp_path)
    flat = " ".join(page_text(tmp_path / "bordereau.pdf").split())
    assert "expire le 15 janvier 2027, dans moins de 3 mois" in flat
