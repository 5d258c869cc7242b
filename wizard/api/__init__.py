"""JSON endpoints used by the pages' scripts (commune autocomplete). Read-only: GET only."""

from flask import Blueprint, jsonify, request
from flask_login import current_user

from wizard.reference.communes import search_communes

bp = Blueprint("api", __name__, url_prefix="/api")

MIN_QUERY = 2
MAX_QUERY = 100


@bp.before_request
def require_login():
    """Every API route needs a signed-in user; anonymous callers get a JSON 401, not a redirect."""
    if not current_user.is_authenticated:
        return jsonify(error="Authentification requise"), 401
    return None


@bp.get("/communes")
def communes():
    """`?q=` name, INSEE code or postal code → up to 20 communes, most populous first.

    Fewer than 2 characters gives `[]`; more than 100 gives a 400 with a French message.
    """
    q = request.args.get("q", "").strip()
    if len(q) > MAX_QUERY:
        return jsonify(error=f"Recherche trop longue ({MAX_QUERY} caractères au plus)."), 400
    if len(q) < MIN_QUERY:
        return jsonify([])
    return jsonify([_commune_json(commune) for commune in search_communes(q)])


def _commune_json(commune) -> dict:
    parent = commune.parent
    return {
        "id": commune.id,
        "insee_code": commune.insee_code,
        "kind": commune.kind,
        "name": commune.name,
        "department": commune.department,
        "postal_codes": [p.code for p in commune.postal_codes],
        "population": commune.population,
        "label": commune.label,
        "parent": {"insee_code": parent.insee_code, "name": parent.name} if parent else None,
    }
