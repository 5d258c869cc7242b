"""The committee's programming table: the dossiers of the agent's departments — on screen as
a committee sheet (one group of rows per dossier, one row per scheme, totals:
`review.programming_sheet`), as CSV (French conventions) and as a printable PDF (one flat
row per dossier and funding scheme, for tools and printing)."""

import csv
import io
from datetime import datetime

from flask import Response, current_app, render_template
from flask_login import current_user

from wizard.document.vocabulary import FUNDING_SCHEMES
from wizard.formats import TIMEZONE, long_date, money, paris_today
from wizard.pdf.report import render_table_pdf
from wizard.prefecture import bp
from wizard.review.programming import programming_rows
from wizard.review.programming_sheet import committee_sheet

HEADERS = ["Département", "Porteur", "Commune", "Dossier", "QPV", "Dispositif",
           "Montant demandé", "Montant proposé", "Montant accordé", "État",
           "Avis de la mission", "Motif de l'avis", "Compte rendu"]
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _text(value) -> str:
    """A text cell; a leading = + - @ would make a spreadsheet run a formula: neutralise it."""
    value = "" if value is None else str(value)
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def _decimal(value) -> str:
    """« 1234,50 »: comma, no thousands separator, so spreadsheets read a number."""
    return "" if value is None else f"{value:.2f}".replace(".", ",")


def _granted(row, amount) -> str:
    if row.refused:
        return "Refusé"
    return "" if row.granted is None else amount(row.granted)


def _cells(row, amount) -> list:
    return [row.department, row.holder, row.commune, row.title, row.qpvs,
            FUNDING_SCHEMES.get(row.scheme, row.scheme) if row.scheme else "",
            amount(row.requested) if row.scheme else "",
            "" if row.proposed is None else amount(row.proposed),
            _granted(row, amount), row.state,
            row.opinion, row.opinion_reason, row.report]


def _rows():
    return programming_rows(current_user.department_codes, paris_today())


def _stamp() -> str:
    return f"{datetime.now(TIMEZONE):%Y-%m-%d}"


@bp.get("/programmation")
def programming():
    departments, overall = committee_sheet(_rows())
    return render_template("prefecture/programming.html", departments=departments,
                           overall=overall, schemes=FUNDING_SCHEMES)


@bp.get("/programmation.csv")
def programming_csv():
    """CSV: UTF-8 with BOM, `;`, decimal comma, text cells safe from formulas."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADERS)
    for row in _rows():
        writer.writerow([_text(c) for c in _cells(row, _decimal)])
    return Response(buffer.getvalue(), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="programmation-{_stamp()}.csv"'})


@bp.get("/programmation.pdf")
def programming_pdf():
    now = datetime.now(TIMEZONE)
    departments = ", ".join(sorted(current_user.department_codes))
    data = render_table_pdf(
        "Programmation du comité", f"Départements {departments} — état au {long_date(now)}",
        HEADERS, [_cells(r, money) for r in _rows()],
        widths=[5, 10, 8, 12, 9, 10, 8, 8, 8, 7, 7, 10, 8], numeric=(6, 7, 8),
        footer=current_app.config["OPERATOR_NAME"])
    return Response(data, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="programmation-{_stamp()}.pdf"'})
