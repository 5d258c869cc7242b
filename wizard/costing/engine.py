"""The arithmetic of docs/costing.md: CostingInput → CostingResult.

Rules 2 run in Python's default Decimal context (28 significant digits), rules 1 (sets
published before v2) in the 40 digits v1 used; every product at full precision, in the
order the contract writes it, rounded to the cent (ROUND_HALF_UP) only where it says.
Pure functions, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, Context, Decimal, localcontext
from fractions import Fraction

from wizard.costing import checks
from wizard.costing.errors import CostingInputError
from wizard.costing.hours import weekly_minutes
from wizard.costing.model import (
    LINE_KEYS,
    CostingInput,
    CostingResult,
    YearCost,
    cents,
)
from wizard.costing.rates import EmployerRates, employer_rates

CONTEXT = Context(prec=40)  # rules 1 (v1) and the interface's derived figures
CONTEXT_V2 = Context()  # Python's default context: 28 digits, as the contract says
ZERO = Decimal(0)
SIXTY = Decimal(60)


def context_of(inp: CostingInput) -> Context:
    """The Decimal context of `inp`'s rules."""
    return CONTEXT if inp.rules == 1 else CONTEXT_V2


@dataclass(frozen=True)
class Staffing:
    """Yearly hours (unrounded) and the staff they need; `presence_minutes` is the exact
    integer sum H × 60."""

    presence_hours: Decimal
    night_hours: Decimal
    sunday_hours: Decimal
    mediator_fte: Decimal
    mediator_headcount: int
    team_leader_fte: Decimal
    presence_minutes: int = 0


def staffing(inp: CostingInput) -> Staffing:
    """Yearly presence / night / Sunday hours, mediator FTE, headcount and team-leader FTE."""
    with localcontext(context_of(inp)):
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
        return Staffing(hours, night, sunday, fte, heads, leader, totals[0])


def funding_problems(inp: CostingInput, heads: int) -> list[tuple[str, str]]:
    """Adultes-relais posts beyond the mediator posts, or (rules 2) with a contractor."""
    posts, path = inp.funding.adultes_relais_posts, "funding.adultes_relais_posts"
    if posts and inp.rules != 1 and inp.intervention.employer == "prestataire":
        return [(path, f"{posts} poste(s) d'adultes-relais avec un employeur « prestataire » : "
                       "l'aide irait au prestataire, pas au porteur ; indiquer 0")]
    if posts > heads:
        return [(path, f"{posts} postes d'adultes-relais pour seulement {heads} "
                       f"poste(s) de médiateur : au plus {heads}")]
    return []


def hourly_rate(inp: CostingInput) -> Decimal:
    """g = mediator gross / paid hours (rules 1 without paid hours: / annual hours)."""
    p = inp.parameters
    return p.mediator_gross_annual / (p.paid_hours_annual or p.annual_hours)


def full_year_premiums(inp: CostingInput, st) -> Decimal:
    """P1: the premiums of a full year at year-1 level, from the night and Sunday hours of
    `st` (a Staffing or a CostingResult)."""
    p = inp.parameters
    return (st.night_hours * p.night_premium + st.sunday_hours * p.sunday_premium) \
        * hourly_rate(inp)


def _adultes_relais(inp: CostingInput, st: Staffing, pay_cost: Decimal, idx: Decimal,
                    f: Decimal) -> tuple[Decimal, bool]:
    """(rounded aid of the year, whether the cap applied)."""
    p, posts = inp.parameters, inp.funding.adultes_relais_posts
    if inp.rules == 1:
        return cents(posts * p.adultes_relais_aid_per_post), False
    if not posts or not st.mediator_fte:
        return ZERO, False
    a = min(Decimal(posts), st.mediator_fte)
    aid = a * p.adultes_relais_aid_per_post * idx * f
    cap = a * pay_cost / st.mediator_fte
    return cents(min(aid, cap)), cap < aid


