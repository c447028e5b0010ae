"""Rosters made by the tests, in every format secretaries keep them: CSV (``;`` or ``,``,
UTF-8 with or without BOM, Windows-1252), ``.xlsx`` (openpyxl) and ``.ods`` (odfpy)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

Row = Sequence[object]


def siren(prefix: int) -> str:
    """A SIREN with a valid Luhn key: ``prefix`` on 8 digits, then the key."""
    body = f"{prefix:08d}"
    for key in range(10):
        digits = body + str(key)
        total = 0
        for position, char in enumerate(reversed(digits)):
            value = int(char) * (2 if position % 2 else 1)
            total += value - 9 if value > 9 else value
        if total % 10 == 0:
            return digits
    raise AssertionError(prefix)  # pragma: no cover


HEADERS = (
    "Civilité",
    "Nom",
    "Prénoms",
    "SIREN",
    "Courriel",
    "Expiration du certificat",
    "Fin d'inscription",
    "Inscription probatoire",
    "Adresse",
)


def members(today: dt.date = dt.date(2026, 11, 2)) -> list[list[object]]:
    """Five members, one per certificate state (dates relative to ``today``)."""
    return [
        [
            "Mme",
            "Durand",
            "Jeanne",
            siren(10000001),
            "jeanne.durand@exemple.fr",
            today + dt.timedelta(days=400),
            dt.date(2030, 12, 31),
            "non",
            "3 rue des Lilas\n33000 Bordeaux",
        ],
        [
            "M.",
            "Lefèvre",
            "Hélène Noël",
            siren(10000002),
            "",
            today + dt.timedelta(days=75),
            dt.date(2026, 12, 31),
            "oui",
            "8 cours de l'Intendance\n33000 Bordeaux",
        ],
        [
            "Mme",
            "Œuvray",
            "Zoé",
            siren(10000003),
            "",
            today + dt.timedelta(days=20),
            "",
            "",
            "1 place de la Bourse\n33000 Bordeaux",
        ],
        [
            "M.",
            "Martin",
            "Luc",
            siren(10000004),
            "",
            today - dt.timedelta(days=5),
            "",
            "",
            "2 quai Richelieu\n33000 Bordeaux",
        ],
        ["M.", "Petit", "Marc", siren(10000005), "", "", "", "", ""],
    ]


def _cell_text(value: object) -> str:
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def write_csv(
    path: Path,
    rows: Sequence[Row],
    *,
    headers: Sequence[str] = HEADERS,
    delimiter: str = ";",
    encoding: str = "utf-8-sig",
) -> Path:
    """A CSV as Excel writes it (CRLF, fields quoted when needed)."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_cell_text(v) for v in row])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, rows: Sequence[Row], *, headers: Sequence[str] = HEADERS) -> Path:
    """An ``.xlsx`` workbook with real date cells and a numeric SIREN (as Excel types it)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(headers))
    for row in rows:
        sheet.append(
            [int(v) if i == 3 and v else (v if v != "" else None) for i, v in enumerate(row)]
        )
    book.save(path)
    return path


def write_ods(path: Path, rows: Sequence[Row], *, headers: Sequence[str] = HEADERS) -> Path:
    """An ``.ods`` spreadsheet (odfpy) with date-valued cells, as LibreOffice saves it."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    table = Table(name="Membres")
    for row in [list(headers), *rows]:
        line = TableRow()
        for value in row:
            if isinstance(value, dt.date):
                cell = TableCell(valuetype="date", datevalue=value.isoformat())
            elif value in ("", None):
                cell = TableCell()
            else:
                cell = TableCell(valuetype="string")
            if value not in ("", None):
                for part in _cell_text(value).split("\n"):
                    cell.addElement(P(text=part))
            line.addElement(cell)
        table.addElement(line)
    document.spreadsheet.addElement(table)
    document.save(str(path))
    return path
