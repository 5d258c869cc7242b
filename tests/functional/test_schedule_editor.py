"""The schedule editor (wizard.steps.schedule) through the test client, without JavaScript:
one row = a time range and its days, grouped from the stored slots on load and expanded to
one slot per checked day on save (overnight ranges, mediators, ungroupable documents, order,
bounds, row-named errors), and « Couvrir les besoins de ces lieux »."""

import copy
import html
import re

import pytest
from sqlalchemy.orm.attributes import flag_modified

from tests.helpers import page_form, submit
from wizard.db import db
from wizard.document import validate
from wizard.models import Dossier

DIAGNOSIS = "/dossiers/{id}/etapes/diagnostic"
INTERVENTION = "/dossiers/{id}/etapes/modalites"
WEEK = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


@pytest.fixture
def dossier(client, login_as, create_commune):
    lille = create_commune()
    login_as("lead", communes=[lille])
    assert submit(client, "/dossiers/nouveau", page_form(client, "/dossiers/nouveau"),
                  commune="59350", title="Médiation Lille Sud").status_code == 302
    return Dossier.query.one()


def put(dossier, places=None, rounds=None):
    document = copy.deepcopy(dossier.document)
    if places is not None:
        document["diagnosis"]["places"] = copy.deepcopy(places)
    if rounds is not None:
        document["intervention"]["rounds"] = copy.deepcopy(rounds)
    assert validate(document) == []
    dossier.document = document
    flag_modified(dossier, "document")
    db.session.commit()


def fresh(dossier) -> dict:
    db.session.refresh(dossier)
    return dossier.document


def checked(form, name) -> list[str]:
    return form.getlist(name)


def test_a_row_tuesday_to_saturday_is_saved_as_one_slot_per_day(client, dossier):
    url = DIAGNOSIS.format(id=dossier.id)
    response = submit(client, url, page_form(client, url), **{
        "places-0-name": "Place de la gare",
        "places-0-need_slots-0-days": ["sat", "tue", "wed", "thu", "fri"],
        "places-0-need_slots-0-start": "16 h", "places-0-need_slots-0-end": "23:00"})
    assert response.status_code == 302
    assert fresh(dossier)["diagnosis"]["places"][0]["need_slots"] == [
        {"day": day, "start": "16:00", "end": "23:00"} for day in WEEK[1:6]]
    form = page_form(client, url)  # shown back as one row with its five days
    assert checked(form, "places-0-need_slots-0-days") == WEEK[1:6]
    assert "places-0-need_slots-1-start" not in form


def test_overnight_rows_group_and_expand(client, dossier):
    put(dossier, places=[{"name": "Parc", "need_slots": [
        {"day": "fri", "start": "22:00", "end": "02:00"},
        {"day": "sat", "start": "22:00", "end": "02:00"},
        {"day": "sun", "start": "22:00", "end": "02:00"}]}])
    url = DIAGNOSIS.format(id=dossier.id)
    form = page_form(client, url)
    assert checked(form, "places-0-need_slots-0-days") == ["fri", "sat", "sun"]
    assert form["places-0-need_slots-0-start"] == "22:00"
    assert form["places-0-need_slots-0-end"] == "02:00"
    form.setlist("places-0-need_slots-0-days", ["thu", "fri", "sat", "sun"])
    assert submit(client, url, form).status_code == 302
    assert fresh(dossier)["diagnosis"]["places"][0]["need_slots"] == [
        {"day": d, "start": "22:00", "end": "02:00"} for d in ("fri", "sat", "sun", "thu")]
    recap = client.get(f"/dossiers/{dossier.id}/recapitulatif").text
    # the recap and the PDF read the schedule as the editor's rows
    assert "Du jeudi au dimanche 22:00–02:00 (fin le lendemain)" in recap


