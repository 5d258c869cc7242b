"""`flask db backup FILE`, added to Flask-Migrate's `db` group."""

import sqlite3
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_migrate.cli import db as db_group
from sqlalchemy.engine import make_url


@click.command("backup")
@click.argument("target", type=click.Path(dir_okay=False, writable=True))
@with_appcontext
def backup(target):
    """Back up the database to TARGET.

    SQLite: a consistent copy through the online backup API (safe while the app runs).
    PostgreSQL: prints the pg_dump command to run (the dump needs the server's tools)."""
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "sqlite":
        source = url.database
        if not source or source == ":memory:":
            click.echo("Erreur : base SQLite en mémoire : rien à sauvegarder.", err=True)
            sys.exit(1)
        if not Path(source).exists():
            click.echo(f"Erreur : base introuvable : {source}", err=True)
            sys.exit(1)
        with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
            src.backup(dst)
        dst.close()
        src.close()
        check = sqlite3.connect(target)
        try:
            status = check.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            check.close()
        click.echo(f"Sauvegarde écrite : {target} (contrôle d'intégrité : {status}).")
        click.echo(f"Restauration : arrêter l'application, puis copier {target} à la place de {source}.")
        return
    if url.get_backend_name() == "postgresql":
        safe = url.set(drivername="postgresql")
        click.echo("PostgreSQL : lancez la commande suivante (outil pg_dump du serveur) :")
        click.echo(f"  pg_dump --format=custom --file={target} "
                   f"'{safe.render_as_string(hide_password=True)}'")
        click.echo(f"Restauration : pg_restore --clean --dbname=<base> {target}")
        return
    click.echo(f"Erreur : sauvegarde non prise en charge pour {url.get_backend_name()}.", err=True)
    sys.exit(1)


def register(app):
    """Attach `backup` to the `db` group that Flask-Migrate provides."""
    if "backup" not in db_group.commands:
        db_group.add_command(backup)
    return app
