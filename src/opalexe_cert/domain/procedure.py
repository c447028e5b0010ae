"""The procedure of the guide, as data: thirteen steps, their instructions and their fields.

Adding a step or a field is one change here; the engine, the wizard, ``status`` and the
answers file all read this table. Texts are the guide's (ACSO, Bordeaux), in French. They may
hold ``{placeholders}`` filled by ``texts.context`` (the support chosen, the President...).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from opalexe_cert.domain import guide
from opalexe_cert.domain.address import (
    CERTEUROPE_NAME_LINES,
    HOLDER_NAME_LINES,
    PRESIDENT_NAME_LINES,
    check_full_name,
    check_surname,
)
from opalexe_cert.domain.compagnie import COMPAGNIES, DEFAULT_COMPAGNIE, OTHER_COMPAGNIE
from opalexe_cert.domain.dates import format_date
from opalexe_cert.domain.fields import (
    Answers,
    Behaviour,
    Choice,
    Condition,
    FactsView,
    Field,
    FieldCheck,
    Finding,
    Found,
    Kind,
    Rule,
)
from opalexe_cert.domain.guide import ACSO_COURT_OF_APPEAL, ACSO_NAME, PORTAL_URL, SUPPORT_URL
from opalexe_cert.domain.names import article_question
from opalexe_cert.domain.vocabulary import Handover, Medium, StepId


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of instructions, shown only when its condition (if any) holds."""

    text: str
    when: Condition | None = None


@dataclass(frozen=True)
class Step:
    """One step of the procedure.

    ``auto_date`` steps (profile, offer, siren) are done once their answers are recorded and
    take today's date; the others are done once their date is recorded. ``ordered`` steps'
    dates may not be before the previous ordered step's date.
    """

    id: StepId
    title: str
    action: str
    instructions: tuple[Paragraph, ...]
    fields: tuple[Field, ...]
    date_label: str
    done_question: str = ""
    waiting: str = ""
    warnings: tuple[Paragraph, ...] = ()
    urls: tuple[str, ...] = ()
    auto_date: bool = False
    ordered: bool = True

    @property
    def date_field(self) -> Field:
        """The step's date field (always the last one)."""
        return self.fields[-1]

    def has(self, behaviour: Behaviour) -> bool:
        """Whether one of the step's fields declares ``behaviour``."""
        return any(f.behaviour is behaviour for f in self.fields)


def _date(
    step: StepId, label: str, *, auto: bool = False, checks: tuple[FieldCheck, ...] = ()
) -> Field:
    return Field(
        step,
        "date",
        label,
        Kind.PAST_DATE,
        required=not auto,
        help="Aujourd'hui par défaut, ou une date passée (JJ/MM/AAAA).",
        checks=checks,
    )


def _step(
    id: StepId,
    title: str,
    action: str,
    instructions: tuple[Paragraph, ...],
    date_label: str,
    *fields: Field,
    auto_date: bool = False,
    done_question: str = "",
    waiting: str = "",
    warnings: tuple[Paragraph, ...] = (),
    urls: tuple[str, ...] = (),
    date_checks: tuple[FieldCheck, ...] = (),
) -> Step:
    return Step(
        id=id,
        title=title,
        action=action,
        instructions=instructions,
        fields=(*fields, _date(id, date_label, auto=auto_date, checks=date_checks)),
        date_label=date_label,
        done_question=done_question,
        waiting=waiting,
        warnings=warnings,
        urls=urls,
        auto_date=auto_date,
        ordered=not auto_date,
    )


def _found(answers: Answers, found: Found) -> bool:
    """The look-up found some of the holder's identity: ask to confirm it (a unit that hides
    every field leaves nothing to confirm)."""
    return found is not None and any(value is not None for value in found.values())


def _identity_needed(name: str) -> Rule:
    """An identity field must be typed when nothing was found, it is hidden, or was rejected;
    the surname too when SIRENE's capitals do not tell whether « LA » belongs to the name
    (« de La ROCHEFOUCAULD ») or to the particle (« de la TOUR »): the expert says it."""

    def needed(answers: Answers, found: Found) -> bool:
        if found is None or answers.get("siren.confirm") is False or found.get(name) is None:
            return True
        return name == "surname" and article_question(str(found[name])) is not None

    return needed


