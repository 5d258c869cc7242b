"""The prefecture's reading of the year-end reports of its departments' dossiers."""

from flask import flash, redirect, url_for

from wizard.permissions import can_receive
from wizard.prefecture import bp
from wizard.review import reports
from wizard.web.lookups import get_dossier_or_404
from wizard.web.reports import pdf_response, render_report, year_of


def _load(dossier_id, year):
    dossier = get_dossier_or_404(dossier_id, can_receive)
    report = reports.report_of(dossier, year_of(dossier, year))
    if not reports.visible(report):
        flash("Aucun compte rendu déposé pour cette année.", "info")
        return dossier, None, redirect(url_for("prefecture.dossier", dossier_id=dossier.id))
    return dossier, report, None


@bp.get("/dossiers/<int:dossier_id>/comptes-rendus/<int:year>")
def report(dossier_id, year):
    dossier, report, redirected = _load(dossier_id, year)
    return redirected or render_report(dossier, report, "prefecture")


@bp.get("/dossiers/<int:dossier_id>/comptes-rendus/<int:year>/compte-rendu.pdf")
def report_pdf(dossier_id, year):
    dossier, report, redirected = _load(dossier_id, year)
    return redirected or pdf_response(dossier, report)
