"""Step 6 — Budget et financement: the funding plan, and the costed budget it balances.

The form holds the funding plan (adultes-relais posts, co-funders with one amount per year)
and the dossier's own salary grid if it has one (overrides of the reference parameters).
The figures shown beside it come from wizard.costing, with the parameter set the dossier is
pinned to (wizard.reference); the commune's contribution balances each year.
"""

from wtforms import SelectField, StringField
from wtforms.validators import NumberRange

from wizard import reference
from wizard.costing import CostingInputError, Pinned, cost_document
from wizard.costing.defaults import SPECS_BY_KEY
from wizard.document import vocabulary as v
from wizard.document.labels import path_label
from wizard.forms import StepForm, SubForm, choices, optional
from wizard.forms.limits import repeated, title_text
from wizard.forms.numbers import WholeNumberField
from wizard.reference.fields import (
    check,
    display,
    spec_validator,
    typed,
)
from wizard.steps.base import (
    Missing,
    Section,
    Step,
    compact,
    items,
    quoted,
    section_of,
    valid_text,
)
from wizard.steps.budget_figures import (
    OWN_VALUE,
    SLUG,
    figures,
    headcount,
    overrides,
    posts_message,
    summary,
)
from wizard.steps.rows import offered, suggestion_action
from wizard.steps.yearly import (
    amount_field,
    check_amounts,
    loaded_amounts,
    project_years,
    saved_amounts,
)

OVERRIDES = ("mediator_gross_annual", "team_leader_gross_annual", "employer_rate_mediator",
             "employer_rate_team_leader")
NOT_COSTED = ("Le budget ne peut pas être calculé : compléter d'abord les modalités "
              "d'intervention.")
PARTNER_TO_FUNDER = {"departement": "departement", "region": "region", "epci": "epci",
                     "commune": "commune", "transport": "transport", "bailleur": "bailleur",
                     "commercants": "prive"}


class FunderForm(SubForm):
    name = StringField("Nom du financeur", [optional(), title_text()],
                       description="Ex. FIPD (préfecture), Conseil départemental, bailleur social…")
    category = SelectField("Catégorie", [optional()],
                           choices=choices(v.FUNDER_CATEGORIES, "Choisir…"))
    status = SelectField(
        "Statut (bailleur social, opérateur de transport, autre financeur)", [optional()],
        choices=choices(v.FUNDER_STATUSES, "Non précisé"),
        description="Un bailleur social n'est public que s'il est un office public de l'habitat "
        "(OPH) ; une ESH ou une SA d'HLM, comme une entreprise de transport, est un organisme "
        "privé (« Aides privées » du budget cerfa).")
    amount_1 = amount_field(1)
    amount_2 = amount_field(2)
    amount_3 = amount_field(3)


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


def prepare(form: BudgetForm, dossier, params: Pinned, user) -> None:
    """Project years, headcount, funder suggestions (partners « financier ») and the
    reference value beside each override, from the dossier and its pinned parameters."""
    doc = dossier.document
    form.pinned, form.newer = params, reference.newer_set(dossier)
    form.population = dossier.commune.population if dossier.commune else None
    form.project_years = project_years(doc)
    form.headcount = headcount(doc, params)
    form.suggestions = [
        {"name": p["name"], "category": PARTNER_TO_FUNDER.get(p.get("category"), "autre")
         if not str(p.get("category", "")).startswith("etat") else "etat"}
        for p in doc.get("partners", []) if "financier" in (p.get("roles") or [])
    ]
    for key in OVERRIDES:
        spec, value = SPECS_BY_KEY[key], params.values.get(key)
        shown = display(spec, value) if value else ("aucune, le taux découle de l'employeur "
                                                    "(public, ou privé moins la RGDU)")
        form[key].description = (f"Valeur de référence ({params.name}) : {shown}. "
                                 "Laisser vide pour l'appliquer.")


# « suggest-funder:<i> »: add the partner marked « financier » n° i as a funder.
action = suggestion_action(
    "funders", lambda form: getattr(form, "suggestions", []), "Financeur ajouté",
    kind="suggest-funder", already="Déjà dans le plan de financement",
    then=" Indiquez ses montants par année.")


