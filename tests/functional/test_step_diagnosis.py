"""Step « Diagnostic des besoins » through the test client: save, invalid input kept, duplicate
place names, nested rows without JS, renamed places followed by the rounds, recap."""

import copy

import pytest

from tests.helpers import page_form, submit
from wizard import document
from wizard.db import db
from wizard.models import Dossier

URL = "/dossiers/{id}/etapes/diagnostic"

FULL = {
    "summary": "Tensions en soirée autour des commerces et de la gare.",
    "problems-0-kind": "incivilites", "problems-0-severity": "2",
    "problems-0-evidence": "Dépôts sauvages et nuisances sonores.",
    "problems-0-source": "Groupe opérationnel du CLSPD",
    "target_groups": ["jeunes", "commercants"],
    "places-0-name": "Place de la gare", "places-0-kind": "gare_pole_echanges",
    "places-0-qpv": "y", "places-0-priority": "1",
    "places-0-need_slots-0-days": ["fri"], "places-0-need_slots-0-start": "18:00",
    "places-0-need_slots-0-end": "23:00",
    "places-0-need_slots-1-days": ["sat"], "places-0-need_slots-1-start": "22:00",
    "places-0-need_slots-1-end": "02:00",
}


@pytest.fixture
def lead_dossier(client, login_as, create_commune):
    """A logged-in lead of Lille and a new dossier created through the UI."""
    lille = create_commune()
    user = login_as("lead", communes=[lille])
    form = page_form(client, "/dossiers/nouveau")
    response = submit(client, "/dossiers/nouveau", form, commune="59350",
                      title="Médiation Lille Sud")
    assert response.status_code == 302
    return user, Dossier.query.one()


@pytest.fixture
def complete_dossier(lead_dossier, complete_document):
    """The dossier filled with the complete example (rounds naming the diagnosis places)."""
    _, dossier = lead_dossier
    dossier.document = complete_document
    db.session.commit()
    return dossier


def saved(dossier) -> dict:
    db.session.refresh(dossier)
    return dossier.document


def test_full_save_continues_and_the_document_is_valid(client, lead_dossier):
    _, dossier = lead_dossier
    url = URL.format(id=dossier.id)
    response = submit(client, url, page_form(client, url), action="continue", **FULL)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/etapes/objectifs")
    doc = saved(dossier)
    assert doc["diagnosis"] == {
        "summary": FULL["summary"],
        "problems": [{"kind": "incivilites", "severity": 2,
                      "evidence": "Dépôts sauvages et nuisances sonores.",
                      "source": "Groupe opérationnel du CLSPD"}],
        "target_groups": ["jeunes", "commercants"],
        "places": [{"name": "Place de la gare", "kind": "gare_pole_echanges", "qpv": True,
                    "priority": 1, "need_slots": [
                        {"day": "fri", "start": "18:00", "end": "23:00"},
                        {"day": "sat", "start": "22:00", "end": "02:00"}]}],
    }
    assert document.validate(doc) == []
    assert not (dossier.pending or {}).get("diagnostic")
    # shown back as saved, and complete in the task list
    page = client.get(url).text
    assert 'value="Place de la gare"' in page and 'type="time"' in page and 'value="02:00"' in page
    row = client.get(f"/dossiers/{dossier.id}").text.split("2. Diagnostic des besoins")[1]
    assert "Complet" in row.split("</tr>")[0]


def test_the_complete_example_is_shown_and_saved_back_unchanged(client, complete_dossier):
    url = URL.format(id=complete_dossier.id)
    before = copy.deepcopy(complete_dossier.document)
    response = submit(client, url, page_form(client, url), action="draft")
    assert response.status_code == 302
    assert saved(complete_dossier)["diagnosis"] == before["diagnosis"]
    assert complete_dossier.document["intervention"] == before["intervention"]


