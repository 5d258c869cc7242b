"""The figures of the budget step, ready to show: every amount comes from wizard.costing and
is formatted once here (French money), so the page, the recap and the tests agree.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from wizard.costing import (
    LINE_KEYS,
    CostingInputError,
    Pinned,
    compute,
    document_budgets,
    parse_costing_input,
    staffing,
    unit_costs,
)
from wizard.costing.defaults import SPECS_BY_KEY
from wizard.document import vocabulary as v
from wizard.document.labels import path_label
from wizard.document.requests import requested_amounts
from wizard.formats import money, number
from wizard.reference.fields import display
from wizard.steps import budget_notes, intervention, territory
from wizard.steps.base import Section
from wizard.steps.convention import convention_rows

SLUG = "budget"  # the budget step's slug (wizard.steps.budget.STEP)

LINE_LABELS = {
    "mediator_salaries": "Salaires des médiateurs",
    "mediator_premiums": "Majorations de nuit et du dimanche",
    "mediator_employer_contributions": "Charges patronales des médiateurs",
    "team_leader_salaries": "Salaires de l'encadrement",
    "team_leader_employer_contributions": "Charges patronales de l'encadrement",
    "training": "Formation",
    "equipment": "Équipement et téléphonie",
    "vehicles": "Véhicules",
    "other_costs": "Autres charges",
}
OWN_VALUE = "valeur propre au dossier"
NO_PRESENCE = ("Aucune présence de médiateurs n'est encore prévue : décrire les tournées à "
               "l'étape « Modalités d'intervention ».")
ZERO = Decimal(0)


@dataclass
class Problem:
    """A reason the dossier cannot be costed: French message and where to fix it
    (`step` slug, `anchor` field id; both may be empty)."""

    message: str
    step: str = ""
    anchor: str = ""


@dataclass
class Figures:
    """The costed budget, formatted: `rows` are (label, [cells…]) lists per table."""

    years: list[int] = field(default_factory=list)
    costs: list = field(default_factory=list)
    staffing: list = field(default_factory=list)
    units: list = field(default_factory=list)
    funding: list = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notices: list = field(default_factory=list)  # budget_notes.Notice, each beside its figure
    cost_notes: list[str] = field(default_factory=list)  # what drives the costs
    aid_notes: list[str] = field(default_factory=list)  # the adultes-relais aid, in words
    in_kind: list = field(default_factory=list)  # contributions in kind, per partner
    cerfa: list = field(default_factory=list)
    requests: list = field(default_factory=list)
    shares: list = field(default_factory=list)
    totals: list[Decimal] = field(default_factory=list)
    commune_shares: list[Decimal] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def problem_location(path: str) -> tuple[str, str]:
    """(step slug, field id) where the costing problem at JSON `path` is fixed."""
    if path.startswith("intervention"):
        return intervention.STEP.slug, ""
    if path == "years":
        return territory.STEP.slug, "years"
    if path == "funding.adultes_relais_posts":
        return SLUG, "adultes_relais_posts"
    if path.startswith("funding.funders["):
        index = path.split("[", 1)[1].split("]", 1)[0]
        return SLUG, f"funders-{index}"
    if path.startswith("parameters."):
        return SLUG, path.split(".", 1)[1]
    return "", ""


def _problems(error: CostingInputError) -> list[Problem]:
    out, seen = [], set()
    for path, message in error.problems:
        step, anchor = problem_location(path)
        text = f"{path_label(path)} — {message}" if path and step != SLUG else message
        if text not in seen:
            seen.add(text)
            out.append(Problem(text[:1].upper() + text[1:], step, anchor))
    return out


def overrides(document: dict) -> list[tuple[str, str]]:
    """(French label, value « … (valeur propre au dossier) ») of the dossier's own parameters."""
    rows = []
    for key, value in (document.get("parameters") or {}).items():
        spec = SPECS_BY_KEY.get(key)
        if spec is not None:
            try:
                rows.append((spec.label_fr, f"{display(spec, value)} ({OWN_VALUE})"))
            except ArithmeticError:
                rows.append((spec.label_fr, f"{value} ({OWN_VALUE})"))
    return rows


