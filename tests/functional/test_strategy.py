"""The prevention strategy's pick-list: advisers maintain it (add, change, withdraw — never
delete), step 1 offers its active entries with « Autre », the recap and the PDF show the
labels, even of a withdrawn entry."""

import copy
import io

import pytest
from markupsafe import escape
from pypdf import PdfReader

from tests.helpers import csrf_token, login, page_form, submit
from wizard import document as dossier_document
from wizard import operations, reference
from wizard.db import db
from wizard.models import AuditEvent, StrategyAxis
from wizard.reference import strategy
from wizard.reference.strategy_defaults import DEFAULTS

LIST = "/conseiller/strategie"
NEW = "/conseiller/strategie/nouvelle"
STEP = "/dossiers/{}/etapes/porteur-territoire"
YOUTH = "Restaurer l&#39;autorité pour mieux prévenir la délinquance des jeunes"
POPULATION = "La population, nouvel acteur de la prévention de la délinquance"


@pytest.fixture
def adviser(app, cast):
    return login(app, cast["adviser"])


def _new_form(client, **changes):
    page = client.get(NEW)
    assert page.status_code == 200
    data = {"csrf_token": csrf_token(page.text), "code": "fipd-2026-mediation",
            "kind": "fipd-priority", "label": "Médiation sociale dans l'espace public",
            "year": "2026", "position": "1", "status": "to-confirm", "source_title": "",
            "source_url": "", "active": "y"}
    data.update(changes)
    return data


def test_the_built_in_list_is_offered_before_anything_is_saved(app):
    assert StrategyAxis.query.count() == 0
    offered = strategy.choices()
    assert "snpd-2025-autorite" in offered["national-axis"]
    assert "snpd-2020-population" not in offered["national-axis"]  # the 2020-2024 strategy ended
    assert "fipd-2025-parentalite" in offered["fipd-priority"]
    assert strategy.labels(["snpd-2020-population", "nope"]) == {"snpd-2020-population":
                                                                 POPULATION}


def test_ensure_defaults_is_idempotent_and_keeps_the_advisers_changes(app, cast):
    assert strategy.ensure_defaults() == len(DEFAULTS)
    axis = strategy.by_code("snpd-2025-autorite")
    strategy.set_active(axis, False, cast["adviser"])
    assert strategy.ensure_defaults() == 0
    db.session.commit()
    assert strategy.by_code("snpd-2025-autorite").active is False
    assert StrategyAxis.query.count() == len(DEFAULTS)
    every_code = [entry["code"] for entry in DEFAULTS]
    assert len(set(every_code)) == len(every_code)
    assert all(axis.source_title and axis.source_url.startswith("https://")
               for axis in strategy.entries())


def test_cli_seeds_the_list(app, runner):
    first = runner.invoke(args=["parameters", "seed"])
    assert first.exit_code == 0, first.output
    assert f"Stratégie de prévention : {len(DEFAULTS)} axe(s)" in first.output
    again = runner.invoke(args=["parameters", "seed"])
    assert "Stratégie de prévention : 0 axe(s)" in again.output


def test_adviser_adds_an_entry_and_the_lead_sees_it(app, adviser, cast):
    listing = adviser.get(LIST)
    assert listing.status_code == 200
    assert YOUTH in listing.text and "à confirmer" in listing.text and "Retiré" in listing.text
    response = adviser.post(NEW, data=_new_form(adviser))
    assert response.status_code == 302
    axis = strategy.by_code("fipd-2026-mediation")
    assert axis.year == 2026 and axis.active and axis.kind == "fipd-priority"
    assert StrategyAxis.query.count() == len(DEFAULTS) + 1  # the built-in list saved too
    event = AuditEvent.query.filter_by(action="strategy_axis_added").one()
    assert event.user_id == cast["adviser"].id and event.details["code"] == axis.code
    dossier = operations.create_dossier(cast["lead"], cast["lille"], "Projet")
    db.session.commit()
    page = login(app, cast["lead"]).get(STEP.format(dossier.id)).text
    assert "Médiation sociale dans l&#39;espace public" in page


