"""The review path through HTTP: submit, comments on two steps, changes requested, answers,
resubmission, diff, approval, transmission, prefecture download and acknowledgement;
e-mails read from a real local SMTP server."""

import hashlib
import json
import re

from tests.helpers import ATTESTATION_FIELDS, add_pieces, login, page_form, post_form, submit
from wizard import reference
from wizard.db import db
from wizard.models import AuditEvent, Comment, Dossier, Snapshot, Transmission


def test_the_whole_review_path(app, cast, smtp, create_dossier, complete_document):
    dossier = create_dossier(document=complete_document, commune=cast["lille"],
                             parameter_set=reference.current_set())
    add_pieces(dossier)
    did = dossier.id
    tasks = f"/dossiers/{did}"

    # the lead submits; a double click changes nothing
    client = login(app, cast["lead"])
    assert post_form(client, f"/dossiers/{did}/actions/submit", tasks,
                     **ATTESTATION_FIELDS).status_code == 302
    again = post_form(client, f"/dossiers/{did}/actions/submit", tasks, **ATTESTATION_FIELDS)
    assert again.status_code in (302, 404)
    assert Snapshot.query.count() == 1
    assert AuditEvent.query.filter_by(action="state_submit").count() == 1
    assert any("conseil@region.fr" in rcpt for rcpt, _ in smtp.messages)

    # the adviser takes it, comments on two steps, asks for changes
    client = login(app, cast["adviser"])
    review_page = f"/conseiller/dossiers/{did}"
    assert client.get(review_page).status_code == 200
    post_form(client, f"/conseiller/dossiers/{did}/actions/take", review_page)
    post_form(client, f"/conseiller/dossiers/{did}/commentaires", review_page,
         step="diagnostic", item="Place de la gare", reason="Préciser les horaires du vendredi.")
    post_form(client, f"/conseiller/dossiers/{did}/commentaires", review_page,
         step="budget", reason="Le cofinancement FIPD dépasse 50 %.")
    post_form(client, f"/conseiller/dossiers/{did}/commentaires", review_page,
         step="budget", reason="Note interne : commune fiable.", private="y")
    response = post_form(client, f"/conseiller/dossiers/{did}/actions/request_changes", review_page,
                    reason="Merci de compléter.")
    assert response.status_code == 302
    assert db.session.get(Dossier, did).state == "a_completer"
    assert any("porteur@lille.fr" in rcpt for rcpt, _ in smtp.messages)

    # the lead sees the comments on those steps and in the task list, never the private note
    client = login(app, cast["lead"])
    task_list = client.get(tasks)
    assert "1 commentaire à traiter" in task_list.text
    step = client.get(f"/dossiers/{did}/etapes/diagnostic")
    assert "Préciser les horaires du vendredi." in step.text and "Place de la gare" in step.text
    budget = client.get(f"/dossiers/{did}/etapes/budget")
    assert "Le cofinancement FIPD dépasse 50 %." in budget.text
    assert "Note interne" not in budget.text
    comment = Comment.query.filter_by(step="diagnostic").one()
    post_form(client, f"/dossiers/{did}/commentaires/{comment.id}/reponse", tasks,
         reason="Horaires précisés : 18 h – 23 h.")
    form = page_form(client, f"/dossiers/{did}/etapes/porteur-territoire")
    assert submit(client, f"/dossiers/{did}/etapes/porteur-territoire", form,
                  title="Médiation sociale Lille — version 2").status_code == 302
    assert post_form(client, f"/dossiers/{did}/actions/submit", tasks,
                     **ATTESTATION_FIELDS).status_code == 302
    assert Snapshot.query.count() == 2

    # the adviser reads the diff, resolves, approves and transmits
    client = login(app, cast["adviser"])
    diff = client.get(f"/conseiller/dossiers/{did}/differences")
    assert diff.status_code == 200
    assert "Médiation sociale Lille — version 2" in diff.text
    post_form(client, f"/conseiller/dossiers/{did}/commentaires/{comment.id}/resolu", review_page)
    assert db.session.get(Comment, comment.id).resolved_at is not None
    post_form(client, f"/conseiller/dossiers/{did}/actions/take", review_page)
    post_form(client, f"/conseiller/dossiers/{did}/actions/approve", review_page, reason="Bon dossier.")
    assert post_form(client, f"/conseiller/dossiers/{did}/actions/transmit", review_page).status_code == 302
    transmission = Transmission.query.one()
    assert db.session.get(Dossier, did).state == "transmis"
    assert any("agent59@prefecture.fr" in rcpt for rcpt, _ in smtp.messages)
    assert not any("agent62@prefecture.fr" in rcpt for rcpt, _ in smtp.messages)
    history = client.get(f"/conseiller/dossiers/{did}/historique")
    assert "Transmission à la préfecture" in history.text
    # fields and steps in the words of the pages, never a document path or a slug
    assert re.search(r"Champs : [^<]*Titre du projet", history.text)
    assert "Étape : Porteur et territoire" in history.text
    assert "[0]" not in history.text and "porteur-territoire" not in history.text
    shown = client.get(f"/conseiller/dossiers/{did}").text
    assert "Lille (59)" in shown and "code INSEE" not in shown and "(59) — version" not in shown
    # what the application asks for, per scheme and year, and the convention requested
    assert "Montants demandés par dispositif et par année" in shown
    assert "Convention adultes-relais" in shown and "Lille Sud (QN05926M)" in shown

    # the agent of the department downloads byte-identical files and acknowledges
    client = login(app, cast["agent"])
    inbox = client.get("/prefecture/")
    assert "Médiation sociale Lille — version 2" in inbox.text
    page = client.get(f"/prefecture/dossiers/{did}")
    assert transmission.pdf_sha256 in page.text
    first = client.get(f"/prefecture/dossiers/{did}/dossier.pdf").data
    second = client.get(f"/prefecture/dossiers/{did}/dossier.pdf").data
    assert first == second and first.startswith(b"%PDF")
    assert hashlib.sha256(first).hexdigest() == transmission.pdf_sha256
    _reads_like_an_application(first, transmission)
    data = client.get(f"/prefecture/dossiers/{did}/dossier.json").data
    assert hashlib.sha256(data).hexdigest() == transmission.json_sha256
    assert json.loads(data)["title"] == "Médiation sociale Lille — version 2"
    assert AuditEvent.query.filter_by(action="transmission_downloaded").count() == 3
    post_form(client, f"/prefecture/dossiers/{did}/actions/acknowledge", f"/prefecture/dossiers/{did}")
    assert db.session.get(Dossier, did).state == "recu"

    # an agent of another department sees nothing
    client = login(app, cast["agent62"])
    assert "Médiation sociale Lille" not in client.get("/prefecture/").text
    assert client.get(f"/prefecture/dossiers/{did}").status_code == 404
    assert client.get(f"/prefecture/dossiers/{did}/dossier.pdf").status_code == 404