def _year(inp: CostingInput, st: Staffing, rates: EmployerRates, p1: Decimal,
          k: int) -> YearCost:
    p, iv = inp.parameters, inp.intervention
    idx = (1 + p.indexation_rate) ** (k - 1)
    first = k == 1
    f = Decimal(12 - iv.recruitment_months) / 12 if first else Decimal(1)
    salaries = st.mediator_fte * p.mediator_gross_annual * idx * f
    premiums = p1 * idx * f
    contributions = (salaries + premiums) * rates.mediator
    leader_salaries = st.team_leader_fte * p.team_leader_gross_annual * idx * f
    training = (st.mediator_fte + st.team_leader_fte) * p.continuous_training_per_fte * f
    equipment = st.mediator_headcount * p.phone_annual_per_mediator * f
    if first:
        training = iv.new_mediators_to_train * p.initial_training_cost + training
        equipment = st.mediator_headcount * p.equipment_per_new_mediator + equipment
    raw = {
        "mediator_salaries": salaries,
        "mediator_premiums": premiums,
        "mediator_employer_contributions": contributions,
        "team_leader_salaries": leader_salaries,
        "team_leader_employer_contributions": leader_salaries * rates.team_leader,
        "training": training,
        "equipment": equipment,
        "vehicles": iv.vehicles * p.vehicle_annual_cost * f,
        "other_costs": sum(
            (c.amount for c in iv.other_costs if first or not c.one_time), ZERO
        ),
    }
    lines = {key: cents(raw[key]) for key in LINE_KEYS}
    direct = sum(lines.values(), ZERO)
    overhead = cents(direct * p.overhead_rate)
    margin = vat = ZERO
    if iv.employer == "prestataire":
        margin = cents((direct + overhead) * (p.contractor_margin_rate or ZERO))
        vat = cents((direct + overhead + margin) * (p.vat_rate or ZERO))
    total = direct + overhead + margin + vat
    aid, capped = _adultes_relais(inp, st, salaries + premiums + contributions, idx, f)
    funders = sum((x.amounts[k - 1] for x in inp.funding.funders if len(x.amounts) >= k), ZERO)
    in_kind = cents(sum((c.amounts[k - 1] for c in inp.funding.in_kind
                         if len(c.amounts) >= k), ZERO))
    return YearCost(k, lines, direct, overhead, total, aid, funders, total - aid - funders,
                    margin, vat, in_kind, capped)


def exact_fte(inp: CostingInput, st: Staffing) -> Fraction:
    """M as an exact fraction (for the comparisons the contract makes on exact values)."""
    p = inp.parameters
    return Fraction(st.presence_minutes, 60) / (
        Fraction(p.annual_hours) * (1 - Fraction(p.non_field_share)))


def compute(inp: CostingInput) -> CostingResult:
    """Cost `inp` year by year (docs/costing.md).

    Raises CostingInputError when the adultes-relais posts exceed the mediator headcount
    or (rules 2) go with a contractor. Checks that fail are reported in `warnings`.
    """
    with localcontext(context_of(inp)):
        st = staffing(inp)
        problems = funding_problems(inp, st.mediator_headcount)
        if problems:
            raise CostingInputError(problems)
        p = inp.parameters
        p1 = full_year_premiums(inp, st)
        rates = employer_rates(p, inp.intervention.employer, st.mediator_fte, p1)
        years = tuple(_year(inp, st, rates, p1, k) for k in range(1, inp.years + 1))
    peak = checks.peak_mediators(inp)
    share = checks.qpv_share(inp, st.presence_minutes)
    found = checks.warnings(inp, years, heads=st.mediator_headcount, peak=peak,
                            fte=exact_fte(inp, st), leader_fte=st.team_leader_fte, share=share)
    return CostingResult(
        st.presence_hours, st.night_hours, st.sunday_hours, st.mediator_fte,
        st.mediator_headcount, st.team_leader_fte, years, found,
        employer=inp.intervention.employer, peak_mediators=peak,
        qpv_share=None if share is None else checks.rounded_share(share),
        rgdu_coefficient_mediator=rates.coefficient_mediator,
        rgdu_coefficient_team_leader=rates.coefficient_team_leader,
        employer_rate_mediator=rates.mediator, employer_rate_team_leader=rates.team_leader,
    )
