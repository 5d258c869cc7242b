"""Reference parameters of the costing, as published sets the advisers maintain.

A set is never changed once published: new figures make a new set (« 2026-v2 »), and a
dossier keeps the set it was costed with (`Dossier.parameter_set_id`) until it is moved.
"""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wizard.db import UTCDateTime, db, intpk, str_enum, timestamp


class SetStatus(StrEnum):
    """A set is prepared as a draft, then published (and frozen)."""

    DRAFT = "draft"
    PUBLISHED = "published"


class ValueStatus(StrEnum):
    """Whether a figure is seen in its source, seen second-hand (a secondary source quoting
    the official text) or an estimate."""

    CONFIRMED = "confirmed"
    SECOND_HAND = "second-hand"
    ESTIMATE = "estimate"


class ParameterSet(db.Model):
    """A named, dated set of reference parameters (« 2026-v1 »).

    `costing_version` is the costing rules its dossiers are costed with: 1 for the sets
    published before costing v2 (explicit employer rates, flat adultes-relais aid), 2 for
    the sets published since (docs/costing.md)."""

    __tablename__ = "parameter_sets"

    id: Mapped[intpk]
    label: Mapped[str] = mapped_column(String(40), unique=True)
    status: Mapped[SetStatus] = mapped_column(str_enum(SetStatus, 20), default=SetStatus.DRAFT)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    published_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[timestamp]
    costing_version: Mapped[int] = mapped_column(Integer, default=2, server_default="1")

    published_by: Mapped["User | None"] = relationship()  # noqa: F821
    parameters: Mapped[list["ReferenceParameter"]] = relationship(
        back_populates="parameter_set", cascade="all, delete-orphan",
        order_by="ReferenceParameter.id",
    )

    @property
    def is_published(self) -> bool:
        return self.status is SetStatus.PUBLISHED

    def __repr__(self) -> str:
        return f"<ParameterSet {self.label} {self.status}>"


class ReferenceParameter(db.Model):
    """One parameter of a set: its value (as text, e.g. « 0.12 », « 21:00 »), unit and source."""

    __tablename__ = "reference_parameters"
    __table_args__ = (UniqueConstraint("set_id", "key"),)

    id: Mapped[intpk]
    set_id: Mapped[int] = mapped_column(ForeignKey("parameter_sets.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(60))
    value: Mapped[str] = mapped_column(String(50))
    unit: Mapped[str] = mapped_column(String(20))
    valid_from: Mapped[date | None] = mapped_column(Date)
    source_title: Mapped[str] = mapped_column(String(300), default="")
    source_url: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[ValueStatus] = mapped_column(
        str_enum(ValueStatus, 20), default=ValueStatus.ESTIMATE)

    parameter_set: Mapped[ParameterSet] = relationship(back_populates="parameters")

    @property
    def is_estimate(self) -> bool:
        return self.status is ValueStatus.ESTIMATE

    def __repr__(self) -> str:
        return f"<ReferenceParameter {self.key}={self.value}>"
