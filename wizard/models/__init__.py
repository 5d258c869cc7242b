"""The models, one module per aggregate; importing this package registers them all."""

from wizard.models.attachment import Attachment
from wizard.models.audit import AuditEvent
from wizard.models.commune import Commune, PostalCode
from wizard.models.decision import Decision, Instruction, Opinion, Proposal
from wizard.models.dossier import Dossier, DossierState
from wizard.models.qpv import Qpv, QpvCommune
from wizard.models.reference import ParameterSet, ReferenceParameter
from wizard.models.report import Report, ReportState
from wizard.models.review import CoEditor, Comment, Snapshot, Transmission
from wizard.models.stats import DossierTotals
from wizard.models.strategy import StrategyAxis
from wizard.models.user import LoginFailure, Role, User, UserCommune, UserDepartment

__all__ = [
    "Attachment",
    "AuditEvent",
    "CoEditor",
    "Comment",
    "Snapshot",
    "StrategyAxis",
    "Transmission",
    "Commune",
    "Decision",
    "Instruction",
    "Opinion",
    "Proposal",
    "Dossier",
    "DossierState",
    "DossierTotals",
    "LoginFailure",
    "ParameterSet",
    "PostalCode",
    "Qpv",
    "QpvCommune",
    "ReferenceParameter",
    "Report",
    "ReportState",
    "Role",
    "User",
    "UserCommune",
    "UserDepartment",
]
