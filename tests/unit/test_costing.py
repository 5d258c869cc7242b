"""The costing rules 1 (docs/costing.md « Rules 1 »: sets published before v2): the v1
example and hand-computed cases, which a dossier pinned to such a set keeps to the cent.
The v2 contract is tested in test_costing_v2.py."""

import copy
import json
from decimal import Decimal
from pathlib import Path

import pytest

from wizard.costing import (
    DEFAULT_PARAMETERS,
    PARAMETER_SPECS,
    CostingInputError,
    Slot,
    cerfa_budget,
    compute,
    cost_document,
    funder_cap_warnings,
    parse_costing_input,
    unit_costs,
    warning_texts,
    weekly_hours,
)
from wizard.costing.cerfa import InKind
from wizard.costing.defaults import COSTING_SPECS_BY_KEY, V2_KEYS

EXAMPLE = Path(__file__).parents[1] / "data/costing-example.json"

# Round numbers so that every expected figure below can be checked by hand:
# g = 10 €/h, M = H / 1000, L = M / 5.
PARAMS = {
    "annual_hours": "1000", "non_field_share": "0", "mediator_gross_annual": "10000",
    "team_leader_gross_annual": "20000", "employer_rate_mediator": "0.1",
    "employer_rate_team_leader": "0.2", "night_start": "21:00", "night_end": "06:00",
    "night_premium": "0.5", "sunday_premium": "0.25", "mediators_per_team_leader": "5",
    "initial_training_cost": "1000", "continuous_training_per_fte": "100",
    "equipment_per_new_mediator": "100", "phone_annual_per_mediator": "10",
    "vehicle_annual_cost": "1000", "overhead_rate": "0.1", "indexation_rate": "0.1",
    "adultes_relais_aid_per_post": "5000", "fipd_max_share": "0.5",
}


def slot(day, start, end, mediators=2):
    return {"day": day, "start": start, "end": end, "mediators": mediators}


def dossier(**changes):
    """Base: 50 weeks of Monday 14–18 in pairs (400 h) + 10 weeks of Saturday 22–02 in pairs."""
    doc = {
        "years": 3,
        "intervention": {
            "weeks_per_year": 50,
            "rounds": [{"name": "Centre", "places": ["Mairie"],
                        "slots": [slot("mon", "14:00", "18:00")]}],
            "reinforcements": [{"label": "Été", "weeks": 10,
                                "slots": [slot("sat", "22:00", "02:00")]}],
            "team_leader_fte": None,
            "new_mediators_to_train": 2,
            "vehicles": 1,
            "other_costs": [
                {"label": "Loyer", "account": "613", "amount": "300", "one_time": False},
                {"label": "Travaux", "account": "606", "amount": "200", "one_time": True},
            ],
        },
        "parameters": {},
        "funding": {"adultes_relais_posts": 1,
                    "funders": [{"name": "FIPD", "category": "etat",
                                 "amounts": ["3000", "3000", "3000"]}]},
    }
    doc.update(changes)
    return doc


# The first published set, as costing v1 published it: explicit rates, no v2 key (nor the
# year-end report's threshold, added since).
V1_SET = {**{k: v for k, v in DEFAULT_PARAMETERS.items()
             if k not in V2_KEYS and k in COSTING_SPECS_BY_KEY},
          "employer_rate_mediator": "0.12", "employer_rate_team_leader": "0.25"}


def cost(doc):
    return cost_document(doc, PARAMS, rules=1)


def problems(doc, defaults=PARAMS):
    with pytest.raises(CostingInputError) as caught:
        parse_costing_input(doc, defaults, rules=1)
    return caught.value.problems


def v1_view(output: dict, expected: dict) -> dict:
    """`output` restricted to the keys of a v1 output `expected` (v2 added keys)."""
    view = {key: output[key] for key in expected}
    view["years"] = [{key: year[key] for key in old}
                     for year, old in zip(output["years"], expected["years"])]
    return view


def money(result, year, key):
    y = result.years[year - 1]
    return y.lines[key] if key in y.lines else getattr(y, key)


