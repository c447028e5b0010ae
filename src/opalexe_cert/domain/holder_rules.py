"""The guide's rules on the SIREN the certificate is ordered with.

Pure: given the legal unit found in SIRENE, say whether it may be used, what to warn about and
which identity fields the expert must type himself. The wizard and ``start --answers`` both
call ``check_unit`` so that the two paths apply exactly the same rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from opalexe_cert.domain.identity import NATURAL_PERSON_CATEGORY, LegalUnit

IdentityField = Literal["civility", "surname", "given_names", "address"]

FORBIDDEN = (
    "Il est INTERDIT d'utiliser le SIREN d'une société ou de la compagnie : "
    "indiquez votre SIREN individuel de personne physique."
)

# What a legal unit is, by the first two digits of its legal category (INSEE's level II),
# then by the first digit (level I), as "celui d'…" completes it.
_KIND_BY_FAMILY: dict[str, str] = {
    "21": "d'une indivision",
    "22": "d'une société créée de fait",
    "23": "d'une société en participation",
    "24": "d'une fiducie",
    "27": "d'une paroisse",
    "28": "d'un assujetti unique à la TVA",
    "29": "d'un groupement de droit privé",
    "31": "d'une personne morale de droit étranger immatriculée au RCS",
    "32": "d'une personne morale de droit étranger",
    "41": "d'un établissement public industriel ou commercial",
    "51": "d'une société coopérative commerciale",
    "52": "d'une société en nom collectif",
    "53": "d'une société en commandite",
    "54": "d'une société à responsabilité limitée",
    "55": "d'une société anonyme",
    "56": "d'une société anonyme",
    "57": "d'une société par actions simplifiée",
    "58": "d'une société européenne",
    "61": "d'une caisse d'épargne",
    "62": "d'un groupement d'intérêt économique",
    "63": "d'une société coopérative agricole",
    "64": "d'une société d'assurance mutuelle",
    "65": "d'une société civile",
    "69": "d'une personne morale de droit privé immatriculée au RCS",
    "71": "d'une administration de l'État",
    "72": "d'une collectivité territoriale",
    "73": "d'un établissement public administratif",
    "74": "d'une personne morale de droit public",
    "81": "d'un organisme de protection sociale",
    "82": "d'une mutuelle",
    "83": "d'un comité social et économique",
    "84": "d'un organisme professionnel",
    "85": "d'un organisme de retraite",
    "91": "d'un syndicat de copropriétaires",
    "92": "d'une association",
    "93": "d'une fondation",
    "99": "d'une personne morale de droit privé",
}
_KIND_BY_SECTION: dict[str, str] = {
    "2": "d'un groupement sans personnalité morale",
    "3": "d'une personne morale de droit étranger",
    "4": "d'une personne morale de droit public",
    "5": "d'une société commerciale",
    "6": "d'une personne morale immatriculée au RCS",
    "7": "d'une personne morale de droit public",
    "8": "d'un organisme privé spécialisé",
    "9": "d'un groupement de droit privé",
}


@dataclass(frozen=True)
class UnitCheck:
    """What the rules say about one legal unit.

    ``refusal`` (French) is set when the SIREN must not be used; ``warnings`` are shown but
    let the expert go on; ``fields_to_ask`` lists the identity fields the look-up did not give
    (masked because the data is not public, or simply absent), which must be typed by hand.
    """

    refusal: str | None
    warnings: tuple[str, ...]
    fields_to_ask: tuple[IdentityField, ...]
    hidden: bool

    @property
    def accepted(self) -> bool:
        """Whether the SIREN may be used for the certificate."""
        return self.refusal is None


def unit_kind(category: str) -> str:
    """``d'une société anonyme``: what a legal category is, to complete "celui …"."""
    return _KIND_BY_FAMILY.get(category[:2]) or _KIND_BY_SECTION.get(
        category[:1], "d'une personne morale"
    )


def _short_label(label: str | None) -> str | None:
    """INSEE's label without its "(sans autre indication)" tail."""
    if label is None:
        return None
    for tail in (" (s.a.i.)", " (sans autre indication)"):
        label = label.removesuffix(tail)
    return label.strip() or None


def refusal_message(unit: LegalUnit) -> str | None:
    """The guide's warning naming what the SIREN belongs to, or ``None`` for a person."""
    category = unit.legal_category
    if category is None or category == NATURAL_PERSON_CATEGORY:
        return None
    kind = unit_kind(category)
    label = _short_label(unit.legal_category_label) or f"catégorie juridique {category}"
    # INSEE's « SAS, société par actions simplifiée » after « d'une société par actions
    # simplifiée » would say it twice: keep only the parts of the label the kind does not say.
    noun = kind.split(" ", 1)[-1].casefold()
    parts = [p for p in label.split(", ") if p.strip().casefold() != noun]
    shown = f" ({', '.join(parts)})" if parts else ""
    name = f" « {unit.denomination} »" if unit.denomination else ""
    return (
        f"Ce SIREN est celui {kind}{shown}{name}, pas celui d'une personne physique. " + FORBIDDEN
    )


def fields_to_ask(unit: LegalUnit) -> tuple[IdentityField, ...]:
    """The identity fields the look-up left unknown, in the order the wizard asks them."""
    known: dict[IdentityField, object] = {
        "civility": unit.civility,
        "surname": unit.surname,
        "given_names": unit.given_names,
        "address": unit.address,
    }
    return tuple(name for name, value in known.items() if not value)


def check_unit(unit: LegalUnit) -> UnitCheck:
    """Apply the guide's SIREN rules to a unit found in SIRENE."""
    warnings: list[str] = []
    refusal = refusal_message(unit)
    if unit.legal_category is None:
        warnings.append(
            "La catégorie juridique de ce SIREN n'est pas connue : vérifiez qu'il s'agit bien "
            "de votre SIREN individuel de personne physique (entrepreneur individuel)."
        )
    if unit.active is False:
        warnings.append(
            "Ce SIREN est celui d'une activité cessée au répertoire SIRENE. Faites-le "
            "réactiver (déclaration de reprise d'activité auprès du guichet unique des "
            "formalités d'entreprises) ou indiquez votre SIREN actuel."
        )
    missing = fields_to_ask(unit) if refusal is None else ()
    if not unit.diffusible and refusal is None:
        warnings.append(
            "Les données de ce SIREN ne sont pas publiques (diffusion partielle) ; "
            "indiquez vous-même les informations masquées."
        )
    return UnitCheck(
        refusal=refusal,
        warnings=tuple(warnings),
        fields_to_ask=missing,
        hidden=not unit.diffusible,
    )
