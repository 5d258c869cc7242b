"""One URL per step: GET shows the saved answers (or the pending input), POST saves.

Every POST goes through the one step pipeline (`wizard.steps.engine`): it saves what is
type-valid, keeps what is not in the dossier's pending input and shows it back with its
error; add/remove row buttons are server round trips (no JS needed).
"""

from flask import abort, flash, g, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from wizard import flow, operations, reference, review
from wizard.db import utcnow
from wizard.formats import clock
from wizard.forms.limits import MAX_ITEMS
from wizard.lead import bp
from wizard.permissions import can_edit, can_view
from wizard.steps import STEPS, UnknownStep, get_step, index_of
from wizard.steps.engine import CsrfRefused, Target, build_form, submit
from wizard.web.lookups import get_dossier_or_404


def document_target(step, dossier) -> Target:
    """The dossier's own document, saved through `operations.save_step`."""
    def store(new_document, user, expected, pending):
        operations.save_step(dossier, step, new_document, user, expected, pending)

    return Target(dossier.document, store, (dossier.pending or {}).get(step.slug))


def _render(step, dossier, form, params, *, status=200, conflict=None, notice=None,
            focus=None):
    previous, following = flow.neighbours(step)
    context = step.extra(dossier.document, form, params) if step.extra else {}
    comments = review.comments_for(dossier, include_private=False, step=step.slug)
    editable_now = can_edit(current_user, dossier)
    g.needed_fields = flow.needed_fields(step)
    step_status, missing = flow.status_of(step, dossier.document, params, dossier.pending)
    return (
        render_template(
            step.template, step=step, dossier=dossier, form=form, steps=STEPS,
            number=index_of(step) + 1, previous=previous, following=following,
            editable=editable_now, conflict=conflict, notice=notice,
            focus=focus, back_to_recap=request.args.get("retour") == "recapitulatif",
            max_items=MAX_ITEMS, comments=comments,
            commentable=review.open_to_comments(dossier),
            # the prefecture's decision beside the budget: the gap the holder must fill
            decisions=review.decided_lines(dossier) if step.template.endswith("budget.html")
            else [],
            # the rules of this step, shown as soon as something was typed in it
            step_missing=(missing if editable_now and step_status is flow.Status.IN_PROGRESS
                          else ()),
            **context,
        ),
        status,
    )


@bp.get("/dossiers/<int:dossier_id>/etapes/<slug>")
def step_page(dossier_id, slug):
    step = _step_or_404(slug)
    dossier = get_dossier_or_404(dossier_id, can_view)
    params = reference.pinned(dossier)
    form = build_form(step, dossier, params, document_target(step, dossier), current_user)
    return _render(step, dossier, form, params)


@bp.post("/dossiers/<int:dossier_id>/etapes/<slug>")
def save_step(dossier_id, slug):
    step = _step_or_404(slug)
    dossier = get_dossier_or_404(dossier_id, can_view)
    autosave = request.headers.get("X-Autosave") == "1"
    if not can_edit(current_user, dossier):
        message = f"Ce dossier est à l'état « {dossier.state_label} » : il n'est pas modifiable."
        if autosave:
            return jsonify(ok=False, message=message), 403
        flash(message, "error")
        return redirect(url_for("lead.step_page", dossier_id=dossier.id, slug=step.slug))
    params = reference.pinned(dossier)
    action = request.form.get("action", "draft")
    try:
        out = submit(step, dossier, params, document_target(step, dossier), request.form,
                     current_user, action)
    except CsrfRefused:
        abort(400)
    if out.conflict:
        if autosave:
            return jsonify(ok=False, conflict=out.stale, message=out.conflict), \
                409 if out.stale else 200
        return _render(step, dossier, out.form, params, status=409, conflict=out.conflict)
    if autosave:
        return jsonify(ok=True, version=dossier.version, saved_at=clock(utcnow()),
                       errors=out.error_count)
    if out.focus or out.notice:
        return _render(step, dossier, out.form, params, focus=out.focus, notice=out.notice)
    if not out.valid:
        return _render(step, dossier, out.form, params, status=400)
    if action == "continue":
        return redirect(_next_url(step, dossier))
    flash(f"Brouillon enregistré à {clock(utcnow())}.", "success")
    return redirect(url_for("lead.step_page", dossier_id=dossier.id, slug=step.slug))


def _next_url(step, dossier):
    if request.args.get("retour") == "recapitulatif":
        return url_for("lead.recap", dossier_id=dossier.id, _anchor=f"etape-{step.slug}")
    _, following = flow.neighbours(step)
    if following is None:
        return url_for("lead.recap", dossier_id=dossier.id)
    return url_for("lead.step_page", dossier_id=dossier.id, slug=following.slug)


def _step_or_404(slug):
    try:
        return get_step(slug)
    except UnknownStep:
        abort(404)
