"""Review and transmission: submission snapshots, step comments, co-editors, transmissions."""

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wizard.db import JSONDocument, UTCDateTime, db, intpk, timestamp
from wizard.models.dossier import upgrade_documents_on_load
from wizard.models.user import Role


class Snapshot(db.Model):
    """What a lead submitted, frozen: the document and its costing output. Never updated."""

    __tablename__ = "snapshots"
    __table_args__ = (UniqueConstraint("dossier_id", "round", name="uq_snapshots_dossier_round"),)

    id: Mapped[intpk]
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"), index=True)
    round: Mapped[int] = mapped_column(Integer)  # 1 for the first submission, 2 after changes…
    document: Mapped[dict] = mapped_column(JSONDocument)
    costing: Mapped[dict | None] = mapped_column(JSONDocument)
    # the parameter set the round was costed with (its summaries are read with it)
    parameter_set_id: Mapped[int | None] = mapped_column(ForeignKey("parameter_sets.id"))
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    submitted_at: Mapped[timestamp]

    submitted_by: Mapped["User | None"] = relationship()  # noqa: F821
    parameter_set: Mapped["ParameterSet | None"] = relationship()  # noqa: F821


upgrade_documents_on_load(Snapshot)

GENERAL_STEP = "general"  # the `step` of a message about the whole dossier


class Comment(db.Model):
    """An adviser's comment on a step (optionally on one item) or on the whole dossier
    (`step` = GENERAL_STEP), a lead's answer, or a private adviser note (never shown to leads).

    A comment is « à traiter » until a lead answers it as treated (`treated_at`), then
    « traité » until the adviser closes it (`resolved_at`, « clos ») or reopens it. A
    top-level comment of a lead is the commune's own message (the one sent with the pieces
    returned to the prefecture): nothing to treat, stored treated by its author."""

    __tablename__ = "comments"

    id: Mapped[intpk]
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"), index=True)
    step: Mapped[str] = mapped_column(String(40))
    item: Mapped[str | None] = mapped_column(String(200))  # e.g. « Place de la gare »
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"))
    private: Mapped[bool] = mapped_column(Boolean, default=False)
    body: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[timestamp]
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    treated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    treated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    author: Mapped["User | None"] = relationship(foreign_keys=[author_id])  # noqa: F821
    answers: Mapped[list["Comment"]] = relationship(order_by="Comment.id")

    @property
    def is_open(self) -> bool:
        """Still waiting for the commune: neither treated nor closed."""
        return (self.parent_id is None and not self.private and self.resolved_at is None
                and self.treated_at is None)

    @property
    def status(self) -> str:
        """« private », « message » (the commune's own message), « open » (à traiter),
        « treated » (traité par la commune, to be closed by the adviser) or « closed »."""
        if self.private:
            return "private"
        if self.parent_id is None and self.author is not None and self.author.role is Role.LEAD:
            return "message"
        if self.resolved_at is not None:
            return "closed"
        return "treated" if self.treated_at is not None else "open"


class CoEditor(db.Model):
    """A lead invited to edit one dossier of another commune."""

    __tablename__ = "co_editors"

    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[timestamp]

    user: Mapped["User"] = relationship(foreign_keys=[user_id])  # noqa: F821
    dossier: Mapped["Dossier"] = relationship(back_populates="co_editors")  # noqa: F821


class Transmission(db.Model):
    """The PDF, JSON and bundle sent to the prefecture, generated once and stored immutably."""

    __tablename__ = "transmissions"

    id: Mapped[intpk]
    dossier_id: Mapped[int] = mapped_column(
        ForeignKey("dossiers.id", ondelete="CASCADE"), unique=True
    )
    # blobs are loaded only when downloaded
    pdf: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    json: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    pdf_sha256: Mapped[str] = mapped_column(String(64))
    json_sha256: Mapped[str] = mapped_column(String(64))
    pdf_size: Mapped[int] = mapped_column(Integer)
    json_size: Mapped[int] = mapped_column(Integer)
    # one ZIP of the PDF, the JSON, every attachment and a manifest (none before bundles)
    bundle: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    bundle_sha256: Mapped[str | None] = mapped_column(String(64))
    bundle_size: Mapped[int | None] = mapped_column(Integer)
    # the bundle's files: [{"name", "size", "sha256", "attachment_id"?}], shown without the blob
    manifest: Mapped[list | None] = mapped_column(JSONDocument)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[timestamp]
    acknowledged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    created_by: Mapped["User | None"] = relationship(foreign_keys=[created_by_id])  # noqa: F821
    acknowledged_by: Mapped["User | None"] = relationship(foreign_keys=[acknowledged_by_id])  # noqa: F821
