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
from typing import Literal, Protocol

from opalexe_cert.domain import glyphs, names, printed_limits
from opalexe_cert.domain.address import Address, AddressError
from opalexe_cert.domain.dates import format_date, parse_date
from opalexe_cert.domain.errors import InputError
from opalexe_cert.domain.typography import euros
from opalexe_cert.domain.vocabulary import StepId

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
    SHORT_NAME = "short_name"  # a name that fits one envelope line (38 characters)
    PHONE = "phone"


class Behaviour(StrEnum):
    """What a field does besides recording its answer, declared on the field."""

    SIRENE_LOOKUP = "sirene_lookup"
    """The answer is a SIREN: look it up in SIRENE and propose the identity found."""
    READ_CERTIFICATE = "read_certificate"
    """The answer is the certificate's expiry: the wizard offers to read it (file, card)."""


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
class Finding:
    """Something implausible about an answer, and what each kind of source does about it.

    ``in_wizard``: ``refuse`` (asked again), ``confirm`` (the expert must say yes), ``warn`` or
    ``skip``; ``from_file``: ``refuse`` (the run stops, naming the key), ``warn`` or ``skip``.
    A finding refused in both is refused by ``engine.record`` itself, whoever answers.
    """

    message: str
    in_wizard: Literal["refuse", "confirm", "warn", "skip"]
    from_file: Literal["refuse", "warn", "skip"]

    @property
    def always_refused(self) -> bool:
        """Refused whoever answers."""
        return self.in_wizard == "refuse" and self.from_file == "refuse"


class FactsView(Protocol):
    """What a field's check reads of its cycle (``facts.CycleFacts``, built from the fields:
    named here by its shape so that the procedure does not import it)."""

    @property
    def done(self) -> Mapping[StepId, dt.date]:
        """The date of every step done, by step id."""

    @property
    def id_expiry(self) -> dt.date | None:
        """The expiry of the ID sent."""

    @property
    def cert_expiry(self) -> dt.date | None:
        """The certificate's expiry."""

    def date(self, step_id: StepId) -> dt.date | None:
        """The date step ``step_id`` was done."""


# A check declared on a field: the cycle's facts before the answer, the answer, today.
FieldCheck = Callable[[FactsView, dt.date, dt.date], Finding | None]


@dataclass(frozen=True)
class Field:
    """One question of a step; its stable key is ``<step>.<name>``."""

    step: StepId
    name: str
    label: str
    kind: Kind
    required: bool | Rule = True
    choices: tuple[Choice, ...] = ()
    when: Condition | Rule | None = None
    default: AnswerValue = None
    help: str = ""
    name_lines: int = 0
    """For an address: the lines of name printed above it on an envelope (NF Z10-011)."""
    check: Callable[[str], None] | None = None
    """An extra check of a text answer (raises ``InputError`` with a French reason)."""
    checks: tuple[FieldCheck, ...] = ()  # date fields only: plausibility, against the facts
    behaviour: Behaviour | None = None
    """What the field does besides recording its answer (the SIRENE look-up...)."""

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


MIN_YEAR = 1900
MAX_YEAR = 2200
"""Dates outside these years are typing mistakes; bounding them keeps date arithmetic safe."""

MAX_AMOUNT = 10_000
"""A certificate costs about a hundred euros: anything above this is a typing mistake."""

MAX_TEXT = 1_000
"""No answer needs more characters (a name, an e-mail, an address of six lines)."""

# C0 and C1 controls, DEL, and the bidirectional marks, embeddings, overrides and isolates
# (U+061C, U+200E-U+200F, U+202A-U+202E, U+2066-U+2069), plus the Unicode line and paragraph
# separators: none belongs in a name or an address, and on a terminal they forge lines,
# recolour text or reorder it.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def unsafe_character(text: str, *, multiline: bool = False) -> str | None:
    """The first control or bidi-override character of ``text`` (``U+202E``), or ``None``.

    ``multiline`` allows line breaks (an address's lines are separated by them).
    """
    for match in _UNSAFE.finditer(text):
        if multiline and match.group() in "\r\n":
            continue
        return f"U+{ord(match.group()):04X}"
    return None


