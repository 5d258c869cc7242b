"""Inbox, dossier page with the stored files (PDF, JSON, bundle, each supporting document)
and their hashes, acknowledgement of receipt."""

from flask import Response, abort, render_template, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload, undefer

from wizard import operations, review, workflow
from wizard.db import db
from wizard.document.checklist import PIECES
from wizard.forms.review import ReasonForm
from wizard.models import Dossier, Role, Transmission
from wizard.operations import attachments
from wizard.permissions import RECEIVABLE, can_receive
from wizard.prefecture import bp
from wizard.prefecture.instruction import request_choices, request_form
from wizard.prefecture.proposals import proposal_form
from wizard.review.proposals import open_to_proposals, proposals_of
from wizard.review.transmission import piece_name
from wizard.web.lookups import get_dossier_or_404
from wizard.web.reports import year_reports
from wizard.web.transitions import perform
from wizard.web.uploads import file_response


@bp.get("/")
def index():
    rows = db.session.execute(
        select(Dossier, Transmission)
        .options(joinedload(Dossier.commune))
        .join(Transmission, Transmission.dossier_id == Dossier.id)
        .where(Dossier.state.in_(list(RECEIVABLE)),
               Dossier.department.in_(current_user.department_codes))
        .order_by(Transmission.created_at.desc())
    ).all()
    return render_template("prefecture/index.html", rows=rows)


@bp.get("/dossiers/<int:dossier_id>")
def dossier(dossier_id):
    d = get_dossier_or_404(dossier_id, can_receive)
    transmission = review.transmission_of(d)
    titles = dict(request_choices())
    lines = review.lines_of(d)
    # before the decision the lines are the requests: the form of the amounts proposed
    asked = {(line.scheme, line.year): line.requested for line in lines if not line.decided}
    return render_template(
        "prefecture/dossier.html", dossier=d, transmission=transmission,
        actions=workflow.available(current_user, d), form=ReasonForm(),
        piece_labels={code: piece.label for code, piece in PIECES.items()},
        instruction=review.instruction_of(d), lines=lines, proposed=proposals_of(d),
        proposal_form=proposal_form(d, asked) if open_to_proposals(d) and asked else None,
        proposal_asked=list(asked.items()),
        year_reports=year_reports(d),
        requests=review.comments_for(d, include_private=False), request_titles=titles,
        request_form=request_form(), commentable=review.open_to_comments(d, Role.PREFECTURE),
        # added or replaced while the prefecture asked for pieces
        later_pieces=[a for a in attachments.attachments_of(d) if transmission
                      and a.created_at > transmission.created_at],
    )


# the stored files by URL name: (column, its hash column, content type)
FILES = {
    "dossier.pdf": ("pdf", "pdf_sha256", "application/pdf"),
    "dossier.json": ("json", "json_sha256", "application/json"),
    "dossier.zip": ("bundle", "bundle_sha256", "application/zip"),
}


@bp.get("/dossiers/<int:dossier_id>/<kind>")
def download(dossier_id, kind):
    """The stored file, byte-identical at every download (recorded in the audit trail):
    the PDF, the JSON or the bundle of everything."""
    if kind not in FILES:
        abort(404)
    d = get_dossier_or_404(dossier_id, can_receive)
    column, hash_column, mimetype = FILES[kind]
    t = db.session.scalar(select(Transmission).options(undefer(getattr(Transmission, column)))
                          .where(Transmission.dossier_id == d.id))
    if t is None or getattr(t, column) is None:
        abort(404)
    operations.record_download(d, current_user, kind)
    db.session.commit()
    name = f"dossier-{d.commune.insee_code}-{d.id}.{kind.split('.')[1]}"
    return Response(getattr(t, column), mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{name}"',
        "X-Content-SHA256": getattr(t, hash_column),
    })


@bp.get("/dossiers/<int:dossier_id>/pieces/<int:attachment_id>")
def download_attachment(dossier_id, attachment_id):
    """One supporting document of a transmitted dossier (the bundle holds the same bytes:
    a dossier's pieces no longer change once submitted)."""
    d = get_dossier_or_404(dossier_id, can_receive)
    piece = attachments.attachment_of(d, attachment_id, content=True)
    if piece is None:
        abort(404)
    operations.record_download(d, current_user, piece_name(piece))
    db.session.commit()
    return file_response(piece.content, piece.content_type, piece.filename, piece.sha256)


@bp.post("/dossiers/<int:dossier_id>/actions/<name>")
def transition(dossier_id, name):
    d = get_dossier_or_404(dossier_id, can_receive)
    return perform(d, name, Role.PREFECTURE,
                   back=url_for("prefecture.dossier", dossier_id=d.id))
