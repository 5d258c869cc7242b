"""Regional mission advisers: review of submitted dossiers."""

from flask import Blueprint, render_template
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from wizard.auth import require_role
from wizard.db import db
from wizard.models import Dossier, DossierState, Role

bp = Blueprint("adviser", __name__, url_prefix="/conseiller")
bp.before_request(require_role(Role.ADVISER))


@bp.get("/")
def index():
    """Every dossier that has been submitted at least once (drafts stay private)."""
    dossiers = db.session.scalars(
        select(Dossier)
        .options(joinedload(Dossier.commune))
        .where(Dossier.state != DossierState.DRAFT)
        .order_by(Dossier.updated_at.desc())
        .limit(50)
    ).all()
    return render_template("adviser/index.html", dossiers=dossiers)
