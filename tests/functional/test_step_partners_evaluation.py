"""Steps « Partenaires » and « Évaluation » through the test client: save, one-click
suggestions, rows without JS, French errors at the field, schema-valid documents."""

import re

import pytest

from tests.helpers import page_form, submit
from wizard.db import db
from wizard.document import validate
from wizard.document.suggestions import SUGGESTED_INDICATORS, SUGGESTED_PARTNERS
from wizard.models import Dossier

PARTNERS = "/dossiers/{id}/etapes/partenaires"
EVALUATION = "/dossiers/{id}/etapes/evaluation"


@pytest.fixture
def dossier(client, login_as, create_commune):
    """A logged-in lead of Lille and a new dossier created through the UI."""
    lille = create_commune()
    login_as("lead", communes=[lille])
    form = page_form(client, "/dossiers/nouveau")
    submit(client, "/dossiers/nouveau", form, commune="59350", title="Médiation Lille Sud")
    return Dossier.query.one()


def error_at(html: str, field_id: str) -> str:
    """The error text shown next to a field (DSFR `fr-error-text` with the field's error id)."""
    match = re.search(rf'id="{re.escape(field_id)}-erreur"[^>]*>(.*?)</p>', html, re.S)
    assert match, f"no error shown at {field_id}"
    return match.group(1)


def saved_document(dossier) -> dict:
    db.session.refresh(dossier)
    assert validate(dossier.document) == []
    return dossier.document


def test_partners_full_save_then_shown_back(client, dossier):
    url = PARTNERS.format(id=dossier.id)
    response = submit(client, url, page_form(client, url), action="continue", **{
        "partners-0-name": "Police nationale — commissariat central",
        "partners-0-category": "etat_police", "partners-0-roles": ["operationnel", "signalement"],
        "partners-0-contact": "Commissaire", "partners-0-agreement": "envisagee",
        "partners-1-name": "Lille Métropole Habitat", "partners-1-category": "bailleur",
        "partners-1-roles": ["financier"],
        "partners-1-contribution_in_kind": "Local en pied d'immeuble",
        "partners-1-agreement": "signee",
        "steering_body": "Comité de pilotage", "meetings_per_year": "2",
        "operational_group": "Groupe opérationnel du CLSPD", "operational_meetings_per_year": "12",
    })
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/etapes/modalites")
    document = saved_document(dossier)
    assert document["partners"] == [
        {"name": "Police nationale — commissariat central", "category": "etat_police",
         "roles": ["operationnel", "signalement"], "contact": "Commissaire",
         "agreement": "envisagee"},
        {"name": "Lille Métropole Habitat", "category": "bailleur", "roles": ["financier"],
         "contribution_in_kind": "Local en pied d'immeuble", "agreement": "signee"},
    ]
    assert document["governance"] == {"steering_body": "Comité de pilotage", "meetings_per_year": 2,
                                      "operational_group": "Groupe opérationnel du CLSPD",
                                      "operational_meetings_per_year": 12}
    again = page_form(client, url)
    assert again.getlist("partners-0-roles") == ["operationnel", "signalement"]
    assert again["partners-1-agreement"] == "signee" and again["meetings_per_year"] == "2"
    assert again["operational_meetings_per_year"] == "12"
    recap = client.get(f"/dossiers/{dossier.id}/recapitulatif").text
    assert "Lille Métropole Habitat" in recap and "Gouvernance" in recap


