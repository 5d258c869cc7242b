"""Logout, a new password and deactivation end every session of the account, copies included."""

import pytest

from tests.helpers import csrf_token, log_in, page_form, submit
from wizard import accounts
from wizard.db import db


@pytest.fixture
def second_client(app):
    return app.test_client()


def copy_session(source, target):
    """What a stolen (or simply copied) session cookie gives: the same session elsewhere."""
    cookie = source.get_cookie("session")
    assert cookie is not None
    target.set_cookie("session", cookie.value, domain=cookie.domain)


def logout(client):
    page = client.get("/dossiers")
    return client.post("/deconnexion", data={"csrf_token": csrf_token(page.text)})


def logged_in(client) -> bool:
    return client.get("/dossiers").status_code == 200


def test_logout_ends_copies_of_the_session(client, second_client, login_as):
    login_as("lead", communes=[])
    copy_session(client, second_client)
    assert logged_in(second_client)
    response = logout(client)
    assert response.status_code == 302
    assert not logged_in(client)
    assert not logged_in(second_client)  # the copied cookie no longer opens the account


def test_logout_elsewhere_then_log_in_again(client, second_client, login_as):
    user = login_as("lead", communes=[])
    copy_session(client, second_client)
    logout(second_client)
    assert not logged_in(client)
    login_as(user=user)
    assert logged_in(client)


def test_password_reset_ends_every_session(client, second_client, login_as):
    user = login_as("lead", communes=[])
    link = f"/mot-de-passe/reset/{accounts.make_token(user, 'reset')}"
    form = second_client.get(link)
    new = "Un-nouveau-mot-de-passe-2026"
    done = second_client.post(
        link, data={"password": new, "confirm": new, "csrf_token": csrf_token(form.text)}
    )
    assert done.status_code == 302
    assert not logged_in(client)


def test_set_password_ends_sessions(app, client, login_as):
    user = login_as("lead", communes=[])
    accounts.set_password(user, "Un-autre-mot-de-passe-2026")
    db.session.commit()
    assert not logged_in(client)


def test_admin_deactivation_ends_the_sessions_of_the_account(
    app, client, second_client, login_as, create_user
):
    adviser = login_as("adviser")
    assert client.get("/conseiller/").status_code == 200
    log_in(second_client, create_user("admin"))
    url = f"/admin/utilisateurs/{adviser.id}"
    form = page_form(second_client, url)
    form.pop("active", None)  # unchecked
    assert submit(second_client, url, form).status_code == 302
    db.session.refresh(adviser)
    assert adviser.active is False
    assert client.get("/conseiller/").status_code == 302
    # reactivated later: the sessions opened before the deactivation stay closed
    form = page_form(second_client, url)
    assert submit(second_client, url, form, active="y").status_code == 302
    db.session.refresh(adviser)
    assert adviser.active is True
    assert client.get("/conseiller/").status_code == 302


def test_admin_edit_without_deactivation_keeps_sessions(
    app, client, second_client, login_as, create_user
):
    lead = login_as("adviser")
    log_in(second_client, create_user("admin"))
    url = f"/admin/utilisateurs/{lead.id}"
    form = page_form(second_client, url)
    assert submit(second_client, url, form, name="Nom corrigé").status_code == 302
    assert client.get("/conseiller/").status_code == 200


def test_cli_deactivation_ends_the_sessions_of_the_account(client, runner, login_as):
    from wizard.db import db

    user = login_as("lead", communes=[])
    assert logged_in(client)
    result = runner.invoke(args=["users", "deactivate", user.email])
    assert result.exit_code == 0, result.output
    assert not logged_in(client)
    user.active = True  # reactivated later: the old sessions stay closed
    db.session.commit()
    assert not logged_in(client)


def test_session_id_carries_the_version(app, create_user):
    from wizard.auth import _load_user

    user = create_user("lead")
    assert user.get_id() == f"{user.id}:{user.session_version}"
    assert _load_user(user.get_id()) is user
    assert _load_user(str(user.id)) is None  # a session from before versions: log in again
    assert _load_user(f"{user.id}:{user.session_version + 1}") is None
    assert _load_user("x:1") is None and _load_user("") is None
