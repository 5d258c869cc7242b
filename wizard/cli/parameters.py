"""`flask parameters …`: the reference parameter sets of the costing."""

import click
from flask.cli import AppGroup

from wizard import reference
from wizard.db import db

parameters = AppGroup("parameters", help="Paramètres de référence du chiffrage.")


@parameters.command("seed")
def seed():
    """Create the first set « 2026-v1 » from the built-in defaults (nothing if it exists),
    and the prevention strategy's pick-list (the built-in entries not saved yet)."""
    known = {s.label for s in reference.published_sets()}
    parameter_set = reference.ensure_default_set()
    created = parameter_set.label not in known
    axes = reference.strategy.ensure_defaults()
    db.session.commit()
    state = "créé" if created else "déjà présent"
    click.echo(f"Jeu de paramètres « {parameter_set.label} » {state} "
               f"({len(parameter_set.parameters)} paramètres).")
    click.echo(f"Stratégie de prévention : {axes} axe(s) ou priorité(s) ajouté(s) à la liste.")


@parameters.command("list")
def list_sets():
    """The published sets, newest first (the first one is « en vigueur »)."""
    sets = reference.published_sets()
    if not sets:
        click.echo("Aucun jeu de paramètres publié : "
                   "lancez « flask --app wizard parameters seed ».")
    for i, parameter_set in enumerate(sets):
        when = parameter_set.published_at.date().isoformat() if parameter_set.published_at else "—"
        current = " (en vigueur)" if i == 0 else ""
        click.echo(f"{parameter_set.label}  publié le {when}{current}")