def test_v1_example_to_the_cent_under_rules_1():
    example = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    output = cost_document(example["input"], V1_SET, rules=1).to_json()
    assert v1_view(output, example["expected"]) == example["expected"]
    assert output["warnings"] == [] and output["employer"] == "association"
    # v2 on the same input: premiums on paid hours, an indexed aid
    v2 = cost_document(example["input"], {**V1_SET, **{k: DEFAULT_PARAMETERS[k] for k in V2_KEYS}})
    assert v2.years[0].lines["mediator_premiums"] == Decimal("309.89")
    assert [y.adultes_relais for y in v2.years] == [Decimal("46000.00"), Decimal("46920.00"),
                                                   Decimal("47858.40")]


def test_rules_1_set_without_explicit_rates_needs_the_v2_rates():
    values = {k: v for k, v in PARAMS.items() if k != "employer_rate_mediator"}
    assert "parameters.employer_rate_private" in dict(problems(dossier(), values))


def test_hand_computed_three_years():
    result = cost(dossier())
    # H = 50 × 8 + 10 × 8 = 480; N = 10 × 4 × 2 = 80; S (Sat 22–Sun 02) = 10 × 2 × 2 = 40
    assert (result.presence_hours, result.night_hours, result.sunday_hours) == (480, 80, 40)
    assert result.mediator_fte == Decimal("0.48")
    assert result.mediator_headcount == 1
    assert result.team_leader_fte == Decimal("0.096")
    expected = {
        1: {"mediator_salaries": "4800.00", "mediator_premiums": "500.00",
            "mediator_employer_contributions": "530.00", "team_leader_salaries": "1920.00",
            "team_leader_employer_contributions": "384.00", "training": "2057.60",
            "equipment": "110.00", "vehicles": "1000.00", "other_costs": "500.00",
            "direct_costs": "11801.60", "overhead": "1180.16", "total_costs": "12981.76",
            "adultes_relais": "5000.00", "commune_contribution": "4981.76"},
        2: {"mediator_salaries": "5280.00", "mediator_premiums": "550.00",
            "mediator_employer_contributions": "583.00", "team_leader_salaries": "2112.00",
            "team_leader_employer_contributions": "422.40", "training": "57.60",
            "equipment": "10.00", "vehicles": "1000.00", "other_costs": "300.00",
            "direct_costs": "10315.00", "overhead": "1031.50", "total_costs": "11346.50",
            "adultes_relais": "5000.00", "commune_contribution": "3346.50"},
        3: {"mediator_salaries": "5808.00", "mediator_premiums": "605.00",
            "mediator_employer_contributions": "641.30", "team_leader_salaries": "2323.20",
            "team_leader_employer_contributions": "464.64", "training": "57.60",
            "equipment": "10.00", "vehicles": "1000.00", "other_costs": "300.00",
            "direct_costs": "11209.74", "overhead": "1120.97", "total_costs": "12330.71",
            "adultes_relais": "5000.00", "commune_contribution": "4330.71"},
    }
    for year, figures in expected.items():
        for key, value in figures.items():
            assert money(result, year, key) == Decimal(value), (year, key)
    # a pair at once for a single post
    assert [w.code for w in result.warnings] == ["peak_over_posts"]


def test_night_slot_across_midnight():
    hours = weekly_hours([Slot("mon", 22 * 60, 2 * 60, 1)])
    assert (hours.presence, hours.night, hours.sunday) == (4, 4, 0)
    # 20:00–23:00: two hours after 21:00; 05:00–07:00: one hour before 06:00
    assert weekly_hours([Slot("tue", 20 * 60, 23 * 60, 2)]).night == 4
    assert weekly_hours([Slot("wed", 5 * 60, 7 * 60, 1)]).night == 1
    assert weekly_hours([Slot("thu", 8 * 60, 20 * 60, 1)]).night == 0