def test_rows_of_a_round_group_by_hours_and_mediators(client, dossier):
    slots = [{"day": d, "start": "14:00", "end": "20:00", "mediators": 2} for d in WEEK[:4]]
    slots.append({"day": "fri", "start": "14:00", "end": "20:00", "mediators": 4})
    slots.append({"day": "sat", "start": "21:00", "end": "01:00", "mediators": 2})
    put(dossier, places=[{"name": "Gare"}],
        rounds=[{"name": "Semaine", "places": ["Gare"], "slots": slots}])
    url = INTERVENTION.format(id=dossier.id)
    form = page_form(client, url)
    assert checked(form, "rounds-0-slots-0-days") == WEEK[:4]
    assert checked(form, "rounds-0-slots-1-days") == ["fri"]
    assert form["rounds-0-slots-1-mediators"] == "4"
    assert checked(form, "rounds-0-slots-2-days") == ["sat"]
    assert "rounds-0-slots-3-start" not in form
    assert submit(client, url, form).status_code == 302
    assert fresh(dossier)["intervention"]["rounds"][0]["slots"] == slots
    # the pair on Friday too: the pair's row gets Friday, the other row stays
    form.setlist("rounds-0-slots-0-days", WEEK[:5])
    assert submit(client, url, form).status_code == 302
    assert fresh(dossier)["intervention"]["rounds"][0]["slots"] == slots + [
        {"day": "fri", "start": "14:00", "end": "20:00", "mediators": 2}]


def test_a_document_whose_slots_cannot_group_round_trips_exactly(client, dossier):
    needs = [{"day": "sun", "start": "10:00", "end": "12:00"},
             {"day": "mon", "start": "18:00", "end": "20:00"},
             {"day": "mon", "start": "18:00", "end": "20:00"},  # the same day twice
             {"day": "fri", "start": "08:00", "end": "09:00"},
             {"day": "mon", "start": "10:00", "end": "12:00"}]  # after Sunday
    slots = [{"day": "wed", "start": "18:00", "end": "20:00", "mediators": 3},
             {"day": "mon", "start": "18:00", "end": "20:00", "mediators": 2},
             {"day": "mon", "start": "18:00", "end": "20:00", "mediators": 3},
             {"day": "mon", "start": "18:00", "end": "20:00", "mediators": 2}]
    put(dossier, places=[{"name": "Gare", "qpv": False, "need_slots": needs}],
        rounds=[{"name": "Soir", "places": ["Gare"], "slots": slots}])
    before = copy.deepcopy(fresh(dossier))
    url = DIAGNOSIS.format(id=dossier.id)
    form = page_form(client, url)
    assert checked(form, "places-0-need_slots-0-days") == ["mon", "sun"]
    assert checked(form, "places-0-need_slots-2-days") == ["mon"]  # the second Monday
    assert submit(client, url, form).status_code == 302
    url = INTERVENTION.format(id=dossier.id)
    assert submit(client, url, page_form(client, url)).status_code == 302
    after = fresh(dossier)
    assert after["diagnosis"] == before["diagnosis"]
    assert after["intervention"]["rounds"] == before["intervention"]["rounds"]


def test_a_row_needs_days_and_hours_and_errors_name_the_row(client, dossier):
    url = DIAGNOSIS.format(id=dossier.id)
    response = submit(client, url, page_form(client, url), **{
        "places-0-name": "Gare",
        "places-0-need_slots-0-days": "fri", "places-0-need_slots-0-start": "18:00",
        "places-0-need_slots-0-end": "23:00",
        "places-0-need_slots-1-start": "18:00", "places-0-need_slots-1-end": "23:00",
        "places-0-need_slots-2-days": ["sat", "sun"], "places-0-need_slots-2-start": "22:00",
        "places-0-need_slots-2-end": "22:00"})
    assert response.status_code == 400
    text = html.unescape(response.text)
    assert '<a href="#places-0-need_slots-1-days">Lieu 1, horaire 2 : cochez au moins un jour.' \
        in text
    assert "Lieu 1, horaire 3 : l'heure de fin doit différer de l'heure de début" in text
    assert 'id="places-0-need_slots-1-days-legende"' in text  # the days' fieldset
    form = page_form(client, url, html=response.text)  # nothing typed is lost
    assert checked(form, "places-0-need_slots-2-days") == ["sat", "sun"]
    assert form["places-0-need_slots-1-start"] == "18:00"
    assert fresh(dossier)["diagnosis"]["places"][0]["need_slots"] == [
        {"day": "fri", "start": "18:00", "end": "23:00"}]


