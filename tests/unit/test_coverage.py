"""wizard.costing.coverage: need windows of the diagnosis places against the rounds' slots,
hand-computed on a minute timeline of the week (wrapping Sunday → Monday)."""

from decimal import Decimal

from wizard.costing.coverage import Interval, coverage, duration_label, week_grid


def slot(day, start, end, mediators=2):
    return {"day": day, "start": start, "end": end, "mediators": mediators}


def need(day, start, end):
    return {"day": day, "start": start, "end": end}


def document(places, rounds):
    return {"diagnosis": {"places": places}, "intervention": {"rounds": rounds}}


def place(name, *windows):
    return {"name": name, "need_slots": list(windows)}


def round_(name, places, *slots):
    return {"name": name, "places": list(places), "slots": list(slots)}


def test_evening_need_half_covered_by_an_afternoon_slot():
    doc = document([place("Gare", need("fri", "18:00", "23:00"))],
                   [round_("Centre", ["Gare"], slot("fri", "14:00", "20:00"))])
    result = coverage(doc)
    gare = result.places[0]
    assert (gare.need_minutes, gare.covered_minutes) == (300, 120)  # 2 h of 5
    assert gare.share == Decimal("0.4") and result.percent == 40
    assert gare.gaps == (("fri", "20:00", "23:00"),)
    assert gare.gaps[0].label == "vendredi 20:00–23:00"
    assert gare.rounds == ("Centre",)
    assert result.summary == "40\u00a0% des heures de besoin couvertes"
    window = gare.windows[0]
    assert window.window == Interval("fri", "18:00", "23:00")
    assert (window.need_minutes, window.covered_minutes) == (300, 120)


def test_windows_crossing_midnight():
    doc = document([place("Parc", need("sat", "22:00", "02:00"))],
                   [round_("Nuit", ["Parc"], slot("sat", "21:00", "01:00"))])
    parc = coverage(doc).places[0]
    assert (parc.need_minutes, parc.covered_minutes) == (240, 180)  # 3 of 4 hours
    assert parc.share == Decimal("0.75")
    assert parc.gaps == (("sun", "01:00", "02:00"),)


def test_overlapping_rounds_do_not_count_twice():
    doc = document([place("Gare", need("fri", "18:00", "23:00"))], [
        round_("A", ["Gare"], slot("fri", "17:00", "21:00")),
        round_("B", ["Gare"], slot("fri", "19:00", "23:00"), slot("fri", "19:30", "20:00", 4)),
    ])
    gare = coverage(doc).places[0]
    assert (gare.need_minutes, gare.covered_minutes) == (300, 300)
    assert gare.gaps == () and coverage(doc).percent == 100


def test_overlapping_need_windows_count_once_in_the_totals():
    doc = document([place("Gare", need("fri", "18:00", "22:00"), need("fri", "20:00", "23:00"))],
                   [round_("A", ["Gare"], slot("fri", "18:00", "21:00"))])
    gare = coverage(doc).places[0]
    assert (gare.need_minutes, gare.covered_minutes) == (300, 180)
    assert [w.covered_minutes for w in gare.windows] == [180, 60]
    assert gare.gaps == (("fri", "21:00", "23:00"),)


def test_a_round_covers_only_its_own_places_and_each_of_them():
    doc = document(
        [place("Gare", need("mon", "10:00", "12:00")), place("Parc", need("mon", "10:00", "12:00")),
         place("Rue", need("mon", "10:00", "12:00"))],
        [round_("A", ["Gare", "Parc"], slot("mon", "10:00", "11:00"))],
    )
    gare, parc, rue = coverage(doc).places
    assert gare.covered_minutes == parc.covered_minutes == 60  # one slot counts for each
    assert rue.covered_minutes == 0 and rue.rounds == ()
    assert rue.gaps == (("mon", "10:00", "12:00"),)
    result = coverage(doc)
    assert (result.need_minutes, result.covered_minutes) == (360, 120)
    assert result.percent == 33  # 33.3 % rounded down


def test_sunday_night_wraps_into_monday():
    doc = document([place("Gare", need("sun", "23:00", "01:00"))],
                   [round_("A", ["Gare"], slot("mon", "00:00", "00:30"))])
    gare = coverage(doc).places[0]
    assert (gare.need_minutes, gare.covered_minutes) == (120, 30)
    assert gare.gaps == (("mon", "00:30", "01:00"), ("sun", "23:00", "00:00"))
    assert gare.gaps[1].label == "dimanche 23:00–24:00"
    # a slot on Sunday evening covers the Monday morning part of the need
    doc = document([place("Gare", need("mon", "00:00", "02:00"))],
                   [round_("A", ["Gare"], slot("sun", "22:00", "01:00"))])
    gare = coverage(doc).places[0]
    assert gare.covered_minutes == 60 and gare.gaps == (("mon", "01:00", "02:00"),)


def test_an_uncovered_gap_across_the_wrap_is_one_interval():
    doc = document([place("Gare", need("sun", "22:00", "02:00"))], [])
    assert coverage(doc).places[0].gaps == (("sun", "22:00", "02:00"),)


def test_a_gap_over_a_day_is_cut_at_midnight():
    doc = document([place("Gare", need("mon", "12:00", "00:00"), need("tue", "00:00", "23:59"),
                          need("tue", "23:59", "06:00"))], [])
    gaps = coverage(doc).places[0].gaps
    assert gaps == (("mon", "12:00", "00:00"), ("tue", "00:00", "00:00"),
                    ("wed", "00:00", "06:00"))
    assert gaps[1].label == "mardi 00:00–24:00"


def test_no_need_gives_no_share():
    rounds = [round_("A", ["Gare"], slot("mon", "10:00", "12:00"))]
    result = coverage(document([place("Gare")], rounds))
    assert result.share is None and result.percent is None
    assert result.summary == "Aucun besoin horaire renseigné"
    assert result.places[0].share is None
    assert coverage({}).places == () and coverage({}).summary == "Aucun besoin horaire renseigné"


def test_malformed_entries_are_skipped():
    doc = document([place("Gare", need("fri", "18:00", "18:00"), need("xyz", "10:00", "11:00"),
                          need("fri", "25:00", "26:00"), need("fri", "10:00", "11:00"))],
                   [round_("A", ["Gare"], slot("fri", "10:00", "10:00"),
                           slot("fri", "10:00", "12:00", "2")), "not a round"])
    gare = coverage(doc).places[0]
    assert (gare.need_minutes, gare.covered_minutes) == (60, 0)


def test_week_grid_peaks_and_needs():
    doc = document([place("Gare", need("fri", "15:30", "16:00"), need("sun", "23:30", "00:30"))], [
        round_("A", ["Gare"], slot("fri", "14:30", "16:00")),
        round_("B", [], slot("fri", "15:00", "17:00"), slot("fri", "15:00", "15:30", 1)),
    ])
    grid = week_grid(doc)
    assert len(grid.rows) == 7 and all(len(row) == 24 for row in grid.rows)
    assert [grid.cell("fri", h).mediators for h in (13, 14, 15, 16, 17)] == [0, 2, 5, 2, 0]
    assert grid.max_mediators == 5
    assert grid.cell("fri", 15).need and not grid.cell("fri", 14).need
    assert grid.cell("sun", 23).need and grid.cell("mon", 0).need  # across the wrap
    assert grid.cell("fri", 15).day == "fri" and grid.cell("fri", 15).hour == 15
    assert week_grid({}).max_mediators == 0


def test_duration_label():
    assert [duration_label(m) for m in (0, 45, 60, 150, 300)] == [
        "0 h", "45 min", "1 h", "2 h 30", "5 h"]
