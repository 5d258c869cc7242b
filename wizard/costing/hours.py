"""Weekly presence, night and Sunday hours of a set of slots (exact, in minutes)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from wizard.costing.model import DAYS, Slot, WeeklyHours

DAY_MIN = 1440
SUNDAY = DAYS.index("sun")
SIXTY = Decimal(60)


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def slot_span(slot: Slot) -> tuple[int, int]:
    """The slot as [start, end) minutes from Monday 00:00 (end may pass into the next day)."""
    start = DAYS.index(slot.day) * DAY_MIN + slot.start_min
    return start, start + slot.duration_min


def night_minutes(slot: Slot, night_start: int, night_end: int) -> int:
    """Minutes of one occurrence of `slot` inside the nightly windows (per mediator)."""
    start, end = slot_span(slot)
    length = (night_end - night_start) % DAY_MIN or DAY_MIN
    first = start // DAY_MIN - 1
    # A slot lasts under 24 h and so does a window: the windows opened the day before,
    # the same day and the next day are the only ones it can meet.
    return sum(
        _overlap(start, end, day * DAY_MIN + night_start, day * DAY_MIN + night_start + length)
        for day in range(first, first + 3)
    )


def sunday_minutes(slot: Slot) -> int:
    """Minutes of one occurrence of `slot` falling on Sunday 00:00–24:00 (per mediator)."""
    start, end = slot_span(slot)
    return _overlap(start, end, SUNDAY * DAY_MIN, (SUNDAY + 1) * DAY_MIN)


def weekly_minutes(slots: Iterable[Slot], night_start: int, night_end: int) -> tuple[int, int, int]:
    """(presence, night, sunday) minutes of one week, each weighted by the mediators present."""
    presence = night = sunday = 0
    for slot in slots:
        presence += slot.duration_min * slot.mediators
        night += night_minutes(slot, night_start, night_end) * slot.mediators
        sunday += sunday_minutes(slot) * slot.mediators
    return presence, night, sunday


def weekly_hours(
    slots: Iterable[Slot], night_start: int = 21 * 60, night_end: int = 6 * 60
) -> WeeklyHours:
    """Presence, night and Sunday hours of one week of `slots` (mediator-hours, exact).

    Night and Sunday hours are parts of the presence hours; a slot may count in both.
    """
    presence, night, sunday = weekly_minutes(slots, night_start, night_end)
    return WeeklyHours(presence / SIXTY, night / SIXTY, sunday / SIXTY)
