"""The state machine: every allowed and forbidden transition, guards, effects."""

import copy

import pytest

from tests.helpers import PDF_BYTES, add_pieces, add_transmission, signed
from wizard import review, workflow
from wizard.db import db
from wizard.models import AuditEvent, Dossier, DossierState, Snapshot
from wizard.operations import OperationError
from wizard.permissions import RECEIVABLE
from wizard.review import decisions

S = DossierState


@pytest.fixture
def people(create_commune, create_user):
    lille = create_commune()
    return {
        "commune": lille,
        "lead": create_user("lead", communes=[lille]),
        "adviser": create_user("adviser"),
        "prefecture": create_user("prefecture", departments=["59"]),
        "admin": create_user("admin"),
    }


@pytest.fixture
def make(people, create_dossier, complete_document):
    """make(state, document=None): a dossier of Lille in `state` (the complete document and
    its required pieces by default), with its transmission when the state needs one."""
    from wizard import reference

    def factory(state, document=None):
        dossier = create_dossier(state=state,
                                 document=document or copy.deepcopy(complete_document),
                                 commune=people["commune"], parameter_set=reference.current_set())
        if state in RECEIVABLE:
            add_transmission(dossier)
        if document is None:
            add_pieces(dossier)  # the required supporting documents of a complete dossier
        return dossier

    return factory


# (transition, source state) pairs that are allowed, with the role that may apply them
ALLOWED = {
    ("submit", S.DRAFT): "lead", ("submit", S.CHANGES_REQUESTED): "lead",
    ("withdraw", S.SUBMITTED): "lead",
    ("take", S.SUBMITTED): "adviser",
    ("request_changes", S.IN_REVIEW): "adviser", ("approve", S.IN_REVIEW): "adviser",
    ("reserve", S.IN_REVIEW): "adviser",
    ("close", S.SUBMITTED): "adviser", ("close", S.IN_REVIEW): "adviser",
    ("close", S.CHANGES_REQUESTED): "adviser",
    ("acknowledge", S.TRANSMITTED): "prefecture",
    ("transmit", S.APPROVED): "adviser",
    ("instruct", S.RECEIVED): "prefecture",
    ("request_pieces", S.IN_INSTRUCTION): "prefecture",
    ("return_pieces", S.PIECES_REQUESTED): "lead",
    ("admit", S.IN_INSTRUCTION): "prefecture",
    ("committee", S.ADMISSIBLE): "prefecture",
    ("decide", S.COMMITTEE): "prefecture",
    ("agree", S.DECIDED): "prefecture",
}


def fields_for(name, dossier):
    """The values of a transition's own form (committee, decision, convention)."""
    from datetime import date

    if name == "committee":
        return {"committee_on": date(2026, 3, 2)}
    if name == "decide":
        return {"lines": [(scheme, year, amount, None) for (scheme, year), amount
                          in decisions.requested(dossier).items()]}
    if name == "agree":
        return {"reference": "Arrêté 2026-12", "signed_on": date(2026, 4, 1),
                "filename": "convention.pdf", "data": PDF_BYTES}
    return None


@pytest.mark.parametrize("name", sorted(workflow.TRANSITIONS))
@pytest.mark.parametrize("state", list(S))
def test_transition_matrix(people, make, name, state):
    """Each transition works only from its source states and only for its role."""
    for role in ("lead", "adviser", "prefecture", "admin"):
        dossier = make(state)
        allowed = ALLOWED.get((name, state)) == role
        if allowed:
            target = workflow.apply(name, dossier, people[role], reason="Motif de test",
                                    attestation=signed(), fields=fields_for(name, dossier))
            db.session.commit()
            assert target is workflow.TRANSITIONS[name].target
            assert AuditEvent.query.filter_by(dossier_id=dossier.id, action=f"state_{name}").count() == 1
        else:
            with pytest.raises(OperationError):
                workflow.apply(name, dossier, people[role], reason="Motif de test",
                               attestation=signed(), fields=fields_for(name, dossier))
            db.session.rollback()
            assert db.session.get(Dossier, dossier.id).state == state


