"""Rules shown where they apply: a started step lists what it still needs before
submission (with links to the fields), and the task list names every missing item."""

import copy

from tests.helpers import login


def test_a_started_step_shows_its_own_rules(app, cast, create_dossier, complete_document):
    document = copy.deepcopy(complete_document)
    document["partners"] = [p for p in document["partners"]
                             if not p["category"].startswith("etat_")]
    dossier = create_dossier(document=document, commune=cast["lille"])
    lead = login(app, cast["lead"])
    page = lead.get(f"/dossiers/{dossier.id}/etapes/partenaires").text
    assert 'id="a-completer"' in page
    assert "Associer au moins un service de l&#39;État" in page
    # a complete step shows no notice
    assert 'id="a-completer"' not in lead.get(f"/dossiers/{dossier.id}/etapes/objectifs").text


def test_a_blank_step_shows_no_notice_and_the_task_list_names_what_is_missing(app, cast):
    from wizard import operations
    from wizard.db import db

    dossier = operations.create_dossier(cast["lead"], cast["lille"], "Nouveau")
    db.session.commit()
    lead = login(app, cast["lead"])
    assert 'id="a-completer"' not in lead.get(f"/dossiers/{dossier.id}/etapes/partenaires").text
    tasks = lead.get(f"/dossiers/{dossier.id}").text
    assert "Ajouter au moins un partenaire." in tasks
    assert f"/dossiers/{dossier.id}/etapes/partenaires#partners" in tasks


def test_fields_needed_for_submission_are_marked(app, cast):
    from wizard import operations
    from wizard.db import db

    dossier = operations.create_dossier(cast["lead"], cast["lille"], "Nouveau")
    db.session.commit()
    lead = login(app, cast["lead"])
    page = lead.get(f"/dossiers/{dossier.id}/etapes/porteur-territoire").text
    assert "Les champs suivis d'un astérisque (*) sont nécessaires au dépôt" in page
    start = page.split('for="start_date"')[1].split("</label>")[0]
    assert '<span aria-hidden="true"> *</span>' in start and "(nécessaire au dépôt)" in start
    # an optional field is not marked
    axis = page.split('for="strategy_other"')[1].split("</label>")[0]
    assert "*" not in axis
