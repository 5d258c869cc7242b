"""The arithmetic of docs/costing.md: CostingInput → CostingResult.

Full precision everywhere (a 40-digit Decimal context), rounding to the cent
(ROUND_HALF_UP) only where the spec says: each budget line, the overhead and the
adultes-relais aid. Pure functions, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, Context, Decimal, localcontext

from wizard.costing.errors import CostingInputError
from wizard.costing.hours import weekly_minutes
from wizard.costing.model import (
    LINE_KEYS,
    CostingInput,
    CostingResult,
    Funding,
    YearCost,
    cents,
    fr_money,
)

CONTEXT = Context(prec=40)
ZERO = Decimal(0)
SIXTY = Decimal(60)


@dataclass(frozen=True)
class Staffing:
    """Yearly hours (unrounded) and the staff they need."""

    presence_hours: Decimal
    night_hours: Decimal
    sunday_hours: Decimal
    mediator_fte: Decimal
    mediator_headcount: int
    team_leader_fte: Decimal


def staffing(inp: CostingInput) -> Staffing:
    """Yearly presence / night / Sunday hours, mediator FTE, headcount and team-leader FTE."""
    with localcontext(CONTEXT):
        p, iv = inp.parameters, inp.intervention
        ns, ne = p.night_start, p.night_end
        base = weekly_minutes((s for r in iv.rounds for s in r.slots), ns, ne)
        totals = [iv.weeks_per_year * m for m in base]
        for reinforcement in iv.reinforcements:
            extra = weekly_minutes(reinforcement.slots, ns, ne)
            totals = [t + reinforcement.weeks * m for t, m in zip(totals, extra)]
        hours, night, sunday = (Decimal(t) / SIXTY for t in totals)
        fte = hours / (p.annual_hours * (1 - p.non_field_share))
        heads = int(fte.to_integral_value(rounding=ROUND_CEILING))
        if iv.team_leader_fte is not None:
            leader = iv.team_leader_fte
        else:
            leader = fte / p.mediators_per_team_leader
        return Staffing(hours, night, sunday, fte, heads, leader)


def headcount_problems(funding: Funding, heads: int) -> list[tuple[str, str]]:
    """The problem of more adultes-relais posts than mediator posts, if any."""
    if funding.adultes_relais_posts > heads:
        return [(
            "funding.adultes_relais_posts",
            f"{funding.adultes_relais_posts} postes d'adultes-relais pour seulement {heads} "
            f"poste(s) de médiateur : au plus {heads}",
        )]
    return []


def _year(inp: CostingInput, st: Staffing, k: int) -> YearCost:
    p, iv = inp.parameters, inp.intervention
    idx = (1 + p.indexation_rate) ** (k - 1)
    first = k == 1
    g = p.mediator_gross_annual / p.annual_hours
    salaries = st.mediator_fte * p.mediator_gross_annual * idx
    premiums = (st.night_hours * p.night_premium + st.sunday_hours * p.sunday_premium) * g * idx
    leader_salaries = st.team_leader_fte * p.team_leader_gross_annual * idx
    training = (st.mediator_fte + st.team_leader_fte) * p.continuous_training_per_fte
    equipment = st.mediator_headcount * p.phone_annual_per_mediator
    if first:
        training += iv.new_mediators_to_train * p.initial_training_cost
        equipment += st.mediator_headcount * p.equipment_per_new_mediator
    raw = {
        "mediator_salaries": salaries,
        "mediator_premiums": premiums,
        "mediator_employer_contributions": (salaries + premiums) * p.employer_rate_mediator,
        "team_leader_salaries": leader_salaries,
        "team_leader_employer_contributions": leader_salaries * p.employer_rate_team_leader,
        "training": training,
        "equipment": equipment,
        "vehicles": iv.vehicles * p.vehicle_annual_cost,
        "other_costs": sum(
            (c.amount for c in iv.other_costs if first or not c.one_time), ZERO
        ),
    }
    lines = {key: cents(raw[key]) for key in LINE_KEYS}
    direct = sum(lines.values(), ZERO)
    overhead = cents(direct * p.overhead_rate)
    total = direct + overhead
    aid = cents(inp.funding.adultes_relais_posts * p.adultes_relais_aid_per_post)
    funders = sum((f.amounts[k - 1] for f in inp.funding.funders if len(f.amounts) >= k), ZERO)
    commune = total - aid - funders
    return YearCost(k, lines, direct, overhead, total, aid, funders, commune)


def compute(inp: CostingInput) -> CostingResult:
    """Cost `inp` year by year docs/costing.md.

    Raises CostingInputError when the adultes-relais posts exceed the mediator headcount.
    An over-funded year (negative commune contribution) is reported in `warnings`.
    """
    with localcontext(CONTEXT):
        st = staffing(inp)
        problems = headcount_problems(inp.funding, st.mediator_headcount)
        if problems:
            raise CostingInputError(problems)
        years = tuple(_year(inp, st, k) for k in range(1, inp.years + 1))
    warnings = tuple(
        f"Année {y.year} : les financements dépassent le coût total de "
        f"{fr_money(-y.commune_contribution)} ; la participation de la commune est négative."
        for y in years
        if y.commune_contribution < 0
    )
    return CostingResult(
        st.presence_hours, st.night_hours, st.sunday_hours, st.mediator_fte,
        st.mediator_headcount, st.team_leader_fte, years, warnings,
    )
