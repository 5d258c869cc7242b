"""Budget scenarios: copy A into B, edit B with the intervention form (an evening round),
compare A and B (hours, FTE, cost, commune share, coverage), adopt B, locking and access."""

import copy
import html as markup
import re
from decimal import Decimal

import pytest

from tests.helpers import csrf_token, page_form, submit
from wizard import document as documents
from wizard import operations, reference
from wizard.costing import cost_document
from wizard.costing.coverage import coverage
from wizard.db import db
from wizard.formats import money, number
from wizard.models import AuditEvent, Dossier, DossierState

PAGE = "/dossiers/{id}/scenarios"
EDIT = "/dossiers/{id}/scenarios/b"
EVENING = {  # the round added to B: Friday 20:00–00:00, two mediators, at the station
    "rounds-2-name": "Soirée gare",
    "rounds-2-places": ["Place de la gare"],
    "rounds-2-slots-0-days": "fri", "rounds-2-slots-0-start": "20:00",
    "rounds-2-slots-0-end": "00:00", "rounds-2-slots-0-mediators": "2",
}


@pytest.fixture
def scenario_document(complete_document) -> dict:
    """The complete test dossier, its station needed until midnight on Fridays (so that the
    evening round of B covers more of the diagnosis needs than A)."""
    doc = complete_document
    doc["diagnosis"]["places"][0]["need_slots"][0]["end"] = "00:00"
    assert documents.validate(doc) == []
    return doc


@pytest.fixture
def dossier(client, login_as, create_commune, scenario_document):
    """A logged-in lead of Lille and a dossier holding the complete document."""
    lille = create_commune()
    user = login_as("lead", communes=[lille])
    created = operations.create_dossier(user, lille, "Médiation Lille")
    created.document = scenario_document
    operations.sync_columns(created)
    db.session.commit()
    return created


def post(client, dossier, action, **data):
    """POST a button of the comparison page (with its CSRF token) and return the response."""
    html = client.get(PAGE.format(id=dossier.id)).text
    return client.post(f"{PAGE.format(id=dossier.id)}/{action}",
                       data={"csrf_token": csrf_token(html), **data})


def with_b(dossier, intervention):
    dossier.scenarios = {"B": copy.deepcopy(intervention)}
    db.session.commit()


def evening_intervention(document) -> dict:
    iv = copy.deepcopy(document["intervention"])
    iv["rounds"].append({"name": "Soirée gare", "places": ["Place de la gare"], "slots": [
        {"day": "fri", "start": "20:00", "end": "00:00", "mediators": 2}]})
    return iv


def cells(html: str, label: str) -> list[str]:
    """The cells of the comparison row `label`."""
    row = re.search(rf"<th scope=\"row\">{re.escape(label)}</th>(.*?)</tr>", html, re.S)
    assert row, label
    return re.findall(r"<td[^>]*>([^<]*)</td>", row.group(1))


def test_copy_edit_and_compare(client, dossier):
    page = client.get(PAGE.format(id=dossier.id))
    assert page.status_code == 200 and "Créer le scénario B à partir de A" in page.text
    assert post(client, dossier, "copier").status_code == 302
    db.session.refresh(dossier)
    assert dossier.scenarios["B"] == dossier.document["intervention"]
    assert AuditEvent.query.filter_by(action="scenario_created", dossier_id=dossier.id).count()

    # add a round without JavaScript, then fill it in: the evening round
    url = EDIT.format(id=dossier.id)
    added = submit(client, url, page_form(client, url), action="add:rounds")
    assert added.status_code == 200 and 'name="rounds-2-name"' in added.text
    saved = submit(client, url, page_form(client, url, html=added.text), action="save", **EVENING)
    assert saved.status_code == 302, saved.text
    db.session.refresh(dossier)
    b = dossier.scenarios["B"]
    assert b["rounds"][2] == {"name": "Soirée gare", "places": ["Place de la gare"], "slots": [
        {"day": "fri", "start": "20:00", "end": "00:00", "mediators": 2}]}
    assert len(dossier.document["intervention"]["rounds"]) == 2  # the dossier is unchanged
    assert AuditEvent.query.filter_by(action="scenario_saved", dossier_id=dossier.id).count()

    # figures computed independently on document copies
    values = reference.pinned(dossier).values
    doc_b = copy.deepcopy(dossier.document)
    doc_b["intervention"] = b
    a_cost, b_cost = cost_document(dossier.document, values), cost_document(doc_b, values)
    assert b_cost.presence_hours > a_cost.presence_hours
    assert b_cost.mediator_fte > a_cost.mediator_fte
    assert b_cost.years[0].total_costs > a_cost.years[0].total_costs
    html = client.get(PAGE.format(id=dossier.id)).text
    assert cells(html, "Heures de présence par an (renforts compris)") == [
        f"{number(a_cost.presence_hours)} h", f"{number(b_cost.presence_hours)} h"]
    assert cells(html, "Heures de présence des tournées par semaine") == [
        f"{number(Decimal(64))} h", f"{number(Decimal(72))} h"]
    assert cells(html, "Médiateurs en équivalent temps plein (ETP)") == [
        number(a_cost.mediator_fte), number(b_cost.mediator_fte)]
    assert cells(html, "Postes de médiateurs") == [
        str(a_cost.mediator_headcount), str(b_cost.mediator_headcount)]
    assert cells(html, "Coût total année 1") == [
        money(a_cost.years[0].total_costs), money(b_cost.years[0].total_costs)]
    assert cells(html, "Coût total sur 3 ans") == [
        money(sum(y.total_costs for y in a_cost.years)),
        money(sum(y.total_costs for y in b_cost.years))]
    assert cells(html, "Participation de la commune sur 3 ans") == [
        money(sum(y.commune_contribution for y in a_cost.years)),
        money(sum(y.commune_contribution for y in b_cost.years))]
    a_cover, b_cover = coverage(dossier.document).percent, coverage(doc_b).percent
    assert a_cover < b_cover == 100
    assert cells(html, "Couverture des besoins du diagnostic") == [
        f"{a_cover}\u00a0%", f"{b_cover}\u00a0%"]
    assert "Modifier le scénario B" in html and "Adopter le scénario B" in html


