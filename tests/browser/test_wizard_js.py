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
    page.get_by_label("Nom légal du porteur").fill("Ville de Lille")
    page.get_by_role("button", name="Ajouter un quartier").click()
    # added without a page load: the new row's first field has the focus
    focused = page.locator("input[name='neighbourhoods-0-name']")
    expect(focused).to_be_focused()
    focused.fill("Lille Sud")
    expect(page.locator("[data-autosave-status]")).to_contain_text("Enregistré à", timeout=8000)
    page.reload()
    expect(page.locator("input[name='neighbourhoods-0-name']")).to_have_value("Lille Sud")
    expect(page.get_by_label("Nom légal du porteur")).to_have_value("Ville de Lille")


def test_error_summary_gets_the_focus(page, live_server):
    login(page, live_server)
    dossier_url = _new_dossier(page, live_server)
    page.goto(f"{dossier_url}/etapes/porteur-territoire")
    page.get_by_label("Adresse électronique de la personne à contacter").fill("pas-une-adresse")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    summary = page.locator("#resume-erreurs")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile("^Erreur : "))
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("Adresse électronique de la personne à contacter")).to_have_value("pas-une-adresse")


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


def test_schedule_rows_are_added_in_place_autosaved_and_covered(page, live_server):
    """A row of days and hours added without a page load is autosaved as one slot per day;
    a round covers its places' needs in one click; on a phone the week grid scrolls to 23 h
    with the keyboard, the day column staying in view."""
    login(page, live_server)
    dossier_url = _new_dossier(page, live_server)
    page.goto(f"{dossier_url}/etapes/diagnostic")
    page.get_by_role("button", name="Ajouter un lieu").click()
    page.locator("#places-0").get_by_label("Nom du lieu").fill("Place de la gare")
    page.locator("#places-0").get_by_role("button", name="Ajouter un horaire").click()
    row = page.locator("#places-0-need_slots-0")
    expect(page.get_by_role("group", name="Horaire 1")).to_have_count(1)  # a fieldset, numbered
    # the new row's first field has the focus
    expect(row.get_by_role("checkbox", name="lundi", exact=True)).to_be_focused()
    for day in ("mardi", "mercredi", "jeudi", "vendredi", "samedi"):
        row.get_by_role("checkbox", name=day, exact=True).press("Space")
    row.get_by_label(re.compile("^Début")).fill("16:00")
    row.get_by_label(re.compile("^Fin")).fill("23:00")
    expect(page.locator("[data-autosave-status]")).to_contain_text("Enregistré à", timeout=8000)
    page.reload()
    row = page.locator("#places-0-need_slots-0")
    expect(page.get_by_role("group", name="Horaire 1")).to_be_visible()
    expect(row.get_by_role("group", name="Jours")).to_be_visible()
    expect(row.get_by_role("checkbox", name="samedi", exact=True)).to_be_checked()
    expect(row.get_by_role("checkbox", name="lundi", exact=True)).not_to_be_checked()
    expect(page.locator("#places-0-need_slots-1")).to_have_count(0)  # still one row

    page.goto(f"{dossier_url}/etapes/modalites")
    round_ = page.locator("#rounds-0")
    round_.get_by_label("Nom de la tournée").fill("Centre")
    round_.get_by_label("Place de la gare").press("Space")
    round_.get_by_role("button", name="Couvrir les besoins de ces lieux").click()
    expect(page.get_by_text("5 créneaux ajoutés d'après les besoins de : Place de la gare."))\
        .to_be_visible()
    covered = page.locator("#rounds-0-slots-1")
    expect(covered.get_by_role("checkbox", name="vendredi", exact=True)).to_be_checked()
    expect(covered.get_by_label(re.compile("^Début"))).to_have_value("16:00")
    expect(page.locator("#couverture + p")).to_contain_text("100")

    page.set_viewport_size({"width": 375, "height": 800})
    grid = page.locator("table.week-grid")
    grid.focus()
    for _ in range(40):
        page.keyboard.press("ArrowRight")
    last_hour = grid.get_by_role("columnheader", name="23 h")
    expect(last_hour).to_be_in_viewport()
    expect(grid.get_by_role("rowheader", name="Samedi")).to_be_in_viewport()