def strip_unsafe(text: str) -> str:
    """``text`` without control or bidi-override characters (for data from a service)."""
    return " ".join(_UNSAFE.sub(" ", text).split()) if _UNSAFE.search(text) else text


def check_text(text: str, *, multiline: bool = False) -> str:
    """Refuse invisible control characters and overlong texts; return ``text``."""
    if len(text) > MAX_TEXT:
        raise ValueError(f"le texte est trop long (plus de {MAX_TEXT} caractères)")
    bad = unsafe_character(text, multiline=multiline)
    if bad is not None:
        raise ValueError(
            f"le texte contient un caractère invisible de contrôle ({bad}), qui pourrait "
            "tromper l'affichage : retapez-le sans copier-coller"
        )
    return text


def not_given(raw: object) -> bool:
    """Whether an answer says nothing: ``None``, or a string empty or of spaces only.

    Everywhere an answer is read, such a value means "not given", as if the key were absent.
    """
    return raw is None or (isinstance(raw, str) and not raw.strip())


def validate(
    field: Field, raw: object, today: dt.date, *, required: bool = True, typed: bool = True
) -> AnswerValue:
    """Check one raw value for ``field`` and return its canonical stored form.

    ``typed``: the value is being given now (not read back from the state file), so a
    character the documents cannot print is refused (``check_printable``).
    """
    if not_given(raw):
        if required:
            raise ValueError("une valeur est obligatoire")
        return None
    value = _validated(field, raw, today)
    if typed and isinstance(value, str):
        check_printable(value)
        printed_limits.check_length(field.step, field.name, value)
    if typed and isinstance(raw, str) and field.kind in (Kind.SURNAME, Kind.PERSON_NAME):
        typed_surname = raw if field.kind is Kind.SURNAME else names.typed_surname(raw)
        question = names.article_question(typed_surname)
        if question is not None:
            raise ValueError(question)
    return value


def _validated(field: Field, raw: object, today: dt.date) -> AnswerValue:
    match field.kind:
        case Kind.TEXT:
            return _checked(field, _text(raw))
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
            return normalize_address(_text(raw, multiline=True), name_lines=field.name_lines)
        case Kind.AMOUNT:
            return _amount(raw)
        case Kind.SURNAME:
            return _checked(field, names.surname(_text(raw)))
        case Kind.GIVEN_NAMES:
            return names.given_names(_text(raw))
        case Kind.PERSON_NAME:
            return _checked(field, names.full_name(_text(raw)))
        case Kind.SHORT_NAME:
            return _short_name(raw)
        case Kind.PHONE:
            return _phone(raw)
    raise AssertionError(field.kind)  # pragma: no cover - every kind is handled above


def check_printable(text: str) -> str:
    """Refuse a character the documents' font lacks (it would print as an empty box), naming
    it; return ``text``."""
    lacking = glyphs.unprintable(text)
    if len(lacking) == 1:
        raise ValueError(
            f"le caractère {glyphs.describe(lacking[0])} ne peut pas être imprimé sur les "
            "documents du dossier (leur police ne le contient pas) : remplacez-le par une "
            "lettre proche"
        )
    if lacking:
        shown = ", ".join(glyphs.describe(c) for c in lacking[:3])
        raise ValueError(
            f"les caractères {shown} ne peuvent pas être imprimés sur les documents du dossier "
            "(leur police ne les contient pas) : remplacez-les par des lettres proches"
        )
    return text


def _text(raw: object, *, multiline: bool = False) -> str:
    if not isinstance(raw, str):
        raise ValueError("un texte est attendu")
    return check_text(raw, multiline=multiline).strip()


