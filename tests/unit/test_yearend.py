"""The year-end report's comparison (costing.yearend): which gaps need an explanation, the
planned resources (grants, then the rest of the budget), the totals."""

from decimal import Decimal as D

from wizard.costing import DEFAULT_PARAMETERS
from wizard.costing.yearend import (
    DEFAULT_GAP_THRESHOLD,
    OTHER_RESOURCES,
    THRESHOLD_KEY,
    Compared,
    Planned,
    compare,
    gap_threshold,
    planned_resources,
    totals,
)


def test_a_gap_above_the_threshold_needs_an_explanation():
    assert DEFAULT_GAP_THRESHOLD == D("0.15") == D(DEFAULT_PARAMETERS[THRESHOLD_KEY])
    assert not Compared("k", "Locations", D(1000), D(1150)).needs_explanation  # exactly 15 %
    assert Compared("k", "Locations", D(1000), D("1150.01")).needs_explanation
    assert Compared("k", "Locations", D(1000), D(840)).needs_explanation  # 16 % less
    assert not Compared("k", "Locations", D(1000), None).needs_explanation  # not given yet
    assert Compared("k", "Locations", D(0), D(10)).needs_explanation  # nothing was planned
    assert not Compared("k", "Locations", D(0), D(0)).needs_explanation
    line = Compared("k", "Locations", D(1000), D(1400), "Hausse des loyers")
    assert line.needs_explanation and not line.unexplained
    assert line.gap == D(400) and line.gap_share == D("0.4")


def test_planned_resources_are_the_grants_then_the_rest():
    lines = planned_resources([("fipd", "FIPD", D(20000))], D(50000))
    assert [(x.key, x.amount) for x in lines] == [("scheme:fipd", D(20000)),
                                                    ("other", D(30000))]
    assert lines[1].label == OTHER_RESOURCES
    assert [x.key for x in planned_resources([("fipd", "FIPD", D(60000))], D(50000))] \
        == ["scheme:fipd"]


def test_the_threshold_is_the_sets_and_a_lower_one_asks_for_more_explanations():
    planned = [Planned("a", "Locations", D(1000))]
    actual = {"a": {"actual": "1120"}}  # 12 % more than planned
    strict = compare(planned, actual, threshold=gap_threshold({THRESHOLD_KEY: "0.10"}))
    usual = compare(planned, actual, threshold=gap_threshold(DEFAULT_PARAMETERS))
    assert strict[0].threshold == D("0.10") and strict[0].unexplained
    assert usual[0].threshold == D("0.15") and not usual[0].needs_explanation
    assert compare(planned, {"a": {"actual": "880"}}, threshold=D("0.10"))[0].unexplained


def test_a_set_without_a_valid_threshold_keeps_the_default():
    values = {k: v for k, v in DEFAULT_PARAMETERS.items() if k != THRESHOLD_KEY}
    assert gap_threshold(values) == D("0.15")  # a set published before the parameter
    for broken in ("", "abc", "NaN", "0", "-0.1", "1.5"):
        assert gap_threshold({THRESHOLD_KEY: broken}) == D("0.15"), broken
    assert gap_threshold({THRESHOLD_KEY: "1"}) == D(1)
    assert gap_threshold({THRESHOLD_KEY: "0.125"}) == D("0.125")


def test_compare_reads_the_stored_content_and_totals_count_blanks_as_zero():
    planned = [Planned("a", "A", D(100)), Planned("b", "B", D(200))]
    lines = compare(planned, {"a": {"actual": "120.50", "explanation": " "}, "b": {}},
                    threshold=DEFAULT_GAP_THRESHOLD)
    assert lines[0].actual == D("120.50") and lines[0].unexplained
    assert lines[1].actual is None
    assert totals(lines) == (D(300), D("120.50"))
