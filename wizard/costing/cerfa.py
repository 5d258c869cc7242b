"""One costed year as the budget of cerfa 12156*06 (docs/cerfa.md).

Where each costing line goes (the choices a reviewer may question):
- equipment (outfit, kit and phone lines) → 60 « Achats matières et fournitures »;
- vehicles (lease, fuel, insurance in one annual cost) → 61 « Locations »;
- training (paid to training bodies) → 62 « Rémunérations intermédiaires et honoraires »;
- salaries and premiums of mediators and team leaders → 64 « Rémunération des personnels »,
  employer contributions → 64 « Charges sociales »;
- overhead → « Charges indirectes affectées au projet » / « Charges fixes de fonctionnement »;
- other costs by their account code (613 → 61 Locations, 606 → 60 Achats matières…);
- employer `prestataire`: the holder buys the whole service, so the year's total cost is one
  service purchase, 61 « Sous-traitance générale » (account 611), and no 64 line.
Products: one 74 line per funder under its group (`funder_group`: a social landlord is public
only when it is an OPH, a transport operator or another funder only when it is a public body;
private ones are « Aides privées »), the adultes-relais aid under « L'agence de services et de
paiement (emplois aidés) », and the commune's balancing share: when the commune carries the
project itself (employer `regie` or `prestataire`), its « Ressources propres affectées au
projet », not a subsidy to itself; otherwise (an association or a GIP carries it) a 74 line
« Commune(s) ». An over-funded year shows an « Excédent prévisionnel (bénéfice) » on the
charges side instead of a negative contribution, so charges equal products every year.
Contributions in kind (86 uses / 87 resources) balance each other outside those totals.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from wizard.costing.model import (
    CostingInput,
    CostingResult,
    Funding,
    OtherCost,
    YearCost,
    cents,
)

ZERO = Decimal(0)

CHARGE_SECTIONS = (
    ("60", "Achats", ("Prestations de services", "Achats matières et fournitures",
                      "Autres fournitures")),
    ("61", "Services extérieurs", ("Sous-traitance générale", "Locations",
                                   "Entretien et réparation", "Assurance", "Documentation")),
    ("62", "Autres services extérieurs", ("Rémunérations intermédiaires et honoraires",
                                          "Publicité, publication", "Déplacements, missions",
                                          "Services bancaires, autres")),
    ("63", "Impôts et taxes", ("Impôts et taxes sur rémunération", "Autres impôts et taxes")),
    ("64", "Charges de personnel", ("Rémunération des personnels", "Charges sociales",
                                    "Autres charges de personnel")),
    ("65", "Autres charges de gestion courante", ("Autres charges de gestion courante",)),
    ("66", "Charges financières", ("Charges financières",)),
    ("67", "Charges exceptionnelles", ("Charges exceptionnelles",)),
    ("68", "Dotation aux amortissements", ("Dotation aux amortissements",)),
    ("", "Charges indirectes affectées au projet", ("Charges fixes de fonctionnement",
                                                    "Frais financiers", "Autres")),
    ("", "Excédent prévisionnel (bénéfice)", ("Excédent prévisionnel (bénéfice)",)),
)
SUBSIDIES = ("74", "Subventions d'exploitation")
OWN_RESOURCES = ("", "Ressources propres affectées au projet")
OWN_SHARE = "Autofinancement de la commune (équilibre du budget)"
SERVICE_PURCHASE = "Sous-traitance générale"
ASP = "L'agence de services et de paiement (emplois aidés)"
COMMUNE = "Commune(s)"
PUBLIC_BODIES = "Autres établissements publics"
PRIVATE_AID = "Aides privées (fondation)"
# Employers with which the commune itself carries the project (and fills the cerfa).
COMMUNE_HOLDS = frozenset({"regie", "prestataire"})
FUNDER_GROUPS = {
    "etat": "État",
    "region": "Conseil(s) régional(aux)",
    "departement": "Conseil(s) départemental(aux)",
    "epci": "Communauté(s) de communes ou d'agglomération",
    "commune": COMMUNE,
    "organismes_sociaux": "Organismes sociaux",
    "fonds_europeens": "Fonds européens",
    "bailleur": PRIVATE_AID,  # public only when it is an OPH (status `public`)
    "transport": PRIVATE_AID,  # public only when a public body runs it (status `public`)
    "autre": PUBLIC_BODIES,  # private when its status says so
    "prive": PRIVATE_AID,
}
# Categories whose bodies may be public or private: the funder's `status` decides.
EITHER = frozenset({"bailleur", "transport", "autre"})
GROUP_ORDER = ("État", "Conseil(s) régional(aux)", "Conseil(s) départemental(aux)",
               "Communauté(s) de communes ou d'agglomération", COMMUNE, "Organismes sociaux",
               "Fonds européens", ASP, "Autres établissements publics",
               "Aides privées (fondation)")
# Sub-account (3 digits) → cerfa line; other codes go to the section's fallback line.
ACCOUNT_LINES = {
    "604": "Prestations de services", "601": "Achats matières et fournitures",
    "602": "Achats matières et fournitures", "606": "Achats matières et fournitures",
    "613": "Locations", "612": "Locations", "614": "Locations",
    "615": "Entretien et réparation", "616": "Assurance", "618": "Documentation",
    "621": "Rémunérations intermédiaires et honoraires",
    "622": "Rémunérations intermédiaires et honoraires", "623": "Publicité, publication",
    "624": "Déplacements, missions", "625": "Déplacements, missions",
    "631": "Impôts et taxes sur rémunération", "633": "Impôts et taxes sur rémunération",
    "641": "Rémunération des personnels", "645": "Charges sociales",
}
FALLBACK_LINES = {
    "60": "Autres fournitures", "61": "Locations", "62": "Services bancaires, autres",
    "63": "Autres impôts et taxes", "64": "Autres charges de personnel",
}
IN_KIND = {  # kind → (86 use, 87 resource)
    "dons": ("Secours en nature", "Dons en nature"),
    "mise_a_disposition": ("Mise à disposition gratuite de biens et services",
                           "Prestations en nature"),
    "prestations": ("Prestations", "Prestations en nature"),
    "benevolat": ("Personnel bénévole", "Bénévolat"),
}


@dataclass(frozen=True)
class InKind:
    """A contribution in kind: `kind` is one of IN_KIND's keys."""

    label: str
    kind: str
    amount: Decimal


