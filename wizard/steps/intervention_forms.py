"""Forms of step 5 « Modalités d'intervention »: the diagnosis place checkboxes, rounds
and reinforcements with their schedule rows (wizard.steps.schedule), other costs.

Validators check types and ranges only, except that a row with content needs its key field
(name, label) and a schedule row its days and times: an error keeps such a row pending,
never dropped.
"""

import re

from wtforms import BooleanField, RadioField, SelectField, StringField
from wtforms.validators import ValidationError

from wizard.document import vocabulary as v
from wizard.forms import (
    MultiCheckboxField,
    StepForm,
    SubForm,
    choices,
    clean,
    optional,
)
from wizard.forms.limits import repeated, title_text
from wizard.forms.numbers import DecimalNumberField, MoneyField, WholeNumberField, between
from wizard.steps.schedule import SlotRowForm, check_bound

DELETED_PLACE = "Ce lieu n'existe plus dans le diagnostic : décochez-le ou recréez-le."
DELETED_LABEL = "Lieu supprimé du diagnostic : {}"

# Charge accounts offered for other costs: all accepted by the schema (^6[0-9]{1,5}$) and
# by the costing (60–68); wizard.costing.cerfa maps each to its cerfa 12156 line.
ACCOUNTS = {
    "60": "60 — Achats (fournitures, petit matériel)",
    "606": "606 — Achats non stockés de matières et fournitures",
    "61": "61 — Services extérieurs",
    "613": "613 — Locations (local, matériel)",
    "615": "615 — Entretien et réparations",
    "616": "616 — Primes d’assurance",
    "62": "62 — Autres services extérieurs",
    "623": "623 — Publicité, publications, relations publiques",
    "625": "625 — Déplacements, missions et réceptions",
    "626": "626 — Frais postaux et de télécommunications",
    "63": "63 — Impôts, taxes et versements assimilés",
    "65": "65 — Autres charges de gestion courante",
}
ACCOUNT_PATTERN = re.compile(r"6[0-8]\d{0,4}")  # schema: 6 + 1–5 digits; costing: 60–68

CERTIFICATIONS = {
    "cap_apm": "Niveau 3 (CAP), RNCP 37240 — Éducation nationale, 16 semaines de stage.",
    "tp_msads": "Niveau 4, RNCP 36241 — ministère du Travail.",
    "tp_amis": "Niveau 3, RNCP 37722 — ministère du Travail.",
}


WEEKS = between(1, 52, "Entre 1 et 52 semaines.")
NUMERIC = {"inputmode": "numeric"}


def offer_places(field, names) -> None:
    """Set the choices of a round's place checkboxes to the diagnosis places `names`.

    A checked place that the diagnosis no longer has stays visible, checked, labelled
    « Lieu supprimé du diagnostic : X » and flagged with an error (shown on a GET too); the
    step never saves it, since the document only accepts the diagnosis places.
    """
    field.known = tuple(names)
    deleted = [p for p in dict.fromkeys(field.data or []) if p not in field.known]
    labels = {name: name for name in field.known}
    labels.update({name: DELETED_LABEL.format(name) for name in deleted})
    field.choices = choices(labels)
    errors = [e for e in field.errors if e != DELETED_PLACE]
    field.errors = errors + [DELETED_PLACE] if deleted else errors


def _slots(path: str):
    return repeated(SlotRowForm, path, min_entries=1)


class KeyedForm(SubForm):
    """A repeated item with a key field (`KEY`) that must be filled once the row has content."""

    KEY, KEY_MESSAGE = "name", ""

    def has_content(self) -> bool:
        """Whether the row holds anything typed besides its key; each row form overrides it
        (WTForms' metaclass rules out abc here), the base row has nothing to check."""
        return False

    def validate(self, extra_validators=None):
        """The key is required once the row has content; a row list (`slots`) stays within
        its bound of slots."""
        valid = super().validate(extra_validators)
        if "slots" in self:
            valid = check_bound(self.slots) and valid
        key = self[self.KEY]
        if not clean(key.data) and not key.errors and self.has_content():
            key.errors.append(self.KEY_MESSAGE)
            return False
        return valid


class RoundForm(KeyedForm):
    """A base round: its name, the diagnosis places it serves and its weekly slots."""

    ROW_TITLE = "Tournée"
    KEY_MESSAGE = "Nommer la tournée pour pouvoir l'enregistrer."
    name = StringField("Nom de la tournée", [title_text()], description="Ex. Centre et gare.")
    places = MultiCheckboxField("Lieux du diagnostic parcourus")
    slots = _slots("round.slots")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # rows added later (add button, <template> prototype) get the choices of the page
        parent = getattr(self.meta, "_parent_form", None)
        offer_places(self.places, getattr(parent, "place_names", ()))

    def validate_places(self, field):
        if any(p not in field.known for p in field.data or []):
            raise ValidationError(DELETED_PLACE)

    def has_content(self) -> bool:
        return bool(self.places.data) or any(not e.form.is_blank() for e in self.slots.entries)


