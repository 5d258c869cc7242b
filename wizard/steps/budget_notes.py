"""What drives the budget's figures, in words a project lead understands, and the costing's
warnings with the step and field that fix each: shown on the budget step beside the figure
they concern, on the adviser's page and (warnings) in the adviser's PDF.

Pure: every figure comes from the costing result (`wizard.costing`), formatted here once.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, localcontext

from wizard.costing import (
    CostingInput,
    CostingInputError,
    CostingResult,
    Pinned,
    compute,
    funder_cap_warnings,
    parse_costing_input,
    warning_text,
)
from wizard.costing.engine import context_of, full_year_premiums
from wizard.costing.rates import mediator_pay
from wizard.formats import money, number, short_number
from wizard.steps import diagnosis, intervention

BUDGET = "budget"  # the budget step's slug (wizard.steps.budget.STEP)

# Where each warning is shown: beside the costs table, the staffing table or the funding plan.
NEAR = {"salary_below_smic": "costs", "peak_over_posts": "staffing",
        "adultes_relais_outside_qpv": "funding", "aid_capped": "funding",
        "over_funded": "funding", "fipd_cap": "funding"}
# Short French names of the warning codes (the adviser's dashboard column).
SHORT = {"salary_below_smic": "salaire sous le Smic",
         "peak_over_posts": "pic de présence au-delà des postes",
         "adultes_relais_outside_qpv": "adultes-relais au-delà des heures en QPV",
         "aid_capped": "aide adultes-relais plafonnée",
         "over_funded": "financements supérieurs au coût"}


PRIVATE = {"association": "association", "gip": "GIP", "prestataire": "prestataire"}


@dataclass(frozen=True)
class Fix:
    """A link to where a warning is fixed: its French label, the step slug, the field id."""

    label: str
    step: str
    anchor: str


@dataclass(frozen=True)
class Notice:
    """A warning of the costing: code, year (None: every year), French text, the figure it
    concerns (`near`: costs, staffing or funding) and the links that fix it."""

    code: str
    year: int | None
    text: str
    near: str
    fixes: tuple[Fix, ...] = ()


def _fixes(code: str) -> tuple[Fix, ...]:
    rounds = Fix("Modalités d'intervention : créneaux des tournées", intervention.STEP.slug,
                 "rounds")
    posts = Fix("Budget : nombre de postes d'adultes-relais", BUDGET, "adultes_relais_posts")
    return {
        "salary_below_smic": (Fix("Budget : grille salariale propre au dossier", BUDGET,
                                  "mediator_gross_annual"),),
        "peak_over_posts": (rounds, Fix("Modalités d'intervention : renforts",
                                        intervention.STEP.slug, "reinforcements")),
        "adultes_relais_outside_qpv": (
            Fix("Diagnostic : lieux et leur quartier prioritaire (QPV)", diagnosis.STEP.slug,
                "places"),
            Fix("Modalités d'intervention : lieux parcourus par les tournées",
                intervention.STEP.slug, "rounds"),
            posts),
        "aid_capped": (posts,),
        "over_funded": (Fix("Budget : montants des financeurs", BUDGET, "funders"),),
        "fipd_cap": (Fix("Budget : montants des financeurs", BUDGET, "funders"),),
    }.get(code, ())


def notices(inp: CostingInput, result: CostingResult) -> list[Notice]:
    """Every warning of `result`, then the State funding cap's, each with its fixes."""
    out = [Notice(w.code, w.year, warning_text(w.code, w.year, result), NEAR[w.code],
                  _fixes(w.code)) for w in result.warnings]
    cap = inp.parameters.fipd_max_share
    out += [Notice("fipd_cap", None, text, NEAR["fipd_cap"], _fixes("fipd_cap"))
            for text in funder_cap_warnings(result, inp.funding, cap)]
    return out


def document_notices(document: dict, pinned: Pinned) -> list[Notice]:
    """The notices of `document` costed with `pinned`; [] while it cannot be costed."""
    try:
        inp = parse_costing_input(document, pinned)
        return notices(inp, compute(inp))
    except CostingInputError:
        return []


def _rate(value: Decimal) -> str:
    return short_number(value * 100, 2) + "\u00a0%"


def _level(pay: Decimal, smic: Decimal) -> str:
    return f"{number(pay / smic, 2)} Smic"


