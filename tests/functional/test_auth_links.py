"""E-mail links come from PUBLIC_URL, never from the request's Host header."""

import pytest

from config import ConfigurationError
from tests.helpers import csrf_token
from wizard import mail
from wizard.mail import external_url as _external


@pytest.fixture(autouse=True)
def empty_outbox():
    mail.outbox.clear()
    yield
    mail.outbox.clear()


def test_reset_link_ignores_a_forged_host_header(app, client, create_user):
    app.config["PUBLIC_URL"] = "https://mediation.example.gouv.fr"
    user = create_user("lead")
    page = client.get("/mot-de-passe-oublie", headers={"Host": "evil.example"})
    response = client.post(
        "/mot-de-passe-oublie", headers={"Host": "evil.example"},
        data={"email": user.email, "csrf_token": csrf_token(page.text)},
    )
    response.close()  # the mail leaves once the answer is sent
    assert response.status_code == 302
    body = mail.outbox[-1].get_content()
    assert "https://mediation.example.gouv.fr/mot-de-passe/reset/" in body
    assert "evil.example" not in body


@pytest.mark.parametrize("host", ["evil.example", "localhost"])
def test_links_never_come_from_the_request_host(app, host):
    app.config["PUBLIC_URL"] = None
    with app.test_request_context("/mot-de-passe-oublie", headers={"Host": host}):
        with pytest.raises(ConfigurationError, match="PUBLIC_URL"):
            _external("auth.login")
    app.config["PUBLIC_URL"] = "https://mediation.example.gouv.fr/"
    with app.test_request_context("/mot-de-passe-oublie", headers={"Host": host}):
        assert _external("auth.login") == "https://mediation.example.gouv.fr/connexion"


def test_links_keep_the_path_of_public_url(app):
    app.config["PUBLIC_URL"] = "https://services.example.gouv.fr/mediation"
    assert _external("auth.login") == "https://services.example.gouv.fr/mediation/connexion"
    with app.test_request_context("/", headers={"Host": "evil.example"}):
        assert (_external("auth.set_password", purpose="reset", token="abc")
                == "https://services.example.gouv.fr/mediation/mot-de-passe/reset/abc")
