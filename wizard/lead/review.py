"""The lead's side of the review: submit / withdraw, answer comments, co-editors."""

from flask import abort, flash, redirect, url_for
from flask_login import current_user

from wizard import flow, operations, reference, review, workflow
from wizard.accounts import find_user
from wizard.db import db
from wizard.forms.review import AnswerForm, AttestationForm, ConfirmForm, InvitationForm
from wizard.lead import bp
from wizard.lead.forms import signatory_defaults
from wizard.mail import external_url, send_mail
from wizard.models import Comment, Role
from wizard.models.review import GENERAL_STEP
from wizard.operations.attachments import attached_kinds, attachments_of
from wizard.operations.attestation import CLAUSES as ATTESTATION_CLAUSES
from wizard.operations.attestation import INTRO as ATTESTATION_INTRO
from wizard.permissions import can_view, is_commune_lead
from wizard.web.lookups import get_dossier_or_404
from wizard.web.transitions import confirm_page, perform


@bp.post("/dossiers/<int:dossier_id>/actions/<name>")
def transition(dossier_id, name):
    """A transition; the submission carries the attestation sur l'honneur (an incomplete one
    shows the confirmation page again, with its errors and what was typed)."""
    dossier = get_dossier_or_404(dossier_id, can_view)
    extra = {}
    if name == "submit" and dossier.state in workflow.TRANSITIONS["submit"].sources:
        form = AttestationForm()
        if not form.validate_on_submit():
            if form.csrf_token.errors:
                abort(400)
            page = _submit_page(dossier, form)
            return (page, 400) if isinstance(page, str) else page
        extra["attestation"] = operations.Attestation(
            form.signatory_name.data.strip(), form.signatory_quality.data.strip(),
            form.signed_on.data, bool(form.accepted.data))
    return perform(
        dossier, name, Role.LEAD, back=url_for("lead.tasks", dossier_id=dossier.id),
        not_ready=url_for("lead.recap", dossier_id=dossier.id), **extra,
    )


@bp.get("/dossiers/<int:dossier_id>/actions/<name>/confirmer")
def transition_confirm(dossier_id, name):
    """Before submission: what will be sent, and the attestation sur l'honneur to sign."""
    dossier = get_dossier_or_404(dossier_id, can_view)
    if name == "submit":
        return _submit_page(dossier)
    return confirm_page(dossier, name, Role.LEAD, endpoint="lead.transition",
                        back=url_for("lead.recap", dossier_id=dossier.id))


def _submit_page(dossier, attestation_form=None):
    """The submission's confirmation page (an incomplete dossier goes back to the recap); a
    bound `attestation_form` shows its errors and what was typed."""
    recap = url_for("lead.recap", dossier_id=dossier.id)
    if (flow.revalidate_all(dossier.document, reference.pinned(dossier), dossier.pending)
            or flow.missing_pieces(dossier.document, attached_kinds(dossier))):
        flash("Le dossier est incomplet : complétez les éléments indiqués avant de le déposer.",
              "error")
        return redirect(recap)
    if attestation_form is None:
        attestation_form = AttestationForm(
            formdata=None, data=signatory_defaults(dossier.document.get("holder", {})))
    return confirm_page(dossier, "submit", Role.LEAD, endpoint="lead.transition", back=recap,
                        years=dossier.document.get("years") or 1,
                        attestation_form=attestation_form,
                        attestation_text=(ATTESTATION_INTRO, ATTESTATION_CLAUSES),
                        pieces=attachments_of(dossier))


@bp.post("/dossiers/<int:dossier_id>/commentaires/<int:comment_id>/reponse")
def answer(dossier_id, comment_id):
    dossier = get_dossier_or_404(dossier_id, can_view)
    comment = db.session.get(Comment, comment_id)
    if comment is None or comment.dossier_id != dossier.id or comment.private:
        abort(404)
    form = AnswerForm()
    anchor = f"commentaire-{comment.id}"
    if comment.step == GENERAL_STEP:
        back = url_for("lead.tasks", dossier_id=dossier.id, _anchor=anchor)
    elif review.is_piece_key(comment.step):
        back = url_for("lead.attachments", dossier_id=dossier.id, _anchor=anchor)
    else:
        back = url_for("lead.step_page", dossier_id=dossier.id, slug=comment.step, _anchor=anchor)
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400)
        flash(" ".join(form.reason.errors), "error")
        return redirect(back)
    try:
        review.add_comment(dossier, current_user, comment.step, form.reason.data,
                           parent=comment, treated=form.treated.data)
    except operations.OperationError as exc:
        db.session.rollback()
        flash(exc.args[0], "error")
    else:
        db.session.commit()
        to = ("à la préfecture" if comment.author is not None
              and comment.author.role is Role.PREFECTURE else "au conseiller")
        flash(f"Réponse envoyée {to} ; la demande est marquée traitée."
              if form.treated.data else f"Réponse envoyée {to}.", "success")
    return redirect(back)


@bp.post("/dossiers/<int:dossier_id>/co-editeurs")
def invite(dossier_id):
    """Invite another lead (by e-mail) to edit this dossier (a lead of its commune only)."""
    dossier = get_dossier_or_404(dossier_id, is_commune_lead)
    form = InvitationForm()
    back = url_for("lead.tasks", dossier_id=dossier.id, _anchor="co-editeurs")
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400)
        flash(" ".join(form.email.errors), "error")
        return redirect(back)
    invited = find_user(form.email.data)
    try:
        granted = operations.invite_co_editor(dossier, invited, current_user)
    except operations.OperationError as exc:
        db.session.rollback()
        flash(exc.args[0], "error")
        return redirect(back)
    db.session.commit()
    if granted:
        send_mail(invited.email, f"Invitation à modifier le dossier « {dossier.title} »",
                  f"Bonjour {invited.name},\n\n{current_user.name} vous invite à modifier le "
                  f"dossier « {dossier.title} » ({dossier.commune.name}).\n\n"
                  + external_url("lead.tasks", dossier_id=dossier.id))
    flash("Si cette adresse est celle d'un porteur de projet actif, il peut maintenant modifier "
          "ce dossier et en est informé par courriel.", "info")
    return redirect(back)


@bp.post("/dossiers/<int:dossier_id>/co-editeurs/<int:user_id>/retirer")
def revoke(dossier_id, user_id):
    dossier = get_dossier_or_404(dossier_id, is_commune_lead)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if not operations.revoke_co_editor(dossier, user_id, current_user):
        abort(404)
    db.session.commit()
    flash("Accès retiré.", "success")
    return redirect(url_for("lead.tasks", dossier_id=dossier.id, _anchor="co-editeurs"))
