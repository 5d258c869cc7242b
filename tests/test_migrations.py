"""Alembic migrations: upgrade → downgrade → upgrade, then no autogenerate difference.

Runs on a SQLite file and on the local PostgreSQL (a throw-away database). Outside CI
the PostgreSQL case is skipped, with the reason, when no server answers; in CI it must run.
"""

import os
import uuid

import pytest
from flask_migrate import check, downgrade, upgrade
from sqlalchemy import create_engine, inspect, text

from wizard import create_app

PG_ADMIN_URL = os.environ.get("PG_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _tables(url):
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def _round_trip(url):
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()
        assert {"users", "communes", "dossiers", "audit_events"} <= _tables(url)
        downgrade(revision="base")
        assert _tables(url) == set()
        upgrade()
        check()  # raises if autogenerate finds a difference with the models
        from wizard.db import db

        db.engine.dispose()


def test_migrations_on_sqlite(tmp_path):
    _round_trip(f"sqlite:///{tmp_path / 'migrations.sqlite'}")


@pytest.fixture
def postgres_url():
    """A fresh PostgreSQL database, dropped afterwards."""
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:
        admin.dispose()
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL must answer in CI ({PG_ADMIN_URL}): {exc}")
        pytest.skip(f"no PostgreSQL server at {PG_ADMIN_URL}: {exc}")
    name = f"wizard_mig_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.mark.postgres
def test_migrations_on_postgresql(postgres_url):
    _round_trip(postgres_url)
