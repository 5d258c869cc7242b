"""Prefecture agents: the transmitted dossiers of their departments."""

from flask import Blueprint

from wizard.auth import require_role
from wizard.models import Role

bp = Blueprint("prefecture", __name__, url_prefix="/prefecture")
bp.before_request(require_role(Role.PREFECTURE))

from wizard.prefecture import instruction, programming, reports, views  # noqa: E402,F401
