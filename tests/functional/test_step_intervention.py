"""Step 5 « Modalités d'intervention » through the test client: save, errors kept on screen,
rows without JS (nested schedule rows), deleted places, coverage table and live figures (the
schedule editor itself: tests/functional/test_schedule_editor.py)."""

import copy
import html

import pytest
from sqlalchemy.orm.attributes import flag_modified

from tests.helpers import page_form, submit
from wizard.db import db
from wizard.document import validate
from wizard.models import Dossier

URL = "/dossiers/{id}/etapes/modalites"
PLACES = [
    {"name": "Place de la gare", "kind": "gare_pole_echanges", "priority": 1,
     "need_slots": [{"day": "fri", "start": "18:00", "end": "23:00"}]},
    {"name": "Parc Lebas", "kind": "parc", "priority": 2,
     "need_slots": [{"day": "sat", "start": "22:00", "end": "02:00"}]},
]


@pytest.fixture
def dossier(client, login_as, create_commune):
    """A logged-in lead and a new dossier whose diagnosis has two places with needs."""
    lille = create_commune()
    login_as("lead", communes=[lille])
    form = page_form(client, "/dossiers/nouveau")
    assert submit(client, "/dossiers/nouveau", form, commune="59350",
                  title="Médiation Lille Sud").status_code == 302
    dossier = Dossier.query.one()
    set_places(dossier, PLACES)
    return dossier


def set_places(dossier, places):
    document = copy.deepcopy(dossier.document)
    document["diagnosis"]["places"] = copy.deepcopy(places)
    dossier.document = document
    flag_modified(dossier, "document")
    db.session.commit()


def fresh(dossier):
    db.session.refresh(dossier)
    return dossier.document["intervention"]


FULL = {
    "employer": "association",
    "recruitment_months": "3",
    "qualification": ["tp_msads", "cap_apm"],
    "rounds-0-name": "Centre et gare",
    "rounds-0-places": ["Place de la gare"],
    "rounds-0-slots-0-days": "fri", "rounds-0-slots-0-start": "14:00",
    "rounds-0-slots-0-end": "20:00", "rounds-0-slots-0-mediators": "2",
    "weeks_per_year": "47",
    "team_leader_fte": "0,5",
    "new_mediators_to_train": "2",
    "vehicles": "1",
}


def test_full_save_then_the_document_is_valid(client, dossier):
    url = URL.format(id=dossier.id)
    form = page_form(client, url)
    response = submit(client, url, form, action="add:other_costs", **FULL)
    assert response.status_code == 200
    form = page_form(client, url, html=response.text)
    response = submit(client, url, form, action="continue", **{
        "other_costs-0-label": "Loyer du local", "other_costs-0-account": "613",
        "other_costs-0-amount": "4 800,50", "other_costs-0-one_time": "y"})
    assert response.status_code == 302, response.text
    iv = fresh(dossier)
    assert iv["employer"] == "association" and iv["qualification"] == ["tp_msads", "cap_apm"]
    assert iv["rounds"] == [{"name": "Centre et gare", "places": ["Place de la gare"],
                             "slots": [{"day": "fri", "start": "14:00", "end": "20:00",
                                        "mediators": 2}]}]
    assert iv["team_leader_fte"] == 0.5 and iv["vehicles"] == 1
    assert iv["new_mediators_to_train"] == 2 and iv["weeks_per_year"] == 47
    assert iv["recruitment_months"] == 3
    assert iv["other_costs"] == [{"label": "Loyer du local", "account": "613",
                                  "amount": "4800.50", "one_time": True}]
    assert validate(dossier.document) == []
    again = client.get(url).text
    assert 'value="Centre et gare"' in again and 'value="0,5"' in again
    assert "4\u202f800,50" in again


def test_coverage_table_and_figures_after_the_save(client, dossier):
    url = URL.format(id=dossier.id)
    submit(client, url, page_form(client, url), **FULL)
    page = client.get(url).text
    # Fri 18:00–23:00 needed, 14:00–20:00 worked: 2 h of 5; the park has 4 h, uncovered
    assert "22\u00a0% des heures de besoin couvertes" in page  # 2 h of 9 h
    assert "Non couvert : vendredi 20:00–23:00" in page
    assert "Non couvert : samedi 22:00–02:00" in page
    assert 'class="coverage-gap"' in page
    assert "Aucune tournée ne passe par ce lieu" in page
    assert "12,00 h</strong> de médiateurs par semaine" in page  # 6 h × 2 mediators
    assert "564,00 h" in page  # 47 weeks × 12 h


