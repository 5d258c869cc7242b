"""The year's activity per place (wizard/review/report_places.py, pure)."""

from decimal import Decimal

from wizard.review import report_places as rp

DOC = {"diagnosis": {"places": [{"name": "Place de la gare"}, {"name": "Parc"},
                                {"name": "Parc"}, {"name": ""}]}}


def test_rows_follow_the_dossier_places_then_the_renamed_ones():
    content = {"activity": {"hours": "100", "places": [
        {"place": "Parc", "hours": "40.5", "people": 12},
        {"place": "Ancien marché", "interventions": 3}]}}
    rows = rp.rows(DOC, content)
    assert [r["place"] for r in rows] == ["Place de la gare", "Parc", "Ancien marché"]
    assert rows[1]["hours"] == Decimal("40.5") and rows[1]["people"] == 12
    assert rows[0]["hours"] is None
    assert [r["place"] for r in rp.filled(rows)] == ["Parc", "Ancien marché"]
    assert rp.totals(rows) == {"hours": Decimal("40.5"), "interventions": 3, "people": 12,
                               "orientations": None}
    assert rp.text("hours", Decimal("40.5")) == "40,50" and rp.text("hours", Decimal(12)) == "12"


def test_a_year_total_below_the_sum_of_its_places_is_a_problem():
    content = {"activity": {"hours": "50", "people": 100, "places": [
        {"place": "Place de la gare", "hours": "30", "people": 60},
        {"place": "Parc", "hours": "25", "people": 40}]}}
    assert rp.problems(content, DOC) == [
        ("hours", "La somme des lieux (55) dépasse le total de l'année (50).")]
    # no total: nothing to compare with; no places: nothing either
    assert rp.problems({"activity": {"places": content["activity"]["places"]}}, DOC) == []
    assert rp.problems({"activity": {"hours": "1"}}, DOC) == []
