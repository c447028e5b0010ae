"""What a step records: field definitions as data, and the pure validation of one value.

A field knows its key, its French label, its kind, and when it applies. Validation turns a raw
value (from an answers file or a prompt) into the canonical JSON value stored in the state, or
raises ``ValueError`` with a French reason. Checks that need the rest of the state (dates in
order) live in ``engine.py``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from opalexe_cert.domain import names
from opalexe_cert.domain.dates import format_date, parse_date

AnswerValue = str | bool | float | int | None
Answers = Mapping[str, AnswerValue]
# What the SIRENE look-up found for the holder (field name -> value, None when hidden), or
# None when nothing was looked up. Some fields of the siren step depend on it.
Found = Mapping[str, str | None] | None
Rule = Callable[[Answers, Found], bool]


class Kind(StrEnum):
    """How a field's value is read and checked."""

    TEXT = "text"
    EMAIL = "email"
    CHOICE = "choice"
    BOOL = "bool"
    PAST_DATE = "past_date"  # a step's date: today or before
    DATE = "date"  # any date (an expiry date may be in the future)
    SIREN = "siren"
    ADDRESS = "address"
    AMOUNT = "amount"
    SURNAME = "surname"  # written in capitals, particles in lower case (names.py)
    GIVEN_NAMES = "given_names"  # capitalised part by part
    PERSON_NAME = "person_name"  # « Prénom NOM » in one answer (a President)


@dataclass(frozen=True)
class Choice:
    """One allowed value of a choice field, with its French label."""

    value: str
    label: str


@dataclass(frozen=True)
class Condition:
    """A field applies only when another answer has this value."""

    key: str
    value: AnswerValue

    def holds(self, answers: Answers) -> bool:
        """Whether the condition is met by the answers recorded so far."""
        return answers.get(self.key) == self.value


@dataclass(frozen=True)
class Field:
    """One question of a step; its stable key is ``<step>.<name>``."""

    step: str
    name: str
    label: str
    kind: Kind
    required: bool | Rule = True
    choices: tuple[Choice, ...] = ()
    when: Condition | Rule | None = None
    default: AnswerValue = None
    help: str = ""

    @property
    def key(self) -> str:
        """The stable key of the answer, as used in answers files: ``offer.medium``."""
        return f"{self.step}.{self.name}"

    def applies(self, answers: Answers, found: Found = None) -> bool:
        """Whether this field is asked, given the answers recorded so far."""
        if self.when is None:
            return True
        if isinstance(self.when, Condition):
            return self.when.holds(answers)
        return self.when(answers, found)

    def is_required(self, answers: Answers, found: Found = None) -> bool:
        """Whether an answer must be given (an optional one may be left empty)."""
        if isinstance(self.required, bool):
            return self.required
        return self.required(answers, found)

    def choice_label(self, value: AnswerValue) -> str:
        """The French label of a recorded choice value (the value itself when unknown)."""
        for choice in self.choices:
            if choice.value == value:
                return choice.label
        return str(value)


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_POSTAL_LINE = re.compile(r"^(\d{5})\s+(\S.*)$")


