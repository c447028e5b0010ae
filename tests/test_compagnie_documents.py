"""``compagnie attestations``, ``calendar`` and ``report``: the PDFs read back, the ICS parsed
back, all or nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from icalendar import Calendar
from pypdf import PdfReader

from clirun import TODAY, opalexe, plain
from compagnie_support import members, siren, write_csv, write_xlsx

D = dt.date


def _text(path: Path) -> list[str]:
    """Each page's text (pypdf's: several times quicker than pdfplumber's)."""
    return [plain(page.extract_text()) for page in PdfReader(path).pages]


def _run(tmp_path: Path, command: str, roster: Path, *extra: str):  # type: ignore[no-untyped-def]
    return opalexe("compagnie", command, "--roster", str(roster), *extra, cwd=tmp_path)


def _complete(tmp_path: Path) -> Path:
    """The five members, the last one given an address so that every attestation prints."""
    rows = members()
    rows[4][8] = "5 rue Sainte-Catherine / 33000 Bordeaux"
    return write_xlsx(tmp_path / "membres.xlsx", rows)


# --- attestations ---------------------------------------------------------------------------


def test_one_attestation_per_member_a_combined_file_and_the_list(tmp_path: Path) -> None:
    result = _run(tmp_path, "attestations", _complete(tmp_path), "--output", "sortie")
    assert result.code == 0, result.err
    folder = tmp_path / "sortie"
    singles = sorted(p.name for p in folder.glob("attestation-*.pdf"))
    assert len(singles) == 5 and f"attestation-{siren(10000003)}-oeuvray.pdf" in singles
    page = _text(folder / f"attestation-{siren(10000002)}-lefevre.pdf")
    assert len(page) == 1  # the attestation alone: no ID page to certify without the member
    assert "ATTESTATION D'APPARTENANCE À LA COMPAGNIE" in page[0]
    assert "M. Hélène Noël LEFÈVRE, inscrit sur la liste des experts" in " ".join(page[0].split())
    assert "100 000 028" in page[0] or siren(10000002)[:3] in page[0]
    assert "Modèle pour mémoire" not in page[0]  # this one is signed
    combined = _text(folder / "attestations-a-signer.pdf")
    assert len(combined) == 5
    assert ["LEFÈVRE" in p for p in combined].count(True) == 1
    listing = _text(folder / "liste-des-attestations.pdf")
    assert len(listing) == 1
    assert "5 attestations préparées le 2 novembre 2026" in " ".join(listing[0].split())
    assert "02/11/2026" in listing[0] and "Zoé ŒUVRAY" in listing[0]


def test_siren_and_due_select_members(tmp_path: Path) -> None:
    roster = _complete(tmp_path)
    one = _run(tmp_path, "attestations", roster, "-o", "un", "--siren", siren(10000001))
    assert one.code == 0
    assert len(list((tmp_path / "un").glob("attestation-*.pdf"))) == 1
    due = _run(tmp_path, "attestations", roster, "-o", "dues", "--due")
    names = sorted(p.name.split("-")[2] for p in (tmp_path / "dues").glob("attestation-*.pdf"))
    assert names == ["lefevre.pdf", "martin.pdf", "oeuvray.pdf"]  # renew, expired, urgent
    assert due.code == 0
    unknown = _run(tmp_path, "attestations", roster, "-o", "x", "--siren", siren(99999999))
    assert unknown.code == 2 and "absent de la liste" in unknown.err


def test_all_or_nothing_names_the_member_that_cannot_print(tmp_path: Path) -> None:
    roster = write_csv(tmp_path / "m.csv", members())  # Petit has no address
    result = _run(tmp_path, "attestations", roster, "-o", "sortie")
    assert result.code == 2
    assert "ligne 6, Marc PETIT" in result.err and "adresse absente" in result.err
    assert "aucun fichier n'a été écrit" in result.err
    assert not (tmp_path / "sortie").exists()


def test_a_roster_with_errors_prints_nothing(tmp_path: Path) -> None:
    rows = [*members(), ["M.", "Faux", "Jo", "123", "", "", "", "", ""]]
    result = _run(tmp_path, "attestations", write_csv(tmp_path / "m.csv", rows), "-o", "s")
    assert result.code == 1 and "ligne 7" in result.err
    assert not (tmp_path / "s").exists()


def test_output_that_is_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "sortie").write_text("x")
    result = _run(tmp_path, "attestations", _complete(tmp_path), "-o", "sortie")
    assert result.code == 2 and "n'est pas un dossier" in result.err


# --- calendar ---------------------------------------------------------------------------------