@dataclass(frozen=True)
class CerfaLine:
    """One budget line; `group` is the funder category label for 74 lines."""

    label: str
    amount: Decimal
    group: str | None = None


@dataclass(frozen=True)
class CerfaSection:
    """A numbered block of the cerfa (code "" for the unnumbered ones) and its subtotal."""

    code: str
    label: str
    lines: tuple[CerfaLine, ...]
    subtotal: Decimal


@dataclass(frozen=True)
class CerfaBudget:
    """The cerfa budget of one year; total_charges == total_produits by construction."""

    year: int
    charges: tuple[CerfaSection, ...]
    produits: tuple[CerfaSection, ...]
    total_charges: Decimal
    total_produits: Decimal
    in_kind_uses: CerfaSection
    in_kind_resources: CerfaSection


def funder_group(category: str, status: str | None = None) -> str:
    """The 74 group of a funder: by its category, and by its `status` (`public`, `prive`) for
    the categories whose bodies may be either (a social landlord is public only when it is
    an OPH: status `public`)."""
    if category in EITHER and status in ("public", "prive"):
        return PUBLIC_BODIES if status == "public" else PRIVATE_AID
    return FUNDER_GROUPS[category]


def account_line(account: str) -> str:
    """The cerfa line of a charge account code (« 613 » → « Locations »)."""
    if account[:3] in ACCOUNT_LINES:
        return ACCOUNT_LINES[account[:3]]
    if account[:2] in FALLBACK_LINES:
        return FALLBACK_LINES[account[:2]]
    section = next((s for s in CHARGE_SECTIONS if s[0] == account[:2]), None)
    return section[2][0] if section else "Autres fournitures"


def _other_costs(year: YearCost, other_costs: Iterable[OtherCost]) -> dict[str, Decimal]:
    amounts: dict[str, Decimal] = {}
    for cost in other_costs:
        if year.year == 1 or not cost.one_time:
            line = account_line(cost.account)
            amounts[line] = amounts.get(line, ZERO) + cost.amount
    # Any gap between the items and the rounded line (none for validated input) goes
    # to the largest item, so the cerfa total stays the costing total.
    gap = year.lines["other_costs"] - sum(amounts.values(), ZERO)
    if gap:
        target = max(amounts, key=amounts.get) if amounts else "Autres fournitures"
        amounts[target] = amounts.get(target, ZERO) + gap
    return amounts


def _sections(spec, amounts: dict[str, Decimal]) -> tuple[CerfaSection, ...]:
    sections = []
    for code, label, line_labels in spec:
        lines = tuple(CerfaLine(name, amounts[name]) for name in line_labels
                      if amounts.get((name)))
        if lines:
            sections.append(CerfaSection(code, label, lines, sum((x.amount for x in lines), ZERO)))
    return tuple(sections)


def _in_kind(code: str, label: str, items: Sequence[InKind], side: int) -> CerfaSection:
    lines = tuple(CerfaLine(f"{IN_KIND[i.kind][side]} — {i.label}", i.amount) for i in items)
    return CerfaSection(code, label, lines, sum((x.amount for x in lines), ZERO))


