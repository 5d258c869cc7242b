"""Prefecture agents: the transmitted dossiers of their departments."""

from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from wizard.auth import require_role
from wizard.db import db
from wizard.models import Dossier, Role
from wizard.permissions import RECEIVABLE

bp = Blueprint("prefecture", __name__, url_prefix="/prefecture")
bp.before_request(require_role(Role.PREFECTURE))


@bp.get("/")
def index():
    dossiers = db.session.scalars(
        select(Dossier)
        .options(joinedload(Dossier.commune))
        .where(
            Dossier.state.in_(list(RECEIVABLE)),
            Dossier.department.in_(current_user.department_codes),
        )
        .order_by(Dossier.updated_at.desc())
    ).all()
    return render_template("prefecture/index.html", dossiers=dossiers)
