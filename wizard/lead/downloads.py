"""The lead's downloads of a dossier: the PDF the prefecture receives and the JSON data."""

from flask import Response

from wizard.lead import bp
from wizard.operations.exchange import export_json
from wizard.pdf import file_name, render_dossier_pdf
from wizard.permissions import can_view
from wizard.web.lookups import get_dossier_or_404


def _attachment(data: bytes, mimetype: str, name: str) -> Response:
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/dossiers/<int:dossier_id>/dossier.pdf")
def dossier_pdf(dossier_id):
    """The dossier as PDF (« BROUILLON » stamped while it can still change)."""
    dossier = get_dossier_or_404(dossier_id, can_view)
    return _attachment(render_dossier_pdf(dossier, audience="lead"), "application/pdf",
                       file_name(dossier, "pdf"))


@bp.get("/dossiers/<int:dossier_id>/dossier.json")
def dossier_json(dossier_id):
    """The dossier's document in the interchange format."""
    dossier = get_dossier_or_404(dossier_id, can_view)
    return _attachment(export_json(dossier).encode("utf-8"), "application/json",
                       file_name(dossier, "json"))
