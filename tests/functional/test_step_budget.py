"""The budget step: the spec example's figures in French, the cerfa table, the funding plan
form (posts, funders, amounts per year), quick picks and the dossier's own salary grid."""

import copy
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from tests.helpers import page_form, submit
from wizard import document as documents
from wizard import operations
from wizard.costing import Pinned
from wizard.db import db
from wizard.formats import money
from wizard.steps import get_step

DEFAULTS = Pinned.defaults()

# The v1 example of the contract (explicit employer rates), costed with the rules 2.
EXAMPLE = json.loads(
    (Path(__file__).parents[1] / "data/costing-examples.json").read_text("utf-8")
)["examples"][0]
URL = "/dossiers/{id}/etapes/budget"


def example_document(insee="59350") -> dict:
    """A valid dossier document whose costing part is the spec's worked example."""
    doc = documents.new_document(insee)
    data = copy.deepcopy(EXAMPLE["input"])
    doc["years"] = data["years"]
    doc["intervention"].update(data["intervention"])
    doc["parameters"] = data["parameters"]
    doc["funding"] = data["funding"]
    doc["diagnosis"]["places"] = [
        {"name": "Place de la gare", "kind": "gare_pole_echanges", "qpv": True,
         "qpv_code": "QN05926M"},
        {"name": "Parc municipal", "kind": "parc"},
    ]
    for funder, scheme in zip(doc["funding"]["funders"], ("fipd", "bailleur")):
        funder.update(scheme=scheme, request="demande")
    doc["funding"]["adultes_relais"] = {"qpv_codes": ["QN05926M"], "duration_years": 3,
                                        "eligibility": ["age", "residence", "situation"]}
    assert documents.validate(doc) == []
    return doc


@pytest.fixture
def dossier(client, login_as, create_commune):
    """A logged-in lead of Lille (238 246 inhabitants) and a dossier holding the example."""
    lille = create_commune(population=238246)
    user = login_as("lead", communes=[lille])
    created = operations.create_dossier(user, lille, "Médiation Lille")
    created.document = example_document()
    operations.sync_columns(created)
    db.session.commit()
    return created


def _errors(html: str) -> list[str]:
    return re.findall(r'class="fr-error-text"[^>]*>([^<]*)<', html)


def test_the_spec_example_figures_in_french(client, dossier):
    page = client.get(URL.format(id=dossier.id))
    assert page.status_code == 200
    text = page.text
    for year in EXAMPLE["expected"]["years"]:
        assert money(year["total_costs"]) in text
        assert money(year["commune_contribution"]) in text
        for amount in year["lines"].values():
            assert money(amount) in text
    assert money("115445.92") == "115\u202f445,92\u00a0€" and money("115445.92") in text
    assert "Salaires des médiateurs" in text and "Coûts directs" in text
    assert "2\u202f948,00 h" in text and "2,16" in text  # presence hours, mediator FTE
    assert money(Decimal("115445.92") / 238246) in text  # cost per inhabitant, year 1
    assert "valeur propre au dossier" in text  # the example overrides every parameter
    assert "calculés avec les paramètres 2026-v1" in text
    assert dossier.total_cost == Decimal("322248.70")


def test_cerfa_tables_balance_every_year(client, dossier):
    text = client.get(URL.format(id=dossier.id)).text
    assert "cerfa n° 12156*06" in text
    cerfa = text.split('id="titre-cerfa"')[1]
    for year in EXAMPLE["expected"]["years"]:
        total = money(year["total_costs"])
        assert f"Total des charges</th><td class=\"fr-cell--right fr-text--bold\">{total}" in cerfa
        assert f"Total des produits</th><td class=\"fr-cell--right fr-text--bold\">{total}" in cerfa
    assert "64 — Charges de personnel" in cerfa and "74 — Subventions d&#39;exploitation" in cerfa
    assert "FIPD" in cerfa and "Aide au poste d&#39;adulte-relais" in cerfa