# --- plausible dates, declared on the fields below --------------------------


ID_EXPIRED = "la pièce d'identité a expiré le "
"""How the refusal of an ID expired when sent begins (the wizard then offers to correct it)."""


def _id_expired(expiry: dt.date, sent: dt.date) -> Finding:
    return Finding(
        f"{ID_EXPIRED}{format_date(expiry)}, avant son envoi le "
        f"{format_date(sent)} : le dossier exige une pièce en cours de validité le jour de "
        "l'envoi ; envoyez la copie d'une pièce valide",
        "refuse",
        "refuse",
    )


def _id_soon(expiry: dt.date) -> str:
    return (
        f"Votre pièce d'identité expire le {format_date(expiry)}, au plus "
        f"{guide.ID_MARGIN.text} après son envoi ; elle pourrait ne plus être valide quand "
        "CertEurope traitera le dossier."
    )


def _id_expiry_check(facts: FactsView, expiry: dt.date, today: dt.date) -> Finding | None:
    """The ID's expiry, judged on the sending date when known; else on today, in the wizard
    only (it proposes today as the sending date; a file is judged when its date comes)."""
    sent = facts.date(StepId.PRESIDENT_MAIL)
    validity = guide.id_validity(expiry, sent or today)
    if validity is guide.IdValidity.EXPIRED:
        if sent is not None:
            return _id_expired(expiry, sent)
        return Finding(
            f"Cette pièce d'identité a expiré le {format_date(expiry)} : elle ne convient que si "
            "le dossier a été posté au plus tard ce jour-là.",
            "confirm",
            "skip",
        )
    if validity is guide.IdValidity.EXPIRES_SOON:
        return Finding(_id_soon(expiry), "confirm", "warn" if sent else "skip")
    return None


def _id_sent_check(facts: FactsView, sent: dt.date, today: dt.date) -> Finding | None:
    """The sending date, once the ID's expiry is known: an ID expired that day is refused."""
    expiry = facts.id_expiry
    if expiry is None:
        return None
    validity = guide.id_validity(expiry, sent)
    if validity is guide.IdValidity.EXPIRED:
        return _id_expired(expiry, sent)
    if validity is guide.IdValidity.EXPIRES_SOON:
        # The wizard confirmed it already when it judged the expiry against today.
        seen = guide.id_validity(expiry, today) is guide.IdValidity.EXPIRES_SOON
        return Finding(_id_soon(expiry), "skip" if seen else "confirm", "warn")
    return None


def _last_step_date(facts: FactsView) -> dt.date | None:
    """The latest date of the steps done so far (the activation cannot be before it)."""
    dates = [facts.done[s.id] for s in STEPS if s.ordered and s.id in facts.done]
    return max(dates) if dates else None


def _cert_too_early(expiry: dt.date, floor: dt.date, activated: bool) -> Finding:
    first = floor + dt.timedelta(days=2)  # a certificate of a day or less is no certificate
    what = "l'activation" if activated else "la dernière étape enregistrée"
    return Finding(
        f"un certificat qui expire le {format_date(expiry)} ne peut pas venir d'être "
        f"activé : la date d'expiration doit suivre de plus d'un jour celle de {what} (le "
        f"{format_date(floor)}), soit le {format_date(first)} au plus tôt",
        "refuse",
        "refuse",
    )


def _implausible(expiry: dt.date, activated: dt.date) -> str | None:
    """Why an expiry is not 1 to 4 years after the activation, or ``None``."""
    low, high = guide.plausible_certificate_expiry(activated)
    if low <= expiry <= high:
        return None
    return (
        f"une expiration le {format_date(expiry)} est inhabituelle pour un certificat activé le "
        f"{format_date(activated)} : les certificats du guide durent environ "
        f"{guide.CERTIFICATE_USUAL.text}, et la date attendue est entre le {format_date(low)} "
        f"et le {format_date(high)}. Vérifiez la date affichée dans Trusted Key Manager"
    )


