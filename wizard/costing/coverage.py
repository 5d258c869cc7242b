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

from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from wizard.costing.model import DAYS
from wizard.costing.week import (  # noqa: F401  (Interval, duration_label, gaps_of: public)
    WEEK_MIN,
    Interval,
    dict_items,
    duration_label,
    gaps,
    gaps_of,
    interval_at,
    merge,
    pieces,
    slot_windows,
    span,
    subtract,
    total_minutes,
)

NO_NEED = "Aucun besoin horaire renseigné"


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


def _rounds(document: dict) -> list[dict]:
    return dict_items(document.get("intervention"), "rounds")


def _round_slots(round_: dict) -> list[tuple[int, int, int]]:
    """`(start, length, mediators)` of a round's valid slots."""
    out = []
    for slot in dict_items(round_, "slots"):
        where, mediators = span(slot), slot.get("mediators")
        if where and isinstance(mediators, int) and not isinstance(mediators, bool):
            out.append((*where, mediators))
    return out


def _place_coverage(place: dict, rounds: list[tuple[dict, list]]) -> PlaceCoverage:
    name = place.get("name")
    serving = [(r, slots) for r, slots in rounds
               if isinstance(r.get("places"), list) and name in r["places"]]
    covered = merge(piece for _, slots in serving for start, length, _ in slots
                     for piece in pieces(start, length))
    needs, windows = [], []
    for window in dict_items(place, "need_slots"):
        where = span(window)
        if where is None:
            continue
        own = pieces(*where)
        needs.extend(own)
        gap = subtract(merge(own), covered)
        windows.append(WindowCoverage(
            interval_at(*where), where[1], where[1] - total_minutes(gap), gaps(gap)))
    need = merge(needs)
    uncovered = subtract(need, covered)
    need_minutes = total_minutes(need)
    return PlaceCoverage(
        name=str(name), rounds=tuple(str(r.get("name", "")) for r, _ in serving),
        windows=tuple(windows), need_minutes=need_minutes,
        covered_minutes=need_minutes - total_minutes(uncovered), gaps=gaps(uncovered),
    )


def coverage(document: dict) -> Coverage:
    """The coverage of each place of `document["diagnosis"]["places"]` by the base rounds
    of `document["intervention"]` (reinforcements are seasonal and left out)."""
    rounds = _rounds(document) if isinstance(document, dict) else []
    with_slots = [(r, _round_slots(r)) for r in rounds]
    places = tuple(
        _place_coverage(place, with_slots)
        for place in dict_items(document.get("diagnosis") if isinstance(document, dict) else None,
                            "places")
        if isinstance(place.get("name"), str)
    )
    return Coverage(
        places=places,
        need_minutes=sum(p.need_minutes for p in places),
        covered_minutes=sum(p.covered_minutes for p in places),
    )


def uncovered_windows(needs, slots) -> tuple[Interval, ...]:
    """The minutes of the need windows `needs` that none of `slots` covers, as windows a
    slot can hold (under 24 h, in week order): what a round must add to cover those needs.
    Both are lists of document items with day/start/end; malformed ones are skipped."""
    def minutes(items):
        return merge(piece for item in items if (where := span(item))
                     for piece in pieces(*where))

    return slot_windows(subtract(minutes(needs), minutes(slots)))


def week_grid(document: dict) -> WeekGrid:
    """Mediators planned by the base rounds and need windows, per day and hour of the week."""
    # mediators present: a step function of the week, from its changes (sweep line)
    changes: dict[int, int] = {0: 0, WEEK_MIN: 0}
    for round_ in _rounds(document) if isinstance(document, dict) else []:
        for start, length, mediators in _round_slots(round_):
            for begin, end in pieces(start, length):
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
    for place in dict_items(diagnosis, "places"):
        for window in dict_items(place, "need_slots"):
            where = span(window)
            if where:
                for begin, end in pieces(*where):
                    for hour in range(begin // 60, (end - 1) // 60 + 1):
                        needed[hour] = True
    rows = []
    for d, day in enumerate(DAYS):
        rows.append(tuple(HourCell(day, hour, peak[d * 24 + hour], needed[d * 24 + hour])
                          for hour in range(24)))
    return WeekGrid(tuple(rows))
