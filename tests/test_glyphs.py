"""Every letter the expert may type prints: the embedded font covers Latin Extended-A and B,
and a character it lacks is refused when typed (answers file and wizard), named."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pdfplumber
import pytest
from reportlab.pdfbase.ttfonts import TTFont
from test_documents_pdf import dossier_data

from opalexe_cert.adapters.documents.data import Holder
from opalexe_cert.adapters.documents.dossier import write_dossier
from opalexe_cert.adapters.documents.layout import FONT_DIR, FONT_FILES
from opalexe_cert.domain import glyphs
from opalexe_cert.domain.address import HOLDER_NAME_LINES, Address
from opalexe_cert.domain.fields import validate
from opalexe_cert.domain.procedure import FIELDS

from conftest import Runner, example_answers

TODAY = dt.date(2026, 11, 26)


def _ranges(codes: list[int]) -> tuple[tuple[int, int], ...]:
    ranges: list[tuple[int, int]] = []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    return tuple(ranges)


def test_printable_is_what_every_face_of_the_font_has() -> None:
    faces = [set(TTFont(n, str(FONT_DIR / f)).face.charToGlyph) for n, f in FONT_FILES.items()]
    expected = _ranges(sorted(set.intersection(*faces)))
    assert expected == glyphs.PRINTABLE, f"PRINTABLE = {expected!r}"


def test_the_font_and_its_licence_ship_with_the_package() -> None:
    assert sorted(p.name for p in FONT_DIR.iterdir()) == sorted(
        [*FONT_FILES.values(), "LICENSE-DejaVu.txt"]
    )
    assert "Bitstream Vera" in (FONT_DIR / "LICENSE-DejaVu.txt").read_text(encoding="utf-8")


def test_latin_extended_a_and_b_print() -> None:
    assert all(glyphs.printable(chr(c)) for c in range(0x0100, 0x0250))
    assert glyphs.unprintable("Ścisłowska Ștefănescu Đorđević Ǆ") == []


def holder(surname: str, given_names: str) -> Holder:
    return Holder(
        civility="Mme",
        surname=surname,
        given_names=given_names,
        siren="732829320",
        address=Address.parse(("12 rue des Lilas", "33000 Bordeaux"), name_lines=HOLDER_NAME_LINES),
    )


def test_names_from_central_europe_print_as_typed(tmp_path: Path) -> None:
    write_dossier(dossier_data(holder("Ștefănescu-Đorđević", "Małgorzata Ścisława")), tmp_path)
    with pdfplumber.open(tmp_path / "lettre-president.pdf") as pdf:
        page = " ".join(pdf.pages[0].extract_text().split())
    assert "Małgorzata Ścisława ȘTEFĂNESCU-ĐORĐEVIĆ" in page


def test_a_character_the_font_lacks_is_refused_named() -> None:
    for key in ("siren.surname", "siren.given_names", "profile.compagnie_name", "siren.address"):
        field = FIELDS[key]
        value = "12 rue 王\n33000 Bordeaux" if key == "siren.address" else "Wang 王"
        try:
            validate(field, value, TODAY)
        except ValueError as error:
            assert "« 王 » (U+738B)" in str(error) and "imprimé" in str(error), str(error)
        else:
            raise AssertionError(f"{key} accepted a character the font lacks")


def test_a_state_already_holding_one_stays_readable() -> None:
    from opalexe_cert.domain.fields import check_stored

    check_stored(FIELDS["siren.given_names"], "Wang 王")


def test_the_answers_file_names_key_and_character(
    cli: Runner, tmp_path: Path, state_file: Path
) -> None:
    answers = example_answers() | {"siren.confirm": False, "siren.given_names": "Éloïse 𝒜"}
    path = tmp_path / "a.json"
    path.write_text(json.dumps(answers, ensure_ascii=False), encoding="utf-8")
    result = cli("start", "--answers", str(path))
    assert result.code == 2, result.text
    assert "« siren.given_names »" in result.err and "(U+1D49C)" in result.err, result.err


def test_the_wizard_asks_again(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from test_wizard_steps import CLEAR, ENTER, at, walk

    path = at(tmp_path, "siren.siren")
    typed = "123456782" + ENTER + ENTER + "Wang 王" + ENTER + CLEAR + "WANG" + ENTER
    typed += "Li" + ENTER + "12 rue des Lilas" + ENTER + "33000 Bordeaux" + ENTER + ENTER
    state, _ = walk(path, "siren", typed)
    assert state.cycle.answers["siren.surname"] == "WANG"
    assert "(U+738B)" in capsys.readouterr().out


def test_print_dossier_refuses_a_recorded_name_the_font_lacks(tmp_path: Path) -> None:
    from opalexe_cert.adapters.documents.data import UnprintableAddress

    with pytest.raises(UnprintableAddress) as refused:
        write_dossier(dossier_data(holder("WANG 王", "Li")), tmp_path / "out")
    assert "« 王 » (U+738B)" in str(refused.value) and "--step siren" in str(refused.value)
    assert not (tmp_path / "out").exists()