def _cert_expired(expiry: dt.date, today: dt.date) -> Finding:
    first = today + dt.timedelta(days=2)
    return Finding(
        f"un certificat qui expire le {format_date(expiry)} ne peut pas venir d'être activé, "
        f"car nous sommes le {format_date(today)} : la date d'expiration est le "
        f"{format_date(first)} au plus tôt. Vérifiez la date affichée dans Trusted Key Manager",
        "refuse",
        "refuse",
    )


def _cert_expiry_check(facts: FactsView, expiry: dt.date, today: dt.date) -> Finding | None:
    """More than a day after the activation (or the last step, while it is not known) and
    after tomorrow, so that the activation date asked next can always be given; 1 to 4
    years after it: judged on the activation date when known, else on today in the wizard
    only (it proposes today as the activation date; a file is judged when its date comes)."""
    activated = facts.date(StepId.ACTIVATION)
    floor = activated or _last_step_date(facts)
    if (
        activated is None
        and expiry <= today + dt.timedelta(days=1)
        and (floor is None or floor <= today)
    ):
        return _cert_expired(expiry, today)  # the later bound, named as the one enforced
    if floor is not None and expiry <= floor + dt.timedelta(days=1):
        return _cert_too_early(expiry, floor, activated is not None)
    reason = _implausible(expiry, activated or today)
    if reason is None:
        return None
    return Finding(reason, "confirm", "refuse" if activated else "skip")


def _activation_date_check(facts: FactsView, activated: dt.date, today: dt.date) -> Finding | None:
    """The activation date, once the expiry is known: the expiry must fit it."""
    expiry = facts.cert_expiry
    if expiry is None:
        return None
    if expiry <= activated + dt.timedelta(days=1):
        return _cert_too_early(expiry, activated, True)
    reason = _implausible(expiry, activated)
    if reason is None:
        return None
    # The wizard confirmed it already if it was implausible against today too.
    seen = _implausible(expiry, today) is not None
    return Finding(reason, "skip" if seen else "confirm", "refuse")


P = Paragraph
# The guide's warning on the SIREN, shown at the siren step and repeated when it is not checked.
SIREN_WARNING = (
    "il s'agit du numéro SIREN individuel de la personne physique porteuse du certificat. "
    "Tout expert personne physique DOIT IMPÉRATIVEMENT disposer de son propre numéro SIREN. "
    "Il est INTERDIT de mettre le numéro SIREN d'une société ou de la compagnie."
)
OTHER = Condition("profile.compagnie", OTHER_COMPAGNIE)
COURIER = Condition("offer.handover", Handover.COURIER)
PRESIDENT = Condition("offer.handover", Handover.PRESIDENT)


def _registered(answers: Answers, found: Found) -> bool:
    """A compagnie of the registry (the guide's): its President and address are known."""
    return str(answers.get("profile.compagnie")) in COMPAGNIES


def _president_fields(answers: Answers, found: Found) -> bool:
    """The President's details: asked for another compagnie, or when a registered one's have
    changed."""
    return answers.get("profile.compagnie") == OTHER_COMPAGNIE or (
        _registered(answers, found) and answers.get("profile.president_as_guide") is False
    )


CIVILITIES = (Choice("M.", "Monsieur"), Choice("Mme", "Madame"))