def test_sunday_night_gets_both_premiums_on_the_sunday_part():
    hours = weekly_hours([Slot("sat", 22 * 60, 2 * 60, 2)])
    assert (hours.presence, hours.night, hours.sunday) == (8, 8, 4)
    # A Sunday-evening slot stops being Sunday at midnight.
    assert weekly_hours([Slot("sun", 22 * 60, 2 * 60, 1)]).sunday == 2
    doc = dossier(years=1, funding={})
    doc["intervention"].update(weeks_per_year=1, reinforcements=[],
                               rounds=[{"name": "Nuit", "places": [],
                                        "slots": [slot("sat", "22:00", "02:00")]}])
    # (N × 0.5 + S × 0.25) × g = (8 × 0.5 + 4 × 0.25) × 10
    assert money(cost(doc), 1, "mediator_premiums") == Decimal("50.00")


def test_reinforcements_add_their_weeks():
    doc = dossier()
    doc["intervention"]["reinforcements"].append(
        {"label": "Marché de Noël", "weeks": 4, "slots": [slot("wed", "10:00", "15:00", 4)]})
    assert cost(doc).presence_hours == 480 + 4 * 5 * 4
    doc["intervention"]["reinforcements"] = []
    assert cost(doc).presence_hours == 400


def test_team_leader_override():
    doc = dossier()
    doc["intervention"]["team_leader_fte"] = "0.5"
    result = cost(doc)
    assert result.team_leader_fte == Decimal("0.5")
    assert money(result, 1, "team_leader_salaries") == Decimal("10000.00")
    assert money(result, 1, "team_leader_employer_contributions") == Decimal("2000.00")
    assert money(result, 1, "training") == Decimal("2098.00")  # 2000 + (0.48 + 0.5) × 100


def test_one_time_costs_in_year_one_only():
    result = cost(dossier())
    assert [y.lines["other_costs"] for y in result.years] == [500, 300, 300]
    assert [y.lines["equipment"] for y in result.years] == [110, 10, 10]
    assert [y.lines["training"] for y in result.years] == [Decimal("2057.60"),
                                                          Decimal("57.60"), Decimal("57.60")]


def test_indexation_applies_from_year_two_to_pay_only():
    result = cost(dossier())
    salaries = [y.lines["mediator_salaries"] for y in result.years]
    assert salaries == [Decimal("4800.00"), Decimal("5280.00"), Decimal("5808.00")]
    assert {y.lines["vehicles"] for y in result.years} == {Decimal("1000.00")}
    assert {y.adultes_relais for y in result.years} == {Decimal("5000.00")}


def test_lines_round_half_up_to_the_cent():
    doc = dossier(years=1, funding={})
    doc["intervention"].update(rounds=[], reinforcements=[], vehicles=0,
                               new_mediators_to_train=0,
                               other_costs=[{"label": "Affiches", "account": "623",
                                             "amount": "0.25"}])
    year = cost(doc).years[0]
    assert year.overhead == Decimal("0.03")  # 0.025 → 0.03, not 0.02
    assert year.total_costs == Decimal("0.28")


def test_over_funding_gives_negative_contribution_and_warning():
    doc = dossier()
    doc["funding"]["funders"][0]["amounts"] = ["20000", "3000", "3000"]
    result = cost(doc)
    assert result.years[0].commune_contribution == Decimal("12981.76") - 5000 - 20000
    assert [(w.code, w.year) for w in result.warnings] == [("peak_over_posts", None),
                                                            ("over_funded", 1)]
    assert warning_texts(result)[1].startswith("Année 1 : les financements dépassent")
    assert result.to_json()["warnings"][1] == {"code": "over_funded", "year": 1}
    assert [w["code"] for w in cost(dossier()).to_json()["warnings"]] == ["peak_over_posts"]


def test_adultes_relais_posts_above_headcount_refused():
    doc = dossier()
    doc["funding"]["adultes_relais_posts"] = 2  # one mediator post only
    assert [path for path, _ in problems(doc)] == ["funding.adultes_relais_posts"]


def test_start_equal_to_end_refused():
    doc = dossier()
    doc["intervention"]["rounds"][0]["slots"][0]["end"] = "14:00"
    assert problems(doc) == [(
        "intervention.rounds[0].slots[0].end",
        "la fin est égale au début (14:00) : créneau de durée nulle",
    )]


