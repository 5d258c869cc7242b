"""`flask users …`: create, list and deactivate accounts."""

import sys

import click
from flask.cli import AppGroup
from sqlalchemy import select

from wizard import accounts
from wizard.db import db
from wizard.models import Role, User
from wizard.models.audit import record

users = AppGroup("users", help="Comptes utilisateurs.")


def fail(message: str, code: int = 1):
    """Print a French error on stderr and exit non-zero (never a traceback)."""
    click.echo(f"Erreur : {message}", err=True)
    sys.exit(code)


@users.command("create")
@click.option("--email", required=True, help="Adresse électronique (identifiant).")
@click.option("--name", required=True, help="Nom et prénom.")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--commune", "communes", multiple=True, help="Code INSEE (porteur), répétable.")
@click.option("--department", "departments", multiple=True, help="Département (préfecture), répétable.")
@click.option("--password-stdin", is_flag=True, help="Lire le mot de passe sur l'entrée standard.")
def create(email, name, role, communes, departments, password_stdin):
    """Create an account (with --password-stdin, else an invitation link is printed)."""
    password = None
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
        if len(password) < accounts.MIN_PASSWORD_LENGTH:
            fail(f"--password-stdin : {accounts.MIN_PASSWORD_LENGTH} caractères au minimum.")
    if accounts.find_user(email) is not None:
        fail(f"--email : un compte existe déjà pour {email}.")
    try:
        user = accounts.save_user(
            None, email=email, name=name, role=role, commune_codes=communes,
            departments=departments, password=password,
        )
    except accounts.AccountError as exc:
        db.session.rollback()
        fail(f"--{'commune' if exc.field == 'communes' else exc.field.rstrip('s')} : {exc.args[0]}")
    db.session.flush()
    record("user_created", target=user.email, via="cli")
    db.session.commit()
    click.echo(f"Compte créé : {user.email} ({user.role_label}).")
    if not password:
        from wizard.notifications import send_account_link

        send_account_link(user, "invitation")
        click.echo("Invitation envoyée par courriel.")


@users.command("list")
def list_users():
    """List accounts: e-mail, role, state, scope."""
    rows = db.session.scalars(select(User).order_by(User.role, User.email)).all()
    for user in rows:
        scope = " ".join(
            [link.commune.insee_code for link in user.communes] + sorted(user.department_codes)
        )
        state = "actif" if user.active else "désactivé"
        click.echo(f"{user.email}\t{user.role}\t{state}\t{scope}")
    click.echo(f"{len(rows)} compte(s).")


@users.command("deactivate")
@click.argument("email")
def deactivate(email):
    """Deactivate an account (it can no longer log in; its history is kept)."""
    user = accounts.find_user(email)
    if user is None:
        fail(f"EMAIL : aucun compte pour {email}.")
    accounts.set_active(user, False)
    record("user_deactivated", target=user.email, via="cli")
    db.session.commit()
    click.echo(f"Compte désactivé : {user.email}.")
