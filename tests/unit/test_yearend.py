"""The year-end report's comparison (costing.yearend): which gaps need an explanation, the
planned resources (grants, then the rest of the budget), the totals."""

from decimal import Decimal as D

from wizard.costing.yearend import (
    GAP_THRESHOLD,
    OTHER_RESOURCES,
    Compared,
    Planned,
    compare,
    planned_resources,
    totals,
)


def test_a_gap_above_the_threshold_needs_an_explanation():
    assert GAP_THRESHOLD == D("0.15")
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


def test_compare_reads_the_stored_content_and_totals_count_blanks_as_zero():
    planned = [Planned("a", "A", D(100)), Planned("b", "B", D(200))]
    lines = compare(planned, {"a": {"actual": "120.50", "explanation": " "}, "b": {}})
    assert lines[0].actual == D("120.50") and lines[0].unexplained
    assert lines[1].actual is None
    assert totals(lines) == (D(300), D("120.50"))
