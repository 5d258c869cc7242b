"""Shared helpers of the browser tests.

`seed_cast(app)` adds, next to the Lille lead of `live_app`, the people of the review path:
an adviser, prefecture agents of the Nord (59) and of the Pas-de-Calais (62), an
administrator, Arras (62041) and the sample QPV list. `cast` (tests/browser/conftest.py) is the fixture form of
it on `live_app`. `login` and `keyboard_login` log a person in; `Ui` wraps the Playwright
actions a person does, counting them. COMPLETE is the reference dossier the end-to-end test
types in (read-only).
"""

from pathlib import Path

from playwright.sync_api import expect

from tests.helpers import TEST_PASSWORD
from tests.plugins.live_server import ARTIFACTS  # noqa: F401 (re-exported)
from tests.samples import complete_raw
from wizard.db import db

ROOT = Path(__file__).resolve().parents[2]
COMPLETE = complete_raw()

LEAD = "porteur@lille.fr"
ADVISER = "conseil@region.fr"
AGENT_59 = "agent59@prefecture.fr"
AGENT_62 = "agent62@prefecture.fr"
ADMIN = "admin@region.fr"


def seed_cast(app) -> None:
    """Adviser, agents of 59 and 62, administrator and Arras, in `app`'s database."""
    from wizard.accounts import hash_password
    from wizard.models import Commune, Role, User, UserDepartment
    from wizard.reference.communes import search_key

    with app.app_context():
        db.session.add(Commune(insee_code="62041", kind="commune-actuelle", name="Arras",
                               search_name=search_key("Arras"), department="62", region="32",
                               population=41555))
        people = [
            (ADVISER, "Dominique Conseil", Role.ADVISER, ()),
            (AGENT_59, "Alix Préfecture-Nord", Role.PREFECTURE, ("59",)),
            (AGENT_62, "Sacha Préfecture-Pas-de-Calais", Role.PREFECTURE, ("62",)),
            (ADMIN, "Morgan Admin", Role.ADMIN, ()),
        ]
        for email, name, role, departments in people:
            user = User(email=email, name=name, role=role, active=True,
                        password_hash=hash_password(TEST_PASSWORD))
            user.departments = [UserDepartment(department=d) for d in departments]
            db.session.add(user)
        from wizard.reference.qpv import import_qpvs
        import_qpvs(ROOT / "tests" / "data" / "qpv-sample.csv")  # the pick-lists of Lille
        db.session.commit()


def login(page, base, email=LEAD):
    page.goto(f"{base}/connexion")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def keyboard_login(page, base, email):
    """Log in with the keyboard only: type, Tab to the password, type, Enter."""
    page.goto(f"{base}/connexion")
    page.get_by_label("Adresse électronique").fill(email)
    page.keyboard.press("Tab")
    page.keyboard.type(TEST_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/connexion" not in url)


def logout(page):
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_text("Vous êtes déconnecté.")).to_be_visible()


class Ui:
    """The actions of a person on a page, counted while `counting` (fills, clicks, key
    presses; choosing an option in a list counts as one action)."""

    def __init__(self, page):
        self.page = page
        self.count = 0
        self.counting = False
        self.by_kind = {"fill": 0, "click": 0, "key": 0, "select": 0}

    def _tick(self, kind):
        if self.counting:
            self.count += 1
            self.by_kind[kind] += 1

    def fill(self, locator, value):
        locator.fill(value)
        self._tick("fill")

    def click(self, locator):
        locator.click()
        self._tick("click")

    def press(self, locator, key):
        """A key pressed with `locator` focused (Space on a checkbox or a radio button)."""
        locator.press(key)
        self._tick("key")

    def key(self, key):
        """A key pressed wherever the focus is."""
        self.page.keyboard.press(key)
        self._tick("key")

    def select(self, locator, label):
        locator.select_option(label=label)
        self._tick("select")

    def tick(self, locator):
        """Check a checkbox (or choose a radio button) with the Space bar."""
        locator.press("Space")
        self._tick("key")
        assert locator.is_checked(), locator
