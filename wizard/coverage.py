"""How far the planned rounds cover the needs of the diagnosis, and a week grid for display.

Pure module (no Flask, no database): it reads a dossier document and never raises on a
draft; slots or need windows with a bad day or time, or a zero length, are skipped (the
document validation reports them).

Everything is computed on intervals of minutes of one week (7 × 1440 minutes, Monday 00:00
first, half-open `(begin, end)`) that wraps from Sunday to Monday (an interval running past
Sunday midnight is split at 10 080), so a window or slot may cross midnight, including
Sunday night into Monday morning. A place's need windows are compared with the slots of the
rounds whose `places` name it (exact name, as the document cross-check requires); a slot
serving several places counts for each, and overlapping slots never count a minute twice.

Typical use::

    result = coverage(document)
    result.share                     # Decimal fraction, or None when no need is entered
    result.summary                   # « 40 % des heures de besoin couvertes »
    for place in result.places:
        place.gaps                   # [Interval("fri", "20:00", "23:00"), …]
    grid = week_grid(document)       # 7 days × 24 hours: mediators planned, need or not
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from typing import NamedTuple

from wizard.costing.fields import format_hhmm, parse_hhmm
from wizard.costing.model import DAY_LABELS, DAYS

DAY_MIN = 1440
WEEK_MIN = 7 * DAY_MIN
NO_NEED = "Aucun besoin horaire renseigné"


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


@dataclass(frozen=True)
class WindowCoverage:
    """One need window of a place: its length, the minutes covered and the gaps left."""

    window: Interval
    need_minutes: int
    covered_minutes: int
    gaps: tuple[Interval, ...]


class _Totals:
    """Hours and share of a result with `need_minutes` and `covered_minutes`."""

    need_minutes: int
    covered_minutes: int

    @property
    def need_hours(self) -> Decimal:
        return Decimal(self.need_minutes) / 60

    @property
    def covered_hours(self) -> Decimal:
        return Decimal(self.covered_minutes) / 60

    @property
    def share(self) -> Decimal | None:
        """Covered / needed minutes (a fraction), None when no need window is entered."""
        return None if not self.need_minutes else Decimal(self.covered_minutes) / self.need_minutes


@dataclass(frozen=True)
class PlaceCoverage(_Totals):
    """One diagnosis place. Totals count each minute once, even where need windows overlap
    (then `windows` rows may add up to more than the totals)."""

    name: str
    rounds: tuple[str, ...]
    windows: tuple[WindowCoverage, ...]
    need_minutes: int
    covered_minutes: int
    gaps: tuple[Interval, ...]


@dataclass(frozen=True)
class Coverage(_Totals):
    """Coverage of every diagnosis place, in the order of the diagnosis, and the total."""

    places: tuple[PlaceCoverage, ...]
    need_minutes: int
    covered_minutes: int

    @property
    def percent(self) -> int | None:
        """The share as a whole percentage rounded down (never overstates the coverage)."""
        share = self.share
        return None if share is None else int((share * 100).to_integral_value(ROUND_FLOOR))

    @property
    def summary(self) -> str:
        """« 40 % des heures de besoin couvertes », or « Aucun besoin horaire renseigné »."""
        if self.percent is None:
            return NO_NEED
        return f"{self.percent}\u00a0% des heures de besoin couvertes"


@dataclass(frozen=True)
class HourCell:
    """One hour of the week grid: `mediators` is the largest number of mediators present
    at once during the hour (all base rounds, any place); `need` is True when a need window
    of any place touches the hour."""

    day: str
    hour: int
    mediators: int
    need: bool


@dataclass(frozen=True)
class WeekGrid:
    """The week as `rows`: one tuple of 24 HourCell (0 h to 23 h) per day, Monday first.

    Built by `week_grid(document)` for the page and the PDF heat map.
    """

    rows: tuple[tuple[HourCell, ...], ...]

    @property
    def max_mediators(self) -> int:
        """The highest cell value (0 for an empty week), to scale a heat map."""
        return max((c.mediators for row in self.rows for c in row), default=0)

    def cell(self, day: str, hour: int) -> HourCell:
        """The cell of `day` (« mon »…« sun ») at `hour` (0–23)."""
        return self.rows[DAYS.index(day)][hour]


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


def _pieces(start: int, length: int) -> list[tuple[int, int]]:
    """The minutes [start, start + length) of the circular week as half-open `(begin, end)`
    intervals of [0, WEEK_MIN): split in two at 10 080 when they run from Sunday into Monday."""
    end = start + length
    if end <= WEEK_MIN:
        return [(start, end)]
    return [(start, WEEK_MIN), (0, end - WEEK_MIN)]


def _merge(intervals) -> list[tuple[int, int]]:
    """Sorted, disjoint and non-adjacent union of half-open `(begin, end)` intervals."""
    out: list[list[int]] = []
    for begin, end in sorted(intervals):
        if out and begin <= out[-1][1]:
            if end > out[-1][1]:
                out[-1][1] = end
        else:
            out.append([begin, end])
    return [(b, e) for b, e in out]


def _subtract(intervals: list[tuple[int, int]],
              cut: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """`intervals` minus `cut`, both as returned by `_merge` (the result is merged too)."""
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


def _total(intervals: list[tuple[int, int]]) -> int:
    return sum(end - begin for begin, end in intervals)


def _interval(start: int, length: int) -> Interval:
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


def _runs(flags: bytearray) -> list[tuple[int, int]]:
    """Maximal runs of set minutes `(start, length)`, joined across Sunday → Monday."""
    return _circular_runs([m.span() for m in re.finditer(rb"[^\x00]+", bytes(flags))])


def _gaps(intervals: list[tuple[int, int]]) -> tuple[Interval, ...]:
    """Merged intervals as Intervals; a run over 24 h is cut at midnights."""
    out = []
    for start, length in _circular_runs(intervals):
        while length > DAY_MIN:
            piece = DAY_MIN - start % DAY_MIN
            out.append(_interval(start, piece))
            start, length = start + piece, length - piece
        out.append(_interval(start, length))
    return tuple(out)


def gaps_of(flags: bytearray) -> tuple[Interval, ...]:
    """The set minutes of `flags` (a week of minutes, Monday 00:00 first) as Intervals; a
    run over 24 h is cut at midnights."""
    return _gaps([m.span() for m in re.finditer(rb"[^\x00]+", bytes(flags))])


def _lists(container, key) -> list:
    values = container.get(key) if isinstance(container, dict) else None
    return [v for v in values if isinstance(v, dict)] if isinstance(values, list) else []


def _rounds(document: dict) -> list[dict]:
    return _lists(document.get("intervention"), "rounds")


def _round_slots(round_: dict) -> list[tuple[int, int, int]]:
    """`(start, length, mediators)` of a round's valid slots."""
    out = []
    for slot in _lists(round_, "slots"):
        where, mediators = span(slot), slot.get("mediators")
        if where and isinstance(mediators, int) and not isinstance(mediators, bool):
            out.append((*where, mediators))
    return out


