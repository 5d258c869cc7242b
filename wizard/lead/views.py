"""The lead's dossiers: list, creation, task list, recap, duplication, renewal, deletion."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from wizard import flow, operations, reference, review, workflow
from wizard.db import db
from wizard.formats import paris_today
from wizard.forms import choices
from wizard.forms.review import ConfirmForm
from wizard.lead import bp
from wizard.lead.forms import NewDossierForm
from wizard.models import CoEditor, Commune, Dossier
from wizard.models.review import GENERAL_STEP
from wizard.operations.attachments import attached_kinds
from wizard.permissions import RECEIVABLE, can_edit, can_manage, can_view, is_commune_lead
from wizard.review import reports
from wizard.review.report_calendar import document_calendar
from wizard.review.report_figures import attach_to_renewal
from wizard.steps import STEPS
from wizard.web.lookups import get_dossier_or_404


def _my_communes():
    return db.session.scalars(
        select(Commune).where(Commune.id.in_(current_user.commune_ids)).order_by(Commune.name)
    ).all()


@bp.get("/dossiers")
def index():
    shared = select(CoEditor.dossier_id).where(CoEditor.user_id == current_user.id)
    dossiers = db.session.scalars(
        select(Dossier)
        .options(joinedload(Dossier.commune), joinedload(Dossier.updated_by))
        .where(or_(Dossier.commune_id.in_(current_user.commune_ids), Dossier.id.in_(shared)))
        .order_by(Dossier.updated_at.desc())
    ).all()
    return render_template("lead/index.html", communes=_my_communes(), dossiers=dossiers)


@bp.route("/dossiers/nouveau", methods=["GET", "POST"])
def new_dossier():
    communes = _my_communes()
    form = NewDossierForm()
    form.commune.choices = choices({c.insee_code: c.label for c in communes})
    if form.validate_on_submit():
        commune = next(c for c in communes if c.insee_code == form.commune.data)
        dossier = operations.create_dossier(current_user, commune, form.title.data.strip())
        db.session.commit()
        flash("Dossier créé. Vous pouvez le remplir dans l'ordre de votre choix.", "success")
        return redirect(url_for("lead.tasks", dossier_id=dossier.id))
    return render_template("lead/new.html", form=form), 400 if form.errors else 200


@bp.get("/dossiers/<int:dossier_id>")
def tasks(dossier_id):
    dossier = get_dossier_or_404(dossier_id, can_view)
    items = flow.tasks(dossier.document, reference.pinned(dossier), dossier.pending)
    done = sum(1 for t in items if t.status is flow.Status.COMPLETE)
    open_comments = review.open_counts(dossier)
    found = reports.reports_of(dossier) if reports.is_open(dossier) else {}
    return render_template(
        "lead/tasks.html", dossier=dossier, tasks=items, done=done, total=len(items),
        editable=can_edit(current_user, dossier), confirm=ConfirmForm(),
        manage=can_manage(current_user, dossier),
        commune_lead=is_commune_lead(current_user, dossier),
        open_comments=open_comments, actions=workflow.available(current_user, dossier),
        piece_comments=sum(n for key, n in open_comments.items() if review.is_piece_key(key)),
        missing_pieces=flow.missing_pieces(dossier.document, attached_kinds(dossier)),
        general=review.comments_for(dossier, include_private=False, step=GENERAL_STEP),
        commentable=review.open_to_comments(dossier), decisions=review.decided_lines(dossier),
        at_prefecture=dossier.state in RECEIVABLE,
        renewable=dossier.state in operations.RENEWABLE_STATES,
        renewal=operations.renewal_of(dossier)
        if dossier.state in operations.RENEWABLE_STATES else None,
        report_years=reports.years_of(dossier) if reports.is_open(dossier) else (),
        reports=found, calendar=document_calendar(
            dossier.document, {year: r.state for year, r in found.items()}, paris_today()),
    )


@bp.get("/dossiers/<int:dossier_id>/recapitulatif")
def recap(dossier_id):
    return render_recap(get_dossier_or_404(dossier_id, can_view))


def render_recap(dossier):
    """The recap: every step's summary, what is missing, the attestation last signed."""
    doc, params = dossier.document, reference.pinned(dossier)
    shown = reference.named(doc, dossier.commune)
    sections = [(step, step.summarize(shown, params)) for step in STEPS]
    missing = flow.revalidate_all(doc, params, dossier.pending)
    return render_template(
        "lead/recap.html", dossier=dossier, sections=sections, missing=missing,
        missing_pieces=flow.missing_pieces(doc, attached_kinds(dossier)),
        steps={s.slug: s for s in STEPS}, editable=can_edit(current_user, dossier),
        actions=workflow.available(current_user, dossier),
        attestation=operations.latest_attestation(dossier),
        decisions=review.decided_lines(dossier),
    )


@bp.post("/dossiers/<int:dossier_id>/dupliquer")
def duplicate(dossier_id):
    dossier = get_dossier_or_404(dossier_id, can_view)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    copy_ = operations.duplicate_dossier(dossier, current_user)
    db.session.commit()
    flash(f"Copie créée : « {copy_.title} ».", "success")
    return redirect(url_for("lead.tasks", dossier_id=copy_.id))


@bp.post("/dossiers/<int:dossier_id>/renouveler")
def renew(dossier_id):
    """« Renouveler pour l'année suivante »: the next year's draft (the commune's leads)."""
    dossier = get_dossier_or_404(dossier_id, can_view)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if not is_commune_lead(current_user, dossier):
        abort(403)
    try:
        renewal = operations.renew_dossier(dossier, current_user)
        report = attach_to_renewal(dossier, renewal, current_user)
    except operations.OperationError as exc:
        db.session.rollback()
        flash(exc.args[0], "error")
        return redirect(url_for("lead.tasks", dossier_id=dossier.id))
    db.session.commit()
    flash(f"Dossier de renouvellement créé (n° {renewal.id}), pré-rempli avec le dossier de "
          "l'année précédente" + (f" et son compte rendu ({report.filename}) joint en pièce"
                                  if report is not None else "")
          + " : vérifiez chaque étape, en particulier les dates, les montants et les pièces "
          "justificatives.", "success")
    return redirect(url_for("lead.tasks", dossier_id=renewal.id))


@bp.route("/dossiers/<int:dossier_id>/supprimer", methods=["GET", "POST"])
def delete(dossier_id):
    dossier = get_dossier_or_404(dossier_id, can_manage)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            operations.delete_draft(dossier, current_user)
        except operations.OperationError as exc:
            flash(exc.args[0], "error")
            return redirect(url_for("lead.tasks", dossier_id=dossier.id))
        db.session.commit()
        flash("Le brouillon a été supprimé.", "success")
        return redirect(url_for("lead.index"))
    return render_template("lead/delete.html", dossier=dossier, form=form)


from wizard.lead import attachments as _attachments  # noqa: E402,F401  (pièces justificatives)
from wizard.lead import downloads as _downloads  # noqa: E402,F401  (PDF and JSON downloads)
from wizard.lead import parameters as _parameters  # noqa: E402,F401
from wizard.lead import reports as _reports  # noqa: E402,F401  (the year-end reports)
from wizard.lead import review as _review  # noqa: E402,F401  (submission, answers, co-editors)
from wizard.lead import scenarios as _scenarios  # noqa: E402,F401  (budget scenarios A/B)
from wizard.lead import step_pages as _step_pages  # noqa: E402,F401  (the step routes)
