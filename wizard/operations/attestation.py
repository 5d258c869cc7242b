"""The attestation sur l'honneur a project holder signs when submitting a dossier.

The signatory declares the text below, with their name, quality and the date; the attestation
is recorded in the audit trail (who, when, what was declared) by the submission itself
(`wizard.workflow`), which is refused without it.
"""

from dataclasses import asdict, dataclass
from datetime import date

from sqlalchemy import select

from wizard.db import db
from wizard.models import AuditEvent
from wizard.models.audit import record
from wizard.operations.errors import OperationError

ACTION = "attestation_signed"
# The declaration, in the terms of a subsidy application (cerfa n° 12156): one sentence each.
CLAUSES = (
    "je suis le représentant légal de la structure qui porte le projet, ou je dispose d'une "
    "délégation de signature de sa part ;",
    "je certifie exactes et sincères les informations du présent dossier, notamment le budget "
    "prévisionnel et la mention de toutes les demandes de financement faites auprès d'autres "
    "financeurs publics ;",
    "je certifie que la structure est à jour de ses obligations administratives, comptables, "
    "sociales et fiscales (déclarations et paiements correspondants) ;",
    "lorsque la structure est une association, je certifie qu'elle a souscrit le contrat "
    "d'engagement républicain et qu'elle le respecte.",
)
INTRO = "Je soussigné(e), signataire du présent dossier, atteste sur l'honneur que :"
REFUSED = ("Le dossier n'a pas été déposé : l'attestation sur l'honneur doit être signée "
           "(nom, qualité, date et case cochée) avant le dépôt.")


class NotAttested(OperationError):
    """Submission refused: the attestation sur l'honneur is missing or not accepted."""

    def __init__(self):
        super().__init__(REFUSED)


@dataclass(frozen=True)
class Attestation:
    """What the signatory declared: their name and quality, the date, and the box ticked."""

    name: str
    quality: str
    signed_on: date
    accepted: bool

    def details(self) -> dict:
        out = asdict(self)
        out["signed_on"] = self.signed_on.isoformat()
        return out


def record_attestation(dossier, user, attestation: Attestation | None) -> dict:
    """Record the signed attestation (audit event: who, when, what); NotAttested when it is
    missing, unticked, unsigned or dated in the future. Returns the event's details."""
    if attestation is None or not attestation.accepted or not attestation.name.strip() \
            or not attestation.quality.strip() or attestation.signed_on > date.today():
        raise NotAttested()
    details = {**attestation.details(), "text": " ".join((INTRO, *CLAUSES))}
    record(ACTION, user=user, dossier=dossier, **details)
    return details


def latest_attestation(dossier) -> AuditEvent | None:
    """The last attestation signed for this dossier (one query), or None."""
    return db.session.scalar(
        select(AuditEvent).where(AuditEvent.dossier_id == dossier.id, AuditEvent.action == ACTION)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(1))
