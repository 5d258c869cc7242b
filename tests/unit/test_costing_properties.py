"""Properties of the costing model, checked on generated interventions (Hypothesis)."""

from dataclasses import replace
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from wizard.costing import (
    DEFAULT_PARAMETERS,
    LINE_KEYS,
    CostingInput,
    Funding,
    Intervention,
    Reinforcement,
    Round,
    Slot,
    compute,
    parse_costing_input,
    weekly_hours,
)
from wizard.costing.hours import night_minutes, slot_span, sunday_minutes
from wizard.costing.model import DAYS, EMPLOYERS

PARAMETERS = parse_costing_input(
    {"years": 1, "intervention": {"weeks_per_year": 1, "rounds": []}}, DEFAULT_PARAMETERS
).parameters

settings.register_profile("costing", database=None, deadline=None, max_examples=150)
settings.load_profile("costing")


@st.composite
def slots(draw):
    start = draw(st.integers(0, 1439))
    end = draw(st.integers(0, 1439).filter(lambda minute: minute != start))
    return Slot(draw(st.sampled_from(DAYS)), start, end, draw(st.integers(1, 6)))


slot_lists = st.lists(slots(), max_size=8)
money = st.decimals(min_value=0, max_value=100_000, places=2)


@st.composite
def inputs(draw):
    rounds = tuple(Round(f"T{i}", (), tuple(s)) for i, s in enumerate(draw(st.lists(slot_lists,
                                                                                   max_size=3))))
    reinforcements = tuple(
        Reinforcement(f"R{i}", draw(st.integers(0, 53)), tuple(s))
        for i, s in enumerate(draw(st.lists(slot_lists, max_size=2)))
    )
    intervention = Intervention(
        weeks_per_year=draw(st.integers(1, 53)), rounds=rounds, reinforcements=reinforcements,
        team_leader_fte=draw(st.none() | st.decimals(min_value=0, max_value=5, places=2)),
        new_mediators_to_train=draw(st.integers(0, 10)), vehicles=draw(st.integers(0, 3)),
        employer=draw(st.sampled_from(EMPLOYERS)), recruitment_months=draw(st.integers(0, 11)),
    )
    parameters = replace(
        PARAMETERS,
        night_premium=draw(st.decimals(min_value=0, max_value=1, places=2)),
        sunday_premium=draw(st.decimals(min_value=0, max_value=1, places=2)),
        indexation_rate=draw(st.decimals(min_value=0, max_value=Decimal("0.1"), places=3)),
    )
    return CostingInput(draw(st.integers(1, 3)), intervention, parameters, Funding())


@given(inputs())
def test_totals_are_sums_of_lines(inp):
    for year in compute(inp).years:
        assert list(year.lines) == list(LINE_KEYS)
        assert year.direct_costs == sum(year.lines.values())
        assert year.total_costs == (year.direct_costs + year.overhead + year.contractor_margin
                                    + year.vat)
        if inp.intervention.employer != "prestataire":
            assert year.contractor_margin == year.vat == 0
        assert year.commune_contribution == (
            year.total_costs - year.adultes_relais - year.funders_total)


@given(inputs())
def test_nothing_negative_with_non_negative_inputs(inp):
    result = compute(inp)
    assert min(result.presence_hours, result.night_hours, result.sunday_hours) >= 0
    assert result.mediator_fte >= 0 and result.team_leader_fte >= 0
    for year in result.years:
        assert all(value >= 0 for value in year.lines.values())
        assert min(year.overhead, year.total_costs, year.commune_contribution) >= 0
    assert "over_funded" not in {w.code for w in result.warnings}
    assert Decimal(0) <= result.employer_rate_mediator <= Decimal("0.45")


@given(inputs(), slots(), st.integers(1, 53))
def test_fte_is_monotone_in_hours(inp, extra, weeks):
    more = replace(inp, intervention=replace(
        inp.intervention,
        reinforcements=inp.intervention.reinforcements + (Reinforcement("+", weeks, (extra,)),),
    ))
    before, after = compute(inp), compute(more)
    assert after.presence_hours > before.presence_hours
    assert after.mediator_fte > before.mediator_fte
    assert after.mediator_headcount >= before.mediator_headcount


@given(inputs())
def test_night_and_sunday_hours_within_presence(inp):
    result = compute(inp)
    assert result.night_hours <= result.presence_hours
    assert result.sunday_hours <= result.presence_hours


@given(slots(), st.integers(0, 1439), st.integers(0, 1439))
def test_night_and_sunday_minutes_match_a_minute_by_minute_count(slot, night_start, night_end):
    if night_start == night_end:
        night_end = (night_start + 1) % 1440
    start, end = slot_span(slot)

    def at_night(minute):
        clock = minute % 1440
        if night_start < night_end:
            return night_start <= clock < night_end
        return clock >= night_start or clock < night_end

    assert night_minutes(slot, night_start, night_end) == sum(
        at_night(minute) for minute in range(start, end))
    assert sunday_minutes(slot) == sum(
        6 * 1440 <= minute < 7 * 1440 for minute in range(start, end))


@given(slot_lists)
def test_weekly_hours_bounds(week):
    hours = weekly_hours(week)
    assert 0 <= hours.night <= hours.presence and 0 <= hours.sunday <= hours.presence