def test_partner_suggestion_adds_a_filled_row_and_keeps_what_was_typed(client, dossier):
    url = PARTNERS.format(id=dossier.id)
    page = client.get(url).text
    assert 'value="suggest:0"' in page
    # the steering body is offered under its usual name (a value, not a placeholder), and a
    # first save of the page keeps it: the lead renames it rather than types it
    assert page_form(client, url, html=page)["steering_body"] == \
        "Comité de pilotage de la médiation sociale"
    assert 'placeholder="Comité de pilotage' not in page
    response = submit(client, url, page_form(client, url, html=page), action="suggest:3",
                      steering_body="Comité de pilotage", meetings_per_year="6",
                      **{"partners-0-name": "Ville de Lille", "partners-0-contact": "DGS"})
    assert response.status_code == 200
    pjj = SUGGESTED_PARTNERS[3]
    assert f"Partenaire ajouté : {pjj['name']}." in response.text
    assert 'data-focus="partners-1"' in response.text
    assert f"{pjj['name']} — Déjà ajouté" in response.text
    assert 'value="suggest:3"' not in response.text
    shown = page_form(client, url, html=response.text)
    assert shown["partners-1-name"] == pjj["name"] and shown["partners-1-category"] == "etat_pjj"
    assert shown.getlist("partners-1-roles") == pjj["roles"]
    assert shown["partners-0-contact"] == "DGS" and shown["steering_body"] == "Comité de pilotage"
    document = saved_document(dossier)
    assert document["partners"] == [{"name": "Ville de Lille", "contact": "DGS"},
                                    {**pjj, "suggestion": pjj["name"]}]
    assert document["governance"] == {"steering_body": "Comité de pilotage", "meetings_per_year": 6}
    twice = submit(client, url, shown, action="suggest:3")
    assert f"Déjà ajouté : {pjj['name']}." in twice.text
    assert len(saved_document(dossier)["partners"]) == 2


def test_a_suggestion_next_to_an_invalid_value_is_kept_pending(client, dossier):
    url = PARTNERS.format(id=dossier.id)
    response = submit(client, url, page_form(client, url), action="suggest:0",
                      meetings_per_year="abc")
    assert response.status_code == 200 and "Partenaire ajouté" in response.text
    later = client.get(url).text  # the pending input, with its error
    assert 'value="abc"' in later and SUGGESTED_PARTNERS[0]["name"] in later
    assert error_at(later, "meetings_per_year") == "Saisir un nombre entier, par exemple 4."
    police = SUGGESTED_PARTNERS[0]
    assert saved_document(dossier)["partners"] == [{**police, "suggestion": police["name"]}]


def test_partner_rows_are_added_and_removed_without_javascript(client, dossier):
    url = PARTNERS.format(id=dossier.id)
    added = submit(client, url, page_form(client, url), action="add:partners",
                   steering_body="GO du CLSPD")
    assert added.status_code == 200 and 'name="partners-0-name"' in added.text
    two = submit(client, url, page_form(client, url, html=added.text), action="add:partners",
                 **{"partners-0-name": "Mission locale"})
    assert 'name="partners-1-name"' in two.text
    removed = submit(client, url, page_form(client, url, html=two.text), action="remove:partners-0",
                     **{"partners-1-name": "Centre social", "partners-1-category": "association"})
    assert "Élément supprimé." in removed.text
    document = saved_document(dossier)
    assert document["partners"] == [{"name": "Centre social", "category": "association"}]
    assert document["governance"] == {"steering_body": "GO du CLSPD"}


@pytest.mark.parametrize("typed, message", [
    ("abc", "Saisir un nombre entier, par exemple 4."),
    ("99", "Le nombre de réunions doit être compris entre 0 et 52 par an."),
])
def test_invalid_meetings_show_a_french_message_and_the_rest_is_saved(client, dossier, typed,
                                                                     message):
    url = PARTNERS.format(id=dossier.id)
    response = submit(client, url, page_form(client, url), action="continue",
                      steering_body="GO du CLSPD", meetings_per_year=typed,
                      **{"partners-0-name": "Délégué du préfet",
                         "partners-0-category": "etat_prefecture",
                         "partners-0-roles": "financier"})
    assert response.status_code == 400
    assert "<title>Erreur : Partenaires" in response.text
    assert error_at(response.text, "meetings_per_year") == message
    assert f'value="{typed}"' in response.text
    assert 'href="#meetings_per_year"' in response.text  # the error summary links to the field
    document = saved_document(dossier)
    assert document["governance"] == {"steering_body": "GO du CLSPD"}
    assert document["partners"] == [{"name": "Délégué du préfet", "category": "etat_prefecture",
                                     "roles": ["financier"]}]


