"""A supporting document (pièce justificative) of a dossier, stored in the database so that
the servers keep no files of their own."""

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wizard.db import db, intpk, timestamp


class Attachment(db.Model):
    """One file: its checklist code (`wizard.document.checklist.PIECES`), its sanitised
    name, the content type read from its bytes, size and SHA-256. The bytes are deferred:
    lists never load them. Replacing a file overwrites these columns (audited)."""

    __tablename__ = "attachments"
    __table_args__ = (Index("ix_attachments_dossier_kind", "dossier_id", "kind"),)

    id: Mapped[intpk]
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    filename: Mapped[str] = mapped_column(String(160))
    content_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[timestamp]  # when this content was uploaded (a replacement resets it)

    uploaded_by: Mapped["User | None"] = relationship()  # noqa: F821

    def __repr__(self) -> str:
        return f"<Attachment {self.id} {self.kind} {self.filename!r}>"