def _place_coverage(place: dict, rounds: list[tuple[dict, list]]) -> PlaceCoverage:
    name = place.get("name")
    serving = [(r, slots) for r, slots in rounds
               if isinstance(r.get("places"), list) and name in r["places"]]
    covered = _merge(piece for _, slots in serving for start, length, _ in slots
                     for piece in _pieces(start, length))
    needs, windows = [], []
    for window in _lists(place, "need_slots"):
        where = span(window)
        if where is None:
            continue
        own = _pieces(*where)
        needs.extend(own)
        gap = _subtract(_merge(own), covered)
        windows.append(WindowCoverage(
            _interval(*where), where[1], where[1] - _total(gap), _gaps(gap)))
    need = _merge(needs)
    uncovered = _subtract(need, covered)
    need_minutes = _total(need)
    return PlaceCoverage(
        name=str(name), rounds=tuple(str(r.get("name", "")) for r, _ in serving),
        windows=tuple(windows), need_minutes=need_minutes,
        covered_minutes=need_minutes - _total(uncovered), gaps=_gaps(uncovered),
    )


def coverage(document: dict) -> Coverage:
    """The coverage of each place of `document["diagnosis"]["places"]` by the base rounds
    of `document["intervention"]` (reinforcements are seasonal and left out)."""
    rounds = _rounds(document) if isinstance(document, dict) else []
    with_slots = [(r, _round_slots(r)) for r in rounds]
    places = tuple(
        _place_coverage(place, with_slots)
        for place in _lists(document.get("diagnosis") if isinstance(document, dict) else None,
                            "places")
        if isinstance(place.get("name"), str)
    )
    return Coverage(
        places=places,
        need_minutes=sum(p.need_minutes for p in places),
        covered_minutes=sum(p.covered_minutes for p in places),
    )


def week_grid(document: dict) -> WeekGrid:
    """Mediators planned by the base rounds and need windows, per day and hour of the week."""
    # mediators present: a step function of the week, from its changes (sweep line)
    changes: dict[int, int] = {0: 0, WEEK_MIN: 0}
    for round_ in _rounds(document) if isinstance(document, dict) else []:
        for start, length, mediators in _round_slots(round_):
            for begin, end in _pieces(start, length):
                changes[begin] = changes.get(begin, 0) + mediators
                changes[end] = changes.get(end, 0) - mediators
    peak: list[int | None] = [None] * (7 * 24)
    level, times = 0, sorted(changes)
    for begin, end in zip(times, times[1:]):
        level += changes[begin]
        for hour in range(begin // 60, (end - 1) // 60 + 1):
            if peak[hour] is None or level > peak[hour]:
                peak[hour] = level
    needed = [False] * (7 * 24)
    diagnosis = document.get("diagnosis") if isinstance(document, dict) else None
    for place in _lists(diagnosis, "places"):
        for window in _lists(place, "need_slots"):
            where = span(window)
            if where:
                for begin, end in _pieces(*where):
                    for hour in range(begin // 60, (end - 1) // 60 + 1):
                        needed[hour] = True
    rows = []
    for d, day in enumerate(DAYS):
        rows.append(tuple(HourCell(day, hour, peak[d * 24 + hour], needed[d * 24 + hour])
                          for hour in range(24)))
    return WeekGrid(tuple(rows))