def test_coverage_percentage_of_a_single_place(client, dossier):
    set_places(dossier, PLACES[:1])
    url = URL.format(id=dossier.id)
    submit(client, url, page_form(client, url), **FULL)
    page = client.get(url).text
    assert "40\u00a0% des heures de besoin couvertes" in page
    assert "2 h couvertes sur 5 h" in page


def test_no_need_says_so(client, dossier):
    set_places(dossier, [{"name": "Place de la gare"}])
    page = client.get(URL.format(id=dossier.id)).text
    assert "Aucun besoin horaire renseigné" in page


def test_invalid_numbers_and_times_keep_the_input_and_save_the_rest(client, dossier):
    url = URL.format(id=dossier.id)
    form = page_form(client, url)
    response = submit(client, url, form, action="add:rounds-0-slots", **FULL)
    form = page_form(client, url, html=response.text)
    response = submit(client, url, form, action="add:rounds-0-slots", **{
        "rounds-0-slots-1-days": "sat", "rounds-0-slots-1-start": "25:00",
        "rounds-0-slots-1-end": "23:00", "rounds-0-slots-1-mediators": "0"})
    form = page_form(client, url, html=response.text)
    response = submit(client, url, form, action="continue", vehicles="deux", **{
        "rounds-0-slots-1-days": "sat", "rounds-0-slots-1-start": "25:00",
        "rounds-0-slots-1-end": "23:00", "rounds-0-slots-1-mediators": "0",
        "rounds-0-slots-2-days": "sun", "rounds-0-slots-2-start": "10:00",
        "rounds-0-slots-2-end": "10:00", "rounds-0-slots-2-mediators": "21",
        "weeks_per_year": "60", "team_leader_fte": "un demi", "recruitment_months": "12",
    })
    assert response.status_code == 400
    text = html.unescape(response.text)
    assert "<title>Erreur : " in text
    for message in ("Tournée 1, horaire 2 : l'heure de début est invalide",
                    "Tournée 1, horaire 3 : entre 1 et 20 médiateurs.",
                    "Tournée 1, horaire 3 : l'heure de fin doit différer", "Nombre entier attendu",
                    "L'heure de fin doit différer de l'heure de début", "Entre 1 et 52 semaines.",
                    "Nombre attendu, par exemple 0,5.", "Entre 0 et 11 mois."):
        assert message in text, message
    for typed in ('value="25:00"', 'value="0"', 'value="21"', 'value="deux"', 'value="60"',
                  'value="un demi"', 'value="12"'):
        assert typed in text, typed
    iv = fresh(dossier)
    # the valid slot and values are saved, the invalid ones are not
    assert iv["rounds"][0]["slots"] == [{"day": "fri", "start": "14:00", "end": "20:00",
                                         "mediators": 2}]
    assert iv["vehicles"] == 1 and iv["weeks_per_year"] == 47  # the old values stay
    assert iv["recruitment_months"] == 3
    assert iv["employer"] == "association"
    assert validate(dossier.document) == []
    later = client.get(url).text  # the pending input comes back with its errors
    assert 'value="25:00"' in later and "heure de début est invalide" in later


def test_money_error_is_french(client, dossier):
    url = URL.format(id=dossier.id)
    form = page_form(client, url)
    response = submit(client, url, form, action="add:other_costs")
    form = page_form(client, url, html=response.text)
    response = submit(client, url, form, **{"other_costs-0-label": "Loyer",
                                            "other_costs-0-amount": "-12"})
    assert response.status_code == 400
    assert "Montant invalide : nombre positif en euros, ex. 4 800,50." in response.text
    assert fresh(dossier)["other_costs"] == [{"label": "Loyer", "one_time": False}]


