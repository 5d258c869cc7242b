"""The adviser's review of one dossier: recap with step comments, the supporting documents
with their comments, private notes, actions, diff between rounds (and, for a renewal, with
last year's transmitted dossier), history, the adviser's PDF and each document's download."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from wizard import flow, reference, review, workflow
from wizard.adviser import bp
from wizard.db import db
from wizard.document.checklist import PIECES
from wizard.forms.review import CommentForm, ConfirmForm, ReasonForm
from wizard.models import Comment, Role
from wizard.models.review import GENERAL_STEP
from wizard.operations import OperationError, attachments
from wizard.permissions import can_review
from wizard.review import diff, renewal
from wizard.review.history import events_for
from wizard.review.notifications import agents_of
from wizard.steps import STEPS, budget_notes
from wizard.web.lookups import get_dossier_or_404
from wizard.web.reports import year_reports
from wizard.web.transitions import confirm_page, perform
from wizard.web.uploads import file_response


def anchor(step: str) -> str:
    """The id of a step's section (« etape-budget », « etape-piece-rib »)."""
    return "etape-" + step.replace(":", "-")


@bp.get("/dossiers/<int:dossier_id>")
def dossier(dossier_id):
    d = get_dossier_or_404(dossier_id, can_review)
    params = reference.pinned(d)
    comments = review.comments_for(d, include_private=True)
    keys = [s.slug for s in STEPS] + [review.piece_key(code) for code in PIECES]
    by_step = {key: [c for c in comments if c.step == key] for key in keys}
    return render_template(
        "adviser/dossier.html", dossier=d, steps=STEPS, piece_key=review.piece_key,
        pieces=attachments.checklist_lines(d, attachments.attachments_of(d)),
        sections=[(s, s.summarize(reference.named(d.document, d.commune), params))
                  for s in STEPS],
        comments=by_step,
        general=[c for c in comments if c.step == GENERAL_STEP],
        commentable=review.open_to_comments(d, Role.ADVISER),
        actions=workflow.available(current_user, d), form=ReasonForm(),
        snapshots=review.snapshots(d), transmission=review.transmission_of(d),
        missing=flow.revalidate_all(d.document, params, d.pending),
        budget_warnings=budget_notes.document_notices(d.document, params),
        budget_slug=budget_notes.BUDGET, step_titles={s.slug: s.title for s in STEPS},
        last_year=renewal.last_year(d),
        year_reports=year_reports(d),
    )


@bp.post("/dossiers/<int:dossier_id>/actions/<name>")
def transition(dossier_id, name):
    d = get_dossier_or_404(dossier_id, can_review)
    return perform(d, name, Role.ADVISER, back=url_for("adviser.dossier", dossier_id=d.id))


@bp.get("/dossiers/<int:dossier_id>/actions/<name>/confirmer")
def transition_confirm(dossier_id, name):
    """Before transmission: the files and the prefecture agents who will receive them."""
    d = get_dossier_or_404(dossier_id, can_review)
    return confirm_page(d, name, Role.ADVISER, endpoint="adviser.transition",
                        back=url_for("adviser.dossier", dossier_id=d.id),
                        recipients=[f"{a.name} ({a.email})" for a in agents_of(d)])


@bp.post("/dossiers/<int:dossier_id>/commentaires")
def comment(dossier_id):
    d = get_dossier_or_404(dossier_id, can_review)
    form = CommentForm()
    step = form.step.data or ""
    back = url_for("adviser.dossier", dossier_id=d.id, _anchor=anchor(step))
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


def _own_comment(d, comment_id) -> Comment:
    """A request of the mission on this dossier (the prefecture closes its own)."""
    c = db.session.get(Comment, comment_id)
    if (c is None or c.dossier_id != d.id or c.parent_id is not None
            or c.author is None or c.author.role is not Role.ADVISER
            or not ConfirmForm().validate_on_submit()):
        abort(404)
    return c


def _closed_thread(d) -> bool:
    if review.open_to_comments(d, Role.ADVISER):
        return False
    flash(f"Le dossier est à l'état « {d.state_label} » : les commentaires ne changent plus.",
          "error")
    return True


def _back_to(d, c):
    return redirect(url_for("adviser.dossier", dossier_id=d.id, _anchor=f"commentaire-{c.id}"))


@bp.post("/dossiers/<int:dossier_id>/commentaires/<int:comment_id>/resolu")
def resolve(dossier_id, comment_id):
    """Close a comment (« clos »)."""
    d = get_dossier_or_404(dossier_id, can_review)
    c = _own_comment(d, comment_id)
    if _closed_thread(d):
        return _back_to(d, c)
    if c.resolved_at is None:
        review.resolve(c, current_user)
        db.session.commit()
    flash("Commentaire clos.", "success")
    return _back_to(d, c)


@bp.post("/dossiers/<int:dossier_id>/commentaires/<int:comment_id>/rouvrir")
def reopen(dossier_id, comment_id):
    """Reopen a treated or closed comment: « à traiter » again for the commune."""
    d = get_dossier_or_404(dossier_id, can_review)
    c = _own_comment(d, comment_id)
    if c.private:
        abort(404)
    if _closed_thread(d):
        return _back_to(d, c)
    review.reopen(c, current_user)
    db.session.commit()
    flash("Commentaire rouvert : il est de nouveau à traiter par la commune.", "success")
    return _back_to(d, c)


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
    """The dossier's audit events, without those internal to the prefecture."""
    d = get_dossier_or_404(dossier_id, can_review)
    return render_template("adviser/history.html", dossier=d,
                           events=events_for(d, Role.ADVISER))


@bp.get("/dossiers/<int:dossier_id>/dossier-conseiller.pdf")
def pdf(dossier_id):
    d = get_dossier_or_404(dossier_id, can_review)
    from wizard.pdf import render_dossier_pdf

    notes = [c for c in review.comments_for(d, include_private=True) if c.private]
    data = render_dossier_pdf(d, audience="adviser", private_notes=notes)
    return Response(data, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="dossier-{d.commune.insee_code}-{d.id}-conseiller.pdf"'})


@bp.get("/dossiers/<int:dossier_id>/pieces/<int:attachment_id>")
def download_attachment(dossier_id, attachment_id):
    d = get_dossier_or_404(dossier_id, can_review)
    piece = attachments.attachment_of(d, attachment_id, content=True)
    if piece is None:
        abort(404)
    return file_response(piece.content, piece.content_type, piece.filename, piece.sha256)
