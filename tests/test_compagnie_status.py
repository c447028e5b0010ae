"""``compagnie status``: the roster read in every format, bad rows named and the rest reported,
hostile rosters refused clearly, ``--json`` against its schema, ``--csv`` never active."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from opalexe_cert.cli.commands.compagnie import csv_bytes, neutral
from opalexe_cert.domain import guide, listing
from opalexe_cert.domain.roster import Member, certificate_state, member_status

from clirun import EXAMPLES, ROOT, TODAY, opalexe
from compagnie_support import HEADERS, members, siren, write_csv, write_ods, write_xlsx

D = dt.date
SCHEMA = ROOT / "docs" / "schemas" / "compagnie-status.schema.json"


def _status(tmp_path: Path, roster: Path, *extra: str):  # type: ignore[no-untyped-def]
    return opalexe("compagnie", "status", "--roster", str(roster), *extra, cwd=tmp_path)


def _check_schema(data: object) -> None:
    import jsonschema

    jsonschema.validate(data, json.loads(SCHEMA.read_text(encoding="utf-8")))


# --- every format ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make",
    [
        lambda p: write_csv(p / "membres.csv", members()),  # ; and BOM: French Excel
        lambda p: write_csv(p / "membres.csv", members(), encoding="utf-8", delimiter=","),
        lambda p: write_csv(p / "membres.csv", members(), encoding="cp1252"),
        lambda p: write_csv(p / "membres.txt", members(), encoding="utf-16", delimiter="\t"),
        lambda p: write_xlsx(p / "membres.xlsx", members()),
        lambda p: write_ods(p / "membres.ods", members()),
    ],
    ids=[
        "csv-semicolon-bom",
        "csv-comma-utf8",
        "csv-windows-1252",
        "excel-unicode-text",
        "xlsx",
        "ods",
    ],
)
def test_every_format_gives_the_same_members(tmp_path: Path, make) -> None:  # type: ignore[no-untyped-def]
    result = _status(tmp_path, make(tmp_path), "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    _check_schema(data)
    assert data["counts"] == {"ok": 1, "renew": 1, "urgent": 1, "expired": 1, "unknown": 1}
    by_name = {m["surname"]: m for m in data["members"]}
    assert set(by_name) == {"Durand", "Lefèvre", "Œuvray", "Martin", "Petit"}
    assert by_name["Lefèvre"]["given_names"] == "Hélène Noël"
    assert by_name["Lefèvre"]["certificate_expiry"] == "2027-01-16"
    assert by_name["Lefèvre"]["probationary"] is True
    assert [m["state"] for m in data["members"]] == ["expired", "urgent", "renew", "unknown", "ok"]


def test_headers_in_any_order_case_and_accents(tmp_path: Path) -> None:
    roster = tmp_path / "m.csv"
    roster.write_text(
        "siren;NOM;EXPIRATION DU CERTIFICAT;prenoms\n" + f"{siren(7)};Roux;01/03/2027;Ana\n"
    )
    data = json.loads(_status(tmp_path, roster, "--json").out)
    assert data["members"][0]["given_names"] == "Ana"
    assert data["members"][0]["certificate_expiry"] == "2027-03-01"


def test_status_text_lists_members_by_urgency_with_counts(tmp_path: Path) -> None:
    result = _status(tmp_path, write_csv(tmp_path / "m.csv", members()))
    assert result.code == 0
    out = result.out
    assert "5 membres" in out and "expiré : 1" in out
    assert out.index("Luc MARTIN") < out.index("Zoé ŒUVRAY") < out.index("Jeanne DURAND")
    assert "Renouvellement à commencer avant le" in out


# --- bad rows ---------------------------------------------------------------------------------


def test_bad_rows_named_together_and_the_valid_rows_still_reported(tmp_path: Path) -> None:
    good = siren(20000001)
    rows = [
        ["Mme", "Bon", "Ana", good, "", "01/06/2027", "", "", ""],
        ["M.", "Clef", "Bob", good[:-1] + str((int(good[-1]) + 1) % 10), "", "", "", "", ""],
        ["M.", "Siret", "Cid", siren(20000002) + "00012", "", "", "", "", ""],
        ["M.", "Date", "Dan", siren(20000003), "", "31/02/2027", "", "", ""],
        ["M.", "Double", "Eve", good, "", "", "", "", ""],
        ["Dr", "Titre", "Fay", siren(20000004), "", "", "", "peut-être", ""],
    ]
    roster = write_csv(tmp_path / "liste.csv", rows, headers=[*HEADERS, "Spécialité"])
    result = _status(tmp_path, roster, "--json")
    assert result.code == 1
    data = json.loads(result.out)
    _check_schema(data)
    assert [m["surname"] for m in data["members"]] == ["Bon"]
    where = {(p["row"], p["column"]) for p in data["problems"]}
    assert where == {
        (1, "Spécialité"),
        (3, "SIREN"),
        (4, "SIREN"),
        (5, "expiration du certificat"),
        (6, "SIREN"),
        (7, "civilité"),
        (7, "inscription probatoire"),
    }
    text = " ".join(p["message"] for p in data["problems"])
    assert "clé de contrôle" in text and "SIRET" in text and "31/02/2027" in text
    assert "déjà à la ligne 2" in text and "en-tête inconnu (colonne J)" in text
    assert "liste.csv, ligne 4, colonne « SIREN » — " in result.err
    assert "En-têtes possibles" in result.err


def test_control_characters_are_a_problem_of_the_row(tmp_path: Path) -> None:
    rows = [["M.", "Ab\u202eC", "", siren(30000001), "", "", "", "", ""]]
    result = _status(tmp_path, write_csv(tmp_path / "c.csv", rows))
    assert result.code == 1
    assert "ligne 2, colonne « nom »" in result.err and "caractère invisible" in result.err
    assert "\u202e" not in result.out + result.err


# --- hostile rosters ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"", "le fichier est vide"),
        (b"\n \r\n", "le fichier est vide"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00" + bytes(range(256)) * 4, "contenu binaire"),
        (b"PK\x03\x04 not really a workbook", "pas un classeur lisible"),
        (b"a;b;c\n1;2;3\n", "ni colonne « nom » ni colonne « SIREN »"),
        (b"nom;siren\n\xff\xfe\x81\x8d\x8f\x90\x9d\n", "ni UTF-8, ni Windows-1252"),
    ],
    ids=["empty", "blank", "binary", "fake-zip", "not-a-roster", "bad-encoding"],
)
def test_not_a_roster_is_refused_clearly(tmp_path: Path, content: bytes, said: str) -> None:
    roster = tmp_path / "liste.csv"
    roster.write_bytes(content)
    result = _status(tmp_path, roster)
    assert result.code == 2
    assert said in result.err and "Traceback" not in result.err
    assert "inattendue" not in result.err


def test_a_50_megabyte_file_is_refused_without_being_read(tmp_path: Path) -> None:
    roster = tmp_path / "enorme.xlsx"
    with roster.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    result = _status(tmp_path, roster)
    assert result.code == 2 and "trop volumineux" in result.err


def test_a_missing_roster_or_a_folder(tmp_path: Path) -> None:
    assert "n'existe pas" in _status(tmp_path, tmp_path / "absent.csv").err
    assert "dossier" in _status(tmp_path, tmp_path).err


def test_formula_injection_prints_as_text_and_is_never_active_in_the_csv(tmp_path: Path) -> None:
    evil = "=cmd|' /C calc'!A0"
    rows = [
        ["M.", evil, "+1+2", siren(40000001), "", "", "", "", ""],
        ["M.", "@SUM(A1)", "-3", siren(40000002), "", "", "", "", ""],
    ]
    roster = write_csv(tmp_path / "f.csv", rows)
    shown = _status(tmp_path, roster, "--csv", str(tmp_path / "export.csv"))
    assert shown.code == 0
    assert "=CMD|" in shown.out and "@SUM(A1)" in shown.out  # shown as text, capitals aside
    exported = (tmp_path / "export.csv").read_bytes()
    assert exported.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(exported.decode("utf-8-sig")), delimiter=";"))
    assert table[0][0] == "État"
    cells = [cell for row in table[1:] for cell in row]
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    assert "'" + evil in cells and "'+1+2" in cells and "'@SUM(A1)" in cells
    data = json.loads(_status(tmp_path, roster, "--json").out)
    assert {m["surname"] for m in data["members"]} == {evil, "@SUM(A1)"}  # data kept as is


def test_neutral_leaves_ordinary_text_alone() -> None:
    assert neutral("Durand") == "Durand" and neutral("=1") == "'=1" and neutral("\t=1") == "'\t=1"


def test_ten_thousand_rows(tmp_path: Path) -> None:
    rows = [
        [
            "M.",
            f"Membre{i}",
            "Jean",
            siren(50000000 + i),
            "",
            D(2027, 1 + i % 12, 1 + i % 28),
            "",
            "",
            "",
        ]
        for i in range(10_000)
    ]
    result = _status(tmp_path, write_csv(tmp_path / "grand.csv", rows), "--json")
    assert result.code == 0
    data = json.loads(result.out)
    assert sum(data["counts"].values()) == 10_000 == len(data["members"])
    exported = csv_bytes([])
    assert exported.count(b"\r\n") == 1


# --- members' own exports ---------------------------------------------------------------------


def test_status_dir_gives_the_step_and_a_newer_expiry(tmp_path: Path) -> None:
    exports = tmp_path / "exports"
    exports.mkdir()
    made = opalexe(
        "--state", str(EXAMPLES / "state-en-cours.json"), "status", "--json", cwd=tmp_path
    )
    assert made.code == 0
    (exports / "aubigne.json").write_text(made.out, encoding="utf-8")
    data = json.loads(made.out)
    data["certificate"] = {"expiry": "2029-06-30", "source": "typed"}
    data["holder"]["siren"] = siren(60000002)
    (exports / "autre.json").write_text(json.dumps(data), encoding="utf-8")
    (exports / "bruit.json").write_text("[1, 2]", encoding="utf-8")
    rows = [
        ["Mme", "d'Aubigné-Lœwenbruck", "Éloïse Marie", "123456782", "", "", "", "", ""],
        ["M.", "Autre", "Jean", siren(60000002), "", "01/01/2027", "", "", ""],
    ]
    roster = write_csv(tmp_path / "m.csv", rows)
    import os

    os.utime(roster, (0, 0))  # the roster is older than the exports
    result = _status(tmp_path, roster, "--status-dir", str(exports), "--json")
    out = json.loads(result.out)
    _check_schema(out)
    by_siren = {m["siren"]: m for m in out["members"]}
    step = by_siren["123456782"]["step"]
    assert step["id"] == "certeurope_mail" and step["as_of"] == TODAY and step["title"]
    assert by_siren[siren(60000002)]["certificate_expiry"] == "2029-06-30"
    assert by_siren[siren(60000002)]["certificate_expiry_source"] == "status"
    assert [p["file"] for p in out["problems"]] == ["bruit.json"]
    assert result.code == 1


def test_compagnie_file_and_its_errors(tmp_path: Path) -> None:
    roster = write_csv(tmp_path / "m.csv", members()[:1])
    profile = {
        "profile.compagnie_name": "Compagnie des experts près la cour d'appel d'Agen",
        "profile.court_of_appeal": "Agen",
        "profile.president_civility": "Mme",
        "profile.president_name": "Claire Martin",
        "profile.compagnie_address": "1 place du Palais\n47000 Agen",
    }
    (tmp_path / "c.json").write_text(json.dumps(profile), encoding="utf-8")
    result = _status(tmp_path, roster, "--compagnie", str(tmp_path / "c.json"), "--json")
    assert json.loads(result.out)["compagnie"].endswith("d'Agen")
    del profile["profile.court_of_appeal"]
    profile["profile.nom"] = "x"
    (tmp_path / "c.json").write_text(json.dumps(profile), encoding="utf-8")
    bad = _status(tmp_path, roster, "--compagnie", str(tmp_path / "c.json"))
    assert bad.code == 2 and "profile.nom" in bad.err


# --- the rules ----------------------------------------------------------------------------------


def test_certificate_states_follow_the_guide_windows() -> None:
    expiry = D(2027, 6, 15)
    start, end = guide.renewal_window(expiry)
    assert certificate_state(expiry, start - dt.timedelta(days=1)) == "ok"
    assert certificate_state(expiry, start) == "renew"
    assert certificate_state(expiry, end) == "urgent"  # the guide's last 2 months
    assert certificate_state(expiry, expiry) == "urgent"
    assert certificate_state(expiry, expiry + dt.timedelta(days=1)) == "expired"
    assert certificate_state(None, expiry) == "unknown"


def test_flags() -> None:
    today = D(2026, 11, 2)
    m = Member(
        row=2,
        siren=siren(1),
        surname="X",
        certificate_expiry=D(2027, 3, 10),
        listing_end=D(2026, 12, 31),
        probationary=True,
    )
    status = member_status(m, today)
    assert status.flags == ("listing_ends_before_renewal", "probation_ends")
    assert status.relisting_due == D(2026, 2, 28) == listing.relisting_due(m.listing_end)
    later = Member(
        row=3,
        siren=siren(2),
        surname="Y",
        certificate_expiry=D(2029, 3, 10),
        listing_end=D(2030, 12, 31),
        probationary=False,
    )
    assert member_status(later, today).flags == ()
    soon = Member(row=4, siren=siren(3), surname="Z", listing_end=D(2027, 12, 31))
    assert member_status(soon, today).flags == ("certificate_unknown", "relisting_due")


def test_the_example_roster_reads_without_problems(tmp_path: Path) -> None:
    result = opalexe(
        "compagnie",
        "status",
        "--json",
        "--roster",
        str(EXAMPLES / "membres.csv"),
        "--compagnie",
        str(EXAMPLES / "compagnie.json"),
        cwd=tmp_path,
    )
    assert result.code == 0, result.err
    data = json.loads(result.out)
    _check_schema(data)
    assert len(data["members"]) == 4 and data["problems"] == []


def test_filing_campaign_boundaries() -> None:
    assert listing.next_filing_due(D(2026, 2, 28)) == D(2026, 2, 28)
    assert listing.next_filing_due(D(2026, 3, 1)) == D(2027, 2, 28)
    assert listing.next_filing_due(D(2027, 12, 31)) == D(2028, 2, 29)  # leap year
    assert listing.relisting_due(D(2028, 12, 31)) == D(2028, 2, 29)
    assert listing.assembly_month(D(2028, 12, 31)) == D(2028, 11, 1)
    late = Member(
        row=2, siren=siren(4), surname="W", listing_end=D(2026, 12, 31), probationary=True
    )
    (reason,) = [r for r in member_status(late, D(2026, 11, 2)).reasons if "inscription" in r]
    assert "date passée" in reason  # the campaign of 2026 is over: said, not hidden


def test_a_roster_with_headers_only_gives_valid_json(tmp_path: Path) -> None:
    roster = tmp_path / "vide.csv"
    roster.write_text("Nom;SIREN\r\n", encoding="utf-8")
    result = _status(tmp_path, roster, "--json")
    assert result.code == 0
    data = json.loads(result.out)
    _check_schema(data)
    assert data["members"] == [] and sum(data["counts"].values()) == 0


def test_listing_rules_come_with_their_sources_and_what_is_not_applied(tmp_path: Path) -> None:
    data = json.loads(_status(tmp_path, write_csv(tmp_path / "m.csv", members()), "--json").out)
    rules = {r["id"]: r for r in data["listing_rules"]}
    assert set(rules) == {"probation", "relisting", "filing", "assembly"}
    assert all("2004-1463" in r["source"] and "https://" in r["source"] for r in rules.values())
    assert "Non vérifié" in data["not_applied"]


def test_status_dir_must_be_a_folder(tmp_path: Path) -> None:
    roster = write_csv(tmp_path / "m.csv", members())
    result = _status(tmp_path, roster, "--status-dir", str(roster))
    assert result.code == 2 and "n'est pas un dossier" in result.err


def test_hostile_member_exports_are_named_and_skipped(tmp_path: Path) -> None:
    exports = tmp_path / "exports"
    exports.mkdir()
    (exports / "a.json").write_bytes(b"\xff\xfe\x00garbage")
    (exports / "b.json").write_text("[" * 100_000 + "]" * 100_000)
    (exports / "c.json").write_text(
        json.dumps({"today": "hier", "holder": {"siren": siren(10000001)}})
    )
    (exports / "d.json").write_text(json.dumps({"today": "2026-11-01", "holder": {"siren": "1"}}))
    result = _status(
        tmp_path, write_csv(tmp_path / "m.csv", members()), "--status-dir", str(exports), "--json"
    )
    assert result.code == 1 and "Traceback" not in result.err
    data = json.loads(result.out)
    assert len(data["members"]) == 5
    messages = {p["file"]: p["message"] for p in data["problems"]}
    assert set(messages) == {"a.json", "b.json", "c.json", "d.json"}
    assert "date illisible" in messages["c.json"] and "9 chiffres" in messages["d.json"]


def test_a_workbook_that_would_unpack_too_far_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import zipfile

    from opalexe_cert.adapters.roster import files

    monkeypatch.setattr(files, "MAX_UNPACKED", 1024 * 1024)  # the limit, scaled down
    bomb = tmp_path / "bombe.xlsx"
    with (
        zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/worksheets/sheet1.xml", "w") as member,
    ):
        member.write(b"\0" * (2 * 1024 * 1024))
    assert bomb.stat().st_size < 64 * 1024
    result = _status(tmp_path, bomb)
    assert result.code == 2 and "une fois décompressé" in result.err


def test_within_a_state_the_soonest_expiry_comes_first_whatever_the_flags(tmp_path: Path) -> None:
    """Two urgent members: the certificate that expires first is listed first, even when the
    other has a listing to renew as well."""
    today = dt.date.fromisoformat(TODAY)
    rows = [
        ["M.", "Later", "Paul", siren(30000001), "", today + dt.timedelta(days=45),
         today + dt.timedelta(days=25), "oui", ""],
        ["Mme", "Sooner", "Zoé", siren(30000002), "", today + dt.timedelta(days=5),
         dt.date(2030, 12, 31), "non", ""],
    ]  # fmt: skip
    result = _status(tmp_path, write_csv(tmp_path / "m.csv", rows), "--json")
    found = json.loads(result.out)["members"]
    assert [m["state"] for m in found] == ["urgent", "urgent"]
    assert [m["surname"] for m in found] == ["Sooner", "Later"]
    assert found[1]["flags"]  # the one listed second does have a reason of its own
