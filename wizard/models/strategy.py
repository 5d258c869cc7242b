"""The prevention strategy's pick-list the advisers maintain: the axes of the national
strategy for the prevention of delinquency and the year's FIPD priorities.

A dossier stores the codes (`territory.strategy.axes`); an entry is never deleted, only
deactivated, so a code a dossier holds always has its label.
"""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from wizard.db import UTCDateTime, db, intpk, str_enum, timestamp, utcnow


class StrategyKind(StrEnum):
    """An axis of the national strategy, or a priority of the year's FIPD instruction."""

    NATIONAL_AXIS = "national-axis"
    FIPD_PRIORITY = "fipd-priority"


class SourceStatus(StrEnum):
    """Whether the wording was read in the official text, in a secondary source quoting
    it, or is still to be confirmed."""

    CONFIRMED = "confirmed"
    SECOND_HAND = "second-hand"
    TO_CONFIRM = "to-confirm"


class StrategyAxis(db.Model):
    """One entry of the pick-list: code (stable, stored in dossiers), label, kind, year."""

    __tablename__ = "strategy_axes"

    id: Mapped[intpk]
    code: Mapped[str] = mapped_column(String(40), unique=True)
    label: Mapped[str] = mapped_column(String(300))
    kind: Mapped[StrategyKind] = mapped_column(str_enum(StrategyKind, 20))
    year: Mapped[int] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    source_title: Mapped[str] = mapped_column(String(300), default="")
    source_url: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[SourceStatus] = mapped_column(
        str_enum(SourceStatus, 20), default=SourceStatus.TO_CONFIRM)
    created_at: Mapped[timestamp]
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    def __repr__(self) -> str:
        return f"<StrategyAxis {self.code}{'' if self.active else ' (inactive)'}>"