@pytest.mark.parametrize(("changes", "message"), [
    ({"code": "Axe 1"}, "Code invalide"),
    ({"code": "snpd-2025-autorite"}, "existe déjà"),
    ({"label": "  "}, "Indiquez l&#39;intitulé."),
    ({"year": "26"}, "entre 2000 et 2100"),
    ({"year": "  "}, "Indiquez l&#39;année"),
    ({"position": "-1"}, "L&#39;ordre va de 0 à 999."),
    ({"year": "deux mille"}, "Nombre entier attendu"),
    ({"source_url": "www.example.fr"}, "Adresse invalide"),
])
def test_a_bad_entry_is_refused_with_a_french_message(app, adviser, changes, message):
    response = adviser.post(NEW, data=_new_form(adviser, **changes))
    assert response.status_code == 400 and message in response.text
    for typed in changes.values():  # what was typed stays, even when refused
        assert not typed.strip() or f'value="{escape(typed)}"' in response.text
    assert strategy.by_code("fipd-2026-mediation") is None


def test_a_post_without_csrf_is_refused(app, adviser):
    data = _new_form(adviser)
    data.pop("csrf_token")
    assert adviser.post(NEW, data=data).status_code == 400
    deactivate = adviser.post(f"{LIST}/snpd-2025-autorite/desactiver")
    assert deactivate.status_code == 400
    assert StrategyAxis.query.count() == 0


def test_adviser_changes_a_label_but_never_the_code(app, adviser):
    url = f"{LIST}/snpd-2025-reperer/modifier"
    form = page_form(adviser, url)
    assert form["label"] == "Repérer, orienter et sanctionner plus tôt"
    response = submit(adviser, url, form, label="Repérer et orienter plus tôt", code="autre")
    assert response.status_code == 302
    axis = strategy.by_code("snpd-2025-reperer")
    assert axis.label == "Repérer et orienter plus tôt" and strategy.by_code("autre") is None
    event = AuditEvent.query.filter_by(action="strategy_axis_changed").one()
    assert event.details["fields"] == ["label"]
    assert event.details["before"]["label"] == "Repérer, orienter et sanctionner plus tôt"
    assert adviser.get(f"{LIST}/inconnu/modifier").status_code == 404


def _lead_dossier(app, cast, territory_changes):
    dossier = operations.create_dossier(cast["lead"], cast["lille"], "Projet")
    doc = copy.deepcopy(dossier.document)
    doc.setdefault("territory", {}).update(territory_changes)
    dossier.document = doc
    db.session.commit()
    return dossier, login(app, cast["lead"])


def test_step_saves_codes_and_other_text_and_reads_the_old_free_text(app, cast):
    old = {"strategy_axis": "Fiche-action 3 de la STSPD"}
    dossier, lead = _lead_dossier(app, cast, old)
    url = STEP.format(dossier.id)
    form = page_form(lead, url)
    assert form["strategy_other"] == "Fiche-action 3 de la STSPD"  # shown as « autre »
    page = lead.get(url).text
    assert YOUTH in page and POPULATION not in page  # active entries only
    assert "Lutter contre la prostitution des adolescents" in page
    form.pop("strategy_axes", None)
    response = submit(lead, url, form, strategy_axes=["snpd-2025-autorite", "snpd-2025-maire"],
                      strategy_priorities=["fipd-2025-parentalite"])
    assert response.status_code in (200, 302)
    db.session.refresh(dossier)
    territory = dossier.document["territory"]
    assert territory["strategy"] == {
        "axes": ["snpd-2025-autorite", "snpd-2025-maire", "fipd-2025-parentalite"],
        "other": "Fiche-action 3 de la STSPD"}
    assert "strategy_axis" not in territory
    assert dossier_document.validate(dossier.document) == []
    # ticked again on the next visit, each in its own list
    shown = page_form(lead, url)
    assert shown.getlist("strategy_axes") == ["snpd-2025-autorite", "snpd-2025-maire"]
    assert shown.getlist("strategy_priorities") == ["fipd-2025-parentalite"]
    # an unknown code: a French error, and what was typed stays
    again = page_form(lead, url)
    response = submit(lead, url, again, strategy_axes=["pas-dans-la-liste"],
                      strategy_other="Texte gardé")
    assert "Choix non valide : pas-dans-la-liste." in response.text
    assert "Texte gardé" in response.text
    db.session.refresh(dossier)
    assert dossier.document["territory"]["strategy"]["axes"][0] == "snpd-2025-autorite"


