"""The lead's explicit move of a dossier to the newest reference parameters."""

from flask import abort, flash, redirect, url_for
from flask_login import current_user

from wizard import operations, reference
from wizard.db import db
from wizard.forms.review import ConfirmForm
from wizard.lead import bp
from wizard.permissions import can_edit
from wizard.steps import budget
from wizard.web.lookups import get_dossier_or_404


@bp.post("/dossiers/<int:dossier_id>/parametres/actualiser")
def move_parameters(dossier_id):
    """Cost the dossier with the newest published set from now on (its totals change)."""
    dossier = get_dossier_or_404(dossier_id, can_edit)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    target = reference.newer_set(dossier)
    back = url_for("lead.step_page", dossier_id=dossier.id, slug=budget.STEP.slug)
    if target is None:
        flash("Le dossier utilise déjà les paramètres les plus récents.", "info")
        return redirect(back)
    try:
        operations.move_parameters(dossier, target, current_user)
    except operations.OperationError as exc:
        db.session.rollback()
        flash(exc.args[0], "error")
        return redirect(back)
    db.session.commit()
    flash(f"Le chiffrage utilise maintenant les paramètres {target.label}.", "success")
    return redirect(back)
