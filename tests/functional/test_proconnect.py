"""Sign-in with ProConnect against a real OpenID Connect provider (tests/oidc/provider.mjs):
the whole authorization code flow through the Flask test client on the application's side
and a `requests` session (the user's browser) on the provider's side."""

from urllib.parse import parse_qs, urljoin, urlsplit

import pytest

from tests.helpers import app_with_schema, csrf_token, log_in
from tests.plugins.oidc_provider import PUBLIC_URL
from wizard import accounts
from wizard.db import db
from wizard.models import User
from wizard.models.audit import AuditEvent

UNKNOWN = "Votre compte n&#39;est pas encore ouvert : contactez la mission régionale"


@pytest.fixture
def app(oidc_provider):
    oidc_provider.reset()
    with app_with_schema(oidc_provider.config(PROCONNECT_CLOCK_LEEWAY=0)) as app:
        yield app


@pytest.fixture
def lead(create_user):
    return create_user("lead", email="porteur@lille.fr")


def to_provider(client, path="/connexion/proconnect"):
    """Start a sign-in: the application's redirect to the provider's authorization endpoint."""
    response = client.get(path)
    assert response.status_code == 302, response.text
    return response.headers["Location"]


def through_provider(browser, url) -> str:
    """Follow the provider's redirects (its login and consent interactions) until one leads
    back to the application: that callback URL, relative to the app."""
    while True:
        response = browser.get(url, allow_redirects=False, timeout=10)
        assert response.is_redirect, (response.status_code, response.text[:500])
        url = urljoin(url, response.headers["Location"])
        if url.startswith(PUBLIC_URL):
            return url.removeprefix(PUBLIC_URL)


def sign_in(client, browser, path="/connexion/proconnect"):
    """The whole flow; the application's answer to the callback."""
    return client.get(through_provider(browser, to_provider(client, path)))


def logged_in(client) -> bool:
    return client.get("/dossiers").status_code == 200


def refused_because(caplog, cause: str) -> None:
    """The refusal was logged with this cause (the page itself never shows it)."""
    assert any(cause in record.getMessage() for record in caplog.records), caplog.text


def actions() -> list[str]:
    return [event.action for event in db.session.scalars(db.select(AuditEvent))]


def test_disabled_without_configuration_no_button_and_404():
    with app_with_schema() as app:
        client = app.test_client()
        assert "ProConnect" not in client.get("/connexion").text
        assert client.get("/connexion/proconnect").status_code == 404
        assert client.get("/connexion/proconnect/retour?code=x&state=y").status_code == 404


def test_the_login_page_shows_the_button(client):
    page = client.get("/connexion?next=/dossiers").text
    assert "S’identifier avec" in page and 'class="fr-connect fr-connect--proconnect"' in page
    assert 'href="/connexion/proconnect?next=/dossiers"' in page
    assert 'name="password"' in page  # password login stays


def test_the_request_carries_state_nonce_pkce_and_the_scopes(client, oidc_provider):
    query = parse_qs(urlsplit(to_provider(client)).query)
    assert query["response_type"] == ["code"]
    assert query["code_challenge_method"] == ["S256"] and len(query["code_challenge"][0]) >= 43
    assert len(query["state"][0]) >= 20 and len(query["nonce"][0]) >= 20
    assert query["scope"][0].split() == ["openid", "email", "given_name", "usual_name", "siret", "uid"]
    assert query["redirect_uri"] == [f"{PUBLIC_URL}/connexion/proconnect/retour"]
    assert "acr_values" not in query


def test_first_sign_in_links_the_active_account_with_that_email(client, browser_at_provider, lead):
    response = sign_in(client, browser_at_provider, "/connexion/proconnect?next=/dossiers")
    assert response.status_code == 302 and response.headers["Location"] == "/dossiers"
    assert logged_in(client)
    db.session.refresh(lead)
    assert lead.oidc_subject == "pc-sub-1" and lead.linked_at is not None
    assert lead.last_login_at is not None
    assert {"proconnect_linked", "login"} <= set(actions())


