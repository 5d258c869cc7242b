"""Prefecture agents: the transmitted dossiers of their departments."""

from flask import Blueprint

from wizard.auth import require_role
from wizard.models import Role

bp = Blueprint("prefecture", __name__, url_prefix="/prefecture")
bp.before_request(require_role(Role.PREFECTURE))

from wizard.prefecture import (  # noqa: E402,F401
    instruction,
    programming,
    proposals,
    reports,
    views,
)
