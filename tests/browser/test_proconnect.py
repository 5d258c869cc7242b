"""Sign-in with ProConnect once in Chromium: the live application and a real OpenID Connect
provider (tests/oidc/provider.mjs, its login page on) registered with each other's addresses;
the lead clicks « S'identifier avec ProConnect », goes through the provider's login page,
comes back signed in, then « Se déconnecter » goes through the provider's end-session and
back. Both the server and the provider are stopped at the end: no process is left behind."""

import socket
from contextlib import contextmanager

from playwright.sync_api import expect

from tests.helpers import seed_lille_and_lead
from tests.plugins.live_server import serve
from tests.plugins.oidc_provider import running_provider
from wizard import create_app
from wizard.db import db

NAME = "Camille Porteur"  # the lead of seed_lille_and_lead
HEADER_USER = ".fr-header__tools .header-user"  # DSFR copies it into the mobile menu


@contextmanager
def proconnect_site(tmp_path):
    """The application served on loopback with ProConnect configured, and its provider:
    yields (base URL, provider). The server listens first (its port is the client's
    registered callback), the application is created once the provider's issuer is known."""
    apps = []

    def application(environ, start_response):
        return apps[0](environ, start_response)

    with serve(application) as base, running_provider(
        redirect_uri=f"{base}/connexion/proconnect/retour",
        post_logout_redirect_uri=f"{base}/connexion",
    ) as provider:
        provider.set(login_page="1")
        app = create_app(provider.config(
            SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'proconnect.sqlite'}",
            PUBLIC_URL=base,
        ))
        with app.app_context():
            seed_lille_and_lead()
        apps.append(app)
        try:
            yield base, provider
        finally:
            with app.app_context():
                db.engine.dispose()


def refused(address: str) -> bool:
    """Nothing listens at http://host:port any more."""
    host, port = address.removeprefix("http://").split(":")
    try:
        socket.create_connection((host, int(port)), timeout=2).close()
    except OSError:
        return True
    return False


def sign_in_at_provider(page, base):
    """From the login page: the ProConnect button, the provider's page, back signed in."""
    page.goto(f"{base}/connexion")
    page.get_by_role("link", name="S’identifier avec ProConnect").click()
    expect(page.get_by_role("heading", name="Connexion à ProConnect")).to_be_visible()
    email = page.get_by_label("Adresse électronique professionnelle")
    expect(email).to_have_value("porteur@lille.fr")
    page.get_by_role("button", name="Continuer").click()
    page.wait_for_url(f"{base}/**")


def test_sign_in_and_out_through_proconnect(page, tmp_path):
    with proconnect_site(tmp_path) as (base, provider):
        sign_in_at_provider(page, base)
        expect(page.locator(HEADER_USER)).to_contain_text(NAME)
        assert "/connexion" not in page.url

        page.get_by_role("button", name="Se déconnecter").click()
        # the provider asks to confirm the end of its session
        expect(page.get_by_role("heading", name="Déconnexion de ProConnect")).to_be_visible()
        assert page.url.startswith(f"{provider.issuer}/session/end")
        page.get_by_role("button", name="Me déconnecter").click()
        page.wait_for_url(f"{base}/connexion**")
        expect(page.get_by_text("Vous êtes déconnecté.")).to_be_visible()
        expect(page.locator(HEADER_USER)).to_have_count(0)
        page.goto(f"{base}/dossiers")
        assert page.url.startswith(f"{base}/connexion")  # signed out here

        # signed out at the provider too: the next sign-in shows its login page again
        sign_in_at_provider(page, base)
        expect(page.locator(HEADER_USER)).to_contain_text(NAME)
    assert provider.process.poll() is not None, "the provider is still running"
    assert refused(provider.issuer) and refused(base)
