"""The costing contract v2 (docs/costing.md): the four worked examples through the Python
API, employer rates and the RGDU, the adultes-relais aid and its cap, recruitment months,
the contractor, contributions in kind, peak staffing, the QPV share and the warnings."""

import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from wizard.costing import (
    DEFAULT_PARAMETERS,
    PARAMETER_SPECS,
    CostingInputError,
    Pinned,
    Slot,
    cost_document,
    parse_costing_input,
    warning_text,
    warning_texts,
)
from wizard.costing.checks import peak_of, rounded_share
from wizard.costing.rates import rgdu_coefficient

EXAMPLES = json.loads((Path(__file__).parents[1] / "data/costing-examples.json")
                      .read_text(encoding="utf-8"))["examples"]
ZERO = Decimal("0")


def example(start: str) -> dict:
    """A fresh copy of the input of the example whose name starts with `start`."""
    return json.loads(json.dumps(next(e for e in EXAMPLES if e["name"].startswith(start))))


def association() -> dict:
    return example("association")["input"]


def slot(day, start, end, mediators=2):
    return {"day": day, "start": start, "end": end, "mediators": mediators}


def problems(doc) -> dict:
    with pytest.raises(CostingInputError) as caught:
        parse_costing_input(doc, DEFAULT_PARAMETERS)
    return dict(caught.value.problems)


@pytest.mark.parametrize("index", range(len(EXAMPLES)), ids=[e["name"] for e in EXAMPLES])
def test_examples_to_the_cent(index):
    assert cost_document(EXAMPLES[index]["input"]).to_json() == EXAMPLES[index]["expected"]


def test_association_intermediate_figures():
    result = cost_document(association())
    assert result.presence_hours == 2948 and result.night_hours == 96
    assert result.rgdu_coefficient_mediator == Decimal("0.3264")
    assert result.employer_rate_mediator == Decimal("0.1236")
    assert result.rgdu_coefficient_team_leader == Decimal("0.1716")
    year1 = result.years[0]
    assert year1.adultes_relais == Decimal("34500.00")  # 2 × 23 000 × 9/12
    assert year1.in_kind_contributions == Decimal("3000.00")
    assert not year1.aid_capped


# --- RGDU coefficient ---------------------------------------------------------------

def parameters(**changes):
    doc = association()
    doc["parameters"].update(changes)
    return parse_costing_input(doc, DEFAULT_PARAMETERS).parameters


@pytest.mark.parametrize("pay, expected", [
    ("65629.08", "0"),      # exactly 3 SMIC: no reduction
    ("90000", "0"),         # above 3 SMIC
    ("21876.36", "0.3973"),  # at the SMIC: Tmin + Tdelta
    ("15000", "0.3973"),     # below the SMIC: capped at the maximum
    ("30000", "0.1716"),
    ("65000", "0.0200"),     # just below 3 SMIC: about Tmin
])
def test_rgdu_coefficient_edges(pay, expected):
    assert rgdu_coefficient(Decimal(pay), parameters()) == Decimal(expected)


def test_rate_never_negative_and_explicit_rates_win():
    doc = association()
    doc["parameters"].update(employer_rate_private="0.30")  # less than the maximum 0.3973
    doc["parameters"].update(mediator_gross_annual="21876.36", night_premium="0")
    result = cost_document(doc)
    assert result.employer_rate_mediator == ZERO
    assert result.rgdu_coefficient_mediator == Decimal("0.3973")
    doc["parameters"]["employer_rate_team_leader"] = "0.33"
    result = cost_document(doc)
    assert result.employer_rate_team_leader == Decimal("0.33")
    assert result.rgdu_coefficient_team_leader == ZERO
    assert result.employer_rate_mediator == ZERO  # the other rate stays derived


@pytest.mark.parametrize("employer, rate", [("regie", "0.40"), ("gip", "0.1236"),
                                            ("association", "0.1236")])
def test_employer_chooses_the_rate(employer, rate):
    doc = association()
    doc["intervention"]["employer"] = employer
    assert cost_document(doc).employer_rate_mediator == Decimal(rate)


def test_absent_employer_is_an_association():
    doc = association()
    del doc["intervention"]["employer"]
    assert cost_document(doc).employer == "association"


# --- adultes-relais aid -----------------------------------------------------------

