"""Login, throttling, CSRF, logout, password reset and invitation links."""

import re

import pytest

from tests.helpers import TEST_PASSWORD, csrf_token
from wizard import mail
from wizard.models import AuditEvent, LoginFailure


@pytest.fixture(autouse=True)
def empty_outbox():
    mail.outbox.clear()
    yield
    mail.outbox.clear()


def post_login(client, email, password, **query):
    page = client.get("/connexion")
    return client.post(
        "/connexion" + (f"?next={query['next']}" if "next" in query else ""),
        data={"email": email, "password": password, "csrf_token": csrf_token(page.text)},
    )


def test_login_page_is_french_dsfr(client):
    page = client.get("/connexion")
    assert page.status_code == 200
    assert '<html lang="fr"' in page.text
    assert "fr-header" in page.text and "fr-skiplinks" in page.text
    assert "<title>Connexion — Médiation sociale</title>" in page.text
    assert "Mission régionale d&#39;appui à la médiation sociale" in page.text


def test_login_success_redirects_to_role_home(client, create_user):
    user = create_user("adviser")
    response = post_login(client, user.email.upper(), TEST_PASSWORD)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert client.get("/").headers["Location"] == "/conseiller/"
    assert user.last_login_at is not None
    assert AuditEvent.query.filter_by(action="login", user_id=user.id).count() == 1


def test_wrong_password_and_unknown_email_get_the_same_answer(client, create_user):
    user = create_user("lead")
    wrong = post_login(client, user.email, "not-the-password")
    unknown = post_login(client, "nobody@example.fr", "whatever-password")
    assert wrong.status_code == unknown.status_code == 401
    message = "Adresse électronique ou mot de passe incorrect, ou compte désactivé."
    assert message in wrong.text and message in unknown.text
    assert 'value="nobody@example.fr"' in unknown.text  # what was typed stays


def test_disabled_account_cannot_log_in(client, create_user):
    user = create_user("lead", active=False)
    response = post_login(client, user.email, TEST_PASSWORD)
    assert response.status_code == 401
    assert "compte désactivé" in response.text


def test_five_failures_lock_the_account_for_fifteen_minutes(client, create_user, app):
    user = create_user("lead")
    for _ in range(5):
        assert post_login(client, user.email, "bad-password").status_code == 401
    locked = post_login(client, user.email, TEST_PASSWORD)
    assert locked.status_code == 429
    assert "suspendue pendant 15 minutes" in locked.text
    # once the lock is older than the window, the right password works again
    from datetime import timedelta

    from wizard.db import db, utcnow

    for failure in LoginFailure.query.all():
        failure.window_start = utcnow() - timedelta(minutes=16)
    db.session.commit()
    assert post_login(client, user.email, TEST_PASSWORD).status_code == 302


def test_failures_on_other_accounts_from_one_address_do_not_lock_an_account(client, create_user):
    """Behind a load balancer every client has the same address: without TRUSTED_PROXY_HOPS
    there is no per-address lock, only the per-account one."""
    target = create_user("lead")
    for i in range(12):
        assert post_login(client, f"guess{i}@example.fr", "bad-password").status_code == 401
    assert post_login(client, target.email, TEST_PASSWORD).status_code == 302


def test_unknown_accounts_lock_like_real_ones(client, create_user):
    """The lock does not reveal which accounts exist."""
    user = create_user("lead")
    answers = {}
    for email in (user.email, "nobody@example.fr"):
        statuses = [post_login(client, email, "bad-password").status_code for _ in range(6)]
        answers[email] = statuses
    assert answers[user.email] == answers["nobody@example.fr"] == [401] * 5 + [429]


def _reset_password(client, user, new):
    page = client.get("/mot-de-passe-oublie")
    response = client.post(
        "/mot-de-passe-oublie", data={"email": user.email, "csrf_token": csrf_token(page.text)}
    )
    response.close()  # the mail leaves after the answer
    link = _link_from_last_mail()
    form = client.get(link)
    return client.post(link, data={"password": new, "confirm": new,
                                   "csrf_token": csrf_token(form.text)})


def test_a_password_reset_lifts_the_lock_as_the_message_says(client, create_user):
    user = create_user("lead")
    for _ in range(5):
        post_login(client, user.email, "bad-password")
    locked = post_login(client, user.email, TEST_PASSWORD)
    assert locked.status_code == 429
    assert "la suspension est levée dès qu&#39;il est enregistré" in locked.text
    # asking for a link is not enough (anybody can): the lock holds until a new password is set
    page = client.get("/mot-de-passe-oublie")
    client.post("/mot-de-passe-oublie",
                data={"email": user.email, "csrf_token": csrf_token(page.text)}).close()
    assert post_login(client, user.email, TEST_PASSWORD).status_code == 429
    new = "Un-nouveau-mot-de-passe-2026"
    assert _reset_password(client, user, new).status_code == 302
    assert post_login(client, user.email, new).status_code == 302


def test_a_success_clears_the_failures(client, create_user):
    user = create_user("lead")
    for _ in range(4):
        post_login(client, user.email, "bad-password")
    assert post_login(client, user.email, TEST_PASSWORD).status_code == 302
    client.post("/deconnexion", data={"csrf_token": csrf_token(client.get("/dossiers").text)})
    for _ in range(4):
        assert post_login(client, user.email, "bad-password").status_code == 401
    assert post_login(client, user.email, TEST_PASSWORD).status_code == 302