def test_a_linked_account_is_found_by_its_subject_not_its_email(
    app, client, browser_at_provider, oidc_provider, lead
):
    sign_in(client, browser_at_provider)
    client = app.test_client()
    oidc_provider.set(email="nouvelle.adresse@lille.fr")  # changed at the provider
    with __import__("requests").Session() as browser:
        response = sign_in(client, browser)
    assert response.status_code == 302 and logged_in(client)
    assert client.get("/dossiers").text.count(lead.name) >= 1


def test_an_unknown_email_gets_a_clear_page_and_no_account(client, browser_at_provider, oidc_provider):
    oidc_provider.set(email="inconnu@ailleurs.fr", sub="pc-unknown")
    response = sign_in(client, browser_at_provider)
    assert response.status_code == 403
    assert UNKNOWN in response.text and "inconnu@ailleurs.fr" in response.text
    assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 0
    assert not logged_in(client)
    assert "proconnect_refused" in actions()


@pytest.mark.parametrize("linked", [False, True])
def test_a_deactivated_account_is_refused(client, browser_at_provider, lead, linked):
    if linked:
        lead.oidc_subject = "pc-sub-1"
    accounts.set_active(lead, False)
    db.session.commit()
    response = sign_in(client, browser_at_provider)
    assert response.status_code == 403 and "Ce compte est désactivé" in response.text
    assert not logged_in(client)


def test_an_account_linked_to_another_subject_is_refused(client, browser_at_provider, lead):
    lead.oidc_subject = "another-person"
    db.session.commit()
    response = sign_in(client, browser_at_provider)
    assert response.status_code == 403 and "déjà relié" in response.text
    assert not logged_in(client)


def test_a_wrong_state_is_refused(client, browser_at_provider, lead, caplog):
    callback = through_provider(browser_at_provider, to_provider(client))
    query = parse_qs(urlsplit(callback).query)
    forged = f"/connexion/proconnect/retour?code={query['code'][0]}&state=forged-state"
    response = client.get(forged)
    assert response.status_code == 400 and "n&#39;a pas pu aboutir" in response.text
    assert not logged_in(client)
    refused_because(caplog, "mismatching_state")


def test_a_callback_without_a_started_sign_in_is_refused(app, client, browser_at_provider, lead):
    """The code and state of someone else's sign-in, replayed in another browser."""
    callback = through_provider(browser_at_provider, to_provider(client))
    other = app.test_client()
    assert other.get(callback).status_code == 400
    assert not logged_in(other)


def test_a_replayed_code_is_refused(app, client, browser_at_provider, lead, caplog):
    callback = through_provider(browser_at_provider, to_provider(client))
    assert client.get(callback).status_code == 302  # used once
    code = parse_qs(urlsplit(callback).query)["code"][0]
    other = app.test_client()
    start = parse_qs(urlsplit(to_provider(other)).query)  # a fresh state for the old code
    replay = f"/connexion/proconnect/retour?code={code}&state={start['state'][0]}"
    response = other.get(replay)
    assert response.status_code == 400  # the provider refuses a code used already
    assert not logged_in(other)
    refused_because(caplog, "invalid_grant")


def test_an_expired_id_token_is_refused(client, browser_at_provider, oidc_provider, lead, caplog):
    oidc_provider.set(id_token_ttl=1, token_delay_ms=2100)
    response = sign_in(client, browser_at_provider)
    assert response.status_code == 400
    assert not logged_in(client)
    refused_because(caplog, "ExpiredTokenError")
    db.session.refresh(lead)
    assert lead.oidc_subject is None


def test_a_tampered_id_token_is_refused(client, browser_at_provider, oidc_provider, lead, caplog):
    oidc_provider.set(tamper="id_token")
    response = sign_in(client, browser_at_provider)
    assert response.status_code == 400
    assert not logged_in(client)
    refused_because(caplog, "BadSignatureError")


def test_an_unsigned_userinfo_is_refused(client, browser_at_provider, oidc_provider, lead, caplog):
    oidc_provider.set(tamper="userinfo_plain")
    response = sign_in(client, browser_at_provider)
    assert response.status_code == 400
    assert not logged_in(client)
    refused_because(caplog, "not a signed JWT")