def test_calendar_parses_back_with_stable_uids_and_9_am_reminders(tmp_path: Path) -> None:
    roster = write_csv(tmp_path / "m.csv", members())
    first = _run(tmp_path, "calendar", roster, "-o", "a.ics")
    assert first.code == 0, first.err
    second = opalexe(
        "compagnie",
        "calendar",
        "--roster",
        str(roster),
        "-o",
        "b.ics",
        cwd=tmp_path,
        env={"OPALEXE_CERT_TODAY": TODAY},
    )
    assert second.code == 0
    events = list(Calendar.from_ical((tmp_path / "a.ics").read_bytes()).walk("VEVENT"))
    again = list(Calendar.from_ical((tmp_path / "b.ics").read_bytes()).walk("VEVENT"))
    assert [str(e["uid"]) for e in events] == [str(e["uid"]) for e in again]
    assert len({str(e["uid"]) for e in events}) == len(events)
    summaries = [str(e["summary"]) for e in events]
    # renewals still ahead: Lefèvre (renew) and Durand (ok, window in 2027); Œuvray's is past
    assert sum("renouvellement du certificat" in s for s in summaries) == 2
    assert any("Réinscription de Hélène Noël LEFÈVRE" in s for s in summaries) is False
    assert not any(siren(10000001) in str(e["uid"]) for e in events)
    for event in events:
        for alarm in event.walk("VALARM"):
            trigger = alarm["trigger"].dt
            assert (trigger % dt.timedelta(days=1)) == dt.timedelta(hours=9)
    durand = next(e for e in events if "DURAND" in str(e["summary"]))
    assert durand["dtstart"].dt == D(2027, 9, 7) and durand["dtend"].dt == D(2027, 10, 8)


def test_calendar_holds_relisting_deadlines(tmp_path: Path) -> None:
    rows = [["M.", "Roux", "Ana", siren(70000001), "", "", D(2027, 12, 31), "oui", ""]]
    _run(tmp_path, "calendar", write_csv(tmp_path / "m.csv", rows), "-o", "r.ics")
    (event,) = Calendar.from_ical((tmp_path / "r.ics").read_bytes()).walk("VEVENT")
    assert event["dtstart"].dt == D(2027, 2, 28)
    description = plain(str(event["description"]))
    assert "inscription probatoire" in description.lower()
    assert "première quinzaine de novembre 2027" in description


# --- report -------------------------------------------------------------------------------------


def test_report_is_one_page_with_counts_chart_and_members_to_contact(tmp_path: Path) -> None:
    rows = [
        [
            "M.",
            f"Membre{i}",
            "Jean",
            siren(80000000 + i),
            "",
            D(2026, 11, 2) + dt.timedelta(days=30 * i) if i % 2 else "",
            "",
            "",
            "",
        ]
        for i in range(60)
    ]
    result = _run(tmp_path, "report", write_csv(tmp_path / "m.csv", rows), "-o", "bilan.pdf")
    assert result.code == 0, result.err
    (page,) = _text(tmp_path / "bilan.pdf")
    flat = " ".join(page.split())
    assert "60 membres dans la liste" in flat
    assert "T4 2026" in flat and "T3 2029" in flat  # twelve quarters
    assert "Membres à contacter" in flat and "autres : la liste complète" in flat


def test_a_member_whose_listing_ended_gets_no_attestation(tmp_path: Path) -> None:
    rows = members()[:1]
    rows[0][6] = D(2025, 12, 31)
    result = _run(tmp_path, "attestations", write_csv(tmp_path / "m.csv", rows), "-o", "s")
    assert result.code == 2
    assert "inscription sur la liste terminée le 31 décembre 2025" in result.err
    assert not (tmp_path / "s").exists()


def test_more_than_a_few_attestations_show_a_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    rows = [
        [
            "Mme",
            f"Membre{i}",
            "Ana",
            siren(90000000 + i),
            "",
            "",
            "",
            "",
            "1 rue A / 33000 Bordeaux",
        ]
        for i in range(7)
    ]
    roster = write_csv(tmp_path / "m.csv", rows)
    shown = opalexe(
        "compagnie",
        "attestations",
        "--roster",
        str(roster),
        "-o",
        "s",
        cwd=tmp_path,
        env={"FORCE_COLOR": "1"},
    )
    assert shown.code == 0
    assert "Attestations" in shown.err and "100%" in shown.err
    quiet = _run(tmp_path, "attestations", roster, "-o", "t")  # a pipe: no bar
    assert "Attestations" not in quiet.err and len(list((tmp_path / "t").iterdir())) == 9


def test_report_stays_on_one_page_with_long_names_and_reasons(tmp_path: Path) -> None:
    rows = [
        [
            "M.",
            f"Delacroix-Montmorency-Saint-Aubin{i}",
            "Jean-Baptiste Marie-Joseph",
            siren(31000000 + i),
            "",
            D(2027, 1, 20),
            D(2026, 12, 31),
            "oui",
            "",
        ]
        for i in range(40)
    ]
    result = _run(tmp_path, "report", write_csv(tmp_path / "m.csv", rows), "-o", "b.pdf")
    assert result.code == 0
    (page,) = _text(tmp_path / "b.pdf")
    flat = " ".join(page.split())
    assert "Membres à contacter (40)" in flat
    shown = flat.count("SAINT-AUBIN")
    assert 5 <= shown < 40 and f"et {40 - shown} autres" in flat