def load(doc: dict) -> dict:
    funding, params = doc.get("funding", {}), doc.get("parameters", {})
    data = {
        "adultes_relais_posts": funding.get("adultes_relais_posts"),
        "funders": [{
            "name": f.get("name"), "category": f.get("category"), "status": f.get("status"),
            **loaded_amounts(f.get("amounts")),
        } for f in funding.get("funders", [])],
    }
    for key in OVERRIDES:
        data[key] = typed(SPECS_BY_KEY[key], params.get(key))
    return data


def save(doc: dict, form: BudgetForm) -> None:
    funding = section_of(doc, "funding")
    if not form.adultes_relais_posts.errors:
        funding["adultes_relais_posts"] = form.adultes_relais_posts.data or 0
    before = {str(f.get("name", "")).casefold(): f for f in funding.get("funders", [])}
    years = form.project_years

    def build(f):
        name = valid_text(f.name)
        if not name:
            return None
        item = {"name": name, "category": valid_text(f.category), "status": valid_text(f.status),
                "amounts": saved_amounts(f, years, before.get(name.casefold(), {}).get("amounts"))}
        return compact(item)

    funding["funders"] = items(form.funders, build)
    params = section_of(doc, "parameters")
    for key in OVERRIDES:
        if form[key].errors:
            continue
        value = check(SPECS_BY_KEY[key], form[key].data)
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value


def missing(doc: dict, params: Pinned) -> list[Missing]:
    """A co-funding (posts or a funder), complete funders, and a budget that can be costed
    with the dossier's parameters `params`."""
    funding, years = doc.get("funding", {}), doc.get("years") or 1
    funders, out = funding.get("funders", []), []
    if not funders and not funding.get("adultes_relais_posts"):
        out.append(Missing("Indiquer au moins un cofinancement : des postes d'adultes-relais ou "
                           "un financeur.", "adultes_relais_posts"))
    for i, funder in enumerate(funders):
        if not funder.get("category"):
            out.append(Missing(f"Préciser la catégorie du financeur {quoted(funder, i)}.",
                               f"funders-{i}-category"))
        if len(funder.get("amounts") or []) != years:
            each = f"chacune des {years} années" if years > 1 else "l'année du projet"
            out.append(Missing(f"Indiquer les montants du financeur {quoted(funder, i)} pour "
                               f"{each}.", f"funders-{i}-amount_1"))
    try:
        if not cost_document(doc, params).presence_hours:
            out.append(Missing(NOT_COSTED))
    except CostingInputError as error:
        paths = [p for p, _ in error.problems]
        if any(p.startswith("intervention") for p in paths):
            out.append(Missing(NOT_COSTED))
        for path, message in error.problems:
            if path.startswith(("funding.adultes_relais_posts", "parameters.", "years")):
                out.append(Missing(f"Chiffrage, {path_label(path)} : {message}.",
                                   path.rsplit(".", 1)[-1]))
    return out


def summarize(doc: dict, params: Pinned) -> list[Section]:
    """« Chiffrage », « Plan de financement » and « Paramètres », figures in French money."""
    return summary(doc, params)


def extra(doc: dict, form: BudgetForm, params: Pinned) -> dict:
    """The costed budget, the funder suggestions and the parameters in use."""
    return {
        "figures": figures(doc, params, getattr(form, "population", None)),
        "suggested": offered(form.funders, getattr(form, "suggestions", [])),
        "pinned": params,
        "newer": getattr(form, "newer", None),
        "own_values": overrides(doc),
        "own_value": OWN_VALUE,
        "project_years": form.project_years,
    }


STEP = Step(
    slug=SLUG,
    title="Budget et financement",
    form=BudgetForm,
    load=load,
    save=save,
    missing=missing,
    summarize=summarize,
    prepare=prepare,
    extra=extra,
    action=action,
    intro="Le coût du projet année par année, calculé à partir des modalités d'intervention, "
    "et le plan de financement qui l'équilibre : adultes-relais, cofinanceurs, commune.",
)
