"""Step 6 — Budget et financement: the funding plan, and the costed budget it balances.

The form (wizard.steps.budget_forms) holds the funding plan (adultes-relais posts and the
convention requested for them, wizard.steps.convention; co-funders with their scheme, the
state of the request and one amount per year) and the dossier's own salary grid if it has one (overrides of the reference parameters).
The figures shown beside it come from wizard.costing, with the parameter set the dossier is
pinned to (wizard.reference); the commune's contribution balances each year.
"""

from wizard import reference
from wizard.costing import CostingInputError, Pinned, cost_document
from wizard.costing.defaults import SPECS_BY_KEY
from wizard.document.adultes_relais import DURATION_YEARS
from wizard.document.labels import path_label
from wizard.document.requests import default_request, default_scheme
from wizard.reference.fields import check, display, typed
from wizard.steps import territory
from wizard.steps.base import Missing, Section, Step, compact, items, quoted, section_of, valid_text
from wizard.steps.budget_figures import (
    OWN_VALUE,
    REQUESTS_TITLE,
    SLUG,
    figures,
    headcount,
    overrides,
    summary,
)
from wizard.steps.budget_forms import OVERRIDES, BudgetForm
from wizard.steps.convention import (
    load_convention,
    missing_convention,
    offer_qpvs,
    save_convention,
)
from wizard.steps.rows import offered, suggestion_action
from wizard.steps.yearly import loaded_amounts, project_years, saved_amounts

NOT_COSTED = ("Le budget ne peut pas être calculé : compléter d'abord les modalités "
              "d'intervention.")
PARTNER_TO_FUNDER = {"departement": "departement", "region": "region", "epci": "epci",
                     "commune": "commune", "transport": "transport", "bailleur": "bailleur",
                     "commercants": "prive"}


def prepare(form: BudgetForm, dossier, params: Pinned, user) -> None:
    """Project years, headcount, funder suggestions (partners « financier ») and the
    reference value beside each override, from the dossier and its pinned parameters."""
    doc = dossier.document
    form.pinned, form.newer = params, reference.newer_set(dossier)
    form.population = dossier.commune.population if dossier.commune else None
    form.project_years = project_years(doc)
    form.headcount = headcount(doc, params)
    form.suggestions = [_suggested(p) for p in doc.get("partners", [])
                        if "financier" in (p.get("roles") or [])]
    offer_qpvs(form, doc)
    for key in OVERRIDES:
        spec, value = SPECS_BY_KEY[key], params.values.get(key)
        shown = display(spec, value) if value else ("aucune, le taux découle de l'employeur "
                                                    "(public, ou privé moins la RGDU)")
        form[key].description = (f"Valeur de référence ({params.name}) : {shown}. "
                                 "Laisser vide pour l'appliquer.")


def _suggested(partner: dict) -> dict:
    """The funder line a partner « financier » suggests, its scheme and request proposed."""
    category = str(partner.get("category") or "")
    category = "etat" if category.startswith("etat") else PARTNER_TO_FUNDER.get(category, "autre")
    return {"name": partner["name"], "category": category, "scheme": default_scheme(category),
            "request": default_request(category)}


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
            "scheme": f.get("scheme") or default_scheme(f.get("category")),
            "request": f.get("request") or default_request(f.get("category")),
            **loaded_amounts(f.get("amounts")), "suggestion": f.get("suggestion"),
        } for f in funding.get("funders", [])],
        **load_convention(doc),
    }
    for key in OVERRIDES:
        data[key] = typed(SPECS_BY_KEY[key], params.get(key))
    return data


def save(doc: dict, form: BudgetForm) -> None:
    funding = section_of(doc, "funding")
    if not form.adultes_relais_posts.errors:
        funding["adultes_relais_posts"] = form.adultes_relais_posts.data or 0
    before = {str(f.get("name", "")).casefold(): f for f in funding.get("funders", [])}
    # a renamed line added from a suggestion is still found by its origin
    origins = {str(f["suggestion"]).casefold(): f for f in funding.get("funders", [])
               if f.get("suggestion")}
    years = form.project_years

    def build(f):
        name = valid_text(f.name)
        if not name:
            return None
        origin = valid_text(f.suggestion)
        prev = before.get(name.casefold()) or origins.get(str(origin or "").casefold(), {})
        category = valid_text(f.category)
        item = {"name": name, "category": category, "status": valid_text(f.status),
                **{key: prev.get(key) if f[key].errors else valid_text(f[key])
                   for key in ("scheme", "request")},
                "amounts": saved_amounts(f, years, prev.get("amounts")),
                "suggestion": origin}
        # a row added on the page gets what its category proposes, as a loaded one shows it
        if not item["scheme"] and not f.scheme.errors:
            item["scheme"] = default_scheme(category)
        if not item["request"] and not f.request.errors and category:
            item["request"] = default_request(category)
        return compact(item)

    funding["funders"] = items(form.funders, build)
    save_convention(doc, form)
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
        if not funder.get("scheme"):
            out.append(Missing(f"Préciser le dispositif sollicité auprès du financeur "
                               f"{quoted(funder, i)}.", f"funders-{i}-scheme"))
        if len(funder.get("amounts") or []) != years:
            each = f"chacune des {years} années" if years > 1 else "l'année du projet"
            out.append(Missing(f"Indiquer les montants du financeur {quoted(funder, i)} pour "
                               f"{each}.", f"funders-{i}-amount_1"))
    out += missing_convention(doc)
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
        "requests_title": REQUESTS_TITLE,
        "ar_duration": DURATION_YEARS,
        "territory_slug": territory.STEP.slug,
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
