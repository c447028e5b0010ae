"""One test per bad input of a single answer, and the canonical form of good ones."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opalexe_cert.domain.dates import add_months, format_date, parse_date
from opalexe_cert.domain.fields import EMAIL_SPECIAL_USE, _luhn, _plain_email, validate
from opalexe_cert.domain.procedure import FIELDS

TODAY = dt.date(2026, 11, 26)


def check(key: str, raw: object) -> object:
    return validate(FIELDS[key], raw, TODAY)


def refused(key: str, raw: object) -> str:
    with pytest.raises(ValueError) as info:
        check(key, raw)
    return str(info.value)


def test_siren_with_spaces_is_compacted() -> None:
    assert check("siren.siren", "123 456 782") == "123456782"


def test_siren_with_a_wrong_key_is_refused() -> None:
    assert "clé de contrôle" in refused("siren.siren", "123456789")


def test_siren_too_short_is_refused() -> None:
    assert "9 chiffres" in refused("siren.siren", "12345678")


def test_siren_with_letters_is_refused() -> None:
    assert "que des chiffres" in refused("siren.siren", "12345678A")


def test_date_in_french_and_iso_forms() -> None:
    assert check("account.date", "26/11/2026") == "2026-11-26"
    assert check("account.date", "2026-11-01") == "2026-11-01"


def test_date_in_the_future_is_refused() -> None:
    assert "dans le futur" in refused("account.date", "2026-11-27")


def test_not_a_date_is_refused() -> None:
    assert "n'est pas une date" in refused("account.date", "hier")
    assert "n'est pas une date" in refused("account.date", "31/02/2026")


def test_expiry_dates_may_be_in_the_future() -> None:
    assert check("president_mail.id_expiry", "2031-04-30") == "2031-04-30"


def test_unknown_choice_is_refused() -> None:
    message = refused("offer.medium", "floppy")
    assert "n'est pas un choix possible" in message
    assert "usb_key" in message


def test_address_without_postal_code_is_refused() -> None:
    assert "code postal" in refused("siren.address", "12 rue des Lilas\nBordeaux")


def test_address_on_one_line_is_refused() -> None:
    assert "plusieurs lignes" in refused("siren.address", "33000 Bordeaux")


def test_address_is_normalised() -> None:
    assert check("siren.address", "  12  rue des Lilas \n\n33000   Bordeaux ") == (
        "12 rue des Lilas\n33000 BORDEAUX"
    )


def test_email_is_checked() -> None:
    assert "adresse électronique" in refused("profile.email", "jean.dupont")


def test_boolean_must_be_json_boolean() -> None:
    assert check("siren.confirm", True) is True
    assert "true ou false" in refused("siren.confirm", "oui")


def test_amount_accepts_french_decimal_comma() -> None:
    assert check("payment.amount", "109,50 €") == 109.5
    assert "positif" in refused("payment.amount", -3)


def test_required_text_may_not_be_empty() -> None:
    assert "obligatoire" in refused("profile.email", "  ")


def test_french_dates() -> None:
    assert format_date(dt.date(2026, 12, 1)) == "1er décembre 2026"
    assert format_date(dt.date(2026, 8, 15)) == "15 août 2026"
    assert parse_date("01.02.2027") == dt.date(2027, 2, 1)


def test_calendar_months() -> None:
    assert add_months(dt.date(2026, 12, 12), -3) == dt.date(2026, 9, 12)
    assert add_months(dt.date(2027, 5, 31), -3) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2026, 11, 30), 3) == dt.date(2027, 2, 28)


# --- the fast paths that keep email-validator and python-stdnum out of `status` --------------

_LABEL = st.text("abz09-", min_size=1, max_size=64)
_EMAILS = st.one_of(
    st.text(max_size=80),
    st.builds(
        "{}@{}.{}".format,
        st.text("aZ09._%+-'é", min_size=1, max_size=66),
        st.lists(_LABEL, min_size=1, max_size=4).map(".".join),
        st.sampled_from(["fr", "com", "test", "local", "arpa", "Fr", "x", "museum", "1fr"]),
    ),
)


@settings(max_examples=300, deadline=None)
@given(_EMAILS)
def test_a_plain_email_is_one_email_validator_takes_unchanged(text: str) -> None:
    from email_validator import EmailNotValidError, validate_email

    if not _plain_email(text):
        return
    try:
        normalized = validate_email(text, check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise AssertionError(f"{text!r} taken by the fast path, refused: {error}") from None
    assert normalized == text


def test_the_fast_path_knows_email_validators_special_domains() -> None:
    import email_validator

    assert set(email_validator.SPECIAL_USE_DOMAIN_NAMES) <= EMAIL_SPECIAL_USE
    assert _plain_email("eloise.daubigne@example.fr")  # the fast path is taken at all
    assert not _plain_email("a@b.test") and not _plain_email("a@xn--bcher-kva.fr")


@settings(max_examples=300, deadline=None)
@given(st.text("0123456789", min_size=9, max_size=9))
def test_the_siren_key_is_stdnums(digits: str) -> None:
    from stdnum.fr import siren

    assert _luhn(digits) == siren.is_valid(digits)
