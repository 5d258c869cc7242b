"""The year-end reports' small workflow: the leads open and write the report of a project
year once the prefecture has decided (« décision rendue » or « conventionné »), deposit it;
the mission accepts it or asks for more (with its reason), and the leads deposit it again.
Each verb checks the state, records an audit event and mails the other side (one mail per
person, `notifications.notify`)."""

from __future__ import annotations

from sqlalchemy import select

from wizard.db import db, utcnow
from wizard.models import DossierState, Report, ReportState
from wizard.models.audit import record
from wizard.operations import OperationError
from wizard.review.notifications import advisers, agents_of, leads_of, notify

# the dossier states in which the year-end reports open
OPEN_STATES = frozenset({DossierState.DECIDED, DossierState.AGREED})

SUBMITTED_SUBJECT = "Compte rendu de l'année {year} déposé : « {title} »"
ACCEPTED_SUBJECT = "Compte rendu de l'année {year} accepté : « {title} »"
CHANGES_SUBJECT = "Compléments demandés sur le compte rendu de l'année {year} : « {title} »"


def is_open(dossier) -> bool:
    return dossier.state in OPEN_STATES


def years_of(dossier) -> range:
    """The project years a report may cover: 1 to the dossier's years."""
    years = dossier.document.get("years") if isinstance(dossier.document, dict) else None
    return range(1, (years if isinstance(years, int) and 1 <= years <= 3 else 1) + 1)


def reports_of(dossier) -> dict[int, Report]:
    """The dossier's reports by year (one query)."""
    rows = db.session.scalars(select(Report).where(Report.dossier_id == dossier.id))
    return {r.year: r for r in rows}


def report_of(dossier, year: int) -> Report | None:
    return db.session.scalar(select(Report).where(Report.dossier_id == dossier.id,
                                                  Report.year == year))


def visible(report: Report | None) -> bool:
    """A report the mission and the prefecture may read: deposited at least once."""
    return report is not None and report.submitted_at is not None


def open_report(dossier, year: int, user) -> Report:
    """The report of `year`, created (and audited) the first time the leads open it."""
    if not is_open(dossier):
        raise OperationError("Le compte rendu s'ouvre une fois la décision de la préfecture "
                             "rendue.")
    if year not in years_of(dossier):
        raise OperationError("Cette année ne fait pas partie du projet.")
    report = report_of(dossier, year)
    if report is None:
        report = Report(dossier_id=dossier.id, year=year, content={},
                        created_by_id=user.id, updated_by_id=user.id)
        db.session.add(report)
        record("report_opened", user=user, dossier=dossier, year=year)
        db.session.flush()
    return report


def save(report: Report, dossier, user, content: dict) -> None:
    """The leads' save of a report they may still change."""
    if not report.editable:
        raise OperationError("Ce compte rendu est déposé : il ne peut plus être modifié.")
    report.content = content
    report.updated_by_id = user.id
    report.updated_at = utcnow()
    record("report_saved", user=user, dossier=dossier, year=report.year)


def submit(report: Report, dossier, user) -> int:
    """The leads deposit the report (the caller has checked it is complete): the mission's
    advisers are told. Returns how many mails went out."""
    if not report.editable:
        raise OperationError("Ce compte rendu est déjà déposé.")
    report.state = ReportState.SUBMITTED
    report.submitted_at = utcnow()
    report.submitted_by_id = user.id
    record("report_submitted", user=user, dossier=dossier, year=report.year)
    db.session.flush()
    return notify(advisers(), SUBMITTED_SUBJECT, "adviser.report", dossier, user,
                  year=report.year)


def accept(report: Report, dossier, user) -> int:
    """The mission accepts a deposited report: the leads and the department's agents are
    told."""
    _check_deposited(report)
    report.state = ReportState.ACCEPTED
    report.reason = None
    report.decided_at = utcnow()
    report.decided_by_id = user.id
    record("report_accepted", user=user, dossier=dossier, year=report.year)
    db.session.flush()
    sent = notify(leads_of(dossier), ACCEPTED_SUBJECT, "lead.report", dossier, user,
                  year=report.year)
    return sent + notify(agents_of(dossier), ACCEPTED_SUBJECT, "prefecture.report", dossier,
                         user, year=report.year)


def request_changes(report: Report, dossier, user, reason: str) -> int:
    """The mission sends a deposited report back with its reason (required)."""
    _check_deposited(report)
    reason = (reason or "").strip()
    if not reason:
        raise OperationError("Indiquez les compléments demandés.")
    report.state = ReportState.CHANGES_REQUESTED
    report.reason = reason
    report.decided_at = utcnow()
    report.decided_by_id = user.id
    record("report_changes_requested", user=user, dossier=dossier, year=report.year,
           reason=reason)
    db.session.flush()
    return notify(leads_of(dossier), CHANGES_SUBJECT, "lead.report", dossier, user, reason,
                  year=report.year)


def _check_deposited(report: Report | None) -> None:
    if report is None or report.state is not ReportState.SUBMITTED:
        raise OperationError("Ce compte rendu n'est pas en attente d'examen.")
