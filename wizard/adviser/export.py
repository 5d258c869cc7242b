"""The CSV export of the advisers' dashboard: the list with the same filters, UTF-8 with BOM,
`;`, French decimals, formulas neutralised."""

import csv
import io
from datetime import datetime
from decimal import Decimal

from flask import Response, request
from sqlalchemy import select

from wizard.adviser import bp
from wizard.adviser.columns import granted_totals, report_calendars
from wizard.adviser.dashboard import (
    FilterForm,
    conditions,
    ordering,
    read_filters,
    warning_labels,
)
from wizard.db import db
from wizard.formats import TIMEZONE, local
from wizard.models import Commune, Dossier, DossierState

CSV_CHUNK = 500
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CSV_HEADER = [
    "Identifiant", "Titre", "Commune", "Code INSEE", "Département", "État",
    "Coût total (€)", "Part commune (€)", "ETP médiateurs", "Alertes", "Mis à jour le",
    "Montant accordé (€)", "Compte rendu",
]


def _text(value) -> str:
    """A text cell; a leading = + - @ would make a spreadsheet run a formula: neutralise it."""
    value = "" if value is None else str(value)
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def _decimal(value) -> str:
    """« 1234,50 »: comma, no thousands separator, so spreadsheets read a number."""
    return "" if value is None else f"{Decimal(value):.2f}".replace(".", ",")


def csv_rows(form: FilterForm):
    """The filtered dossiers as CSV text chunks (BOM and header first).

    The rows are fetched (as plain tuples, no document) before the response starts, so
    the generator needs neither the session nor the request context.
    """
    rows = db.session.execute(
        select(
            Dossier.id, Dossier.title, Commune.name, Commune.insee_code, Dossier.department,
            Dossier.state, Dossier.total_cost, Dossier.commune_share, Dossier.mediator_fte,
            Dossier.warning_codes, Dossier.updated_at,
        )
        .join(Dossier.commune)
        .where(*conditions(form))
        .order_by(*ordering(form))
    ).all()
    listed = select(Dossier.id).where(*conditions(form))
    granted = granted_totals(listed)
    reports = {id_: cal.text for id_, cal in report_calendars(listed, form.today).items()}

    def generate():
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        buffer.write("\ufeff")
        writer.writerow(CSV_HEADER)
        for start in range(0, len(rows), CSV_CHUNK):
            for id_, title, name, insee, dept, state, cost, share, fte, codes, updated in rows[
                start : start + CSV_CHUNK
            ]:
                writer.writerow([
                    id_, _text(title), _text(name), _text(insee), _text(dept),
                    DossierState(state).label, _decimal(cost), _decimal(share), _decimal(fte),
                    _text(", ".join(warning_labels(codes))),
                    local(updated).strftime("%d/%m/%Y") if updated else "",
                    _decimal(granted.get(id_)), _text(reports.get(id_, "")),
                ])
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
        if buffer.tell():
            yield buffer.getvalue()

    return generate()


@bp.get("/export.csv")
def export():
    """CSV (UTF-8 with BOM, `;`, French decimals) of the list with the same filters."""
    form = read_filters(request.args)
    filename = f"dossiers-{datetime.now(TIMEZONE):%Y-%m-%d}.csv"
    return Response(
        csv_rows(form),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
