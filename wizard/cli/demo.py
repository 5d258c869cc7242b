"""`flask demo seed`: one account per role for trying the application (never in production)."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from wizard import accounts, reference
from wizard.cli.qpv import load_sample
from wizard.cli.users import fail
from wizard.db import db
from wizard.models import Commune

demo = AppGroup("demo", help="Données de démonstration.")

DEMO_PASSWORD = "Demo-mediation-2026"
DEMO_COMMUNE = "59350"  # Lille
DEMO_ACCOUNTS = [
    ("porteur@demo.fr", "Camille Porteur", "lead"),
    ("conseiller@demo.fr", "Dominique Conseil", "adviser"),
    ("prefecture@demo.fr", "Alex Préfecture", "prefecture"),
    ("admin@demo.fr", "Sacha Admin", "admin"),
]


@demo.command("seed")
def seed():
    """Create (or reset) the four demo accounts and print their credentials; the reference
    data a fresh install needs (parameter set, strategy pick-list, sample QPVs)."""
    if not current_app.config.get("DEMO_ALLOWED"):
        fail("la démonstration est désactivée en production.")
    commune = db.session.scalar(
        select(Commune).where(Commune.insee_code == DEMO_COMMUNE, Commune.kind == "commune-actuelle")
    )
    if commune is None:
        fail(f"commune {DEMO_COMMUNE} absente : lancez d'abord « flask --app wizard communes import ».")
    for email, name, role in DEMO_ACCOUNTS:
        user = accounts.find_user(email)
        accounts.save_user(
            user, email=email, name=name, role=role,
            commune_codes=[DEMO_COMMUNE] if role == "lead" else [],
            departments=["59"] if role == "prefecture" else [],
            password=DEMO_PASSWORD,
        )
        if user is not None:
            user.active = True
    reference.ensure_default_set()
    reference.strategy.ensure_defaults()
    qpv_line = load_sample(Path(current_app.config["QPV_SAMPLE_FILE"]))
    db.session.commit()
    click.echo(qpv_line)
    click.echo("Comptes de démonstration (mot de passe commun : %s)" % DEMO_PASSWORD)
    for email, name, role in DEMO_ACCOUNTS:
        click.echo(f"  {role:<11} {email}")
    return commune