def test_cerfa_of_a_commune_en_regie_with_a_contribution_in_kind(client, dossier):
    doc = copy.deepcopy(dossier.document)
    doc["intervention"]["employer"] = "regie"
    doc["partners"] = [{"name": "Bailleur social", "category": "bailleur"}]
    doc["funding"]["in_kind"] = [{"label": "Local en pied d'immeuble",
                                  "partner": "Bailleur social",
                                  "amounts": ["4800", "4800", "4800"]}]
    doc["funding"]["funders"][1]["status"] = "public"
    dossier.document = doc
    db.session.commit()
    cerfa = client.get(URL.format(id=dossier.id)).text.split('id="titre-cerfa"')[1]
    assert "Ressources propres affectées au projet" in cerfa
    assert "Participation de la commune" not in cerfa
    assert "Autres établissements publics" in cerfa
    assert ("Mise à disposition gratuite de biens et services — Local en pied "
            "d&#39;immeuble (Bailleur social)") in cerfa
    assert cerfa.count(money(Decimal("4800"))) >= 6  # 86 and 87, every year


def test_posts_above_headcount_are_refused_at_the_field(client, dossier):
    url = URL.format(id=dossier.id)
    response = submit(client, url, page_form(client, url), adultes_relais_posts="4")
    assert response.status_code == 400
    assert "3 postes d'adultes-relais au plus : l'équipe compte 3 médiateurs." in _errors(
        response.text.replace("&#39;", "'"))
    db.session.refresh(dossier)
    assert dossier.document["funding"]["adultes_relais_posts"] == 2


def test_amounts_must_cover_every_year(client, dossier):
    url = URL.format(id=dossier.id)
    form = page_form(client, url)
    assert form["funders-0-amount_1"] == "20\u202f000,00"
    assert "funders-0-amount_3" in form and "funders-0-amount_4" not in form
    response = submit(client, url, form, **{"funders-0-amount_3": ""})
    assert response.status_code == 400
    assert ("Indiquer le montant de l'année 3 (0 si ce financeur ne participe pas cette "
            "année-là).") in response.text.replace("&#39;", "'")
    db.session.refresh(dossier)
    assert dossier.document["funding"]["funders"][0]["amounts"] == ["20000", "20000", "15000"]
    # a two-year project refuses an amount for year 3
    doc = copy.deepcopy(dossier.document)
    doc["years"] = 2
    dossier.document = doc
    db.session.commit()
    form = page_form(client, url)
    assert "funders-0-amount_3" not in form
    response = submit(client, url, form, **{"funders-0-amount_3": "100"})
    assert "Le projet dure 2 ans : pas de montant pour l&#39;année 3." in response.text


def test_french_amounts_are_saved_and_totals_follow(client, dossier):
    url = URL.format(id=dossier.id)
    form = page_form(client, url)
    response = submit(client, url, form, **{"funders-1-amount_1": "7 500,50",
                                             "funders-1-status": "public"})
    assert response.status_code == 302
    db.session.refresh(dossier)
    assert dossier.document["funding"]["funders"][1]["amounts"][0] == "7500.50"
    assert dossier.document["funding"]["funders"][1]["status"] == "public"
    assert page_form(client, url)["funders-1-status"] == "public"
    response = submit(client, url, page_form(client, url), **{"funders-1-status": "oph"})
    assert response.status_code == 400 and "funders-1-status" in response.text
    page = client.get(url).text
    assert money(Decimal("44445.92") - Decimal("2500.50")) in page


def test_over_funding_is_a_warning(client, dossier):
    url = URL.format(id=dossier.id)
    response = submit(client, url, page_form(client, url), **{"funders-0-amount_1": "80000"})
    assert response.status_code == 302
    page = client.get(url).text
    assert "Année 1 : les financements dépassent le coût total" in page
    assert "au-delà du plafond indicatif de 50" in page  # FIPD above fipd_max_share
    assert "Excédent prévisionnel (bénéfice)" in page


def test_partners_marked_financier_are_quick_picks(client, dossier):
    doc = copy.deepcopy(dossier.document)
    doc["partners"] = [
        {"name": "Conseil départemental du Nord", "category": "departement",
         "roles": ["financier"]},
        {"name": "Police nationale", "category": "etat_police", "roles": ["operationnel"]},
    ]
    dossier.document = doc
    db.session.commit()
    url = URL.format(id=dossier.id)
    page = client.get(url).text
    assert 'value="suggest-funder:0"' in page and "Police nationale" not in page.split(
        "suggestions-financeurs")[1].split("</ul>")[0]
    response = submit(client, url, page_form(client, url), action="suggest-funder:0")
    assert response.status_code == 200
    assert "Financeur ajouté : Conseil départemental du Nord." in response.text
    db.session.refresh(dossier)
    added = dossier.document["funding"]["funders"][-1]
    assert added == {"name": "Conseil départemental du Nord", "category": "departement",
                     "scheme": "departement", "request": "demande",  # proposed from the category
                     "suggestion": "Conseil départemental du Nord"}  # its origin
    assert "Déjà ajouté" in client.get(url).text


