"""Automated accessibility check of every page type with axe-core (WCAG 2.0/2.1 A and AA).

axe-core (npm, pinned in package.json) is injected into each page of a seeded application —
in a browser context with `bypass_csp=True`, since the application's CSP forbids inline
scripts — and must find no violation of impact « serious » or « critical »; « minor » and
« moderate » ones are printed. The results of a run are written to
test-artifacts/axe/<page>.json. Known exclusions (a DSFR rule on a DSFR selector that our
markup cannot change) are listed in EXCLUSIONS and in docs/accessibility.md.

    .venv/bin/pytest tests/browser/test_accessibility.py -q -s -p no:cacheprovider
"""

import json
import re

import pytest
from playwright.sync_api import expect

from tests.browser.fixtures import (
    ADMIN,
    ADVISER,
    AGENT_59,
    ARTIFACTS,
    LEAD,
    ROOT,
    keyboard_login,
    seed_review_path,
)
from tests.plugins.live_server import launch_chromium, serve
from wizard import create_app
from wizard.db import db

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("serious", "critical")

# (rule id, CSS selector of the node as axe reports it) → why it cannot be fixed in our
# markup. Keep docs/accessibility.md in sync.
EXCLUSIONS: dict[tuple[str, str], str] = {}


# ── the seeded application ───────────────────────────────────────────────────────────────

class Site:
    """The seeded application served on loopback, and one logged-in browser page per role."""

    def __init__(self, browser, base, ids):
        self.browser, self.base, self.ids = browser, base, ids
        self._pages = {}

    def page(self, who=None):
        """The page of `who`: an e-mail (logged in), or None / a name (anonymous)."""
        if who not in self._pages:
            context = self.browser.new_context(locale="fr-FR", bypass_csp=True,
                                               viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.set_default_timeout(10_000)
            if who and "@" in who:
                keyboard_login(page, self.base, who)
            self._pages[who] = page
        return self._pages[who]


@pytest.fixture(scope="module")
def site(chromium_path, tmp_path_factory):
    from playwright.sync_api import sync_playwright

    path = tmp_path_factory.mktemp("a11y") / "a11y.sqlite"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    ids = seed_review_path(app)
    try:
        with serve(app) as base, sync_playwright() as pw:
            browser = launch_chromium(pw, chromium_path)
            try:
                yield Site(browser, base, ids)
            finally:
                browser.close()
    finally:
        with app.app_context():
            db.engine.dispose()


# ── the pages ────────────────────────────────────────────────────────────────────────────

STEP_SLUGS = ["porteur-territoire", "diagnostic", "objectifs", "partenaires", "modalites",
              "budget", "evaluation"]


def _goto(path, status=200):
    def visit(site, page):
        response = page.goto(site.base + path.format(**site.ids))
        assert response.status == status, (path, response.status)
    return visit


def _set_value(page, selector, value):
    """Set a value as a script would (bypasses maxlength), to provoke a server-side error."""
    page.eval_on_selector(selector, "(el, v) => { el.value = v; }", value)


def _errors(slug):
    """The step page of an empty dossier after saving invalid input (errors shown)."""

    def provoke(site, page):
        page.goto(f"{site.base}/dossiers/{site.ids['errors']}/etapes/{slug}")
        if slug == "porteur-territoire":
            page.get_by_label("Adresse électronique de la personne à contacter").fill(
                "pas-une-adresse")
            page.get_by_label("Téléphone").fill("numéro ?")
        elif slug == "diagnostic":
            page.get_by_role("button", name="Ajouter un problème").click()
            page.locator("#problems-0").get_by_label("Source").fill("Enquête")
            page.get_by_role("button", name="Ajouter un lieu").click()
            place = page.locator("#places-0")
            place.get_by_label("Type de lieu").select_option(label="Parc ou espace vert")
            place.get_by_role("button", name="Ajouter un horaire").click()
            page.locator("#places-0-need_slots-0").get_by_label(re.compile("^Début")).fill("18:00")
        elif slug == "objectifs":
            # a forged choice: the only error this page can show (maxlength stops the typing
            # of a too long objective; and with an objective row, an invalid form answers 500:
            # wizard/lead/rows.py walks a FieldList of StringField as if of FormField)
            page.eval_on_selector("#missions-0",
                                  "el => { el.value = 'inconnue'; el.checked = true; }")
        elif slug == "partenaires":
            page.get_by_role("button", name="Ajouter un autre partenaire").click()
            page.locator("#partners-0").get_by_label("Nom du partenaire").fill("Police")
            page.get_by_label("Réunions du comité de pilotage par an").fill("beaucoup")
        elif slug == "modalites":
            page.get_by_label("Semaines d'intervention par an").fill("60")
            page.get_by_label("Encadrement (ETP de coordinateur)").fill("un demi")
            slot = page.locator("#rounds-0-slots-0")
            slot.get_by_label("Médiateurs présents").fill("deux")
        elif slug == "budget":
            page.get_by_label("Nombre de postes d'adultes-relais").fill("deux")
            page.get_by_role("button", name="Ajouter un financeur").click()
            funder = page.locator("#funders-0")
            funder.get_by_label("Nom du financeur").fill("FIPD")
            funder.get_by_label("Année 1 (€)").fill("20 000")
        elif slug == "evaluation":
            _set_value(page, "#difficulties", "x" * 5001)
            page.get_by_role("button", name="Ajouter un autre indicateur").click()
            _set_value(page, "input[name='indicators-0-name']", "y" * 201)
        page.get_by_role("button", name="Enregistrer le brouillon").click()
        expect(page.locator("#resume-erreurs")).to_be_focused()
        assert page.title().startswith("Erreur : "), page.title()

    return provoke


def _login_errors(site, page):
    page.goto(f"{site.base}/connexion")
    page.get_by_label("Adresse électronique").fill("inconnu@example.fr")
    page.get_by_label("Mot de passe").fill("mauvais")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.locator("#resume-erreurs")).to_be_visible()


