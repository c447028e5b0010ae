"""The compagnie's roster: its members as the secretary keeps them, checked cell by cell, and
where each member's certificate and listing stand on a day.

Pure: the adapters (``adapters.roster``) turn a CSV, ``.xlsx`` or ``.ods`` file into rows of
cells, and members' ``status --json`` exports into dicts; this module reads those. Each problem
names the file, the row and the column; the valid rows are kept.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, Literal

from opalexe_cert.domain import guide, listing
from opalexe_cert.domain.address import HOLDER_NAME_LINES, PRESIDENT_NAME_LINES, Address
from opalexe_cert.domain.compagnie import OTHER_COMPAGNIE, Compagnie
from opalexe_cert.domain.dates import format_date, parse_date
from opalexe_cert.domain.errors import InputError
from opalexe_cert.domain.fields import check_text, normalize_siren
from opalexe_cert.domain.identity import Civility
from opalexe_cert.domain.vocabulary import StepId

Cell = str | int | float | bool | dt.date | dt.datetime | dt.time | dt.timedelta | None
CertState = Literal["ok", "renew", "urgent", "expired", "unknown"]
STATES: tuple[CertState, ...] = ("expired", "urgent", "renew", "unknown", "ok")
"""The certificate states, most urgent first (the order of ``compagnie status``)."""
STATE_LABELS: dict[CertState, str] = {
    "ok": "à jour",
    "renew": "renouvellement à commencer",
    "urgent": "urgent",
    "expired": "expiré",
    "unknown": "inconnu",
}
FLAGS = (
    "certificate_expired",
    "certificate_unknown",
    "listing_ends_before_renewal",
    "probation_ends",
    "relisting_due",
)


@dataclass(frozen=True)
class Column:
    """A roster column: its key, the header shown in messages, the headers it accepts."""

    key: str
    label: str
    aliases: tuple[str, ...] = ()
    required: bool = False


COLUMNS = (
    Column("civility", "civilité"),
    Column("surname", "nom", ("nom de famille",), required=True),
    Column("given_names", "prénoms", ("prénom",)),
    Column("siren", "SIREN", ("n° siren", "numéro siren"), required=True),
    Column("email", "courriel", ("e-mail", "email", "mail", "adresse électronique")),
    Column("court_of_appeal", "cour d'appel"),
    Column("certificate_expiry", "expiration du certificat", ("fin du certificat",)),
    Column("listing_end", "fin d'inscription", ("fin de l'inscription",)),
    Column("probationary", "inscription probatoire", ("probatoire",)),
    Column("address", "adresse", ("adresse postale",)),
)


@lru_cache(maxsize=4096)
def header_key(text: str) -> str:
    """A header as compared: no accents, no case, one kind of apostrophe, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    bare = bare.replace("’", "'").replace("\u00a0", " ").replace("\u202f", " ").lower()
    return " ".join(bare.replace("*", " ").split()).strip(" :")


