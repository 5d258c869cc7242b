"""Inbox, dossier page with the stored files and their hashes, acknowledgement of receipt."""

from flask import Response, abort, render_template, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload, undefer

from wizard import operations, review, workflow
from wizard.db import db
from wizard.forms.review import ReasonForm
from wizard.models import Dossier, Role, Transmission
from wizard.permissions import RECEIVABLE, can_receive
from wizard.prefecture import bp
from wizard.web.lookups import get_dossier_or_404
from wizard.web.transitions import perform


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
    return render_template(
        "prefecture/dossier.html", dossier=d, transmission=review.transmission_of(d),
        actions=workflow.available(current_user, d), form=ReasonForm(),
    )


@bp.get("/dossiers/<int:dossier_id>/<kind>")
def download(dossier_id, kind):
    """The stored file, byte-identical at every download (recorded in the audit trail)."""
    if kind not in ("dossier.pdf", "dossier.json"):
        abort(404)
    d = get_dossier_or_404(dossier_id, can_receive)
    column = Transmission.pdf if kind == "dossier.pdf" else Transmission.json
    t = db.session.scalar(
        select(Transmission).options(undefer(column)).where(Transmission.dossier_id == d.id))
    if t is None:
        abort(404)
    operations.record_download(d, current_user, kind)
    db.session.commit()
    data, mimetype = (t.pdf, "application/pdf") if kind == "dossier.pdf" else (t.json, "application/json")
    name = f"dossier-{d.commune.insee_code}-{d.id}.{kind.split('.')[1]}"
    return Response(data, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{name}"',
        "X-Content-SHA256": t.pdf_sha256 if kind == "dossier.pdf" else t.json_sha256,
    })


@bp.post("/dossiers/<int:dossier_id>/actions/<name>")
def transition(dossier_id, name):
    d = get_dossier_or_404(dossier_id, can_receive)
    return perform(d, name, Role.PREFECTURE,
                   back=url_for("prefecture.dossier", dossier_id=d.id))
