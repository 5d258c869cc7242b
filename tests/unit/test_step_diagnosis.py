"""Step « Diagnostic des besoins »: load/save round trip, item rules, renames, missing, summary."""

import copy

import pytest
from werkzeug.datastructures import MultiDict

from wizard import document
from wizard.costing import Pinned
from wizard.steps import diagnosis, schedule
from wizard.steps.base import Missing

DEFAULTS = Pinned.defaults()
LILLE_QPVS = {"QN05926M": "Lille Sud (QN05926M)", "QN05927M": "Moulins (QN05927M)"}


@pytest.fixture
def doc(complete_document):
    return complete_document


@pytest.fixture
def request_context(app):
    with app.test_request_context():
        yield


def posted(pairs: dict, qpvs=None) -> diagnosis.DiagnosisForm:
    """A validated form built from browser-like input (`qpvs` offered to the places)."""
    form = diagnosis.DiagnosisForm(formdata=MultiDict(pairs), meta={"csrf": False})
    if qpvs:
        form.offer_qpvs(qpvs)
    form.validate()
    return form


def test_round_trip_of_the_complete_example(request_context, doc):
    form = diagnosis.DiagnosisForm(data=diagnosis.load(doc), meta={"csrf": False})
    form.offer_qpvs(LILLE_QPVS)
    assert form.validate(), form.errors
    target = {}
    diagnosis.save(target, form)
    assert target["diagnosis"] == doc["diagnosis"]


def test_round_trip_into_a_new_document_is_valid(request_context, doc):
    form = diagnosis.DiagnosisForm(data=diagnosis.load(doc), meta={"csrf": False})
    form.offer_qpvs(LILLE_QPVS)
    form.validate()
    target = document.new_document("59350")
    diagnosis.save(target, form)
    assert target["diagnosis"] == doc["diagnosis"]
    assert document.validate(target) == []


def test_blank_rows_are_dropped_and_types_are_kept(request_context):
    form = posted({
        "summary": "  Tensions en soirée.  ",
        "problems-0-kind": "incivilites", "problems-0-severity": "3",
        "problems-1-kind": "",
        "target_groups": "jeunes",
        "places-0-name": " Place de la gare ", "places-0-qpv": "y", "places-0-priority": "1",
        "places-0-need_slots-0-days": "fri", "places-0-need_slots-0-start": "22:00",
        "places-0-need_slots-0-end": "02:00",
        "places-0-need_slots-1-start": "",
        "places-1-name": "",
    })
    assert not form.errors
    doc = {}
    diagnosis.save(doc, form)
    assert doc["diagnosis"] == {
        "summary": "Tensions en soirée.",
        "problems": [{"kind": "incivilites", "severity": 3}],
        "target_groups": ["jeunes"],
        "places": [{"name": "Place de la gare", "qpv": True, "priority": 1,
                    "need_slots": [{"day": "fri", "start": "22:00", "end": "02:00"}]}],
    }


def test_target_groups_keep_their_saved_order(request_context):
    doc = {"diagnosis": {"target_groups": ["usagers_transports", "jeunes"]}}
    diagnosis.save(doc, posted({"target_groups": ["jeunes", "familles", "usagers_transports"]}))
    assert doc["diagnosis"]["target_groups"] == ["usagers_transports", "jeunes", "familles"]


def test_an_invalid_time_leaves_out_only_its_slot(request_context):
    form = posted({
        "places-0-name": "Parc",
        "places-0-need_slots-0-days": "wed", "places-0-need_slots-0-start": "14:00",
        "places-0-need_slots-0-end": "18:00",
        "places-0-need_slots-1-days": "sat", "places-0-need_slots-1-start": "25:00",
        "places-0-need_slots-1-end": "23:00",
    })
    slot = form.places.entries[0].form.need_slots.entries[1].form
    assert slot.start.errors == [
        "L'heure de début est invalide : format attendu HH:MM (par exemple 18:30)."]
    doc = {}
    diagnosis.save(doc, form)
    assert doc["diagnosis"]["places"][0]["need_slots"] == [
        {"day": "wed", "start": "14:00", "end": "18:00"}]