def test_costing_problems_link_to_the_intervention_step(client, login_as, create_commune):
    lille = create_commune()
    user = login_as("lead", communes=[lille])
    created = operations.create_dossier(user, lille, "Sans tournées")
    db.session.commit()
    fresh = client.get(URL.format(id=created.id)).text
    assert "Aucune présence de médiateurs n&#39;est encore prévue" in fresh
    assert "Coût par poste de dépense" not in fresh
    doc = copy.deepcopy(created.document)
    doc["intervention"]["weeks_per_year"] = 0
    created.document = doc
    db.session.commit()
    page = client.get(URL.format(id=created.id))
    assert page.status_code == 200
    assert "Le budget ne peut pas encore être calculé" in page.text
    assert f'/dossiers/{created.id}/etapes/modalites' in page.text
    assert "Coût par poste de dépense" not in page.text


def test_own_salary_grid_overrides_the_reference(client, dossier):
    url = URL.format(id=dossier.id)
    response = submit(client, url, page_form(client, url), mediator_gross_annual="25 000",
                      employer_rate_mediator="1,5")
    assert response.status_code == 400
    assert "Écrivez 1,5 % ou 0,015 (un taux entre 0 et 1)." in response.text
    db.session.refresh(dossier)
    assert dossier.document["parameters"]["mediator_gross_annual"] == "25000"
    assert dossier.document["parameters"]["employer_rate_mediator"] == "0.30"


def test_missing_and_summary(dossier, app):
    step = get_step("budget")
    doc = dossier.document
    assert step.missing(doc, DEFAULTS) == []
    sections = {s.title: s.rows for s in step.summarize(doc, DEFAULTS)}
    assert ("Coût total année 1", money("115445.92")) in sections["Chiffrage"]
    plan = dict(sections["Plan de financement"])
    assert plan["Postes d'adultes-relais"] == "2"
    assert f"Année 1 : {money('44445.92')}" in plan[
        "Participation de la commune (équilibre du budget)"]
    params = dict(sections["Paramètres"])
    assert "valeur propre au dossier" in params["Salaire brut annuel d'un médiateur (ETP)"]
    empty = documents.new_document("59350")
    messages = [m.message for m in step.missing(empty, DEFAULTS)]
    assert any("cofinancement" in m for m in messages)
    assert any("modalités d'intervention" in m for m in messages)


def test_recap_shows_the_budget_with_the_pinned_set(client, dossier):
    recap = client.get(f"/dossiers/{dossier.id}/recapitulatif").text
    assert "Coût total année 1" in recap and money("115445.92") in recap
    assert "Plan de financement" in recap and "2026-v1" in recap
    tasks = client.get(f"/dossiers/{dossier.id}").text
    row = tasks.split("Budget et financement")[1].split("</tr>")[0]
    assert "Complet" in row


def test_costing_problems_name_the_row_and_field_in_french(client, dossier):
    """A costing problem points at « Autres coûts, ligne 1 : compte », never at a JSON path."""
    document = copy.deepcopy(dossier.document)
    document["intervention"]["other_costs"] = [{"label": "Loyer", "amount": "1200",
                                                "one_time": False}]
    dossier.document = document
    db.session.commit()
    page = client.get(URL.format(id=dossier.id)).text
    assert "Autres coûts, ligne 1 : compte — champ obligatoire manquant" in page
    assert "other_costs[0]" not in page


EXAMPLES = json.loads(
    (Path(__file__).parents[1] / "data/costing-examples.json").read_text("utf-8"))["examples"]


def _put_example(dossier, index: int, **intervention) -> dict:
    """The dossier's document with the costing part of the contract's example `index`."""
    doc = copy.deepcopy(dossier.document)
    data = copy.deepcopy(EXAMPLES[index]["input"])
    doc["years"] = data["years"]
    doc["intervention"].update(data["intervention"], **intervention)
    doc["parameters"] = data["parameters"]
    doc["funding"] = data["funding"]
    doc["diagnosis"]["places"] = data["diagnosis"]["places"]
    doc["partners"] = [{"name": g["partner"], "category": "departement"}
                       for g in data["funding"].get("in_kind", [])]
    assert documents.validate(doc) == []
    dossier.document = doc
    operations.sync_columns(dossier)
    db.session.commit()
    return doc


