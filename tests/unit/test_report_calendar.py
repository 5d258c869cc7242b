"""The year-end reports' calendar (pure): each status, the boundaries (the day the year
ends, six months later), no start date, one to three project years, the most urgent."""

from datetime import date, timedelta

import pytest

from wizard.models import ReportState
from wizard.review.report_calendar import (
    NO_START,
    ReportStatus,
    add_months,
    calendar_of,
    document_calendar,
)

S = ReportStatus
START = "2027-01-01"  # year 1: 2027; year 2: 2028; year 3: 2029


def statuses(today, years=1, states=None, start=START):
    return [y.status for y in calendar_of(start, years, states or {}, today).years]


def test_year_one_before_during_and_after_its_end():
    assert statuses(date(2026, 6, 1)) == [S.UPCOMING]  # not started yet
    assert statuses(date(2027, 12, 31)) == [S.UPCOMING]  # the year's last day
    assert statuses(date(2028, 1, 1)) == [S.DUE]  # the day after: expected
    assert statuses(date(2028, 6, 30)) == [S.DUE]  # six months after the end: still in time
    assert statuses(date(2028, 7, 1)) == [S.LATE]  # the next day: late
    assert statuses(date(2031, 1, 1)) == [S.LATE]


def test_dates_of_each_year():
    cal = calendar_of("2027-09-15", 3, {}, date(2027, 10, 1))
    assert [(y.year, y.due_on, y.late_on) for y in cal.years] == [
        (1, date(2028, 9, 15), date(2029, 3, 15)),
        (2, date(2029, 9, 15), date(2030, 3, 15)),
        (3, date(2030, 9, 15), date(2031, 3, 15)),
    ]


@pytest.mark.parametrize("years, expected", [
    (1, [S.LATE]),
    (2, [S.LATE, S.DUE]),
    (3, [S.LATE, S.DUE, S.UPCOMING]),
    ("2", [S.LATE, S.DUE]),  # as the database may give it back
    (None, [S.LATE]), (7, [S.LATE]), ("x", [S.LATE]),  # out of range: one year
])
def test_one_to_three_years(years, expected):
    assert statuses(date(2029, 2, 1), years) == expected


def test_the_report_row_wins_over_the_dates():
    today = date(2030, 1, 1)  # every year late without reports
    states = {1: ReportState.ACCEPTED, 2: ReportState.SUBMITTED,
              3: ReportState.CHANGES_REQUESTED}
    assert statuses(today, 3, states) == [S.ACCEPTED, S.SUBMITTED, S.CHANGES]
    # a draft is not deposited: the dates decide
    assert statuses(date(2029, 2, 1), 2, {1: ReportState.DRAFT}) == [S.LATE, S.DUE]


def test_the_most_urgent_and_its_text():
    cal = calendar_of(START, 3, {1: ReportState.SUBMITTED}, date(2029, 7, 2))
    assert [y.status for y in cal.years] == [S.SUBMITTED, S.LATE, S.UPCOMING]
    assert cal.text == "Année 2 : en retard"
    assert cal.needs_attention and cal.count(S.LATE) == 1 and cal.count(S.DUE) == 0
    accepted = calendar_of(START, 2, {1: ReportState.ACCEPTED}, date(2028, 3, 1))
    # accepté comes before à venir (the brief's order of urgency)
    assert accepted.text == "Année 1 : accepté" and not accepted.needs_attention
    changes = calendar_of(START, 2, {1: ReportState.CHANGES_REQUESTED, 2: ReportState.ACCEPTED},
                          date(2030, 1, 1))
    assert changes.text == "Année 1 : compléments demandés"
    due = calendar_of(START, 1, {}, date(2028, 2, 1))
    assert due.text == "Année 1 : attendu" and due.needs_attention


def test_urgency_order():
    assert [s.label for s in S] == ["en retard", "attendu", "compléments demandés", "déposé",
                                    "accepté", "à venir"]


@pytest.mark.parametrize("start", [None, "", "pas une date", "2027-02-30", 12])
def test_without_a_start_date(start):
    cal = calendar_of(start, 2, {1: ReportState.SUBMITTED}, date(2030, 1, 1))
    assert cal.years == () and cal.text == NO_START == "date de début non renseignée"
    assert not cal.needs_attention and cal.most_urgent is None


def test_from_the_document():
    doc = {"start_date": "2027-03-01", "years": 2}
    assert document_calendar(doc, {}, date(2028, 3, 1)).text == "Année 1 : attendu"
    assert document_calendar({}, {}, date(2028, 3, 1)).text == NO_START
    assert document_calendar(None, {}, date(2028, 3, 1)).text == NO_START


def test_add_months_keeps_the_day_or_takes_the_last_one():
    assert add_months(date(2027, 1, 31), 6) == date(2027, 7, 31)
    assert add_months(date(2027, 8, 31), 6) == date(2028, 2, 29)
    assert add_months(date(2028, 2, 29), 12) == date(2029, 2, 28)
    assert add_months(date(2027, 12, 15), 1) == date(2028, 1, 15)


def test_a_leap_day_start():
    cal = calendar_of("2028-02-29", 1, {}, date(2029, 2, 28))
    assert cal.years[0].due_on == date(2029, 2, 28) and cal.years[0].status is S.DUE
    assert statuses(date(2029, 2, 28) - timedelta(days=1), start="2028-02-29") == [S.UPCOMING]