def _new_dossier_errors(site, page):
    page.goto(f"{site.base}/dossiers/nouveau")
    page.get_by_label("Titre du projet").fill("")
    page.get_by_role("button", name="Créer le dossier").click()
    expect(page.locator("#resume-erreurs")).to_be_focused()


def _admin_form_errors(site, page):
    page.goto(f"{site.base}/admin/utilisateurs/nouveau")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("#resume-erreurs")).to_be_visible()


def _publish_errors(site, page):
    page.goto(f"{site.base}/conseiller/parametres/nouveau")
    page.locator("input[name$='-value']").first.fill("pas un nombre")
    page.get_by_role("button", name="Publier ce jeu").click()
    expect(page.locator("#resume-erreurs")).to_be_visible()


PAGES = {
    # name: (who, how to get there)
    "connexion": (None, _goto("/connexion")),
    "connexion-erreurs": ("anonyme-erreurs", _login_errors),
    "mot-de-passe-oublie": (None, _goto("/mot-de-passe-oublie")),
    "page-404": (None, _goto("/page-inexistante", 404)),
    "porteur-dossiers": (LEAD, _goto("/dossiers")),
    "porteur-nouveau-dossier": (LEAD, _goto("/dossiers/nouveau")),
    "porteur-nouveau-dossier-erreurs": (LEAD, _new_dossier_errors),
    "porteur-taches": (LEAD, _goto("/dossiers/{complete}")),
    "porteur-taches-commentaires": (LEAD, _goto("/dossiers/{asked}")),
    **{f"etape-{slug}-vide": (LEAD, _goto(f"/dossiers/{{empty}}/etapes/{slug}"))
       for slug in STEP_SLUGS},
    **{f"etape-{slug}-erreurs": (LEAD, _errors(slug)) for slug in STEP_SLUGS},
    **{f"etape-{slug}-remplie": (LEAD, _goto(f"/dossiers/{{complete}}/etapes/{slug}"))
       for slug in STEP_SLUGS},
    "etape-commentee": (LEAD, _goto("/dossiers/{asked}/etapes/diagnostic")),
    "recapitulatif": (LEAD, _goto("/dossiers/{complete}/recapitulatif")),
    "recapitulatif-incomplet": (LEAD, _goto("/dossiers/{empty}/recapitulatif")),
    "conseiller-tableau-de-bord": (ADVISER, _goto("/conseiller/")),
    "conseiller-dossier": (ADVISER, _goto("/conseiller/dossiers/{asked}")),
    "conseiller-dossier-transmis": (ADVISER, _goto("/conseiller/dossiers/{sent}")),
    "conseiller-differences": (ADVISER, _goto("/conseiller/dossiers/{sent}/differences")),
    "conseiller-historique": (ADVISER, _goto("/conseiller/dossiers/{sent}/historique")),
    "parametres-liste": (ADVISER, _goto("/conseiller/parametres")),
    "parametres-jeu": (ADVISER, _goto("/conseiller/parametres/{parameter_set}")),
    "parametres-publier": (ADVISER, _goto("/conseiller/parametres/nouveau")),
    "parametres-publier-erreurs": (ADVISER, _publish_errors),
    "prefecture-reception": (AGENT_59, _goto("/prefecture/")),
    "prefecture-dossier": (AGENT_59, _goto("/prefecture/dossiers/{sent}")),
    "prefecture-programmation": (AGENT_59, _goto("/prefecture/programmation")),
    "admin-utilisateurs": (ADMIN, _goto("/admin/utilisateurs")),
    "admin-nouveau-compte": (ADMIN, _goto("/admin/utilisateurs/nouveau")),
    "admin-nouveau-compte-erreurs": (ADMIN, _admin_form_errors),
    "admin-modifier-compte": (ADMIN, _goto("/admin/utilisateurs/{admin_user}")),
}


# ── axe ──────────────────────────────────────────────────────────────────────────────────

