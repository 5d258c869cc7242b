"""Accounts, their role and their scope (communes for leads, departments for agents)."""

from datetime import datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wizard.db import UTCDateTime, db, intpk, str200, str_enum, timestamp


class Role(StrEnum):
    """What a user is; stored by value."""

    LEAD = "lead"
    ADVISER = "adviser"
    PREFECTURE = "prefecture"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.LEAD: "Porteur de projet (commune)",
    Role.ADVISER: "Conseiller de la mission régionale",
    Role.PREFECTURE: "Agent de préfecture",
    Role.ADMIN: "Administrateur",
}


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[intpk]
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str200]
    password_hash: Mapped[str | None] = mapped_column(String(300))
    role: Mapped[Role] = mapped_column(str_enum(Role, 20))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[timestamp]
    # Part of the session's user id (get_id): bumping it ends every session of the account.
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    # ProConnect: the provider's stable subject once the account is linked (wizard.accounts.oidc)
    oidc_subject: Mapped[str | None] = mapped_column(String(255), unique=True)
    linked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    communes: Mapped[list["UserCommune"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", order_by="UserCommune.commune_id"
    )
    departments: Mapped[list["UserDepartment"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", order_by="UserDepartment.department"
    )

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return bool(self.active)

    def get_id(self) -> str:
        """What Flask-Login keeps in the session (and "remember me" cookie): "id:version".

        The user loader refuses a stale version, so `accounts.end_sessions` (logout, new
        password, deactivation) ends every copy of every session of the account."""
        return f"{self.id}:{self.session_version or 0}"

    @property
    def role_label(self) -> str:
        return self.role.label

    @property
    def commune_ids(self) -> set[int]:
        return {link.commune_id for link in self.communes}

    @property
    def department_codes(self) -> set[str]:
        return {link.department for link in self.departments}

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


class UserCommune(db.Model):
    """A lead may work on the dossiers of this commune."""

    __tablename__ = "user_communes"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    commune_id: Mapped[int] = mapped_column(
        ForeignKey("communes.id", ondelete="CASCADE"), primary_key=True
    )
    user: Mapped[User] = relationship(back_populates="communes")
    commune: Mapped["Commune"] = relationship()  # noqa: F821


class UserDepartment(db.Model):
    """A prefecture agent receives the dossiers of this department."""

    __tablename__ = "user_departments"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    department: Mapped[str] = mapped_column(String(3), primary_key=True)
    user: Mapped[User] = relationship(back_populates="departments")


class LoginFailure(db.Model):
    """A throttling counter (see wizard.accounts): failed logins of an account
    ("email:<address>") or of a client address ("ip:<address>"), password-reset requests
    ("reset:<address>"), counted since `window_start` (the start of the current window)."""

    __tablename__ = "login_failures"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer)
    window_start: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
