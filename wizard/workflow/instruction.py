"""The prefecture's side of the state machine: receipt, instruction, the request for
pieces (answered by the commune), admissibility, the committee, the decision per scheme and
year, the convention.

reçu → en instruction ⇄ pièces demandées → recevable → examiné en comité → décision rendue
→ conventionné. The committee, the decision and the convention carry their own form (the
transition's `page`), whose values reach the effect as `fields`.
"""

from wizard.formats import money
from wizard.models import DossierState as S
from wizard.operations import OperationError
from wizard.review import comments, decisions, notifications
from wizard.review.transmission import acknowledge
from wizard.workflow.base import LEAD, PREFECTURE, Transition
from wizard.workflow.review import request_changes, requested_changes_text

FORM_PAGE = "prefecture.transition_form"
NEEDS_FORM = "Remplissez le formulaire de cette étape de l'instruction."


def _acknowledge(dossier, user, **_):
    acknowledge(dossier, user)
    return {}


def _return_pieces(dossier, user, reason=None, **_):
    """The lead's message, if any, joins the exchanges the agent reads (and the mail)."""
    if not (reason and reason.strip()):
        return {}
    return {"comment": comments.add_return_message(dossier, user, reason).id}


def _committee(dossier, user, fields=None, **_):
    if not fields:
        raise OperationError(NEEDS_FORM)
    return decisions.set_committee(dossier, fields.get("committee_on"))


def _decide(dossier, user, fields=None, **_):
    if not fields:
        raise OperationError(NEEDS_FORM)
    return decisions.record_decisions(dossier, user, fields["lines"])


def _agree(dossier, user, fields=None, **_):
    if not fields:
        raise OperationError(NEEDS_FORM)
    return decisions.set_convention(dossier, user, fields.get("reference"),
                                    fields.get("signed_on"), fields.get("filename"),
                                    fields.get("data") or b"")


def _decision_text(dossier, reason):
    """The decision's mail: the message, then each scheme and year, granted or refused."""
    parts = [reason.strip()] if reason and reason.strip() else []
    for line in decisions.lines_of(dossier):
        outcome = (f"accordé {money(line.granted)} sur {money(line.requested)} demandés"
                   if line.granted is not None else
                   f"refusé ({money(line.requested)} demandés) : {line.refused_reason}")
        parts.append(f"{line.scheme_label}, année {line.year} : {outcome}")
    return "\n".join(parts) or None


TRANSITIONS = (
    Transition(
        "acknowledge", "Accuser réception", frozenset({S.TRANSMITTED}), S.RECEIVED,
        PREFECTURE, "Réception du dossier enregistrée.", "Accusé de réception de la préfecture",
        effect=_acknowledge),
    Transition(
        "instruct", "Prendre en instruction", frozenset({S.RECEIVED}), S.IN_INSTRUCTION,
        PREFECTURE, "Vous instruisez ce dossier.", "Prise en instruction par la préfecture",
        recipients=notifications.leads_of,
        subject="Votre dossier « {title} » est en instruction à la préfecture"),
    Transition(
        "request_pieces", "Demander des pièces", frozenset({S.IN_INSTRUCTION}),
        S.PIECES_REQUESTED, PREFECTURE, "Demande de pièces envoyée à la commune.",
        "Demande de pièces par la préfecture",
        message="Message général à la commune (les demandes sur les étapes et les pièces sont "
                "jointes)",
        button="secondary", effect=request_changes, recipients=notifications.leads_of,
        subject="Pièces demandées par la préfecture sur votre dossier « {title} »",
        mail_text=requested_changes_text),
    Transition(
        "return_pieces", "Renvoyer les pièces", frozenset({S.PIECES_REQUESTED}),
        S.IN_INSTRUCTION, LEAD, "Pièces renvoyées : la préfecture en est informée.",
        "Renvoi des pièces par la commune", message="Message à la préfecture (facultatif)",
        effect=_return_pieces, recipients=notifications.agents_of,
        subject="Pièces renvoyées par la commune : {title} ({commune})",
        link="prefecture.dossier"),
    Transition(
        "admit", "Déclarer recevable", frozenset({S.IN_INSTRUCTION}), S.ADMISSIBLE,
        PREFECTURE, "Dossier déclaré recevable.", "Dossier déclaré recevable",
        recipients=notifications.leads_of, subject="Votre dossier « {title} » est recevable"),
    Transition(
        "committee", "Enregistrer l'examen en comité", frozenset({S.ADMISSIBLE}), S.COMMITTEE,
        PREFECTURE, "Examen en comité enregistré.", "Examen en comité", effect=_committee,
        page=FORM_PAGE),
    Transition(
        "decide", "Saisir la décision", frozenset({S.COMMITTEE}), S.DECIDED, PREFECTURE,
        "Décision enregistrée : la commune en est informée.", "Décision de financement",
        effect=_decide, page=FORM_PAGE, recipients=notifications.leads_of,
        subject="Décision de financement sur votre dossier « {title} »",
        mail_text=_decision_text),
    Transition(
        "agree", "Enregistrer la convention", frozenset({S.DECIDED}), S.AGREED, PREFECTURE,
        "Convention enregistrée.", "Convention ou arrêté signé", effect=_agree,
        page=FORM_PAGE, recipients=notifications.leads_of,
        subject="Convention signée pour votre dossier « {title} »"),
)
