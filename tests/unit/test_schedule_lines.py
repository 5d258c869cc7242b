"""The recap's and the PDF's schedule lines: the editor's rows in words."""

from wizard.steps.schedule import days_text, schedule_lines


def test_days_in_words():
    assert days_text(["fri"]) == "Vendredi"
    assert days_text(["sat", "fri"]) == "Vendredi et samedi"
    assert days_text(["mon", "wed", "fri"]) == "Lundi, mercredi et vendredi"
    assert days_text(["sat", "tue", "wed", "thu", "fri"]) == "Du mardi au samedi"
    assert days_text(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]) == "Tous les jours"
    assert days_text(["sun", "mon"]) == "Lundi et dimanche"  # the week starts on Monday
    assert days_text([]) == ""


def test_one_line_per_row_of_the_editor():
    slots = [{"day": d, "start": "16:00", "end": "23:00", "mediators": 2}
             for d in ("tue", "wed", "thu", "fri", "sat")]
    slots += [{"day": "sat", "start": "22:00", "end": "02:00", "mediators": 3},
              {"day": "sun", "start": "14:00", "end": "18:00", "mediators": 1}]
    assert schedule_lines(slots, mediators=True) == [
        "Du mardi au samedi 16:00–23:00 — 2 médiateurs",
        "Samedi 22:00–02:00 (fin le lendemain) — 3 médiateurs",
        "Dimanche 14:00–18:00 — 1 médiateur",
    ]


def test_same_hours_with_other_mediators_stay_apart():
    slots = [{"day": "fri", "start": "18:00", "end": "23:00", "mediators": 2},
             {"day": "sat", "start": "18:00", "end": "23:00", "mediators": 4}]
    assert schedule_lines(slots, mediators=True) == [
        "Vendredi 18:00–23:00 — 2 médiateurs", "Samedi 18:00–23:00 — 4 médiateurs"]
    assert schedule_lines([{"day": "fri", "start": "18:00", "end": "23:00"},
                           {"day": "sat", "start": "18:00", "end": "23:00"}]) == [
        "Vendredi et samedi 18:00–23:00"]
    assert schedule_lines([]) == [] and schedule_lines(None) == []