def _warning(html: str, code: str) -> str:
    """The DSFR alert of warning `code` on the page."""
    return html.split(f'data-warning="{code}"')[1].split("</div>")[0]


def test_a_commune_en_regie_public_rate_pro_rated_aid_and_peak_warning(client, dossier):
    """Régie: the public rate, no reduction; 3 months to recruit pro-rate the one post's aid
    (23 000 × 9 / 12); more mediators at once than posts warns beside the staffing table,
    linking to the rounds of « Modalités »."""
    _put_example(dossier, 2, recruitment_months=3)
    page = client.get(URL.format(id=dossier.id)).text.replace("&#39;", "'")
    costs = page.split('id="explications-couts"')[1].split("</div>")[0]
    assert ("Employeur public (commune en régie) : pas de réduction générale des cotisations "
            "pour une commune, 40\u00a0% du brut pour les médiateurs") in costs
    assert "l'équipe est en poste 9 mois sur 12 en année 1" in costs
    assert "réduction générale au niveau" not in page
    aid = page.split('id="explications-aide"')[1].split("</ul>")[0]
    assert "Aide de l'État : 23\u202f000,00\u00a0€ par poste d'adulte-relais" in aid
    assert "pour 1 poste ; 9 mois sur 12 en année 1" in aid
    assert money("17250.00") in page.split('id="titre-financement"')[1]
    staffing = page.split("Heures de présence et effectifs")[1].split("titre-financement")[0]
    peak = _warning(staffing, "peak_over_posts")
    assert "Jusqu'à 4 médiateurs sont présents en même temps pour 3 postes" in peak
    assert f'href="/dossiers/{dossier.id}/etapes/modalites#rounds"' in peak
    assert "Médiateurs présents en même temps, au plus" in staffing


def test_an_association_rgdu_in_kind_and_qpv_warning(client, dossier):
    """A private employer: the RGDU in words; the contributions in kind per partner; more
    adultes-relais than QPV hours warns beside the funding plan, linking to the diagnosis's
    places and to the posts field."""
    _put_example(dossier, 1)
    page = client.get(URL.format(id=dossier.id)).text.replace("&#39;", "'")
    assert ("Employeur privé (association), médiateurs : taux de 45\u00a0% moins la réduction "
            "générale au niveau de salaire de 1,08 Smic, soit 12,36\u00a0%.") in page
    assert "9 mois sur 12 en année 1" in page
    kind = page.split('id="contributions-en-nature"')[1].split("</table>")[0]
    assert "(Conseil départemental)" in kind
    assert money("3000.00") in kind
    funding = page.split('id="titre-financement"')[1]
    qpv = _warning(funding, "adultes_relais_outside_qpv")
    assert "47,83\u00a0% des heures" in qpv
    assert f'href="/dossiers/{dossier.id}/etapes/diagnostic#places"' in qpv
    assert f'href="/dossiers/{dossier.id}/etapes/budget#adultes_relais_posts"' in qpv
    assert 'data-warning="peak_over_posts"' not in page


def test_a_contractor_shows_its_margin_and_vat(client, dossier):
    _put_example(dossier, 3)
    page = client.get(URL.format(id=dossier.id)).text
    assert "Marge du prestataire" in page and money("8342.71") in page
    assert money("22525.32") in page and "TVA de 20\u00a0%" in page


def test_each_funder_says_its_scheme_and_request(client, dossier):
    url = URL.format(id=dossier.id)
    form = page_form(client, url)
    assert form["funders-0-scheme"] == "fipd" and form["funders-0-request"] == "demande"
    response = submit(client, url, form, **{"funders-1-scheme": "autre",
                                            "funders-1-request": "accorde"})
    assert response.status_code in (200, 302, 303)
    db.session.refresh(dossier)
    funder = dossier.document["funding"]["funders"][1]
    assert (funder["scheme"], funder["request"]) == ("autre", "accorde")
    response = submit(client, url, page_form(client, url), **{"funders-0-scheme": "loto"})
    assert response.status_code == 400  # an unknown code: refused at the field, kept before
    db.session.refresh(dossier)
    assert dossier.document["funding"]["funders"][0]["scheme"] == "fipd"


