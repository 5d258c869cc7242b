"""The models, one module per aggregate; importing this package registers them all."""

from wizard.models.audit import AuditEvent
from wizard.models.commune import Commune, PostalCode
from wizard.models.dossier import Dossier, DossierState
from wizard.models.user import LoginFailure, Role, User, UserCommune, UserDepartment

__all__ = [
    "AuditEvent",
    "Commune",
    "Dossier",
    "DossierState",
    "LoginFailure",
    "PostalCode",
    "Role",
    "User",
    "UserCommune",
    "UserDepartment",
]
