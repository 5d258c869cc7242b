"""Municipal project leads: their communes' dossiers and the wizard."""

from flask import Blueprint

from wizard.auth import require_role
from wizard.models import Role

bp = Blueprint("lead", __name__)
bp.before_request(require_role(Role.LEAD))

from wizard.lead import views  # noqa: E402,F401
