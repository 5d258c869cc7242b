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

