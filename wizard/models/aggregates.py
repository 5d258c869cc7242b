"""Keep `dossier_totals` (counts and sums per state and department) exact.

Every flush that adds, changes or deletes a `Dossier` moves its contribution from its old
key (state, department, totals as loaded, from the attribute history) to its new one. The
deltas are computed in `before_flush`, while the old values can still be read, and applied
in `after_flush`, once the dossier rows are written (optimistic version check passed), in
the same transaction, as ``UPDATE … SET x = x + :delta`` (the key row is first created if
missing, ``INSERT … ON CONFLICT DO NOTHING``): concurrent saves serialise on the row lock
(PostgreSQL) or on the write lock (SQLite) and no update is lost; a rollback drops both.

ORM bulk statements sent through `Session.execute` are followed too (`do_orm_execute`):
an ``insert(Dossier)`` with a list of rows adds their contribution; any other INSERT,
UPDATE or DELETE on ``dossiers`` (where-criteria, bulk by primary key, from a SELECT) is
followed by `rebuild()`, which is exact but reads every dossier. Raw SQL (`text()`) on
``dossiers`` is not seen: call `rebuild()` (``flask dossier rebuild-totals``) after it.

The listeners are attached to SQLAlchemy's `Session` class, hence to every session (web
requests, CLI commands, scripts), by `init_app`, called once from the application factory.
"""

from collections import defaultdict
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import event, inspect, select, text
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from wizard.models import Dossier, DossierState, DossierTotals
from wizard.models.stats import NO_DEPARTMENT

FIELDS = ("total_cost", "commune_share", "mediator_fte")
TRACKED = ("state", "department", *FIELDS)
CENT = Decimal("0.01")
_PENDING = "wizard.models.aggregates.deltas"  # session.info key: deltas between the two events

# Also copied, frozen, into the migration that creates the table (20261122_0030_…).
REBUILD_SQL = (
    "INSERT INTO dossier_totals "
    "(state, department, dossiers, total_cost, commune_share, mediator_fte) "
    "SELECT state, COALESCE(department, ''), COUNT(*), COALESCE(SUM(total_cost), 0), "
    "COALESCE(SUM(commune_share), 0), COALESCE(SUM(mediator_fte), 0) "
    "FROM dossiers GROUP BY state, COALESCE(department, '')"
)


def _amount(value) -> Decimal:
    """A column value as stored (scale 2, half away from zero as PostgreSQL); NULL is 0."""
    if value is None:
        return Decimal(0)
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


class Deltas(defaultdict):
    """(state, department) → [dossiers, total_cost, commune_share, mediator_fte] changes."""

    def __init__(self):
        super().__init__(lambda: [0, Decimal(0), Decimal(0), Decimal(0)])

    def add(self, values: Mapping, sign: int) -> None:
        """Add (sign 1) or remove (sign -1) one dossier whose columns are `values`."""
        state = values.get("state") or DossierState.DRAFT  # the column's default
        key = (str(state), values.get("department") or NO_DEPARTMENT)
        row = self[key]
        row[0] += sign
        for i, name in enumerate(FIELDS, start=1):
            row[i] += sign * _amount(values.get(name))

    def changes(self):
        """The non-zero deltas, in key order (the same lock order in every transaction)."""
        return [(key, row) for key, row in sorted(self.items()) if any(row)]


def _old_values(dossier) -> dict | None:
    """The tracked columns as the database has them, from the history; None if unknown."""
    attrs = inspect(dossier).attrs
    old = {}
    for name in TRACKED:
        history = attrs[name].history
        if history.deleted:
            old[name] = history.deleted[0]
        elif history.unchanged:
            old[name] = history.unchanged[0]
        else:  # set without having been loaded (expired): read the row
            return None
    return old


def _changed(dossier) -> bool:
    """Whether a tracked column was set (the flush may still find the same value)."""
    attrs = inspect(dossier).attrs
    return any(attrs[name].history.has_changes() for name in TRACKED)


def _new_values(dossier) -> dict:
    """The tracked columns as this flush writes them (loading any expired one)."""
    return {name: getattr(dossier, name) for name in TRACKED}