STEPS: tuple[Step, ...] = (
    _step(
        StepId.PROFILE,
        "Votre profil",
        "Indiquer votre compagnie d'experts et votre adresse électronique.",
        (
            P(
                "Le Président de votre compagnie signe votre attestation d'appartenance : "
                f"l'assistant doit savoir à qui l'adresser. Par défaut, c'est la {ACSO_NAME} "
                f"({ACSO_COURT_OF_APPEAL}), dont le guide est tiré."
            ),
            P(
                "CertEurope vous enverra le code d'activation de votre certificat à l'adresse "
                "électronique que vous indiquerez dans le formulaire de commande de CertEurope ; "
                "indiquez ici la même."
            ),
        ),
        "Date",
        Field(
            StepId.PROFILE,
            "compagnie",
            "Votre compagnie d'experts",
            Kind.CHOICE,
            choices=(
                *(Choice(c.key, f"{c.name} ({c.court_of_appeal})") for c in COMPAGNIES.values()),
                Choice(OTHER_COMPAGNIE, "Une autre compagnie"),
            ),
            default=DEFAULT_COMPAGNIE.key,
        ),
        Field(
            StepId.PROFILE,
            "president_as_guide",
            "Le guide indique : {guide_president}. Vos lettres et l'attestation indiqueront "
            "votre inscription près la {guide_court}. Est-ce toujours exact ?",
            Kind.BOOL,
            when=_registered,
            default=True,
        ),
        Field(StepId.PROFILE, "compagnie_name", "Nom de la compagnie", Kind.TEXT, when=OTHER),
        Field(
            StepId.PROFILE,
            "compagnie_short_name",
            "Nom court de la compagnie, pour une ligne d'enveloppe (38 caractères au plus)",
            Kind.SHORT_NAME,
            when=_president_fields,
            required=False,
        ),
        Field(
            StepId.PROFILE,
            "court_of_appeal",
            "Cour d'appel de votre inscription (imprimée sur vos lettres et l'attestation)",
            Kind.TEXT,
            when=_president_fields,
        ),
        Field(
            StepId.PROFILE,
            "president_civility",
            "Civilité du Président ou de la Présidente",
            Kind.CHOICE,
            choices=CIVILITIES,
            when=_president_fields,
        ),
        Field(
            StepId.PROFILE,
            "president_name",
            "Prénom et nom {of_president}",
            Kind.PERSON_NAME,
            when=_president_fields,
            check=check_full_name,
        ),
        Field(
            StepId.PROFILE,
            "compagnie_address",
            "Adresse postale de la compagnie, sans le nom {of_president} (la rue, puis le "
            "code postal et la ville)",
            Kind.ADDRESS,
            when=_president_fields,
            name_lines=PRESIDENT_NAME_LINES,
        ),
        Field(StepId.PROFILE, "email", "Votre adresse électronique", Kind.EMAIL),
        Field(
            StepId.PROFILE,
            "phone",
            "Votre numéro de téléphone, pour vos lettres (facultatif)",
            Kind.PHONE,
            required=False,
        ),
        auto_date=True,
    ),
    _step(
        StepId.ACCOUNT,
        "Compte sur le portail CertEurope",
        f"Vous connecter au portail CertEurope ({PORTAL_URL}) ou y créer un compte.",
        (
            P(f"Rendez-vous sur le portail de CertEurope : {PORTAL_URL}"),
            P(
                "Connectez-vous avec l'identifiant et le mot de passe définis lors de votre "
                "première commande de carte. Si vous vous connectez à ce portail pour la "
                "première fois, vous devez créer un compte."
            ),
            P(
                "L'assistant ne vous demande jamais votre mot de passe et ne l'enregistre pas : "
                "gardez-le précieusement, il vous servira aussi au renouvellement."
            ),
        ),
        "Date de connexion au portail",
        done_question="{account_question}",
        urls=(PORTAL_URL,),
    ),
    _step(
        StepId.OFFER,
        "Choix de l'offre",
        "Cliquer sur « commander une nouvelle carte » et choisir l'offre.",
        (
            P("Sur le portail, cliquez pour commander une nouvelle carte."),
            P(
                "Support : la carte d'expert (carte à puce) est livrée avec son lecteur de "
                "carte ; la clé USB se branche directement sur l'ordinateur."
            ),
            P(
                "Remise : les options habituelles sont celles avec authentification du porteur "
                "par {the_president} de la Compagnie ; elles sont les moins chères. Les options "
                "avec livraison sont plus chères, car l'authentification du porteur est "
                "effectuée par le livreur, qui remet la carte uniquement à la personne "
                "titulaire, sur présentation de sa pièce d'identité."
            ),
            P(
                "Dans les deux cas, {the_president} signe votre attestation d'appartenance à la "
                "Compagnie."
            ),
        ),
        "Date",
        Field(
            StepId.OFFER,
            "medium",
            "Support du certificat",
            Kind.CHOICE,
            choices=tuple(Choice(m, m.words.label) for m in Medium),
        ),
        Field(
            StepId.OFFER,
            "handover",
            "Mode de remise",
            Kind.CHOICE,
            choices=tuple(Choice(h, h.words.label) for h in Handover),
        ),
        auto_date=True,
    ),
    _step(
        StepId.SIREN,
        "Votre SIREN individuel",
        "Indiquer votre numéro SIREN individuel de personne physique.",
        (
            P(
                "Sur le portail, saisissez votre numéro SIREN : le formulaire se remplit alors "
                "automatiquement. L'assistant vérifie d'abord sa clé de contrôle puis, si le "
                "réseau est disponible, le recherche dans la base SIRENE publique pour "
                "retrouver votre identité."
            ),
        ),
        "Date",
        Field(
            StepId.SIREN,
            "siren",
            "Votre numéro SIREN (9 chiffres)",
            Kind.SIREN,
            behaviour=Behaviour.SIRENE_LOOKUP,
        ),
        Field(
            StepId.SIREN, "confirm", "Confirmez-vous l'identité trouvée ?", Kind.BOOL, when=_found
        ),
        Field(
            StepId.SIREN,
            "civility",
            "Civilité",
            Kind.CHOICE,
            choices=CIVILITIES,
            required=_identity_needed("civility"),
        ),
        Field(
            StepId.SIREN,
            "surname",
            "Nom",
            Kind.SURNAME,
            required=_identity_needed("surname"),
            check=check_surname,
        ),
        Field(
            StepId.SIREN,
            "given_names",
            "Prénoms",
            Kind.GIVEN_NAMES,
            required=_identity_needed("given_names"),
        ),
        Field(
            StepId.SIREN,
            "address",
            "Adresse postale (dernière ligne : code postal et ville)",
            Kind.ADDRESS,
            required=_identity_needed("address"),
            name_lines=HOLDER_NAME_LINES,
        ),
        warnings=(P(f"ATTENTION : {SIREN_WARNING}"),),
        auto_date=True,
    ),
    _step(
        StepId.ORDER_FORM,
        "Formulaire de commande",
        "Remplir le formulaire de commande sur le portail.",
        (
            P("Saisissez votre numéro SIREN {siren} et cliquez sur « Rechercher »."),
            P("Le formulaire se remplit automatiquement : cliquez sur « Suivant »."),
            P("Après avoir vérifié les informations, cliquez sur « Suivant »."),
            P("Passez l'étape suivante en cliquant sur « Suivant »."),
            P(
                "Vérifiez les informations et déroulez le formulaire vers le bas : il reste des "
                "éléments à fournir."
            ),
        ),
        "Date à laquelle le formulaire a été rempli",
        done_question="Avez-vous rempli le formulaire de commande ?",
        urls=(PORTAL_URL,),
    ),
    _step(
        StepId.PAYMENT,
        "Paiement",
        "Payer la commande sur le portail.",
        (
            P("Cliquez sur « Suivant » et payez votre commande."),
            P("Une fois la commande payée, cliquez sur « Suivant »."),
        ),
        "Date du paiement",
        Field(
            StepId.PAYMENT,
            "reference",
            "Référence de la commande (facultatif)",
            Kind.TEXT,
            required=False,
        ),
        Field(
            StepId.PAYMENT,
            "amount",
            "Montant payé en euros (facultatif)",
            Kind.AMOUNT,
            required=False,
        ),
        done_question="Avez-vous payé la commande ?",
    ),
    _step(
        StepId.ORDER_EMAIL,
        "Courriel de CertEurope",
        "Attendre le courriel de CertEurope avec la facture et le dossier à imprimer.",
        (
            P(
                "Vous recevez un courriel de CertEurope auquel sont attachées 2 pièces jointes : "
                "la facture d'une part, le dossier à imprimer et à remplir d'autre part."
            ),
            P(
                "Le dossier comporte notamment une attestation d'appartenance à la Compagnie "
                "préremplie, qui devra être signée par {the_president}."
            ),
        ),
        "Date de réception du courriel",
        Field(
            StepId.ORDER_EMAIL,
            "attestation_included",
            "Le dossier de CertEurope contient-il l'attestation d'appartenance préremplie ?",
            Kind.BOOL,
            default=True,
        ),
        done_question="Avez-vous reçu le courriel de CertEurope avec ses 2 pièces jointes ?",
        waiting="le courriel de CertEurope (facture et dossier à imprimer)",
    ),
    _step(
        StepId.PRESIDENT_MAIL,
        "Envoi {to_president}",
        "Envoyer par la poste {to_president} {documents_to_send}.",
        (
            P(
                "Imprimez le dossier, puis envoyez par la poste {to_president} de votre "
                "compagnie les pièces suivantes, pour qu'{pronoun} les authentifie :",
                when=PRESIDENT,
            ),
            P(
                "Imprimez le dossier, puis envoyez par la poste {to_president} de votre "
                "compagnie les pièces suivantes, pour qu'{pronoun} signe l'attestation :",
                when=COURIER,
            ),
            P("1. {attestation} ;"),
            P(
                "2. une copie de votre pièce d'identité en couleur, recto-verso et en cours de "
                "validité ;",
                when=PRESIDENT,
            ),
            P("3. une enveloppe timbrée à votre adresse, pour le retour.", when=PRESIDENT),
            P("2. une enveloppe timbrée à votre adresse, pour le retour.", when=COURIER),
            P(
                "Avec la livraison par coursier, c'est le livreur qui vérifiera votre identité "
                "à la remise du support : {the_president} n'a pas à l'authentifier. La copie de "
                "votre pièce d'identité ira avec le dossier complet envoyé à CertEurope.",
                when=COURIER,
            ),
            P("Adresse : {president_address}"),
            P(
                "« opalexe-cert print-dossier » prépare la lettre d'accompagnement, "
                "le bordereau{attestation_made} et l'étiquette de retour."
            ),
            P("Si le dossier de CertEurope demande autre chose, c'est lui qui prévaut."),
        ),
        "Date d'envoi {to_president}",
        Field(
            StepId.PRESIDENT_MAIL,
            "id_expiry",
            "Date d'expiration de la pièce d'identité {id_where}",
            Kind.DATE,
            checks=(_id_expiry_check,),
        ),
        warnings=(P("Pas d'envoi par courriel : uniquement par la poste."),),
        date_checks=(_id_sent_check,),
        done_question="Avez-vous posté les documents {to_president} ?",
    ),
    _step(
        StepId.PRESIDENT_RETURN,
        "Retour {of_president}",
        "Attendre le retour {returned_of} par {the_president}.",
        (
            P(
                "{The_president} authentifie vos documents et vous les renvoie dans "
                "l'enveloppe timbrée que vous avez jointe.",
                when=PRESIDENT,
            ),
            P(
                "{The_president} signe l'attestation et vous la renvoie dans l'enveloppe "
                "timbrée que vous avez jointe.",
                when=COURIER,
            ),
        ),
        "Date de réception {returned_of}",
        done_question="Avez-vous reçu en retour {returned} par {the_president} ?",
        waiting="le retour {returned_of} par {the_president}",
    ),
    _step(
        StepId.CERTEUROPE_MAIL,
        "Envoi à CertEurope",
        "Envoyer le dossier complet à CertEurope.",
        (
            P(
                "Une fois les documents authentifiés, envoyez votre dossier complet à "
                "CertEurope, à l'adresse imprimée sur le dossier.",
                when=PRESIDENT,
            ),
            P(
                "Une fois l'attestation signée, envoyez votre dossier complet à CertEurope, à "
                "l'adresse imprimée sur le dossier.",
                when=COURIER,
            ),
            P("Dans l'enveloppe pour CertEurope :"),
            P("1. le dossier de CertEurope imprimé et rempli ;"),
            P(
                "2. l'attestation d'appartenance signée par {the_president} et la copie de votre "
                "pièce d'identité, authentifiées par {pronoun_tonic} ;",
                when=PRESIDENT,
            ),
            P("2. l'attestation d'appartenance signée par {the_president} ;", when=COURIER),
            P(
                "3. une copie de votre pièce d'identité en couleur, recto-verso et en cours de "
                "validité ;",
                when=COURIER,
            ),
            P("{last_item}. la lettre d'accompagnement."),
            P(
                "« opalexe-cert print-dossier » prépare la lettre d'accompagnement et le "
                "bordereau. Si le dossier de CertEurope demande autre chose, c'est lui qui "
                "prévaut."
            ),
        ),
        "Date d'envoi du dossier à CertEurope",
        Field(
            StepId.CERTEUROPE_MAIL,
            "address",
            "Adresse postale de CertEurope, telle qu'imprimée sur le dossier",
            Kind.ADDRESS,
            name_lines=CERTEUROPE_NAME_LINES,
        ),
        done_question="Avez-vous posté le dossier complet à CertEurope ?",
    ),
    _step(
        StepId.DELIVERY,
        "Réception du support",
        "Attendre la livraison {support_of} ({delivery} après l'envoi du dossier).",
        (
            P(
                "Vous recevez {support_the} dans un délai de {delivery} après l'envoi du "
                "dossier complet à CertEurope."
            ),
            P(
                "Livraison par coursier : soyez {present} en personne à la livraison, {provided} "
                "d'une pièce d'identité en cours de validité ; le livreur vérifie votre identité "
                "et ne remet le support qu'à la personne titulaire.",
                when=COURIER,
            ),
            P(
                "Sans nouvelles au-delà de {delivery_max}, contactez le support de CertEurope : "
                f"{SUPPORT_URL}"
            ),
        ),
        "Date de réception",
        done_question="Avez-vous reçu {support_the} ?",
        waiting="la livraison {support_of}",
    ),
    _step(
        StepId.HANDOVER_REPORT,
        "Procès-verbal de remise",
        "Signer et renvoyer le procès-verbal de remise de support.",
        (
            P(
                "Après réception {support_of}, signez le procès-verbal de remise de support et "
                "renvoyez-le à l'adresse indiquée sur le procès-verbal."
            ),
        ),
        "Date d'envoi du procès-verbal",
        done_question="Avez-vous signé et renvoyé le procès-verbal de remise ?",
    ),
    _step(
        StepId.ACTIVATION,
        "Activation",
        f"Installer Trusted Key Manager ({SUPPORT_URL}) et activer le certificat.",
        (
            P(
                "Pour utiliser votre certificat sur OPALEXE, installez sur votre PC ou votre Mac "
                f"le logiciel Trusted Key Manager, à télécharger sur {SUPPORT_URL}"
            ),
            P(
                "Activez le certificat avec le code d'activation envoyé par CertEurope à "
                "l'adresse électronique renseignée ({email})."
            ),
        ),
        "Date d'activation",
        Field(
            StepId.ACTIVATION,
            "cert_expiry",
            "Date d'expiration du certificat (indiquée dans Trusted Key Manager)",
            Kind.DATE,
            checks=(_cert_expiry_check,),
            behaviour=Behaviour.READ_CERTIFICATE,
        ),
        done_question="Avez-vous activé votre certificat ?",
        date_checks=(_activation_date_check,),
        urls=(SUPPORT_URL,),
    ),
)

STEP_IDS: tuple[StepId, ...] = tuple(step.id for step in STEPS)
FIELDS: dict[str, Field] = {field.key: field for step in STEPS for field in step.fields}
# Steps a renewal starts from and the answers it keeps.
RENEWAL_FIRST_STEP = StepId.ACCOUNT
KEPT_ON_RENEWAL: tuple[StepId, ...] = (StepId.PROFILE, StepId.SIREN)


def field(step_id: StepId, name: str) -> Field:
    """The field ``name`` of step ``step_id``; ``KeyError`` when there is none.

    Code outside this module names a field this way rather than by a ``"step.field"`` string,
    so that a renamed field fails loudly instead of reading as ``None``.
    """
    return FIELDS[Field(step_id, name, "", Kind.TEXT).key]


def step(step_id: StepId) -> Step:
    """The step with this id; ``KeyError`` when there is none."""
    for candidate in STEPS:
        if candidate.id == step_id:
            return candidate
    raise KeyError(step_id)
