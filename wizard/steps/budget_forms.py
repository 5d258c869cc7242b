"""The budget step's forms: a funder line (who, which scheme, where the request stands, one
amount per year, the partner suggestion it came from), the adultes-relais convention request
and the dossier's own salary grid."""

from wtforms import SelectField, StringField
from wtforms.validators import NumberRange

from wizard.costing.defaults import SPECS_BY_KEY
from wizard.document import adultes_relais as ar
from wizard.document import vocabulary as v
from wizard.forms import MultiCheckboxField, StepForm, SubForm, choices, optional
from wizard.forms.limits import repeated, title_text
from wizard.forms.numbers import WholeNumberField
from wizard.reference.fields import spec_validator
from wizard.steps.budget_figures import posts_message
from wizard.steps.rows import origin_field
from wizard.steps.yearly import amount_field, check_amounts

OVERRIDES = ("mediator_gross_annual", "team_leader_gross_annual", "employer_rate_mediator",
             "employer_rate_team_leader")
DURATIONS = {3: "3 ans (durée d'une convention adulte-relais)", 2: "2 ans", 1: "1 an"}


class FunderForm(SubForm):
    name = StringField("Nom du financeur", [optional(), title_text()],
                       description="Ex. FIPD (préfecture), Conseil départemental, bailleur social…")
    category = SelectField("Catégorie", [optional()],
                           choices=choices(v.FUNDER_CATEGORIES, "Choisir…"))
    scheme = SelectField(
        "Dispositif sollicité", [optional()], choices=choices(v.FUNDING_SCHEMES, "Choisir…"),
        description="Le fonds ou le dispositif auquel la demande s'adresse : FIPD, crédits de "
        "la politique de la ville, conseil départemental…")
    request = SelectField(
        "État de la demande", [optional()], choices=choices(v.FUNDING_STATUSES),
        description="« Demandé » : sollicité par ce dossier ; « Accordé » : déjà attribué ; "
        "« Ressources propres » : apport du porteur.")
    status = SelectField(
        "Statut (bailleur social, opérateur de transport, autre financeur)", [optional()],
        choices=choices(v.FUNDER_STATUSES, "Non précisé"),
        description="Un bailleur social n'est public que s'il est un office public de l'habitat "
        "(OPH) ; une ESH ou une SA d'HLM, comme une entreprise de transport, est un organisme "
        "privé (« Aides privées » du budget cerfa).")
    amount_1 = amount_field(1)
    amount_2 = amount_field(2)
    amount_3 = amount_field(3)
    suggestion = origin_field()  # the partner suggestion this line came from (kept renamed)


def _override(key: str) -> StringField:
    spec = SPECS_BY_KEY[key]
    return StringField(spec.label_fr, [optional(), spec_validator(spec)],
                       render_kw={"inputmode": "decimal", "autocomplete": "off"})


class BudgetForm(StepForm):
    adultes_relais_posts = WholeNumberField(
        "Nombre de postes d'adultes-relais", [optional(), NumberRange(
            0, 50, message="Le nombre de postes doit être compris entre 0 et 50.")],
        description="Postes en convention adulte-relais avec l'État (aide annuelle par poste). "
                    "Au plus un par poste de médiateur.",
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
        message="Saisir un nombre entier de postes, par exemple 2.",
    )
    ar_qpv_codes = MultiCheckboxField(
        "Quartiers prioritaires desservis par les adultes-relais", choices=[],
        description="Les quartiers prioritaires (QPV) nommés à l'étape « Porteur et "
        "territoire » ou rattachés aux lieux du diagnostic.")
    ar_duration = SelectField("Durée de la convention demandée", [optional()],
                              choices=choices(DURATIONS), coerce=str)
    ar_eligibility = MultiCheckboxField(
        "Les personnes à recruter remplissent les conditions suivantes",
        choices=choices(ar.ELIGIBILITY),
        description=f"Conditions d'accès au poste d'adulte-relais ({ar.SOURCE_TEXT}). Cochez "
        "chaque condition que le porteur s'engage à vérifier au recrutement.")
    funders = repeated(FunderForm, "funding.funders")
    mediator_gross_annual = _override("mediator_gross_annual")
    team_leader_gross_annual = _override("team_leader_gross_annual")
    employer_rate_mediator = _override("employer_rate_mediator")
    employer_rate_team_leader = _override("employer_rate_team_leader")

    # set by `prepare` from the dossier (defaults for a form built without it)
    project_years = 3
    headcount: int | None = None
    suggestions: list = []

    def validate(self, extra_validators=None):
        """Types and ranges, then: posts ≤ mediator headcount, one amount per project year."""
        valid = super().validate(extra_validators)
        posts = self.adultes_relais_posts
        if not posts.errors and posts.data and self.headcount is not None \
                and posts.data > self.headcount:
            posts.errors.append(posts_message(self.headcount))
            valid = False
        for entry in self.funders.entries:
            valid = check_amounts(entry.form, self.project_years) and valid
        return valid
