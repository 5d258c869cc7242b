"""The year-end report of a granted project (the compte rendu of cerfa 15059): one per
dossier and project year, written by the commune's leads once the prefecture has decided,
accepted by the regional mission or sent back for more."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Integer, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wizard.db import JSONDocument, UTCDateTime, db, intpk, str_enum, timestamp, utcnow


class ReportState(StrEnum):
    """A report's lifecycle, stored by value (French slugs as in the interface)."""

    DRAFT = "brouillon"
    SUBMITTED = "depose"
    ACCEPTED = "accepte"
    CHANGES_REQUESTED = "a_completer"

    @property
    def label(self) -> str:
        return REPORT_STATE_LABELS[self]


REPORT_STATE_LABELS = {
    ReportState.DRAFT: "Brouillon",
    ReportState.SUBMITTED: "Déposé",
    ReportState.ACCEPTED: "Accepté",
    ReportState.CHANGES_REQUESTED: "À compléter",
}
# the states in which the leads may change the report
REPORT_EDITABLE = frozenset({ReportState.DRAFT, ReportState.CHANGES_REQUESTED})


class Report(db.Model):
    """The report of one project year: `content` holds what the leads wrote (indicators
    reached, activity figures, the year's account, actual spending and resources with the
    explanation of each gap; see wizard/review/report_figures.py)."""

    __tablename__ = "reports"
    __table_args__ = (UniqueConstraint("dossier_id", "year", name="uq_reports_dossier_year"),)

    id: Mapped[intpk]
    dossier_id: Mapped[int] = mapped_column(
        ForeignKey("dossiers.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer)  # the project year, 1 to the dossier's years
    state: Mapped[ReportState] = mapped_column(str_enum(ReportState, 20),
                                               default=ReportState.DRAFT)
    content: Mapped[dict] = mapped_column(JSONDocument, default=dict)
    # the adviser's request for more (shown to the leads until they resubmit)
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[timestamp]
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    submitted_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    updated_by: Mapped["User | None"] = relationship(foreign_keys=[updated_by_id])  # noqa: F821
    submitted_by: Mapped["User | None"] = relationship(  # noqa: F821
        foreign_keys=[submitted_by_id])
    decided_by: Mapped["User | None"] = relationship(foreign_keys=[decided_by_id])  # noqa: F821

    @property
    def editable(self) -> bool:
        return self.state in REPORT_EDITABLE
