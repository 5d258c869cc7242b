"""The dossier lifecycle: one state machine, one record per transition.

brouillon → déposé → en relecture → à compléter → déposé … → validé → transmis → reçu;
also retiré (the lead withdraws before review) and classé sans suite (adviser, with a reason).

Each `Transition` says everything about itself — button label, source states, target, roles,
whether a reason is required, its guard and effect, the success message, the audit label, who
is e-mailed with which subject and link. Adding a transition is adding one entry to
`TRANSITIONS`: the blueprints, the buttons, the history labels and the mails read it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from wizard import flow, reference
from wizard.db import db
from wizard.models import DossierState as S
from wizard.models import Role
from wizard.models.audit import AUDIT_LABELS, record
from wizard.operations import OperationError, record_attestation
from wizard.operations.attachments import attached_kinds
from wizard.permissions import can_view
from wizard.review import notifications
from wizard.review.comments import add_change_requests, comments_for, open_counts
from wizard.review.snapshots import take_snapshot
from wizard.review.transmission import acknowledge, store_transmission
from wizard.steps import STEPS


class NotReady(OperationError):
    """Submission refused: `missing` maps step slugs to what they still need, `pieces`
    lists the required supporting documents not attached."""

    def __init__(self, missing, pieces=()):
        super().__init__(
            "Le dossier est incomplet : complétez les étapes et joignez les pièces indiquées "
            "avant de le déposer." if pieces else
            "Le dossier est incomplet : complétez les étapes indiquées avant de le déposer.")
        self.missing = missing
        self.pieces = list(pieces)


def _submit(dossier, user, attestation=None, **_):
    missing = flow.revalidate_all(dossier.document, reference.pinned(dossier), dossier.pending)
    pieces = flow.missing_pieces(dossier.document, attached_kinds(dossier))
    if missing or pieces:
        raise NotReady(missing, pieces)
    signed = record_attestation(dossier, user, attestation)  # NotAttested without it
    return {"round": take_snapshot(dossier, user).round, "signatory": signed["name"]}


def _request_changes(dossier, user, reason=None, step_reasons=None, **_):
    if not (reason and reason.strip()) and not step_reasons and not open_counts(dossier):
        raise OperationError(
            "Écrivez un message à la commune ou commentez au moins une étape.")
    add_change_requests(dossier, user, step_reasons or {}, reason)
    return {"steps": sorted(step_reasons or {})}


def _requested_changes_text(dossier, reason):
    """The change request's one mail: the general message, then every comment still to
    treat, step by step (the comments are not mailed one by one)."""
    titles = {step.slug: step.title for step in STEPS}
    parts = [reason.strip()] if reason and reason.strip() else []
    for c in comments_for(dossier, include_private=False):
        if c.is_open and c.step in titles:
            parts.append(f"{titles[c.step]}{f' ({c.item})' if c.item else ''} : {c.body}")
    return "\n\n".join(parts) or None


def _transmit(dossier, user, **_):
    stored = store_transmission(dossier, user)
    return {"pdf_sha256": stored.pdf_sha256, "json_sha256": stored.json_sha256,
            "bundle_sha256": stored.bundle_sha256}


def _acknowledge(dossier, user, **_):
    acknowledge(dossier, user)
    return {}


def _nothing(dossier, user, **_):
    return {}


@dataclass(frozen=True)
class Transition:
    """One transition of the review state machine, declared once.

    `effect(dossier, user, reason=, step_reasons=)` is its guard and effect together: it
    raises OperationError to refuse, and returns the details of the audit event.
    `recipients(dossier)` lists who is e-mailed (`subject` formatted with the dossier's
    title and commune, `link` the endpoint the mail points to); `message` labels the
    optional message field of the form (`needs_reason` makes it required);
    `mail_text(dossier, reason)` writes the mail's message when it is more than the reason;
    `confirm`: the button leads to a page that summarises what will be sent (an action that
    cannot be undone), whose form applies the transition.
    """

    name: str
    label: str
    sources: frozenset
    target: S
    roles: frozenset
    success: str
    event: str
    needs_reason: bool = False
    message: str | None = None
    button: str = "primary"
    effect: Callable = _nothing
    recipients: Callable | None = None
    subject: str = ""
    link: str = "lead.tasks"
    mail_text: Callable | None = None
    confirm: bool = False

    @property
    def audit_action(self) -> str:
        return f"state_{self.name}"


LEAD, ADVISER, PREFECTURE = frozenset({Role.LEAD}), frozenset({Role.ADVISER}), \
    frozenset({Role.PREFECTURE})

TRANSITIONS = {t.name: t for t in (
    Transition(
        "submit", "Déposer le dossier", frozenset({S.DRAFT, S.CHANGES_REQUESTED}), S.SUBMITTED,
        LEAD, "Dossier déposé : la mission régionale en est informée.", "Dépôt",
        effect=_submit, recipients=notifications.advisers,
        subject="Dossier déposé : {title} ({commune})", link="adviser.dossier", confirm=True),
    Transition(
        "withdraw", "Retirer le dossier", frozenset({S.SUBMITTED}), S.WITHDRAWN, LEAD,
        "Dossier retiré.", "Retrait par la commune", button="tertiary",
        recipients=notifications.advisers,
        subject="Dossier retiré par la commune : {title} ({commune})", link="adviser.dossier"),
    Transition(
        "take", "Prendre en relecture", frozenset({S.SUBMITTED}), S.IN_REVIEW, ADVISER,
        "Vous relisez ce dossier.", "Prise en relecture"),
    Transition(
        "request_changes", "Demander des compléments", frozenset({S.IN_REVIEW}),
        S.CHANGES_REQUESTED, ADVISER, "Demande de compléments envoyée à la commune.",
        "Demande de compléments",
        message="Message général à la commune (les commentaires des étapes sont joints)",
        button="secondary", effect=_request_changes, recipients=notifications.leads_of,
        subject="Compléments demandés sur votre dossier « {title} »",
        mail_text=_requested_changes_text),
    Transition(
        "approve", "Valider le dossier", frozenset({S.IN_REVIEW}), S.APPROVED, ADVISER,
        "Dossier validé.", "Validation", message="Message à la commune (facultatif)",
        recipients=notifications.leads_of, subject="Votre dossier « {title} » est validé"),
    Transition(
        "transmit", "Transmettre à la préfecture", frozenset({S.APPROVED}), S.TRANSMITTED,
        ADVISER, "Dossier transmis à la préfecture.", "Transmission à la préfecture",
        effect=_transmit, recipients=notifications.agents_of,
        subject="Dossier de médiation sociale transmis : {title} ({commune})",
        link="prefecture.dossier", confirm=True),
    Transition(
        "acknowledge", "Accuser réception", frozenset({S.TRANSMITTED}), S.RECEIVED,
        PREFECTURE, "Réception du dossier enregistrée.", "Accusé de réception de la préfecture",
        effect=_acknowledge),
    Transition(
        "close", "Classer sans suite",
        frozenset({S.SUBMITTED, S.IN_REVIEW, S.CHANGES_REQUESTED}), S.CLOSED, ADVISER,
        "Dossier classé sans suite.", "Classement sans suite", needs_reason=True,
        message="Motif", button="tertiary", recipients=notifications.leads_of,
        subject="Votre dossier « {title} » est classé sans suite"),
)}


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
    """The transition `name` when it has a confirmation page that `user` (of `role`'s
    blueprint) may see for `dossier` now; None otherwise."""
    transition = TRANSITIONS.get(name)
    if transition is None or not transition.confirm or role not in transition.roles:
        return None
    return transition if transition in available(user, dossier) else None


def available(user, dossier) -> list[Transition]:
    """The transitions this user may apply to this dossier now (for the buttons)."""
    if not can_view(user, dossier):
        return []
    state, role = dossier.state, user.role
    return [t for t in TRANSITIONS.values() if state in t.sources and role in t.roles]


def apply(name: str, dossier, user, *, reason: str | None = None,
          step_reasons: dict[str, str] | None = None, attestation=None) -> S:
    """Apply transition `name`; returns the new state. Raises
    OperationError (French message) when the transition is unknown, not allowed from the
    current state or for this user, when its guard fails (NotReady for an incomplete
    dossier, NotAttested for a submission without its `operations.Attestation`) or a reason
    is missing. The caller commits; the mails go after the flush."""
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
                                attestation=attestation)
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
