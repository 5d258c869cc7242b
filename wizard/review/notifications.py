"""The review's e-mails, in French: who receives them and what they say.

One mail per recipient (nobody sees the other addresses). A mail that cannot be sent is
logged and recorded as « mail_failed »: the action it reports stands.
"""

import logging

from flask import current_app
from sqlalchemy import select

from wizard.db import db
from wizard.mail import external_url, send_mail
from wizard.models import DossierState, Role, User, UserCommune, UserDepartment
from wizard.models.audit import record

log = logging.getLogger(__name__)

COMMENT_SUBJECT = "Nouveau commentaire sur le dossier « {title} »"


def leads_of(dossier) -> list[User]:
    """The active leads of the dossier's commune and its active co-editors."""
    users = db.session.scalars(
        select(User).join(UserCommune).where(
            UserCommune.commune_id == dossier.commune_id, User.active.is_(True),
            User.role == Role.LEAD)
    ).all()
    extra = [c.user for c in dossier.co_editors if c.user.active]
    return list({u.id: u for u in [*users, *extra]}.values())


def advisers(dossier=None) -> list[User]:
    """Every active adviser of the regional mission."""
    return db.session.scalars(
        select(User).where(User.role == Role.ADVISER, User.active.is_(True))).all()


def agents_of(dossier) -> list[User]:
    """The active prefecture agents of the dossier's department."""
    return db.session.scalars(
        select(User).join(UserDepartment).where(
            UserDepartment.department == dossier.department, User.active.is_(True),
            User.role == Role.PREFECTURE)
    ).all()


def notify(recipients, subject: str, endpoint: str, dossier, actor,
           reason: str | None = None, **values) -> int:
    """Mail `recipients` (except the actor) that `actor` did something to `dossier`:
    `subject` is formatted with the dossier's title and commune (and `values`), the body
    links to `endpoint` (with the dossier's id and `values`). Returns how many mails went
    out; failures are recorded, never raised."""
    subject = subject.format(title=dossier.title, commune=dossier.commune.name, **values)
    body = _body(subject, actor, reason,
                 external_url(endpoint, dossier_id=dossier.id, **values))
    return mail_each([u for u in recipients if u.id != actor.id], subject, body, dossier,
                     actor)


def mail_each(recipients, subject: str, body: str, dossier, actor=None) -> int:
    """One mail per recipient (each once, by address); a failure is logged and recorded as
    « mail_failed », never raised. Returns how many mails went out."""
    sent = 0
    for user in sorted({u.id: u for u in recipients}.values(), key=lambda u: u.email):
        try:
            send_mail(user.email, subject, body)
            sent += 1
        except Exception as exc:  # SMTP down, bad address…: the change stands, failure recorded
            log.error("mail « %s » for dossier %s failed: %s", subject, dossier.id, exc)
            record("mail_failed", user=actor, dossier=dossier, to=user.email,
                   error=str(exc)[:200])
    return sent


# the states in which the commune's answers go to the prefecture, not the mission
PREFECTURE_SIDE = frozenset({DossierState.IN_INSTRUCTION, DossierState.PIECES_REQUESTED})


def notify_comment(dossier, actor, body: str) -> int:
    """A comment or an answer: the other side is told (advisers or, during the
    instruction, the department's agents ⇄ the commune's leads)."""
    if actor.role is not Role.LEAD:
        return notify(leads_of(dossier), COMMENT_SUBJECT, "lead.tasks", dossier, actor, body)
    if dossier.state in PREFECTURE_SIDE:
        return notify(agents_of(dossier), COMMENT_SUBJECT, "prefecture.dossier", dossier,
                      actor, body)
    return notify(advisers(), COMMENT_SUBJECT, "adviser.dossier", dossier, actor, body)


def _body(subject: str, actor, reason: str | None, link: str) -> str:
    lines = [f"Bonjour,\n\n{subject}.", f"Par : {actor.name}."]
    if reason:
        lines.append(f"Message :\n{reason}")
    lines.append(f"Consulter le dossier : {link}")
    lines.append(f"— {current_app.config['OPERATOR_NAME']}")
    return "\n\n".join(lines)
