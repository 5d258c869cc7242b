"""The lead's year-end reports: write the report of a project year (saved as a draft, kept
with its errors), deposit it, download its PDF."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from wizard.db import db
from wizard.forms.report import ReportForm, form_data
from wizard.lead import bp
from wizard.operations import OperationError
from wizard.permissions import can_view
from wizard.review import report_figures, report_places, reports
from wizard.web.lookups import get_dossier_or_404
from wizard.web.reports import pdf_response, render_report, year_of

NOT_OPEN = "Le compte rendu annuel s'ouvre une fois la décision de la préfecture rendue."
INCOMPLETE = ("Le compte rendu est enregistré mais ne peut pas encore être déposé : "
              "complétez les éléments indiqués.")


def _load(dossier_id, year):
    """The dossier, the year, its report (None before it is first saved), or a redirect to
    the task list while the reports are not open."""
    dossier = get_dossier_or_404(dossier_id, can_view)
    if not reports.is_open(dossier):
        flash(NOT_OPEN, "info")
        return dossier, None, redirect(url_for("lead.tasks", dossier_id=dossier.id))
    return dossier, reports.report_of(dossier, year_of(dossier, year)), None


def _form_page(dossier, year, report, figures, form, status=200, places=None):
    # the error summary names the line (« Loyer — explication de l'écart : … »); the page
    # shows the short labels under each line's legend
    for line, entry in [*zip(figures.charges, form.charges), *zip(figures.resources,
                                                                 form.resources)]:
        entry.form.actual.label.text = f"{line.label} — montant réalisé"
        entry.form.explanation.label.text = f"{line.label} — explication de l'écart"
    names = report_places.place_names(dossier.document) if places is None else places
    for name, entry in zip(names, form.places, strict=False):
        for f in entry.form:
            if f.type != "CSRFTokenField":
                f.label.text = f"{name} — {report_places.LABELS[f.short_name].lower()}"
    page = render_template(
        "reports/edit.html", dossier=dossier, year=year, report=report, form=form,
        indicators=[(row, form.indicators[i]) for i, row in enumerate(
            report_figures.indicator_rows(dossier, report.content if report else {}))
            if i < len(form.indicators)],
        charges=list(zip(figures.charges, form.charges, strict=False)),
        resources=list(zip(figures.resources, form.resources, strict=False)),
        places=list(zip(names, form.places, strict=False)),
        threshold=figures.threshold_text)
    return page, status


@bp.route("/dossiers/<int:dossier_id>/comptes-rendus/<int:year>", methods=["GET", "POST"])
def report(dossier_id, year):
    dossier, report, redirected = _load(dossier_id, year)
    if redirected:
        return redirected
    if report is not None and not report.editable:
        if request.method == "POST":
            flash("Ce compte rendu est déposé : il ne peut plus être modifié.", "error")
            return redirect(url_for("lead.report", dossier_id=dossier.id, year=year))
        return render_report(dossier, report, "lead")
    figures = report_figures.planned(dossier, year)
    content = report.content if report else {}
    count = len(report_figures.indicator_rows(dossier, content))
    place_rows = report_places.rows(dossier.document, content)
    names = [row["place"] for row in place_rows]
    data = form_data(content, count, figures.charges, figures.resources, place_rows)
    if request.method == "GET":
        return _form_page(dossier, year, report, figures, ReportForm(formdata=None, data=data),
                          places=names)
    form = ReportForm()
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400)
        return _form_page(dossier, year, report, figures, form, 400, names)
    report = report or reports.open_report(dossier, year, current_user)
    reports.save(report, dossier, current_user, form.content(names))
    if request.form.get("action") != "submit":
        db.session.commit()
        flash("Compte rendu enregistré.", "success")
        return redirect(url_for("lead.report", dossier_id=dossier.id, year=year))
    problems = report_figures.problems(report, figures, dossier.document)
    if problems:
        db.session.commit()  # the draft is kept; the problems are shown next to the fields
        form.check_submission(problems)
        flash(INCOMPLETE, "error")
        return _form_page(dossier, year, report, figures, form, 400, names)
    try:
        reports.submit(report, dossier, current_user)
    except OperationError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("lead.report", dossier_id=dossier.id, year=year))
    db.session.commit()
    flash("Compte rendu déposé : la mission régionale va l'examiner.", "success")
    return redirect(url_for("lead.report", dossier_id=dossier.id, year=year))


@bp.get("/dossiers/<int:dossier_id>/comptes-rendus/<int:year>/compte-rendu.pdf")
def report_pdf(dossier_id, year):
    dossier, report, redirected = _load(dossier_id, year)
    if redirected:
        return redirected
    if report is None:
        flash("Enregistrez d'abord le compte rendu.", "info")
        return redirect(url_for("lead.report", dossier_id=dossier.id, year=year))
    return pdf_response(dossier, report)
