"""The web side of the state machine, shared by the audience blueprints: one POST handler.

Each blueprint routes `…/actions/<name>` here for the transitions its role may apply
(`workflow.for_role`); everything else about a transition is read from its record.
"""

from flask import abort, flash, redirect, render_template
from flask_login import current_user

from wizard import workflow
from wizard.db import db
from wizard.forms.review import ReasonForm
from wizard.operations import NotAttested, OperationError


def perform(dossier, name: str, role, *, back: str, not_ready: str | None = None,
            attestation=None):
    """Apply transition `name` from a POSTed ReasonForm; flash the outcome, redirect.

    404 when `role` may never apply `name`. (A change request's per-step remarks are the
    step comments written before it.) A submission's `attestation` is passed on; without it
    the lead is sent back to `not_ready`."""
    if name not in workflow.for_role(role):
        abort(404)
    form = ReasonForm()
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400)
        flash(" ".join(form.reason.errors), "error")
        return redirect(back)
    try:
        workflow.apply(name, dossier, current_user, reason=form.reason.data,
                       attestation=attestation)
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


def confirm_page(dossier, name: str, role, *, endpoint: str, back: str, **context):
    """The confirmation page of transition `name` (one with `confirm`): what will be sent
    and to whom, and the form that applies it through `endpoint`. 404 when `role` never
    applies it; back to `back` with a message when the dossier's state no longer allows it."""
    if name not in workflow.for_role(role):
        abort(404)
    transition = workflow.confirmable(name, role, current_user, dossier)
    if transition is None:
        flash(f"« {workflow.TRANSITIONS[name].label} » n'est pas possible : le dossier est à "
              f"l'état « {dossier.state_label} ».", "error")
        return redirect(back)
    return render_template("review/confirm.html", dossier=dossier, transition=transition,
                           endpoint=endpoint, back=back, **context)