def test_a_withdrawn_entry_stays_checked_and_labelled(app, adviser, cast):
    dossier, lead = _lead_dossier(app, cast, {"strategy": {"axes": ["snpd-2025-victimes"]}})
    listing = adviser.get(LIST).text
    response = adviser.post(f"{LIST}/snpd-2025-victimes/desactiver",
                            data={"csrf_token": csrf_token(listing)})
    assert response.status_code == 302
    assert strategy.by_code("snpd-2025-victimes").active is False
    assert AuditEvent.query.filter_by(action="strategy_axis_deactivated").count() == 1
    # another dossier is no longer offered it; this one keeps it, checked and labelled
    other, _ = _lead_dossier(app, cast, {})
    assert "snpd-2025-victimes" not in lead.get(STEP.format(other.id)).text
    page = lead.get(STEP.format(dossier.id)).text
    assert "(ne figure plus dans la liste)" in page
    form = page_form(lead, STEP.format(dossier.id))
    assert submit(lead, STEP.format(dossier.id), form).status_code in (200, 302)
    db.session.refresh(dossier)
    assert dossier.document["territory"]["strategy"]["axes"] == ["snpd-2025-victimes"]
    # the recap and the PDF show its label
    label = "Mieux repérer, accueillir et accompagner les victimes"
    recap = lead.get(f"/dossiers/{dossier.id}/recapitulatif").text
    assert label in recap
    from wizard.pdf import pdf_input, render_pdf

    pdf = render_pdf(pdf_input(dossier))
    text = " ".join(" ".join((p.extract_text() or "").split())
                    for p in PdfReader(io.BytesIO(pdf)).pages)
    assert label in text
    # and back in the list
    adviser.post(f"{LIST}/snpd-2025-victimes/activer", data={"csrf_token": csrf_token(listing)})
    assert strategy.by_code("snpd-2025-victimes").active is True


def test_summaries_show_labels_through_named(app):
    doc = {"territory": {"strategy": {"axes": ["fipd-2025-civisme", "inconnu-1"],
                                      "other": "Axe 2 de la STSPD"}}}
    from wizard.steps.territory import STEP as TERRITORY

    shown = reference.named(doc)
    rows = dict(TERRITORY.summarize(shown, reference.pinned_set(None))[0].rows)
    assert rows["Stratégie de prévention"] == ["Apprentissage du civisme et de la citoyenneté",
                                               "inconnu-1"]
    assert rows["Autre axe ou priorité"] == "Axe 2 de la STSPD"
    assert "labels" not in doc["territory"]["strategy"]  # the stored document is untouched


def test_schema_accepts_the_codes_and_keeps_the_old_free_text(app):
    schema = dossier_document.load_schema()
    territory = schema["properties"]["territory"]["properties"]
    assert territory["strategy"]["properties"]["axes"]["items"]["pattern"] == \
        strategy.CODE_PATTERN
    assert "strategy_axis" in territory
    doc = dossier_document.new_document("59350")
    doc["territory"] = {"strategy_axis": "Ancien texte",
                        "strategy": {"axes": ["fipd-2025-civisme"], "other": "Autre"}}
    assert dossier_document.validate(doc) == []
    doc["territory"]["strategy"]["axes"] = ["Pas un code"]
    problems = dossier_document.validate(doc)
    assert problems and "code de la liste attendu" in problems[0].message
