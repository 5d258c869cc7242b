"""`flask demo seed`: one account per role and a few dossiers in every state of the review,
for trying the application (never in production). Running it again resets the demo
dossiers (those the demo accounts created) and leaves every other dossier alone."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from wizard import accounts, reference
from wizard.cli import demo_story
from wizard.cli.qpv import load_sample
from wizard.cli.users import fail
from wizard.db import db
from wizard.models import Commune

demo = AppGroup("demo", help="Données de démonstration.")

DEMO_PASSWORD = "Demo-mediation-2026"
DEMO_COMMUNE = "59350"  # Lille
DEMO_COMMUNES = {DEMO_COMMUNE: "Lille", "59512": "Roubaix", "62041": "Arras"}
DEMO_DEPARTMENTS = ["59", "62"]
DEMO_ACCOUNTS = [
    ("porteur@demo.fr", "Camille Porteur", "lead"),
    ("conseiller@demo.fr", "Dominique Conseil", "adviser"),
    ("prefecture@demo.fr", "Alex Préfecture", "prefecture"),
    ("admin@demo.fr", "Sacha Admin", "admin"),
]


@demo.command("seed")
@click.option("--accounts-only", is_flag=True,
              help="Les comptes seulement, sans dossiers (Lille suffit ; pour les mesures).")
def seed(accounts_only):
    """Create (or reset) the four demo accounts and their dossiers, print the credentials;
    the reference data a fresh install needs (parameter set, strategy pick-list, sample QPVs)."""
    if not current_app.config.get("DEMO_ALLOWED"):
        fail("la démonstration est désactivée en production.")
    communes = {c.insee_code: c for c in db.session.scalars(
        select(Commune).where(Commune.insee_code.in_(DEMO_COMMUNES),
                              Commune.kind == "commune-actuelle"))}
    needed = [DEMO_COMMUNE] if accounts_only else DEMO_COMMUNES
    absent = [f"{DEMO_COMMUNES[code]} ({code})" for code in needed if code not in communes]
    if absent:
        fail(f"commune(s) absente(s) : {', '.join(absent)} ; lancez d'abord "
             "« flask --app wizard communes import ».")
    users = {}
    for email, name, role in DEMO_ACCOUNTS:
        user = accounts.find_user(email)
        user = accounts.save_user(
            user, email=email, name=name, role=role,
            commune_codes=list(communes) if role == "lead" else [],
            departments=DEMO_DEPARTMENTS if role == "prefecture" else [],
            password=DEMO_PASSWORD,
        )
        user.active = True
        users[role] = user
    db.session.flush()
    reference.ensure_default_set()
    reference.strategy.ensure_defaults()
    qpv_line = load_sample(Path(current_app.config["QPV_SAMPLE_FILE"]))
    removed = demo_story.reset([u.id for u in users.values()])
    dossiers = [] if accounts_only else demo_story.tell(
        users["lead"], users["adviser"], users["prefecture"], communes)
    db.session.commit()
    click.echo(qpv_line)
    if removed:
        click.echo(f"Dossiers de démonstration précédents supprimés : {removed}.")
    if dossiers:
        click.echo("Dossiers de démonstration :")
    for dossier in dossiers:
        click.echo(f"  n° {dossier.id:<5} {dossier.commune.name:<8} {dossier.state_label:<20} "
                   f"{dossier.title}")
    click.echo("Comptes de démonstration (mot de passe commun : %s)" % DEMO_PASSWORD)
    for email, name, role in DEMO_ACCOUNTS:
        click.echo(f"  {role:<11} {email}")
