"""Reference parameter sets: advisers publish new sets (never changing a published one),
dossiers keep the set they are costed with until their lead moves them."""

import copy
import re
from decimal import Decimal

import pytest

from tests.functional.test_step_budget import example_document
from tests.helpers import csrf_token, log_in, page_form, submit
from tests.unit.test_costing import V1_SET
from wizard import operations, reference
from wizard.costing import cost_document
from wizard.costing.defaults import SPECS_BY_KEY
from wizard.db import db, utcnow
from wizard.formats import money
from wizard.models import AuditEvent, ParameterSet, ReferenceParameter
from wizard.models.reference import SetStatus

NEW = "/conseiller/parametres/nouveau"


@pytest.fixture
def default_set(app):
    parameter_set = reference.ensure_default_set()
    db.session.commit()
    return parameter_set


def _errors(html: str) -> list[str]:
    found = re.findall(r'class="fr-error-text"[^>]*>([^<]*)<', html)
    return [e.replace("&#39;", "'") for e in found]


def _lead_dossier(login_as, create_commune, client):
    """A lead of Lille and a dossier costed with the reference values (no own overrides)."""
    lille = create_commune()
    user = login_as("lead", communes=[lille])
    dossier = operations.create_dossier(user, lille, "Médiation Lille")
    doc = example_document()
    doc["parameters"] = {}
    dossier.document = doc
    operations.sync_columns(dossier)
    db.session.commit()
    return user, dossier


def test_adviser_pages_list_show_and_prefill(client, login_as, default_set):
    login_as("adviser")
    listing = client.get("/conseiller/parametres")
    assert listing.status_code == 200
    assert "2026-v1" in listing.text and "En vigueur" in listing.text
    shown = client.get(f"/conseiller/parametres/{default_set.id}").text
    assert money("22869") in shown  # mediator gross salary, French format
    assert money("21876.36") in shown  # SMIC
    assert "estimation" in shown and "https://www.service-public.fr" in shown
    assert "source secondaire" in shown  # the RGDU parameters
    assert "Réduction générale des cotisations (RGDU)" in shown
    assert "1er janvier 2026" in shown
    form = page_form(client, NEW)
    assert form["label"] == reference.next_label()
    assert form["overhead_rate-value"] == "10 %" and form["night_start-value"] == "21:00"
    assert form["smic_annual-status"] == "confirmed"
    assert form["rgdu_power-status"] == "second-hand" and form["rgdu_power-value"] == "1,75"
    assert form["mediator_gross_annual-status"] == "estimate"
    assert form["employer_rate_mediator-value"] == ""  # optional: derived from the employer


def test_publish_creates_a_new_set_and_keeps_the_old_one(client, login_as, default_set):
    adviser = login_as("adviser")
    before = reference.values(default_set)
    form = page_form(client, NEW)
    response = submit(client, NEW, form, label="2026-v2",
                      **{"mediator_gross_annual-value": "22 500,50", "overhead_rate-value": "0,15"})
    assert response.status_code == 302
    new = db.session.scalar(db.select(ParameterSet).where(ParameterSet.label == "2026-v2"))
    assert response.headers["Location"].endswith(f"/conseiller/parametres/{new.id}")
    assert reference.latest_set().id == new.id and new.published_by_id == adviser.id
    assert reference.values(new)["mediator_gross_annual"] == "22500.5"
    assert reference.values(new)["overhead_rate"] == "0.15"
    db.session.expire_all()
    assert reference.values(db.session.get(ParameterSet, default_set.id)) == before
    assert [s.label for s in reference.published_sets()] == ["2026-v2", "2026-v1"]
    assert AuditEvent.query.filter_by(action="parameters_published").count() == 1
    listing = client.get("/conseiller/parametres").text
    assert listing.index("2026-v2") < listing.index("2026-v1")


def test_invalid_values_get_french_field_errors(client, login_as, default_set):
    login_as("adviser")
    form = page_form(client, NEW)
    response = submit(client, NEW, form, label="2026-v1", **{
        "overhead_rate-value": "1,5", "non_field_share-value": "0,95",
        "vehicle_annual_cost-value": "-10", "night_start-value": "25:00",
        "annual_hours-value": "beaucoup", "indexation_rate-value": "",
        "mediator_gross_annual-source_url": "service-public.fr",
    })
    assert response.status_code == 400
    assert "<title>Erreur : " in response.text
    errors = _errors(response.text)
    assert "Le jeu « 2026-v1 » existe déjà." in errors
    assert "Écrivez 1,5 % ou 0,015 (un taux entre 0 et 1)." in errors  # never guessed
    assert "Le taux doit être compris entre 0 % et 90 %." in errors
    assert f"Le montant doit être compris entre {money(0)} et {money(10000000)}." in errors
    assert "Heure invalide : format attendu HH:MM (par exemple 21:00)." in errors
    assert "Nombre invalide : saisir un nombre, par exemple 1 607 ou 0,5." in errors
    assert "Indiquer une valeur." in errors
    assert "Adresse invalide : elle commence par https://." in errors
    assert 'value="beaucoup"' in response.text  # the input stays on screen
    assert len(reference.published_sets()) == 1


