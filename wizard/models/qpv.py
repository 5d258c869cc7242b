"""The quartiers prioritaires de la politique de la ville (QPV), from the national list."""

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wizard.db import db, str200


class Qpv(db.Model):
    """A priority neighbourhood: its code (« QN05926M »), its name and its communes (a QPV
    may lie across several). Codes are the key the dossier documents hold."""

    __tablename__ = "qpvs"

    code: Mapped[str] = mapped_column(String(10), primary_key=True)
    name: Mapped[str200]
    communes: Mapped[list["QpvCommune"]] = relationship(
        back_populates="qpv", cascade="all, delete-orphan", order_by="QpvCommune.insee_code"
    )

    @property
    def label(self) -> str:
        """« Lille Sud (QN05926M) »."""
        return f"{self.name} ({self.code})"

    def __repr__(self) -> str:
        return f"<Qpv {self.code} {self.name}>"


class QpvCommune(db.Model):
    """One commune (INSEE code, as in the national file) a QPV lies in."""

    __tablename__ = "qpv_communes"

    qpv_code: Mapped[str] = mapped_column(
        ForeignKey("qpvs.code", ondelete="CASCADE"), primary_key=True
    )
    insee_code: Mapped[str] = mapped_column(String(5), primary_key=True, index=True)
    qpv: Mapped[Qpv] = relationship(back_populates="communes")