def figures(document: dict, pinned: Pinned, population: int | None) -> Figures:
    """Cost `document` with the reference parameters `pinned` (its own overrides merged) and
    lay out every table of the budget step; `problems` instead when it cannot be costed yet."""
    try:
        inp = parse_costing_input(document, pinned)
        result = compute(inp)
    except CostingInputError as error:
        return Figures(problems=_problems(error))
    if not result.presence_hours:
        return Figures(problems=[Problem(NO_PRESENCE, intervention.STEP.slug)])
    years = [y.year for y in result.years]
    f = Figures(years=years, totals=[y.total_costs for y in result.years],
                commune_shares=[y.commune_contribution for y in result.years])
    f.costs = [(LINE_LABELS[k], [money(y.lines[k]) for y in result.years]) for k in LINE_KEYS]
    overhead_rate = inp.parameters.overhead_rate
    f.costs += [
        ("Coûts directs", [money(y.direct_costs) for y in result.years]),
        (f"Frais de structure ({display(SPECS_BY_KEY['overhead_rate'], overhead_rate)} des "
         "coûts directs)", [money(y.overhead) for y in result.years]),
    ]
    if result.employer == "prestataire":
        f.costs += [("Marge du prestataire", [money(y.contractor_margin) for y in result.years]),
                    ("TVA", [money(y.vat) for y in result.years])]
    f.costs.append(("Coût total", [money(y.total_costs) for y in result.years]))
    f.staffing = [
        ("Heures de présence des médiateurs par an", f"{number(result.presence_hours)} h"),
        ("dont heures de nuit", f"{number(result.night_hours)} h"),
        ("dont heures du dimanche", f"{number(result.sunday_hours)} h"),
        ("Médiateurs en équivalent temps plein (ETP)", number(result.mediator_fte)),
        ("Postes de médiateurs", str(result.mediator_headcount)),
        ("Médiateurs présents en même temps, au plus", str(result.peak_mediators)),
        ("Encadrement en équivalent temps plein (ETP)", number(result.team_leader_fte)),
    ]
    units = unit_costs(result, population)
    f.units = [
        ("Coût par heure de présence", [_maybe(u.per_presence_hour) for u in units]),
        ("Coût par ETP de médiateur", [_maybe(u.per_mediator_fte) for u in units]),
        ("Coût par habitant" + (f" ({number(population, 0)} habitants)" if population else ""),
         [_maybe(u.per_inhabitant) for u in units]),
    ]
    f.funding = _funding_rows(inp, result)
    f.notices = budget_notes.notices(inp, result)
    f.warnings = [n.text for n in f.notices]
    f.cost_notes = budget_notes.cost_sentences(inp, result)
    f.aid_notes = budget_notes.aid_sentences(inp, result)
    f.in_kind = budget_notes.in_kind_rows(inp, result)
    f.cerfa = document_budgets(document, inp, result)
    f.requests, f.shares = ([(label, [money(a) for a in amounts]) for label, amounts in rows]
                            for rows in request_rows(document, result))
    return f


REQUESTS_TITLE = "Montants demandés par dispositif et par année"
STATE_SHARE = "dont part de l'État"
HOLDER_SHARE = "Part du porteur du projet"
# shorter names of the schemes where room is scarce (the PDF's tables)
SHORT_SCHEMES = {"fipd": "FIPD", "adultes_relais": "Adultes-relais (aide au poste)",
                 "politique_ville": "Politique de la ville (BOP 147)"}


def request_rows(document: dict, result, short: bool = False) -> tuple[list, list]:
    """(label, amounts by year) rows: the schemes asked for and their total, then the State's
    share (its schemes, the adultes-relais aid included) and the holder's share (the
    budget's balance and its own resources), from wizard.document.requests; `short` names
    the schemes briefly (the PDF)."""
    req = requested_amounts(document, result)
    names = {**v.FUNDING_SCHEMES, **(SHORT_SCHEMES if short else {})}
    schemes = [(names[s], amounts) for s, amounts in req.by_scheme.items()]
    return ([*schemes, ("Total des montants demandés", req.total)],
            [(STATE_SHARE, req.state), (HOLDER_SHARE, req.holder)])