def test_rows_are_fieldsets_with_labelled_day_checkboxes(client, dossier):
    put(dossier, places=[{"name": "Gare", "need_slots": [
        {"day": "tue", "start": "16:00", "end": "23:00"}]}])
    page = client.get(DIAGNOSIS.format(id=dossier.id)).text
    assert re.search(r'<legend class="fr-fieldset__legend fr-h6" id="places-0-need_slots-0-titre">'
                     r'Horaire (<span data-repeat-number>)?1(</span>)?</legend>', page)
    assert 'class="fr-checkbox-group"' in page
    assert ('<label class="fr-label" for="places-0-need_slots-0-days-1"><span aria-hidden="true">'
            'mar</span><span class="fr-sr-only">mardi</span></label>') in page
    assert "Répéter" not in page


def test_need_slots_are_bounded_at_the_row(client, dossier):
    url = DIAGNOSIS.format(id=dossier.id)
    rows = {"places-0-name": "Gare"}
    for k, (start, end) in enumerate([("08:00", "09:00"), ("10:00", "11:00"),
                                      ("12:00", "13:00")]):
        rows.update({f"places-0-need_slots-{k}-days": WEEK if k < 2 else ["mon"],
                     f"places-0-need_slots-{k}-start": start,
                     f"places-0-need_slots-{k}-end": end})
    response = submit(client, url, page_form(client, url), **rows)
    assert response.status_code == 400
    assert ("Lieu 1, horaire 3 : 14 créneaux au maximum (un par jour coché) : les horaires "
            "précédents en comptent 14, celui-ci en ajouterait 1.") in response.text
    assert 'id="places-0-need_slots-2-days-erreur"' in response.text
    assert len(fresh(dossier)["diagnosis"]["places"][0]["need_slots"]) == 14
    assert validate(dossier.document) == []


def test_round_slots_are_bounded_at_the_row(client, dossier):
    put(dossier, places=[{"name": "Gare"}])
    url = INTERVENTION.format(id=dossier.id)
    rows = {"rounds-0-name": "Tournée", "rounds-0-places": "Gare"}
    for k in range(5):
        rows.update({f"rounds-0-slots-{k}-days": WEEK, f"rounds-0-slots-{k}-start": f"0{k}:00",
                     f"rounds-0-slots-{k}-end": f"0{k}:30", f"rounds-0-slots-{k}-mediators": "2"})
    response = submit(client, url, page_form(client, url), **rows)
    assert response.status_code == 400
    assert "Tournée 1, horaire 5 : 28 créneaux au maximum" in response.text
    assert len(fresh(dossier)["intervention"]["rounds"][0]["slots"]) == 28


PLACES = [
    {"name": "Place de la gare", "need_slots": [
        {"day": d, "start": "16:00", "end": "23:00"} for d in WEEK[1:6]]},
    {"name": "Parc", "need_slots": [{"day": "sat", "start": "20:00", "end": "01:00"},
                                    {"day": "sun", "start": "14:00", "end": "18:00"}]},
    {"name": "Marché", "need_slots": []},
]


def test_cover_needs_fills_an_empty_round_with_the_union_of_its_places_needs(client, dossier):
    put(dossier, places=PLACES)
    url = INTERVENTION.format(id=dossier.id)
    response = submit(client, url, page_form(client, url), action="cover:rounds-0", **{
        "rounds-0-name": "Centre", "rounds-0-places": ["Place de la gare", "Parc"]})
    assert response.status_code == 200
    assert ("6 créneaux ajoutés d&#39;après les besoins de : Place de la gare, Parc."
            in response.text)
    # Saturday: 16:00–23:00 at the station and 20:00–01:00 at the park make one range
    assert fresh(dossier)["intervention"]["rounds"][0]["slots"] == [
        *({"day": d, "start": "16:00", "end": "23:00", "mediators": 2} for d in WEEK[1:5]),
        {"day": "sat", "start": "16:00", "end": "01:00", "mediators": 2},
        {"day": "sun", "start": "14:00", "end": "18:00", "mediators": 2}]
    form = page_form(client, url, html=response.text)  # then editable, as rows
    assert checked(form, "rounds-0-slots-1-days") == WEEK[1:5]
    assert "rounds-0-slots-0-start" not in form  # the blank row made room
    page = client.get(url).text
    assert "100\u00a0% des heures de besoin couvertes" in page
    again = submit(client, url, page_form(client, url, html=page), action="cover:rounds-0")
    assert "couvrent déjà les besoins de ces lieux" in html.unescape(again.text)
    assert len(fresh(dossier)["intervention"]["rounds"][0]["slots"]) == 6


