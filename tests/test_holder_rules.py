"""The guide's rules on the SIREN, applied to units as the SIRENE adapters return them."""

from __future__ import annotations

import pytest

from opalexe_cert.domain.holder_rules import check_unit, refusal_message, unit_kind
from opalexe_cert.domain.identity import LegalUnit, legal_category_label

ADDRESS = ("12 RUE DES LILAS", "33000 BORDEAUX")


def person(**fields: object) -> LegalUnit:
    values: dict[str, object] = {
        "siren": "812345676",
        "legal_category": "1000",
        "legal_category_label": "Entrepreneur individuel",
        "active": True,
        "civility": "Mme",
        "birth_name": "LEFEBVRE",
        "given_names": "Claire",
        "address": ADDRESS,
        **fields,
    }
    return LegalUnit.model_validate(values)


def legal_person(category: str, name: str | None = "ACME EXPERTISES") -> LegalUnit:
    return LegalUnit(
        siren="552345670",
        legal_category=category,
        legal_category_label=legal_category_label(category),
        active=True,
        denomination=name,
        address=ADDRESS,
    )


def test_a_complete_active_person_is_accepted_without_question() -> None:
    check = check_unit(person())
    assert check.accepted
    assert (check.refusal, check.warnings, check.fields_to_ask, check.hidden) == (
        None,
        (),
        (),
        False,
    )


def test_a_company_is_refused_with_the_guides_warning() -> None:
    check = check_unit(legal_person("5599"))
    assert not check.accepted
    assert check.refusal == (
        "Ce SIREN est celui d'une société anonyme (SA à conseil d'administration) "
        "« ACME EXPERTISES », pas celui d'une personne physique. Il est INTERDIT d'utiliser "
        "le SIREN d'une société ou de la compagnie : indiquez votre SIREN individuel de "
        "personne physique."
    )
    assert check.fields_to_ask == ()  # nothing to ask: the SIREN itself must change


@pytest.mark.parametrize(
    ("category", "expected"),
    [
        # INSEE's label says again what the kind says: only what it adds is kept
        ("5710", "celui d'une société par actions simplifiée (SAS) « ACME"),
        ("5499", "celui d'une société à responsabilité limitée « ACME"),
        ("9220", "celui d'une association (Association déclarée) « ACME"),
        ("6540", "celui d'une société civile ("),
    ],
)
def test_the_refusal_names_what_the_siren_belongs_to(category: str, expected: str) -> None:
    message = refusal_message(legal_person(category))
    assert message is not None
    assert expected in message
    assert message.casefold().count("responsabilité limitée") <= 1
    assert message.casefold().count("actions simplifiée") <= 1


def test_a_company_is_refused_even_with_an_identity_typed_by_hand() -> None:
    unit = legal_person("5710", name=None).model_copy(
        update={"civility": "M.", "birth_name": "DURAND", "given_names": "Jean"}
    )
    check = check_unit(unit)
    assert check.refusal is not None
    assert "« " not in check.refusal  # no name known: none invented


@pytest.mark.parametrize(
    ("category", "kind"),
    [
        ("5599", "d'une société anonyme"),
        ("5699", "d'une société anonyme"),
        ("7210", "d'une collectivité territoriale"),
        ("4200", "d'une personne morale de droit public"),  # family unknown: its section
        ("0000", "d'une personne morale"),
    ],
)
def test_unit_kind(category: str, kind: str) -> None:
    assert unit_kind(category) == kind


def test_a_ceased_unit_is_accepted_with_a_warning() -> None:
    check = check_unit(person(active=False))
    assert check.accepted
    assert len(check.warnings) == 1
    assert "activité cessée" in check.warnings[0]
    assert "réactiver" in check.warnings[0]
    assert "SIREN actuel" in check.warnings[0]


def test_hidden_data_is_accepted_and_every_missing_field_asked() -> None:
    unit = LegalUnit(
        siren="912345675",
        legal_category="1000",
        legal_category_label="Entrepreneur individuel",
        active=True,
        diffusible=False,
    )
    check = check_unit(unit)
    assert check.accepted
    assert check.hidden
    assert check.fields_to_ask == ("civility", "surname", "given_names", "address")
    assert any("pas publiques" in warning for warning in check.warnings)


def test_only_the_fields_not_found_are_asked() -> None:
    # the Recherche d'entreprises API does not publish the sex
    check = check_unit(person(civility=None))
    assert check.fields_to_ask == ("civility",)
    assert check.warnings == ()


def test_the_usage_name_counts_as_the_surname() -> None:
    check = check_unit(person(birth_name=None, usage_name="MARTIN"))
    assert "surname" not in check.fields_to_ask


def test_an_unknown_category_is_not_refused_but_flagged() -> None:
    check = check_unit(person(legal_category=None, legal_category_label=None))
    assert check.accepted
    assert "catégorie juridique" in check.warnings[0]
