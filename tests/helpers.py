"""Test helpers: read a page's form fields and post them back like a browser would."""

import re
from contextlib import contextmanager
from html.parser import HTMLParser

from flask import g
from flask.testing import FlaskClient
from werkzeug.datastructures import MultiDict

TEST_PASSWORD = "Mot-de-passe-solide-2026"
# The attestation sur l'honneur fields of a submission, as the recap posts them.
ATTESTATION_FIELDS = {"signatory_name": "Camille Leroy", "signatory_quality": "Maire",
                      "signed_on": "2026-01-05", "accepted": "y"}


def signed():
    """The attestation sur l'honneur a submission (`workflow.apply("submit", …)`) needs."""
    from datetime import date

    from wizard.operations import Attestation
    return Attestation("Camille Leroy", "Maire", date(2026, 1, 5), True)


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.fields = MultiDict()
        self._in_form = 0
        self._textarea = None
        self._select = None
        self._in_template = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "template":
            self._in_template += 1
        if self._in_template:
            return
        if tag == "form" and "data-skip" not in a:
            self._in_form += 1
        if not self._in_form:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button"):
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields.add(name, a.get("value", "y"))
            else:
                self.fields.add(name, a.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields.add(name, "")
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.fields.add(self._select, a.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "template":
            self._in_template -= 1
        elif tag == "textarea" and self._textarea:
            # browsers drop the newline that directly follows <textarea>
            values = self.fields.getlist(self._textarea)
            if values[-1].startswith("\r\n"):
                values[-1] = values[-1][2:]
            elif values[-1].startswith("\n"):
                values[-1] = values[-1][1:]
            self.fields.setlist(self._textarea, values)
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form" and self._in_form:
            self._in_form -= 1

    def handle_data(self, data):
        if self._textarea and not self._in_template:
            values = self.fields.getlist(self._textarea)
            values[-1] += data
            self.fields.setlist(self._textarea, values)


def page_form(client, url, html=None) -> MultiDict:
    """The fields (with their current values) of the forms of a page, as a browser sends them."""
    if html is None:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        html = response.text
    parser = _FormParser()
    parser.feed(html)
    return parser.fields


def submit(client, url, form: MultiDict, **changes):
    """POST `form` with `changes` applied (a list value sets several values)."""
    data = MultiDict(form)
    for key, value in changes.items():
        data.setlist(key, value if isinstance(value, list) else [value])
    return client.post(url, data=data)


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def seed_lille_and_lead():
    """In the current app context: the schema, Lille and a lead of Lille
    (porteur@lille.fr / TEST_PASSWORD), for tests that run a real server."""
    from wizard.accounts import hash_password
    from wizard.db import db
    from wizard.models import Commune, Role, User, UserCommune
    from wizard.reference.communes import search_key

    db.create_all()
    lille = Commune(insee_code="59350", kind="commune-actuelle", name="Lille",
                    search_name=search_key("Lille"), department="59", region="32",
                    population=238246)
    db.session.add(lille)
    db.session.flush()
    lead = User(email="porteur@lille.fr", name="Camille Porteur", role=Role.LEAD,
                active=True, password_hash=hash_password(TEST_PASSWORD))
    lead.communes = [UserCommune(commune_id=lille.id)]
    db.session.add(lead)
    db.session.commit()


def add_dossier(commune, *, state=None, document=None, title=None, created_by=None,
                updated_by=None, sync=False, **columns):
    """In the current app context: a dossier of `commune`, added and committed, built as the
    application stores one — commune_id and department from the commune, title from the
    document (unless `title` is given), state (a draft by default), document ({} by default),
    pending = {}, created_by/updated_by set when given (users), the version set by the ORM.

    `sync=True` also fills the list columns (totals, title, commune) from the document as a
    save does (`wizard.operations.sync_columns`); without it they keep what `columns` gives
    (total_cost, commune_share, mediator_fte, parameter_set, scenarios, created_at, …).
    The document is stored as given (not copied): pass a copy you own."""
    from wizard.db import db
    from wizard.models import Dossier, DossierState

    document = {} if document is None else document
    columns.setdefault("pending", {})
    dossier = Dossier(
        commune_id=commune.id,
        department=commune.department,
        title=(title or document.get("title") or "Projet")[:200],
        state=DossierState.DRAFT if state is None else state,
        document=document,
        **columns,
    )
    if created_by is not None:
        dossier.created_by_id = created_by.id
    if updated_by is not None:
        dossier.updated_by_id = updated_by.id
    if sync:
        from wizard.operations import sync_columns

        dossier.commune = commune
        sync_columns(dossier)
    db.session.add(dossier)
    db.session.commit()
    return dossier


def add_transmission(dossier) -> None:
    """In the current app context: stored files for a dossier in a transmitted state (as the
    transmission effect leaves them), committed."""
    from wizard.db import db
    from wizard.models import Transmission

    db.session.add(Transmission(dossier_id=dossier.id, pdf=b"%PDF-1.4", json=b"{}",
                                pdf_sha256="0" * 64, json_sha256="1" * 64,
                                pdf_size=8, json_size=2))
    db.session.commit()


def log_in(client, user):
    """Log `user` in on `client` through the real login form (password TEST_PASSWORD)."""
    page = client.get("/connexion")
    response = client.post("/connexion", data={"email": user.email, "password": TEST_PASSWORD,
                                               "csrf_token": csrf_token(page.text)})
    assert response.status_code == 302, response.text
    return user


def login(app, user):
    """A new browser session (test client) logged in as `user`."""
    client = app.test_client()
    log_in(client, user)
    return client


def post_form(client, url, page_url, **data):
    """POST `data` to `url` with the CSRF token of the page at `page_url`."""
    token = csrf_token(client.get(page_url).text)
    return client.post(url, data={"csrf_token": token, **data})


class Client(FlaskClient):
    """Test client that forgets the user cached on `g` between requests: the app fixtures
    keep an app context pushed (for direct database access), which requests would otherwise
    share."""

    def open(self, *args, **kwargs):
        for cached in ("_login_user", "csrf_token"):
            g.pop(cached, None)
        return super().open(*args, **kwargs)


@contextmanager
def app_with_schema(config="test"):
    """An application (`create_app(config)`) with its schema created in a pushed app context,
    dropped and disposed of on exit: the body of the `app` fixtures."""
    from wizard import create_app
    from wizard.db import db

    app = create_app(config)
    app.test_client_class = Client
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def add_pieces(dossier, codes=None) -> list:
    """In the current app context: one small PDF for each required supporting document of
    the dossier's checklist (or for each code of `codes`), committed; returns them."""
    import hashlib

    from wizard.db import db
    from wizard.document.checklist import checklist
    from wizard.models import Attachment

    if codes is None:
        codes = [e.piece.code for e in checklist(dossier.document) if e.required]
    added = [Attachment(dossier_id=dossier.id, kind=code, filename=f"{code}.pdf",
                        content_type="application/pdf", size=len(PDF_BYTES),
                        sha256=hashlib.sha256(PDF_BYTES).hexdigest(), content=PDF_BYTES)
             for code in codes]
    db.session.add_all(added)
    db.session.commit()
    return added
