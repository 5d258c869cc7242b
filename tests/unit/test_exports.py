"""JSON export and import: round trip, every problem with its path, owner checks, nothing
written on error."""

import json

import pytest

from tests.samples import COMPLETE
from wizard.db import db
from wizard.document import DocumentError, normalise
from wizard.models import AuditEvent, Dossier, DossierState
from wizard.operations.exchange import export_json, import_json


@pytest.fixture
def lille_lead(create_commune, create_user):
    lille = create_commune()
    return create_user("lead", email="cheffe@lille.fr", communes=[lille])


def test_round_trip_equals_the_normalised_file(lille_lead):
    text = COMPLETE.read_text(encoding="utf-8")
    dossier = import_json(text, "Cheffe@Lille.fr")
    db.session.commit()
    assert json.loads(export_json(dossier)) == normalise(json.loads(text))
    assert dossier.state == DossierState.DRAFT and dossier.created_by_id == lille_lead.id
    assert dossier.title.startswith("Médiation sociale dans les espaces publics — Lille Sud")
    assert dossier.total_cost is not None and dossier.department == "59"
    assert AuditEvent.query.filter_by(action="dossier_imported", dossier_id=dossier.id).one()
    again = import_json(export_json(dossier), lille_lead.email)
    assert export_json(again) == export_json(dossier)


def test_every_problem_is_listed_with_its_path_and_nothing_is_written(lille_lead,
                                                                      complete_document):
    doc = complete_document
    doc["years"] = 7
    doc["holder"]["contact_email"] = "pas-une-adresse"
    doc["diagnosis"]["places"][0]["need_slots"][0]["day"] = "lundi"
    doc["surprise"] = True
    with pytest.raises(DocumentError) as caught:
        import_json(json.dumps(doc), lille_lead.email)
    paths = {problem.path for problem in caught.value.problems}
    assert {"years", "holder.contact_email", "diagnosis.places[0].need_slots[0].day"} <= paths
    assert len(caught.value.problems) >= 4
    assert all(problem.message for problem in caught.value.problems)
    assert Dossier.query.count() == 0


@pytest.mark.parametrize("text, expected", [
    ("{pas du json", "JSON invalide ligne 1, colonne 2"),
    ("[]", "Le fichier ne contient pas un dossier"),
    ('{"format": "autre"}', "doit valoir « mediation-dossier »"),
])
def test_unreadable_files_are_refused_in_french(lille_lead, text, expected):
    with pytest.raises(DocumentError) as caught:
        import_json(text, lille_lead.email)
    assert expected in str(caught.value)
    assert Dossier.query.count() == 0


def test_the_owner_must_be_an_active_lead_of_the_commune(create_commune, create_user):
    lille = create_commune()
    roubaix = create_commune("59512", "Roubaix")
    create_user("lead", email="roubaix@ville.fr", communes=[roubaix])
    create_user("lead", email="ancien@lille.fr", communes=[lille], active=False)
    create_user("adviser", email="conseil@region.fr")
    text = COMPLETE.read_text(encoding="utf-8")
    cases = {
        "personne@nulle-part.fr": "aucun compte n'a l'adresse « personne@nulle-part.fr »",
        "ancien@lille.fr": "est désactivé",
        "conseil@region.fr": "n'est pas un compte de porteur de projet",
        "roubaix@ville.fr": "ne porte pas de projet pour Lille (59350)",
    }
    for email, message in cases.items():
        with pytest.raises(DocumentError) as caught:
            import_json(text, email)
        [problem] = caught.value.problems
        assert problem.path == "--owner" and message in problem.message
    doc = json.loads(text)
    doc["commune"]["insee_code"] = "75056"
    with pytest.raises(DocumentError, match="Import refusé") as caught:
        import_json(json.dumps(doc), "roubaix@ville.fr")
    assert str(caught.value.problems[0]) == "commune.insee_code : commune inconnue : 75056"
    assert Dossier.query.count() == 0


def test_a_stored_version_1_document_is_read_and_exported_as_version_2(lille_lead,
                                                                     complete_document):
    dossier = import_json(json.dumps(complete_document), lille_lead.email)
    db.session.commit()
    old = {**dossier.document, "version": 1}
    db.session.execute(db.update(Dossier).where(Dossier.id == dossier.id)
                       .values(document=old))  # as an older release stored it
    db.session.commit()
    db.session.expire_all()
    loaded = db.session.get(Dossier, dossier.id)
    assert loaded.document["version"] == 2
    assert loaded not in db.session.dirty and not db.session.is_modified(loaded)
    assert json.loads(export_json(loaded))["version"] == 2
    assert json.loads(export_json(Dossier(document=old)))["version"] == 2


def test_the_origin_of_suggested_rows_survives_export_and_import(lille_lead, complete_document):
    doc = complete_document
    doc["partners"][0]["suggestion"] = "Police nationale — commissariat"
    doc["funding"]["funders"][0]["suggestion"] = doc["partners"][0]["name"]
    doc["evaluation"]["indicators"][1]["suggestion"] = "Heures de présence sur le terrain"
    dossier = import_json(json.dumps(doc), lille_lead.email)
    db.session.commit()
    exported = json.loads(export_json(dossier))
    assert exported == normalise(doc)
    assert exported["funding"]["funders"][0]["suggestion"] == doc["partners"][0]["name"]
    assert export_json(import_json(export_json(dossier), lille_lead.email)) == export_json(dossier)
    doc["evaluation"]["indicators"][0]["suggestion"] = ""  # a name_text: never empty
    with pytest.raises(DocumentError) as caught:
        import_json(json.dumps(doc), lille_lead.email)
    assert [p.path for p in caught.value.problems] == ["evaluation.indicators[0].suggestion"]