def test_invalid_input_is_shown_back_and_kept_like_a_step(client, dossier):
    """Scenario B goes through the step pipeline: valid values are stored, the invalid ones
    are kept as B's pending input and shown again on the next visit, nothing lost."""
    with_b(dossier, dossier.document["intervention"])
    url = EDIT.format(id=dossier.id)
    form = page_form(client, url)
    form.setlist("rounds-0-slots-0-start", ["25:00"])
    refused = submit(client, url, form, action="save", **{"rounds-0-name": "Centre renommé"})
    assert refused.status_code == 400
    assert "<title>Erreur : " in refused.text and 'id="resume-erreurs"' in refused.text
    assert "Tournée 1, horaire 1 : l&#39;heure de début est invalide" in refused.text
    assert 'value="25:00"' in refused.text and 'value="Centre renommé"' in refused.text
    db.session.refresh(dossier)
    stored = dossier.scenarios["B"]
    assert stored["rounds"][0]["name"] == "Centre renommé"  # the valid value is stored
    assert "25:00" not in str(stored)  # the invalid value is not
    assert dossier.document["intervention"]["rounds"][0]["name"] != "Centre renommé"  # A intact
    again = client.get(url)
    assert 'value="25:00"' in again.text and "heure de début est invalide" in again.text
    assert 'name="csrf_token" type="hidden" value="' in again.text


def test_adopt_b(client, dossier):
    b = evening_intervention(dossier.document)
    with_b(dossier, b)
    response = post(client, dossier, "adopter", version=str(dossier.version))
    assert response.status_code == 302
    db.session.refresh(dossier)
    assert dossier.document["intervention"] == b
    assert dossier.scenarios == {}
    assert AuditEvent.query.filter_by(action="scenario_adopted", dossier_id=dossier.id).count()
    saved = AuditEvent.query.filter_by(action="dossier_saved", dossier_id=dossier.id).one()
    assert saved.details["step"] == "modalites"
    values = reference.pinned(dossier).values
    assert dossier.total_cost == sum(y.total_costs for y in cost_document(
        dossier.document, values).years)
    assert "Créer le scénario B à partir de A" in client.get(PAGE.format(id=dossier.id)).text


def test_adopting_from_a_stale_page_is_refused(client, dossier):
    with_b(dossier, evening_intervention(dossier.document))
    html = client.get(PAGE.format(id=dossier.id)).text
    stale = re.search(r'name="version" value="(\d+)"', html).group(1)
    # meanwhile the dossier changes (another tab saves a step)
    territory = "/dossiers/{id}/etapes/porteur-territoire".format(id=dossier.id)
    assert submit(client, territory, page_form(client, territory),
                  holder_name="Mairie de Lille").status_code == 302
    db.session.refresh(dossier)
    before, version = copy.deepcopy(dossier.document), dossier.version
    refused = client.post(f"{PAGE.format(id=dossier.id)}/adopter",
                          data={"csrf_token": csrf_token(html), "version": stale})
    assert refused.status_code == 409
    text = markup.unescape(refused.text)
    assert "Le scénario B n'a pas été adopté. Ce dossier a été modifié par" in text
    db.session.refresh(dossier)
    assert dossier.document == before and dossier.version == version
    assert "B" in dossier.scenarios


