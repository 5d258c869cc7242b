"""Every main page type on a phone (375 px) and a desktop (1280 px), each kept as a screenshot
in test-artifacts/screens/<width>/: no script error, no
horizontal scroll of the page (wide tables scroll inside their container), the State logo
whole, every button with a visible name that is not cut; on the phone, the user's name and
« Se déconnecter » are reached through the DSFR « Menu » button.

    .venv/bin/pytest tests/browser/test_screens.py -q -p no:cacheprovider
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.fixtures import (
    ADMIN,
    ADVISER,
    AGENT_59,
    LEAD,
    keyboard_login,
    seed_received,
    seed_review_path,
)
from tests.plugins.live_server import ARTIFACTS, launch_chromium, serve
from wizard import create_app
from wizard.db import db

WIDTHS = (375, 1280)
SHOTS = ARTIFACTS / "screens"  # <width>/<who>--<path>.png: every page type, kept to look at
STEPS = ["porteur-territoire", "diagnostic", "objectifs", "partenaires", "modalites", "budget",
         "evaluation"]
PAGES = {
    None: ["/connexion", "/mot-de-passe-oublie", "/accessibilite"],  # anonymous
    LEAD: ["/dossiers", "/dossiers/nouveau", "/dossiers/{complete}", "/dossiers/{asked}",
           *[f"/dossiers/{{complete}}/etapes/{slug}" for slug in STEPS],
           "/dossiers/{empty}/etapes/partenaires", "/dossiers/{complete}/recapitulatif"],
    ADVISER: ["/conseiller/", "/conseiller/dossiers/{sent}", "/conseiller/dossiers/{asked}",
              "/conseiller/dossiers/{sent}/historique", "/conseiller/dossiers/{sent}/differences",
              "/conseiller/parametres", "/conseiller/parametres/{parameter_set}"],
    AGENT_59: ["/prefecture/", "/prefecture/dossiers/{sent}", "/prefecture/programmation"],
    ADMIN: ["/admin/utilisateurs"],
}

# What a page must not show: the clipped logo, a button without a visible name (an icon
# alone, as DSFR draws an icon button in a group without `fr-btns-group--icon-left`), a
# button whose text is cut, the page wider than the screen, a bordered group's legend
# astride its border.
LAYOUT = """() => {
  const problems = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth + 1) {
    const wide = [...document.querySelectorAll('main *, header *, footer *')]
      .filter(e => e.getBoundingClientRect().right > root.clientWidth + 1 && !e.closest('.fr-table__container'))
      .slice(0, 3).map(e => e.tagName + '.' + e.className);
    problems.push('page wider than the screen: ' + root.scrollWidth + ' ' + wide.join(', '));
  }
  for (const top of document.querySelectorAll('.fr-header__brand-top')) {
    const logo = top.querySelector('.fr-header__logo');
    if (logo.getBoundingClientRect().right > top.getBoundingClientRect().right + 1)
      problems.push('logo cut');
  }
  // not drawn: hidden, or inside a closed <details> (whose rectangle Chromium still reports)
  const visible = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0
                         && e.checkVisibility({visibilityProperty: true}); };
  for (const b of document.querySelectorAll('.fr-btn, button')) {
    if (!visible(b) || b.closest('.fr-header__navbar, .fr-sr-only, [aria-hidden=true]')
        || b.matches('.fr-btn--close')) continue;
    const text = (b.innerText || '').trim();
    if (!text) problems.push('button without a visible name: ' + b.outerHTML.slice(0, 160));
    else if (b.scrollWidth > b.clientWidth + 1 && getComputedStyle(b).overflow === 'hidden')
      problems.push('button text cut: ' + b.outerHTML.slice(0, 200));
  }
  // a bordered group's title (its legend) inside the box, not astride its border
  for (const set of document.querySelectorAll('fieldset')) {
    const legend = set.querySelector(':scope > legend');
    if (!legend || !visible(set) || parseFloat(getComputedStyle(set).borderTopWidth) === 0) continue;
    if (legend.getBoundingClientRect().top < set.getBoundingClientRect().top + 1)
      problems.push('legend on the border: ' + legend.textContent.trim().slice(0, 60));
  }
  return problems;
}"""


@pytest.fixture(scope="module")
def site(chromium_path, tmp_path_factory):
    from playwright.sync_api import sync_playwright

    app = create_app({"SQLALCHEMY_DATABASE_URI":
                      f"sqlite:///{tmp_path_factory.mktemp('screens') / 'screens.sqlite'}"})
    ids = seed_review_path(app)
    ids["received"] = seed_received(app, "Médiation sociale — reçu par la préfecture")
    try:
        with serve(app) as base, sync_playwright() as pw:
            browser = launch_chromium(pw, chromium_path)
            try:
                yield browser, base, ids
            finally:
                browser.close()
    finally:
        with app.app_context():
            db.engine.dispose()


def _page(browser, base, who, width):
    """A page of `who` (logged in; anonymous for None) at `width`, collecting console errors
    and page errors."""
    context = browser.new_context(locale="fr-FR", viewport={"width": width, "height": 800})
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors = []
    page.on("console", lambda m: errors.append(f"console: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
    if who:
        keyboard_login(page, base, who)
    return page, errors


def _shot(page, who, path, width):
    folder = SHOTS / str(width)
    folder.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-")
    page.screenshot(path=str(folder / f"{(who or 'anonyme').split('@')[0]}-{name}.png"),
                    full_page=True, caret="initial")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("who", list(PAGES), ids=lambda who: who or "anonyme")
def test_pages_have_no_script_error_and_fit_the_screen(site, who, width):
    browser, base, ids = site
    page, errors = _page(browser, base, who, width)
    found = {}
    try:
        for path in PAGES[who]:
            url = path.format(**ids)
            response = page.goto(base + url)
            page.wait_for_load_state("load")
            problems = ([] if response.status == 200 else [f"status {response.status}"])
            problems += errors + page.evaluate(LAYOUT)
            _shot(page, who, path, width)  # after the checks: Playwright may inject a style
            errors.clear()
            if problems:
                found[url] = problems
    finally:
        page.context.close()
    assert not found, found


def test_on_a_phone_the_menu_button_reaches_the_name_and_the_logout(site):
    browser, base, _ids = site
    page, errors = _page(browser, base, LEAD, 375)
    try:
        page.goto(f"{base}/dossiers")
        logout = page.get_by_role("button", name="Se déconnecter")
        expect(logout.first).to_be_hidden()  # in the header's tools, hidden on a phone
        page.get_by_role("button", name="Menu").click()
        menu = page.locator("#menu-principal")
        expect(menu.get_by_text("Camille Porteur")).to_be_visible()
        expect(menu.get_by_role("link", name="Mes dossiers")).to_be_visible()
        menu.get_by_role("button", name="Se déconnecter").click()
        expect(page.get_by_text("Vous êtes déconnecté.")).to_be_visible()
        assert not errors, errors
    finally:
        page.context.close()


def test_rows_added_and_removed_by_script_are_renumbered(site):
    browser, base, ids = site
    page, errors = _page(browser, base, LEAD, 1280)
    try:
        page.goto(f"{base}/dossiers/{ids['complete']}/etapes/partenaires")
        rows = page.locator("#partners > [data-repeat-items] > [data-repeat-item]")  # not in-kind rows
        count = rows.count()
        page.get_by_role("button", name="Ajouter un autre partenaire").click()
        expect(rows).to_have_count(count + 1)
        expect(rows.last.locator("legend").first).to_have_text(f"Partenaire {count + 1}")
        first = rows.first.locator("legend").first.inner_text()
        rows.first.get_by_role("button", name=re.compile(r"^Supprimer « Partenaire 1")).click()
        expect(rows).to_have_count(count)
        expect(rows.last.locator("legend").first).to_have_text(f"Partenaire {count}")
        expect(rows.last.get_by_role("button", name=re.compile(r"^Supprimer"))).to_have_text(
            f"Supprimer « Partenaire {count} »")
        assert first == "Partenaire 1" and not errors, errors
        # the objectives (one field a row): numbered too, never « Nouvel objectif »
        page.goto(f"{base}/dossiers/{ids['complete']}/etapes/objectifs")
        rows = page.locator("#specific [data-repeat-item]")
        count = rows.count()
        names = rows.locator("input").evaluate_all("inputs => inputs.map(i => i.name)")
        page.get_by_role("button", name="Ajouter un objectif").click()
        expect(rows).to_have_count(count + 1)
        expect(rows.last.locator("label")).to_have_text(f"Objectif spécifique {count + 1}")
        added = page.get_by_label(f"Objectif spécifique {count + 1}", exact=True)
        expect(added).to_be_focused()
        assert added.get_attribute("name") not in names, names  # a new row, not the first again
        rows.first.get_by_role("button", name="Supprimer l'objectif 1").click()
        expect(rows).to_have_count(count)
        expect(rows.last.locator("label")).to_have_text(f"Objectif spécifique {count}")
        expect(rows.last.get_by_role("button")).to_have_text(f"Supprimer l'objectif {count}")
        assert not errors, errors
    finally:
        page.context.close()
