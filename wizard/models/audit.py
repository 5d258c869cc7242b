"""Append-only audit trail: who did what, when, on which dossier."""

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wizard.db import JSONDocument, db, intpk, timestamp


class AuditEvent(db.Model):
    """One recorded action. The application never updates or deletes these rows."""

    __tablename__ = "audit_events"

    id: Mapped[intpk]
    at: Mapped[timestamp] = mapped_column(index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(60))
    dossier_id: Mapped[int | None] = mapped_column(
        ForeignKey("dossiers.id", ondelete="SET NULL"), index=True
    )
    details: Mapped[dict] = mapped_column(JSONDocument, default=dict)

    user: Mapped["User | None"] = relationship()  # noqa: F821

    def __repr__(self) -> str:
        return f"<AuditEvent {self.action} {self.at:%Y-%m-%d %H:%M}>"


def record(action: str, user=None, dossier=None, **details) -> AuditEvent:
    """Add an audit event to the current session (committed with the change it records)."""
    event = AuditEvent(
        action=action,
        user_id=getattr(user, "id", None),
        dossier_id=getattr(dossier, "id", None),
        details=details,
    )
    db.session.add(event)
    return event


# French labels of the audit actions other than the review transitions (whose labels are
# declared with each transition in wizard.workflow).
AUDIT_LABELS = {
    "dossier_created": "Création du dossier",
    "dossier_saved": "Enregistrement d'une étape",
    "dossier_duplicated": "Création par duplication",
    "dossier_renewed": "Création par renouvellement d'un dossier de l'année précédente",
    "renewal_created": "Renouvellement pour l'année suivante",
    "dossier_deleted": "Suppression du brouillon",
    "demo_reset": "Suppression d'un dossier de démonstration (nouvelle démonstration)",
    "dossier_imported": "Import d'un fichier de dossier",
    "attestation_signed": "Attestation sur l'honneur",
    "comment_added": "Commentaire",
    "comment_resolved": "Commentaire clos",
    "comment_treated": "Commentaire traité par la commune",
    "comment_reopened": "Commentaire rouvert",
    "transmission_downloaded": "Téléchargement par la préfecture",
    "co_editor_invited": "Invitation d'un co-rédacteur",
    "co_editor_revoked": "Retrait d'un co-rédacteur",
    "parameters_moved": "Passage au nouveau jeu de paramètres",
    "parameters_published": "Publication d'un jeu de paramètres",
    "strategy_axis_added": "Ajout d'un axe ou d'une priorité de prévention",
    "strategy_axis_changed": "Modification d'un axe ou d'une priorité de prévention",
    "strategy_axis_deactivated": "Retrait d'un axe ou d'une priorité de la liste proposée",
    "strategy_axis_activated": "Retour d'un axe ou d'une priorité dans la liste proposée",
    "mail_failed": "Échec d'envoi d'un courriel",
    "scenario_created": "Création du scénario B",
    "scenario_saved": "Enregistrement du scénario B",
    "scenario_deleted": "Suppression du scénario B",
    "scenario_adopted": "Adoption du scénario B",
    "attachment_added": "Ajout d'une pièce justificative",
    "attachment_replaced": "Remplacement d'une pièce justificative",
    "attachment_deleted": "Suppression d'une pièce justificative",
    "report_opened": "Ouverture d'un compte rendu annuel",
    "report_saved": "Enregistrement d'un compte rendu annuel",
    "report_submitted": "Dépôt d'un compte rendu annuel",
    "report_accepted": "Compte rendu annuel accepté",
    "report_changes_requested": "Compléments demandés sur un compte rendu annuel",
    "report_reminder": "Rappel d'un compte rendu annuel attendu ou en retard",
    "amounts_proposed": "Montants proposés au comité",
}
