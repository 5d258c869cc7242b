"""Supporting documents (pièces justificatives): upload with the type read from the bytes,
size limits, replacement, deletion, downloads, access, the checklist at submission."""

import copy
import hashlib
import io

import pytest

from tests.helpers import ATTESTATION_FIELDS, PDF_BYTES, add_pieces, csrf_token, signed
from wizard import reference, workflow
from wizard.db import db
from wizard.document.checklist import checklist
from wizard.models import Attachment, AuditEvent, DossierState

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
JPEG_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 40
EXE_BYTES = b"MZ\x90\x00" + b"\x00" * 60


@pytest.fixture
def lille(create_commune):
    return create_commune()


@pytest.fixture
def own(client, login_as, lille, create_dossier, complete_document):
    """A logged-in lead of Lille and a complete draft (a commune employing its mediators)."""
    user = login_as("lead", communes=[lille])
    dossier = create_dossier(document=complete_document, commune=lille,
                             parameter_set=reference.current_set())
    return user, dossier


def pieces_url(dossier):
    return f"/dossiers/{dossier.id}/pieces"


def upload(client, dossier, kind, data, name="piece.pdf", url=None):
    token = csrf_token(client.get(pieces_url(dossier)).text)
    return client.post(url or f"{pieces_url(dossier)}/{kind}/ajouter",
                       data={"csrf_token": token, "file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def test_the_checklist_depends_on_the_employer_and_renewal(complete_document):
    def required(doc):
        return {e.piece.code for e in checklist(doc) if e.required}

    assert required(complete_document) == {"deliberation", "rib", "fiches_poste"}  # régie
    doc = copy.deepcopy(complete_document)
    doc["intervention"]["employer"] = "association"
    assert required(doc) == {"rib", "statuts", "comptes", "fiches_poste"}
    doc["holder"]["application"] = "renouvellement"
    assert "bilan" in required(doc)
    doc["intervention"]["employer"] = "prestataire"
    doc["funding"]["adultes_relais_posts"] = 0
    assert required(doc) == {"deliberation", "rib", "bilan"}
    assert {e.piece.code for e in checklist(doc)} >= {"engagements", "fiches_poste", "autre"}


def test_a_pdf_is_stored_with_its_hash_and_audited(client, own):
    user, dossier = own
    response = upload(client, dossier, "rib", PDF_BYTES, name="../../RIB mairie\x01.PDF")
    assert response.status_code == 302
    piece = Attachment.query.one()
    assert (piece.kind, piece.filename, piece.content_type, piece.size) == (
        "rib", "RIB mairie.pdf", "application/pdf", len(PDF_BYTES))
    assert piece.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    assert piece.uploaded_by_id == user.id
    event = AuditEvent.query.filter_by(action="attachment_added").one()
    assert event.details["sha256"] == piece.sha256 and event.dossier_id == dossier.id
    page = client.get(pieces_url(dossier))
    assert "RIB mairie.pdf" in page.text and "Fournie" in page.text


def test_the_type_comes_from_the_content_not_the_name(client, own):
    _, dossier = own
    # a PNG named .pdf is a PNG: stored and served as one, its name corrected
    assert upload(client, dossier, "autre", PNG_BYTES, name="scan.pdf").status_code == 302
    assert upload(client, dossier, "autre", JPEG_BYTES, name="photo").status_code == 302
    stored = {a.filename: a.content_type for a in Attachment.query.all()}
    assert stored == {"scan.png": "image/png", "photo.jpg": "image/jpeg"}
    # a program named .pdf is refused, the message next to the file field of its line
    refused = upload(client, dossier, "rib", EXE_BYTES, name="rib.pdf")
    assert refused.status_code == 400
    assert "ni un PDF, ni une image JPEG ou PNG" in refused.text
    assert 'id="fichier-rib-erreur"' in refused.text
    assert Attachment.query.count() == 2
    empty = upload(client, dossier, "rib", b"", name="rib.pdf")
    assert empty.status_code == 400 and "Le fichier est vide" in empty.text


def test_oversized_files_get_a_message_at_the_field(app, client, own):
    _, dossier = own
    app.config.update(ATTACHMENT_MAX_SIZE=1000, ATTACHMENT_MAX_TOTAL=1500)
    # over the file limit but within the request's room: refused by the operation
    small_over = upload(client, dossier, "rib", PDF_BYTES + b"0" * 1000)
    assert small_over.status_code == 400 and "Le fichier dépasse" in small_over.text
    assert 'id="fichier-rib-erreur"' in small_over.text
    # far over: the body is refused before it is read, the same page answers
    huge = upload(client, dossier, "rib", PDF_BYTES + b"0" * 200_000)
    assert huge.status_code == 413 and "Le fichier dépasse" in huge.text
    assert 'id="fichier-rib-erreur"' in huge.text
    # the dossier's total
    assert upload(client, dossier, "rib", PDF_BYTES + b"0" * 900).status_code == 302
    total = upload(client, dossier, "autre", PDF_BYTES + b"0" * 900)
    assert total.status_code == 400 and "au total" in total.text
    assert Attachment.query.count() == 1
    # other requests keep the general limit
    assert app.config["MAX_CONTENT_LENGTH"] == 2 * 1024 * 1024


def test_replace_and_delete_while_editable_only(client, own):
    _, dossier = own
    upload(client, dossier, "rib", PDF_BYTES, name="ancien.pdf")
    piece = Attachment.query.one()
    replaced = upload(client, dossier, None, PNG_BYTES, name="nouveau.png",
                      url=f"{pieces_url(dossier)}/{piece.id}/remplacer")
    assert replaced.status_code == 302
    db.session.refresh(piece)
    assert (piece.filename, piece.content_type, piece.kind) == ("nouveau.png", "image/png", "rib")
    assert piece.sha256 == hashlib.sha256(PNG_BYTES).hexdigest()
    event = AuditEvent.query.filter_by(action="attachment_replaced").one()
    assert event.details["old_filename"] == "ancien.pdf"

    dossier.state = DossierState.SUBMITTED
    db.session.commit()
    token = csrf_token(client.get(pieces_url(dossier)).text)
    refused = client.post(f"{pieces_url(dossier)}/{piece.id}/supprimer",
                          data={"csrf_token": token}, follow_redirects=True)
    assert "ne peuvent plus changer" in refused.text
    assert Attachment.query.count() == 1
    again = upload(client, dossier, "autre", PDF_BYTES)
    assert again.status_code == 302 and Attachment.query.count() == 1
    assert "Ajouter un fichier" not in client.get(pieces_url(dossier)).text

    dossier.state = DossierState.CHANGES_REQUESTED
    db.session.commit()
    deleted = client.post(f"{pieces_url(dossier)}/{piece.id}/supprimer",
                          data={"csrf_token": token})
    assert deleted.status_code == 302 and Attachment.query.count() == 0
    assert AuditEvent.query.filter_by(action="attachment_deleted").count() == 1


def test_download_is_an_attachment_and_other_communes_get_404(
        client, own, create_commune, create_dossier, complete_document):
    _, dossier = own
    upload(client, dossier, "rib", PDF_BYTES, name="rib été.pdf")
    piece = Attachment.query.one()
    response = client.get(f"{pieces_url(dossier)}/{piece.id}")
    assert response.status_code == 200 and response.data == PDF_BYTES
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "filename*=UTF-8''rib%20%C3%A9t%C3%A9.pdf" in response.headers["Content-Disposition"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response.headers["Cache-Control"]

    arras = create_commune("62041", "Arras", department="62")
    other = create_dossier(document=copy.deepcopy(complete_document), commune=arras)
    (theirs,) = add_pieces(other, ["rib"])
    assert client.get(f"/dossiers/{other.id}/pieces/{theirs.id}").status_code == 404
    assert client.get(f"/dossiers/{other.id}/pieces").status_code == 404
    # another dossier's piece through one's own dossier
    assert client.get(f"{pieces_url(dossier)}/{theirs.id}").status_code == 404
    token = csrf_token(client.get(pieces_url(dossier)).text)
    assert client.post(f"{pieces_url(dossier)}/{theirs.id}/supprimer",
                       data={"csrf_token": token}).status_code == 404
    assert db.session.get(Attachment, theirs.id) is not None


def test_submission_is_blocked_without_a_required_piece(client, own):
    user, dossier = own
    recap = client.get(f"/dossiers/{dossier.id}/recapitulatif")
    assert "Joindre : Relevé d&#39;identité bancaire (RIB)" in recap.text
    assert f'href="/dossiers/{dossier.id}/pieces#piece-rib"' in recap.text
    assert "3 pièces obligatoires à joindre" in client.get(f"/dossiers/{dossier.id}").text
    with pytest.raises(workflow.NotReady) as caught:
        workflow.apply("submit", dossier, user)
    assert not caught.value.missing
    assert [m.anchor for m in caught.value.pieces] == [
        "piece-deliberation", "piece-rib", "piece-fiches_poste"]
    db.session.rollback()
    token = csrf_token(recap.text)
    refused = client.post(f"/dossiers/{dossier.id}/actions/submit",
                          data={"csrf_token": token, **ATTESTATION_FIELDS},
                          follow_redirects=True)
    assert "joignez les pièces indiquées" in refused.text
    assert db.session.get(type(dossier), dossier.id).state is DossierState.DRAFT

    add_pieces(dossier)
    assert "Toutes les étapes sont complètes et les pièces obligatoires jointes" in client.get(
        f"/dossiers/{dossier.id}/recapitulatif").text
    client.post(f"/dossiers/{dossier.id}/actions/submit",
                data={"csrf_token": token, **ATTESTATION_FIELDS})
    assert db.session.get(type(dossier), dossier.id).state is DossierState.SUBMITTED


def test_lists_do_not_grow_with_the_number_of_pieces(client, own, create_user, lille):
    from tests.functional.test_query_counts import _count

    _, dossier = own
    did = dossier.id
    add_pieces(dossier, ["rib"])
    one = _count(client, f"/dossiers/{did}/pieces")
    other = create_user("lead", communes=[lille])
    pieces = add_pieces(db.session.get(type(dossier), did), ["rib", "autre"] * 10)
    for piece in pieces[::2]:
        piece.uploaded_by_id = other.id
    db.session.commit()
    assert _count(client, f"/dossiers/{did}/pieces") == one
    assert _count(client, f"/dossiers/{did}") == _count(client, f"/dossiers/{did}")


def test_the_adviser_comments_on_a_piece_and_the_lead_answers(app, client, own, create_user):
    from tests.functional.test_review_flow import login

    lead, dossier = own
    (piece,) = add_pieces(dossier, ["rib"])
    dossier.state = DossierState.IN_REVIEW
    db.session.commit()
    adviser = login(app, create_user("adviser"))
    page = adviser.get(f"/conseiller/dossiers/{dossier.id}")
    assert 'id="etape-piece-rib"' in page.text and "rib.pdf" in page.text
    download = adviser.get(f"/conseiller/dossiers/{dossier.id}/pieces/{piece.id}")
    assert download.data == PDF_BYTES and download.mimetype == "application/pdf"
    posted = adviser.post(f"/conseiller/dossiers/{dossier.id}/commentaires", data={
        "csrf_token": csrf_token(page.text), "step": "piece:rib", "reason": "RIB illisible."})
    assert posted.headers["Location"].endswith("#etape-piece-rib")
    dossier.state = DossierState.CHANGES_REQUESTED
    db.session.commit()

    assert "1 commentaire à traiter" in client.get(f"/dossiers/{dossier.id}").text
    pieces_page = client.get(pieces_url(dossier))
    assert "RIB illisible." in pieces_page.text
    from wizard.models import Comment

    comment = Comment.query.one()
    answered = client.post(f"/dossiers/{dossier.id}/commentaires/{comment.id}/reponse", data={
        "csrf_token": csrf_token(pieces_page.text), "reason": "Nouveau RIB joint."})
    assert f"/dossiers/{dossier.id}/pieces#commentaire-{comment.id}" in answered.headers["Location"]


def test_the_bundle_holds_every_file_with_the_manifests_hashes(app, client, own, create_user):
    import json
    import zipfile

    from tests.functional.test_review_flow import login

    lead, dossier = own
    add_pieces(dossier)
    scan = Attachment(dossier_id=dossier.id, kind="autre", filename="plan été.png",
                      content_type="image/png", size=len(PNG_BYTES),
                      sha256=hashlib.sha256(PNG_BYTES).hexdigest(), content=PNG_BYTES)
    db.session.add(scan)
    db.session.commit()
    adviser = create_user("adviser")
    workflow.apply("submit", dossier, lead, attestation=signed())
    workflow.apply("take", dossier, adviser)
    workflow.apply("approve", dossier, adviser)
    workflow.apply("transmit", dossier, adviser)
    db.session.commit()

    agent = login(app, create_user("prefecture", departments=["59"]))
    page = agent.get(f"/prefecture/dossiers/{dossier.id}")
    response = agent.get(f"/prefecture/dossiers/{dossier.id}/dossier.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    bundle = response.data
    assert response.headers["X-Content-SHA256"] == hashlib.sha256(bundle).hexdigest()
    assert hashlib.sha256(bundle).hexdigest() in page.text
    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        manifest = json.loads(archive.read("manifeste.json"))
        names = set(archive.namelist()) - {"manifeste.json"}
        assert names == {f["name"] for f in manifest["files"]}
        for listed in manifest["files"]:
            content = archive.read(listed["name"])
            assert hashlib.sha256(content).hexdigest() == listed["sha256"]
            assert len(content) == listed["size"]
            assert listed["sha256"] in page.text
    stored = {a.id: a.sha256 for a in Attachment.query.filter_by(dossier_id=dossier.id)}
    assert {f["attachment_id"]: f["sha256"] for f in manifest["files"]
            if "attachment_id" in f} == stored
    assert len(manifest["files"]) == 2 + len(stored)  # the PDF, the JSON and the pieces
    assert agent.get(f"/prefecture/dossiers/{dossier.id}/dossier.pdf").data == \
        archive_file(bundle, manifest["files"][0]["name"])
    one = agent.get(f"/prefecture/dossiers/{dossier.id}/pieces/{scan.id}")
    assert one.data == PNG_BYTES and one.mimetype == "image/png"
    assert AuditEvent.query.filter_by(action="transmission_downloaded").count() == 3

    other = login(app, create_user("prefecture", departments=["62"]))
    assert other.get(f"/prefecture/dossiers/{dossier.id}/dossier.zip").status_code == 404
    assert other.get(f"/prefecture/dossiers/{dossier.id}/pieces/{scan.id}").status_code == 404


def archive_file(bundle: bytes, name: str) -> bytes:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        return archive.read(name)
