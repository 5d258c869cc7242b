"""The dossier lifecycle: one state machine; every change of state goes through `apply`.

brouillon → déposé → en relecture → à compléter → déposé … → validé → transmis → reçu;
also retiré (the lead withdraws before review) and classé sans suite (adviser, with a reason).
Each transition declares who may do it, from which states, its guard and its effects
(snapshot, transmission, notification, audit event).
"""

from dataclasses import dataclass

from sqlalchemy.orm.exc import StaleDataError

from wizard import flow, reference, review
from wizard.db import db
from wizard.models import DossierState as S
from wizard.models import Role
from wizard.models.audit import record
from wizard.operations import OperationError
from wizard.permissions import can_view


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset
    target: S
    roles: frozenset
    needs_reason: bool = False
    button: str = "primary"


TRANSITIONS = {
    t.name: t
    for t in (
        Transition("submit", "Déposer le dossier", frozenset({S.DRAFT, S.CHANGES_REQUESTED}),
                   S.SUBMITTED, frozenset({Role.LEAD})),
        Transition("withdraw", "Retirer le dossier", frozenset({S.SUBMITTED}), S.WITHDRAWN,
                   frozenset({Role.LEAD}), button="tertiary"),
        Transition("take", "Prendre en relecture", frozenset({S.SUBMITTED}), S.IN_REVIEW,
                   frozenset({Role.ADVISER})),
        Transition("request_changes", "Demander des compléments", frozenset({S.IN_REVIEW}),
                   S.CHANGES_REQUESTED, frozenset({Role.ADVISER}), needs_reason=True,
                   button="secondary"),
        Transition("approve", "Valider le dossier", frozenset({S.IN_REVIEW}), S.APPROVED,
                   frozenset({Role.ADVISER})),
        Transition("transmit", "Transmettre à la préfecture", frozenset({S.APPROVED}),
                   S.TRANSMITTED, frozenset({Role.ADVISER})),
        Transition("acknowledge", "Accuser réception", frozenset({S.TRANSMITTED}), S.RECEIVED,
                   frozenset({Role.PREFECTURE})),
        Transition("close", "Classer sans suite",
                   frozenset({S.SUBMITTED, S.IN_REVIEW, S.CHANGES_REQUESTED}), S.CLOSED,
                   frozenset({Role.ADVISER}), needs_reason=True, button="tertiary"),
    )
}


class NotReady(OperationError):
    """Submission refused: `missing` maps step slugs to what they still need."""

    def __init__(self, missing):
        super().__init__("Le dossier est incomplet : complétez les étapes indiquées avant de le déposer.")
        self.missing = missing


def available(user, dossier) -> list[Transition]:
    """The transitions this user may apply to this dossier now (for the buttons)."""
    if not can_view(user, dossier):
        return []
    state, role = S(dossier.state), Role(user.role)
    return [t for t in TRANSITIONS.values() if state in t.sources and role in t.roles]


def apply(name: str, dossier, user, *, reason: str | None = None,
          step_reasons: dict[str, str] | None = None):
    """Apply transition `name`; returns the new state. Raises OperationError (French message)
    when the transition is unknown, not allowed from the current state or for this user,
    when its guard fails (NotReady for an incomplete dossier) or a reason is missing.
    The caller commits."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise OperationError("Action inconnue.")
    state = S(dossier.state)
    if not can_view(user, dossier) or Role(user.role) not in transition.roles:
        raise OperationError("Vous n'êtes pas autorisé à effectuer cette action sur ce dossier.")
    if state not in transition.sources:
        raise OperationError(
            f"Action impossible : le dossier est à l'état « {state.label} » "
            f"(« {transition.label} » n'est pas possible depuis cet état)."
        )
    reasons = {k: v.strip() for k, v in (step_reasons or {}).items() if v and v.strip()}
    if transition.needs_reason and not (reason and reason.strip()) and not reasons:
        raise OperationError("Indiquez un motif.")
    details = _GUARDS_AND_EFFECTS[name](dossier, user, reason=reason, step_reasons=reasons)
    dossier.state = transition.target
    record(f"state_{name}", user=user, dossier=dossier, source=state.value,
           target=transition.target.value, reason=reason or None, **(details or {}))
    try:
        db.session.flush()
    except StaleDataError:
        db.session.rollback()
        raise OperationError("Le dossier vient d'être modifié par quelqu'un d'autre : rechargez la page.") from None
    review.notify(name, dossier, user, reason=reason)
    return transition.target


def _submit(dossier, user, **_):
    missing = flow.revalidate_all(dossier.document, reference.pinned(dossier), dossier.pending)
    if missing:
        raise NotReady(missing)
    snapshot = review.take_snapshot(dossier, user)
    return {"round": snapshot.round}


def _request_changes(dossier, user, reason=None, step_reasons=None, **_):
    review.add_change_requests(dossier, user, step_reasons or {}, reason)
    return {"steps": sorted(step_reasons or {})}


def _transmit(dossier, user, **_):
    transmission = review.store_transmission(dossier, user)
    return {"pdf_sha256": transmission.pdf_sha256, "json_sha256": transmission.json_sha256}


def _acknowledge(dossier, user, **_):
    review.acknowledge(dossier, user)
    return {}


def _nothing(dossier, user, **_):
    return {}


_GUARDS_AND_EFFECTS = {
    "submit": _submit,
    "withdraw": _nothing,
    "take": _nothing,
    "request_changes": _request_changes,
    "approve": _nothing,
    "transmit": _transmit,
    "acknowledge": _acknowledge,
    "close": _nothing,
}
