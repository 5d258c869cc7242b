"""The adviser's review of one dossier: recap with step comments, private notes, actions,
diff between rounds, history, the adviser's PDF."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from wizard import flow, reference, review, workflow
from wizard.adviser import bp
from wizard.db import db
from wizard.forms.review import CommentForm, ConfirmForm, ReasonForm
from wizard.models import AuditEvent, Comment, Role
from wizard.operations import OperationError
from wizard.permissions import can_review
from wizard.review import diff
from wizard.steps import STEPS
from wizard.web.lookups import get_dossier_or_404
from wizard.web.transitions import perform


@bp.get("/dossiers/<int:dossier_id>")
def dossier(dossier_id):
    d = get_dossier_or_404(dossier_id, can_review)
    params = reference.pinned(d)
    comments = review.comments_for(d, include_private=True)
    by_step = {s.slug: [c for c in comments if c.step == s.slug] for s in STEPS}
    return render_template(
        "adviser/dossier.html", dossier=d, steps=STEPS,
        sections=[(s, s.summarize(reference.named(d.document, d.commune), params)) for s in STEPS],
        comments=by_step,
        actions=workflow.available(current_user, d), form=ReasonForm(),
        snapshots=review.snapshots(d), transmission=review.transmission_of(d),
        missing=flow.revalidate_all(d.document, params, d.pending),
    )


@bp.post("/dossiers/<int:dossier_id>/actions/<name>")
def transition(dossier_id, name):
    d = get_dossier_or_404(dossier_id, can_review)
    return perform(d, name, Role.ADVISER, back=url_for("adviser.dossier", dossier_id=d.id))


@bp.post("/dossiers/<int:dossier_id>/commentaires")
def comment(dossier_id):
    d = get_dossier_or_404(dossier_id, can_review)
    form = CommentForm()
    step = form.step.data or ""
    back = url_for("adviser.dossier", dossier_id=d.id, _anchor=f"etape-{step}")
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400)
        flash(" ".join(e for f in (form.reason, form.item) for e in f.errors), "error")
        return redirect(back)
    try:
        review.add_comment(d, current_user, step, form.reason.data,
                           item=(form.item.data or "").strip() or None,
                           private=form.private.data)
    except OperationError as exc:
        db.session.rollback()
        flash(exc.args[0], "error")
    else:
        db.session.commit()
        flash("Note privée enregistrée." if form.private.data
              else "Commentaire envoyé à la commune.", "success")
    return redirect(back)


@bp.post("/dossiers/<int:dossier_id>/commentaires/<int:comment_id>/resolu")
def resolve(dossier_id, comment_id):
    d = get_dossier_or_404(dossier_id, can_review)
    c = db.session.get(Comment, comment_id)
    if c is None or c.dossier_id != d.id or not ConfirmForm().validate_on_submit():
        abort(404)
    if c.resolved_at is None:
        review.resolve(c, current_user)
        db.session.commit()
    flash("Commentaire marqué comme traité.", "success")
    return redirect(url_for("adviser.dossier", dossier_id=d.id, _anchor=f"etape-{c.step}"))


@bp.get("/dossiers/<int:dossier_id>/differences")
def differences(dossier_id):
    d = get_dossier_or_404(dossier_id, can_review)
    rounds = {s.round: s for s in review.snapshots(d)}
    if len(rounds) < 2:
        flash("Il faut au moins deux dépôts pour comparer.", "info")
        return redirect(url_for("adviser.dossier", dossier_id=d.id))
    latest = max(rounds)
    before = request.args.get("de", type=int) or latest - 1
    after = request.args.get("a", type=int) or latest
    if before not in rounds or after not in rounds:
        abort(404)
    return render_template(
        "adviser/diff.html", dossier=d, before=rounds[before], after=rounds[after],
        rounds=sorted(rounds), diffs=diff.diff_documents(
            reference.named(rounds[before].document, d.commune), reference.named(rounds[after].document, d.commune),
            reference.pinned_set(rounds[before].parameter_set),
            reference.pinned_set(rounds[after].parameter_set)),
        totals_before=diff.totals_of(rounds[before].costing), totals_after=diff.totals_of(rounds[after].costing),
    )


@bp.get("/dossiers/<int:dossier_id>/historique")
def history(dossier_id):
    d = get_dossier_or_404(dossier_id, can_review)
    events = db.session.scalars(
        select(AuditEvent).options(joinedload(AuditEvent.user))
        .where(AuditEvent.dossier_id == d.id).order_by(AuditEvent.id.desc())
    ).all()
    return render_template("adviser/history.html", dossier=d, events=events)


@bp.get("/dossiers/<int:dossier_id>/dossier-conseiller.pdf")
def pdf(dossier_id):
    d = get_dossier_or_404(dossier_id, can_review)
    from wizard.pdf import render_dossier_pdf

    notes = [c for c in review.comments_for(d, include_private=True) if c.private]
    data = render_dossier_pdf(d, audience="adviser", private_notes=notes)
    return Response(data, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="dossier-{d.commune.insee_code}-{d.id}-conseiller.pdf"'})