_BY_HEADER = {header_key(name): c for c in COLUMNS for name in (c.label, *c.aliases)}


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the roster, where it is (row and column as the spreadsheet numbers
    them; ``row`` 0 and ``column`` "" for the file as a whole)."""

    file: str
    row: int
    column: str
    message: str

    @property
    def text(self) -> str:
        """« membres.csv, ligne 4, colonne « SIREN » — … » (a dash: the message may hold the
        sentence's one colon)."""
        where = [self.file]
        if self.row:
            where.append(f"ligne {self.row}")
        if self.column:
            where.append(f"colonne « {self.column} »")
        return f"{', '.join(where)} — {self.message}"

    def data(self) -> dict[str, Any]:
        return {"file": self.file, "row": self.row, "column": self.column, "message": self.message}


class NotARoster(Exception):
    """The file is not a roster at all (``message`` in French, for a refusal)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Progress:
    """Where a member's own procedure stands, from their ``status --json`` export."""

    step: str | None
    step_title: str | None
    as_of: dt.date
    certificate_expiry: dt.date | None
    file: str


@dataclass(frozen=True)
class Member:
    """One member of the compagnie (a valid roster row)."""

    row: int
    siren: str
    surname: str
    given_names: str = ""
    civility: Civility | None = None
    email: str | None = None
    court_of_appeal: str | None = None
    certificate_expiry: dt.date | None = None
    listing_end: dt.date | None = None
    probationary: bool | None = None
    address: Address | None = None  # read once from the roster; may carry a ``problem``
    expiry_source: Literal["roster", "status"] | None = None
    progress: Progress | None = None

    @property
    def name(self) -> str:
        """``Jeanne DURAND`` (given names, then surname), for lists."""
        from opalexe_cert.domain import names

        given = names.given_names(self.given_names) if self.given_names else ""
        return " ".join(x for x in (given, names.surname(self.surname)) if x)


@dataclass
class Roster:
    """The members read, and every problem met on the way."""

    file: str
    members: list[Member] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


# --- reading the cells --------------------------------------------------------------------------


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _siren(cell: Cell) -> str:
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        if isinstance(cell, float) and not cell.is_integer():
            raise ValueError(f"« {cell} » n'est pas un SIREN (9 chiffres)")
        digits = str(int(cell)).zfill(9) if 0 <= cell < 10**9 else str(int(cell))
    else:
        digits = re.sub(r"[\s.\u00a0\u202f]", "", _text(cell))
    if len(digits) == 14 and digits.isdigit():
        raise ValueError(
            f"{digits} compte 14 chiffres : c'est un SIRET, le numéro d'un établissement. "
            f"Indiquez le SIREN personnel de l'expert (9 chiffres, ici peut-être {digits[:9]})"
        )
    return normalize_siren(digits)


def _date(cell: Cell) -> dt.date:
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        raise ValueError(
            f"« {_text(cell)} » est un nombre, pas une date (format attendu : JJ/MM/AAAA)"
        )
    text = _text(cell)
    digits = text[:2] + text[3:5] + text[6:]
    if len(text) == 10 and text[2] == text[5] == "/" and digits.isascii() and digits.isdigit():
        with suppress(ValueError):  # the usual JJ/MM/AAAA, read fast; else as parse_date does
            return dt.date(int(text[6:]), int(text[3:5]), int(text[:2]))
    return parse_date(text)


_CIVILITIES: dict[str, Civility] = {
    "m": "M.",
    "m.": "M.",
    "mr": "M.",
    "monsieur": "M.",
    "mme": "Mme",
    "madame": "Mme",
}


def _civility(cell: Cell) -> Civility:
    found = _CIVILITIES.get(header_key(_text(cell)))
    if found is None:
        raise ValueError(f"« {_text(cell)} » n'est pas une civilité (M. ou Mme)")
    return found


_YES = frozenset({"oui", "o", "x", "vrai", "true", "1", "yes"})
_NO = frozenset({"non", "n", "faux", "false", "0", "no"})


def _yes_no(cell: Cell) -> bool:
    if isinstance(cell, bool):
        return cell
    value = header_key(_text(cell))
    if value in _YES:
        return True
    if value in _NO:
        return False
    raise ValueError(f"« {_text(cell)} » : répondez oui ou non")


def _plain(cell: Cell) -> str:
    return check_text(" ".join(_text(cell).split()))


def _email(cell: Cell) -> str:
    value = _plain(cell)
    if value.count("@") != 1 or " " in value or value.startswith("@") or value.endswith("@"):
        raise ValueError(f"« {value} » n'est pas une adresse électronique")
    return value


def _address(cell: Cell) -> Address | None:
    """The address, one line per line of the cell or separated by « / »: never refused here
    (``Address.stored``), the attestation says why it cannot print one."""
    text = check_text(_text(cell).replace("\r", ""), multiline=True)
    return Address.stored(re.split(r"\n| / ", text), name_lines=HOLDER_NAME_LINES)


_READERS = {
    "civility": _civility,
    "surname": _plain,
    "given_names": _plain,
    "siren": _siren,
    "email": _email,
    "court_of_appeal": _plain,
    "certificate_expiry": _date,
    "listing_end": _date,
    "probationary": _yes_no,
    "address": _address,
}


def _blank(cell: Cell) -> bool:
    return cell is None or cell == "" or (isinstance(cell, str) and not cell.strip())


def read_rows(file: str, rows: Iterable[Sequence[Cell]], *, first_row: int = 1) -> Roster:
    """Check the rows of a roster (the first non-empty row holds the headers)."""
    roster = Roster(file)
    iterator = iter(rows)
    number = first_row - 1
    header: Sequence[Cell] | None = None
    for row in iterator:
        number += 1
        if any(not _blank(c) for c in row):
            header = row
            break
    if header is None:
        raise NotARoster(f"{file} est vide : aucune ligne d'en-têtes ni aucun membre.")
    header_row = number
    columns: dict[int, Column] = {}
    unknown: list[tuple[int, str]] = []
    for index, cell in enumerate(header):
        if _blank(cell):
            continue
        column = _BY_HEADER.get(header_key(_text(cell)))
        if column is None:
            unknown.append((index, _text(cell)))
        elif column in columns.values():
            roster.problems.append(
                Problem(file, header_row, _text(cell), "cette colonne figure deux fois")
            )
        else:
            columns[index] = column
    keys = {c.key for c in columns.values()}
    missing = [c.label for c in COLUMNS if c.required and c.key not in keys]
    if len(missing) == len([c for c in COLUMNS if c.required]):
        raise NotARoster(
            f"{file} n'est pas une liste de membres : sa première ligne ne contient ni colonne "
            "« nom » ni colonne « SIREN ». " + expected_headers()
        )
    for index, text in unknown:
        roster.problems.append(
            Problem(
                file,
                header_row,
                _shown(text),
                f"en-tête inconnu (colonne {_letters(index)})",
            )
        )
    for label in missing:
        roster.problems.append(
            Problem(file, header_row, label, "colonne obligatoire absente. " + expected_headers())
        )
    if missing:
        return roster
    seen: dict[str, int] = {}
    for row in iterator:
        number += 1
        if all(_blank(c) for c in row):
            continue
        member = _member(file, number, row, columns, roster.problems)
        if member is None:
            continue
        first = seen.get(member.siren)
        if first is not None:
            roster.problems.append(
                Problem(
                    file,
                    number,
                    "SIREN",
                    f"SIREN {member.siren} en double : déjà à la ligne {first}",
                )
            )
            continue
        seen[member.siren] = number
        roster.members.append(member)
    return roster


def expected_headers() -> str:
    """The headers a roster may have, for the messages."""
    names = ", ".join(f"« {c.label} »" for c in COLUMNS)
    return f"En-têtes possibles : {names} (seuls « nom » et « SIREN » sont obligatoires)."


def _letters(index: int) -> str:
    """0 -> ``A``, 26 -> ``AA``: the spreadsheet's column name."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _shown(text: str, limit: int = 40) -> str:
    """A cell's text as quoted in a message: control characters made visible, cut if long."""
    visible = "".join(c if c.isprintable() else f"U+{ord(c):04X}" for c in text)
    return visible if len(visible) <= limit else visible[:limit] + "…"


def _member(
    file: str, number: int, row: Sequence[Cell], columns: Mapping[int, Column], out: list[Problem]
) -> Member | None:
    values: dict[str, Any] = {}
    ok = True
    for index, column in columns.items():
        cell = row[index] if index < len(row) else None
        if _blank(cell):
            if column.required:
                out.append(Problem(file, number, column.label, "valeur obligatoire absente"))
                ok = False
            continue
        try:
            values[column.key] = _READERS[column.key](cell)
        except ValueError as error:
            out.append(Problem(file, number, column.label, str(error)))
            ok = False
    if not ok:
        return None
    if "certificate_expiry" in values:
        values["expiry_source"] = "roster"
    return Member(row=number, **values)


# --- members' own status exports -----------------------------------------------------------------


def progress_from_status(data: object, file: str) -> tuple[str, Progress]:
    """The SIREN and progress of a member's ``status --json`` export; ``ValueError`` (French)
    when it is not one."""
    if not isinstance(data, dict):
        raise ValueError("ce n'est pas un export de « opalexe-cert status --json »")
    holder = data.get("holder")
    siren = holder.get("siren") if isinstance(holder, dict) else None
    today = data.get("today")
    if not isinstance(siren, str) or not isinstance(today, str):
        raise ValueError(
            "ce n'est pas un export de « opalexe-cert status --json » (SIREN ou date absents)"
        )
    siren = normalize_siren(siren)
    certificate = data.get("certificate")
    expiry = None
    try:
        as_of = dt.date.fromisoformat(today)
        if isinstance(certificate, dict) and isinstance(certificate.get("expiry"), str):
            expiry = dt.date.fromisoformat(certificate["expiry"])
    except ValueError:
        raise ValueError(
            "ce n'est pas un export de « opalexe-cert status --json » (date illisible)"
        ) from None
    step = data.get("current_step")
    title = None
    steps = data.get("steps")
    for item in steps if isinstance(steps, list) else []:
        if isinstance(item, dict) and item.get("id") == step:
            title = item.get("title") if isinstance(item.get("title"), str) else None
    return siren, Progress(step if isinstance(step, str) else None, title, as_of, expiry, file)


def merge_progress(
    roster: Roster, progress: Mapping[str, Progress], roster_date: dt.date | None
) -> list[Problem]:
    """Attach each member's progress (matched by SIREN); a status newer than the roster file
    (``roster_date``, its modification day) gives the certificate's expiry. The exports that
    match no member are returned as problems."""
    by_siren = {m.siren: i for i, m in enumerate(roster.members)}
    unmatched = []
    for siren, item in progress.items():
        index = by_siren.get(siren)
        if index is None:
            unmatched.append(
                Problem(item.file, 0, "", f"le SIREN {siren} ne figure pas dans la liste")
            )
            continue
        member = roster.members[index]
        updated = replace(member, progress=item)
        newer = roster_date is None or item.as_of >= roster_date
        if item.certificate_expiry is not None and (newer or member.certificate_expiry is None):
            updated = replace(
                updated, certificate_expiry=item.certificate_expiry, expiry_source="status"
            )
        roster.members[index] = updated
    return unmatched


# --- where each member stands --------------------------------------------------------------------


def certificate_state(
    expiry: dt.date | None, today: dt.date, renewal: tuple[dt.date, dt.date] | None = None
) -> CertState:
    """The certificate's state on ``today``, with the guide's windows (``guide``): renewal to
    start 2 to 3 months before expiry, urgent in the last 2 months."""
    if expiry is None:
        return "unknown"
    if today > expiry:
        return "expired"
    start, end = renewal or guide.renewal_window(expiry)
    if today >= end:  # the guide's last 2 months (``guide.certificate_window``) begin there
        return "urgent"
    return "renew" if today >= start else "ok"


@dataclass(frozen=True)
class MemberStatus:
    """A member and where they stand on ``today``."""

    member: Member
    state: CertState
    renewal: tuple[dt.date, dt.date] | None
    relisting_due: dt.date | None
    flags: tuple[str, ...]
    reasons: tuple[str, ...]

    @property
    def to_contact(self) -> bool:
        """Whether the secretariat should contact the member."""
        return self.state != "ok" or bool(self.flags)


def member_status(member: Member, today: dt.date) -> MemberStatus:
    """The state, flags and reasons to act for ``member`` on ``today``."""
    expiry = member.certificate_expiry
    renewal = guide.renewal_window(expiry) if expiry else None
    state = certificate_state(expiry, today, renewal)
    flags: list[str] = []
    reasons: list[str] = []
    if state == "expired":
        assert expiry is not None
        flags.append("certificate_expired")
        reasons.append(f"Certificat expiré le {format_date(expiry)}.")
    elif state == "unknown":
        flags.append("certificate_unknown")
        reasons.append("Date d'expiration du certificat inconnue.")
    elif state == "urgent":
        assert expiry is not None
        reasons.append(f"Certificat expirant le {format_date(expiry)} : renouvellement urgent.")
    elif state == "renew":
        assert expiry is not None and renewal is not None
        reasons.append(
            f"Renouvellement à commencer avant le {format_date(renewal[1])} "
            f"({guide.RENEWAL.text} avant l'expiration du {format_date(expiry)})."
        )
    due = listing.relisting_due(member.listing_end) if member.listing_end else None
    end = member.listing_end
    if end is not None and renewal is not None and end <= renewal[1] and state != "expired":
        flags.append("listing_ends_before_renewal")
        reasons.append(
            f"Inscription sur la liste jusqu'au {format_date(end)}, avant la fin de la période de "
            "renouvellement : l'attestation suppose un membre inscrit."
        )
    if end is not None and due is not None and end >= today:
        campaign = listing.next_filing_due(today)
        if due <= campaign:
            kind = "probation_ends" if member.probationary else "relisting_due"
            flags.append(kind)
            what = "Fin de l'inscription probatoire" if member.probationary else "Fin d'inscription"
            when = (
                f"à déposer au plus tard le {format_date(due)}"
                if due >= today
                else f"à déposer au plus tard le {format_date(due)}, date passée (à vérifier)"
            )
            reasons.append(f"{what} le {format_date(end)} : demande de réinscription {when}.")
    return MemberStatus(member, state, renewal, due, tuple(flags), tuple(reasons))


def statuses(members: Iterable[Member], today: dt.date) -> list[MemberStatus]:
    """Every member's status, most urgent first, then the soonest expiry, then those with a
    reason to act, then by name."""
    order = {s: i for i, s in enumerate(STATES)}
    far = dt.date.max
    found = [member_status(m, today) for m in members]
    found.sort(
        key=lambda s: (
            order[s.state],
            s.member.certificate_expiry or far,
            0 if s.flags else 1,
            s.member.surname.casefold(),
            s.member.siren,
        )
    )
    return found


def counts(items: Iterable[MemberStatus]) -> dict[CertState, int]:
    """Members per state, every state present (0 when none)."""
    counted = Counter(s.state for s in items)
    return {
        state: counted.get(state, 0) for state in ("ok", "renew", "urgent", "expired", "unknown")
    }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def member_data(s: MemberStatus) -> dict[str, Any]:
    """One member of ``compagnie status --json`` (keys documented in its JSON Schema)."""
    m = s.member
    progress = m.progress
    return {
        "row": m.row,
        "siren": m.siren,
        "civility": m.civility,
        "surname": m.surname,
        "given_names": m.given_names,
        "email": m.email,
        "court_of_appeal": m.court_of_appeal,
        "certificate_expiry": _iso(m.certificate_expiry),
        "certificate_expiry_source": m.expiry_source,
        "state": s.state,
        "renewal": {"start": s.renewal[0].isoformat(), "end": s.renewal[1].isoformat()}
        if s.renewal
        else None,
        "listing_end": _iso(m.listing_end),
        "probationary": m.probationary,
        "relisting_due": _iso(s.relisting_due),
        "step": None
        if progress is None
        else {
            "id": progress.step,
            "title": progress.step_title,
            "as_of": progress.as_of.isoformat(),
        },
        "flags": list(s.flags),
        "reasons": list(s.reasons),
    }


def status_data(
    items: Sequence[MemberStatus],
    today: dt.date,
    compagnie_name: str,
    problems: Sequence[Problem],
) -> dict[str, Any]:
    """The ``compagnie status --json`` object."""
    return {
        "today": today.isoformat(),
        "compagnie": compagnie_name,
        "counts": counts(items),
        "members": [member_data(s) for s in items],
        "problems": [p.data() for p in problems],
        "listing_rules": [{"id": f.id, "text": f.text, "source": f.source} for f in listing.FACTS],
        "not_applied": listing.UNSOURCED,
    }


# --- the compagnie described by profile keys ----------------------------------------------------

PROFILE_KEYS = (
    ("name", "compagnie_name"),
    ("court_of_appeal", "court_of_appeal"),
    ("president_civility", "president_civility"),
    ("president_name", "president_name"),
    ("address", "compagnie_address"),
    ("short_name", "compagnie_short_name"),
)


def compagnie_from_profile(values: Mapping[str, object], today: dt.date) -> Compagnie:
    """A compagnie from the ``profile.*`` keys an expert's answers use (each checked as the
    wizard checks it); ``InputError`` (French) naming the key that is missing or wrong."""
    from opalexe_cert.domain.fields import validate
    from opalexe_cert.domain.procedure import field as field_of

    fields = {name: field_of(StepId.PROFILE, key) for name, key in PROFILE_KEYS}
    known = {f.key for f in fields.values()}
    unknown = sorted(k for k in values if k not in known)
    if unknown:
        raise InputError(
            f"clé inconnue « {unknown[0]} » ; clés possibles : "
            + ", ".join(f"« {k} »" for k in sorted(known))
        )
    checked: dict[str, Any] = {"key": OTHER_COMPAGNIE}
    for name, item in fields.items():
        try:
            value = validate(item, values.get(item.key), today, required=item.required is True)
        except ValueError as error:
            raise InputError(f"« {item.key} » : {error}") from None
        if value is None:
            continue
        checked[name] = (  # the address checked by ``validate``, read back as the state is
            Address.stored(str(value), name_lines=PRESIDENT_NAME_LINES)
            if name == "address"
            else value
        )
    return Compagnie.model_validate(checked)
