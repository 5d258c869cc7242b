"""Shared helpers of the browser tests.

`seed_cast(app)` adds, next to the Lille lead of `live_app`, the people of the review path:
an adviser, prefecture agents of the Nord (59) and of the Pas-de-Calais (62), an
administrator, Arras (62041) and the sample QPV list. `cast` (tests/browser/conftest.py) is
the fixture form of it on `live_app`. `seed_review_path(app)` seeds dossiers in every state
the pages show; `seed_received(app, title)` one dossier of Lille transmitted and acknowledged
(« Reçu ») with its required pieces. `login` and `keyboard_login` log a person in; `Ui` wraps the Playwright
actions a person does, counting them. COMPLETE is the reference dossier the end-to-end test
types in (read-only).
"""

from pathlib import Path

from playwright.sync_api import expect

from tests.helpers import TEST_PASSWORD, add_dossier, add_pieces, signed
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
        import_qpvs(ROOT / "wizard" / "reference" / "data" / "qpv-sample.csv")  # the pick-lists of Lille
        db.session.commit()


def seed_review_path(app) -> dict:
    """In `app` (its schema created here): Lille's lead, the review cast and dossiers in the
    states the pages need; returns their ids (empty, errors, keyboard, complete, asked — changes
    requested with comments —, sent — transmitted after two rounds —, admin_user,
    parameter_set)."""
    import copy

    from wizard import operations, reference, workflow
    from wizard.accounts import hash_password
    from wizard.models import Commune, Role, User, UserCommune
    from wizard.reference.communes import search_key

    with app.app_context():
        db.create_all()
    seed_cast(app)
    with app.app_context(), app.test_request_context():
        lille = Commune(insee_code="59350", kind="commune-actuelle", name="Lille",
                        search_name=search_key("Lille"), department="59", region="32",
                        population=238246)
        db.session.add(lille)
        db.session.flush()
        lead = User(email=LEAD, name="Camille Porteur", role=Role.LEAD, active=True,
                    password_hash=hash_password(TEST_PASSWORD))
        lead.communes = [UserCommune(commune_id=lille.id)]
        db.session.add(lead)
        db.session.flush()
        reference.ensure_default_set()
        users = {u.email: u for u in User.query.all()}
        lead, adviser, agent = users[LEAD], users[ADVISER], users[AGENT_59]

        def complete(title):
            doc = copy.deepcopy(COMPLETE)
            doc["title"] = title
            dossier = add_dossier(lille, document=doc, parameter_set=reference.current_set(),
                                  created_by=lead, updated_by=lead, sync=True)
            add_pieces(dossier)
            return dossier

        ids = {}
        ids["empty"] = operations.create_dossier(lead, lille, "Dossier vide").id
        ids["errors"] = operations.create_dossier(lead, lille, "Dossier à erreurs").id
        ids["keyboard"] = operations.create_dossier(lead, lille, "Dossier au clavier").id
        ids["complete"] = complete("Médiation sociale — brouillon complet").id
        # changes requested, with comments on two steps (and a private note)
        asked = complete("Médiation sociale — à compléter")
        workflow.apply("submit", asked, lead, attestation=signed())
        workflow.apply("take", asked, adviser)
        workflow.apply("request_changes", asked, adviser, reason="Merci de compléter.",
                       step_reasons={"diagnostic": "Préciser les horaires du vendredi.",
                                     "budget": "Le cofinancement FIPD dépasse 50 %."})
        ids["asked"] = asked.id
        # transmitted after two submissions (a diff, a history, the prefecture's files)
        sent = complete("Médiation sociale — transmis")
        workflow.apply("submit", sent, lead, attestation=signed())
        workflow.apply("take", sent, adviser)
        workflow.apply("request_changes", sent, adviser, reason="Un point à revoir.",
                       step_reasons={"budget": "Montants de l'année 3 ?"})
        document = copy.deepcopy(sent.document)
        document["funding"]["funders"][0]["amounts"][2] = "10000"
        document["title"] = sent.title + " (version 2)"
        sent.document = document
        operations.sync_columns(sent)
        db.session.flush()
        workflow.apply("submit", sent, lead, attestation=signed())
        workflow.apply("take", sent, adviser)
        workflow.apply("approve", sent, adviser)
        workflow.apply("transmit", sent, adviser)
        ids["sent"] = sent.id
        ids["admin_user"] = users[LEAD].id
        ids["parameter_set"] = reference.current_set().id
        db.session.commit()
        assert agent.department_codes
    return ids


def seed_received(app, title: str) -> int:
    """In `app` (`cast` seeded): the complete dossier of Lille titled `title` (FIPD, the
    adultes-relais aid and the department among its funders), its required pieces, submitted,
    approved, transmitted and acknowledged by the agent of the Nord; returns its id."""
    import copy

    from wizard import reference, workflow
    from wizard.models import Commune, User

    with app.app_context(), app.test_request_context():
        reference.ensure_default_set()
        users = {u.email: u for u in User.query.all()}
        lead, adviser = users[LEAD], users[ADVISER]
        document = copy.deepcopy(COMPLETE)
        document["title"] = title
        dossier = add_dossier(Commune.query.filter_by(insee_code="59350").one(),
                              document=document, parameter_set=reference.current_set(),
                              created_by=lead, updated_by=lead, sync=True)
        add_pieces(dossier)
        workflow.apply("submit", dossier, lead, attestation=signed())
        for name, user in (("take", adviser), ("approve", adviser), ("transmit", adviser),
                           ("acknowledge", users[AGENT_59])):
            workflow.apply(name, dossier, user)
        db.session.commit()
        return dossier.id


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
    presses; choosing an option in a list, or a file to upload, counts as one action)."""

    def __init__(self, page):
        self.page = page
        self.count = 0
        self.counting = False
        self.by_kind = {"fill": 0, "click": 0, "key": 0, "select": 0, "file": 0}

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

    def fill_files(self, locator, files):
        """Choose the file(s) of a file input (one action: the file picker)."""
        locator.set_input_files(files)
        self._tick("file")

    def select(self, locator, label):
        locator.select_option(label=label)
        self._tick("select")

    def tick(self, locator):
        """Check a checkbox (or choose a radio button) with the Space bar."""
        locator.press("Space")
        self._tick("key")
        assert locator.is_checked(), locator
