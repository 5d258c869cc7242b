"""Health check, security headers, error pages, DSFR assets."""

from flask import url_for

from wizard import create_app


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_is_down():
    # nothing listens on port 1: the driver fails to connect at once
    down = create_app({"SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://x@127.0.0.1:1/none"})
    response = down.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] == "indisponible"


def test_pages_answer_a_french_503_when_the_database_is_down():
    down = create_app({"SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://x@127.0.0.1:1/none"})
    client = down.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = "1"  # makes the user loader query the database
    response = client.get("/dossiers")
    assert response.status_code == 503
    assert "Service momentanément indisponible" in response.text


def test_security_headers_on_every_page(client):
    response = client.get("/connexion")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_session_cookie_flags(client, login_as):
    login_as("adviser")
    cookie = client.get_cookie("session")
    assert cookie is not None and cookie.http_only and cookie.same_site == "Lax"


def test_unknown_page_gets_a_french_404(client):
    response = client.get("/nulle-part")
    assert response.status_code == 404
    assert "Page non trouvée" in response.text


def test_dsfr_assets_are_served_from_node_modules(client, app):
    assert app.config["DSFR_DIST"].exists(), "run `make install` (npm ci) first"
    with app.test_request_context():
        url = url_for("web.dsfr_asset", filename="dsfr.min.css")
    response = client.get(url)
    assert response.status_code == 200
    assert b".fr-header" in response.data
    response.close()


def test_the_floor_page_exists_only_for_benchmarks():
    assert create_app("test").test_client().get("/plancher").status_code == 404
    bench = create_app({"BENCH_FLOOR": True})
    with bench.app_context():
        from wizard.db import db

        db.create_all()
        response = bench.test_client().get("/plancher")
        db.session.remove()  # the request shared this app context: end its transaction
        db.drop_all()
        db.engine.dispose()
    assert response.status_code == 200 and "Plancher" in response.text


def test_control_characters_never_reach_the_application(client, login_as, create_commune):
    from tests.helpers import page_form, submit
    from wizard.models import Dossier

    login_as("lead", communes=[create_commune()])
    submit(client, "/dossiers/nouveau", page_form(client, "/dossiers/nouveau"),
           commune="59350", title="Titre\x00 avec\x07 contrôle\x1b")
    assert Dossier.query.one().title == "Titre avec contrôle"