def test_partner_texts_over_their_limit_are_refused_with_the_limit(client, dossier):
    url = PARTNERS.format(id=dossier.id)
    response = submit(client, url, page_form(client, url), steering_body="S" * 201, **{
        "partners-0-name": "Bailleur social", "partners-0-contribution_in_kind": "c" * 301})
    assert response.status_code == 400
    assert error_at(response.text, "steering_body") == "200 caractères au maximum."
    assert (error_at(response.text, "partners-0-contribution_in_kind")
            == "300 caractères au maximum.")
    document = saved_document(dossier)
    assert document["partners"] == [{"name": "Bailleur social"}]
    assert "steering_body" not in document.get("governance", {})


def test_contributions_in_kind_are_valued_per_partner_and_follow_its_name(client, dossier):
    url = PARTNERS.format(id=dossier.id)
    named = {"partners-0-name": "Lille Métropole Habitat", "partners-0-category": "bailleur"}
    response = submit(client, url, page_form(client, url), action="add:partners-0-in_kind",
                      **named)
    assert response.status_code == 200 and 'id="partners-0-in_kind-0"' in response.text
    form = page_form(client, url, html=response.text)
    gift = {"partners-0-in_kind-0-label": "Local en pied d'immeuble",
            "partners-0-in_kind-0-amount_1": "4 800", "partners-0-in_kind-0-amount_2": "4 800"}
    response = submit(client, url, form, **named, **gift)  # year 3 forgotten
    assert response.status_code == 400
    assert error_at(response.text, "partners-0-in_kind-0-amount_3").startswith(
        "Indiquer le montant de l&#39;année 3")
    assert 'value="4 800"' in response.text  # what was typed stays
    document = saved_document(dossier)
    assert document["funding"]["in_kind"] == [{"label": "Local en pied d'immeuble",
                                               "partner": "Lille Métropole Habitat"}]
    form = page_form(client, url, html=response.text)
    response = submit(client, url, form, **{"partners-0-in_kind-0-amount_3": "5 000,50"})
    assert response.status_code == 302
    assert saved_document(dossier)["funding"]["in_kind"] == [
        {"label": "Local en pied d'immeuble", "partner": "Lille Métropole Habitat",
         "amounts": ["4800.00", "4800.00", "5000.50"]}]
    form = page_form(client, url)
    assert form["partners-0-in_kind-0-amount_3"] == "5\u202f000,50"
    # renaming the partner renames its contributions; removing it removes them
    assert submit(client, url, form, **{"partners-0-name": "LMH"}).status_code == 302
    assert saved_document(dossier)["funding"]["in_kind"][0]["partner"] == "LMH"
    response = submit(client, url, page_form(client, url), action="remove:partners-0")
    assert response.status_code == 200
    assert submit(client, url, page_form(client, url, html=response.text)).status_code == 302
    assert saved_document(dossier)["funding"]["in_kind"] == []


def test_evaluation_full_save_with_suggestions_then_shown_back(client, dossier):
    url = EVALUATION.format(id=dossier.id)
    page = client.get(url).text
    assert "CITER" in page and "condition de leur renouvellement" in page
    assert "Colonne « Suggestions » de la fiche-action" in page
    first = submit(client, url, page_form(client, url, html=page), action="suggest:2",
                   difficulties="Recrutement difficile")
    assert f"Indicateur ajouté : {SUGGESTED_INDICATORS[2]['name']}." in first.text
    second = submit(client, url, page_form(client, url, html=first.text), action="suggest:9",
                    suggestions="Un livret de bonne conduite")
    assert 'data-focus="indicators-1"' in second.text
    form = page_form(client, url, html=second.text)
    # (html.parser keeps the newline after <textarea> that browsers drop)
    assert form["difficulties"].strip() == "Recrutement difficile"
    done = submit(client, url, form, action="continue", **{"indicators-0-target": "10 par mois"})
    assert done.status_code == 302
    assert done.headers["Location"].endswith(f"/dossiers/{dossier.id}/recapitulatif")
    evaluation = saved_document(dossier)["evaluation"]
    assert evaluation == {
        "indicators": [SUGGESTED_INDICATORS[2] | {"target": "10 par mois",
                                                  "suggestion": SUGGESTED_INDICATORS[2]["name"]},
                       SUGGESTED_INDICATORS[9] | {"suggestion": SUGGESTED_INDICATORS[9]["name"]}],
        "difficulties": "Recrutement difficile", "suggestions": "Un livret de bonne conduite",
    }
    recap = client.get(f"/dossiers/{dossier.id}/recapitulatif").text
    assert "Difficultés et suggestions" in recap and "Un livret de bonne conduite" in recap


