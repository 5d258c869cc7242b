"""The year-end report's pages shared by the audiences: the report of a year (404 for a year
the project does not have), its read-only page and its PDF."""

from flask import abort, render_template

from wizard.formats import money
from wizard.review import report_figures, reports
from wizard.web.charts import paired_bars
from wizard.web.uploads import file_response


def year_of(dossier, year: int) -> int:
    if year not in reports.years_of(dossier):
        abort(404)
    return year


def year_reports(dossier) -> list:
    """The dossier's reports the mission and the prefecture may read, by year."""
    return sorted((r for r in reports.reports_of(dossier).values() if reports.visible(r)),
                  key=lambda r: r.year)


def render_report(dossier, report, audience: str, status: int = 200, **extra):
    """The read-only page of a report (the mission's actions in `extra`)."""
    figures = report_figures.planned(dossier, report.year)
    charges, resources = report_figures.compared(report, figures)
    indicators = report_figures.indicator_rows(dossier, report.content)
    page = render_template(
        "reports/show.html", dossier=dossier, report=report, audience=audience,
        charges=charges, resources=resources, indicators=indicators,
        charts=charts(charges, indicators),
        activity=(report.content or {}).get("activity") or {},
        places=report_figures.place_lines(dossier, report.content),
        activity_labels=report_figures.ACTIVITY, texts=report_figures.TEXTS, **extra)
    return page, status


def pdf_response(dossier, report):
    return file_response(report_figures.report_pdf(dossier, report), "application/pdf",
                         report_figures.pdf_name(dossier, report))


def charts(charges, indicators) -> dict:
    """The report page's two drawings: spending planned vs actual per line, and the share of
    each indicator's target reached (100 % = the target)."""
    return {
        "spending": paired_bars([(c.label, c.planned, c.actual) for c in charges],
                                ("Prévu", "Réalisé"), money),
        "indicators": paired_bars(
            [(row["name"], 100, row["rate"]) for row in indicators if row["rate"] is not None],
            ("Cible", "Atteint"), lambda v: f"{v}\u202f%"),
    }
