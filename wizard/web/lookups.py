"""Objects of a URL, or a 404: the one place views load a dossier with its access check."""

from flask import abort
from flask_login import current_user

from wizard.db import db
from wizard.models import Dossier


def get_dossier_or_404(dossier_id: int, check):
    """The dossier if `check(current_user, dossier)` allows it; 404 otherwise, so that another
    commune's dossier is indistinguishable from a missing one."""
    dossier = db.session.get(Dossier, dossier_id)
    if dossier is None or not check(current_user, dossier):
        abort(404)
    return dossier


def get_or_404(model, ident):
    """`db.session.get` or a 404."""
    obj = db.session.get(model, ident)
    if obj is None:
        abort(404)
    return obj