def test_a_night_must_not_end_as_it_starts(client, login_as, default_set):
    login_as("adviser")
    response = submit(client, NEW, page_form(client, NEW), **{"night_end-value": "21:00"})
    assert "La fin de la nuit doit différer de son début." in _errors(response.text)


@pytest.mark.parametrize("url", ["/conseiller/parametres", "/conseiller/parametres/1", NEW])
def test_adviser_pages_are_refused_to_leads(client, login_as, default_set, url):
    login_as("lead")
    assert client.get(url).status_code == 403
    token = csrf_token(client.get("/dossiers").text)
    assert client.post(NEW, data={"label": "2026-v9", "csrf_token": token}).status_code == 403
    assert len(reference.published_sets()) == 1


def test_publishing_keeps_dossier_totals_until_moved(client, app, login_as, create_commune,
                                                     create_user, default_set):
    user, dossier = _lead_dossier(login_as, create_commune, client)
    assert dossier.parameter_set_id == default_set.id
    total = dossier.total_cost
    adviser = create_user("adviser")
    entries = {p.key: {"value": p.value, "status": p.status} for p in default_set.parameters}
    entries["mediator_gross_annual"]["value"] = "30000"
    newer = reference.publish(entries, adviser, "2026-v2")
    db.session.commit()
    db.session.refresh(dossier)
    assert dossier.total_cost == total and dossier.parameter_set_id == default_set.id
    url = f"/dossiers/{dossier.id}/etapes/budget"
    page = client.get(url).text
    assert "calculés avec les paramètres 2026-v1" in page
    assert "Comparer et actualiser avec les paramètres 2026-v2" in page
    # saving a step keeps the pinned set
    assert submit(client, url, page_form(client, url)).status_code == 302
    db.session.refresh(dossier)
    assert dossier.total_cost == total and dossier.parameter_set_id == default_set.id
    # a new dossier pins the newest set
    other = operations.create_dossier(user, dossier.commune, "Autre")
    assert other.parameter_set_id == newer.id
    # the lead compares the budget year by year with both sets, then confirms
    move = f"/dossiers/{dossier.id}/parametres/actualiser"
    assert f'href="{move}"' in page
    compare = client.get(move)
    assert compare.status_code == 200
    table = compare.text.split('id="comparaison"')[1].split("</table>")[0]
    before = cost_document(dossier.document, reference.pinned(dossier))
    after = cost_document(dossier.document, reference.pinned_set(newer))
    for old_year, new_year in zip(before.years, after.years):
        assert money(old_year.total_costs) in table and money(new_year.total_costs) in table
        assert "+" + money(new_year.total_costs - old_year.total_costs) in table
    assert "Année 3 — 2026-v2" in table
    db.session.refresh(dossier)
    assert dossier.parameter_set_id == default_set.id  # nothing moves before the confirmation
    assert client.post(move, data={}).status_code == 400  # no CSRF token
    moved = client.post(move, data={"csrf_token": csrf_token(compare.text)})
    assert moved.status_code == 302
    db.session.refresh(dossier)
    assert dossier.parameter_set_id == newer.id and dossier.total_cost > total
    event = AuditEvent.query.filter_by(action="parameters_moved").one()
    assert event.details == {"old": "2026-v1", "new": "2026-v2"}
    after = client.get(url).text
    assert "calculés avec les paramètres 2026-v2" in after and "Actualiser" not in after


def test_own_overrides_win_over_the_pinned_set(client, login_as, create_commune, default_set):
    _, dossier = _lead_dossier(login_as, create_commune, client)
    total = dossier.total_cost
    doc = copy.deepcopy(dossier.document)
    doc["parameters"] = {"mediator_gross_annual": "22869"}  # the same as the set: no change
    dossier.document = doc
    operations.sync_columns(dossier)
    assert dossier.total_cost == total
    doc["parameters"] = {"mediator_gross_annual": "25000"}
    operations.sync_columns(dossier)
    assert dossier.total_cost > total + Decimal(1000)


def test_a_submitted_dossier_cannot_be_moved(client, login_as, create_commune, create_user,
                                             default_set):
    _, dossier = _lead_dossier(login_as, create_commune, client)
    newer = reference.publish({p.key: {"value": p.value} for p in default_set.parameters},
                              create_user("adviser"), "2026-v2")
    dossier.state = "depose"
    db.session.commit()
    with pytest.raises(operations.OperationError):
        operations.move_parameters(dossier, newer, create_user("lead"))


def test_cli_seed_is_idempotent(app, runner):
    first = runner.invoke(args=["parameters", "seed"])
    assert first.exit_code == 0 and "« 2026-v1 » créé (28 paramètres)" in first.output
    again = runner.invoke(args=["parameters", "seed"])
    assert "déjà présent" in again.output
    assert [s.label for s in reference.published_sets()] == ["2026-v1"]
    listing = runner.invoke(args=["parameters", "list"])
    assert "2026-v1" in listing.output and "en vigueur" in listing.output


