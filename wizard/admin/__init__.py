"""Administrators: accounts and their scopes."""

from flask import Blueprint

from wizard.auth import require_role
from wizard.models import Role

bp = Blueprint("admin", __name__, url_prefix="/admin")
bp.before_request(require_role(Role.ADMIN))

from wizard.admin import views  # noqa: E402,F401
