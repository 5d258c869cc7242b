"""`flask assets compress`: the gzip and brotli copies of the DSFR files the pages load."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from wizard.web.assets import compress_dsfr, dsfr_version


@click.group(help="Fichiers statiques (DSFR et fichiers de l'application).")
def assets():
    pass


@assets.command("compress")
@with_appcontext
def compress():
    """Écrit les copies gzip et brotli des fichiers du DSFR chargés par les pages (une fois)."""
    dist = Path(current_app.config["DSFR_DIST"])
    if not dist.is_dir():
        raise click.ClickException(f"DSFR introuvable : {dist} (lancer npm ci)")
    count = compress_dsfr(dist)
    click.echo(f"DSFR {dsfr_version(dist)} : {count} fichier(s) compressé(s).")
