"""Account administration, role guards and per-commune / per-department scopes."""

import pytest

from tests.helpers import add_transmission, csrf_token
from wizard import mail
from wizard.db import db
from wizard.models import DossierState, User


@pytest.fixture(autouse=True)
def empty_outbox():
    mail.outbox.clear()


def test_admin_creates_a_lead_with_an_invitation(client, login_as, create_commune):
    lille = create_commune()
    login_as("admin")
    form = client.get("/admin/utilisateurs/nouveau")
    response = client.post(
        "/admin/utilisateurs/nouveau",
        data={
            "email": "Nouvelle.Cheffe@Lille.fr", "name": "Nouvelle Cheffe", "role": "lead",
            "commune_codes": lille.insee_code, "department_codes": "", "active": "y",
            "csrf_token": csrf_token(form.text),
        },
    )
    assert response.status_code == 302
    user = User.query.filter_by(email="nouvelle.cheffe@lille.fr").one()
    assert user.commune_ids == {lille.id}
    assert user.password_hash is None
    assert "Un compte a été créé pour vous" in mail.outbox[-1].get_content()
    listing = client.get("/admin/utilisateurs")
    assert "Nouvelle Cheffe" in listing.text and "Lille (59350)" in listing.text


def test_admin_form_errors_keep_input(client, login_as):
    login_as("admin")
    form = client.get("/admin/utilisateurs/nouveau")
    response = client.post(
        "/admin/utilisateurs/nouveau",
        data={"email": "agent@example.fr", "name": "Agent Sans Périmètre", "role": "lead",
              "commune_codes": "99999", "csrf_token": csrf_token(form.text)},
    )
    assert response.status_code == 400
    assert "Code(s) INSEE inconnu(s) : 99999" in response.text
    assert 'value="Agent Sans Périmètre"' in response.text
    assert User.query.filter_by(email="agent@example.fr").count() == 0


def test_admin_deactivates_an_account(client, login_as, create_user):
    login_as("admin")
    agent = create_user("prefecture", departments=["59"])
    form = client.get(f"/admin/utilisateurs/{agent.id}")
    assert 'value="59"' in form.text
    response = client.post(
        f"/admin/utilisateurs/{agent.id}",
        data={"email": agent.email, "name": agent.name, "role": "prefecture",
              "department_codes": "59 62", "csrf_token": csrf_token(form.text)},
    )
    assert response.status_code == 302
    db.session.refresh(agent)
    assert agent.active is False
    assert agent.department_codes == {"59", "62"}


@pytest.mark.parametrize("role", ["lead", "adviser", "prefecture"])
def test_admin_pages_are_for_admins_only(client, login_as, role, create_commune):
    login_as(role, communes=[create_commune()] if role == "lead" else [],
             departments=["59"] if role == "prefecture" else [])
    assert client.get("/admin/utilisateurs").status_code == 403


def test_anonymous_users_are_sent_to_login(client):
    response = client.get("/dossiers")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/connexion?next=/dossiers")


@pytest.fixture
def make_dossier(create_dossier):
    """make_dossier(commune, state=draft, title="Projet"): an empty dossier, with its
    transmission when the state needs one."""

    def factory(commune, state=DossierState.DRAFT, title="Projet"):
        dossier = create_dossier(state=state, commune=commune, title=title)
        if state in (DossierState.TRANSMITTED, DossierState.RECEIVED):
            add_transmission(dossier)
        return dossier

    return factory


def test_a_lead_sees_only_the_dossiers_of_their_communes(client, login_as, create_commune,
                                                         make_dossier):
    lille = create_commune()
    roubaix = create_commune("59512", "Roubaix", population=98000)
    make_dossier(lille, title="Médiation Lille Sud")
    make_dossier(roubaix, title="Médiation Roubaix")
    login_as("lead", communes=[lille])
    page = client.get("/dossiers")
    assert "Lille (59)" in page.text
    assert "Médiation Lille Sud" in page.text
    assert "Médiation Roubaix" not in page.text


def test_agents_see_only_transmitted_dossiers_of_their_departments(client, login_as,
                                                                  create_commune, make_dossier):
    lille = create_commune()
    amiens = create_commune("80021", "Amiens", department="80")
    make_dossier(lille, DossierState.TRANSMITTED, "Transmis Nord")
    make_dossier(lille, DossierState.SUBMITTED, "Déposé Nord")
    make_dossier(amiens, DossierState.TRANSMITTED, "Transmis Somme")
    login_as("prefecture", departments=["59"])
    page = client.get("/prefecture/")
    assert "Transmis Nord" in page.text
    assert "Déposé Nord" not in page.text and "Transmis Somme" not in page.text


def test_advisers_never_see_drafts(client, login_as, create_commune, make_dossier):
    lille = create_commune()
    make_dossier(lille, DossierState.DRAFT, "Brouillon privé")
    make_dossier(lille, DossierState.SUBMITTED, "Dossier déposé")
    login_as("adviser")
    page = client.get("/conseiller/")
    assert "Dossier déposé" in page.text and "Brouillon privé" not in page.text
