"""The web side of the state machine, shared by the audience blueprints: one POST handler.

Each blueprint routes `…/actions/<name>` here for the transitions its role may apply
(`workflow.for_role`); everything else about a transition is read from its record.
"""

from flask import abort, flash, redirect, request
from flask_login import current_user

from wizard import workflow
from wizard.db import db
from wizard.forms.review import ReasonForm
from wizard.operations import NotAttested, OperationError

STEP_REASON_PREFIX = "raison-"


def perform(dossier, name: str, role, *, back: str, not_ready: str | None = None,
            attestation=None):
    """Apply transition `name` from a POSTed ReasonForm; flash the outcome, redirect.

    404 when `role` may never apply `name`. Per-step reasons come as fields
    `raison-<step slug>` (change requests); a submission's `attestation` is passed on."""
    if name not in workflow.for_role(role):
        abort(404)
    form = ReasonForm()
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400)
        flash(" ".join(form.reason.errors), "error")
        return redirect(back)
    step_reasons = {
        key.removeprefix(STEP_REASON_PREFIX): value[:5000]
        for key, value in request.form.items() if key.startswith(STEP_REASON_PREFIX)
    }
    try:
        workflow.apply(name, dossier, current_user, reason=form.reason.data,
                       step_reasons=step_reasons, attestation=attestation)
    except NotAttested as exc:
        db.session.rollback()
        flash(exc.args[0], "error")
        return redirect(f"{not_ready or back}#attestation")
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