def _v1_set(label="2025-v1") -> ParameterSet:
    """A set as costing v1 published it: explicit employer rates, no v2 key, rules 1 (the
    migration gives 1 to every set published before)."""
    parameter_set = ParameterSet(label=label, status=SetStatus.PUBLISHED, published_at=utcnow(),
                                 costing_version=1)
    for key, value in V1_SET.items():
        parameter_set.parameters.append(ReferenceParameter(
            key=key, value=value, unit=SPECS_BY_KEY[key].unit))
    db.session.add(parameter_set)
    db.session.flush()
    return parameter_set


def test_a_dossier_pinned_to_a_v1_set_keeps_its_v1_figures(app, client, login_as,
                                                             create_commune, create_user):
    old = _v1_set()
    db.session.commit()
    assert reference.pinned_set(old).costing_version == 1
    user, dossier = _lead_dossier(login_as, create_commune, client)
    assert dossier.parameter_set_id == old.id
    v1 = cost_document(dossier.document, V1_SET, rules=1)
    assert dossier.total_cost == sum(y.total_costs for y in v1.years)
    assert v1.years[0].adultes_relais == 2 * Decimal("23261")  # flat aid per post
    page = client.get(f"/dossiers/{dossier.id}/etapes/budget").text.replace("&#39;", "'")
    assert money(v1.years[0].total_costs) in page
    # rules 1 read as they are: explicit rates, a flat aid, no RGDU nor year-1 pro-rata
    assert "Charges patronales : taux fixés par les paramètres, 12\u00a0% du brut" in page
    assert "identique chaque année" in page
    assert "réduction générale" not in page and "mois sur 12" not in page
    # an adviser publishes from the v1 set in force: a v2 set, employer rates left blank
    adviser = app.test_client()
    log_in(adviser, create_user("adviser"))
    form = page_form(adviser, NEW)
    assert form["employer_rate_mediator-value"] == ""
    assert form["paid_hours_annual-value"].replace("\u202f", "") == "1820"
    assert form["overhead_rate-value"] == "10 %"  # from the set in force
    assert submit(adviser, NEW, form, label="2026-v2").status_code == 302
    newer = reference.latest_set()
    assert newer.costing_version == 2 and "employer_rate_mediator" not in reference.values(newer)
    assert "anciennes règles" in adviser.get(f"/conseiller/parametres/{old.id}").text
    db.session.refresh(dossier)
    assert dossier.total_cost == sum(y.total_costs for y in v1.years)  # until moved
    operations.move_parameters(dossier, newer, user)
    db.session.commit()
    v2 = cost_document(dossier.document, reference.pinned(dossier))
    assert dossier.total_cost == sum(y.total_costs for y in v2.years) != sum(
        y.total_costs for y in v1.years)
    assert v2.employer_rate_mediator < Decimal("0.12")  # private rate less the RGDU


def test_an_optional_rate_typed_by_the_adviser_is_published(client, login_as, default_set):
    login_as("adviser")
    response = submit(client, NEW, page_form(client, NEW), label="2026-v2",
                      **{"employer_rate_team_leader-value": "0,3"})
    assert response.status_code == 302
    values = reference.values(reference.latest_set())
    assert values["employer_rate_team_leader"] == "0.3"
    assert "employer_rate_mediator" not in values


def test_the_report_gap_threshold_is_edited_with_the_other_parameters(client, login_as,
                                                                      default_set):
    login_as("adviser")
    page = client.get(NEW).text.replace("&#39;", "'")
    assert "Compte rendu de fin d'année" in page
    assert "le porteur doit l'expliquer ligne par ligne" in page  # its help text
    form = page_form(client, NEW)
    assert form["report_gap_threshold-value"] == "15 %"
    assert form["report_gap_threshold-status"] == "confirmed"
    assert form["report_gap_threshold-source_title"] == "Choix de la mission régionale"
    bounds = "Le taux doit être supérieur à 0 % et au plus égal à 100 %."
    for wrong, message in (("0", bounds), ("0 %", bounds), ("120 %", bounds), (
            "-5 %", "Taux invalide : écrire un pourcentage (25 %) ou une fraction (0,25).")):
        refused = submit(client, NEW, form, label="2026-v2",
                         **{"report_gap_threshold-value": wrong})
        assert refused.status_code == 400, wrong
        assert message in _errors(refused.text), wrong
    assert len(reference.published_sets()) == 1
    done = submit(client, NEW, form, label="2026-v2", **{"report_gap_threshold-value": "10 %"})
    assert done.status_code == 302
    new = reference.latest_set()
    assert reference.values(new)["report_gap_threshold"] == "0.1"
    row = next(p for p in new.parameters if p.key == "report_gap_threshold")
    assert row.unit == "%" and row.status == "confirmed" and not row.is_estimate
    shown = client.get(f"/conseiller/parametres/{new.id}").text
    assert "10\u202f%" in shown and "Choix de la mission régionale" in shown
    assert reference.values(default_set)["report_gap_threshold"] == "0.15"
