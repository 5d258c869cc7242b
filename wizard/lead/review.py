"""The lead's side of the review: submit / withdraw, answer comments, co-editors."""

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user

from wizard import review

from wizard.web import transitions
from wizard.accounts import find_user
from wizard.db import db
from wizard.lead import bp
from wizard.models import CoEditor, Comment, Role
from wizard.models.audit import record
from wizard.operations import OperationError
from wizard.permissions import can_view
from wizard.web import get_dossier_or_404

LEAD_TRANSITIONS = {"submit", "withdraw"}


@bp.post("/dossiers/<int:dossier_id>/actions/<name>")
def transition(dossier_id, name):
    dossier = get_dossier_or_404(dossier_id, can_view)
    if name not in LEAD_TRANSITIONS:
        abort(404)
    return transitions.perform(
        dossier, name, back=url_for("lead.tasks", dossier_id=dossier.id),
        not_ready=url_for("lead.recap", dossier_id=dossier.id),
    )


@bp.post("/dossiers/<int:dossier_id>/commentaires/<int:comment_id>/reponse")
def answer(dossier_id, comment_id):
    dossier = get_dossier_or_404(dossier_id, can_view)
    comment = db.session.get(Comment, comment_id)
    if comment is None or comment.dossier_id != dossier.id or comment.private:
        abort(404)
    form = transitions.TransitionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        review.add_comment(dossier, current_user, comment.step, form.reason.data, parent=comment)
    except OperationError as exc:
        db.session.rollback()
        flash(exc.args[0], "error")
    else:
        db.session.commit()
        flash("Réponse envoyée au conseiller.", "success")
    return redirect(url_for("lead.step_page", dossier_id=dossier.id, slug=comment.step,
                            _anchor=f"commentaire-{comment.id}"))


@bp.post("/dossiers/<int:dossier_id>/co-editeurs")
def invite(dossier_id):
    """Invite another lead (by e-mail) to edit this dossier."""
    dossier = get_dossier_or_404(dossier_id, can_view)
    form = transitions.TransitionForm()
    if not form.validate_on_submit():
        abort(400)
    email = (request.form.get("email") or "").strip()
    user = find_user(email)
    back = url_for("lead.tasks", dossier_id=dossier.id, _anchor="co-editeurs")
    if user is None or Role(user.role) is not Role.LEAD or not user.active:
        flash("Aucun porteur de projet actif n'a cette adresse : demandez à l'administrateur "
              "de lui créer un compte.", "error")
        return redirect(back)
    if user.id in dossier.co_editor_ids or dossier.commune_id in user.commune_ids:
        flash(f"{user.name} peut déjà modifier ce dossier.", "info")
        return redirect(back)
    dossier.co_editors.append(CoEditor(user_id=user.id, invited_by_id=current_user.id))
    record("co_editor_invited", user=current_user, dossier=dossier, invited=user.email)
    db.session.commit()
    from wizard.mail import send_mail

    send_mail(user.email, f"Invitation à modifier le dossier « {dossier.title} »",
              f"Bonjour {user.name},\n\n{current_user.name} vous invite à modifier le dossier "
              f"« {dossier.title} » ({dossier.commune.name}).\n\n"
              + url_for("lead.tasks", dossier_id=dossier.id, _external=True))
    flash(f"{user.name} peut maintenant modifier ce dossier.", "success")
    return redirect(back)


@bp.post("/dossiers/<int:dossier_id>/co-editeurs/<int:user_id>/retirer")
def revoke(dossier_id, user_id):
    dossier = get_dossier_or_404(dossier_id, can_view)
    if not transitions.TransitionForm().validate_on_submit():
        abort(400)
    link = next((c for c in dossier.co_editors if c.user_id == user_id), None)
    if link is None:
        abort(404)
    dossier.co_editors.remove(link)
    record("co_editor_revoked", user=current_user, dossier=dossier, revoked=user_id)
    db.session.commit()
    flash("Accès retiré.", "success")
    return redirect(url_for("lead.tasks", dossier_id=dossier.id, _anchor="co-editeurs"))