def funder_label(name: str, category: str | None) -> str:
    """« FIPD (État) »; the name alone when the category says the same (« Bailleur social »)."""
    group = v.FUNDER_CATEGORIES.get(category or "", "").split(" (")[0]
    if not group or group.casefold() in name.casefold():
        return name
    return f"{name} ({group})"


def posts_message(heads: int) -> str:
    """The French error for more adultes-relais posts than mediator posts (`heads`)."""
    if heads == 0:
        return ("Aucun poste d'adulte-relais possible : l'équipe ne compte encore aucun "
                "médiateur (voir l'étape « Modalités d'intervention »).")
    s = "s" if heads > 1 else ""
    return f"{heads} poste{s} d'adulte{s}-relais au plus : l'équipe compte {heads} médiateur{s}."


def headcount(document: dict, pinned: Pinned) -> int | None:
    """Mediator posts of the intervention (None while it cannot be costed)."""
    probe = {**document, "funding": {}}
    try:
        return staffing(parse_costing_input(probe, pinned)).mediator_headcount
    except CostingInputError:
        return None


def _maybe(value) -> str:
    return money(value) if value is not None else "—"


def _funding_rows(inp, result) -> list:
    posts = inp.funding.adultes_relais_posts
    rows = []
    if posts:
        rows.append((f"Aide de l'État aux postes d'adultes-relais ({posts} poste"
                     f"{'s' if posts > 1 else ''})",
                     [money(y.adultes_relais) for y in result.years]))
    for funder in inp.funding.funders:
        rows.append((funder_label(funder.name, funder.category),
                     [money(funder.amounts[y.year - 1]) if len(funder.amounts) >= y.year else "—"
                      for y in result.years]))
    rows.append(("Participation de la commune (équilibre du budget)",
                 [money(y.commune_contribution) for y in result.years]))
    rows.append(("Total des financements", [money(y.total_costs) for y in result.years]))
    return rows


def _scheme_text(funder: dict) -> list[str]:
    """« Dispositif : FIPD — Demandé » for a funder line (nothing when neither is given)."""
    scheme, request = funder.get("scheme"), funder.get("request")
    parts = [f"Dispositif : {v.label('funding_schemes', scheme)}" if scheme else None,
             v.label("funding_statuses", request) if request else None]
    text = " — ".join(x for x in parts if x)
    return [text] if text else []


def summary(doc: dict, pinned) -> list[Section]:
    """The recap / PDF sections of the budget step, with the parameters `pinned` (a
    wizard.costing.Pinned): « Chiffrage », « Plan de financement », « Paramètres »."""
    result = figures(doc, pinned, None)
    funding = doc.get("funding", {})
    if result.problems:
        costs = [("Chiffrage", [f"Impossible pour l'instant : {p.message}"
                                for p in result.problems])]
        plan = [(f["name"], [f"Année {k} : {money(a)}"
                             for k, a in enumerate(f.get("amounts", []), 1)]
                 + _scheme_text(f) or None) for f in funding.get("funders", [])]
    else:
        n = len(result.years)
        costs = [(f"Coût total année {k}", money(t)) for k, t in zip(result.years, result.totals)]
        costs.append((f"Coût total sur {n} an{'s' if n > 1 else ''}",
                      money(sum(result.totals, ZERO))))
        plan = [(label, [f"Année {k} : {cell}" for k, cell in zip(result.years, cells)])
                for label, cells in result.funding[:-1]]
        first = 1 if funding.get("adultes_relais_posts") else 0
        for i, f in enumerate(funding.get("funders", []), first):
            plan[i] = (plan[i][0], plan[i][1] + _scheme_text(f))
        asked = [(label, [f"Année {k} : {cell}" for k, cell in zip(result.years, cells)])
                 for label, cells in [*result.requests, *result.shares]]
    plan.insert(0, ("Postes d'adultes-relais", str(funding.get("adultes_relais_posts") or 0)))
    params = [("Jeu de paramètres de référence", pinned.name), *overrides(doc)]
    out = [Section("Chiffrage", costs), Section("Plan de financement", plan)]
    if not result.problems:
        out.append(Section(REQUESTS_TITLE, asked))
    convention = convention_rows(doc)
    if convention:
        out.append(Section("Convention adultes-relais", convention))
    return [*out, Section("Paramètres", params)]
