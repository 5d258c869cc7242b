"""The checks of docs/costing.md that warn and never refuse: peak staffing, QPV share and
the list of warnings, in their output order. Pure."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from heapq import merge

from wizard.costing.hours import slot_span
from wizard.costing.model import WARNING_CODES, CostingInput, CostWarning, Slot, YearCost

WEEK_MIN = 7 * 1440


def _events(slots: Iterable[Slot]) -> list[tuple[int, int]]:
    """Sorted (minute, change) of the week: +mediators at a start, −mediators at an end; a
    slot past Sunday midnight is split and continues on Monday. At equal minutes the ends
    (negative) sort first, so touching slots do not overlap."""
    events: list[tuple[int, int]] = []
    for slot in slots:
        start, end = slot_span(slot)
        pieces = [(start, end)] if end <= WEEK_MIN else [(start, WEEK_MIN), (0, end - WEEK_MIN)]
        for begin, finish in pieces:
            events += [(begin, slot.mediators), (finish, -slot.mediators)]
    events.sort()
    return events


def _peak(events: Iterable[tuple[int, int]]) -> int:
    level = peak = 0
    for _, change in events:
        level += change
        if level > peak:
            peak = level
    return peak


def peak_of(slots: Iterable[Slot]) -> int:
    """The most mediators present at once in a week of `slots`: overlapping slots add, one
    ending at a minute does not overlap one starting at that minute, and a slot past Sunday
    midnight continues on Monday."""
    return _peak(_events(slots))


def peak_mediators(inp: CostingInput) -> int:
    """The peak over the base slots alone and with each reinforcement of ≥ 1 week in turn."""
    iv = inp.intervention
    base = _events(s for r in iv.rounds for s in r.slots)
    return max([_peak(base), *(_peak(merge(base, _events(r.slots)))
                               for r in iv.reinforcements if r.weeks >= 1)])


def qpv_share(inp: CostingInput, presence_minutes: int) -> Fraction | None:
    """The exact share of the year's presence in QPV (None without diagnosis places or
    presence): each base round counts in the proportion of its places found in the
    diagnosis that are QPV; other rounds and every reinforcement count as outside."""
    places = inp.qpv_places
    if not places or not presence_minutes:
        return None
    total = Fraction(0)
    for round_ in inp.intervention.rounds:
        found = [places[name] for name in dict.fromkeys(round_.places) if name in places]
        if found:
            minutes = inp.intervention.weeks_per_year * sum(
                s.duration_min * s.mediators for s in round_.slots)
            total += Fraction(minutes * sum(found), len(found))
    return total / presence_minutes


def rounded_share(share: Fraction) -> Decimal:
    """The share rounded half up to 4 decimals, exactly."""
    scaled = share * 10000
    whole = scaled.numerator // scaled.denominator
    if scaled - whole >= Fraction(1, 2):
        whole += 1
    return Decimal(whole).scaleb(-4)


def warnings(inp: CostingInput, years: Iterable[YearCost], *, heads: int, peak: int,
             fte: Fraction, leader_fte, share: Fraction | None) -> tuple[CostWarning, ...]:
    """Every warning, ordered by code (WARNING_CODES) then by year; `fte` is the exact M."""
    p, posts = inp.parameters, inp.funding.adultes_relais_posts
    found: list[CostWarning] = []
    if p.smic_annual is not None and (
            p.mediator_gross_annual < p.smic_annual
            or (leader_fte > 0 and p.team_leader_gross_annual < p.smic_annual)):
        found.append(CostWarning("salary_below_smic"))
    if peak > heads:
        found.append(CostWarning("peak_over_posts"))
    if posts > 0 and share is not None and fte > 0 and min(Fraction(posts), fte) / fte > share:
        found.append(CostWarning("adultes_relais_outside_qpv"))
    for y in years:
        if y.aid_capped:
            found.append(CostWarning("aid_capped", y.year))
        if y.commune_contribution < 0:
            found.append(CostWarning("over_funded", y.year))
    return tuple(sorted(found, key=lambda w: (WARNING_CODES.index(w.code), w.year or 0)))
