"""The cerfa 12156*06 budget of a costed dossier: who carries the project (own resources or a
subsidy from the commune), a contractor's price as a service purchase, funders grouped by
category and public/private status, contributions in kind in 86/87, charges = produits, and
the State's share by funder category."""

import copy
import json
from decimal import Decimal
from pathlib import Path

import pytest

from wizard.costing import (
    DEFAULT_PARAMETERS,
    compute,
    document_budgets,
    funder_cap_warnings,
    funder_group,
    parse_costing_input,
    state_shares,
)
from wizard.costing.cerfa import ASP, COMMUNE, OWN_SHARE, PRIVATE_AID, PUBLIC_BODIES

EXAMPLE = json.loads((Path(__file__).parents[1] / "data/costing-example.json")
                     .read_text("utf-8"))["input"]


def document(employer="association", funders=None, in_kind=None):
    doc = copy.deepcopy(EXAMPLE)
    doc["intervention"]["employer"] = employer
    if funders is not None:
        doc["funding"]["funders"] = funders
    if employer == "prestataire":
        doc["funding"]["adultes_relais_posts"] = 0  # the contractor would receive that aid
    doc["funding"]["in_kind"] = in_kind or []
    return doc


def budgets(doc):
    inp = parse_costing_input(doc, DEFAULT_PARAMETERS)
    result = compute(inp)
    return document_budgets(doc, inp, result), result


def lines(sections):
    return {(s.code, s.label): {(x.group, x.label): x.amount for x in s.lines}
            for s in sections}


def test_a_commune_en_regie_balances_with_its_own_resources_not_a_subsidy_to_itself():
    found, result = budgets(document("regie"))
    for budget, year in zip(found, result.years):
        produits = lines(budget.produits)
        assert produits[("", "Ressources propres affectées au projet")] == {
            (None, OWN_SHARE): year.commune_contribution}
        assert all(group != COMMUNE for group, _ in produits[("74", "Subventions d'exploitation")])
        assert budget.total_charges == budget.total_produits == year.total_costs


def test_an_association_receives_the_commune_share_as_a_subsidy():
    found, result = budgets(document("association"))
    produits = lines(found[0].produits)
    assert ("", "Ressources propres affectées au projet") not in produits
    grants = produits[("74", "Subventions d'exploitation")]
    assert grants[(COMMUNE, "Participation de la commune (équilibre du budget)")] == \
        result.years[0].commune_contribution
    assert grants[(ASP, "Aide au poste d'adulte-relais")] == result.years[0].adultes_relais


def test_a_contractor_is_paid_as_a_service_purchase_not_as_salaries():
    found, result = budgets(document("prestataire"))
    for budget, year in zip(found, result.years):
        charges = lines(budget.charges)
        assert charges == {("61", "Services extérieurs"): {
            (None, "Sous-traitance générale"): year.total_costs}}
        assert ("", "Ressources propres affectées au projet") in lines(budget.produits)
        assert budget.total_charges == budget.total_produits == year.total_costs


@pytest.mark.parametrize(("category", "status", "group"), [
    ("bailleur", "public", PUBLIC_BODIES),  # an OPH
    ("bailleur", "prive", PRIVATE_AID),  # an ESH, a SA d'HLM
    ("bailleur", None, PRIVATE_AID),  # public only when said to be an OPH
    ("transport", "public", PUBLIC_BODIES),
    ("transport", "prive", PRIVATE_AID),
    ("transport", None, PRIVATE_AID),
    ("autre", None, PUBLIC_BODIES),
    ("autre", "prive", PRIVATE_AID),
    ("prive", "public", PRIVATE_AID),
    ("etat", "prive", "État"),
    ("commune", None, COMMUNE),
])
def test_funder_groups_follow_category_and_status(category, status, group):
    assert funder_group(category, status) == group


def test_each_funder_is_listed_under_its_group_in_the_budget():
    funders = [
        {"name": "Lille Métropole Habitat", "category": "bailleur", "status": "public",
         "amounts": ["1000", "1000", "1000"]},
        {"name": "Vilogia", "category": "bailleur", "status": "prive",
         "amounts": ["2000", "2000", "2000"]},
        {"name": "Ilévia", "category": "transport", "amounts": ["3000", "3000", "3000"]},
    ]
    found, _ = budgets(document(funders=funders))
    grants = lines(found[0].produits)[("74", "Subventions d'exploitation")]
    assert grants[(PUBLIC_BODIES, "Lille Métropole Habitat")] == Decimal("1000.00")
    assert grants[(PRIVATE_AID, "Vilogia")] == Decimal("2000.00")
    assert grants[(PRIVATE_AID, "Ilévia")] == Decimal("3000.00")


def test_contributions_in_kind_appear_in_86_and_87_outside_the_totals():
    gifts = [{"label": "Local", "partner": "Bailleur social",
              "amounts": ["4800", "0", "5000.50"]},
             {"label": "Véhicule prêté", "amounts": ["1200", "1200", "1200"]}]
    found, result = budgets(document(in_kind=gifts))
    plain, _ = budgets(document())
    first, second, third = found
    assert [(x.label, x.amount) for x in first.in_kind_uses.lines] == [
        ("Mise à disposition gratuite de biens et services — Local (Bailleur social)",
         Decimal("4800.00")),
        ("Mise à disposition gratuite de biens et services — Véhicule prêté",
         Decimal("1200.00"))]
    assert first.in_kind_uses.code == "86" and first.in_kind_resources.code == "87"
    assert [x.label for x in first.in_kind_resources.lines] == [
        "Prestations en nature — Local (Bailleur social)",
        "Prestations en nature — Véhicule prêté"]
    assert second.in_kind_uses.subtotal == Decimal("1200.00")  # a zero year shows no line
    assert third.in_kind_uses.subtotal == third.in_kind_resources.subtotal == Decimal("6200.50")
    for budget, before in zip(found, plain):  # neither the cost nor the balance moves
        assert (budget.total_charges, budget.charges, budget.produits) == \
            (before.total_charges, before.charges, before.produits)
    assert plain[0].in_kind_uses.lines == ()


@pytest.mark.parametrize("employer", ["regie", "association", "gip", "prestataire"])
def test_charges_equal_produits_every_year_even_over_funded(employer):
    rich = [{"name": "FIPD", "category": "etat", "amounts": ["200000", "20000", "0"]}]
    found, result = budgets(document(employer, funders=rich))
    assert result.years[0].commune_contribution < 0
    for budget in found:
        assert budget.total_charges == budget.total_produits
    assert found[0].charges[-1].label == "Excédent prévisionnel (bénéfice)"


def test_the_state_share_and_its_cap_follow_the_category_not_the_name():
    funders = [{"name": "Politique de la ville", "category": "etat",
                "amounts": ["60000", "0", "0"]},
               {"name": "FIPD (fonds du département)", "category": "departement",
                "amounts": ["40000", "40000", "40000"]}]
    doc = document(funders=funders)
    inp = parse_costing_input(doc, DEFAULT_PARAMETERS)
    result = compute(inp)
    [warning] = funder_cap_warnings(result, inp.funding, Decimal("0.5"))
    assert warning.startswith("Année 1 : financements de l'État (FIPD…) 60\u202f000,00\u00a0€")
    shares = state_shares(result, inp.funding)
    assert round(shares[0], 6) == round(Decimal(60000) / result.years[0].total_costs, 6)
    assert shares[1] == 0
