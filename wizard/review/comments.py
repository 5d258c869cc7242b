"""Comments on a dossier's steps and supporting documents: the adviser's remarks
(optionally on one item), the lead's answers, the adviser's private notes (never shown to
leads), their resolution. A comment on the pieces of one checklist line has the step key
`piece:<code>` (`piece_key`)."""

from functools import cache

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from wizard.db import db, utcnow
from wizard.document.checklist import PIECES
from wizard.models import Comment, Role
from wizard.models.audit import record
from wizard.operations import OperationError
from wizard.review import notifications
from wizard.steps import STEPS

PIECE_PREFIX = "piece:"


def piece_key(code: str) -> str:
    """The step key of the comments on the pieces of checklist line `code`."""
    return PIECE_PREFIX + code


def is_piece_key(step: str) -> bool:
    return step.startswith(PIECE_PREFIX)


@cache
def step_slugs() -> frozenset[str]:
    """The keys a comment may be attached to (the wizard's steps and the checklist lines)."""
    return frozenset([step.slug for step in STEPS] + [piece_key(code) for code in PIECES])


def add_comment(dossier, user, step: str, body: str, *, item=None, private=False, parent=None):
    """A comment on a step (adviser), a private note (adviser) or an answer (either side)."""
    if step not in step_slugs():
        raise OperationError("Cette étape n'existe pas.")
    body = (body or "").strip()
    if not body:
        raise OperationError("Le commentaire est vide.")
    if len(body) > 5000:
        raise OperationError("Le commentaire dépasse 5 000 caractères.")
    if private and user.role is not Role.ADVISER:
        raise OperationError("Seuls les conseillers peuvent écrire des notes privées.")
    comment = Comment(dossier_id=dossier.id, step=step, item=(item or None), body=body,
                      private=private, author_id=user.id,
                      parent_id=parent.id if parent is not None else None)
    db.session.add(comment)
    db.session.flush()
    record("comment_added", user=user, dossier=dossier, step=step, comment=comment.id,
           private=private, answer_to=comment.parent_id)
    if not private:
        notifications.notify_comment(dossier, user, body)
    return comment


def add_change_requests(dossier, user, step_reasons: dict[str, str], reason: str | None):
    """One comment per step named in the change request (and a general one if given)."""
    for step, text in step_reasons.items():
        add_comment(dossier, user, step, text)
    if reason and reason.strip() and not step_reasons:
        add_comment(dossier, user, STEPS[0].slug, reason)  # a general message: the first step


def resolve(comment, user) -> None:
    comment.resolved_at = utcnow()
    comment.resolved_by_id = user.id
    record("comment_resolved", user=user, dossier=None, dossier_id=comment.dossier_id,
           comment=comment.id)


def comments_for(dossier, *, include_private: bool, step: str | None = None) -> list[Comment]:
    """Top-level comments (of one step when `step` is given) with their answers (eager),
    oldest first."""
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
