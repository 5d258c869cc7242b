"""The step engine through the territory and objectives steps: save, errors, pending input,
locking, rows without JS, task list, recap, duplicate, delete, access."""

from pathlib import Path

import pytest

from tests.helpers import page_form, submit
from wizard.db import db
from wizard.models import AuditEvent, Dossier
from wizard.reference.qpv import import_qpvs

QPV_SAMPLE = Path(__file__).resolve().parents[2] / "wizard" / "reference" / "data" / "qpv-sample.csv"

TERRITORY = "/dossiers/{id}/etapes/porteur-territoire"


@pytest.fixture
def lead_dossier(client, login_as, create_commune):
    """A logged-in lead of Lille and a new dossier created through the UI."""
    lille = create_commune()
    user = login_as("lead", communes=[lille])
    form = page_form(client, "/dossiers/nouveau")
    response = submit(client, "/dossiers/nouveau", form, commune="59350", title="Médiation Lille Sud")
    assert response.status_code == 302
    dossier = Dossier.query.one()
    return user, dossier


def test_new_dossier_starts_with_a_valid_document(lead_dossier):
    _, dossier = lead_dossier
    assert dossier.title == "Médiation Lille Sud"
    assert dossier.document["commune"] == {"insee_code": "59350"}
    assert dossier.department == "59" and dossier.version == 1


@pytest.fixture
def qpvs(app):
    """The sample of the national QPV list (four QPVs in Lille)."""
    import_qpvs(QPV_SAMPLE)


def test_territory_round_trip(client, lead_dossier, qpvs):
    _, dossier = lead_dossier
    url = TERRITORY.format(id=dossier.id)
    form = page_form(client, url)
    assert '<option value="QN05926M">Lille Sud (QN05926M)</option>' in client.get(url).text
    response = submit(client, url, form, action="continue", holder_kind="commune",
                      holder_name="Ville de Lille", siret="215 903 501 00017",
                      address="Place Augustin Laurent", postal_code="59000", city="Lille",
                      representative_name="Camille Leroy", representative_quality="Maire",
                      contact_name="Camille Martin", contact_email="cmartin@mairie-lille.fr",
                      application="renouvellement", previous_title="Médiation 2025 (FIPD)",
                      scope="quartiers",
                      **{"neighbourhoods-0-name": "", "neighbourhoods-0-qpv_code": "QN05926M",
                         "neighbourhoods-1-name": "Gare", "neighbourhoods-1-qpv_code": ""},
                      prevention_council="clspd", start_date="2027-01-01", years="3")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/etapes/diagnostic")
    db.session.refresh(dossier)
    doc = dossier.document
    assert doc["holder"] == {
        "kind": "commune", "name": "Ville de Lille", "siret": "21590350100017",
        "address": "Place Augustin Laurent", "postal_code": "59000", "city": "Lille",
        "representative": {"name": "Camille Leroy", "quality": "Maire"},
        "contact_name": "Camille Martin", "contact_email": "cmartin@mairie-lille.fr",
        "application": "renouvellement", "previous_dossier": {"title": "Médiation 2025 (FIPD)"},
    }
    # a QPV picked without a name takes the QPV's name
    assert doc["territory"]["neighbourhoods"] == [{"name": "Lille Sud", "qpv_code": "QN05926M"},
                                                  {"name": "Gare"}]
    assert doc["start_date"] == "2027-01-01" and doc["years"] == 3
    again = client.get(url)
    assert 'value="Ville de Lille"' in again.text
    assert '<option selected value="QN05926M">' in again.text
    assert "SIREN : 215 903 501." in again.text
    event = AuditEvent.query.filter_by(action="dossier_saved").one()
    assert "holder.name" in event.details["changed"]


def test_invalid_values_are_shown_back_and_kept_pending(client, lead_dossier):
    _, dossier = lead_dossier
    url = TERRITORY.format(id=dossier.id)
    form = page_form(client, url)
    response = submit(client, url, form, action="continue", holder_name="Ville de Lille",
                      contact_email="pas-une-adresse", years="7", siret="215 903 501 00018",
                      **{"neighbourhoods-0-name": "Fives", "neighbourhoods-0-qpv_code": "QP123"})
    assert response.status_code == 400
    assert "<title>Erreur : " in response.text
    assert "Adresse électronique invalide" in response.text
    assert "La durée doit être de 1, 2 ou 3 ans." in response.text
    assert "Quartier inconnu : choisissez-le dans la liste." in response.text
    assert "Ce SIRET n&#39;existe pas : sa clé de contrôle est fausse." in response.text
    for typed in ('value="pas-une-adresse"', 'value="21590350100018"', 'value="Fives"'):
        assert typed in response.text
    db.session.refresh(dossier)
    # the valid value is saved, the invalid ones are not, and nothing typed is lost
    assert dossier.document["holder"]["name"] == "Ville de Lille"
    assert "contact_email" not in dossier.document["holder"]
    assert dossier.document["territory"]["neighbourhoods"] == [{"name": "Fives"}]
    later = client.get(url)
    assert 'value="pas-une-adresse"' in later.text and "Adresse électronique invalide" in later.text
    tasks = client.get(f"/dossiers/{dossier.id}")
    assert "Saisies à corriger" in tasks.text