def _charges(year: YearCost, other_costs: Iterable[OtherCost], employer: str) -> dict:
    if employer == "prestataire":  # the contractor's price: its costs, margin and VAT
        return {SERVICE_PURCHASE: year.total_costs}
    l = year.lines
    charges = {
        "Achats matières et fournitures": l["equipment"],
        "Locations": l["vehicles"],
        "Rémunérations intermédiaires et honoraires": l["training"],
        "Rémunération des personnels": l["mediator_salaries"] + l["mediator_premiums"]
        + l["team_leader_salaries"],
        "Charges sociales": l["mediator_employer_contributions"]
        + l["team_leader_employer_contributions"],
        "Charges fixes de fonctionnement": year.overhead,
    }
    for name, amount in _other_costs(year, other_costs).items():
        charges[name] = charges.get(name, ZERO) + amount
    return charges


def cerfa_budget(
    year: YearCost,
    funding: Funding,
    other_costs: Iterable[OtherCost] = (),
    in_kind: Sequence[InKind] = (),
    employer: str = "association",
    statuses: Sequence[str | None] = (),
) -> CerfaBudget:
    """Map one costed year and its funding onto the cerfa 12156*06 budget.

    `other_costs` are the intervention's free lines (to split them by account);
    `in_kind` the contributions in kind of the year (86/87); `employer` the intervention's
    employer code (who carries the project, how its costs are bought); `statuses[i]` the
    `status` of `funding.funders[i]` (None when not given). Raises KeyError on an unknown kind.
    """
    charges = _charges(year, other_costs, employer)
    if year.commune_contribution < 0:
        charges["Excédent prévisionnel (bénéfice)"] = -year.commune_contribution
    statuses = list(statuses) + [None] * len(funding.funders)
    grants = [CerfaLine(f.name, cents(f.amounts[year.year - 1]),
                        funder_group(f.category, statuses[i]))
              for i, f in enumerate(funding.funders) if f.amounts[year.year - 1]]
    if year.adultes_relais:
        grants.append(CerfaLine("Aide au poste d'adulte-relais", year.adultes_relais, ASP))
    own = ()
    if year.commune_contribution > 0 and employer in COMMUNE_HOLDS:
        own = (CerfaLine(OWN_SHARE, year.commune_contribution),)
    elif year.commune_contribution > 0:
        grants.append(CerfaLine("Participation de la commune (équilibre du budget)",
                                year.commune_contribution, COMMUNE))
    grants.sort(key=lambda line: GROUP_ORDER.index(line.group))
    charge_sections = _sections(CHARGE_SECTIONS, charges)
    produits = tuple(CerfaSection(code, label, lines, sum((g.amount for g in lines), ZERO))
                     for (code, label), lines in ((SUBSIDIES, tuple(grants)), (OWN_RESOURCES, own))
                     if lines)
    return CerfaBudget(
        year.year,
        charge_sections,
        produits,
        sum((s.subtotal for s in charge_sections), ZERO),
        sum((s.subtotal for s in produits), ZERO),
        _in_kind("86", "Emplois des contributions volontaires en nature", in_kind, 0),
        _in_kind("87", "Contributions volontaires en nature", in_kind, 1),
    )


def document_budgets(document: dict, inp: CostingInput,
                     result: CostingResult) -> list[CerfaBudget]:
    """The cerfa budget of each year of `result`, the costing of `document` (a dossier
    document) parsed as `inp`: with the document's employer, its funders' statuses and its
    contributions in kind (`funding.in_kind`, each « label (partner) »; an item counts in a
    year when its amount for that year is known and not zero)."""
    intervention = document.get("intervention") or {}
    raw = document.get("funding") or {}
    statuses = [f.get("status") if isinstance(f, dict) else None
                for f in raw.get("funders") or []]
    gifts = [g for g in raw.get("in_kind") or [] if isinstance(g, dict)]
    employer = intervention.get("employer") or "association"
    return [cerfa_budget(year, inp.funding, inp.intervention.other_costs,
                         _gifts(gifts, year.year), employer, statuses)
            for year in result.years]


def _gifts(gifts: list[dict], year: int) -> list[InKind]:
    out = []
    for gift in gifts:
        amounts = gift.get("amounts") or []
        amount = cents(Decimal(str(amounts[year - 1]))) if len(amounts) >= year else ZERO
        if amount:
            label = str(gift.get("label"))
            if gift.get("partner"):
                label = f"{label} ({gift['partner']})"
            out.append(InKind(label, "mise_a_disposition", amount))
    return out