@pytest.mark.parametrize(("slot", "field", "message"), [
    ({"days": "fri", "start": "18:00", "end": "18:00"}, "end", schedule.SAME_TIMES),
    ({"start": "18:00", "end": "20:00"}, "days", "Cochez au moins un jour."),
    ({"days": "fri", "start": "", "end": "20:00"}, "start", "Indiquez l'heure de début."),
    ({"days": "fri", "start": "18:00", "end": " "}, "end", "Indiquez l'heure de fin."),
])
def test_a_slot_must_be_complete_and_not_end_when_it_starts(request_context, slot, field, message):
    pairs = {"places-0-name": "Parc"}
    pairs.update({f"places-0-need_slots-0-{key}": value for key, value in slot.items()})
    form = posted(pairs)
    slot_form = form.places.entries[0].form.need_slots.entries[0].form
    assert getattr(slot_form, field).errors == [message]
    doc = {}
    diagnosis.save(doc, form)
    assert doc["diagnosis"]["places"] == [{"name": "Parc", "qpv": False, "need_slots": []}]


def test_duplicate_place_names_error_at_the_second_and_it_is_not_saved(request_context):
    form = posted({"places-0-name": "Place de la gare", "places-1-name": "  place de la GARE ",
                   "places-2-name": "Parc"})
    assert form.places.entries[1].form.name.errors == [diagnosis.DUPLICATE_NAME]
    assert form.places.errors and not form.places.entries[0].form.name.errors
    doc = {}
    diagnosis.save(doc, form)
    assert [p["name"] for p in doc["diagnosis"]["places"]] == ["Place de la gare", "Parc"]


def test_a_described_place_without_a_name_stays_pending(request_context):
    form = posted({"places-0-name": " ", "places-0-kind": "parc"})
    assert form.places.entries[0].form.name.errors == [diagnosis.NAMELESS_PLACE]
    assert not form.validate()
    doc = {}
    diagnosis.save(doc, form)
    assert doc["diagnosis"]["places"] == []


def test_a_described_problem_without_a_type_stays_pending(request_context):
    form = posted({"problems-0-evidence": "Plaintes répétées."})
    assert form.problems.entries[0].form.kind.errors == ["Choisissez le type de problème."]
    doc = {}
    diagnosis.save(doc, form)
    assert doc["diagnosis"]["problems"] == []


def test_renames_follow_positions_and_ignore_additions_and_deletions():
    assert diagnosis.renames(["A", "B", "C"], ["A", "B2", "C"]) == {"B": "B2"}
    assert diagnosis.renames(["A", "B", "C"], ["B", "C"]) == {}  # first one deleted
    assert diagnosis.renames(["A", "B"], ["A", "B", "C"]) == {}  # one added
    assert diagnosis.renames(["gare"], ["Gare"]) == {"gare": "Gare"}  # case matters in rounds


def test_save_renames_places_in_rounds(request_context, doc):
    data = diagnosis.load(doc)
    data["places"] = copy.deepcopy(data["places"])
    data["places"][1]["name"] = "Parc Lebas"
    form = diagnosis.DiagnosisForm(data=data, meta={"csrf": False})
    form.validate()
    diagnosis.save(doc, form)
    assert doc["intervention"]["rounds"][0]["places"] == ["Place de la gare", "Parc Lebas"]
    assert doc["intervention"]["rounds"][1]["places"] == ["Rue du Faubourg des Postes"]
    assert document.validate(doc) == []


def test_nothing_is_missing_in_the_complete_example(doc):
    assert diagnosis.missing(doc, DEFAULTS) == []


