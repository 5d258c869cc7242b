"""What follows the mission's review: its opinion on the dossier, the prefecture's committee
and convention (one `Instruction` row per dossier), and the decisions on the amounts
requested, one per funding scheme and project year, and the amounts the instructing agent
proposes to the committee before them."""

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wizard.db import UTCDateTime, db, intpk, str_enum


class Opinion(StrEnum):
    """The regional mission's opinion, given when it ends its review."""

    FAVORABLE = "favorable"
    RESERVED = "reserve"
    ENDED = "fin"

    @property
    def label(self) -> str:
        return OPINION_LABELS[self]


OPINION_LABELS = {
    Opinion.FAVORABLE: "Avis favorable",
    Opinion.RESERVED: "Avis réservé",
    Opinion.ENDED: "Fin d'accompagnement",
}


class Instruction(db.Model):
    """A dossier after the review: the mission's opinion (and its reason), the date of the
    committee that examined it, the convention or arrêté that binds the grant."""

    __tablename__ = "instructions"

    dossier_id: Mapped[int] = mapped_column(
        ForeignKey("dossiers.id", ondelete="CASCADE"), primary_key=True)
    opinion: Mapped[Opinion | None] = mapped_column(str_enum(Opinion, 20))
    opinion_reason: Mapped[str | None] = mapped_column(Text)
    committee_on: Mapped[date | None] = mapped_column(Date)
    convention_reference: Mapped[str | None] = mapped_column(String(100))
    convention_on: Mapped[date | None] = mapped_column(Date)
    convention_attachment_id: Mapped[int | None] = mapped_column(
        ForeignKey("attachments.id", ondelete="SET NULL"))


class Decision(db.Model):
    """The prefecture's decision on the amount one scheme was asked for one project year:
    `granted` (a partial grant is less than `requested`), or refused (`granted` None) with
    `refused_reason`."""

    __tablename__ = "decisions"
    __table_args__ = (UniqueConstraint("dossier_id", "scheme", "year",
                                       name="uq_decisions_dossier_scheme_year"),)

    id: Mapped[intpk]
    dossier_id: Mapped[int] = mapped_column(
        ForeignKey("dossiers.id", ondelete="CASCADE"), index=True)
    scheme: Mapped[str] = mapped_column(String(30))
    year: Mapped[int] = mapped_column(Integer)  # the project year, 1 to 3
    requested: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    granted: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    refused_reason: Mapped[str | None] = mapped_column(Text)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime())

    decided_by: Mapped["User | None"] = relationship()  # noqa: F821

    @property
    def refused(self) -> bool:
        return self.granted is None


class Proposal(db.Model):
    """The amount the instructing agent proposes to the committee for one scheme and one
    project year, before the decision (at most `requested`). Internal to the prefecture:
    neither the commune nor the mission sees it, and the dossier's JSON leaves it out."""

    __tablename__ = "proposals"
    __table_args__ = (UniqueConstraint("dossier_id", "scheme", "year",
                                       name="uq_proposals_dossier_scheme_year"),)

    id: Mapped[intpk]
    dossier_id: Mapped[int] = mapped_column(
        ForeignKey("dossiers.id", ondelete="CASCADE"), index=True)
    scheme: Mapped[str] = mapped_column(String(30))
    year: Mapped[int] = mapped_column(Integer)  # the project year, 1 to 3
    requested: Mapped[Decimal] = mapped_column(Numeric(14, 2))  # as asked when proposed
    proposed: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    proposed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    proposed_at: Mapped[datetime] = mapped_column(UTCDateTime())
