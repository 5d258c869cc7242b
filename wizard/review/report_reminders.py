"""Reminders of the year-end reports: once a project year's report is expected (« attendu »,
from the end of the year) and again once it is late (« en retard », six months later,
`report_calendar`), the commune's leads and co-editors get one mail each, and the mission's
advisers a copy for a late one. Each reminder is recorded (`report_reminder`, with the year
and the status) and never sent twice, so the command can run every day (cron)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from wizard.db import db
from wizard.formats import long_date
from wizard.mail import external_url
from wizard.models import AuditEvent, Dossier
from wizard.models.audit import record
from wizard.review.notifications import advisers, leads_of, mail_each
from wizard.review.report_calendar import ReportStatus, calendars

ACTION = "report_reminder"
SUBJECTS = {
    ReportStatus.DUE: "Compte rendu de l'année {year} attendu : « {title} »",
    ReportStatus.LATE: "Compte rendu de l'année {year} en retard : « {title} »",
}


@dataclass(frozen=True)
class Reminder:
    dossier: Dossier
    year: int
    status: ReportStatus
    deadline: date  # the last day to deposit on time
    sent: int = 0  # mails sent


def _already_sent(ids) -> set[tuple[int, int, str]]:
    rows = db.session.execute(select(AuditEvent.dossier_id, AuditEvent.details).where(
        AuditEvent.action == ACTION, AuditEvent.dossier_id.in_(ids)))
    return {(dossier_id, details.get("year"), details.get("status"))
            for dossier_id, details in rows if isinstance(details, dict)}


def due_reminders(today: date) -> list[Reminder]:
    """The reminders owed on `today`: a report expected or late that was not reminded of in
    that status yet (three statements whatever the number of dossiers)."""
    found = {id_: cal for id_, cal in calendars(today).items()
             if any(y.status in SUBJECTS for y in cal.years)}
    if not found:
        return []
    sent = _already_sent(list(found))
    dossiers = {d.id: d for d in db.session.scalars(
        select(Dossier).where(Dossier.id.in_(list(found)))
        .options(joinedload(Dossier.commune)))}
    return [Reminder(dossiers[id_], y.year, y.status, y.deadline)
            for id_, cal in sorted(found.items()) for y in cal.years
            if y.status in SUBJECTS and (id_, y.year, y.status.value) not in sent]


def _body(reminder: Reminder) -> str:
    d, year = reminder.dossier, reminder.year
    when = (f"Il est à déposer au plus tard le {long_date(reminder.deadline)}."
            if reminder.status is ReportStatus.DUE else
            f"Le délai de dépôt a expiré le {long_date(reminder.deadline)} : merci de le "
            "déposer dès que possible.")
    return "\n\n".join([
        f"Bonjour,\n\nL'année {year} du projet « {d.title} » ({d.commune.name}) est terminée : "
        "son compte rendu financier (cerfa n° 15059) est attendu, avec le bilan des actions "
        f"et des indicateurs. {when}",
        "Le compte rendu se dépose dans les six mois qui suivent la fin de l'année du projet "
        "(loi n° 2000-321 du 12 avril 2000, article 10).",
        f"Rédiger le compte rendu : {external_url('lead.report', dossier_id=d.id, year=year)}",
        f"— {current_app.config['OPERATOR_NAME']}",
    ])


def send(reminder: Reminder) -> Reminder:
    """Mail the leads (and, for a late report, the advisers) once, record the reminder."""
    d = reminder.dossier
    recipients = leads_of(d) + (advisers() if reminder.status is ReportStatus.LATE else [])
    subject = SUBJECTS[reminder.status].format(year=reminder.year, title=d.title)
    sent = mail_each(recipients, subject, _body(reminder), d)
    record(ACTION, dossier=d, year=reminder.year, status=reminder.status.value, mails=sent)
    return Reminder(d, reminder.year, reminder.status, reminder.deadline, sent)