def validate(field: Field, raw: object, today: dt.date, *, required: bool = True) -> AnswerValue:
    """Check one raw value for ``field`` and return its canonical stored form."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if required:
            raise ValueError("une valeur est obligatoire")
        return None
    match field.kind:
        case Kind.TEXT:
            return _text(raw)
        case Kind.EMAIL:
            return _email(raw)
        case Kind.CHOICE:
            return _choice(field, raw)
        case Kind.BOOL:
            return _bool(raw)
        case Kind.PAST_DATE:
            day = _date(raw)
            if day > today:
                raise ValueError(
                    f"la date du {format_date(day)} est dans le futur "
                    f"(nous sommes le {format_date(today)})"
                )
            return day.isoformat()
        case Kind.DATE:
            return _date(raw).isoformat()
        case Kind.SIREN:
            return normalize_siren(_text(raw))
        case Kind.ADDRESS:
            return normalize_address(_text(raw))
        case Kind.AMOUNT:
            return _amount(raw)
        case Kind.SURNAME:
            return names.surname(_text(raw))
        case Kind.GIVEN_NAMES:
            return names.given_names(_text(raw))
        case Kind.PERSON_NAME:
            return names.full_name(_text(raw))
    raise AssertionError(field.kind)  # pragma: no cover - every kind is handled above


def _text(raw: object) -> str:
    if not isinstance(raw, str):
        raise ValueError("un texte est attendu")
    return raw.strip()


def _email(raw: object) -> str:
    text = _text(raw)
    if not _EMAIL.match(text):
        raise ValueError(f"« {text} » n'est pas une adresse électronique valide")
    return text


def _choice(field: Field, raw: object) -> str:
    allowed = ", ".join(f"« {c.value} » ({c.label})" for c in field.choices)
    if isinstance(raw, str):
        for choice in field.choices:
            if raw.strip() == choice.value:
                return choice.value
    raise ValueError(f"« {raw} » n'est pas un choix possible ; choix possibles : {allowed}")


def _bool(raw: object) -> bool:
    if isinstance(raw, bool):
        return raw
    raise ValueError("la valeur doit être true ou false")


def _date(raw: object) -> dt.date:
    if isinstance(raw, dt.date):
        return raw
    if not isinstance(raw, str):
        raise ValueError("une date est attendue (exemple : 2026-11-26)")
    return parse_date(raw)


def _amount(raw: object) -> float:
    if isinstance(raw, bool):
        raise ValueError("un montant en euros est attendu")
    if isinstance(raw, int | float):
        value = float(raw)
    elif isinstance(raw, str):
        text = raw.strip().replace("€", "").replace(" ", "").replace(",", ".")
        try:
            value = float(text)
        except ValueError:
            raise ValueError(f"« {raw} » n'est pas un montant en euros") from None
    else:
        raise ValueError("un montant en euros est attendu")
    if value < 0 or value != value or value == float("inf"):
        raise ValueError("le montant doit être un nombre positif")
    return round(value, 2)


def normalize_siren(text: str) -> str:
    """Nine digits, spaces removed, with a valid key (python-stdnum's Luhn check)."""
    from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength
    from stdnum.fr import siren

    compact = re.sub(r"[\s.]", "", text)
    if not compact.isdigit():
        raise ValueError(f"un SIREN ne contient que des chiffres (reçu : « {text} »)")
    try:
        return str(siren.validate(compact))
    except InvalidLength:
        raise ValueError(
            f"un SIREN compte exactement 9 chiffres (reçu : {len(compact)} chiffres)"
        ) from None
    except InvalidChecksum:
        raise ValueError(
            f"le SIREN {compact} est erroné : sa clé de contrôle ne correspond pas "
            "(vérifiez chaque chiffre)"
        ) from None
    except InvalidFormat:  # pragma: no cover - digits only, already checked
        raise ValueError(f"« {text} » n'est pas un SIREN") from None


def normalize_address(text: str) -> str:
    """A postal address of 2 to 6 lines whose last line is ``CODE POSTAL VILLE``.

    Lines are stripped, blank lines dropped, the town put in capitals.
    """
    lines = [" ".join(line.split()) for line in text.replace("\r", "").split("\n")]
    lines = [line for line in lines if line]
    if len(lines) < 2:
        raise ValueError(
            "l'adresse doit tenir sur plusieurs lignes : la rue, puis le code postal et la ville"
        )
    if len(lines) > 6:
        raise ValueError("une adresse postale compte au plus 6 lignes")
    match = _POSTAL_LINE.match(lines[-1])
    if not match:
        raise ValueError(
            "la dernière ligne de l'adresse doit être le code postal (5 chiffres) suivi de la "
            f"ville, par exemple « 33000 BORDEAUX » (reçu : « {lines[-1]} »)"
        )
    lines[-1] = f"{match.group(1)} {match.group(2).upper()}"
    return "\n".join(lines)