def test_submit_requires_every_step_complete(people, make):
    dossier = make(S.DRAFT, document={"format": "mediation-dossier", "version": 1,
                                              "commune": {"insee_code": "59350"}})
    with pytest.raises(workflow.NotReady) as caught:
        workflow.apply("submit", dossier, people["lead"])
    assert "porteur-territoire" in caught.value.missing
    db.session.rollback()
    assert dossier.state == S.DRAFT and Snapshot.query.count() == 0


def test_each_submission_stores_an_immutable_snapshot(people, make, complete_document):
    dossier = make(S.DRAFT)
    workflow.apply("submit", dossier, people["lead"], attestation=signed())
    workflow.apply("take", dossier, people["adviser"])
    workflow.apply("request_changes", dossier, people["adviser"], reason="Préciser les horaires")
    db.session.commit()
    doc = dict(dossier.document, title="Titre modifié")
    dossier.document = doc
    db.session.commit()
    workflow.apply("submit", dossier, people["lead"], attestation=signed())
    db.session.commit()
    first, second = Snapshot.query.order_by(Snapshot.round).all()
    assert (first.round, second.round) == (1, 2)
    assert first.document["title"] == complete_document["title"]
    assert second.document["title"] == "Titre modifié"
    assert first.costing["years"][0]["total_costs"]


def test_a_reason_is_required_to_close(people, make):
    dossier = make(S.IN_REVIEW)
    with pytest.raises(OperationError, match="motif"):
        workflow.apply("close", dossier, people["adviser"], reason="  ")


def test_a_change_request_needs_a_message_or_a_step_comment(people, make):
    dossier = make(S.IN_REVIEW)
    with pytest.raises(OperationError, match="commentez au moins une étape"):
        workflow.apply("request_changes", dossier, people["adviser"], reason="  ")
    db.session.rollback()
    review.add_comment(dossier, people["adviser"], "budget", "Montants de l'année 3 ?")
    assert workflow.apply("request_changes", dossier, people["adviser"]) is S.CHANGES_REQUESTED


def test_an_agent_of_another_department_cannot_acknowledge(people, make, create_user):
    other = create_user("prefecture", departments=["62"])
    dossier = make(S.TRANSMITTED)
    with pytest.raises(OperationError):
        workflow.apply("acknowledge", dossier, other)


def test_submission_is_refused_without_the_attestation(people, make):
    from datetime import date

    from wizard.operations import Attestation, NotAttested
    dossier = make(S.DRAFT)
    for attestation in (None, Attestation("Camille Leroy", "Maire", date(2026, 1, 5), False),
                        Attestation(" ", "Maire", date(2026, 1, 5), True)):
        with pytest.raises(NotAttested, match="attestation sur l'honneur doit être signée"):
            workflow.apply("submit", dossier, people["lead"], attestation=attestation)
        db.session.rollback()
    assert dossier.state == S.DRAFT and Snapshot.query.count() == 0
    assert AuditEvent.query.filter_by(action="attestation_signed").count() == 0


def test_the_attestation_is_recorded_with_who_and_when(people, make):
    dossier = make(S.DRAFT)
    workflow.apply("submit", dossier, people["lead"], attestation=signed())
    db.session.commit()
    event = AuditEvent.query.filter_by(action="attestation_signed").one()
    assert event.user_id == people["lead"].id and event.dossier_id == dossier.id and event.at
    assert event.details["name"] == "Camille Leroy" and event.details["quality"] == "Maire"
    assert event.details["signed_on"] == "2026-01-05" and event.details["accepted"] is True
    assert "atteste sur l'honneur" in event.details["text"]
    assert workflow.event_label("attestation_signed") == "Attestation sur l'honneur"
