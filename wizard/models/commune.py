"""The official commune list (COG, via @etalab/decoupage-administratif)."""

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wizard.db import db, intpk, str200


class Commune(db.Model):
    """A current commune, or an associated/delegated one attached to its parent.

    INSEE codes are text (02…, 2A…) and are not unique across kinds: a delegated
    commune may carry its parent's code, hence the (insee_code, kind) key.
    """

    __tablename__ = "communes"
    __table_args__ = (
        UniqueConstraint("insee_code", "kind", name="uq_communes_insee_code_kind"),
        Index("ix_communes_search_name", "search_name"),
    )

    id: Mapped[intpk]
    insee_code: Mapped[str] = mapped_column(String(5), index=True)
    kind: Mapped[str] = mapped_column(String(30))  # commune-actuelle, commune-associee, …
    name: Mapped[str200]
    search_name: Mapped[str200]  # lowercase, unaccented, punctuation folded to spaces
    department: Mapped[str | None] = mapped_column(String(3), index=True)
    region: Mapped[str | None] = mapped_column(String(3))
    epci_code: Mapped[str | None] = mapped_column(String(9))
    epci_name: Mapped[str | None] = mapped_column(String(200))
    population: Mapped[int | None] = mapped_column(Integer)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("communes.id", ondelete="SET NULL"), index=True
    )

    parent: Mapped["Commune | None"] = relationship(remote_side="Commune.id")
    postal_codes: Mapped[list["PostalCode"]] = relationship(
        back_populates="commune", cascade="all, delete-orphan", order_by="PostalCode.code"
    )

    @property
    def is_current(self) -> bool:
        return self.kind == "commune-actuelle"

    @property
    def label(self) -> str:
        """« Lille (59) » for current communes, « Lomme (59), rattachée à Lille » otherwise."""
        text = f"{self.name} ({self.department or '—'})"
        if self.parent is not None:
            text += f", rattachée à {self.parent.name}"
        return text

    def __repr__(self) -> str:
        return f"<Commune {self.insee_code} {self.name}>"


class PostalCode(db.Model):
    __tablename__ = "postal_codes"

    commune_id: Mapped[int] = mapped_column(
        ForeignKey("communes.id", ondelete="CASCADE"), primary_key=True
    )
    code: Mapped[str] = mapped_column(String(5), primary_key=True, index=True)
    commune: Mapped[Commune] = relationship(back_populates="postal_codes")
