"""How far the planned rounds cover the needs of the diagnosis, and a week grid for display.

Pure module (no Flask, no database): it reads a dossier document and never raises on a
draft; slots or need windows with a bad day or time, or a zero length, are skipped (the
document validation reports them).

Everything is computed on a minute timeline of one week (7 × 1440 minutes, Monday 00:00
first) that wraps from Sunday to Monday, so a window or slot may cross midnight, including
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


def _mark(timeline: bytearray, start: int, length: int) -> None:
    """Set the minutes [start, start + length) of the circular week."""
    end = start + length
    if end <= WEEK_MIN:
        timeline[start:end] = b"\x01" * length
    else:  # Sunday night into Monday morning
        timeline[start:] = b"\x01" * (WEEK_MIN - start)
        timeline[: end - WEEK_MIN] = b"\x01" * (end - WEEK_MIN)


def _interval(start: int, length: int) -> Interval:
    day, minute = divmod(start % WEEK_MIN, DAY_MIN)
    return Interval(DAYS[day], format_hhmm(minute), format_hhmm((minute + length) % DAY_MIN))


def _runs(flags: bytearray) -> list[tuple[int, int]]:
    """Maximal runs of set minutes `(start, length)`, joined across Sunday → Monday."""
    if all(flags):
        return [(0, WEEK_MIN)]
    first_clear = flags.index(0)
    runs, start = [], None
    for offset in range(1, WEEK_MIN + 1):
        minute = (first_clear + offset) % WEEK_MIN
        if flags[minute] and start is None:
            start = first_clear + offset
        elif not flags[minute] and start is not None:
            runs.append((start % WEEK_MIN, first_clear + offset - start))
            start = None
    return sorted(runs)


def gaps_of(flags: bytearray) -> tuple[Interval, ...]:
    """The set minutes of `flags` as Intervals; a run over 24 h is cut at midnights."""
    out = []
    for start, length in _runs(flags):
        while length > DAY_MIN:
            piece = DAY_MIN - start % DAY_MIN
            out.append(_interval(start, piece))
            start, length = start + piece, length - piece
        out.append(_interval(start, length))
    return tuple(out)


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


def _place_coverage(place: dict, rounds: list[dict]) -> PlaceCoverage:
    name = place.get("name")
    serving = [r for r in rounds if isinstance(r.get("places"), list) and name in r["places"]]
    covered = bytearray(WEEK_MIN)
    for round_ in serving:
        for start, length, _ in _round_slots(round_):
            _mark(covered, start, length)
    need = bytearray(WEEK_MIN)
    windows = []
    for window in _lists(place, "need_slots"):
        where = span(window)
        if where is None:
            continue
        own = bytearray(WEEK_MIN)
        _mark(own, *where)
        _mark(need, *where)
        gap = bytes(a & (1 - b) for a, b in zip(own, covered))
        windows.append(WindowCoverage(
            _interval(*where), where[1], where[1] - sum(gap), gaps_of(bytearray(gap))))
    uncovered = bytearray(a & (1 - b) for a, b in zip(need, covered))
    need_minutes = sum(need)
    return PlaceCoverage(
        name=str(name), rounds=tuple(str(r.get("name", "")) for r in serving),
        windows=tuple(windows), need_minutes=need_minutes,
        covered_minutes=need_minutes - sum(uncovered), gaps=gaps_of(uncovered),
    )


def coverage(document: dict) -> Coverage:
    """The coverage of each place of `document["diagnosis"]["places"]` by the base rounds
    of `document["intervention"]` (reinforcements are seasonal and left out)."""
    rounds = _rounds(document) if isinstance(document, dict) else []
    places = tuple(
        _place_coverage(place, rounds)
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
    present = [0] * WEEK_MIN
    for round_ in _rounds(document) if isinstance(document, dict) else []:
        for start, length, mediators in _round_slots(round_):
            for minute in range(start, start + length):
                present[minute % WEEK_MIN] += mediators
    need = bytearray(WEEK_MIN)
    diagnosis = document.get("diagnosis") if isinstance(document, dict) else None
    for place in _lists(diagnosis, "places"):
        for window in _lists(place, "need_slots"):
            where = span(window)
            if where:
                _mark(need, *where)
    rows = []
    for d, day in enumerate(DAYS):
        cells = []
        for hour in range(24):
            first = d * DAY_MIN + hour * 60
            cells.append(HourCell(day, hour, max(present[first:first + 60]),
                                  any(need[first:first + 60])))
        rows.append(tuple(cells))
    return WeekGrid(tuple(rows))
