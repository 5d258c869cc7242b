"""Funders and indicators added from a suggestion remember where they came from (their
`suggestion`): renamed, they are neither offered nor added again; removed, they are offered
again. Through the test client, as a lead without JavaScript."""

import copy

import pytest

from tests.functional.test_step_budget import example_document
from tests.helpers import page_form, submit
from wizard import operations
from wizard.db import db
from wizard.document import validate
from wizard.document.suggestions import SUGGESTED_INDICATORS

BUDGET = "/dossiers/{id}/etapes/budget"
EVALUATION = "/dossiers/{id}/etapes/evaluation"
DEPARTEMENT = "Conseil départemental du Nord"


@pytest.fixture
def dossier(client, login_as, create_commune):
    """A logged-in lead of Lille; the dossier holds the costing example (two funders) and a
    partner marked « financier »."""
    lille = create_commune(population=238246)
    user = login_as("lead", communes=[lille])
    created = operations.create_dossier(user, lille, "Médiation Lille")
    doc = example_document()
    doc["partners"] = [{"name": DEPARTEMENT, "category": "departement", "roles": ["financier"]}]
    created.document = doc
    operations.sync_columns(created)
    db.session.commit()
    return created


def saved(dossier) -> dict:
    db.session.refresh(dossier)
    assert validate(dossier.document) == []
    return copy.deepcopy(dossier.document)


def buttons(html: str, heading_id: str) -> str:
    """The suggestion buttons under the heading `heading_id`."""
    return html.split(f'id="{heading_id}"')[1].split("</ul>")[0]


def test_a_renamed_suggested_funder_is_not_offered_again_and_a_removed_one_is(client, dossier):
    url = BUDGET.format(id=dossier.id)
    assert 'value="suggest-funder:0"' in buttons(client.get(url).text, "suggestions-financeurs")
    added = submit(client, url, page_form(client, url), action="suggest-funder:0")
    assert f"Financeur ajouté : {DEPARTEMENT}." in added.text
    assert 'name="funders-2-suggestion"' in added.text  # the origin travels with the row
    submit(client, url, page_form(client, url, html=added.text), action="draft",
           **{"funders-2-name": "Département du Nord — DGAS"})
    funders = saved(dossier)["funding"]["funders"]
    assert [(f["name"], f.get("suggestion")) for f in funders] == [
        ("FIPD", None), ("Bailleur social", None),
        ("Département du Nord — DGAS", DEPARTEMENT)]

    page = client.get(url).text
    shown = buttons(page, "suggestions-financeurs")
    assert 'value="suggest-funder:0"' not in shown and f"{DEPARTEMENT} — Déjà ajouté" in shown
    twice = submit(client, url, page_form(client, url, html=page), action="suggest-funder:0")
    assert f"Déjà dans le plan de financement : {DEPARTEMENT}." in twice.text
    assert len(saved(dossier)["funding"]["funders"]) == 3

    removed = submit(client, url, page_form(client, url), action="remove:funders-2")
    assert 'value="suggest-funder:0"' in buttons(removed.text, "suggestions-financeurs")
    assert [f["name"] for f in saved(dossier)["funding"]["funders"]] == ["FIPD", "Bailleur social"]


def test_a_renamed_suggested_indicator_is_not_offered_again_and_a_removed_one_is(client,
                                                                                  dossier):
    url = EVALUATION.format(id=dossier.id)
    name = SUGGESTED_INDICATORS[0]["name"]
    added = submit(client, url, page_form(client, url), action="suggest:0")
    assert f"Indicateur ajouté : {name}." in added.text
    submit(client, url, page_form(client, url, html=added.text), action="draft",
           **{"indicators-0-name": "Habitants rencontrés dans le parc"})
    indicators = saved(dossier)["evaluation"]["indicators"]
    assert indicators == [{**SUGGESTED_INDICATORS[0], "name": "Habitants rencontrés dans le parc",
                           "suggestion": name}]

    page = client.get(url).text
    shown = buttons(page, "suggestions-indicateurs")
    assert 'value="suggest:0"' not in shown and f"{name} — Déjà ajouté" in shown
    assert 'value="suggest:1"' in shown
    twice = submit(client, url, page_form(client, url, html=page), action="suggest:0")
    assert f"Déjà ajouté : {name}." in twice.text
    assert len(saved(dossier)["evaluation"]["indicators"]) == 1

    removed = submit(client, url, page_form(client, url), action="remove:indicators-0")
    assert 'value="suggest:0"' in buttons(removed.text, "suggestions-indicateurs")
    assert saved(dossier)["evaluation"].get("indicators") == []
