"""The dossier lifecycle: one state machine, one record per transition.

brouillon → déposé → en relecture → à compléter → déposé … → avis rendu (favorable or
reserved) → transmis → reçu → en instruction ⇄ pièces demandées → recevable → examiné en
comité → décision rendue → conventionné; also retiré (the lead withdraws before review) and
fin d'accompagnement (adviser, with a reason).

Each `Transition` (`base.py`) says everything about itself — button label, source states,
target, roles, whether a reason is required, its guard and effect, the success message, the
audit label, who is e-mailed with which subject and link. Adding a transition is adding one
entry to a tuple: `review.py` (the lead and the mission), `instruction.py` (the
prefecture); the blueprints, the buttons, the history labels and the mails read it.
"""

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from wizard.db import db
from wizard.models import Role
from wizard.models.audit import AUDIT_LABELS, record
from wizard.operations import OperationError
from wizard.permissions import can_view
from wizard.review import notifications
from wizard.workflow import instruction, review
from wizard.workflow.base import Transition
from wizard.workflow.review import NotReady

TRANSITIONS = {t.name: t for t in (*review.TRANSITIONS, *instruction.TRANSITIONS)}

__all__ = ["TRANSITIONS", "NotReady", "Transition", "apply", "available", "confirmable",
           "event_label", "for_role"]


def for_role(role: Role) -> frozenset[str]:
    """The names of the transitions `role` may ever apply (what its blueprint accepts)."""
    return frozenset(t.name for t in TRANSITIONS.values() if role in t.roles)


def event_label(action: str) -> str:
    """French label of an audit action (a transition's, or another event's)."""
    for t in TRANSITIONS.values():
        if t.audit_action == action:
            return t.event
    return AUDIT_LABELS.get(action, action)


def confirmable(name: str, role: Role, user, dossier) -> Transition | None:
    """The transition `name` when it has a confirmation page (or a form page) that `user`
    (of `role`'s blueprint) may see for `dossier` now; None otherwise."""
    transition = TRANSITIONS.get(name)
    if transition is None or not (transition.confirm or transition.page) \
            or role not in transition.roles:
        return None
    return transition if transition in available(user, dossier) else None


def available(user, dossier) -> list[Transition]:
    """The transitions this user may apply to this dossier now (for the buttons)."""
    if not can_view(user, dossier):
        return []
    state, role = dossier.state, user.role
    return [t for t in TRANSITIONS.values() if state in t.sources and role in t.roles]


def apply(name: str, dossier, user, *, reason: str | None = None,
          step_reasons: dict[str, str] | None = None, attestation=None,
          fields: dict | None = None):
    """Apply transition `name`; returns the new state. Raises
    OperationError (French message) when the transition is unknown, not allowed from the
    current state or for this user, when its guard fails (NotReady for an incomplete
    dossier, NotAttested for a submission without its `operations.Attestation`) or a reason
    is missing. `fields`: the values of a transition's own form (its `page`). The caller
    commits; the mails go after the flush."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise OperationError("Action inconnue.")
    state = dossier.state
    if not can_view(user, dossier) or user.role not in transition.roles:
        raise OperationError("Vous n'êtes pas autorisé à effectuer cette action sur ce dossier.")
    if state not in transition.sources:
        raise OperationError(
            f"Action impossible : le dossier est à l'état « {state.label} » "
            f"(« {transition.label} » n'est pas possible depuis cet état)."
        )
    reasons = {k: v.strip() for k, v in (step_reasons or {}).items() if v and v.strip()}
    if transition.needs_reason and not (reason and reason.strip()) and not reasons:
        raise OperationError("Indiquez un motif.")
    details = transition.effect(dossier, user, reason=reason, step_reasons=reasons,
                                attestation=attestation, fields=fields)
    dossier.state = transition.target
    record(transition.audit_action, user=user, dossier=dossier, source=state.value,
           target=transition.target.value, reason=reason or None, **(details or {}))
    try:
        db.session.flush()
    except (StaleDataError, IntegrityError):  # a concurrent request (a double click) won
        db.session.rollback()
        raise OperationError(
            "Le dossier vient d'être modifié par quelqu'un d'autre : rechargez la page."
        ) from None
    if transition.recipients is not None:
        text = transition.mail_text(dossier, reason) if transition.mail_text else reason
        notifications.notify(transition.recipients(dossier), transition.subject,
                             transition.link, dossier, user, text)
    return transition.target
