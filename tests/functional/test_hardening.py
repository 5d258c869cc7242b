"""Regressions of the second security and robustness review (each failed before its fix)."""

import pytest
from flask import url_for

from tests.helpers import csrf_token, page_form, submit
from wizard import mail, operations, workflow
from wizard.db import db
from wizard.models import AuditEvent, Dossier, DossierState

TERRITORY = "/dossiers/{id}/etapes/porteur-territoire"


@pytest.fixture
def lead_dossier(client, login_as, create_commune):
    """A logged-in lead of Lille and a new dossier created through the UI."""
    lille = create_commune()
    user = login_as("lead", communes=[lille])
    response = submit(client, "/dossiers/nouveau", page_form(client, "/dossiers/nouveau"),
                      commune="59350", title="Médiation Lille Sud")
    assert response.status_code == 302
    return user, Dossier.query.one()


def test_a_step_with_pending_input_can_still_be_saved(client, lead_dossier):
    """Item 1: the GET of a step with pending input must carry a CSRF token, so that the next
    save (and autosave) is accepted and the pending input can be corrected."""
    _, dossier = lead_dossier
    url = TERRITORY.format(id=dossier.id)
    refused = submit(client, url, page_form(client, url), contact_email="pas-une-adresse")
    assert refused.status_code == 400
    db.session.refresh(dossier)
    assert dossier.pending.get("porteur-territoire")
    page = client.get(url)
    assert page.status_code == 200 and 'value="pas-une-adresse"' in page.text
    assert csrf_token(page.text)  # the page carries a token …
    fixed = submit(client, url, page_form(client, url, html=page.text),
                   contact_email="cmartin@mairie-lille.fr")
    assert fixed.status_code == 302  # … so the correction is saved
    db.session.refresh(dossier)
    assert not dossier.pending.get("porteur-territoire")
    assert dossier.document["holder"]["contact_email"] == "cmartin@mairie-lille.fr"


def test_autosave_works_on_a_step_with_pending_input(client, lead_dossier):
    _, dossier = lead_dossier
    url = TERRITORY.format(id=dossier.id)
    submit(client, url, page_form(client, url), contact_email="pas-une-adresse")
    form = page_form(client, url)
    form["holder_name"] = "Ville de Lille"
    saved = client.post(url, data=form, headers={"X-Autosave": "1"})
    assert saved.status_code == 200 and saved.json["ok"] is True


def test_a_line_break_in_the_title_never_breaks_a_mail(app, lead_dossier, create_user):
    """Item 5: a CR/LF in the dossier title (a mail subject) must not turn the mail into a 500;
    one mail per recipient (item 19), nobody sees the other addresses."""
    user, dossier = lead_dossier
    first, second = create_user("adviser"), create_user("adviser")
    dossier.title = "Projet\r\nBcc: victime@example.org"
    mail.outbox.clear()
    from wizard.review import notifications

    sent = notifications.notify([first, second], "Dossier déposé : {title} ({commune})",
                                "adviser.dossier", dossier, user)
    assert sent == 2 and len(mail.outbox) == 2
    assert {m["To"] for m in mail.outbox} == {first.email, second.email}
    for message in mail.outbox:
        assert "\n" not in message["Subject"] and "Bcc" not in message.keys()


def test_a_failing_mail_is_recorded_and_never_breaks_the_action(app, lead_dossier,
                                                                create_user, monkeypatch):
    user, dossier = lead_dossier
    adviser = create_user("adviser")

    def broken(*args, **kwargs):
        raise ValueError("adresse refusée")

    from wizard.review import notifications

    monkeypatch.setattr(notifications, "send_mail", broken)
    assert notifications.notify([adviser], "Sujet {title}", "adviser.dossier", dossier, user) == 0
    event = AuditEvent.query.filter_by(action="mail_failed").one()
    assert event.details["to"] == adviser.email