def test_indicator_rows_are_added_and_removed_without_javascript(client, dossier):
    url = EVALUATION.format(id=dossier.id)
    added = submit(client, url, page_form(client, url), action="add:indicators")
    assert 'name="indicators-0-kind"' in added.text
    two = submit(client, url, page_form(client, url, html=added.text), action="add:indicators",
                 **{"indicators-0-name": "Contacts", "indicators-0-kind": "activite"})
    removed = submit(client, url, page_form(client, url, html=two.text),
                     action="remove:indicators-0",
                     **{"indicators-1-name": "Satisfaction", "indicators-1-kind": "resultat",
                        "indicators-1-frequency": "annuelle"})
    assert "Élément supprimé." in removed.text
    assert saved_document(dossier)["evaluation"]["indicators"] == [
        {"name": "Satisfaction", "kind": "resultat", "frequency": "annuelle"}]


def test_evaluation_texts_over_their_limit_are_refused_with_the_limit(client, dossier):
    url = EVALUATION.format(id=dossier.id)
    response = submit(client, url, page_form(client, url), action="continue",
                      difficulties="d" * 5001, suggestions="Un livret",
                      **{"indicators-0-name": "Contacts", "indicators-0-baseline": "b" * 301})
    assert response.status_code == 400
    assert error_at(response.text, "difficulties") == "5\u202f000 caractères au maximum."
    assert error_at(response.text, "indicators-0-baseline") == "300 caractères au maximum."
    assert "d" * 5001 in response.text  # nothing typed is lost
    assert saved_document(dossier)["evaluation"] == {
        "indicators": [{"name": "Contacts"}], "suggestions": "Un livret"}


def test_both_steps_complete_on_the_task_list(client, dossier):
    for url, data in (
        (PARTNERS, {"partners-0-name": "Commissariat", "partners-0-category": "etat_police",
                    "partners-0-roles": "signalement", "steering_body": "GO du CLSPD"}),
        (EVALUATION, {"indicators-0-name": "Contacts", "indicators-0-kind": "activite",
                      "indicators-0-target": "300", "indicators-0-source": "Main courante",
                      "indicators-1-name": "Satisfaction", "indicators-1-kind": "resultat",
                      "indicators-1-target": "70 %", "indicators-1-source": "Enquête"}),
    ):
        url = url.format(id=dossier.id)
        assert submit(client, url, page_form(client, url), **data).status_code == 302
    tasks = client.get(f"/dossiers/{dossier.id}").text
    for title in ("4. Partenaires", "7. Évaluation"):
        assert "Complet" in tasks.split(title)[1].split("</tr>")[0]
    saved_document(dossier)


def test_rows_are_numbered_and_their_delete_buttons_named_after_them(client, dossier):
    url = PARTNERS.format(id=dossier.id)
    submit(client, url, page_form(client, url), **{"partners-0-name": "Ville de Lille",
                                                   "partners-1-name": "Bailleur social"})
    page = client.get(url).text
    assert re.search(r'Partenaire <span data-repeat-number>2</span></legend>', page)
    assert ("Supprimer « Partenaire <span data-repeat-number>1</span> : Ville de Lille »"
            in page)
    assert ("Supprimer « Partenaire <span data-repeat-number>2</span> : Bailleur social »"
            in page)
    # the row a script adds is numbered next, never « (nouveau) »
    templates = [t.split("</template>")[0] for t in page.split("<template data-repeat-template>")[1:]]
    assert any("Partenaire <span data-repeat-number>3</span>" in t for t in templates)
    assert "(nouveau)" not in page
    # the suggestion buttons show their names: an icon group with its position set
    assert "fr-btns-group--sm fr-btns-group--icon-left" in page