def test_aid_covers_at_most_the_fte_and_is_capped_at_its_pay_cost():
    doc = association()
    doc["intervention"]["recruitment_months"] = 0
    doc["funding"]["adultes_relais_posts"] = 3  # 3 posts for M = 2.158… FTE
    result = cost_document(doc)
    m = result.mediator_fte
    assert result.years[0].adultes_relais == (m * 23000).quantize(Decimal("0.01"))
    doc["parameters"]["adultes_relais_aid_per_post"] = "40000"  # more than the pay cost
    result = cost_document(doc)
    year1 = result.years[0].lines
    pay = (year1["mediator_salaries"] + year1["mediator_premiums"]
           + year1["mediator_employer_contributions"])
    assert abs(result.years[0].adultes_relais - pay) <= Decimal("0.02")
    assert [w.to_json() for w in result.warnings if w.code == "aid_capped"] == [
        {"code": "aid_capped", "year": 1}, {"code": "aid_capped", "year": 2},
        {"code": "aid_capped", "year": 3}]
    assert "plafonnée" in warning_text("aid_capped", 1, result)


def test_recruitment_months_scale_year_one_only():
    doc = association()
    doc["intervention"]["recruitment_months"] = 6
    y1, y2 = cost_document(doc).years[:2]
    assert y1.lines["vehicles"] == Decimal("3000.00")
    assert y1.lines["other_costs"] == Decimal("7300.00")  # never scaled
    assert y1.lines["equipment"] == Decimal("1800.00") + Decimal("540.00")
    assert y2.lines["vehicles"] == Decimal("6000.00")


def test_in_kind_changes_neither_total_nor_balance():
    doc = association()
    with_gift = cost_document(doc)
    doc["funding"]["in_kind"] = []
    without = cost_document(doc)
    assert [y.total_costs for y in with_gift.years] == [y.total_costs for y in without.years]
    assert [y.commune_contribution for y in with_gift.years] == [
        y.commune_contribution for y in without.years]
    assert [y.in_kind_contributions for y in without.years] == [ZERO] * 3


# --- peak staffing ----------------------------------------------------------------

def test_peak_over_sunday_midnight_continues_on_monday():
    sunday_night = Slot("sun", 22 * 60, 2 * 60, 2)
    monday_early = Slot("mon", 60, 3 * 60, 3)
    assert peak_of([sunday_night, monday_early]) == 5
    assert peak_of([sunday_night, Slot("mon", 2 * 60, 4 * 60, 3)]) == 3  # touching


def test_touching_slots_do_not_overlap():
    assert peak_of([Slot("fri", 14 * 60, 20 * 60, 2), Slot("fri", 20 * 60, 0, 2)]) == 2
    assert peak_of([Slot("fri", 14 * 60, 20 * 60, 2), Slot("fri", 19 * 60, 0, 2)]) == 4
    assert peak_of([]) == 0


def test_peak_takes_each_reinforcement_in_turn_and_skips_zero_weeks():
    doc = association()
    iv = doc["intervention"]
    iv["reinforcements"] = [
        {"label": "A", "weeks": 2, "slots": [slot("mon", "15:00", "16:00", 2)]},
        {"label": "B", "weeks": 2, "slots": [slot("mon", "15:30", "16:30", 2)]},
        {"label": "C", "weeks": 0, "slots": [slot("mon", "15:00", "16:00", 8)]},
    ]
    result = cost_document(doc)
    assert result.peak_mediators == 4  # 2 + A, or 2 + B, never A + B nor C
    assert "peak_over_posts" in {w.code for w in result.warnings}


# --- QPV share --------------------------------------------------------------------

@pytest.mark.parametrize("diagnosis", [None, {}, {"places": []}, {"places": "x"}])
def test_qpv_share_is_null_without_places(diagnosis):
    doc = association()
    if diagnosis is None:
        del doc["diagnosis"]
    else:
        doc["diagnosis"] = diagnosis
    result = cost_document(doc)
    assert result.qpv_share is None
    assert result.to_json()["qpv_share"] is None
    assert "adultes_relais_outside_qpv" not in {w.code for w in result.warnings}


def test_qpv_share_is_null_without_presence():
    doc = association()
    doc["intervention"].update(rounds=[], reinforcements=[])
    doc["funding"]["adultes_relais_posts"] = 0
    assert cost_document(doc).qpv_share is None


def test_qpv_share_rules():
    doc = association()
    places = doc["diagnosis"]["places"]
    places.append({"name": "Place de la gare", "qpv": True})  # listed twice: QPV if any says so
    assert cost_document(doc).qpv_share == Decimal("0.9566")  # 2820 / 2948
    del places[1]["qpv"]  # missing qpv: no
    places.pop()
    assert cost_document(doc).qpv_share == ZERO
    doc["diagnosis"]["places"] = [{"name": "Ailleurs", "qpv": True}]  # round's places not found
    assert cost_document(doc).qpv_share == ZERO


def test_rounded_share_is_half_up_and_exact():
    assert rounded_share(Fraction(1, 8)) == Decimal("0.1250")
    assert rounded_share(Fraction(12345, 100000)) == Decimal("0.1235")
    assert rounded_share(Fraction(1, 3)) == Decimal("0.3333")


