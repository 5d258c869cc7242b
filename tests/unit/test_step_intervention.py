"""Step 5 « Modalités d'intervention »: load/save round trip, French number input,
deleted places, missing items and the recap sections."""

import copy

import pytest
from werkzeug.datastructures import MultiDict

from wizard.costing import Pinned
from wizard.document import normalise, validate
from wizard.steps.intervention import STEP, in_order, load, missing, save, summarize
from wizard.steps.schedule import schedule_lines

DEFAULTS = Pinned.defaults()


@pytest.fixture
def form_for(app):
    """Build the step form like the view does (data= for a GET, formdata= for a POST)."""

    def build(document, formdata=None):
        with app.test_request_context():
            if formdata is None:
                form = STEP.form(data=load(document), meta={"csrf": False})
            else:
                form = STEP.form(formdata=MultiDict(formdata), meta={"csrf": False})
            form.offer_places([p["name"] for p in document["diagnosis"]["places"]])
            valid = form.validate()
            return form, valid

    return build


def saved(document, form):
    result = copy.deepcopy(document)
    save(result, form)
    return result


def test_round_trip_of_the_complete_dossier(form_for, complete_document):
    form, valid = form_for(complete_document)
    assert valid, form.errors
    result = saved(complete_document, form)
    assert normalise(result) == normalise(complete_document)
    assert validate(result) == []


def test_post_with_french_numbers(form_for, complete_document):
    data = {
        "employer": "gip", "qualification": "tp_amis",
        "rounds-0-name": " Gare ", "rounds-0-places": "Place de la gare",
        "rounds-0-slots-0-days": "sat", "rounds-0-slots-0-start": "21h",
        "rounds-0-slots-0-end": "1:30", "rounds-0-slots-0-mediators": "4",
        "rounds-0-slots-1-start": "", "rounds-0-slots-1-end": "",
        "rounds-0-slots-1-mediators": "2",  # blank row (no day, no time): dropped
        "weeks_per_year": "45", "team_leader_fte": "0,75", "new_mediators_to_train": "",
        "vehicles": "2",
        "other_costs-0-label": "Loyer", "other_costs-0-account": "613",
        "other_costs-0-amount": "4\u202f800,50",
        "other_costs-1-label": "Téléphones", "other_costs-1-account": "626",
        "other_costs-1-amount": "1200 €", "other_costs-1-one_time": "y",
    }
    form, valid = form_for(complete_document, data)
    assert valid, form.errors
    iv = saved(complete_document, form)["intervention"]
    assert iv["employer"] == "gip" and iv["qualification"] == ["tp_amis"]
    assert iv["rounds"] == [{"name": "Gare", "places": ["Place de la gare"], "slots": [
        {"day": "sat", "start": "21:00", "end": "01:30", "mediators": 4}]}]
    assert iv["team_leader_fte"] == 0.75 and iv["new_mediators_to_train"] == 0
    assert iv["weeks_per_year"] == 45 and iv["vehicles"] == 2
    assert iv["reinforcements"] == []
    assert iv["other_costs"] == [
        {"label": "Loyer", "account": "613", "amount": "4800.50", "one_time": False},
        {"label": "Téléphones", "account": "626", "amount": "1200.00", "one_time": True}]


def test_invalid_values_are_not_saved(form_for, complete_document):
    data = {
        "rounds-0-name": "Gare", "rounds-0-places": "Place de la gare",
        "rounds-0-slots-0-days": "fri", "rounds-0-slots-0-start": "18:00",
        "rounds-0-slots-0-end": "18:00", "rounds-0-slots-0-mediators": "2",
        "rounds-0-slots-1-days": "fri", "rounds-0-slots-1-start": "18:00",
        "rounds-0-slots-1-end": "", "rounds-0-slots-1-mediators": "2",
        "rounds-0-slots-2-days": "fri", "rounds-0-slots-2-start": "10:00",
        "rounds-0-slots-2-end": "12:00", "rounds-0-slots-2-mediators": "21",
        "weeks_per_year": "0", "team_leader_fte": "-1", "vehicles": "1,5",
        "other_costs-0-label": "Loyer", "other_costs-0-amount": "12,345",
        "other_costs-1-label": "", "other_costs-1-amount": "100",
    }
    form, valid = form_for(complete_document, data)
    assert not valid
    slots = form.rounds.entries[0].form.slots.entries
    assert slots[0].form.end.errors[0].startswith("L'heure de fin doit différer")
    assert slots[1].form.end.errors == ["Indiquez l'heure de fin."]
    assert slots[2].form.mediators.errors == ["Entre 1 et 20 médiateurs."]
    assert form.weeks_per_year.errors == ["Entre 1 et 52 semaines."]
    assert form.team_leader_fte.errors == ["Nombre attendu, par exemple 0,5."]
    assert form.vehicles.errors == ["Nombre entier attendu (par exemple 2)."]
    costs = form.other_costs.entries
    assert costs[0].form.amount.errors == [  # « 12,345 »: thousands or cents? never guessed
        "Écrivez 12\u202f345 (douze mille trois cent quarante-cinq) : un montant a deux "
        "décimales au plus."]
    assert costs[1].form.label.errors == ["Décrire la dépense pour pouvoir l'enregistrer."]
    iv = saved(complete_document, form)["intervention"]
    assert iv["rounds"][0]["slots"] == []
    assert iv["weeks_per_year"] == 47 and iv["vehicles"] == 1 and iv["team_leader_fte"] is None
    assert iv["other_costs"] == [{"label": "Loyer", "one_time": False}]


