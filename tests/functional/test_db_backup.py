"""`flask db backup`: an online SQLite backup that restores, and the PostgreSQL hint."""

import shutil
import sqlite3

from flask_migrate import upgrade

from wizard import create_app
from wizard.db import db
from wizard.models import Dossier


def test_sqlite_backup_and_restore(tmp_path, create_commune, create_dossier):
    live = tmp_path / "live.sqlite"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{live}"})
    with app.app_context():  # the factories work in the current app context: this one
        upgrade()
        create_dossier(commune=create_commune(), title="Avant sauvegarde")
        result = app.test_cli_runner().invoke(args=["db", "backup", str(tmp_path / "copy.sqlite")])
        assert result.exit_code == 0, result.output
        assert "contrôle d'intégrité : ok" in result.output
        # damage the live data, then restore the copy in its place
        db.session.query(Dossier).delete()
        db.session.commit()
        db.engine.dispose()
    shutil.copy(tmp_path / "copy.sqlite", live)
    with sqlite3.connect(live) as conn:
        assert conn.execute("SELECT title FROM dossiers").fetchall() == [("Avant sauvegarde",)]
    conn.close()


def test_postgresql_backup_prints_pg_dump(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://user:secret@db.local/app"})
    result = app.test_cli_runner().invoke(args=["db", "backup", "dump.pgc"])
    assert result.exit_code == 0
    assert "pg_dump --format=custom --file=dump.pgc" in result.output
    assert "secret" not in result.output


def test_memory_database_cannot_be_backed_up():
    memory = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    result = memory.test_cli_runner().invoke(args=["db", "backup", "x.sqlite"])
    assert result.exit_code == 1 and "mémoire" in result.output