def test_rounds_and_nested_slots_without_javascript(client, dossier):
    url = URL.format(id=dossier.id)
    form = page_form(client, url)
    assert 'name="rounds-0-name"' in client.get(url).text  # one empty round to start with
    added = submit(client, url, form, action="add:rounds-0-slots", **FULL)
    assert added.status_code == 200
    assert 'name="rounds-0-slots-1-start"' in added.text
    assert 'value="Centre et gare"' in added.text
    form = page_form(client, url, html=added.text)
    two = submit(client, url, form, action="add:rounds")
    assert 'name="rounds-1-name"' in two.text and 'name="rounds-1-slots-0-start"' in two.text
    form = page_form(client, url, html=two.text)
    filled = submit(client, url, form, action="draft", **{
        "rounds-0-slots-1-days": "sat", "rounds-0-slots-1-start": "21:00",
        "rounds-0-slots-1-end": "01:00", "rounds-1-name": "Parc",
        "rounds-1-places": ["Parc Lebas"], "rounds-1-slots-0-days": "sat",
        "rounds-1-slots-0-start": "20:00", "rounds-1-slots-0-end": "23:00"})
    assert filled.status_code == 302
    iv = fresh(dossier)
    assert [len(r["slots"]) for r in iv["rounds"]] == [2, 1]
    form = page_form(client, url)
    removed = submit(client, url, form, action="remove:rounds-0-slots-0")
    assert "Élément supprimé." in removed.text
    assert fresh(dossier)["rounds"][0]["slots"] == [
        {"day": "sat", "start": "21:00", "end": "01:00", "mediators": 2}]
    form = page_form(client, url, html=removed.text)
    submit(client, url, form, action="remove:rounds-0")
    assert [r["name"] for r in fresh(dossier)["rounds"]] == ["Parc"]
    assert validate(dossier.document) == []


def test_a_round_without_a_name_is_kept_pending(client, dossier):
    url = URL.format(id=dossier.id)
    response = submit(client, url, page_form(client, url), **{**FULL, "rounds-0-name": ""})
    assert response.status_code == 400
    assert "Nommer la tournée pour pouvoir l'enregistrer." in html.unescape(response.text)
    assert 'value="14:00"' in response.text
    assert fresh(dossier)["rounds"] == []


def test_a_deleted_place_is_shown_flagged_and_not_saved(client, dossier):
    url = URL.format(id=dossier.id)
    submit(client, url, page_form(client, url), **{
        **FULL, "rounds-0-places": ["Place de la gare", "Parc Lebas"]})
    assert fresh(dossier)["rounds"][0]["places"] == ["Place de la gare", "Parc Lebas"]
    set_places(dossier, PLACES[:1])  # the park is removed from the diagnosis
    page = client.get(url)
    assert "Lieu supprimé du diagnostic : Parc Lebas" in page.text
    assert ("Ce lieu n'existe plus dans le diagnostic : décochez-le ou recréez-le."
            in html.unescape(page.text))
    assert "Erreur : " in page.text  # listed in the error summary too
    form = page_form(client, url, html=page.text)
    assert form.getlist("rounds-0-places") == ["Place de la gare", "Parc Lebas"]
    response = submit(client, url, form)
    assert response.status_code == 400
    assert "Lieu supprimé du diagnostic : Parc Lebas" in response.text
    assert fresh(dossier)["rounds"][0]["places"] == ["Place de la gare"]
    assert validate(dossier.document) == []
    form = page_form(client, url, html=response.text)
    fixed = submit(client, url, form, **{"rounds-0-places": ["Place de la gare"]})
    assert fixed.status_code == 302
    assert "Lieu supprimé" not in client.get(url).text


def test_complete_intervention_round_trips_through_the_page(client, dossier, complete_document):
    document = copy.deepcopy(dossier.document)
    document["diagnosis"]["places"] = copy.deepcopy(complete_document["diagnosis"]["places"])
    document["intervention"] = copy.deepcopy(complete_document["intervention"])
    dossier.document = document
    db.session.commit()
    url = URL.format(id=dossier.id)
    page = client.get(url)
    assert page.status_code == 200
    response = submit(client, url, page_form(client, url, html=page.text))
    assert response.status_code == 302, response.text
    iv = fresh(dossier)
    expected = copy.deepcopy(complete_document["intervention"])
    expected["other_costs"][0]["amount"] = "4800.00"
    expected["other_costs"][1]["amount"] = "2500.50"
    assert iv == expected
    assert validate(dossier.document) == []
    assert "Tournée « Centre et gare »" in client.get(f"/dossiers/{dossier.id}/recapitulatif").text
