"""The lead's home page: their communes and the dossiers of those communes."""

from flask import render_template
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from wizard.db import db
from wizard.lead import bp
from wizard.models import Commune, Dossier


@bp.get("/dossiers")
def index():
    communes = db.session.scalars(
        select(Commune).where(Commune.id.in_(current_user.commune_ids)).order_by(Commune.name)
    ).all()
    dossiers = db.session.scalars(
        select(Dossier)
        .options(joinedload(Dossier.commune), joinedload(Dossier.updated_by))
        .where(Dossier.commune_id.in_(current_user.commune_ids))
        .order_by(Dossier.updated_at.desc())
    ).all()
    return render_template("lead/index.html", communes=communes, dossiers=dossiers)
