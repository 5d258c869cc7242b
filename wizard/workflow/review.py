"""The mission's side of the state machine: submission, review, its opinion (favorable,
reserved, end of support) and the transmission to the prefecture."""

from wizard import flow, reference
from wizard.document.checklist import PIECES
from wizard.models import DossierState as S
from wizard.models import Opinion
from wizard.operations import OperationError, record_attestation
from wizard.operations.attachments import attached_kinds
from wizard.review import notifications
from wizard.review.comments import (
    add_change_requests,
    comments_for,
    open_counts,
    piece_key,
    status_of,
)
from wizard.review.decisions import set_opinion
from wizard.review.snapshots import take_snapshot
from wizard.review.transmission import store_transmission
from wizard.steps import STEPS
from wizard.workflow.base import ADVISER, LEAD, Transition


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


def request_changes(dossier, user, reason=None, step_reasons=None, **_):
    """A change request (the mission's, or the prefecture's request for pieces): a message
    or at least one comment still to treat."""
    if not (reason and reason.strip()) and not step_reasons and not open_counts(dossier):
        raise OperationError(
            "Écrivez un message à la commune ou commentez au moins une étape ou une pièce.")
    add_change_requests(dossier, user, step_reasons or {}, reason)
    return {"steps": sorted(step_reasons or {})}


def requested_changes_text(dossier, reason):
    """A change request's one mail: the general message, then every comment still to
    treat, step by step and piece by piece (the comments are not mailed one by one)."""
    titles = {step.slug: step.title for step in STEPS}
    titles.update({piece_key(code): f"Pièce « {p.label} »" for code, p in PIECES.items()})
    parts = [reason.strip()] if reason and reason.strip() else []
    for c in comments_for(dossier, include_private=False):
        if status_of(c, dossier) == "open" and c.step in titles:
            parts.append(f"{titles[c.step]}{f' ({c.item})' if c.item else ''} : {c.body}")
    return "\n\n".join(parts) or None


def _transmit(dossier, user, **_):
    stored = store_transmission(dossier, user)
    return {"pdf_sha256": stored.pdf_sha256, "json_sha256": stored.json_sha256,
            "bundle_sha256": stored.bundle_sha256}


def _opinion(opinion: Opinion):
    def effect(dossier, user, reason=None, **_):
        set_opinion(dossier, opinion, reason)
        return {"opinion": opinion.value}

    return effect


TRANSITIONS = (
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
        button="secondary", effect=request_changes, recipients=notifications.leads_of,
        subject="Compléments demandés sur votre dossier « {title} »",
        mail_text=requested_changes_text),
    Transition(
        "approve", "Avis favorable", frozenset({S.IN_REVIEW}), S.APPROVED, ADVISER,
        "Avis favorable rendu : le dossier peut être transmis à la préfecture.",
        "Avis favorable de la mission régionale", message="Message à la commune (facultatif)",
        effect=_opinion(Opinion.FAVORABLE), recipients=notifications.leads_of,
        subject="Avis favorable de la mission régionale sur votre dossier « {title} »"),
    Transition(
        "reserve", "Avis réservé", frozenset({S.IN_REVIEW}), S.APPROVED, ADVISER,
        "Avis réservé rendu : le dossier peut être transmis à la préfecture, avec vos réserves.",
        "Avis réservé de la mission régionale", needs_reason=True,
        message="Réserves (transmises à la préfecture avec le dossier)", button="secondary",
        effect=_opinion(Opinion.RESERVED), recipients=notifications.leads_of,
        subject="Avis réservé de la mission régionale sur votre dossier « {title} »"),
    Transition(
        "transmit", "Transmettre à la préfecture", frozenset({S.APPROVED}), S.TRANSMITTED,
        ADVISER, "Dossier transmis à la préfecture.", "Transmission à la préfecture",
        effect=_transmit, recipients=notifications.agents_of,
        subject="Dossier de médiation sociale transmis : {title} ({commune})",
        link="prefecture.dossier", confirm=True),
    Transition(
        "close", "Fin d'accompagnement",
        frozenset({S.SUBMITTED, S.IN_REVIEW, S.CHANGES_REQUESTED}), S.CLOSED, ADVISER,
        "Fin d'accompagnement enregistrée.", "Fin d'accompagnement", needs_reason=True,
        message="Motif", button="tertiary", effect=_opinion(Opinion.ENDED),
        recipients=notifications.leads_of,
        subject="Fin de l'accompagnement de votre dossier « {title} »"),
)