def test_invalid_time_keeps_every_typed_value_and_saves_the_rest(client, lead_dossier):
    _, dossier = lead_dossier
    url = URL.format(id=dossier.id)
    typed = dict(FULL, **{"places-0-need_slots-1-start": "25:00",
                          "places-0-need_slots-2-days": "sun",
                          "places-0-need_slots-2-start": "10:00",
                          "places-0-need_slots-2-end": "12:00"})
    response = submit(client, url, page_form(client, url), action="continue", **typed)
    assert response.status_code == 400
    assert "<title>Erreur : " in response.text
    assert 'href="#places-0-need_slots-1-start"' in response.text
    assert "Lieu 1, horaire 2 : l&#39;heure de début est invalide : format attendu HH:MM" \
        in response.text
    for value in ('value="25:00"', 'value="02:00"', 'value="Place de la gare"',
                  'value="Groupe opérationnel du CLSPD"', FULL["summary"]):
        assert value in response.text
    doc = saved(dossier)
    assert doc["diagnosis"]["places"][0]["need_slots"] == [
        {"day": "fri", "start": "18:00", "end": "23:00"},
        {"day": "sun", "start": "10:00", "end": "12:00"}]
    assert doc["diagnosis"]["summary"] == FULL["summary"]
    assert document.validate(doc) == []
    later = client.get(url).text  # the pending input comes back with its error
    assert 'value="25:00"' in later and "fr-input--error" in later
    assert "Saisies à corriger" in client.get(f"/dossiers/{dossier.id}").text


def test_same_start_and_end_is_refused_at_the_end(client, lead_dossier):
    _, dossier = lead_dossier
    url = URL.format(id=dossier.id)
    response = submit(client, url, page_form(client, url), **dict(
        FULL, **{"places-0-need_slots-1-end": "22:00"}))
    assert response.status_code == 400
    assert 'id="places-0-need_slots-1-end-erreur"' in response.text
    assert "un horaire qui passe minuit finit le lendemain, ex. 22:00–02:00." in response.text
    assert len(saved(dossier)["diagnosis"]["places"][0]["need_slots"]) == 1


def test_duplicate_place_names_are_refused_at_the_second(client, lead_dossier):
    _, dossier = lead_dossier
    url = URL.format(id=dossier.id)
    response = submit(client, url, page_form(client, url), **dict(
        FULL, **{"places-1-name": " place de la GARE ", "places-1-kind": "rue_place"}))
    assert response.status_code == 400
    error = response.text.split('id="places-1-name-erreur"')[1].split("</p>")[0]
    assert "Un autre lieu porte déjà ce nom." in error
    assert 'id="places-0-name-erreur"' not in response.text
    assert 'value=" place de la GARE "' in response.text
    doc = saved(dossier)
    assert [p["name"] for p in doc["diagnosis"]["places"]] == ["Place de la gare"]
    assert document.validate(doc) == []


def test_a_nameless_place_stays_pending_with_its_error(client, lead_dossier):
    _, dossier = lead_dossier
    url = URL.format(id=dossier.id)
    response = submit(client, url, page_form(client, url), summary="Synthèse",
                      **{"places-0-kind": "parc", "places-0-need_slots-0-days": "wed"})
    assert response.status_code == 400
    assert 'id="places-0-name-erreur">Donnez un nom au lieu.' in response.text
    assert "Cochez au moins un jour." not in response.text
    assert "Indiquez l&#39;heure de début." in response.text
    doc = saved(dossier)
    assert doc["diagnosis"]["places"] == [] and doc["diagnosis"]["summary"] == "Synthèse"
    assert dossier.pending["diagnostic"]


def test_places_and_need_slots_are_added_and_removed_without_javascript(client, lead_dossier):
    _, dossier = lead_dossier
    url = URL.format(id=dossier.id)
    added = submit(client, url, page_form(client, url), action="add:places")
    assert added.status_code == 200 and 'name="places-0-name"' in added.text
    form = page_form(client, url, html=added.text)
    one = submit(client, url, form, action="add:places-0-need_slots", **{"places-0-name": "Parc"})
    assert 'name="places-0-need_slots-0-days"' in one.text
    form = page_form(client, url, html=one.text)
    two = submit(client, url, form, action="add:places-0-need_slots")
    assert 'name="places-0-need_slots-1-start"' in two.text and 'value="Parc"' in two.text
    form = page_form(client, url, html=two.text)
    slots = {"places-0-need_slots-0-days": "wed", "places-0-need_slots-0-start": "14:00",
             "places-0-need_slots-0-end": "18:00", "places-0-need_slots-1-days": "sat",
             "places-0-need_slots-1-start": "20:00", "places-0-need_slots-1-end": "23:00"}
    removed = submit(client, url, form, action="remove:places-0-need_slots-1", **slots)
    assert "Élément supprimé." in removed.text
    assert 'name="places-0-need_slots-1-days"' not in removed.text
    assert saved(dossier)["diagnosis"]["places"] == [
        {"name": "Parc", "qpv": False,
         "need_slots": [{"day": "wed", "start": "14:00", "end": "18:00"}]}]
    form = page_form(client, url, html=removed.text)
    submit(client, url, form, action="remove:places-0")
    assert saved(dossier)["diagnosis"]["places"] == []


