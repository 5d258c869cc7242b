"""Precomputed statistics: dossier counts and totals per (state, department).

`DossierTotals` holds, for each state and department, how many dossiers there are and the
sums of their list columns (NULL counted as 0), so the adviser dashboard reads a few hundred
rows instead of summing every dossier. `wizard/aggregates.py` keeps it exact on every
flush and can rebuild it from `dossiers`; nothing else writes it.
"""

from decimal import Decimal

from sqlalchemy import Integer, Numeric, Select, String, func, select
from sqlalchemy.orm import Mapped, mapped_column

from wizard.db import db
from wizard.models.dossier import DossierState

NO_DEPARTMENT = ""  # the key of dossiers whose department is NULL (a key cannot be NULL)


class DossierTotals(db.Model):
    """One row per (state, department) that has (or had) dossiers; a row may fall to zero."""

    __tablename__ = "dossier_totals"

    state: Mapped[str] = mapped_column(String(30), primary_key=True)
    department: Mapped[str] = mapped_column(String(3), primary_key=True)
    dossiers: Mapped[int] = mapped_column(Integer)
    # the Dossier columns' scale, two more digits of precision for the sums
    total_cost: Mapped[Decimal] = mapped_column(Numeric(16, 2))
    commune_share: Mapped[Decimal] = mapped_column(Numeric(16, 2))
    mediator_fte: Mapped[Decimal] = mapped_column(Numeric(10, 2))

    @classmethod
    def by_state(cls, department: str | None = None) -> Select:
        """Per listed state (drafts left out), in one department or all: rows of (state,
        dossiers, FTE, total cost, commune share), the shape of the dashboard's GROUP BY."""
        where = [cls.state != DossierState.DRAFT]
        if department is not None:
            where.append(cls.department == department)
        return (
            select(
                cls.state, func.sum(cls.dossiers), func.sum(cls.mediator_fte),
                func.sum(cls.total_cost), func.sum(cls.commune_share),
            )
            .where(*where)
            .group_by(cls.state)
        )

    def __repr__(self) -> str:
        return f"<DossierTotals {self.state} {self.department!r} {self.dossiers}>"