def test_invitations_only_while_editable_and_without_revealing_accounts(client, lead_dossier,
                                                                        create_user,
                                                                        create_commune):
    """Item 18: the same answer whether an address has an account or not; no invitation
    onto a dossier that can no longer be edited."""
    _, dossier = lead_dossier
    other = create_user("lead", communes=[create_commune("59512", "Roubaix")])
    url = f"/dossiers/{dossier.id}/co-editeurs"
    token = csrf_token(client.get(f"/dossiers/{dossier.id}").text)
    known = client.post(url, data={"csrf_token": token, "email": other.email},
                        follow_redirects=True)
    unknown = client.post(url, data={"csrf_token": token, "email": "inconnu@example.org"},
                          follow_redirects=True)
    message = "Si cette adresse est celle d&#39;un porteur de projet actif"
    assert message in known.text and message in unknown.text
    assert "Aucun porteur" not in unknown.text
    db.session.refresh(dossier)
    assert dossier.co_editor_ids == {other.id}
    dossier.state = DossierState.TRANSMITTED
    db.session.commit()
    third = create_user("lead", communes=[create_commune("59009", "Villeneuve-d'Ascq")])
    refused = client.post(url, data={"csrf_token": token, "email": third.email},
                          follow_redirects=True)
    assert "ne peut plus être modifié" in refused.text
    db.session.refresh(dossier)
    assert third.id not in dossier.co_editor_ids


def test_a_second_transition_request_gets_the_normal_page(client, lead_dossier, app):
    """Item 12: a double click on « Déposer »: the second request is refused with a message
    and a redirect, never a 500."""
    user, dossier = lead_dossier
    dossier.state = DossierState.SUBMITTED
    db.session.commit()
    token = csrf_token(client.get(f"/dossiers/{dossier.id}").text)
    again = client.post(f"/dossiers/{dossier.id}/actions/submit", data={"csrf_token": token})
    assert again.status_code == 302
    with pytest.raises(operations.OperationError):
        workflow.apply("submit", dossier, user)


def test_a_co_editor_can_neither_move_nor_delete_nor_share_the_dossier(
        client, login_as, create_commune, create_user):
    """Item 4: co-editors edit content; the commune, deletion and invitations belong to the
    commune's own leads."""
    lille, roubaix = create_commune(), create_commune("59512", "Roubaix")
    owner = create_user("lead", communes=[lille])
    dossier = operations.create_dossier(owner, lille, "Projet de Lille")
    db.session.commit()
    co_editor = login_as("lead", communes=[roubaix])
    operations.invite_co_editor(dossier, co_editor, owner)
    db.session.commit()
    url = TERRITORY.format(id=dossier.id)
    page = client.get(url)
    assert page.status_code == 200 and 'value="59512"' not in page.text  # Roubaix not offered
    moved = submit(client, url, page_form(client, url), commune="59512")
    assert moved.status_code == 400
    db.session.refresh(dossier)
    assert dossier.commune_id == lille.id and dossier.department == "59"
    token = csrf_token(page.text)
    assert client.post(f"/dossiers/{dossier.id}/supprimer",
                       data={"csrf_token": token}).status_code == 404
    third = create_user("lead", communes=[create_commune("59009", "Villeneuve-d'Ascq")])
    assert client.post(f"/dossiers/{dossier.id}/co-editeurs",
                       data={"csrf_token": token, "email": third.email}).status_code == 404
    db.session.refresh(dossier)
    assert third.id not in dossier.co_editor_ids and db.session.get(Dossier, dossier.id)


def test_single_line_fields_refuse_line_breaks(client, lead_dossier):
    """Item 5: a line break typed in the title is refused at the field, the input kept."""
    _, dossier = lead_dossier
    url = TERRITORY.format(id=dossier.id)
    refused = submit(client, url, page_form(client, url), title="Projet\r\nBcc: x@example.org")
    assert refused.status_code == 400 and "tient sur une ligne" in refused.text
    db.session.refresh(dossier)
    assert "\n" not in dossier.title


def test_more_rows_than_the_limit_are_reported_at_the_field(client, lead_dossier):
    """Item 15: rows beyond the list limit are never cut silently: up to the hard ceiling
    they stay (nothing typed is lost) with an error asking to remove some; beyond it the
    error says how many were not read."""
    _, dossier = lead_dossier
    url = TERRITORY.format(id=dossier.id)
    form = page_form(client, url)
    for i in range(33):
        form[f"neighbourhoods-{i}-name"] = f"Quartier {i}"
    response = submit(client, url, form)
    assert response.status_code == 400
    assert "limitée à 30 éléments : retirez-en 3." in response.text
    assert 'value="Quartier 32"' in response.text  # still on screen
    form = page_form(client, url, html=response.text)
    for i in range(103):
        form[f"neighbourhoods-{i}-name"] = f"Quartier {i}"
    response = submit(client, url, form)
    assert response.status_code == 400
    assert "les 3 derniers envoyés n&#39;ont pas été enregistrés" in response.text


