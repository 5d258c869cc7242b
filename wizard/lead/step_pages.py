"""One URL per step: GET shows the saved answers (or the pending input), POST saves.

Every POST saves what is type-valid, keeps what is not in the dossier's pending input and
shows it back with its error; add/remove row buttons are server round trips (no JS needed).
"""

import copy

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from wizard import flow, operations, reference, review
from wizard.db import db, utcnow
from wizard.formats import clock
from wizard.lead import bp
from wizard.steps.rows import MAX_ITEMS, apply_row_action, form_pairs
from wizard.permissions import can_edit, can_view
from wizard.steps import STEPS, UnknownStep, get_step, index_of
from wizard.web import get_dossier_or_404


def _build_form(step, dossier, params, formdata=None, csrf=True):
    if formdata is None:
        form = step.form(data=step.load(dossier.document))
    else:
        form = step.form(formdata=formdata, meta={"csrf": csrf})
    if step.prepare:
        step.prepare(form, dossier, params)
    return form


def _render(step, dossier, form, params, *, status=200, conflict=None, notice=None,
            focus=None):
    previous, following = flow.neighbours(step)
    context = step.extra(dossier.document, form, params) if step.extra else {}
    comments = review.comments_for(dossier, include_private=False, step=step.slug)
    return (
        render_template(
            step.template, step=step, dossier=dossier, form=form, steps=STEPS,
            number=index_of(step) + 1, previous=previous, following=following,
            editable=can_edit(current_user, dossier), conflict=conflict, notice=notice,
            focus=focus, back_to_recap=request.args.get("retour") == "recapitulatif",
            max_items=MAX_ITEMS, comments=comments, **context,
        ),
        status,
    )


@bp.get("/dossiers/<int:dossier_id>/etapes/<slug>")
def step_page(dossier_id, slug):
    step = _step_or_404(slug)
    dossier = get_dossier_or_404(dossier_id, can_view)
    params = reference.pinned(dossier)
    pending = (dossier.pending or {}).get(step.slug)
    if pending:
        form = _build_form(step, dossier, params, MultiDict(pending), csrf=False)
        form.validate()
    else:
        form = _build_form(step, dossier, params)
    form.version.data = dossier.version
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
    form = _build_form(step, dossier, params, request.form)
    valid = form.validate()
    if form.csrf_token.errors:
        abort(400)
    action = request.form.get("action", "draft")
    focus, notice = apply_row_action(form, action, step.action)
    new_document = copy.deepcopy(dossier.document)
    step.save(new_document, form)
    try:
        expected = int(form.version.data or 0)
    except ValueError:
        expected = 0
    try:
        operations.save_step(
            dossier, step, new_document, current_user, expected,
            None if valid else form_pairs(form),
        )
    except operations.VersionConflict as exc:
        db.session.rollback()
        if autosave:
            return jsonify(ok=False, conflict=True, message=exc.args[0]), 409
        return _render(step, dossier, form, params, status=409, conflict=exc.args[0])
    except operations.OperationError as exc:
        db.session.rollback()
        return jsonify(ok=False, message=exc.args[0]) if autosave else _render(
            step, dossier, form, params, status=409, conflict=exc.args[0])
    db.session.commit()
    form.version.data = dossier.version
    if autosave:
        return jsonify(
            ok=True, version=dossier.version, saved_at=clock(utcnow()),
            errors=sum(1 for _ in _error_fields(form)),
        )
    if focus or notice:
        return _render(step, dossier, form, params, focus=focus, notice=notice)
    if not valid:
        return _render(step, dossier, form, params, status=400)
    if action == "continue":
        return redirect(_next_url(step, dossier))
    flash(f"Brouillon enregistré à {clock(utcnow())}.", "success")
    return redirect(url_for("lead.step_page", dossier_id=dossier.id, slug=step.slug))


def _error_fields(form):
    from wizard.web import flat_errors

    for f in form:
        yield from flat_errors(f)


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