def test_a_save_from_an_old_version_is_refused_with_who_and_when(client, lead_dossier):
    user, dossier = lead_dossier
    url = TERRITORY.format(id=dossier.id)
    first_tab = page_form(client, url)
    second_tab = page_form(client, url)
    assert submit(client, url, first_tab, holder_name="Premier onglet").status_code == 302
    refused = submit(client, url, second_tab, holder_name="Second onglet")
    assert refused.status_code == 409
    assert f"modifié par {user.name}" in refused.text
    assert "Porteur et territoire" in refused.text
    assert 'value="Second onglet"' in refused.text  # the input stays on screen
    db.session.refresh(dossier)
    assert dossier.document["holder"]["name"] == "Premier onglet"


def test_rows_are_added_and_removed_without_javascript(client, lead_dossier):
    _, dossier = lead_dossier
    url = TERRITORY.format(id=dossier.id)
    form = page_form(client, url)
    added = submit(client, url, form, action="add:neighbourhoods", holder_name="Ville de Lille")
    assert added.status_code == 200
    assert 'name="neighbourhoods-0-name"' in added.text
    assert 'value="Ville de Lille"' in added.text
    form = page_form(client, url, html=added.text)
    two = submit(client, url, form, action="add:neighbourhoods",
                 **{"neighbourhoods-0-name": "Lille Sud"})
    assert 'name="neighbourhoods-1-name"' in two.text
    form = page_form(client, url, html=two.text)
    removed = submit(client, url, form, action="remove:neighbourhoods-0",
                     **{"neighbourhoods-0-name": "Lille Sud", "neighbourhoods-1-name": "Moulins"})
    assert "Élément supprimé." in removed.text
    db.session.refresh(dossier)
    assert dossier.document["territory"]["neighbourhoods"] == [{"name": "Moulins"}]


def test_lists_are_capped_at_the_schema_bound(client, lead_dossier):
    from wizard.forms.limits import list_limit

    limit = list_limit("territory.neighbourhoods")
    _, dossier = lead_dossier
    url = TERRITORY.format(id=dossier.id)
    form = page_form(client, url)
    rows = {f"neighbourhoods-{i}-name": f"Quartier {i}" for i in range(limit)}
    response = submit(client, url, form, action="add:neighbourhoods", **rows)
    assert f"limitée à {limit} éléments" in response.text
    db.session.refresh(dossier)
    assert len(dossier.document["territory"]["neighbourhoods"]) == limit


def test_task_list_statuses_and_progress(client, lead_dossier):
    _, dossier = lead_dossier
    page = client.get(f"/dossiers/{dossier.id}")
    assert "Non commencé" in page.text
    # the title and the commune typed when creating the dossier do not start step 1
    first = page.text.split('id="etat-porteur-territoire"')[1].split("</tr>")[0]
    assert "Non commencé" in first and "En cours" not in first
    before = _progress(page.text)
    url = "/dossiers/{id}/etapes/objectifs".format(id=dossier.id)
    form = page_form(client, url)
    submit(client, url, form, missions=["dialogue_social", "veille_technique"])
    page = client.get(f"/dossiers/{dossier.id}")
    row = page.text.split("3. Objectifs")[1].split("</tr>")[0]
    assert "En cours" in row
    form = page_form(client, url)
    submit(client, url, form, missions=["dialogue_social"], domains=["espaces_publics"],
           **{"specific-0": "Apaiser la place de la gare"})
    page = client.get(f"/dossiers/{dossier.id}")
    row = page.text.split("3. Objectifs")[1].split("</tr>")[0]
    assert "Complet" in row
    assert _progress(page.text) == before + 1


def _progress(html):
    import re

    return int(re.search(r"(\d+) étapes? complètes? sur 7", html).group(1))


