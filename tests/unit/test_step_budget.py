"""Step « Budget et financement », the funder lines added from a partner marked « financier »:
they keep their origin (`funding.funders[].suggestion`) across saves and renames."""

import copy

import pytest
from werkzeug.datastructures import MultiDict

from wizard.costing import Pinned
from wizard.document import validate
from wizard.steps import budget
from wizard.steps.rows import apply_row_action

DEFAULTS = Pinned.defaults()
DEPARTEMENT = {"name": "Conseil départemental du Nord", "category": "departement",
               "roles": ["financier"]}
BAILLEUR = {"name": "Lille Métropole Habitat", "category": "bailleur",
            "roles": ["operationnel", "financier"]}


@pytest.fixture(autouse=True)
def request_context(app):
    with app.test_request_context():
        yield


def with_suggestions(form):
    """What `budget.prepare` sets from the dossier's partners marked « financier »."""
    form.suggestions = [budget._suggested(p) for p in (DEPARTEMENT, BAILLEUR)]
    return form


def posted(pairs):
    form = with_suggestions(budget.BudgetForm(formdata=MultiDict(pairs), meta={"csrf": False}))
    form.validate()
    return form


def loaded(document):
    form = with_suggestions(budget.BudgetForm(data=budget.load(document), meta={"csrf": False}))
    form.validate()
    return form


def saved(form, start=None) -> dict:
    document = copy.deepcopy(start) if start is not None else {}
    budget.STEP.save(document, form)
    return document


def offered(document, form) -> list[bool]:
    return [added for _, _, added in budget.extra(document, form, DEFAULTS)["suggested"]]


def test_a_suggested_funder_keeps_its_origin_when_renamed():
    form = posted([("adultes_relais_posts", "0")])
    focus, notice = budget.STEP.action(form, "suggest-funder:0")
    assert (focus, notice) == ("funders-0", "Financeur ajouté : Conseil départemental du Nord. "
                                            "Indiquez ses montants par année.")
    document = saved(form)
    assert document["funding"]["funders"] == [{
        "name": "Conseil départemental du Nord", "category": "departement",
        "scheme": "departement", "request": "demande",
        "suggestion": "Conseil départemental du Nord"}]
    funder = document["funding"]["funders"][0]
    funder.update(name="Département du Nord — DGAS", amounts=["1000.00", "1000.00", "1000.00"])
    assert validate({"format": "mediation-dossier", "version": 2, "years": 3, **document}) == []

    again = loaded(document)
    assert again.funders[0].suggestion.data == "Conseil départemental du Nord"
    assert offered(document, again) == [True, False]  # renamed, yet not offered again
    assert budget.STEP.action(again, "suggest-funder:0") == (
        "funders", "Déjà dans le plan de financement : Conseil départemental du Nord.")
    assert len(again.funders.entries) == 1
    assert saved(again)["funding"]["funders"] == [funder]  # unchanged by a save


def test_a_renamed_funder_with_a_wrong_amount_keeps_its_stored_amounts():
    stored = {"funding": {"funders": [{
        "name": "Conseil départemental du Nord", "category": "departement",
        "amounts": ["1000.00", "2000.00", "3000.00"],
        "suggestion": "Conseil départemental du Nord"}]}}
    form = posted([("funders-0-name", "Département du Nord"), ("funders-0-category", "departement"),
                   ("funders-0-suggestion", "Conseil départemental du Nord"),
                   ("funders-0-amount_1", "abc"), ("funders-0-amount_2", "2 000"),
                   ("funders-0-amount_3", "3 000")])
    assert form.funders[0].amount_1.errors
    funder = saved(form, stored)["funding"]["funders"][0]
    assert funder["name"] == "Département du Nord"
    assert funder["amounts"] == ["1000.00", "2000.00", "3000.00"]  # found by its origin
    assert funder["suggestion"] == "Conseil départemental du Nord"


def test_a_removed_suggested_funder_is_offered_again():
    form = posted([("funders-0-name", "CD 59"), ("funders-0-category", "departement"),
                   ("funders-0-suggestion", "Conseil départemental du Nord"),
                   ("funders-1-name", "Ville de Lille"), ("funders-1-category", "commune")])
    assert offered({}, form) == [True, False]
    apply_row_action(form, "remove:funders-0", budget.STEP.action)
    assert offered({}, form) == [False, False]
    assert [f["name"] for f in saved(form)["funding"]["funders"]] == ["Ville de Lille"]
    _, notice = budget.STEP.action(form, "suggest-funder:0")
    assert notice.startswith("Financeur ajouté : Conseil départemental du Nord.")
    assert saved(form)["funding"]["funders"][1]["suggestion"] == "Conseil départemental du Nord"
