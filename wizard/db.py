"""Database handle: the declarative base with a naming convention, and SQLite pragmas."""

from datetime import UTC, datetime
from typing import Annotated

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import JSON, DateTime, Enum, MetaData, String, event
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapper, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# JSONB on PostgreSQL, JSON (text) elsewhere.
JSONDocument = JSON().with_variant(JSONB(), "postgresql")


def utcnow() -> datetime:
    """Timezone-aware current time in UTC."""
    return datetime.now(UTC)


class UTCDateTime(DateTime):
    """A timestamp stored in UTC; SQLite's naive values come back tagged as UTC."""

    def __init__(self):
        super().__init__(timezone=True)

    def result_processor(self, dialect, coltype):
        parent = super().result_processor(dialect, coltype)

        def process(value):
            if parent is not None:
                value = parent(value)
            if value is not None and value.tzinfo is None:
                value = value.replace(tzinfo=UTC)
            return value

        return process


def str_enum(enum_class, length: int) -> Enum:
    """A StrEnum column stored by value in a VARCHAR(length) (no database enum type): it
    reads back as the enum member, never as a bare string."""
    return Enum(enum_class, native_enum=False, length=length, create_constraint=False,
                values_callable=lambda members: [m.value for m in members],
                validate_strings=True)


# Repeated column types (warehouse's Annotated aliases).
intpk = Annotated[int, mapped_column(primary_key=True)]
str200 = Annotated[str, mapped_column(String(200))]
timestamp = Annotated[datetime, mapped_column(UTCDateTime(), default=utcnow)]


class Base(DeclarativeBase):
    """Declarative base of every model; constraint names are deterministic for Alembic."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)


@event.listens_for(Mapper, "mapper_configured")
def _coerce_enums(mapper, cls) -> None:
    """Every `str_enum` attribute holds its enum member as soon as it is set (a string such
    as "lead" becomes Role.LEAD), not only once read back from the database."""
    for prop in mapper.column_attrs:
        enum_class = getattr(prop.columns[0].type, "enum_class", None)
        if enum_class is not None:
            event.listen(getattr(cls, prop.key), "set",
                         lambda target, value, old, initiator, e=enum_class:
                         value if value is None else e(value), retval=True)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    """WAL journal, foreign keys and a busy timeout on every SQLite connection."""
    module = type(dbapi_connection).__module__
    if not module.startswith("sqlite3"):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=%d" % _sqlite_busy_timeout_ms)
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


_sqlite_busy_timeout_ms = 5000


def configure_sqlite(busy_timeout_ms: int) -> None:
    """Set the busy timeout applied to new SQLite connections."""
    global _sqlite_busy_timeout_ms
    _sqlite_busy_timeout_ms = int(busy_timeout_ms)