def rate_sentences(inp: CostingInput, result: CostingResult) -> list[str]:
    """The employer regime and its effective contribution rates, and why."""
    p, employer = inp.parameters, result.employer
    name = PRIVATE.get(employer, employer)
    explicit = [p.employer_rate_mediator, p.employer_rate_team_leader]
    if all(r is not None for r in explicit):
        return [f"Charges patronales : taux fixés par les paramètres, "
                f"{_rate(result.employer_rate_mediator)} du brut pour les médiateurs et "
                f"{_rate(result.employer_rate_team_leader)} pour l'encadrement."]
    if employer == "regie" and p.employer_rate_public is not None:
        return [f"Employeur public (commune en régie) : pas de réduction générale des "
                f"cotisations pour une commune, {_rate(result.employer_rate_mediator)} du brut pour les "
                f"médiateurs et {_rate(result.employer_rate_team_leader)} pour "
                "l'encadrement."]
    if p.employer_rate_private is None or p.smic_annual is None:
        return []
    with localcontext(context_of(inp)):
        pays = [mediator_pay(p, result.mediator_fte, full_year_premiums(inp, result)),
                p.team_leader_gross_annual]
    base = _rate(p.employer_rate_private)
    out = []
    for who, pay, coefficient, rate, given in (
            ("médiateurs", pays[0], result.rgdu_coefficient_mediator,
             result.employer_rate_mediator, explicit[0]),
            ("encadrement", pays[1], result.rgdu_coefficient_team_leader,
             result.employer_rate_team_leader, explicit[1])):
        if given is not None:
            out.append(f"Charges patronales ({who}) : taux fixé par les paramètres, "
                       f"{_rate(rate)} du brut.")
        elif coefficient:
            out.append(f"Employeur privé ({name}), {who} : taux de {base} moins la réduction "
                       f"générale au niveau de salaire de {_level(pay, p.smic_annual)}, "
                       f"soit {_rate(rate)}.")
        else:
            out.append(f"Employeur privé ({name}), {who} : taux de {base}, sans réduction "
                       f"générale au niveau de salaire de {_level(pay, p.smic_annual)} (elle "
                       "s'arrête à 3 Smic).")
    return out


def cost_sentences(inp: CostingInput, result: CostingResult) -> list[str]:
    """What drives the costs: rates, year-1 time in post, the contractor's margin and VAT."""
    out = rate_sentences(inp, result)
    months = inp.intervention.recruitment_months
    if months:
        out.append(f"Recrutement : {months} mois, l'équipe est en poste {12 - months} mois "
                   "sur 12 en année 1 (salaires, charges, formation continue, téléphones et "
                   "véhicules comptés au prorata).")
    p = inp.parameters
    if result.employer == "prestataire":
        out.append(f"Prestataire : marge de {_rate(p.contractor_margin_rate or 0)} sur les "
                   f"coûts et les frais de structure, puis TVA de {_rate(p.vat_rate or 0)} "
                   "sur le prix.")
    return out


def aid_sentences(inp: CostingInput, result: CostingResult) -> list[str]:
    """The adultes-relais aid per post, its index and pro-rata, and the years it is capped."""
    posts, p = inp.funding.adultes_relais_posts, inp.parameters
    if not posts:
        return []
    s = "s" if posts > 1 else ""
    per_post = money(p.adultes_relais_aid_per_post)
    if inp.rules == 1:
        return [f"Aide de l'État : {per_post} par poste d'adulte-relais et par an, pour "
                f"{posts} poste{s}, identique chaque année (règles de calcul du jeu de "
                "paramètres)."]
    text = f"Aide de l'État : {per_post} par poste d'adulte-relais à temps plein et par an"
    if p.indexation_rate:
        text += f", revalorisée de {_rate(p.indexation_rate)} par an à partir de l'année 2"
    text += f", pour {posts} poste{s}"
    if result.mediator_fte < posts:
        text += f" (comptés pour {number(result.mediator_fte)} ETP, l'équipe n'en compte pas plus)"
    months = inp.intervention.recruitment_months
    if months:
        text += f" ; {12 - months} mois sur 12 en année 1"
    out = [text + "."]
    for y in result.years:
        if y.aid_capped:
            out.append(f"Année {y.year} : aide plafonnée au coût des postes "
                       f"({money(y.adultes_relais)}).")
    return out


def in_kind_rows(inp: CostingInput, result: CostingResult) -> list:
    """(« Local (Bailleur social) », [amount of each year]) for each contribution in kind,
    then their total; [] when there is none."""
    gifts = inp.funding.in_kind
    if not gifts:
        return []
    rows = []
    for gift in gifts:
        label = gift.label or "Contribution en nature"
        if gift.partner:
            label += f" ({gift.partner})"
        rows.append((label, [money(gift.amounts[y.year - 1]) if len(gift.amounts) >= y.year
                             else "—" for y in result.years]))
    rows.append(("Total des contributions en nature",
                 [money(y.in_kind_contributions) for y in result.years]))
    return rows