RUN_AXE = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  const shape = v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 300),
                              summary: n.failureSummary}))
  });
  return {violations: results.violations.map(shape), incomplete: results.incomplete.map(shape),
          passes: results.passes.length};
}"""


def run_axe(page) -> dict:
    """axe's results on the page: `violations` (without the known exclusions), `incomplete`
    (what axe could not decide: to review by hand) and the number of rules passed."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    results = page.evaluate(RUN_AXE, TAGS)
    violations = []
    for v in results["violations"]:
        v["nodes"] = [n for n in v["nodes"] if (v["id"], n["target"]) not in EXCLUSIONS]
        if v["nodes"]:
            violations.append(v)
    results["violations"] = violations
    return results


@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_accessibility_violation(site, name):
    who, arrive = PAGES[name]
    page = site.page(who)
    arrive(site, page)
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.title().endswith(" — Médiation sociale"), page.title()
    results = run_axe(page)
    violations = results["violations"]
    out = ARTIFACTS / "axe"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{name}.json").write_text(json.dumps(
        {"page": name, "url": page.url, "title": page.title(), **results},
        ensure_ascii=False, indent=1))
    for v in results["incomplete"]:
        print(f"\n[{name}] à vérifier : {v['id']} — {v['help']} ({len(v['nodes'])} nœud(s))")
    for v in violations:
        print(f"\n[{name}] {v['impact']}: {v['id']} — {v['help']} "
              f"({len(v['nodes'])} nœud(s), ex. {v['nodes'][0]['target']})")
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    if blocking:
        page.screenshot(path=str(out / f"{name}.png"), full_page=True)
    assert not blocking, json.dumps(blocking, ensure_ascii=False, indent=1)


# ── what axe does not check: keyboard, focus, skip links ─────────────────────────────────

FOCUS_RING = """() => {
  // DSFR draws the ring on the element, on its ::before (enlarged links), or for a
  // checkbox / radio button (the input itself is transparent) on its label's ::before
  const el = document.activeElement;
  const ring = (node, pseudo) => {
    if (!node) { return false; }
    const style = getComputedStyle(node, pseudo);
    return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 1)
      || (style.boxShadow !== 'none' && !pseudo);
  };
  const box = el.type === 'checkbox' || el.type === 'radio';
  const label = box ? document.querySelector(`label[for="${el.id}"]`) : null;
  return {tag: el.tagName, text: (el.textContent || el.name || '').trim().slice(0, 60),
          visible: box ? ring(label, '::before') || ring(label, null)
                       : ring(el, null) || ring(el, '::before')};
}"""


def test_skip_link_focus_ring_and_keyboard_only_form(site):
    """The first Tab reaches the « Contenu » skip link, which moves the focus to <main>;
    every element reached by Tab shows a focus ring; a step form is saved with the keyboard
    alone and its error summary takes the focus."""
    page = site.page(LEAD)
    page.goto(f"{site.base}/dossiers/{site.ids['keyboard']}/etapes/porteur-territoire")
    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUS_RING)
    assert focused["tag"] == "A" and focused["text"] == "Contenu", focused
    assert focused["visible"], focused
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "contenu"
    # Tab through the page: every stop is visible as focused, none is a trap
    seen = []
    for _ in range(120):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS_RING)
        if focused["tag"] == "BODY":  # past the last stop: the browser's own controls
            break
        assert focused["visible"], (seen, focused)
        seen.append(focused["text"] or focused["tag"])
    assert len(seen) > 20 and seen[-1].startswith("Accessibilité"), seen
    # keyboard only: type into the e-mail field, then reach « Enregistrer le brouillon »
    page.get_by_label("Adresse électronique de la personne à contacter").focus()
    page.keyboard.type("pas-une-adresse")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.textContent.trim()") == \
                "Enregistrer le brouillon":
            break
    else:
        raise AssertionError("« Enregistrer le brouillon » not reached with Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#resume-erreurs")).to_be_focused()
    assert page.title().startswith("Erreur : ")
    page.keyboard.press("Tab")  # the first link of the summary leads to the field
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#contact_email$"))


def _luminance(rgb: str) -> float:
    channels = [int(x) / 255 for x in re.findall(r"\d+", rgb)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_contrast_of_our_own_colours(site):
    """axe cannot decide the contrast of cells drawn over the DSFR table gradients: check the
    only colours app.css adds (coverage cells) against WCAG 1.4.3 (4.5:1)."""
    page = site.page(LEAD)
    page.goto(f"{site.base}/dossiers/{site.ids['complete']}/etapes/modalites")
    # the reference dossier covers every need: add a « gap » cell to the week grid
    page.eval_on_selector(".week-grid tbody tr", "row => { const td = document.createElement('td');"
                          " td.className = 'fr-cell--right coverage-gap'; td.textContent = '• 0';"
                          " row.appendChild(td); }")
    cells = page.eval_on_selector_all(
        ".coverage-gap, .coverage-ok",
        "els => els.map(el => [el.className, getComputedStyle(el).color,"
        " getComputedStyle(el).backgroundColor])")
    assert {c[0].split()[-1] for c in cells} == {"coverage-gap", "coverage-ok"}, cells
    for name, color, background in cells:
        light, dark = sorted([_luminance(color), _luminance(background)], reverse=True)
        ratio = (light + 0.05) / (dark + 0.05)
        assert ratio >= 4.5, (name, color, background, round(ratio, 2))
