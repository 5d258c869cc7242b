"""Schedule rows (wizard.steps.schedule) and the windows a round must add to cover needs
(wizard.costing.coverage.uncovered_windows): pure functions."""

from wizard.costing.coverage import Interval, uncovered_windows
from wizard.steps.schedule import hhmm, rows_of

KEYS = ("start", "end", "mediators")


def slot(day, start, end, mediators=None):
    out = {"day": day, "start": start, "end": end}
    if mediators is not None:
        out["mediators"] = mediators
    return out


def test_rows_group_identical_hours_their_days_in_week_order():
    slots = [slot("sat", "16:00", "23:00"), slot("tue", "16:00", "23:00"),
             slot("sun", "22:00", "02:00"), slot("wed", "16:00", "23:00")]
    assert rows_of(slots) == [
        {"days": ["tue", "wed", "sat"], "start": "16:00", "end": "23:00"},
        {"days": ["sun"], "start": "22:00", "end": "02:00"}]


def test_rows_of_a_round_also_group_by_mediators_and_a_day_twice_makes_two_rows():
    slots = [slot("mon", "14:00", "20:00", 2), slot("tue", "14:00", "20:00", 4),
             slot("mon", "14:00", "20:00", 2), slot("tue", "14:00", "20:00", 2)]
    assert rows_of(slots, KEYS) == [
        {"days": ["mon", "tue"], "start": "14:00", "end": "20:00", "mediators": 2},
        {"days": ["tue"], "start": "14:00", "end": "20:00", "mediators": 4},
        {"days": ["mon"], "start": "14:00", "end": "20:00", "mediators": 2}]
    assert rows_of(None) == [] and rows_of(["pas un créneau"]) == []


def test_hours_as_people_type_them():
    assert [hhmm(x) for x in ("9:30", "18h30", "18 h", " 7H ", "25:00", "midi")] == [
        "09:30", "18:30", "18:00", "07:00", "25:00", "midi"]


def test_uncovered_windows_join_overlapping_needs_and_skip_what_is_covered():
    needs = [slot("sat", "16:00", "23:00"), slot("sat", "20:00", "01:00"),
             slot("fri", "18:00", "23:00")]
    assert uncovered_windows(needs, []) == (
        Interval("fri", "18:00", "23:00"), Interval("sat", "16:00", "01:00"))
    assert uncovered_windows(needs, [slot("sat", "15:00", "21:00", 2)]) == (
        Interval("fri", "18:00", "23:00"), Interval("sat", "21:00", "01:00"))
    assert uncovered_windows(needs, [slot("fri", "12:00", "12:00", 2)]) == (
        Interval("fri", "18:00", "23:00"), Interval("sat", "16:00", "01:00"))  # 0 h: skipped


def test_uncovered_windows_are_slots_of_less_than_a_day():
    whole_day = [slot("mon", "00:00", "12:00"), slot("mon", "12:00", "00:00")]
    assert uncovered_windows(whole_day, []) == (
        Interval("mon", "00:00", "12:00"), Interval("mon", "12:00", "00:00"))
    long_run = [slot("fri", "18:00", "02:00"), slot("sat", "00:00", "23:00")]
    assert uncovered_windows(long_run, []) == (
        Interval("fri", "18:00", "00:00"), Interval("sat", "00:00", "23:00"))
    sunday_night = [slot("sun", "22:00", "02:00")]  # across the end of the week
    assert uncovered_windows(sunday_night, []) == (Interval("sun", "22:00", "02:00"),)
    week = [slot(d, "00:00", "12:00") for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")]
    week += [slot(d, "12:00", "00:00") for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")]
    assert len(uncovered_windows(week, [])) == 14
    assert all(w.start != w.end for w in uncovered_windows(week, []))
