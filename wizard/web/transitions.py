"""The web side of the state machine, shared by the audience blueprints: one POST handler."""

from flask import abort, flash, redirect, request
from flask_login import current_user
from wtforms import TextAreaField
from wtforms.validators import Length, Optional

from wizard import workflow
from wizard.db import db
from wizard.forms import BaseForm
from wizard.operations import OperationError

SUCCESS = {
    "submit": "Dossier déposé : la mission régionale en est informée.",
    "withdraw": "Dossier retiré.",
    "take": "Vous relisez ce dossier.",
    "request_changes": "Demande de compléments envoyée à la commune.",
    "approve": "Dossier validé.",
    "transmit": "Dossier transmis à la préfecture.",
    "acknowledge": "Réception du dossier enregistrée.",
    "close": "Dossier classé sans suite.",
}


class TransitionForm(BaseForm):
    reason = TextAreaField("Message ou motif", [Optional(), Length(max=5000, message="5 000 caractères au maximum.")])


def perform(dossier, name: str, *, back: str, not_ready: str | None = None):
    """Apply transition `name` from a POSTed TransitionForm; flash the outcome, redirect.

    Per-step reasons come as fields `raison-<step slug>` (change requests)."""
    form = TransitionForm()
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400)
        flash(" ".join(form.reason.errors), "error")
        return redirect(back)
    step_reasons = {
        key.removeprefix("raison-"): value[:5000]
        for key, value in request.form.items() if key.startswith("raison-")
    }
    try:
        workflow.apply(name, dossier, current_user, reason=form.reason.data,
                       step_reasons=step_reasons)
    except workflow.NotReady as exc:
        db.session.rollback()
        flash(exc.args[0], "error")
        return redirect(not_ready or back)
    except OperationError as exc:
        db.session.rollback()
        flash(exc.args[0], "error")
        return redirect(back)
    db.session.commit()
    flash(SUCCESS[name], "success")
    return redirect(back)