def test_acr_values_are_requested_and_checked(oidc_provider, browser_at_provider, create_user):
    for acr, status in (("eidas1", 302), ("eidas2", 400)):
        oidc_provider.reset()
        with app_with_schema(oidc_provider.config(PROCONNECT_ACR_VALUES=acr)) as app:
            create_user("lead", email="porteur@lille.fr")
            client = app.test_client()
            start = to_provider(client)
            assert parse_qs(urlsplit(start).query)["acr_values"] == [acr]
            browser_at_provider.cookies.clear()
            response = client.get(through_provider(browser_at_provider, start))
            assert response.status_code == status, acr


def test_logout_ends_the_session_here_and_at_the_provider(
    app, client, browser_at_provider, oidc_provider, lead
):
    sign_in(client, browser_at_provider)
    cookie = client.get_cookie("session")
    page = client.get("/dossiers")
    response = client.post("/deconnexion", data={"csrf_token": csrf_token(page.text)})
    assert response.status_code == 302
    end = response.headers["Location"]
    assert end.startswith(f"{oidc_provider.issuer}/session/end")
    query = parse_qs(urlsplit(end).query)
    assert query["post_logout_redirect_uri"] == [f"{PUBLIC_URL}/connexion"]
    assert query["id_token_hint"][0].count(".") == 2 and query["state"]
    assert not logged_in(client)
    copy = app.test_client()
    copy.set_cookie("session", cookie.value, domain=cookie.domain)
    assert not logged_in(copy)  # the old cookie no longer opens the account
    # at the provider: confirm, and come back to the login page
    confirm = browser_at_provider.get(end, timeout=10)
    xsrf = confirm.text.split('name="xsrf" value="')[1].split('"')[0]
    back = browser_at_provider.post(
        f"{oidc_provider.issuer}/session/end/confirm", data={"xsrf": xsrf, "logout": "yes"},
        allow_redirects=False, timeout=10,
    )
    assert back.headers["Location"].startswith(f"{PUBLIC_URL}/connexion")
    # the provider's session is gone: the next sign-in goes through its login again
    assert "/interaction/" in browser_at_provider.get(
        to_provider(client), allow_redirects=False, timeout=10).headers["Location"]


def test_a_password_session_logs_out_locally_only(client, lead):
    log_in(client, lead)
    page = client.get("/dossiers")
    response = client.post("/deconnexion", data={"csrf_token": csrf_token(page.text)})
    assert response.headers["Location"] == "/connexion"


def test_deactivation_and_session_versions_cut_proconnect_sessions_off(
    app, client, browser_at_provider, lead
):
    sign_in(client, browser_at_provider)
    assert logged_in(client)
    accounts.end_sessions(lead)  # what a new password does
    db.session.commit()
    assert not logged_in(client)
    client = app.test_client()
    browser_at_provider.cookies.clear()
    sign_in(client, browser_at_provider)
    assert logged_in(client)
    accounts.set_active(lead, False)
    db.session.commit()
    assert not logged_in(client)


def test_the_admin_sees_the_link_and_unlinks_it(app, client, browser_at_provider, lead, create_user):
    sign_in(client, browser_at_provider)
    admin = app.test_client()
    log_in(admin, create_user("admin"))
    page = admin.get(f"/admin/utilisateurs/{lead.id}")
    assert "Compte relié à une identité ProConnect depuis le" in page.text
    url = f"/admin/utilisateurs/{lead.id}/proconnect/delier"
    assert admin.post(url).status_code == 400  # no CSRF token
    response = admin.post(url, data={"csrf_token": csrf_token(page.text)})
    assert response.status_code == 302
    db.session.refresh(lead)
    assert lead.oidc_subject is None and lead.linked_at is None
    assert "proconnect_unlinked" in actions()
    assert not logged_in(client)  # the sessions of the account ended
    assert "Compte non relié à ProConnect" in admin.get(f"/admin/utilisateurs/{lead.id}").text


def test_the_csp_lets_the_logout_form_reach_the_provider(client, oidc_provider):
    """The logout's POST is answered by a redirect to the end-session endpoint: browsers
    check it against form-action (the browser test drives it)."""
    csp = client.get("/connexion").headers["Content-Security-Policy"]
    assert f"form-action 'self' {oidc_provider.issuer};" in csp
    with app_with_schema() as app:  # without ProConnect: the site only
        csp = app.test_client().get("/connexion").headers["Content-Security-Policy"]
        assert "form-action 'self';" in csp
