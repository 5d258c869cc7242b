"""`flask dossier …`: costing, export and import of dossier documents."""

from __future__ import annotations

import json
import sys

import click
from flask.cli import AppGroup

from wizard.costing import DEFAULT_PARAMETERS, CostingInputError, cost_document

dossier = AppGroup("dossier", help="Dossiers : calcul, export, import.")


def _reason(error: Exception) -> str:
    """A French reason for a file that cannot be read."""
    reasons = (
        (FileNotFoundError, "fichier introuvable"),
        (IsADirectoryError, "c'est un répertoire"),
        (PermissionError, "accès refusé"),
        (UnicodeDecodeError, "le fichier n'est pas encodé en UTF-8"),
    )
    found = (text for kind, text in reasons if isinstance(error, kind))
    return next(found, "erreur d'entrée-sortie")


@dossier.command("cost", with_appcontext=False)
@click.argument("file")
def cost(file: str) -> None:
    """Chiffre le dossier JSON FILE (« - » pour l'entrée standard) et affiche le budget en JSON.

    Seuls `years`, `intervention`, `parameters` et `funding` sont lus ; `parameters`
    surcharge les paramètres de référence par défaut. Entrée invalide : un message par
    problème sur la sortie d'erreur, chacun nommant son chemin JSON, et le code de sortie 2.
    """
    def fail(lines: list[str]) -> None:
        for line in lines:
            click.echo(line, err=True)
        sys.exit(2)

    name = "entrée standard" if file == "-" else f"fichier « {file} »"
    try:
        if file == "-":
            raw = sys.stdin.buffer.read()
        else:
            with open(file, "rb") as handle:
                raw = handle.read()
        text = raw.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        fail([f"{name} : lecture impossible ({_reason(error)})"])
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        fail([f"{name} : JSON invalide ligne {error.lineno}, colonne {error.colno}"])
    except RecursionError:
        fail([f"{name} : JSON trop profondément imbriqué"])
    try:
        result = cost_document(data, DEFAULT_PARAMETERS)
    except CostingInputError as error:
        fail(error.lines())
    click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    for warning in result.warnings:
        click.echo(f"attention : {warning}", err=True)