def test_missing_names_each_need_and_its_field():
    doc = {"diagnosis": {"places": [{"name": "Parc", "need_slots": []}]}}
    assert diagnosis.missing(doc, DEFAULTS) == [
        Missing("Rédiger la synthèse du diagnostic.", "summary"),
        Missing("Décrire au moins un problème constaté.", "problems"),
        Missing("Choisir au moins un public cible.", "target_groups"),
        Missing("Indiquer au moins un créneau de besoin pour le lieu « Parc ».",
                "places-0-need_slots"),
    ]
    assert Missing("Déclarer au moins un lieu d'intervention.", "places") in diagnosis.missing({}, DEFAULTS)


def test_summary_has_one_section_per_problem_and_place(doc):
    sections = diagnosis.summarize(doc, DEFAULTS)
    titles = [s.title for s in sections]
    assert titles == ["Synthèse", "Problème 1 — Conflits de voisinage",
                      "Problème 2 — Sentiment d’insécurité",
                      "Problème 3 — Tensions impliquant des groupes de jeunes",
                      "Problème 4 — Isolement de personnes", "Lieu 1 — Place de la gare",
                      "Lieu 2 — Parc Jean-Baptiste Lebas", "Lieu 3 — Rue du Faubourg des Postes"]
    overview = dict(sections[0].rows)
    assert overview["Publics cibles"] == ["Jeunes", "Personnes âgées", "Usagers des transports",
                                          "Commerçants"]
    assert dict(sections[2].rows)["Gravité"] == "Forte"
    place = dict(sections[7].rows)
    assert place["Type de lieu"] == "Secteur commerçant"
    assert place["Quartier prioritaire (QPV)"] == "Oui — QN05926M"
    assert place["Priorité"] == "Priorité 1 (la plus haute)"
    assert place["Besoins de présence"] == ["Jeudi 16:00–21:00",
                                            "Samedi 20:00–00:30 (fin le lendemain)"]
    assert dict(sections[5].rows)["Besoins de présence"] == ["Vendredi et samedi 18:00–23:00"]


def test_summary_of_an_empty_diagnosis_says_what_is_not_filled():
    sections = diagnosis.summarize({}, DEFAULTS)
    assert len(sections) == 1
    assert all(value is None for _, value in sections[0].rows)


def test_a_place_linked_to_a_qpv_is_in_a_qpv_and_unlinking_it_takes_it_out(request_context):
    base = {"places-0-name": "Parc", "places-1-name": "Gare"}
    form = posted({**base, "places-0-qpv_code": "QN05927M", "places-1-qpv_code": ""},
                  LILLE_QPVS)
    doc = {}
    diagnosis.save(doc, form)
    assert doc["diagnosis"]["places"] == [
        {"name": "Parc", "qpv": True, "qpv_code": "QN05927M", "need_slots": []},
        {"name": "Gare", "qpv": False, "need_slots": []}]
    assert document.validate({"format": document.FORMAT, "version": document.VERSION, **doc}) == []
    summary = diagnosis.summarize(doc, DEFAULTS)
    assert ("Quartier prioritaire (QPV)", "Oui — QN05927M") in summary[1].rows
    # an added row (add button, JS prototype) is offered the same QPVs
    form.places.append_entry()
    assert [c.value for c in form.places.entries[-1].form.qpv_code.choices] == [
        "", "QN05926M", "QN05927M"]


def test_a_qpv_outside_the_list_is_refused_and_the_place_kept_without_it(request_context):
    form = posted({"places-0-name": "Parc", "places-0-qpv_code": "QN99999M"}, LILLE_QPVS)
    assert form.places.entries[0].form.qpv_code.errors == [
        "Quartier inconnu : choisissez-le dans la liste."]
    doc = {}
    diagnosis.save(doc, form)
    assert doc["diagnosis"]["places"] == [{"name": "Parc", "qpv": False, "need_slots": []}]


def test_without_a_qpv_list_the_box_still_marks_a_place(request_context):
    form = posted({"places-0-name": "Parc", "places-0-qpv": "y"})
    doc = {}
    diagnosis.save(doc, form)
    assert doc["diagnosis"]["places"][0]["qpv"] is True
