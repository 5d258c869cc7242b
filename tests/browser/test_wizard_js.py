"""The wizard with JavaScript on: rows added in place, autosave, error summary focus."""

import re

from playwright.sync_api import expect

from tests.browser.fixtures import login


def _new_dossier(page, base):
    page.goto(f"{base}/dossiers/nouveau")
    page.get_by_label("Titre du projet").fill("Médiation Lille Sud")
    page.get_by_role("button", name="Créer le dossier").click()
    expect(page).to_have_url(re.compile(r"/dossiers/\d+$"))
    return page.url


def test_rows_are_added_in_place_and_autosaved(page, live_server):
    login(page, live_server)
    expect(page.get_by_role("heading", name="Mes dossiers")).to_be_visible()
    dossier_url = _new_dossier(page, live_server)
    page.goto(f"{dossier_url}/etapes/porteur-territoire")
    page.get_by_label("Nom du porteur").fill("Ville de Lille")
    page.get_by_role("button", name="Ajouter un quartier").click()
    # added without a page load: the new row's first field has the focus
    focused = page.locator("input[name='neighbourhoods-0-name']")
    expect(focused).to_be_focused()
    focused.fill("Lille Sud")
    expect(page.locator("[data-autosave-status]")).to_contain_text("Enregistré à", timeout=8000)
    page.reload()
    expect(page.locator("input[name='neighbourhoods-0-name']")).to_have_value("Lille Sud")
    expect(page.get_by_label("Nom du porteur")).to_have_value("Ville de Lille")


def test_error_summary_gets_the_focus(page, live_server):
    login(page, live_server)
    dossier_url = _new_dossier(page, live_server)
    page.goto(f"{dossier_url}/etapes/porteur-territoire")
    page.get_by_label("Adresse électronique de la personne référente").fill("pas-une-adresse")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    summary = page.locator("#resume-erreurs")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile("^Erreur : "))
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("Adresse électronique de la personne référente")).to_have_value("pas-une-adresse")


def test_admin_adds_a_commune_found_by_name(page, live_server, live_app):
    from tests.helpers import TEST_PASSWORD
    from wizard.accounts import hash_password
    from wizard.db import db
    from wizard.models import Role, User

    with live_app.app_context():
        db.session.add(User(email="admin@region.fr", name="Admin", role=Role.ADMIN, active=True,
                            password_hash=hash_password(TEST_PASSWORD)))
        db.session.commit()
    login(page, live_server, "admin@region.fr")
    page.goto(f"{live_server}/admin/utilisateurs/nouveau")
    page.get_by_label("Rechercher une commune à ajouter").fill("lil")
    page.get_by_role("button", name=re.compile("Lille \\(59\\) — 59350")).click()
    expect(page.get_by_label("Communes (codes INSEE)")).to_have_value("59350")
