"""`flask communes import`: load the official commune list (@etalab/decoupage-administratif)."""

import sys
import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from wizard.formats import number
from wizard.reference.communes import CommuneImportError, import_communes

communes = AppGroup("communes", help="Référentiel des communes (COG).")


@communes.command("import")
@click.argument("path", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--epci",
    "epci_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Fichier epci.json (par défaut EPCI_FILE quand PATH est omis, aucun sinon).",
)
def import_command(path, epci_path):
    """Import or update communes from PATH (default: the COMMUNES_FILE setting).

    Idempotent: a second run with the same file changes nothing. On an invalid file the
    database is left untouched and the command exits with status 1.
    """
    default = path is None
    if default:
        path = Path(current_app.config["COMMUNES_FILE"])
        epci_path = epci_path or Path(current_app.config["EPCI_FILE"])
    started = time.perf_counter()
    try:
        report = import_communes(path, epci_path)
    except CommuneImportError as exc:
        hint = " (« make install » installe @etalab/decoupage-administratif)"
        missing = default and not (path.is_file() and (epci_path is None or epci_path.is_file()))
        click.echo(f"Erreur : {exc}{hint if missing else ''}", err=True)
        sys.exit(1)
    elapsed = time.perf_counter() - started
    attached = (
        "commune associée ou déléguée rattachée",
        "communes associées ou déléguées rattachées",
    )
    click.echo(
        f"{_count(report.current, 'commune importée', 'communes importées')}, "
        f"{_count(report.attached, *attached)}, "
        f"{_count(report.districts, 'arrondissement municipal', 'arrondissements municipaux')}."
    )
    click.echo(
        f"{_count(report.created, 'fiche créée', 'fiches créées')}, "
        f"{_count(report.updated, 'mise à jour', 'mises à jour')}, "
        f"{_count(report.unchanged, 'inchangée', 'inchangées')}, en {number(elapsed, 1)} s."
    )
    if report.skipped:
        click.echo(f"{_count(report.skipped, 'fiche ignorée', 'fiches ignorées')} (type inconnu).")


def _count(value: int, singular: str, plural: str) -> str:
    """« 0 fiche créée », « 2 fiches créées » (French: singular below 2)."""
    return f"{number(value, 0)} {singular if value < 2 else plural}"
