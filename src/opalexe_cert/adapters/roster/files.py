"""Read a roster file (CSV, ``.xlsx``, ``.ods``) into rows of cells, and the members'
``status --json`` exports of a folder; ``domain.roster`` checks what they contain.

CSV as French Excel and LibreOffice write it: ``;`` or ``,`` (or a tab), UTF-8 with or without
BOM, UTF-16 (Excel's « texte Unicode »), or Windows-1252. Spreadsheets through python-calamine
(imported only here, when a spreadsheet is read).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

from opalexe_cert.adapters.atomic import read_bytes
from opalexe_cert.domain.errors import InputError, os_reason
from opalexe_cert.domain.roster import (
    Cell,
    NotARoster,
    Problem,
    Progress,
    Roster,
    progress_from_status,
    read_rows,
)

MAX_ROSTER_BYTES = 20 * 1024 * 1024
"""A roster of 10,000 members is about 1 MB in CSV: 20 MB is no roster."""
MAX_UNPACKED = 200 * 1024 * 1024
"""A workbook of 10,000 members unpacks to a few megabytes."""
MAX_STATUS_BYTES = 2 * 1024 * 1024
MAX_STATUS_FILES = 100_000
SPREADSHEETS = (".xlsx", ".xlsm", ".xls", ".ods")
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"


def _refusal(path: Path, reason: str) -> InputError:
    return InputError(
        f"Impossible de lire la liste des membres « {path} » : {reason}. Indiquez un fichier "
        ".csv, .xlsx ou .ods avec --roster."
    )


def read_roster(path: Path) -> Roster:
    """The roster in ``path``: its members and problems; ``InputError`` (French) when the file
    cannot be read or is not a roster at all."""
    try:
        content = read_bytes(path, limit=MAX_ROSTER_BYTES)
    except OSError as error:
        raise _refusal(path, os_reason(error)) from None
    if not content.strip():
        raise _refusal(path, "le fichier est vide")
    try:
        if path.suffix.lower() in SPREADSHEETS or content.startswith((_ZIP, _OLE)):
            rows = _spreadsheet_rows(path, content)
        else:
            rows = _csv_rows(path, content)
        return read_rows(path.name, rows)
    except NotARoster as error:
        raise _refusal(path, error.message[0].lower() + error.message[1:].rstrip(".")) from None


def _check_unpacked_size(content: bytes) -> None:
    """Refuse a workbook (a ZIP archive) that would unpack to more than ``MAX_UNPACKED``:
    a small file may hide gigabytes (a « zip bomb »)."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            size = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # calamine says it is not a workbook
    if size > MAX_UNPACKED:
        raise NotARoster(
            f"Ce classeur occuperait plus de {MAX_UNPACKED // (1024 * 1024)}\u00a0Mo une fois "
            "décompressé : ce n'est pas une liste de membres"
        )


def _spreadsheet_rows(path: Path, content: bytes) -> list[list[Cell]]:
    from python_calamine import CalamineError, CalamineWorkbook

    if content.startswith(_ZIP):
        _check_unpacked_size(content)
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(content))
        visible = [m.name for m in book.sheets_metadata if str(m.visible).endswith("Visible")]
        sheet = book.get_sheet_by_name((visible or book.sheet_names)[0])
        rows: list[list[Cell]] = [list(r) for r in sheet.to_python(skip_empty_area=False)]
    except (CalamineError, ValueError, OSError, IndexError):
        raise NotARoster(
            "Ce n'est pas un classeur lisible (fichier abîmé, protégé par un mot de passe ou "
            "d'un autre type)"
        ) from None
    return rows


def _decode(content: bytes) -> tuple[str, str | None]:
    """The text, and the delimiter the encoding implies (a tab for UTF-16)."""
    if content.startswith(b"\xef\xbb\xbf"):
        return content[3:].decode("utf-8", errors="strict"), None
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16"), "\t"
    if b"\x00" in content[:8192]:
        raise NotARoster("Ce n'est pas un fichier texte ni un classeur (contenu binaire)")
    try:
        return content.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1252"), None
    except UnicodeDecodeError:
        raise NotARoster(
            "Ce n'est pas un fichier texte lisible (ni UTF-8, ni Windows-1252)"
        ) from None


def _csv_rows(path: Path, content: bytes) -> list[list[Cell]]:
    try:
        text, delimiter = _decode(content)
    except UnicodeDecodeError:
        raise NotARoster("Le fichier annonce l'UTF-8 mais n'en contient pas") from None
    if "\x00" in text:
        raise NotARoster("Ce n'est pas un fichier texte ni un classeur (contenu binaire)")
    if delimiter is None:
        first = next((line for line in text.splitlines() if line.strip()), "")
        delimiter = max(";,\t", key=first.count)
    try:
        return [list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as error:
        raise NotARoster(f"Ce n'est pas un fichier CSV lisible ({error})") from None


def roster_date(path: Path) -> dt.date | None:
    """The day the roster file was last changed (a member's newer status wins over it)."""
    try:
        return dt.date.fromtimestamp(path.stat().st_mtime)
    except (OSError, ValueError, OverflowError):
        return None


def read_status_dir(directory: Path) -> tuple[dict[str, Progress], list[Problem]]:
    """The members' ``status --json`` exports (``*.json``) in ``directory``, by SIREN (the
    newest when a member sent several), and the files that could not be used."""
    if not directory.is_dir():
        raise InputError(
            f"« {directory} » n'est pas un dossier : indiquez avec --status-dir le dossier où "
            "sont rangés les exports « opalexe-cert status --json » des membres."
        )
    found: dict[str, Progress] = {}
    problems: list[Problem] = []
    try:
        files = sorted(p for p in directory.iterdir() if p.suffix.lower() == ".json")
    except OSError as error:
        reason = os_reason(error)
        raise InputError(f"Impossible de lire le dossier « {directory} » : {reason}.") from None
    for path in files[:MAX_STATUS_FILES]:
        try:
            data: Any = json.loads(read_bytes(path, limit=MAX_STATUS_BYTES).decode("utf-8-sig"))
            siren, progress = progress_from_status(data, path.name)
        except OSError as error:
            problems.append(Problem(path.name, 0, "", f"illisible : {os_reason(error)}"))
            continue
        except UnicodeDecodeError:
            problems.append(Problem(path.name, 0, "", "ce n'est pas un fichier texte UTF-8"))
            continue
        except (json.JSONDecodeError, RecursionError):
            problems.append(Problem(path.name, 0, "", "ce n'est pas un fichier JSON lisible"))
            continue
        except ValueError as error:  # progress_from_status: French
            problems.append(Problem(path.name, 0, "", str(error)))
            continue
        previous = found.get(siren)
        if previous is None or progress.as_of >= previous.as_of:
            found[siren] = progress
    return found, problems
