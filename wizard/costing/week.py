"""Minutes of the week: intervals of a circular week, the arithmetic coverage is built on.

Pure. A week is 7 × 1440 minutes, Monday 00:00 first; intervals are half-open
`(begin, end)` of [0, 10 080), and one that runs past Sunday midnight is split in two.
A dossier's slots and need windows (`day`, `start`, `end`; an end at or before the start
means the next day) become `(start, length)` spans through `span`.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from wizard.costing.fields import format_hhmm, parse_hhmm
from wizard.costing.model import DAY_LABELS, DAYS

DAY_MIN = 1440
WEEK_MIN = 7 * DAY_MIN


class Interval(NamedTuple):
    """A weekly time window `(day, start, end)` in the format of the document: `end` at or
    before `start` means the next day (« sat », « 22:00 », « 02:00 » lasts 4 hours)."""

    day: str
    start: str
    end: str

    @property
    def label(self) -> str:
        """« vendredi 22:00–23:00 »; an end at midnight reads « 24:00 »."""
        end = "24:00" if self.end == "00:00" else self.end
        return f"{DAY_LABELS[self.day]} {self.start}–{end}"


def duration_label(minutes: int) -> str:
    """« 5 h », « 2 h 30 », « 45 min », « 0 h »."""
    hours, rest = divmod(minutes, 60)
    if not hours and rest:
        return f"{rest} min"
    return f"{hours} h" + (f" {rest:02d}" if rest else "")



def span(item) -> tuple[int, int] | None:
    """`(start, length)` in minutes from Monday 00:00 of a dict with day/start/end, or None
    when it is malformed or lasts zero minutes (start == end is refused by validation)."""
    if not isinstance(item, dict) or item.get("day") not in DAYS:
        return None
    try:
        start, end = parse_hhmm(item.get("start")), parse_hhmm(item.get("end"))
    except ValueError:
        return None
    if start == end:
        return None
    return DAYS.index(item["day"]) * DAY_MIN + start, (end - start) % DAY_MIN


def pieces(start: int, length: int) -> list[tuple[int, int]]:
    """The minutes [start, start + length) of the circular week as half-open `(begin, end)`
    intervals of [0, WEEK_MIN): split in two at 10 080 when they run from Sunday into Monday."""
    end = start + length
    if end <= WEEK_MIN:
        return [(start, end)]
    return [(start, WEEK_MIN), (0, end - WEEK_MIN)]


def merge(intervals) -> list[tuple[int, int]]:
    """Sorted, disjoint and non-adjacent union of half-open `(begin, end)` intervals."""
    out: list[list[int]] = []
    for begin, end in sorted(intervals):
        if out and begin <= out[-1][1]:
            if end > out[-1][1]:
                out[-1][1] = end
        else:
            out.append([begin, end])
    return [(b, e) for b, e in out]


def subtract(intervals: list[tuple[int, int]],
              cut: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """`intervals` minus `cut`, both as returned by `merge` (the result is merged too)."""
    out, i, count = [], 0, len(cut)
    for begin, end in intervals:
        while i < count and cut[i][1] <= begin:
            i += 1
        j = i
        while begin < end:
            if j >= count or cut[j][0] >= end:
                out.append((begin, end))
                break
            if cut[j][0] > begin:
                out.append((begin, cut[j][0]))
            begin = max(begin, cut[j][1])
            j += 1
    return out


def total_minutes(intervals: list[tuple[int, int]]) -> int:
    return sum(end - begin for begin, end in intervals)


def interval_at(start: int, length: int) -> Interval:
    day, minute = divmod(start % WEEK_MIN, DAY_MIN)
    return Interval(DAYS[day], format_hhmm(minute), format_hhmm((minute + length) % DAY_MIN))


def _circular_runs(intervals: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Maximal runs `(start, length)` of merged intervals, joined across Sunday → Monday,
    sorted by start."""
    if not intervals:
        return []
    if intervals[0] == (0, WEEK_MIN):
        return [(0, WEEK_MIN)]
    runs = [(begin, end - begin) for begin, end in intervals]
    if len(runs) > 1 and intervals[0][0] == 0 and intervals[-1][1] == WEEK_MIN:
        first = runs.pop(0)
        runs[-1] = (runs[-1][0], runs[-1][1] + first[1])
    return runs


def gaps(intervals: list[tuple[int, int]]) -> tuple[Interval, ...]:
    """Merged intervals as Intervals; a run over 24 h is cut at midnights."""
    out = []
    for start, length in _circular_runs(intervals):
        while length > DAY_MIN:
            piece = DAY_MIN - start % DAY_MIN
            out.append(interval_at(start, piece))
            start, length = start + piece, length - piece
        out.append(interval_at(start, length))
    return tuple(out)


def slot_windows(intervals: list[tuple[int, int]]) -> tuple[Interval, ...]:
    """Merged intervals as windows a slot can hold (under 24 h each): a run of less than a
    day stays whole (past midnight too), a longer one is cut at midnights, and a whole day
    at noon (a slot cannot last 24 h)."""
    out = []
    for start, length in _circular_runs(intervals):
        while length:
            piece = DAY_MIN - start % DAY_MIN if length > DAY_MIN else length
            if piece == DAY_MIN:
                piece = DAY_MIN // 2
            out.append(interval_at(start, piece))
            start, length = start + piece, length - piece
    return tuple(out)


def gaps_of(flags: bytearray) -> tuple[Interval, ...]:
    """The set minutes of `flags` (a week of minutes, Monday 00:00 first) as Intervals; a
    run over 24 h is cut at midnights."""
    return gaps([m.span() for m in re.finditer(rb"[^\x00]+", bytes(flags))])


def dict_items(container, key) -> list:
    values = container.get(key) if isinstance(container, dict) else None
    return [v for v in values if isinstance(v, dict)] if isinstance(values, list) else []