def test_a_lead_cannot_use_adviser_urls_and_forged_ids_answer_404(app, cast):
    client = login(app, cast["lead"])
    assert client.get("/conseiller/dossiers/1").status_code == 403
    assert client.get("/dossiers/999999").status_code == 404


def test_comment_on_an_unknown_step_is_refused(app, cast, create_dossier, complete_document):
    dossier = create_dossier(state="depose", document=complete_document, commune=cast["lille"])
    client = login(app, cast["adviser"])
    page = f"/conseiller/dossiers/{dossier.id}"
    response = post_form(client, f"/conseiller/dossiers/{dossier.id}/commentaires", page,
                         step="inexistante", reason="?")
    assert response.status_code == 302
    assert "Cette étape n&#39;existe pas." in client.get(page).text
    assert Comment.query.count() == 0


def test_the_confirmation_asks_for_the_attestation_before_submitting(
        app, cast, create_dossier, complete_document):
    dossier = create_dossier(document=complete_document, commune=cast["lille"],
                             parameter_set=reference.current_set())
    add_pieces(dossier)
    recap = f"/dossiers/{dossier.id}/actions/submit/confirmer"
    client = login(app, cast["lead"])
    page = client.get(recap).text
    assert "Attestation sur l'honneur" in page and "contrat d&#39;engagement républicain" in page
    # the signatory by delegation of step 1 is proposed
    assert 'value="Dominique Lefebvre"' in page
    refused = post_form(client, f"/dossiers/{dossier.id}/actions/submit", recap,
                        **{**ATTESTATION_FIELDS, "accepted": "", "signatory_name": "Camille Tapé"})
    assert refused.status_code == 400
    assert "Cochez la case pour signer l&#39;attestation sur l&#39;honneur" in refused.text
    assert 'href="#accepted"' in refused.text  # the error summary links to the box
    assert 'value="Camille Tapé"' in refused.text  # nothing typed is lost
    assert db.session.get(Dossier, dossier.id).state == "brouillon"
    done = post_form(client, f"/dossiers/{dossier.id}/actions/submit", recap, **ATTESTATION_FIELDS)
    assert done.status_code == 302
    assert db.session.get(Dossier, dossier.id).state == "depose"
    event = AuditEvent.query.filter_by(action="attestation_signed").one()
    assert event.user_id == cast["lead"].id
    shown = client.get(f"/dossiers/{dossier.id}/recapitulatif").text
    assert "Camille Leroy, Maire" in shown and "5 janvier 2026" in shown


def _reads_like_an_application(pdf: bytes, transmission):
    """The transmitted PDF: page 1 names the holder, the signatory, the QPVs, the pieces and
    the amounts requested per scheme; near the end the attestation as signed and every
    piece with the SHA-256 of the bundle's manifest."""
    import io
    import re

    from pypdf import PdfReader

    pages = [re.sub(r"[\s\u00a0\u202f\u200b]+", " ", page.extract_text() or "")
             for page in PdfReader(io.BytesIO(pdf)).pages]
    first, text = pages[0], "".join(pages).replace(" ", "")
    for fact in ("Ville de Lille", "SIRET 215 903 501 00017", "Camille Leroy, Maire",
                 "Dominique Lefebvre", "Lille Sud (QN05926M)", "Délibération du conseil",
                 "Montants demandés par dispositif et par année", "FIPD",
                 "Part du porteur du projet"):
        assert fact in first, fact
    assert "Attestation sur l'honneur et pièces jointes" in " ".join(pages)
    assert "contrat d'engagement républicain" in " ".join(pages)
    pieces = [f for f in transmission.manifest if f["name"].startswith("pieces/")]
    assert pieces and all(f["sha256"] in text for f in pieces)  # hashes wrap across lines