def test_all_problems_are_collected_with_their_paths():
    doc = dossier(years=4)
    iv = doc["intervention"]
    iv["rounds"][0]["slots"] = [slot("lun", "25:00", "18:00", 21)]
    iv["weeks_per_year"] = 0
    iv["other_costs"][0]["amount"] = "-5"
    doc["parameters"] = {"unknown": "1", "overhead_rate": "1.5", "night_end": "6h"}
    found = dict(problems(doc))
    assert found["intervention.rounds[0].slots[0].start"] == (
        "heure invalide « 25:00 », format attendu HH:MM")
    assert set(found) == {
        "years", "intervention.weeks_per_year", "intervention.rounds[0].slots[0].day",
        "intervention.rounds[0].slots[0].start", "intervention.rounds[0].slots[0].mediators",
        "intervention.other_costs[0].amount", "parameters.unknown",
        "parameters.overhead_rate", "parameters.night_end",
    }


def test_funder_amounts_one_per_year():
    doc = dossier()
    doc["funding"]["funders"][0]["amounts"] = ["1", "2"]
    assert [p for p, _ in problems(doc)] == ["funding.funders[0].amounts"]


def test_missing_optional_keys_have_defaults():
    doc = {"years": 1, "intervention": {"weeks_per_year": 47, "rounds": []}}
    result = cost(doc)
    assert result.mediator_headcount == 0 and result.years[0].total_costs == 0


def test_v1_parameters_are_the_specs_less_the_v2_keys():
    keys = {spec.key for spec in PARAMETER_SPECS if spec.scope == "costing"}
    assert keys - V2_KEYS == set(PARAMS) == set(V1_SET)
    parse_costing_input(dossier(), V1_SET, rules=1)  # a v1 set passes the bounds


def test_unit_costs_and_fipd_cap():
    result = cost(dossier())
    first = unit_costs(result, 1000)[0]
    assert first.per_presence_hour == Decimal("27.05")  # 12981.76 / 480
    assert first.per_mediator_fte == Decimal("27045.33")  # 12981.76 / 0.48
    assert first.per_inhabitant == Decimal("12.98")
    assert unit_costs(result, 0)[0].per_inhabitant is None
    funding = parse_costing_input(dossier(), PARAMS, rules=1).funding
    assert funder_cap_warnings(result, funding, Decimal("0.5")) == []
    assert len(funder_cap_warnings(result, funding, Decimal("0.2"))) == 3


def test_cerfa_budget_balances():
    doc = dossier()
    doc["funding"]["funders"].append(
        {"name": "Bailleur", "category": "bailleur", "amounts": ["1000", "1000", "1000"]})
    inp = parse_costing_input(doc, PARAMS, rules=1)
    result = compute(inp)
    gifts = [InKind("Local prêté", "mise_a_disposition", Decimal("1200"))]
    budget = cerfa_budget(result.years[0], inp.funding, inp.intervention.other_costs, gifts)
    assert budget.total_charges == budget.total_produits == result.years[0].total_costs
    sections = {s.code + s.label: {line.label: line.amount for line in s.lines}
                for s in budget.charges}
    assert sections["64Charges de personnel"] == {
        "Rémunération des personnels": Decimal("7220.00"),
        "Charges sociales": Decimal("914.00"),
    }
    assert sections["61Services extérieurs"] == {"Locations": Decimal("1300.00")}
    assert sections["60Achats"] == {"Achats matières et fournitures": Decimal("310.00")}
    grants = budget.produits[0].lines
    assert [line.group for line in grants] == [
        "État", "Commune(s)", "L'agence de services et de paiement (emplois aidés)",
        "Aides privées (fondation)"]  # a social landlord not said to be an OPH is private
    assert budget.in_kind_uses.subtotal == budget.in_kind_resources.subtotal == 1200


def test_cerfa_over_funded_year_shows_a_surplus():
    doc = copy.deepcopy(dossier())
    doc["funding"]["funders"][0]["amounts"] = ["20000", "3000", "3000"]
    inp = parse_costing_input(doc, PARAMS, rules=1)
    budget = cerfa_budget(compute(inp).years[0], inp.funding, inp.intervention.other_costs)
    assert budget.total_charges == budget.total_produits == Decimal("25000.00")
    assert budget.charges[-1].label == "Excédent prévisionnel (bénéfice)"
