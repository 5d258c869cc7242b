"""`flask qpv import`: load the national list of the quartiers prioritaires (ANCT CSV)."""

import sys
from pathlib import Path

import click
from flask.cli import AppGroup

from wizard.cli.communes import _count
from wizard.db import db
from wizard.reference.qpv import QpvImportError, import_qpvs

qpv = AppGroup("qpv", help="Référentiel des quartiers prioritaires (QPV).")


@qpv.command("import")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def import_command(path):
    """Import or update the QPVs of PATH, the ANCT list (CSV, « ; »-separated).

    Idempotent. A bad line is reported with its number, nothing is written, exit status 1.
    """
    try:
        report = import_qpvs(path)
    except QpvImportError as exc:
        db.session.rollback()
        click.echo(f"Erreur : {exc.message}", err=True)
        for problem in exc.problems:
            click.echo(f"  {path.name}, {problem}", err=True)
        sys.exit(1)
    db.session.commit()
    click.echo(f"{_count(report.created, 'quartier créé', 'quartiers créés')}, "
               f"{_count(report.updated, 'mis à jour', 'mis à jour')}, "
               f"{_count(report.unchanged, 'inchangé', 'inchangés')}.")


def load_sample(path: Path) -> str:
    """Import the sample list for the demo; the line to print."""
    if not path.is_file():
        return f"Liste des QPV d'exemple absente ({path}) : pick-lists QPV vides."
    report = import_qpvs(path)
    return f"Quartiers prioritaires d'exemple : {report.created} créés, {report.updated} mis à jour."