def test_cover_needs_adds_only_what_the_round_does_not_cover(client, dossier):
    put(dossier, places=PLACES, rounds=[{"name": "Centre", "places": ["Place de la gare"],
                                         "slots": [{"day": "tue", "start": "14:00",
                                                    "end": "20:00", "mediators": 4}]}])
    url = INTERVENTION.format(id=dossier.id)
    form = page_form(client, url)
    form.add("rounds-0-slots-0-days", "wed")  # typed, not saved yet: counted too
    response = submit(client, url, form, action="cover:rounds-0")
    assert response.status_code == 200
    assert fresh(dossier)["intervention"]["rounds"][0]["slots"] == [
        {"day": "tue", "start": "14:00", "end": "20:00", "mediators": 4},
        {"day": "wed", "start": "14:00", "end": "20:00", "mediators": 4},
        {"day": "tue", "start": "20:00", "end": "23:00", "mediators": 2},
        {"day": "wed", "start": "20:00", "end": "23:00", "mediators": 2},
        {"day": "thu", "start": "16:00", "end": "23:00", "mediators": 2},
        {"day": "fri", "start": "16:00", "end": "23:00", "mediators": 2},
        {"day": "sat", "start": "16:00", "end": "23:00", "mediators": 2}]


@pytest.mark.parametrize(("places", "message"), [
    ([], "Cochez d'abord les lieux du diagnostic que parcourt la tournée."),
    (["Marché"], "Aucun besoin horaire n'est renseigné pour ces lieux dans le diagnostic."),
])
def test_cover_needs_explains_what_it_lacks(client, dossier, places, message):
    put(dossier, places=PLACES)
    url = INTERVENTION.format(id=dossier.id)
    response = submit(client, url, page_form(client, url), action="cover:rounds-0",
                      **{"rounds-0-name": "Centre", "rounds-0-places": places})
    assert response.status_code == 200
    assert message in html.unescape(response.text)
    assert fresh(dossier)["intervention"]["rounds"][0]["slots"] == []


def test_cover_needs_keeps_a_round_within_its_bound(client, dossier):
    needs = [{"day": d, "start": f"{h:02d}:00", "end": f"{h:02d}:30"}
             for d in WEEK for h in (8, 10)]
    put(dossier, places=[{"name": "Gare", "need_slots": needs}], rounds=[
        {"name": "Nuit", "places": ["Gare"], "slots": [
            {"day": d, "start": f"{h:02d}:00", "end": f"{h:02d}:30", "mediators": 1}
            for d in WEEK for h in (0, 2, 4)]}])
    url = INTERVENTION.format(id=dossier.id)
    response = submit(client, url, page_form(client, url), action="cover:rounds-0")
    assert response.status_code == 200
    assert ("Couvrir ces besoins demande 14 créneaux de plus : la tournée en compterait 35, "
            "28 au maximum.") in response.text
    assert len(fresh(dossier)["intervention"]["rounds"][0]["slots"]) == 21
    assert validate(dossier.document) == []


def test_a_pending_input_kept_before_rows_existed_is_read_as_rows(client, dossier):
    put(dossier, places=[{"name": "Gare"}])
    dossier.pending = {"modalites": [
        ["rounds-0-name", "Soir"], ["rounds-0-places", "Gare"],
        ["rounds-0-slots-0-day", "fri"], ["rounds-0-slots-0-start", "25:00"],
        ["rounds-0-slots-0-end", "23:00"], ["rounds-0-slots-0-mediators", "2"],
        ["rounds-0-slots-1-day", "mon"], ["rounds-0-slots-1-start", ""],
        ["rounds-0-slots-1-end", ""], ["rounds-0-slots-1-mediators", "2"]]}
    flag_modified(dossier, "pending")
    db.session.commit()
    form = page_form(client, INTERVENTION.format(id=dossier.id))
    assert checked(form, "rounds-0-slots-0-days") == ["fri"]
    assert form["rounds-0-slots-0-start"] == "25:00"
    assert checked(form, "rounds-0-slots-1-days") == []  # a blank row then, blank now