def test_a_funder_without_scheme_is_missing_and_gets_its_categorys_default(client, dossier):
    doc = copy.deepcopy(dossier.document)
    del doc["funding"]["funders"][1]["scheme"]
    dossier.document = doc
    db.session.commit()
    missing = get_step("budget").missing(doc, DEFAULTS)
    assert [(m.message, m.anchor) for m in missing] == [
        ("Préciser le dispositif sollicité auprès du financeur « Bailleur social ».",
         "funders-1-scheme")]
    assert page_form(client, URL.format(id=dossier.id))["funders-1-scheme"] == "bailleur"


def test_the_adultes_relais_convention_request(client, dossier):
    url = URL.format(id=dossier.id)
    page = client.get(url).text
    assert "Demande de convention adultes-relais" in page
    assert "Place de la gare (QN05926M)" in page and "au moins 26 ans" in page
    assert "L5134-102" in page and "F1019" in page
    response = submit(client, url, page_form(client, url), ar_eligibility=["age"],
                      ar_duration="2")
    assert response.status_code in (200, 302, 303)
    db.session.refresh(dossier)
    conv = dossier.document["funding"]["adultes_relais"]
    assert conv == {"qpv_codes": ["QN05926M"], "duration_years": 2, "eligibility": ["age"]}
    messages = [m.anchor for m in get_step("budget").missing(dossier.document, DEFAULTS)]
    assert messages == ["ar_eligibility"]
    response = submit(client, url, page_form(client, url), ar_qpv_codes=["QN99999X"])
    assert response.status_code == 400 and "Choix non valide" in response.text
    db.session.refresh(dossier)
    assert dossier.document["funding"]["adultes_relais"]["qpv_codes"] == ["QN05926M"]
    submit(client, url, page_form(client, url), adultes_relais_posts="0", ar_qpv_codes=[])
    db.session.refresh(dossier)
    assert "adultes_relais" not in dossier.document["funding"]


def test_amounts_requested_per_scheme_and_year_on_the_budget_page(client, dossier):
    page = client.get(URL.format(id=dossier.id)).text
    section = page.split('id="montants-demandes"')[1].split("</section>")[0]
    assert "Montants demandés par dispositif et par année" in section
    aid = [Decimal(y["adultes_relais"]) for y in EXAMPLE["expected"]["years"]]
    rows = {label: cells for label, cells in re.findall(
        r'<th scope="row"[^>]*>([^<]+)</th>((?:\s*<td[^>]*>[^<]*</td>)+)', section)}
    fipd = rows["Fonds interministériel de prévention de la délinquance (FIPD)"]
    assert [money(x) for x in ("20000", "20000", "15000")] == re.findall(r">([^<]+)</td>", fipd)
    assert money(aid[0]) in rows["Convention adultes-relais (aide au poste)"]
    assert money(Decimal(20000) + aid[0]) in rows["dont part de l&#39;État"]
    assert money(Decimal(20000) + aid[0] + 5000) in section  # the total requested, year 1
    assert money("44445.92") in rows["Part du porteur du projet"]
    recap = client.get(f"/dossiers/{dossier.id}/recapitulatif").text
    assert "Montants demandés par dispositif et par année" in recap
    assert "Convention adultes-relais" in recap and "Dispositif : Fonds interministériel" in recap


def test_a_funder_row_added_without_scheme_takes_its_categorys(client, dossier):
    """A newcomer adds a line and chooses only its category: it is saved with the scheme and
    request the category proposes, so nothing is missing that the page did not show."""
    url = URL.format(id=dossier.id)
    form = page_form(client, url)
    n = len(dossier.document["funding"]["funders"])
    response = submit(client, url, form, **{f"funders-{n}-name": "Conseil départemental",
                                            f"funders-{n}-category": "departement",
                                            f"funders-{n}-scheme": "",
                                            f"funders-{n}-request": "",
                                            **{f"funders-{n}-amounts-{k}": "1000"
                                               for k in range(3)}})
    assert response.status_code in (200, 302, 303)
    db.session.refresh(dossier)
    added = dossier.document["funding"]["funders"][n]
    assert (added["scheme"], added["request"]) == ("departement", "demande")
