"""`flask reports remind`: the reminders of the year-end reports expected or late (to run
every day, e.g. from cron; each reminder goes once)."""

import sys
from datetime import date

import click
from flask.cli import AppGroup

from wizard.db import db
from wizard.formats import long_date, paris_today
from wizard.review.report_reminders import due_reminders, send

reports = AppGroup("reports", help="Comptes rendus annuels des projets financés.")


@reports.command("remind")
@click.option("--date", "on", help="Jour de référence AAAA-MM-JJ (par défaut : aujourd'hui, "
              "heure de Paris).")
@click.option("--dry-run", is_flag=True, help="Lister les rappels sans envoyer ni enregistrer.")
def remind(on, dry_run):
    """Mail the commune's leads once a report is expected, again once it is late (the
    advisers get a copy of a late one); each reminder is sent once."""
    try:
        today = date.fromisoformat(on) if on else paris_today()
    except ValueError:
        click.echo(f"Erreur : --date « {on} » n'est pas une date AAAA-MM-JJ.", err=True)
        sys.exit(2)
    owed = due_reminders(today)
    for reminder in owed:
        line = (f"Dossier {reminder.dossier.id} « {reminder.dossier.title} », année "
                f"{reminder.year} : {reminder.status.label} (échéance le "
                f"{long_date(reminder.deadline)})")
        if dry_run:
            click.echo(line)
            continue
        sent = send(reminder)
        db.session.commit()
        click.echo(f"{line} : {sent.sent} courriel(s).")
    if not owed:
        click.echo(f"Aucun rappel à envoyer au {long_date(today)}.")
    elif dry_run:
        click.echo(f"{len(owed)} rappel(s) à envoyer (rien n'a été envoyé).")
