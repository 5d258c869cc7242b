"""The mission's side of the year-end reports: read a deposited report, accept it or ask
for more (with the reason), download its PDF."""

from flask import abort, flash, redirect, url_for
from flask_login import current_user

from wizard.adviser import bp
from wizard.db import db
from wizard.forms.review import ReasonForm
from wizard.operations import OperationError
from wizard.permissions import can_review
from wizard.review import reports
from wizard.web.lookups import get_dossier_or_404
from wizard.web.reports import pdf_response, render_report, year_of

NONE_YET = "Aucun compte rendu déposé pour cette année."


def _load(dossier_id, year):
    """The dossier and its deposited report of `year`, or a redirect to the dossier."""
    dossier = get_dossier_or_404(dossier_id, can_review)
    report = reports.report_of(dossier, year_of(dossier, year))
    if not reports.visible(report):
        flash(NONE_YET, "info")
        return dossier, None, redirect(url_for("adviser.dossier", dossier_id=dossier.id))
    return dossier, report, None


def _page(dossier, report, form=None, status=200):
    return render_report(dossier, report, "adviser", status,
                         changes_form=form or ReasonForm(formdata=None))


@bp.get("/dossiers/<int:dossier_id>/comptes-rendus/<int:year>")
def report(dossier_id, year):
    dossier, report, redirected = _load(dossier_id, year)
    return redirected or _page(dossier, report)


@bp.post("/dossiers/<int:dossier_id>/comptes-rendus/<int:year>/accepter")
def report_accept(dossier_id, year):
    dossier, report, redirected = _load(dossier_id, year)
    if redirected:
        return redirected
    if not ReasonForm().validate_on_submit():
        abort(400)
    return _decide(dossier, report, lambda: reports.accept(report, dossier, current_user),
                   "Compte rendu accepté.")


@bp.post("/dossiers/<int:dossier_id>/comptes-rendus/<int:year>/complements")
def report_changes(dossier_id, year):
    dossier, report, redirected = _load(dossier_id, year)
    if redirected:
        return redirected
    form = ReasonForm()
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400)
        return _page(dossier, report, form, 400)
    if not (form.reason.data or "").strip():
        form.reason.errors = ["Indiquez les compléments demandés."]
        return _page(dossier, report, form, 400)
    return _decide(dossier, report, lambda: reports.request_changes(
        report, dossier, current_user, form.reason.data),
        "Compléments demandés : la commune est prévenue.")


def _decide(dossier, report, verb, success):
    try:
        verb()
    except OperationError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(success, "success")
    return redirect(url_for("adviser.report", dossier_id=dossier.id, year=report.year))


@bp.get("/dossiers/<int:dossier_id>/comptes-rendus/<int:year>/compte-rendu.pdf")
def report_pdf(dossier_id, year):
    dossier, report, redirected = _load(dossier_id, year)
    return redirected or pdf_response(dossier, report)