def test_delete_b(client, dossier):
    with_b(dossier, dossier.document["intervention"])
    assert post(client, dossier, "supprimer").status_code == 302
    db.session.refresh(dossier)
    assert dossier.scenarios == {}
    assert client.get(EDIT.format(id=dossier.id)).status_code == 302  # no B to edit


def test_another_communes_dossier_is_not_found(client, login_as, create_commune):
    lille, roubaix = create_commune(), create_commune("59512", "Roubaix", population=98000)
    owner = login_as("lead", communes=[lille])
    other = operations.create_dossier(owner, lille, "Médiation Lille")
    other.scenarios = {"B": {}}
    db.session.commit()
    client.post("/deconnexion", data={"csrf_token": csrf_token(client.get("/dossiers").text)})
    login_as("lead", communes=[roubaix])
    html = client.get("/dossiers").text
    for url in (PAGE, EDIT):
        assert client.get(url.format(id=other.id)).status_code == 404
    for action in ("copier", "supprimer", "adopter"):
        response = client.post(f"{PAGE.format(id=other.id)}/{action}",
                               data={"csrf_token": csrf_token(html), "version": "1"})
        assert response.status_code == 404


def test_a_submitted_dossier_is_read_only(client, dossier):
    b = evening_intervention(dossier.document)
    with_b(dossier, b)
    dossier.state = DossierState.SUBMITTED
    db.session.commit()
    page = client.get(PAGE.format(id=dossier.id))
    assert page.status_code == 200 and "lecture seule" in page.text
    assert "Adopter le scénario B" not in page.text
    before, version = copy.deepcopy(dossier.document), dossier.version
    for action in ("adopter", "supprimer", "copier"):
        refused = post(client, dossier, action, version=str(version))
        assert refused.status_code == 302
    assert "ses scénarios ne sont pas modifiables" in markup.unescape(
        client.get(PAGE.format(id=dossier.id)).text)
    edit = client.get(EDIT.format(id=dossier.id))
    assert edit.status_code == 302
    db.session.refresh(dossier)
    assert dossier.document == before and dossier.scenarios == {"B": b}
    assert dossier.version == version
    assert Dossier.query.count() == 1


def test_the_budget_step_links_to_the_scenarios(client, dossier):
    html = client.get(f"/dossiers/{dossier.id}/etapes/budget").text
    assert f'href="/dossiers/{dossier.id}/scenarios">Comparer des scénarios' in html


def test_saving_b_from_a_stale_page_keeps_the_input(client, dossier):
    with_b(dossier, dossier.document["intervention"])
    url = EDIT.format(id=dossier.id)
    first_tab, second_tab = page_form(client, url), page_form(client, url)
    assert submit(client, url, first_tab, action="save", vehicles="2").status_code == 302
    refused = submit(client, url, second_tab, action="save", vehicles="3")
    assert refused.status_code == 409 and "a été modifié" in markup.unescape(refused.text)
    assert 'value="3"' in refused.text
    db.session.refresh(dossier)
    assert dossier.scenarios["B"]["vehicles"] == 2
    # the page now carries the current version: saving again applies the input
    again = submit(client, url, page_form(client, url, html=refused.text), action="save")
    assert again.status_code == 302
    db.session.refresh(dossier)
    assert dossier.scenarios["B"]["vehicles"] == 3


def test_a_round_of_b_covers_its_places_needs_like_the_step(client, dossier):
    post(client, dossier, "copier")
    url = EDIT.format(id=dossier.id)
    page = client.get(url).text
    assert "Répéter ce créneau" not in page
    assert 'value="cover:rounds-0"' in page and 'value="cover:rounds-1"' in page
    response = submit(client, url, page_form(client, url, html=page), action="cover:rounds-0")
    assert response.status_code == 200
    # the station is needed until midnight on Fridays, the round stops at 23:00
    assert ("1 créneau ajouté d&#39;après les besoins de : Place de la gare, "
            "Parc Jean-Baptiste Lebas.") in response.text
    db.session.refresh(dossier)
    assert dossier.scenarios["B"]["rounds"][0]["slots"][-1] == {
        "day": "fri", "start": "23:00", "end": "00:00", "mediators": 2}
    assert dossier.document["intervention"]["rounds"][0]["slots"][-1]["start"] != "23:00"
