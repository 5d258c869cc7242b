"""Regional mission advisers: review of submitted dossiers."""

from flask import Blueprint

from wizard.auth import require_role
from wizard.models import Role

bp = Blueprint("adviser", __name__, url_prefix="/conseiller")
bp.before_request(require_role(Role.ADVISER))


@bp.get("/")
def index():
    """The dashboard of every dossier submitted at least once (drafts stay private)."""
    return dashboard.render_index()


from wizard.adviser import (
    dashboard,  # noqa: E402
    export,  # noqa: E402,F401
    parameters,  # noqa: E402,F401
    regional,  # noqa: E402,F401
    reports,  # noqa: E402,F401
    review,  # noqa: E402,F401
    strategy,  # noqa: E402,F401
)
