"""Invitation and reset links are bound to the account's e-mail address."""

import re

import pytest

from tests.helpers import csrf_token, page_form, submit
from wizard import accounts, mail
from wizard.db import db


@pytest.fixture(autouse=True)
def empty_outbox():
    mail.outbox.clear()
    yield
    mail.outbox.clear()


def _link(message):
    return re.search(r"http://localhost(/mot-de-passe/\S+)", message.get_content()).group(1)


def test_invitation_to_a_mistyped_address_dies_when_the_admin_corrects_it(client, login_as):
    login_as("admin")
    form = page_form(client, "/admin/utilisateurs/nouveau")
    created = submit(client, "/admin/utilisateurs/nouveau", form, email="conseil@regoin.fr",
                     name="Claude Conseil", role="adviser")
    assert created.status_code == 302, created.text
    wrong_mailbox = _link(mail.outbox[-1])
    assert mail.outbox[-1]["To"] == "conseil@regoin.fr"

    from wizard.models import User

    user = User.query.filter_by(email="conseil@regoin.fr").one()
    url = f"/admin/utilisateurs/{user.id}"
    assert submit(client, url, page_form(client, url), email="conseil@region.fr").status_code == 302
    refused = client.get(wrong_mailbox)
    assert refused.status_code == 400
    assert "n&#39;est plus valide" in refused.text

    resent = client.post(f"{url}/invitation", data={"csrf_token": csrf_token(client.get(url).text)})
    assert resent.status_code == 302
    assert mail.outbox[-1]["To"] == "conseil@region.fr"
    assert client.get(_link(mail.outbox[-1])).status_code == 200


@pytest.mark.parametrize("purpose", ["reset", "invitation"])
def test_token_refused_after_an_address_change(client, create_user, purpose):
    user = create_user("lead", email="camille@lile.fr")
    token = accounts.make_token(user, purpose)
    assert client.get(f"/mot-de-passe/{purpose}/{token}").status_code == 200
    user.email = "camille@lille.fr"
    db.session.commit()
    response = client.get(f"/mot-de-passe/{purpose}/{token}")
    assert response.status_code == 400
    with pytest.raises(accounts.TokenError):
        accounts.read_token(token, purpose)


def test_token_survives_a_change_of_case_only(create_user):
    user = create_user("lead", email="camille@lille.fr")
    token = accounts.make_token(user, "reset")
    user.email = "Camille@Lille.fr "
    assert accounts.read_token(token, "reset") is user
