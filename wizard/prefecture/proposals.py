"""The amounts the instructing agent proposes to the committee (« Montants proposés au
comité »): the form on the dossier page while it is « recevable » or « examiné en comité »,
one French money field per scheme and year, pre-filled with the amount requested (or the
amount proposed before); its errors next to the fields, what was typed kept."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from wizard.db import db
from wizard.forms.instruction import ProposalForm
from wizard.operations import OperationError
from wizard.permissions import can_receive
from wizard.prefecture import bp
from wizard.review.decisions import requested
from wizard.review.proposals import (
    open_to_proposals,
    over_requested_message,
    proposals_of,
    record_proposals,
)
from wizard.web.lookups import get_dossier_or_404


def proposal_form(dossier, asked) -> ProposalForm:
    """The unbound form: each line the amount proposed before, else the amount requested."""
    proposed = proposals_of(dossier)
    return ProposalForm(formdata=None, data={"lines": [
        {"proposed": proposed.get(key, amount)} for key, amount in asked.items()]})


def _page(d, form, asked, status=200):
    return render_template("prefecture/proposals.html", dossier=d, proposal_form=form,
                           proposal_asked=list(asked.items()),
                           back=url_for("prefecture.dossier", dossier_id=d.id)), status


@bp.route("/dossiers/<int:dossier_id>/montants-proposes", methods=["GET", "POST"])
def proposals(dossier_id):
    d = get_dossier_or_404(dossier_id, can_receive)
    back = url_for("prefecture.dossier", dossier_id=d.id)
    if not open_to_proposals(d):
        flash(f"Le dossier est à l'état « {d.state_label} » : les montants proposés au comité "
              "se saisissent quand il est recevable ou examiné en comité.", "error")
        return redirect(back)
    asked = requested(d)
    if request.method == "GET":
        return _page(d, proposal_form(d, asked), asked)
    form = ProposalForm()
    if len(form.lines) != len(asked):
        flash("Les montants demandés ont changé : vérifiez les montants proposés.", "error")
        return redirect(request.path)
    valid = form.validate_on_submit()
    if form.csrf_token.errors:
        abort(400)
    valid = form.check(list(asked.values()), over_requested_message) and valid
    if not valid:
        return _page(d, form, asked, 400)
    amounts = {key: entry.form.proposed.data
               for key, entry in zip(asked, form.lines, strict=True)}
    try:
        record_proposals(d, current_user, amounts, asked)
    except OperationError as exc:
        db.session.rollback()
        flash(exc.args[0], "error")
        return _page(d, form, asked, 400)
    db.session.commit()
    flash("Montants proposés au comité enregistrés.", "success")
    return redirect(url_for("prefecture.dossier", dossier_id=d.id, _anchor="montants-proposes"))
