"""`flask dossier …`: costing, export and import of dossier documents."""

from __future__ import annotations

import json
import sys

import click
from flask.cli import AppGroup

from wizard.costing import DEFAULT_PARAMETERS, CostingInputError, cost_document, warning_texts

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
        result = cost_document(data, DEFAULT_PARAMETERS, rules=2)
    except CostingInputError as error:
        fail(error.lines())
    click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    for warning in warning_texts(result):
        click.echo(f"attention : {warning}", err=True)


def _read_text(file: str) -> str:
    """The UTF-8 text of FILE (« - »: standard input); exit 2 with a French reason if it
    cannot be read."""
    name = "entrée standard" if file == "-" else f"fichier « {file} »"
    try:
        if file == "-":
            return sys.stdin.buffer.read().decode("utf-8-sig")
        with open(file, "rb") as handle:
            return handle.read().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        _fail([f"{name} : lecture impossible ({_reason(error)})"])


def _fail(lines: list[str]) -> None:
    """Print each line on stderr and exit with status 2 (bad input, nothing written)."""
    for line in lines:
        click.echo(line, err=True)
    sys.exit(2)


@dossier.command("export")
@click.argument("dossier_id", type=int)
@click.option("--format", "fmt", type=click.Choice(["json", "pdf"]), default="json",
              show_default=True, help="Format de l'export.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Fichier de sortie (sortie standard par défaut).")
@click.option("--audience", type=click.Choice(["lead", "adviser", "prefecture"]),
              default="prefecture", show_default=True, help="Destinataire du PDF.")
def export(dossier_id: int, fmt: str, output: str | None, audience: str) -> None:
    """Exporte le dossier DOSSIER_ID en JSON (format d'échange) ou en PDF.

    Sans -o, le JSON ou le PDF (binaire) va sur la sortie standard. Dossier inconnu :
    message sur la sortie d'erreur et code de sortie 2.
    """
    from wizard.db import db
    from wizard.models import Dossier

    item = db.session.get(Dossier, dossier_id)
    if item is None:
        _fail([f"dossier {dossier_id} : introuvable"])
    if fmt == "json":
        from wizard.operations.exchange import export_json

        data = export_json(item).encode("utf-8")
    else:
        from wizard.pdf import render_dossier_pdf

        data = render_dossier_pdf(item, audience=audience)
    if output:
        try:
            with open(output, "wb") as handle:
                handle.write(data)
        except OSError as error:
            _fail([f"fichier « {output} » : écriture impossible ({_reason(error)})"])
    else:
        click.echo(data, nl=False)  # bytes go to the binary stdout


@dossier.command("import")
@click.argument("file")
@click.option("--owner", required=True, help="Adresse du porteur de projet (compte actif de la "
              "commune du dossier).")
def import_(file: str, owner: str) -> None:
    """Importe le dossier JSON FILE (« - » pour l'entrée standard) comme nouveau brouillon.

    Affiche l'identifiant du dossier créé. Fichier invalide ou porteur refusé : une ligne
    « chemin : message » par problème sur la sortie d'erreur, rien n'est écrit, code 2.
    """
    from wizard.db import db
    from wizard.document import DocumentError
    from wizard.operations.exchange import import_json

    try:
        created = import_json(_read_text(file), owner)
    except DocumentError as error:
        db.session.rollback()
        _fail([str(problem) for problem in error.problems] or [error.message])
    db.session.commit()
    click.echo(created.id)


@dossier.command("rebuild-totals")
def rebuild_totals() -> None:
    """Recalcule la table des totaux par état et département à partir des dossiers.

    À lancer après un chargement en masse ou une modification en SQL direct de la table
    des dossiers ; affiche le nombre de lignes (état, département) recalculées.
    """
    from wizard.db import db
    from wizard.models import aggregates

    rows = aggregates.rebuild()
    db.session.commit()
    click.echo(f"{rows} ligne(s) de totaux recalculée(s)")


@dossier.command("sync-columns")
def sync_columns_command() -> None:
    """Recalcule les colonnes des listes (coûts, part de la commune, ETP, alertes du
    chiffrage) de chaque dossier à partir de son document et de son jeu de paramètres.

    À lancer une fois après une migration qui ajoute une colonne (ex. les alertes) ; ne
    change ni la version ni la date de mise à jour des dossiers.
    """
    from sqlalchemy import select, update

    from wizard import reference
    from wizard.costing.totals import column_totals
    from wizard.db import db
    from wizard.models import Dossier

    count = 0
    for dossier in db.session.scalars(select(Dossier).execution_options(yield_per=200)):
        totals = column_totals(dossier.document, reference.pinned(dossier))
        db.session.execute(update(Dossier).where(Dossier.id == dossier.id).values(
            total_cost=totals.total_cost if totals else None,
            commune_share=totals.commune_share if totals else None,
            mediator_fte=totals.mediator_fte if totals else None,
            warning_codes=totals.warning_codes if totals else "",
            updated_at=Dossier.updated_at, version=Dossier.version,
        ).execution_options(synchronize_session=False))
        count += 1
    db.session.commit()
    click.echo(f"{count} dossier(s) recalculé(s)")
