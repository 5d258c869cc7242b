"""Every URL rule of the app × every role × own / other dossier: the expected status.

Built from `app.url_map`, so a new route is covered (and must be classified) automatically.
"""

import copy

import pytest

from tests.helpers import TEST_PASSWORD, add_pieces, add_transmission, csrf_token
from wizard import create_app
from wizard.db import db
from wizard.models import Attachment, Comment, DossierState

ROLES = ("anonymous", "lead", "adviser", "prefecture", "admin")
PUBLIC = {"auth.login", "auth.forgot_password", "auth.set_password", "web.home",
          "web.accessibility", "web.dsfr_asset", "static", "healthz",
          # ProConnect's sign-in and callback: public (404 here, where it is not configured;
          # tests/functional/test_proconnect.py covers them configured)
          "proconnect.start", "proconnect.callback"}
AUDIENCE = {"lead": "lead", "adviser": "adviser", "prefecture": "prefecture", "admin": "admin",
            "api": None, "auth": None}


def _rules():
    app = create_app("test")
    return sorted(
        ((r.endpoint, r.rule, m) for r in app.url_map.iter_rules()
         for m in sorted(r.methods - {"HEAD", "OPTIONS"})),
    )


@pytest.fixture
def world(app, create_commune, create_user, create_dossier, complete_document):
    lille = create_commune()
    arras = create_commune("62041", "Arras", department="62")
    users = {
        "lead": create_user("lead", communes=[lille]),
        "adviser": create_user("adviser"),
        "prefecture": create_user("prefecture", departments=["59"]),
        "admin": create_user("admin"),
    }

    def dossier(commune, state):
        d = create_dossier(state=state, document=copy.deepcopy(complete_document),
                           commune=commune)
        # the request of the side that holds the dossier (each side closes its own only)
        author = users["prefecture" if state is DossierState.TRANSMITTED else "adviser"]
        if state is DossierState.TRANSMITTED:
            add_transmission(d)
        db.session.add(Comment(dossier_id=d.id, step="diagnostic", body="?",
                               author_id=author.id))
        add_pieces(d, ["rib"])
        return d

    own = {
        "lead": dossier(lille, DossierState.DRAFT),
        "adviser": dossier(lille, DossierState.IN_REVIEW),
        "prefecture": dossier(lille, DossierState.TRANSMITTED),
    }
    other = {
        "lead": dossier(arras, DossierState.DRAFT),           # another commune
        "adviser": dossier(lille, DossierState.DRAFT),        # never submitted
        "prefecture": dossier(arras, DossierState.TRANSMITTED),  # another department
    }
    from wizard.models import CoEditor

    co_editor = create_user("lead", communes=[arras])
    db.session.add(CoEditor(dossier_id=own["lead"].id, user_id=co_editor.id))
    db.session.commit()
    return users, own, other


def _url(app, endpoint, rule, dossier):
    values = {"dossier_id": dossier.id if dossier else 1, "slug": "diagnostic",
              "name": {"lead": "withdraw", "adviser": "take", "prefecture": "acknowledge"}.get(
                  endpoint.split(".")[0], "x"),
              "comment_id": dossier.id if dossier else 1, "user_id": 1, "kind": "dossier.pdf",
              "set_id": 1, "filename": "dsfr.min.css", "purpose": "reset", "token": "x",
              "piece": "rib", "attachment_id": 1, "code": "snpd-2025-autorite",
              "year": 1}  # a year-end report: 302 to the dossier while none is open
    if rule.endswith("/formulaire"):  # a transition with its own form (committee, decision…)
        values["name"] = "committee"
    if dossier is not None and dossier.co_editors:
        values["user_id"] = dossier.co_editors[0].user_id
    if dossier is not None and "comment_id" in rule:
        values["comment_id"] = Comment.query.filter_by(dossier_id=dossier.id).first().id
    if dossier is not None and "attachment_id" in rule:  # the dossier's own piece
        values["attachment_id"] = Attachment.query.filter_by(dossier_id=dossier.id).first().id
    with app.test_request_context():
        from flask import url_for

        args = {k: v for k, v in values.items() if f"<{k}>" in rule or f":{k}>" in rule}
        return url_for(endpoint, **args)


def _client(app, users, role):
    client = app.test_client()
    if role != "anonymous":
        page = client.get("/connexion")
        client.post("/connexion", data={"email": users[role].email, "password": TEST_PASSWORD,
                                        "csrf_token": csrf_token(page.text)})
    return client


def _request(client, method, url):
    if method == "GET":
        return client.get(url)
    token = _token(client)
    return client.post(url, data={"csrf_token": token, "reason": "ok", "step": "diagnostic"})


def _token(client):
    page = client.get("/connexion")
    if page.status_code == 302:  # logged in: any page with a form has the token
        page = client.get("/mot-de-passe-oublie")
    return csrf_token(page.text)


@pytest.mark.parametrize("endpoint,rule,method", _rules())
def test_access(app, world, endpoint, rule, method):
    users, own, other = world
    blueprint = endpoint.split(".")[0] if "." in endpoint else None
    audience = AUDIENCE.get(blueprint)
    for role in ROLES:
        client = _client(app, users, role)
        cases = [("own", own.get(role)), ("other", other.get(role))] if "dossier_id" in rule \
            else [("none", None)]
        for which, dossier in cases:
            url = _url(app, endpoint, rule, dossier)
            response = _request(client, method, url)
            status = response.status_code
            response.close()  # streamed files (DSFR assets, downloads)
            where = f"{role} {method} {url} ({which})"
            assert status < 500, where
            if endpoint in PUBLIC or blueprint == "auth":
                continue
            if role == "anonymous":
                assert status in (302, 401), where
            elif blueprint == "api":
                assert status == 200, where
            elif audience != role:
                assert status == 403, where
            elif which == "other":
                assert status == 404, where
            elif which == "own":
                assert status not in (403, 404), where
