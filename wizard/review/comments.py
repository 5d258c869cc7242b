"""Comments on a dossier: the adviser's remarks on a step (optionally on one item), on the
pieces of one checklist line (step key `piece:<code>`, `piece_key`) or on the whole dossier
(a general message), the lead's answers, the adviser's private notes (never shown to leads),
and their round: à traiter → traité (the lead's answer) → clos (the adviser, or the agent),
or reopened. A request still « à traiter » once its round is over (the mission's after its
opinion, the prefecture's from « recevable » on) is « non traité, échanges clos »: shown
read-only, never as something the commune must still do. The commune's message sent with
the pieces returned to the prefecture is an answer to the agent's general message."""

from functools import cache

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from wizard.db import db, utcnow
from wizard.document.checklist import PIECES
from wizard.models import Comment, DossierState, Role, User
from wizard.models.audit import record
from wizard.models.review import GENERAL_STEP
from wizard.operations import OperationError
from wizard.review import notifications
from wizard.steps import STEPS

# the states in which the adviser and the commune exchange comments, and those in which the
# prefecture's agent and the commune do (a draft never seen by the mission, a dossier with
# an opinion, transmitted, admissible or further, or closed: the thread is read-only)
ADVISER_STATES = frozenset({DossierState.SUBMITTED, DossierState.IN_REVIEW,
                            DossierState.CHANGES_REQUESTED})
INSTRUCTION_STATES = frozenset({DossierState.IN_INSTRUCTION, DossierState.PIECES_REQUESTED})
REVIEW_STATES = ADVISER_STATES | INSTRUCTION_STATES
COMMENTER_STATES = {Role.ADVISER: ADVISER_STATES, Role.PREFECTURE: INSTRUCTION_STATES,
                    Role.LEAD: REVIEW_STATES}
# whose requests the commune answers in a state (the round under way)
ASKERS = {state: role for role in (Role.ADVISER, Role.PREFECTURE)
          for state in COMMENTER_STATES[role]}


def open_to_comments(dossier, role: Role | None = None) -> bool:
    """Whether comments may be written, answered, closed or reopened now (by `role`: the
    adviser during the review, the prefecture's agent during the instruction)."""
    return dossier.state in COMMENTER_STATES.get(role, REVIEW_STATES)


def status_of(comment, dossier) -> str:
    """The comment's status as shown (`Comment.status`), « lapsed » for a request still
    « à traiter » whose round is over: the commune can no longer act on it."""
    status = comment.status
    if status == "open" and not _live(comment, dossier):
        return "lapsed"
    return status


def _live(comment, dossier) -> bool:
    """Whether the round of this request is under way (the mission's or the prefecture's)."""
    role = comment.author.role if comment.author is not None else None
    if role in (Role.ADVISER, Role.PREFECTURE):
        return dossier.state in COMMENTER_STATES[role]
    return dossier.state in REVIEW_STATES


PIECE_PREFIX = "piece:"


def piece_key(code: str) -> str:
    """The step key of the comments on the pieces of checklist line `code`."""
    return PIECE_PREFIX + code


def is_piece_key(step: str) -> bool:
    return step.startswith(PIECE_PREFIX)


@cache
def step_slugs() -> frozenset[str]:
    """The keys a comment may be attached to: the wizard's steps, the checklist lines and
    GENERAL_STEP."""
    return frozenset([step.slug for step in STEPS] + [piece_key(code) for code in PIECES]
                     + [GENERAL_STEP])