def test_recap_lists_answers_missing_items_and_edit_links(client, lead_dossier):
    _, dossier = lead_dossier
    url = "/dossiers/{id}/etapes/objectifs".format(id=dossier.id)
    submit(client, url, page_form(client, url), missions=["aide_directe"])
    recap = client.get(f"/dossiers/{dossier.id}/recapitulatif")
    assert recap.status_code == 200
    assert "Apporter une aide directe" in recap.text or "aide directe" in recap.text.lower()
    assert "Non renseigné" in recap.text
    assert "Indiquer le nom légal du porteur." in recap.text
    assert "retour=recapitulatif" in recap.text
    edit = f"{url}?retour=recapitulatif"
    back = submit(client, edit, page_form(client, edit), action="continue", missions=["aide_directe"])
    assert back.headers["Location"].endswith(f"/dossiers/{dossier.id}/recapitulatif#etape-objectifs")


def test_duplicate_copies_everything(client, lead_dossier):
    _, dossier = lead_dossier
    url = TERRITORY.format(id=dossier.id)
    submit(client, url, page_form(client, url), holder_name="Ville de Lille")
    tasks = page_form(client, f"/dossiers/{dossier.id}")
    response = submit(client, f"/dossiers/{dossier.id}/dupliquer", tasks)
    assert response.status_code == 302
    copy_ = Dossier.query.filter(Dossier.id != dossier.id).one()
    assert copy_.title == "Médiation Lille Sud (copie)"
    assert copy_.document["holder"]["name"] == "Ville de Lille"
    assert copy_.state == "brouillon"


def test_delete_draft_needs_confirmation(client, lead_dossier):
    _, dossier = lead_dossier
    confirm = client.get(f"/dossiers/{dossier.id}/supprimer")
    assert "Supprimer le brouillon ?" in confirm.text
    assert Dossier.query.count() == 1
    response = submit(client, f"/dossiers/{dossier.id}/supprimer", page_form(client, f"/dossiers/{dossier.id}/supprimer"))
    assert response.status_code == 302
    assert Dossier.query.count() == 0


def test_another_communes_dossier_answers_404(client, lead_dossier, create_commune, create_user,
                                              create_dossier):
    _, dossier = lead_dossier
    roubaix = create_commune("59512", "Roubaix")
    other = create_dossier(commune=roubaix, title="Roubaix")
    for url in (f"/dossiers/{other.id}", f"/dossiers/{other.id}/recapitulatif",
                TERRITORY.format(id=other.id), f"/dossiers/{other.id}/supprimer"):
        assert client.get(url).status_code == 404
    assert client.get("/dossiers/{id}/etapes/inconnue".format(id=dossier.id)).status_code == 404


def test_autosave_answers_json_and_bumps_the_version(client, lead_dossier):
    _, dossier = lead_dossier
    url = TERRITORY.format(id=dossier.id)
    form = page_form(client, url)
    form["holder_name"] = "Autosave"
    form["action"] = "autosave"
    response = client.post(url, data=form, headers={"X-Autosave": "1"})
    assert response.status_code == 200
    assert response.json["ok"] is True and response.json["version"] == 2
    assert " h " in response.json["saved_at"]
    stale = client.post(url, data=form, headers={"X-Autosave": "1"})
    assert stale.status_code == 409 and stale.json["conflict"] is True


def test_errors_in_a_list_of_plain_fields_are_kept_pending(client, lead_dossier):
    """objectives.specific is a FieldList of StringFields (no sub-form)."""
    _, dossier = lead_dossier
    url = "/dossiers/{id}/etapes/objectifs".format(id=dossier.id)
    response = submit(client, url, page_form(client, url), missions=["dialogue_social"],
                      **{"specific-0": "x" * 301, "specific-1": "Apaiser la gare"})
    assert response.status_code == 400
    assert "300 caractères au maximum" in response.text
    db.session.refresh(dossier)
    assert dossier.document["objectives"]["specific"] == ["Apaiser la gare"]
    assert dossier.pending["objectifs"]


def test_a_renewal_picks_the_previous_dossier_of_the_commune(client, lead_dossier,
                                                             create_dossier, create_commune):
    _, dossier = lead_dossier
    older = create_dossier(commune=dossier.commune, title="Médiation 2025")
    create_dossier(commune=create_commune("59512", "Roubaix"), title="Roubaix 2025")
    url = TERRITORY.format(id=dossier.id)
    page = client.get(url).text
    assert f'<option value="{older.id}">Médiation 2025 — créé en' in page
    assert "Roubaix 2025" not in page and "Médiation Lille Sud — créé" not in page
    response = submit(client, url, page_form(client, url), application="renouvellement",
                      previous_dossier=str(older.id))
    assert response.status_code == 302
    assert saved_holder(dossier)["previous_dossier"] == {"id": older.id, "title": "Médiation 2025"}
    # back to a first application: the renewed dossier is dropped
    submit(client, url, page_form(client, url), application="premiere")
    assert "previous_dossier" not in saved_holder(dossier)


def saved_holder(dossier) -> dict:
    db.session.refresh(dossier)
    return dossier.document["holder"]
