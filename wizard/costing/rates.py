"""Employer contribution rates of docs/costing.md: public, or private less the RGDU.

Pure and in Decimal, in the caller's context. The rates hold for every year of the
project (pay and SMIC move together).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from wizard.costing.model import FOUR, ZERO, Parameters


@dataclass(frozen=True)
class EmployerRates:
    """The rate and RGDU coefficient applied to each kind of staff (coefficient 0 where no
    reduction applies: an explicit rate or a public employer)."""

    mediator: Decimal
    team_leader: Decimal
    coefficient_mediator: Decimal = ZERO
    coefficient_team_leader: Decimal = ZERO


def rgdu_coefficient(pay: Decimal, p: Parameters) -> Decimal:
    """The RGDU coefficient at a yearly pay `pay`, rounded half up to 4 decimals:
    0 from 3 SMIC, else min(Tmin + Tdelta, Tmin + Tdelta × ((3 SMIC / pay − 1) / 2)^P)."""
    ceiling = 3 * p.smic_annual
    if pay >= ceiling:
        return ZERO
    top = p.rgdu_tmin + p.rgdu_tdelta
    coefficient = min(top, p.rgdu_tmin + p.rgdu_tdelta * ((ceiling / pay - 1) / 2) ** p.rgdu_power)
    return coefficient.quantize(FOUR, rounding=ROUND_HALF_UP)


def _rate(explicit: Decimal | None, employer: str, pay: Decimal,
          p: Parameters) -> tuple[Decimal, Decimal]:
    """(rate, coefficient) for one kind of staff."""
    if explicit is not None:
        return explicit, ZERO
    if employer == "regie":
        return p.employer_rate_public, ZERO
    coefficient = rgdu_coefficient(pay, p)
    return max(ZERO, p.employer_rate_private - coefficient), coefficient


def mediator_pay(p: Parameters, mediator_fte: Decimal, full_year_premiums: Decimal) -> Decimal:
    """One mediator FTE's yearly pay at year-1 level, the RGDU's `r`: the gross salary plus
    P1 (`full_year_premiums`) spread over the mediator FTE."""
    pay = p.mediator_gross_annual
    if mediator_fte:
        pay += full_year_premiums / mediator_fte
    return pay


def employer_rates(p: Parameters, employer: str, mediator_fte: Decimal,
                   full_year_premiums: Decimal) -> EmployerRates:
    """The rates of docs/costing.md; `full_year_premiums` is P1 (premiums of a full year at
    year-1 level), spread over the mediator FTE to get one FTE's yearly pay."""
    pay = mediator_pay(p, mediator_fte, full_year_premiums)
    mediator, c_mediator = _rate(p.employer_rate_mediator, employer, pay, p)
    leader, c_leader = _rate(p.employer_rate_team_leader, employer, p.team_leader_gross_annual,
                             p)
    return EmployerRates(mediator, leader, c_mediator, c_leader)
