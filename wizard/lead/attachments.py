"""The lead's « Pièces justificatives » page: the checklist of the dossier with its files,
upload and replacement (while the dossier is editable, and while the prefecture asks for
pieces), deletion (while it is editable) and download."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from wizard import review
from wizard.db import db
from wizard.document.checklist import PIECES
from wizard.forms.review import ConfirmForm
from wizard.forms.uploads import attachment_form
from wizard.lead import bp
from wizard.models import Dossier
from wizard.operations import OperationError
from wizard.operations import attachments as pieces
from wizard.permissions import can_edit, can_edit_pieces, can_view
from wizard.web.lookups import get_dossier_or_404
from wizard.web.uploads import accepts_file, file_response


def _page(dossier, *, failed=None, status=200):
    """The page; `failed` = (form key, bound form with its errors) of a refused file."""
    files = pieces.attachments_of(dossier)
    forms = {f"ajout-{code}": attachment_form(code) for code in PIECES}
    forms.update({f"remplacement-{f.id}": attachment_form(f"remplacement-{f.id}") for f in files})
    if failed is not None:
        forms[failed[0]] = failed[1]
    comments = [c for c in review.comments_for(dossier, include_private=False)
                if review.is_piece_key(c.step)]
    return render_template(
        "lead/attachments.html", dossier=dossier, lines=pieces.checklist_lines(dossier, files), forms=forms,
        comments={code: [c for c in comments if c.step == review.piece_key(code)]
                  for code in PIECES},
        editable=can_edit_pieces(current_user, dossier),
        deletable=can_edit(current_user, dossier), total=sum(f.size for f in files),
        confirm=ConfirmForm(formdata=None), piece_key=review.piece_key,
        commentable=review.open_to_comments(dossier),
    ), status


def _refused_page(dossier, key: str, suffix: str, message: str, status: int):
    form = attachment_form(suffix)
    form.file.errors = [message]
    return _page(dossier, failed=(key, form), status=status)


def _too_large(key_prefix: str):
    """The answer to a body over the upload limit: the page, the message at the field."""

    def answer(dossier_id, piece=None, attachment_id=None):
        dossier = db.session.get(Dossier, dossier_id)
        if dossier is None or not can_edit_pieces(current_user, dossier):  # role checks not run yet
            return None
        suffix = piece if piece is not None else f"remplacement-{attachment_id}"
        if (piece is not None and piece not in PIECES) or (
                attachment_id is not None and pieces.attachment_of(dossier, attachment_id) is None):
            return None
        return _refused_page(dossier, f"{key_prefix}-{piece or attachment_id}", suffix,
                             pieces.too_large_message(), 413)

    return answer


def _back(dossier, anchor: str):
    return redirect(url_for("lead.attachments", dossier_id=dossier.id, _anchor=anchor))


@bp.get("/dossiers/<int:dossier_id>/pieces")
def attachments(dossier_id):
    dossier = get_dossier_or_404(dossier_id, can_view)
    return _page(dossier)


@bp.post("/dossiers/<int:dossier_id>/pieces/<piece>/ajouter")
@accepts_file(_too_large("ajout"))
def add_attachment(dossier_id, piece):
    dossier = get_dossier_or_404(dossier_id, can_view)
    if piece not in PIECES:
        abort(404)
    return _store(dossier, piece, f"ajout-{piece}", f"piece-{piece}",
                  lambda: f"Pièce ajoutée : « {PIECES[piece].label} ».",
                  lambda name, data: pieces.add_attachment(dossier, current_user, piece, name,
                                                           data))


@bp.post("/dossiers/<int:dossier_id>/pieces/<int:attachment_id>/remplacer")
@accepts_file(_too_large("remplacement"))
def replace_attachment(dossier_id, attachment_id):
    dossier = get_dossier_or_404(dossier_id, can_view)
    attachment = pieces.attachment_of(dossier, attachment_id)
    if attachment is None:
        abort(404)
    key = f"remplacement-{attachment.id}"
    return _store(dossier, key, key, f"piece-{attachment.kind}",
                  lambda: f"Pièce remplacée : « {attachment.filename} ».",
                  lambda name, data: pieces.replace_attachment(dossier, attachment, current_user,
                                                               name, data))


def _store(dossier, suffix: str, failed: str, anchor: str, success, write):
    """One posted file (the form of id suffix `suffix`) stored by `write(filename, bytes)`:
    a refused file is answered next to its field (form `failed`), another refusal flashed;
    `success()` (read once stored) flashed; back to the piece's line (`anchor`)."""
    form = attachment_form(suffix, bound=True)
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400)
        return _page(dossier, failed=(failed, form), status=400)
    try:
        write(form.file.data.filename, form.file.data.read())
    except pieces.AttachmentRefused as exc:
        db.session.rollback()
        return _refused_page(dossier, failed, suffix, exc.args[0], 400)
    except OperationError as exc:
        db.session.rollback()
        flash(exc.args[0], "error")
        return _back(dossier, anchor)
    db.session.commit()
    flash(success(), "success")
    return _back(dossier, anchor)


@bp.post("/dossiers/<int:dossier_id>/pieces/<int:attachment_id>/supprimer")
def delete_attachment(dossier_id, attachment_id):
    dossier = get_dossier_or_404(dossier_id, can_view)
    attachment = pieces.attachment_of(dossier, attachment_id)
    if attachment is None:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    kind, name = attachment.kind, attachment.filename
    try:
        pieces.delete_attachment(dossier, attachment, current_user)
    except OperationError as exc:
        db.session.rollback()
        flash(exc.args[0], "error")
    else:
        db.session.commit()
        flash(f"Pièce supprimée : « {name} ».", "success")
    return _back(dossier, f"piece-{kind}")


@bp.get("/dossiers/<int:dossier_id>/pieces/<int:attachment_id>")
def download_attachment(dossier_id, attachment_id):
    dossier = get_dossier_or_404(dossier_id, can_view)
    attachment = pieces.attachment_of(dossier, attachment_id, content=True)
    if attachment is None:
        abort(404)
    return file_response(attachment.content, attachment.content_type, attachment.filename,
                         attachment.sha256)
