"""Effects of the review lifecycle: snapshots, comments, transmission files, notifications."""

import hashlib
import logging

from flask import current_app
from sqlalchemy import func, select

from wizard import reference
from wizard.costing import CostingInputError, cost_document
from wizard.db import db, utcnow
from wizard.mail import send_mail
from wizard.models import Comment, Role, Snapshot, Transmission, User, UserCommune, UserDepartment
from wizard.models.audit import record
from wizard.operations import OperationError

log = logging.getLogger(__name__)


def costing_json(dossier) -> dict | None:
    """The costing output of the dossier with its pinned parameters, or None if incomplete."""
    try:
        return cost_document(dossier.document, reference.pinned(dossier).values).to_json()
    except CostingInputError:
        return None


def take_snapshot(dossier, user) -> Snapshot:
    """Freeze what is submitted (round 1, 2, …)."""
    last = db.session.scalar(
        select(func.max(Snapshot.round)).where(Snapshot.dossier_id == dossier.id)
    ) or 0
    snapshot = Snapshot(dossier_id=dossier.id, round=last + 1, document=dossier.document,
                        costing=costing_json(dossier), submitted_by_id=user.id,
                        parameter_set_id=dossier.parameter_set_id)
    db.session.add(snapshot)
    return snapshot


def snapshots(dossier) -> list[Snapshot]:
    return db.session.scalars(
        select(Snapshot).where(Snapshot.dossier_id == dossier.id).order_by(Snapshot.round)
    ).all()


# --- comments -------------------------------------------------------------------


def add_comment(dossier, user, step: str, body: str, *, item=None, private=False, parent=None):
    """A comment on a step (adviser), a private note (adviser) or an answer (either side)."""
    from wizard.steps import UnknownStep, get_step

    try:
        get_step(step)
    except UnknownStep:
        raise OperationError("Cette étape n'existe pas.") from None
    body = (body or "").strip()
    if not body:
        raise OperationError("Le commentaire est vide.")
    if len(body) > 5000:
        raise OperationError("Le commentaire dépasse 5 000 caractères.")
    if private and Role(user.role) is not Role.ADVISER:
        raise OperationError("Seuls les conseillers peuvent écrire des notes privées.")
    comment = Comment(dossier_id=dossier.id, step=step, item=(item or None), body=body,
                      private=private, author_id=user.id,
                      parent_id=parent.id if parent is not None else None)
    db.session.add(comment)
    db.session.flush()
    record("comment_added", user=user, dossier=dossier, step=step, comment=comment.id,
           private=private, answer_to=comment.parent_id)
    if not private:
        notify("comment", dossier, user, reason=body)
    return comment


def add_change_requests(dossier, user, step_reasons: dict[str, str], reason: str | None):
    """One comment per step named in the change request (and a general one if given)."""
    for step, text in step_reasons.items():
        add_comment(dossier, user, step, text)
    if reason and reason.strip() and not step_reasons:
        add_comment(dossier, user, "porteur-territoire", reason)


def resolve(comment, user) -> None:
    comment.resolved_at = utcnow()
    comment.resolved_by_id = user.id
    record("comment_resolved", user=user, dossier=None, dossier_id=comment.dossier_id,
           comment=comment.id)


def comments_for(dossier, *, include_private: bool, step: str | None = None) -> list[Comment]:
    """Top-level comments (of one step when `step` is given) with their answers (eager),
    oldest first."""
    from sqlalchemy.orm import selectinload

    query = (select(Comment)
             .options(selectinload(Comment.answers).joinedload(Comment.author),
                      selectinload(Comment.author))
             .where(Comment.dossier_id == dossier.id, Comment.parent_id.is_(None))
             .order_by(Comment.id))
    if not include_private:
        query = query.where(Comment.private.is_(False))
    if step is not None:
        query = query.where(Comment.step == step)
    return db.session.scalars(query).all()


def open_counts(dossier) -> dict[str, int]:
    """Unresolved comments per step slug (what the task list shows)."""
    rows = db.session.execute(
        select(Comment.step, func.count()).where(
            Comment.dossier_id == dossier.id, Comment.parent_id.is_(None),
            Comment.private.is_(False), Comment.resolved_at.is_(None),
        ).group_by(Comment.step)
    ).all()
    return dict(rows)


# --- transmission ---------------------------------------------------------------


def store_transmission(dossier, user) -> Transmission:
    """Generate the PDF and JSON once and store them (with SHA-256) in the database."""
    from wizard.pdf import render_dossier_pdf
    from wizard.operations.exchange import export_json

    pdf = render_dossier_pdf(dossier, audience="prefecture", final=True)
    data = export_json(dossier).encode("utf-8")
    transmission = Transmission(
        dossier_id=dossier.id, pdf=pdf, json=data,
        pdf_sha256=hashlib.sha256(pdf).hexdigest(), json_sha256=hashlib.sha256(data).hexdigest(),
        pdf_size=len(pdf), json_size=len(data), created_by_id=user.id,
    )
    db.session.add(transmission)
    return transmission


def transmission_of(dossier) -> Transmission | None:
    return db.session.scalar(select(Transmission).where(Transmission.dossier_id == dossier.id))


def acknowledge(dossier, user) -> None:
    transmission = transmission_of(dossier)
    if transmission is None:
        raise OperationError("Aucune transmission à accuser.")
    transmission.acknowledged_at = utcnow()
    transmission.acknowledged_by_id = user.id


# --- notifications --------------------------------------------------------------


def _leads(dossier) -> list[User]:
    users = db.session.scalars(
        select(User).join(UserCommune).where(
            UserCommune.commune_id == dossier.commune_id, User.active.is_(True),
            User.role == Role.LEAD)
    ).all()
    extra = [c.user for c in dossier.co_editors if c.user.active]
    return list({u.id: u for u in [*users, *extra]}.values())


def _advisers() -> list[User]:
    return db.session.scalars(
        select(User).where(User.role == Role.ADVISER, User.active.is_(True))).all()


def _agents(dossier) -> list[User]:
    return db.session.scalars(
        select(User).join(UserDepartment).where(
            UserDepartment.department == dossier.department, User.active.is_(True),
            User.role == Role.PREFECTURE)
    ).all()


def notify(event: str, dossier, actor, reason: str | None = None) -> None:
    """E-mail the other side of the event; a mail failure is logged, never blocks the action."""
    from wizard.notifications import review_mail

    if event == "comment":
        lead_side = Role(actor.role) is Role.LEAD
        recipients = _advisers() if lead_side else _leads(dossier)
    else:
        recipients = {
            "submit": _advisers, "withdraw": _advisers,
            "request_changes": lambda: _leads(dossier), "approve": lambda: _leads(dossier),
            "close": lambda: _leads(dossier), "transmit": lambda: _agents(dossier),
        }.get(event, lambda: [])()
    emails = sorted({u.email for u in recipients if u.id != actor.id})
    if not emails:
        return
    subject, body = review_mail(event, dossier, actor, reason)
    try:
        send_mail(emails, subject, body)
    except OSError as exc:  # SMTP down: the change stands, the failure is recorded
        log.error("mail %s for dossier %s failed: %s", event, dossier.id, exc)
        record("mail_failed", user=actor, dossier=dossier, event=event, error=str(exc)[:200])
    if current_app.config.get("MAIL_BACKEND") == "console":
        log.info("mail %s sent to %s", event, ", ".join(emails))