def test_a_renamed_place_is_renamed_in_the_rounds(client, complete_dossier):
    url = URL.format(id=complete_dossier.id)
    response = submit(client, url, page_form(client, url), **{"places-1-name": "Parc Lebas"})
    assert response.status_code == 302
    doc = saved(complete_dossier)
    assert [p["name"] for p in doc["diagnosis"]["places"]] == [
        "Place de la gare", "Parc Lebas", "Rue du Faubourg des Postes"]
    assert doc["intervention"]["rounds"][0]["places"] == ["Place de la gare", "Parc Lebas"]
    assert document.validate(doc) == []


def test_a_deleted_place_is_left_in_the_rounds(client, complete_dossier):
    url = URL.format(id=complete_dossier.id)
    response = submit(client, url, page_form(client, url), action="remove:places-0")
    assert response.status_code == 200
    doc = saved(complete_dossier)
    assert [p["name"] for p in doc["diagnosis"]["places"]] == [
        "Parc Jean-Baptiste Lebas", "Rue du Faubourg des Postes"]
    assert doc["intervention"]["rounds"][0]["places"] == [
        "Place de la gare", "Parc Jean-Baptiste Lebas"]
    # a later rename on the re-displayed page still follows the positions of the saved list
    form = page_form(client, url, html=response.text)
    submit(client, url, form, **{"places-2-name": "Rue des Postes"})
    rounds = saved(complete_dossier)["intervention"]["rounds"]
    assert rounds[1]["places"] == ["Rue des Postes"]
    assert rounds[0]["places"] == ["Place de la gare", "Parc Jean-Baptiste Lebas"]


def test_recap_shows_the_sections_and_what_is_missing(client, lead_dossier):
    _, dossier = lead_dossier
    url = URL.format(id=dossier.id)
    submit(client, url, page_form(client, url), **dict(FULL, **{"places-1-name": "Parc"}))
    recap = client.get(f"/dossiers/{dossier.id}/recapitulatif").text
    assert "Problème 1 — Incivilités" in recap
    assert "Vendredi 18:00–23:00" in recap and "Samedi 22:00–02:00 (fin le lendemain)" in recap
    assert "Indiquer au moins un créneau de besoin pour le lieu « Parc »." in recap
    assert "places-1-need_slots" in recap


def test_places_link_to_the_qpvs_of_the_commune(client, lead_dossier):
    from pathlib import Path

    from wizard.reference.qpv import import_qpvs
    import_qpvs(Path(__file__).resolve().parents[2] / "wizard" / "reference" / "data" / "qpv-sample.csv")
    db.session.commit()
    _, dossier = lead_dossier
    url = URL.format(id=dossier.id)
    page = client.get(url).text
    assert '<option value="QN05927M">Moulins (QN05927M)</option>' in page
    assert "QN05940M" not in page  # a QPV of Roubaix and Tourcoing, not of Lille
    form = page_form(client, url)
    response = submit(client, url, form, **{"places-0-name": "Parc", "places-0-qpv_code": "QN05927M"})
    assert response.status_code == 302
    assert saved(dossier)["diagnosis"]["places"][0] == {
        "name": "Parc", "qpv": True, "qpv_code": "QN05927M", "need_slots": []}
    shown = client.get(url).text
    assert 'name="places-0-qpv_code"' in shown
    assert 'name="places-0-qpv"' not in shown  # the pick-list replaces the box
    again = page_form(client, url)
    response = submit(client, url, again, **{"places-0-qpv_code": ""})
    assert saved(dossier)["diagnosis"]["places"][0]["qpv"] is False