def test_outside_qpv_compares_exact_values():
    doc = association()
    doc["intervention"]["reinforcements"] = []
    doc["diagnosis"]["places"] = [{"name": "Place de la gare", "qpv": True},
                                  {"name": "Parc municipal", "qpv": True}]
    assert cost_document(doc).qpv_share == 1
    assert "adultes_relais_outside_qpv" not in {w.code for w in cost_document(doc).warnings}


# --- warnings ---------------------------------------------------------------------

def test_warnings_in_code_then_year_order_with_french_texts():
    doc = association()
    doc["parameters"]["mediator_gross_annual"] = "20000"  # below the SMIC
    doc["intervention"]["reinforcements"][0]["slots"].append(slot("fri", "19:00", "21:00", 4))
    doc["funding"]["funders"][0]["amounts"] = ["90000", "90000", "1"]
    result = cost_document(doc)
    assert [w.to_json() for w in result.warnings] == [
        {"code": "salary_below_smic", "year": None},
        {"code": "peak_over_posts", "year": None},
        {"code": "adultes_relais_outside_qpv", "year": None},
        {"code": "aid_capped", "year": 1},  # 20 000 € of pay cost less than the aid
        {"code": "aid_capped", "year": 2},
        {"code": "aid_capped", "year": 3},
        {"code": "over_funded", "year": 1},
        {"code": "over_funded", "year": 2},
    ]
    texts = warning_texts(result)
    assert texts[0].startswith("Un salaire brut annuel prévu")
    assert texts[1].startswith("Jusqu'à 6 médiateurs sont présents en même temps pour 3 postes")
    assert texts[3].startswith("Année 1 : l'aide aux postes d'adultes-relais est plafonnée")
    assert texts[6].startswith("Année 1 : les financements dépassent le coût total")


def test_team_leader_below_smic_warns_only_with_team_leaders():
    doc = association()
    doc["parameters"]["team_leader_gross_annual"] = "20000"
    assert cost_document(doc).warnings[0].code == "salary_below_smic"
    doc["intervention"]["team_leader_fte"] = 0
    assert "salary_below_smic" not in {w.code for w in cost_document(doc).warnings}


# --- input ------------------------------------------------------------------------

def test_json_numbers_are_read_from_their_decimal_text():
    doc = association()
    doc["parameters"]["mediator_gross_annual"] = 23500
    doc["funding"]["in_kind"][0]["amounts"] = [4800.1, 4800.1, 4800.1]
    result = cost_document(doc)
    assert result.to_json() != example("association")["expected"]
    assert result.years[0].in_kind_contributions == Decimal("4800.10")


def test_invalid_v2_inputs_name_their_paths():
    doc = association()
    doc["intervention"]["employer"] = 3
    doc["intervention"]["recruitment_months"] = 12
    doc["funding"]["in_kind"][0]["amounts"] = ["1", "2.555", "3"]
    found = problems(doc)
    assert found["intervention.employer"].startswith("employeur inconnu « 3 »")
    assert "intervention.recruitment_months" in found
    assert found["funding.in_kind[0].amounts[1]"] == "montant « 2.555 » : au plus 2 décimales"


def test_defaults_have_year_status_and_source():
    for spec in PARAMETER_SPECS:
        assert spec.status in {"confirmed", "second-hand", "estimate"}, spec.key
        # a rule of the mission has no address: its source is the mission's choice
        assert spec.source_title and (spec.source_url.startswith("https://") or (
            spec.scope == "report" and spec.status == "confirmed")), spec.key
        assert 2023 <= spec.year <= 2026
    optional = {spec.key for spec in PARAMETER_SPECS if spec.optional}
    assert optional == {"employer_rate_mediator", "employer_rate_team_leader"}
    assert not optional & set(DEFAULT_PARAMETERS)
    assert DEFAULT_PARAMETERS["paid_hours_annual"] == "1820"
    assert DEFAULT_PARAMETERS["smic_annual"] == "21876.36"
    doc = association()
    del doc["parameters"]
    cost_document(doc)  # the defaults pass their own bounds


def test_pinned_carries_its_rules():
    doc = association()
    doc["parameters"] = {}
    v2 = cost_document(doc, Pinned(dict(DEFAULT_PARAMETERS), "2026-v2"))
    v1_values = {**DEFAULT_PARAMETERS, "employer_rate_mediator": "0.12",
                 "employer_rate_team_leader": "0.25"}
    del v1_values["paid_hours_annual"]
    v1 = cost_document(doc, Pinned(v1_values, "2026-v1", costing_version=1))
    # rules 1: flat aid per post, whatever the months of recruitment
    assert [y.adultes_relais for y in v1.years] == [Decimal("46522.00")] * 3
    assert v2.years[0].adultes_relais < v1.years[0].adultes_relais
    with pytest.raises(CostingInputError):  # rules 2 need the paid hours
        cost_document(doc, Pinned(v1_values, "2026-v1", costing_version=2))
