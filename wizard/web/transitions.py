"""The web side of the state machine, shared by the audience blueprints: one POST handler.

Each blueprint routes `…/actions/<name>` here for the transitions its role may apply
(`workflow.for_role`); everything else about a transition is read from its record.
"""

from flask import abort, flash, redirect
from flask_login import current_user

from wizard import workflow
from wizard.db import db
from wizard.forms.review import ReasonForm
from wizard.operations import OperationError


def perform(dossier, name: str, role, *, back: str, not_ready: str | None = None):
    """Apply transition `name` from a POSTed ReasonForm; flash the outcome, redirect.

    404 when `role` may never apply `name`. (A change request's per-step remarks are the
    step comments written before it.)"""
    if name not in workflow.for_role(role):
        abort(404)
    form = ReasonForm()
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400)
        flash(" ".join(form.reason.errors), "error")
        return redirect(back)
    try:
        workflow.apply(name, dossier, current_user, reason=form.reason.data)
    except workflow.NotReady as exc:
        db.session.rollback()
        flash(exc.args[0], "error")
        return redirect(not_ready or back)
    except OperationError as exc:
        db.session.rollback()
        flash(exc.args[0], "error")
        return redirect(back)
    db.session.commit()
    flash(workflow.TRANSITIONS[name].success, "success")
    return redirect(back)