def test_post_without_csrf_token_is_refused(client, create_user):
    user = create_user("lead")
    response = client.post("/connexion", data={"email": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 400
    assert "jeton de sécurité" in response.text


def test_next_is_followed_only_inside_the_site(client, create_user):
    user = create_user("lead")
    inside = post_login(client, user.email, TEST_PASSWORD, next="/dossiers")
    assert inside.headers["Location"] == "/dossiers"
    client.post("/deconnexion", data={"csrf_token": csrf_token(client.get("/dossiers").text)})
    for evil in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = post_login(client, user.email, TEST_PASSWORD, next=evil)
        assert response.headers["Location"] == "/"
        client.post("/deconnexion", data={"csrf_token": csrf_token(client.get("/dossiers").text)})


def test_logout_needs_post_with_csrf(client, login_as):
    login_as("lead", communes=[])
    page = client.get("/dossiers")
    assert client.get("/deconnexion").status_code == 405
    response = client.post("/deconnexion", data={"csrf_token": csrf_token(page.text)})
    assert response.status_code == 302
    assert client.get("/dossiers").status_code == 302  # back to the login page


def _link_from_last_mail():
    body = mail.outbox[-1].get_content()
    return re.search(r"http://localhost(/mot-de-passe/\S+)", body).group(1)


def test_password_reset_link_works_once(client, create_user):
    user = create_user("lead")
    page = client.get("/mot-de-passe-oublie")
    response = client.post(
        "/mot-de-passe-oublie", data={"email": user.email, "csrf_token": csrf_token(page.text)}
    )
    assert response.status_code == 302
    response.close()  # the mail leaves once the answer is sent
    assert mail.outbox[-1]["To"] == user.email
    link = _link_from_last_mail()
    form = client.get(link)
    assert form.status_code == 200
    new = "Un-nouveau-mot-de-passe-2026"
    done = client.post(
        link, data={"password": new, "confirm": new, "csrf_token": csrf_token(form.text)}
    )
    assert done.status_code == 302
    assert post_login(client, user.email, new).status_code == 302
    reused = client.get(link)
    assert reused.status_code == 400
    assert "déjà été utilisé" in reused.text


def test_reset_request_does_not_reveal_whether_the_account_exists(client):
    page = client.get("/mot-de-passe-oublie")
    response = client.post(
        "/mot-de-passe-oublie",
        data={"email": "nobody@example.fr", "csrf_token": csrf_token(page.text)},
        follow_redirects=True,
    )
    assert "Si un compte actif correspond à cette adresse" in response.text
    assert mail.outbox == []


def test_expired_and_forged_links_are_refused(client, create_user, app):
    user = create_user("lead")
    from wizard import accounts

    token = accounts.make_token(user, "reset")
    app.config["TOKEN_MAX_AGE_HOURS"] = -1
    expired = client.get(f"/mot-de-passe/reset/{token}")
    assert expired.status_code == 400 and "expiré" in expired.text
    app.config["TOKEN_MAX_AGE_HOURS"] = 72
    forged = client.get(f"/mot-de-passe/reset/{token[:-3]}abc")
    assert forged.status_code == 400 and "n&#39;est pas valide" in forged.text
    wrong_purpose = client.get(f"/mot-de-passe/invitation/{token}")
    assert wrong_purpose.status_code == 400


def test_password_form_errors_are_shown_at_the_fields(client, create_user):
    user = create_user("lead")
    from wizard import accounts

    link = f"/mot-de-passe/reset/{accounts.make_token(user, 'reset')}"
    form = client.get(link)
    response = client.post(
        link, data={"password": "short", "confirm": "other", "csrf_token": csrf_token(form.text)}
    )
    assert response.status_code == 400
    assert "<title>Erreur : " in response.text
    assert "entre 12 et 200 caractères" in response.text
    assert "ne correspondent pas" in response.text
    assert 'href="#password"' in response.text  # the error summary links to the field


@pytest.mark.parametrize("evil", [
    "/dossiers%0D%0ASet-Cookie:%20x=1",  # CR/LF: header injection, a 500 before
    "/dossiers%0ALocation:%20https://evil.example",
    "/%09/evil.example",  # browsers drop tabs: "//evil.example"
    "/%0D/evil.example",
    "/dossiers%C2%85",  # NEL (a C1 control)
    "/dossiers%E2%80%A8",  # line separator
    "/%E2%80%AE/evil.example",  # right-to-left override
    "https:evil.example",
    "/%5Cevil.example",
])
def test_next_with_control_characters_goes_home(client, create_user, evil):
    user = create_user("lead")
    response = post_login(client, user.email, TEST_PASSWORD, next=evil)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_safe_next_refuses_every_control_character():
    # (the test client drops NUL and DEL from query strings, so they are checked here)
    from wizard.auth.redirects import safe_next

    for code in list(range(0x20)) + [0x7F, 0x85, 0x200B + 0x3, 0x2028, 0x2029, 0x202E, 0xFEFF]:
        assert safe_next(f"/dossiers{chr(code)}x") is None, hex(code)
    step = "/dossiers/12/etapes/territoire?x=1#a"
    assert safe_next(step) == step
    assert safe_next("/communes/Épinal") == "/communes/Épinal"


def test_next_keeps_query_strings_and_accents(client, create_user):
    user = create_user("lead")
    response = post_login(client, user.email, TEST_PASSWORD, next="/dossiers%3Fpage%3D2")
    assert response.headers["Location"] == "/dossiers?page=2"