def add_comment(dossier, user, step: str, body: str, *, item=None, private=False, parent=None,
                treated=False, notify=True):
    """A comment on a step or the whole dossier (adviser), a private note (adviser) or an
    answer (either side). A lead's answer with `treated` marks the comment it answers
    « traité ». `notify=False` when the caller sends one grouped mail itself."""
    if step not in step_slugs():
        raise OperationError("Cette étape n'existe pas.")
    body = (body or "").strip()
    if not body:
        raise OperationError("Le commentaire est vide.")
    if len(body) > 5000:
        raise OperationError("Le commentaire dépasse 5 000 caractères.")
    if private and user.role is not Role.ADVISER:
        raise OperationError("Seuls les conseillers peuvent écrire des notes privées.")
    if not private and not open_to_comments(dossier, user.role):
        raise OperationError(
            f"Le dossier est à l'état « {dossier.state.label} » : les échanges de commentaires "
            "sont clos.")
    if parent is not None and user.role is Role.LEAD and status_of(parent, dossier) == "lapsed":
        raise OperationError("Cette demande n'attend plus de réponse : les échanges sont clos.")
    comment = Comment(dossier_id=dossier.id, step=step, item=(item or None), body=body,
                      private=private, author_id=user.id,
                      parent_id=parent.id if parent is not None else None)
    db.session.add(comment)
    db.session.flush()
    record("comment_added", user=user, dossier=dossier, step=step, comment=comment.id,
           private=private, answer_to=comment.parent_id)
    if parent is not None and treated and user.role is Role.LEAD and parent.treated_at is None:
        parent.treated_at = comment.created_at or utcnow()
        parent.treated_by_id = user.id
        record("comment_treated", user=user, dossier=dossier, comment=parent.id)
    if notify and not private and not _collected(dossier, user):
        notifications.notify_comment(dossier, user, body)
    return comment


def _collected(dossier, user) -> bool:
    """An adviser's comments during the review, an agent's during the instruction, are not
    mailed one by one: the change request (the request for pieces) sends them together."""
    return (user.role is Role.ADVISER and dossier.state is DossierState.IN_REVIEW) or (
        user.role is Role.PREFECTURE and dossier.state is DossierState.IN_INSTRUCTION)


def add_change_requests(dossier, user, step_reasons: dict[str, str], reason: str | None):
    """The general message (not tied to a step) and one comment per step named in the
    change request. No mail each: the transition's one mail carries them all."""
    if reason and reason.strip():
        add_comment(dossier, user, GENERAL_STEP, reason, notify=False)
    for step, text in step_reasons.items():
        add_comment(dossier, user, step, text, notify=False)


def add_return_message(dossier, user, body: str) -> Comment:
    """The lead's message sent with the pieces returned to the prefecture, kept in the
    exchanges: an answer to the agent's latest general message not closed (marking it
    « traité »), or else the commune's own message on the whole dossier. Not mailed here:
    the transition's mail carries it."""
    asked = db.session.scalar(
        select(Comment).join(User, User.id == Comment.author_id).where(
            Comment.dossier_id == dossier.id, Comment.step == GENERAL_STEP,
            Comment.parent_id.is_(None), Comment.private.is_(False),
            Comment.resolved_at.is_(None), User.role == Role.PREFECTURE,
        ).order_by(Comment.id.desc()).limit(1))
    comment = add_comment(dossier, user, GENERAL_STEP, body, parent=asked, treated=True,
                          notify=False)
    if asked is None:  # the commune's own message: nothing for anyone to treat
        comment.treated_at, comment.treated_by_id = comment.created_at or utcnow(), user.id
    return comment


def resolve(comment, user) -> None:
    """The adviser closes a comment (« clos »)."""
    comment.resolved_at = utcnow()
    comment.resolved_by_id = user.id
    record("comment_resolved", user=user, dossier=None, dossier_id=comment.dossier_id,
           comment=comment.id)


def reopen(comment, user) -> None:
    """The adviser reopens a treated or closed comment: « à traiter » again."""
    comment.resolved_at = comment.resolved_by_id = None
    comment.treated_at = comment.treated_by_id = None
    record("comment_reopened", user=user, dossier=None, dossier_id=comment.dossier_id,
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
    """Requests of the round under way still « à traiter », per step slug (what the task
    list shows): none once the round is over, when the commune can no longer act."""
    asker = ASKERS.get(dossier.state)
    if asker is None:
        return {}
    rows = db.session.execute(
        select(Comment.step, func.count()).join(User, User.id == Comment.author_id).where(
            Comment.dossier_id == dossier.id, Comment.parent_id.is_(None),
            Comment.private.is_(False), Comment.resolved_at.is_(None),
            Comment.treated_at.is_(None), User.role == asker,
        ).group_by(Comment.step)
    ).all()
    return dict(rows)