def test_a_number_of_thousands_of_digits_gets_a_french_message(client, lead_dossier):
    """Item 16: no internal English message (« Exceeds the limit … digits »)."""
    _, dossier = lead_dossier
    url = f"/dossiers/{dossier.id}/etapes/modalites"
    response = submit(client, url, page_form(client, url), vehicles="9" * 5000)
    assert response.status_code == 400
    assert "Nombre entier attendu" in response.text and "Exceeds" not in response.text


def test_authenticated_pages_and_files_are_not_cached(client, lead_dossier):
    """Item 17: no copy of a session's pages or files in a shared cache."""
    _, dossier = lead_dossier
    for url in (f"/dossiers/{dossier.id}", f"/dossiers/{dossier.id}/dossier.json"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "no-store", url
    with client.application.test_request_context():
        asset = client.get(url_for("web.dsfr_asset", filename="dsfr.min.css"))
    asset.close()
    assert asset.status_code == 200 and "no-store" not in asset.headers.get("Cache-Control", "")


@pytest.mark.parametrize("text, expected", [
    ('{"title": NaN}', "NaN"),
    ('{"title": "a", "title": "b"}', "clé en double"),
    ('{"years": ' + "9" * 5000 + "}", "nombre trop long"),
    ('{"title": "a\\u0000b"}', "caractère de contrôle"),
])
def test_the_cli_import_applies_the_web_rules(runner, create_user, create_commune, tmp_path,
                                              text, expected):
    """Item 21: NaN, duplicate keys, huge numbers, control characters: a French message,
    exit code 2, nothing written."""
    lead = create_user("lead", communes=[create_commune()])
    path = tmp_path / "dossier.json"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(args=["dossier", "import", str(path), "--owner", lead.email])
    assert result.exit_code == 2 and expected in result.output
    assert "Traceback" not in result.output and Dossier.query.count() == 0


def test_request_bodies_are_bounded(client, app):
    """Item 6: an oversized POST is refused with a French 413 page before it is read."""
    response = client.post("/connexion", data={"email": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 413 and "Contenu trop volumineux" in response.text
    assert app.config["MAX_CONTENT_LENGTH"] and app.config["MAX_FORM_MEMORY_SIZE"]


def test_pending_input_is_bounded(client, lead_dossier):
    """Item 6: what a step keeps as invalid input has a ceiling; the save is refused with a
    French message (the input stays on screen), nothing is stored."""
    _, dossier = lead_dossier
    url = TERRITORY.format(id=dossier.id)
    form = page_form(client, url)
    form["contact_email"] = "pas-une-adresse"
    for i in range(30):
        form[f"neighbourhoods-{i}-name"] = "x" * 201  # each one too long: kept pending
        form[f"neighbourhoods-{i}-qpv_code"] = "y" * 7000
    refused = submit(client, url, form)
    assert refused.status_code == 409 and "Trop de saisies invalides" in refused.text
    db.session.refresh(dossier)
    assert not (dossier.pending or {}).get("porteur-territoire")


def test_a_list_stored_above_its_bound_loses_nothing(client, lead_dossier, complete_document):
    """A dossier saved before the list bounds existed (40 places, the bound is 30) opens, and
    saving its diagnosis keeps all 40 places while asking to remove 10."""
    _, dossier = lead_dossier
    place = complete_document["diagnosis"]["places"][0]
    complete_document["diagnosis"]["places"] = [dict(place, name=f"Lieu {i}") for i in range(40)]
    complete_document["intervention"]["rounds"] = []
    complete_document["commune"] = dossier.document["commune"]
    dossier.document = complete_document
    db.session.commit()
    url = f"/dossiers/{dossier.id}/etapes/diagnostic"
    page = client.get(url)
    assert page.status_code == 200 and 'value="Lieu 39"' in page.text
    saved = submit(client, url, page_form(client, url, html=page.text))
    assert saved.status_code == 400 and "retirez-en 10" in saved.text
    db.session.refresh(dossier)
    assert len(dossier.document["diagnosis"]["places"]) == 40
