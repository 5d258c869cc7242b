"""Derived figures for the UI: unit costs and co-funding cap warnings (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, localcontext

from wizard.costing.engine import CONTEXT
from wizard.costing.model import CostingResult, Funding, cents, fr_money, fr_percent


@dataclass(frozen=True)
class UnitCosts:
    """Total cost of one year per presence hour, per mediator FTE and per inhabitant.

    Each is rounded to the cent; None when its denominator is zero.
    """

    year: int
    per_presence_hour: Decimal | None
    per_mediator_fte: Decimal | None
    per_inhabitant: Decimal | None


def _ratio(total: Decimal, denominator) -> Decimal | None:
    return cents(total / denominator) if denominator else None


def unit_costs(result: CostingResult, population: int | None) -> list[UnitCosts]:
    """Unit costs of each year of `result` (population None or 0 → no per-inhabitant cost)."""
    with localcontext(CONTEXT):
        return [
            UnitCosts(
                y.year,
                _ratio(y.total_costs, result.presence_hours),
                _ratio(y.total_costs, result.mediator_fte),
                _ratio(y.total_costs, population or 0),
            )
            for y in result.years
        ]


def state_funding(funding: Funding, year: int) -> Decimal:
    """What the State's funders (category `etat`: FIPD, politique de la ville…) give in
    `year` (1-based), the adultes-relais aid left out (it is the ASP's, paid per post)."""
    return sum((f.amounts[year - 1] for f in funding.funders
                if f.category == "etat" and len(f.amounts) >= year), Decimal(0))


def state_shares(result: CostingResult, funding: Funding) -> list[Decimal | None]:
    """The share of each year's total cost the State's funders give (None for a zero cost),
    unrounded."""
    with localcontext(CONTEXT):
        return [state_funding(funding, y.year) / y.total_costs if y.total_costs else None
                for y in result.years]


def funder_cap_warnings(result: CostingResult, funding: Funding, cap: Decimal) -> list[str]:
    """French warnings for each year where the State's funders (category `etat`, whatever
    their names) exceed `cap` (a fraction, the reference parameter `fipd_max_share`) of the
    total cost."""
    warnings = []
    with localcontext(CONTEXT):
        for y in result.years:
            amount = state_funding(funding, y.year)
            limit = cents(y.total_costs * cap)
            if amount > limit:
                share = fr_percent(amount / y.total_costs) if y.total_costs else "—"
                warnings.append(
                    f"Année {y.year} : financements de l'État (FIPD…) {fr_money(amount)}, soit "
                    f"{share} du coût total, au-delà du plafond indicatif de {fr_percent(cap)} "
                    f"({fr_money(limit)})."
                )
    return warnings
