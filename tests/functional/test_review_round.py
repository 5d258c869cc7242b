"""The review round as the lead reads it: a general message not tied to a step, one mail
for a change request with every comment in it, a banner quoting what was asked, comments
answered as « traité » by the commune, closed or reopened by the adviser, and no comment
form once the dossier has left the review."""

import pytest

from tests.helpers import ATTESTATION_FIELDS, add_pieces, add_transmission, login
from tests.helpers import post_form as post
from wizard import reference
from wizard.db import db
from wizard.models import Comment, Dossier, DossierState


@pytest.fixture
def reviewed(app, cast, smtp, create_dossier, complete_document):
    """A dossier in review, commented on two steps by the adviser, no mail sent yet."""
    dossier = create_dossier(document=complete_document, commune=cast["lille"],
                             state=DossierState.IN_REVIEW,
                             parameter_set=reference.current_set())
    client = login(app, cast["adviser"])
    page = f"/conseiller/dossiers/{dossier.id}"
    for step, text in (("diagnostic", "Préciser les horaires du vendredi."),
                       ("budget", "Montants de l'année 3 ?")):
        assert post(client, f"{page}/commentaires", page, step=step,
                    reason=text).status_code == 302
    return dossier.id, client, page


def test_a_change_request_is_one_mail_with_the_message_and_every_comment(
        app, cast, smtp, reviewed):
    did, adviser, page = reviewed
    assert smtp.bodies_to("porteur@lille.fr") == []  # comments wait for the decision
    post(adviser, f"{page}/actions/request_changes", page,
         reason="Merci de revoir le budget et les horaires.")
    mails = smtp.bodies_to("porteur@lille.fr")
    assert len(mails) == 1
    text = mails[0]
    assert "Merci de revoir le budget" in text
    assert "Préciser les horaires du vendredi." in text and "Montants de l'ann" in text

    general = Comment.query.filter_by(dossier_id=did, step="general").one()
    assert general.body == "Merci de revoir le budget et les horaires."
    lead = login(app, cast["lead"])
    tasks = lead.get(f"/dossiers/{did}").text
    assert "La mission régionale vous demande des compléments" in tasks
    assert "Merci de revoir le budget et les horaires." in tasks
    assert f'/dossiers/{did}/etapes/diagnostic#titre-commentaires' in tasks
    assert f'/dossiers/{did}/etapes/budget#titre-commentaires' in tasks
    # the general message is not filed on the first step
    first_step = lead.get(f"/dossiers/{did}/etapes/porteur-territoire").text
    assert "Merci de revoir le budget" not in first_step


def test_the_lead_treats_the_adviser_closes_or_reopens(app, cast, smtp, reviewed):
    did, adviser, page = reviewed
    post(adviser, f"{page}/actions/request_changes", page, reason="")
    comment = Comment.query.filter_by(dossier_id=did, step="diagnostic").one()
    lead = login(app, cast["lead"])
    tasks = f"/dossiers/{did}"
    assert "À traiter" in lead.get(f"/dossiers/{did}/etapes/diagnostic").text
    response = post(lead, f"/dossiers/{did}/commentaires/{comment.id}/reponse", tasks,
                    reason="Horaires précisés : 18 h – 23 h.", treated="y")
    assert response.status_code == 302
    assert "Réponse envoyée au conseiller ; la demande est marquée traitée." in lead.get(
        response.location).text
    db.session.expire_all()
    assert db.session.get(Comment, comment.id).status == "treated"
    step_page = lead.get(f"/dossiers/{did}/etapes/diagnostic").text
    assert "Traité par la commune" in step_page and "Envoyer la réponse" not in step_page
    assert "diagnostic#titre-commentaires" not in lead.get(tasks).text  # nothing left there

    # a question back without treating keeps it open
    other = Comment.query.filter_by(dossier_id=did, step="budget").one()
    post(lead, f"/dossiers/{did}/commentaires/{other.id}/reponse", tasks,
         reason="Faut-il indexer l'année 3 ?")
    db.session.expire_all()
    assert db.session.get(Comment, other.id).status == "open"

    post(adviser, f"{page}/commentaires/{comment.id}/resolu", page)
    db.session.expire_all()
    assert db.session.get(Comment, comment.id).status == "closed"
    assert "Clos" in adviser.get(page).text
    post(adviser, f"{page}/commentaires/{comment.id}/rouvrir", page)
    db.session.expire_all()
    assert db.session.get(Comment, comment.id).status == "open"
    assert "diagnostic#titre-commentaires" in lead.get(tasks).text