ENVELOPE_LINE = 38  # NF Z10-011: at most 38 characters a line


def _short_name(raw: object) -> str:
    text = " ".join(_text(raw).split())
    if len(text) > ENVELOPE_LINE:
        raise ValueError(
            f"« {text} » compte {len(text)} caractères : {ENVELOPE_LINE} au plus, pour tenir "
            "sur une ligne d'enveloppe"
        )
    return text


def _phone(raw: object) -> str:
    """``06 12 34 56 78`` from ``0612345678`` (French numbers); others kept as typed."""
    text = " ".join(_text(raw).split())
    digits = re.sub(r"[\s.\-]", "", text)
    if not re.fullmatch(r"\+?[0-9]{6,15}", digits):
        raise ValueError(f"« {text} » n'est pas un numéro de téléphone")
    if re.fullmatch(r"0[0-9]{9}", digits):
        return " ".join(digits[i : i + 2] for i in range(0, 10, 2))
    return text


# Plain addresses that ``email-validator`` accepts as they are (lower-case domain, ASCII, no
# special-use domain): recognised without importing it, which costs 15 ms of ``status``'s
# start-up when the state file is read. Anything else is left to ``email-validator``.
# ``tests/test_fields.py`` checks that this is a subset of what it accepts unchanged.
_PLAIN_EMAIL = re.compile(
    r"(?=.{1,64}@)[A-Za-z0-9_%+-]+(?:\.[A-Za-z0-9_%+-]+)*"
    r"@(?=.{1,253}\Z)(?:(?!-)(?!..--)[a-z0-9-]{1,63}(?<!-)\.)+[a-z]{2,63}"
)
EMAIL_SPECIAL_USE = frozenset({"arpa", "invalid", "local", "localhost", "onion", "test"})
"""``email-validator``'s special-use domains, refused by it: never taken by the fast path."""


def _plain_email(text: str) -> bool:
    """Whether ``text`` is an address ``email-validator`` accepts and leaves as it is."""
    return (
        len(text) <= 254
        and _PLAIN_EMAIL.fullmatch(text) is not None
        and text.rsplit(".", 1)[-1] not in EMAIL_SPECIAL_USE
    )


def _email(raw: object) -> str:
    """Checked as ``email-validator`` does (syntax only: no DNS query, no network)."""
    text = _text(raw)
    if _plain_email(text):
        return text
    from email_validator import EmailNotValidError, validate_email

    try:
        return validate_email(text, check_deliverability=False).normalized
    except EmailNotValidError:
        raise ValueError(
            f"« {text} » n'est pas une adresse électronique valide (exemple : "
            "prenom.nom@exemple.fr)"
        ) from None


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
        day = raw
    elif isinstance(raw, str):
        day = parse_date(check_text(raw))
    else:
        raise ValueError("une date est attendue (exemple : 2026-11-26)")
    return in_range(day)


def in_range(day: dt.date) -> dt.date:
    """Refuse a date outside ``MIN_YEAR``-``MAX_YEAR`` (a typing mistake, and unsafe to add to)."""
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise ValueError(
            f"la date du {format_date(day)} n'est pas plausible (elle doit être entre "
            f"{MIN_YEAR} et {MAX_YEAR} ; écrivez l'année en entier, par exemple 26/11/2026)"
        )
    return day


_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def stored_date(raw: object) -> dt.date:
    """A date as the state file keeps it: ``AAAA-MM-JJ`` exactly, within the bounds."""
    if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
        return in_range(raw)
    if not isinstance(raw, str) or not _ISO_DAY.fullmatch(raw):
        raise ValueError(f"une date de la forme AAAA-MM-JJ est attendue (reçu : « {raw} »)")
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        raise ValueError(f"« {raw} » n'est pas une date du calendrier") from None
    return in_range(day)


_AMOUNT = re.compile(r"[0-9]{1,6}(?:\.[0-9]{1,2})?")