class ReinforcementForm(KeyedForm):
    """Extra slots on top of the rounds for some weeks of the year (summer, events)."""

    ROW_TITLE = "Renfort"
    KEY = "label"
    KEY_MESSAGE = "Nommer le renfort pour pouvoir l'enregistrer."
    label = StringField("Nom du renfort", [title_text()],
                        description="Ex. Été, marché de Noël.")
    weeks = WholeNumberField("Nombre de semaines par an", [optional(), WEEKS], render_kw=NUMERIC)
    slots = _slots("reinforcement.slots")

    def has_content(self) -> bool:
        slots = any(not e.form.is_blank() for e in self.slots.entries)
        return self.weeks.data is not None or slots


class OtherCostForm(KeyedForm):
    """A free cost line: label, charge account, yearly amount, one-time or not."""

    KEY = "label"
    KEY_MESSAGE = "Décrire la dépense pour pouvoir l'enregistrer."
    label = StringField("Dépense", [title_text()], description="Ex. Loyer du local.")
    account = SelectField("Compte de charges", [optional()],
                          choices=choices(ACCOUNTS, "Choisir…"))
    amount = MoneyField("Montant annuel (€)", [optional()], description="Ex. 4 800,50.",
                        render_kw={"inputmode": "decimal"})
    one_time = BooleanField("Dépense ponctuelle (année 1 seulement)")

    def has_content(self) -> bool:
        typed = self.amount.raw_data and clean(self.amount.raw_data[0])
        return bool(self.account.data or typed) or self.amount.data is not None

    def offer_account(self) -> None:
        """Keep an imported account code that the list does not offer (e.g. « 618 »)."""
        code = self.account.data
        if code and code not in ACCOUNTS and ACCOUNT_PATTERN.fullmatch(code):
            extra = choices({code: f"{code} — compte {code}"})
            self.account.choices = [*self.account.choices, *extra]


class InterventionForm(StepForm):
    """Step 5: employer, qualification, rounds, reinforcements, staffing and other costs."""

    place_names: tuple[str, ...] = ()
    place_needs: dict[str, list] = {}

    employer = RadioField("Employeur des médiateurs", [optional()], choices=choices(v.EMPLOYERS))
    qualification = MultiCheckboxField(
        "Qualification attendue des médiateurs", choices=choices(v.QUALIFICATIONS),
        description="Trois certifications professionnelles sont inscrites au RNCP "
        "(France compétences).",
    )
    recruitment_months = WholeNumberField(
        "Mois de recrutement avant la prise de poste, année 1",
        [optional(), between(0, 11, "Entre 0 et 11 mois.")], default=0, render_kw=NUMERIC,
        description="Le temps de recruter l'équipe : la première année ne compte que les mois "
        "restants (salaires, formation continue, téléphonie, véhicules). 0 si l'équipe est en "
        "poste dès le début du projet.")
    rounds = repeated(RoundForm, "intervention.rounds", min_entries=1)
    reinforcements = repeated(ReinforcementForm, "intervention.reinforcements")
    weeks_per_year = WholeNumberField(
        "Semaines d'intervention par an", [optional(), WEEKS], default=47, render_kw=NUMERIC,
        description="52 semaines moins les congés et fermetures (47 : 5 semaines de congés).",
    )
    team_leader_fte = DecimalNumberField(
        "Encadrement (ETP de coordinateur)", [optional(), between(0, 50, "Entre 0 et 50 ETP.")],
        render_kw={"inputmode": "decimal"}, description="Vide : calculé automatiquement.")
    new_mediators_to_train = WholeNumberField(
        "Nouveaux médiateurs à former", [optional(), between(0, 100, "Entre 0 et 100 personnes.")],
        render_kw=NUMERIC, description="Formation initiale qualifiante, comptée la première année.")
    vehicles = WholeNumberField(
        "Véhicules", [optional(), between(0, 50, "Entre 0 et 50 véhicules.")], render_kw=NUMERIC,
        description="Location, carburant et assurance, par an.")
    other_costs = repeated(OtherCostForm, "intervention.other_costs")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.qualification.option_hints = CERTIFICATIONS
        for entry in self.other_costs.entries:
            entry.form.offer_account()

    def offer_places(self, names, needs=None) -> None:
        """Offer `names` (the diagnosis places) to every round, present and future; `needs`
        ({place name: need slots}) is what « Couvrir les besoins de ces lieux » reads."""
        self.place_names = tuple(names)
        self.place_needs = dict(needs or {})
        for entry in self.rounds.entries:
            offer_places(entry.form.places, self.place_names)
        if any(e.form.places.errors for e in self.rounds.entries):
            # as FieldList.validate would, so that the error summary lists it before a POST
            self.rounds.errors = [e.errors for e in self.rounds.entries]