def test_a_deleted_place_is_offered_flagged_and_dropped(form_for, complete_document):
    document = copy.deepcopy(complete_document)
    document["intervention"]["rounds"][1]["places"].insert(0, "Ancien marché")
    form, valid = form_for(document)
    places = form.rounds.entries[1].form.places
    assert not valid
    assert places.errors == [
        "Ce lieu n'existe plus dans le diagnostic : décochez-le ou recréez-le."]
    labels = {c.value: c.label for c in places.choices}
    assert labels["Ancien marché"] == "Lieu supprimé du diagnostic : Ancien marché"
    result = saved(document, form)
    assert result["intervention"]["rounds"][1]["places"] == ["Rue du Faubourg des Postes"]
    assert validate(result) == []


def test_checked_codes_keep_their_saved_order():
    assert in_order(["a", "b", "c"], ["c", "a", "x"]) == ["c", "a", "b"]
    assert in_order(None, ["a"]) == []


def test_missing_names_the_rounds(complete_document):
    doc = copy.deepcopy(complete_document)
    assert missing(doc, DEFAULTS) == []
    iv = doc["intervention"]
    del iv["employer"], iv["weeks_per_year"]
    iv["rounds"][0]["places"] = []
    iv["rounds"][1]["slots"] = []
    iv["reinforcements"][0].pop("weeks")
    iv["other_costs"][0].pop("account")
    messages = [(m.message, m.anchor) for m in missing(doc, DEFAULTS)]
    assert messages == [
        ("Choisir l'employeur des médiateurs.", "employer"),
        ("Tournée « Centre et gare » : choisir au moins un lieu du diagnostic.", "rounds-0-places"),
        ("Tournée « Lille Sud » : ajouter au moins un créneau.", "rounds-1-slots"),
        ("Indiquer le nombre de semaines d'intervention par an.", "weeks_per_year"),
        ("Renfort « Été » : indiquer le nombre de semaines et au moins un créneau.",
         "reinforcements-0"),
        ("Dépense « Loyer du local » : indiquer le compte et le montant.", "other_costs-0"),
    ]
    iv["rounds"] = []
    assert ("Décrire au moins une tournée : ses lieux et ses créneaux.", "rounds") in [
        (m.message, m.anchor) for m in missing(doc, DEFAULTS)]


def test_summarize(complete_document):
    sections = summarize(complete_document, DEFAULTS)
    titles = [s.title for s in sections]
    assert titles == ["Cadre", "Tournée « Centre et gare »", "Tournée « Lille Sud »",
                      "Renfort « Été »", "Autres dépenses"]
    cadre = dict(sections[0].rows)
    assert cadre["Employeur"] == "Commune (en régie)"
    assert cadre["Semaines d'intervention par an"] == "47 semaines"
    assert cadre["Encadrement"] == "Calculé automatiquement"
    assert cadre["Véhicules"] == "1" and cadre["Nouveaux médiateurs à former"] == "3"
    first = dict(sections[1].rows)
    assert first["Lieux"] == ["Place de la gare", "Parc Jean-Baptiste Lebas"]
    assert first["Créneaux"][0] == "Mercredi 14:00–20:00 — 2 médiateurs"
    assert dict(sections[2].rows)["Créneaux"][1] == (
        "Samedi 19:00–01:00 (fin le lendemain) — 2 médiateurs")
    assert dict(sections[3].rows)["Durée"] == "8 semaines par an"
    costs = dict(sections[4].rows)
    assert costs["Loyer du local"].startswith("4\u202f800,00\u00a0€ — 613")
    assert costs["Aménagement du local"].endswith("ponctuelle (année 1 seulement)")
    assert schedule_lines([{"day": "mon", "start": "09:00", "end": "12:00", "mediators": 1}],
                          mediators=True) == ["Lundi 09:00–12:00 — 1 médiateur"]


def test_summarize_an_empty_intervention():
    sections = summarize({"intervention": {"rounds": [], "team_leader_fte": 0.5}}, DEFAULTS)
    assert dict(sections[0].rows)["Encadrement"] == "0,50 ETP"
    assert dict(sections[0].rows)["Employeur"] is None
    assert sections[-1].rows == [("Autres dépenses", "Aucune")]