def _amount(raw: object) -> float:
    """Euros, more than 0 and at most ``MAX_AMOUNT``, to the cent (``109``, ``109,50 €``)."""
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise ValueError("un montant en euros est attendu")
    if isinstance(raw, int):
        text = str(raw) if -MAX_AMOUNT * 10 < raw < MAX_AMOUNT * 10 else "trop"
    elif isinstance(raw, float):
        text = repr(raw) if raw == raw and abs(raw) < MAX_AMOUNT * 10 else "trop"
        text = text.removesuffix(".0")
    else:
        text = raw.strip().replace("€", "").replace(" ", "").replace("\u00a0", "")
        text = text.replace("\u202f", "").replace(",", ".")
    if len(text) > 12 or not _AMOUNT.fullmatch(text):
        shown = raw if not isinstance(raw, str) or len(raw) <= 20 else raw[:20] + "…"
        raise ValueError(
            f"« {shown} » n'est pas un montant en euros plausible (un nombre positif "
            f"d'au plus {euros(MAX_AMOUNT)}, au centime près, par exemple 109,50)"
        )
    value = float(text)
    if not 0 < value <= MAX_AMOUNT:
        raise ValueError(
            f"le montant doit être compris entre 0 et {euros(MAX_AMOUNT)} (reçu : {euros(value)})"
        )
    return value


def normalize_siren(text: str) -> str:
    """Nine digits, spaces removed, with a valid key (python-stdnum's Luhn check).

    A valid key is recognised here first (``_luhn``), so that reading a state file does not
    import python-stdnum (5 ms of start-up, with ``ssl``); its exceptions name what is wrong.
    """
    compact = re.sub(r"[\s.]", "", text)
    if len(compact) == 9 and compact.isascii() and compact.isdigit() and _luhn(compact):
        return compact
    from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength
    from stdnum.fr import siren

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


def _luhn(digits: str) -> bool:
    """The Luhn key of a string of ASCII digits (as ``stdnum.luhn``), every second digit doubled
    from the right."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def normalize_address(text: str, *, name_lines: int = 0) -> str:
    """A postal address that every envelope can print under ``name_lines`` lines of name
    (``address.Address.parse``: the one rule of input and print), in its stored form."""
    return parse_address(text, name_lines=name_lines).text


def parse_address(text: str, *, name_lines: int = 0) -> Address:
    """The ``Address`` typed as ``text``, for an envelope under ``name_lines`` lines of name:
    where a typed address becomes the value (``validate`` stores its ``text``, the prompt
    shows its ``envelope``); ``ValueError`` (French) when the envelopes cannot print it."""
    try:
        return Address.parse(text, name_lines=name_lines)
    except AddressError as error:
        raise ValueError(str(error)) from None


def _checked(field: Field, text: str) -> str:
    """``text`` once the field's own check (if any) accepts it."""
    if field.check is not None:
        try:
            field.check(text)
        except InputError as error:
            raise ValueError(str(error)) from None
    return text


def check_stored(field: Field, value: AnswerValue) -> None:
    """Raise ``ValueError`` (French) unless ``value`` is one ``validate`` could have stored.

    For values read back from the state file, which may have been edited by hand: a date is
    ``AAAA-MM-JJ`` within the bounds, an amount a number, everything else as when typed.
    """
    if value is None:
        return
    if field.kind in (Kind.DATE, Kind.PAST_DATE):
        stored_date(value)
        return
    if field.kind is Kind.ADDRESS:
        # Not the envelope rules: an address recorded before they were tightened must not
        # make the state unreadable; print-dossier names it and the step that corrects it.
        if not isinstance(value, str):
            raise ValueError("un texte est attendu")
        check_text(value, multiline=True)
        return
    if field.kind is Kind.AMOUNT and not isinstance(value, int | float):
        raise ValueError("un montant en euros est attendu")
    validate(field, value, dt.date(MAX_YEAR, 12, 31), required=False, typed=False)