def test_no_comment_form_once_transmitted(app, cast, reviewed):
    did, adviser, page = reviewed
    dossier = db.session.get(Dossier, did)
    dossier.state = DossierState.TRANSMITTED
    add_transmission(dossier)
    db.session.commit()
    text = adviser.get(page).text
    assert "Préciser les horaires du vendredi." in text  # the thread stays readable
    assert f'action="/conseiller/dossiers/{did}/commentaires"' not in text
    assert "Clore" not in text and "Rouvrir" not in text
    response = post(adviser, f"{page}/commentaires", page, step="budget", reason="Encore ?")
    assert response.status_code == 302
    assert Comment.query.filter_by(dossier_id=did, body="Encore ?").count() == 0


def test_the_task_list_shows_the_next_action(app, cast, create_dossier, complete_document):
    from wizard import operations

    lead = login(app, cast["lead"])
    fresh = operations.create_dossier(cast["lead"], cast["lille"], "Nouveau projet")
    db.session.commit()
    page = lead.get(f"/dossiers/{fresh.id}").text
    assert "Commencer : 1. " in page
    complete = create_dossier(document=complete_document, commune=cast["lille"],
                              parameter_set=reference.current_set())
    page = lead.get(f"/dossiers/{complete.id}").text
    assert f"/dossiers/{complete.id}/pieces" in page and "Joindre les pièces" in page
    add_pieces(complete)
    page = lead.get(f"/dossiers/{complete.id}").text
    confirm = f"/dossiers/{complete.id}/actions/submit/confirmer"
    assert confirm in page
    recap = lead.get(f"/dossiers/{complete.id}/recapitulatif").text
    assert confirm in recap and "le dossier peut être déposé" not in recap
    received = create_dossier(document=complete_document, commune=cast["lille"],
                              state=DossierState.RECEIVED)
    recap = lead.get(f"/dossiers/{received.id}/recapitulatif").text
    assert "La préfecture a accusé réception du dossier ; elle va" in recap
    assert "/actions/submit" not in recap


def test_submission_and_transmission_are_confirmed_first(
        app, cast, smtp, create_dossier, complete_document):
    dossier = create_dossier(document=complete_document, commune=cast["lille"],
                             parameter_set=reference.current_set())
    add_pieces(dossier)
    lead = login(app, cast["lead"])
    confirm = f"/dossiers/{dossier.id}/actions/submit/confirmer"
    page = lead.get(confirm)
    assert page.status_code == 200
    assert "Déposer le dossier ?" in page.text and "Part de la commune" in page.text
    assert f'action="/dossiers/{dossier.id}/actions/submit"' in page.text
    assert "Attestation sur l'honneur" in page.text
    assert post(lead, f"/dossiers/{dossier.id}/actions/submit", confirm,
                **ATTESTATION_FIELDS).status_code == 302
    assert db.session.get(Dossier, dossier.id).state is DossierState.SUBMITTED
    # once submitted, the confirmation page sends back with a message
    again = lead.get(confirm)
    assert again.status_code == 302 and again.headers["Location"].endswith("/recapitulatif")

    dossier.state = DossierState.APPROVED
    db.session.commit()
    adviser = login(app, cast["adviser"])
    review_page = adviser.get(f"/conseiller/dossiers/{dossier.id}").text
    transmit = f"/conseiller/dossiers/{dossier.id}/actions/transmit/confirmer"
    assert transmit in review_page
    assert f'action="/conseiller/dossiers/{dossier.id}/actions/transmit"' not in review_page
    page = adviser.get(transmit).text
    assert "agent59@prefecture.fr" in page and "agent62@prefecture.fr" not in page
    assert post(adviser, f"/conseiller/dossiers/{dossier.id}/actions/transmit",
                transmit).status_code == 302
    assert db.session.get(Dossier, dossier.id).state is DossierState.TRANSMITTED


def test_an_incomplete_dossier_is_not_confirmed(app, cast):
    from wizard import operations

    dossier = operations.create_dossier(cast["lead"], cast["lille"], "Incomplet")
    db.session.commit()
    lead = login(app, cast["lead"])
    response = lead.get(f"/dossiers/{dossier.id}/actions/submit/confirmer")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/dossiers/{dossier.id}/recapitulatif")


def test_the_adviser_page_labels_each_message_field_differently(reviewed):
    """The comment to the commune and the change request's message are two fields: the
    first writes without changing the state, the second goes with the request."""
    import html
    import re

    did, adviser, page = reviewed
    text = adviser.get(page).text
    textareas = re.findall(r'<textarea[^>]*\bid="([^"]+)"', text)
    labels = [html.unescape(re.search(rf'<label[^>]*for="{re.escape(i)}"[^>]*>\s*([^<]+)', text)
                            .group(1)).strip() for i in textareas]
    assert "Écrire à la commune sans changer l'état du dossier" in labels
    assert any(label.startswith("Message général à la commune (les commentaires") for label in labels)
    assert len(labels) == len(set(labels)), labels