def _before_flush(session, flush_context, instances) -> None:
    """Compute the deltas of this flush from the attribute history (nothing is written)."""
    deltas, unknown = Deltas(), []

    def flushed(item) -> bool:  # `instances`: the deprecated flush(objects) restriction
        return isinstance(item, Dossier) and (instances is None or item in instances)

    for dossier in filter(flushed, session.new):
        deltas.add(inspect(dossier).dict, 1)
    for dossier in filter(flushed, session.deleted):
        deltas.add(_old_values(dossier) or _new_values(dossier), -1)  # loads if expired
    for dossier in filter(flushed, session.dirty):
        if _changed(dossier):
            old = _old_values(dossier)
            if old is None:
                unknown.append(dossier)
            else:
                deltas.add(old, -1)
                deltas.add(_new_values(dossier), 1)
    if unknown:
        columns = [getattr(Dossier, name) for name in TRACKED]
        rows = session.connection().execute(
            select(Dossier.id, *columns).where(Dossier.id.in_([d.id for d in unknown]))
        )
        for row in rows.mappings():
            deltas.add(row, -1)
        for dossier in unknown:
            deltas.add(_new_values(dossier), 1)
    session.info[_PENDING] = deltas


def _after_flush(session, flush_context) -> None:
    """Apply the deltas computed by `_before_flush` (same transaction as the flush)."""
    deltas = session.info.pop(_PENDING, None)
    if deltas:
        apply(session.connection(), deltas)


def _insert_missing(connection, key) -> None:
    """Create the row of `key` with zeros unless it exists (concurrent creators: one wins)."""
    table = DossierTotals.__table__
    values = dict(state=key[0], department=key[1], dossiers=0, total_cost=0, commune_share=0,
                  mediator_fte=0)
    dialects = {"postgresql": postgresql_insert, "sqlite": sqlite_insert}
    if connection.dialect.name in dialects:
        insert = dialects[connection.dialect.name]
        connection.execute(insert(table).values(values).on_conflict_do_nothing())
        return
    try:
        with connection.begin_nested():
            connection.execute(table.insert().values(values))
    except IntegrityError:
        pass


def apply(connection, deltas: Deltas) -> None:
    """Add `deltas` to the table, atomically per row (``SET x = x + :d``)."""
    table = DossierTotals.__table__
    for key, (count, cost, share, fte) in deltas.changes():
        update = (
            table.update()
            .where(table.c.state == key[0], table.c.department == key[1])
            .values(
                dossiers=table.c.dossiers + count,
                total_cost=table.c.total_cost + cost,
                commune_share=table.c.commune_share + share,
                mediator_fte=table.c.mediator_fte + fte,
            )
        )
        if connection.execute(update).rowcount == 0:
            _insert_missing(connection, key)
            connection.execute(update)


def _bulk_statements(orm_execute_state):
    """Follow INSERT / UPDATE / DELETE statements on ``dossiers`` run by `Session.execute`."""
    state = orm_execute_state
    if not (state.is_insert or state.is_update or state.is_delete):
        return None
    statement = state.statement
    if getattr(statement.table, "name", None) != Dossier.__tablename__:
        return None
    rows = state.parameters
    if isinstance(rows, Mapping):
        rows = [rows]
    plain = (
        state.is_insert and rows and all(isinstance(row, Mapping) for row in rows)
        # not INSERT … SELECT nor .values(…): the rows are the parameters
        and getattr(statement, "select", None) is None
        and not getattr(statement, "_values", None)
        and not getattr(statement, "_multi_values", None)
    )
    result = state.invoke_statement()
    if statement.returning_column_descriptions:  # read the rows before more statements
        result = result.freeze()()
    connection = state.session.connection()
    if plain:
        deltas = Deltas()
        for row in rows:
            deltas.add(row, 1)
        apply(connection, deltas)
    else:
        rebuild(connection)
    return result


def rebuild(target=None) -> int:
    """Recompute the whole table from ``dossiers`` (one INSERT … SELECT … GROUP BY).

    `target` is a session or a connection (default: `db.session`); the caller commits.
    On PostgreSQL, dossiers are locked against writes (SHARE) until the commit, so a
    concurrent save can neither be missed nor counted twice. Returns the number of rows.
    """
    if target is None:
        from wizard.db import db

        target = db.session
    connection = target if isinstance(target, Connection) else target.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(text("LOCK TABLE dossiers IN SHARE MODE"))
    connection.execute(text("DELETE FROM dossier_totals"))
    return connection.execute(text(REBUILD_SQL)).rowcount


def init_app(app) -> None:
    """Attach the listeners to every session (once per process, whatever the apps)."""
    for name, listener in (
        ("before_flush", _before_flush),
        ("after_flush", _after_flush),
        ("do_orm_execute", _bulk_statements),
    ):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)
