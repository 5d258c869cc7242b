"""The prefecture's instruction of a dossier: its requests to the commune (on the dossier,
a step or a piece; closed or reopened like the mission's comments) and the pages of the
transitions that carry their own form (committee, decision, convention)."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from wizard import review, workflow
from wizard.db import db
from wizard.document.checklist import PIECES
from wizard.forms.instruction import FORMS, RequestForm
from wizard.forms.review import ConfirmForm
from wizard.models import Comment, Dossier, Role
from wizard.models.review import GENERAL_STEP
from wizard.operations import OperationError
from wizard.operations.attachments import AttachmentRefused, too_large_message
from wizard.permissions import can_receive
from wizard.prefecture import bp
from wizard.review.decisions import requested
from wizard.review.proposals import proposals_of
from wizard.steps import STEPS
from wizard.web.lookups import get_dossier_or_404
from wizard.web.uploads import accepts_file


def request_choices() -> list[tuple[str, str]]:
    """What a request may be about: the whole dossier, a step, a piece."""
    return ([(GENERAL_STEP, "Le dossier en général")]
            + [(s.slug, f"Étape « {s.title} »") for s in STEPS]
            + [(review.piece_key(code), f"Pièce « {p.label} »") for code, p in PIECES.items()])


def request_form(bound: bool = False) -> RequestForm:
    form = RequestForm() if bound else RequestForm(formdata=None)
    form.step.choices = request_choices()
    return form


def _back(d, anchor="demandes"):
    return redirect(url_for("prefecture.dossier", dossier_id=d.id, _anchor=anchor))


@bp.post("/dossiers/<int:dossier_id>/demandes")
def comment(dossier_id):
    d = get_dossier_or_404(dossier_id, can_receive)
    form = request_form(bound=True)
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400)
        flash(" ".join(e for f in form if f.errors for e in f.errors), "error")
        return _back(d)
    try:
        review.add_comment(d, current_user, form.step.data, form.reason.data,
                           item=(form.item.data or "").strip() or None)
    except OperationError as exc:
        db.session.rollback()
        flash(exc.args[0], "error")
    else:
        db.session.commit()
        flash("Demande enregistrée.", "success")
    return _back(d)


def _own_request(d, comment_id) -> Comment:
    c = db.session.get(Comment, comment_id)
    if (c is None or c.dossier_id != d.id or c.parent_id is not None or c.private
            or c.author is None or c.author.role is not Role.PREFECTURE
            or not ConfirmForm().validate_on_submit()):
        abort(404)
    return c


def _thread_change(dossier_id, comment_id, change, message):
    d = get_dossier_or_404(dossier_id, can_receive)
    c = _own_request(d, comment_id)
    if not review.open_to_comments(d, Role.PREFECTURE):
        flash(f"Le dossier est à l'état « {d.state_label} » : les demandes ne changent plus.",
              "error")
    else:
        change(c, current_user)
        db.session.commit()
        flash(message, "success")
    return _back(d, f"commentaire-{c.id}")


@bp.post("/dossiers/<int:dossier_id>/demandes/<int:comment_id>/resolu")
def resolve(dossier_id, comment_id):
    """Close a request (« clos »)."""
    return _thread_change(dossier_id, comment_id, review.resolve, "Demande close.")


@bp.post("/dossiers/<int:dossier_id>/demandes/<int:comment_id>/rouvrir")
def reopen(dossier_id, comment_id):
    """Reopen a request: « à traiter » again for the commune."""
    return _thread_change(dossier_id, comment_id, review.reopen,
                          "Demande rouverte : elle est de nouveau à traiter par la commune.")


def _form_page(d, transition, form, asked, status=200):
    return render_template("prefecture/transition_form.html", dossier=d,
                           transition=transition, form=form, asked=list(asked.items()),
                           back=url_for("prefecture.dossier", dossier_id=d.id)), status


def _too_large(dossier_id, name):
    """A signed convention over the size limit: the page, the message at the file field."""
    d = db.session.get(Dossier, dossier_id)
    if d is None or name != "agree" or not can_receive(current_user, d):
        return None
    transition = workflow.confirmable(name, Role.PREFECTURE, current_user, d)
    if transition is None:
        return None
    form = FORMS[name](formdata=None)
    form.file.errors = [too_large_message()]
    return _form_page(d, transition, form, {}, 413)


def _fields(name, form, asked) -> dict:
    if name == "committee":
        return {"committee_on": form.committee_on.data}
    if name == "agree":
        return {"reference": form.reference.data, "signed_on": form.signed_on.data,
                "filename": form.file.data.filename, "data": form.file.data.read()}
    return {"lines": [(scheme, year, None if e.form.refused.data else e.form.granted.data,
                       e.form.refused_reason.data)
                      for (scheme, year), e in zip(asked, form.lines, strict=True)]}


@bp.route("/dossiers/<int:dossier_id>/actions/<name>/formulaire", methods=["GET", "POST"])
@accepts_file(_too_large)
def transition_form(dossier_id, name):
    """The committee's date, the decision per scheme and year, or the convention: the
    form, its errors next to the fields, then the transition."""
    if name not in FORMS:
        abort(404)
    d = get_dossier_or_404(dossier_id, can_receive)
    back = url_for("prefecture.dossier", dossier_id=d.id)
    transition = workflow.confirmable(name, Role.PREFECTURE, current_user, d)
    if transition is None:
        flash(f"« {workflow.TRANSITIONS[name].label} » n'est pas possible : le dossier est à "
              f"l'état « {d.state_label} ».", "error")
        return redirect(back)
    asked = requested(d) if name == "decide" else {}
    if request.method == "GET":
        proposed = proposals_of(d) if asked else {}  # the committee's proposal, if any
        data = {"lines": [{"granted": proposed.get(key, amount)}
                          for key, amount in asked.items()]}
        return _form_page(d, transition, FORMS[name](formdata=None, data=data), asked)
    form = FORMS[name]()
    if name == "decide" and len(form.lines) != len(asked):
        flash("Les montants demandés ont changé : vérifiez la décision.", "error")
        return redirect(request.path)
    valid = form.validate_on_submit()
    if form.csrf_token.errors:
        abort(400)
    if name == "decide":
        valid = form.check(list(asked.values())) and valid
    if not valid:
        return _form_page(d, transition, form, asked, 400)
    try:
        workflow.apply(name, d, current_user, reason=form.reason.data,
                       fields=_fields(name, form, asked))
    except AttachmentRefused as exc:
        db.session.rollback()
        form.file.errors = [exc.args[0]]
        return _form_page(d, transition, form, asked, 400)
    except OperationError as exc:
        db.session.rollback()
        flash(exc.args[0], "error")
        return _form_page(d, transition, form, asked, 400)
    db.session.commit()
    flash(transition.success, "success")
    return redirect(back)
