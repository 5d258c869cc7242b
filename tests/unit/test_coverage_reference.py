"""wizard.costing.coverage (intervals) against a straightforward minute-array reference written here:
random slots and need windows, many crossing midnight and Sunday → Monday (Hypothesis)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from wizard.costing.coverage import Interval, coverage, gaps_of, week_grid
from wizard.costing.model import DAYS

DAY, WEEK = 1440, 7 * 1440
PLACE_NAMES = ("Gare", "Parc", "Rue")


# --- the reference: one flag (or one count) per minute of the week -------------------------

def minutes(item):
    """The minutes of a day/start/end dict, None when malformed or of zero length."""
    if not isinstance(item, dict) or item.get("day") not in DAYS:
        return None
    try:
        start = int(item["start"][:2]) * 60 + int(item["start"][3:])
        end = int(item["end"][:2]) * 60 + int(item["end"][3:])
    except (KeyError, TypeError, ValueError):
        return None
    if not (0 <= start < DAY and 0 <= end < DAY) or start == end:
        return None
    first = DAYS.index(item["day"]) * DAY + start
    return [(first + m) % WEEK for m in range((end - start) % DAY)]


def hhmm(minute):
    return f"{minute // 60:02d}:{minute % 60:02d}"


def ref_gaps(flags):
    """Maximal circular runs of set minutes; a run over 24 h is cut at midnights (a run of
    exactly 24 h stays one Interval, its end the same time as its start)."""
    if all(flags):
        runs = [(0, WEEK)]
    else:
        runs, m = [], 0
        while m < WEEK:
            if flags[m] and not flags[m - 1]:  # a run starts here (m - 1 wraps at 0)
                length = 1
                while flags[(m + length) % WEEK]:
                    length += 1
                runs.append((m, length))
            m += 1
        runs.sort()
    out = []
    for start, length in runs:
        while length > 0:
            piece = length if length <= DAY else DAY - start % DAY
            day, minute = divmod(start % WEEK, DAY)
            out.append(Interval(DAYS[day], hhmm(minute), hhmm((minute + piece) % DAY)))
            start, length = start + piece, length - piece
    return tuple(out)


def ref_place(place, rounds):
    covered = [0] * WEEK
    for round_ in rounds:
        if place["name"] in round_["places"]:
            for slot in round_["slots"]:
                if isinstance(slot.get("mediators"), int):
                    for m in minutes(slot) or []:
                        covered[m] = 1
    need, windows = [0] * WEEK, []
    for window in place["need_slots"]:
        own = minutes(window)
        if own is None:
            continue
        flags = [0] * WEEK
        for m in own:
            flags[m] = need[m] = 1
        gap = [f and not c for f, c in zip(flags, covered)]
        windows.append((len(own), len(own) - sum(gap), ref_gaps(gap)))
    uncovered = [n and not c for n, c in zip(need, covered)]
    return sum(need), sum(need) - sum(uncovered), ref_gaps(uncovered), windows


def ref_grid(document):
    present, need = [0] * WEEK, [0] * WEEK
    for round_ in document["intervention"]["rounds"]:
        for slot in round_["slots"]:
            if isinstance(slot.get("mediators"), int):
                for m in minutes(slot) or []:
                    present[m] += slot["mediators"]
    for place in document["diagnosis"]["places"]:
        for window in place["need_slots"]:
            for m in minutes(window) or []:
                need[m] = 1
    return [[(max(present[h * 60:h * 60 + 60]), any(need[h * 60:h * 60 + 60]))
             for h in range(d * 24, d * 24 + 24)] for d in range(7)]


# --- generated documents --------------------------------------------------------------------

# times on the quarter hour or any minute, with midnight, 23:59 and 00:01 often drawn
times = st.one_of(st.sampled_from(["00:00", "00:01", "23:59", "12:00", "22:00", "02:00"]),
                  st.integers(0, DAY - 1).map(hhmm),
                  st.integers(0, 95).map(lambda q: hhmm(q * 15)))
days = st.sampled_from(DAYS)
windows = st.builds(lambda d, s, e: {"day": d, "start": s, "end": e}, days, times, times)
slots = st.builds(lambda d, s, e, n: {"day": d, "start": s, "end": e, "mediators": n},
                  days, times, times, st.integers(-1, 4))
places = st.lists(st.builds(lambda n, w: {"name": n, "need_slots": w},
                            st.sampled_from(PLACE_NAMES), st.lists(windows, max_size=5)),
                  max_size=3)
rounds = st.lists(st.builds(lambda n, p, s: {"name": n, "places": p, "slots": s},
                            st.sampled_from(["A", "B", "C"]),
                            st.lists(st.sampled_from(PLACE_NAMES), max_size=3, unique=True),
                            st.lists(slots, max_size=6)),
                  max_size=4)


@settings(database=None, deadline=None, max_examples=300)
@given(places, rounds)
def test_coverage_matches_the_minute_reference(places, rounds):
    document = {"diagnosis": {"places": places}, "intervention": {"rounds": rounds}}
    result = coverage(document)
    assert len(result.places) == len(places)
    for got, place in zip(result.places, places):
        need, covered, gaps, windows_ = ref_place(place, rounds)
        assert (got.need_minutes, got.covered_minutes, got.gaps) == (need, covered, gaps)
        assert [(w.need_minutes, w.covered_minutes, w.gaps) for w in got.windows] == windows_
    assert result.need_minutes == sum(ref_place(p, rounds)[0] for p in places)


@settings(database=None, deadline=None, max_examples=300)
@given(places, rounds)
def test_week_grid_matches_the_minute_reference(places, rounds):
    document = {"diagnosis": {"places": places}, "intervention": {"rounds": rounds}}
    grid = week_grid(document)
    assert [[(c.mediators, c.need) for c in row] for row in grid.rows] == ref_grid(document)


@settings(database=None, deadline=None, max_examples=200)
@given(st.lists(st.tuples(st.integers(0, WEEK - 1), st.integers(1, 3 * DAY)), max_size=6),
       st.booleans())
def test_gaps_of_matches_the_minute_reference(runs, full):
    flags = bytearray(b"\x01" * WEEK if full else WEEK)
    for start, length in runs:
        for m in range(start, start + length):
            flags[m % WEEK] = 1
    assert gaps_of(flags) == ref_gaps(list(flags))
