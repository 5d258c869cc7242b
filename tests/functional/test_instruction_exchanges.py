"""The exchanges between the commune and the prefecture during the instruction: the lead's
message sent with the returned pieces is kept where the agent reads it (an answer to the
agent's general message, or the commune's own message), and the requests' states along the
path (à traiter → traité → clos / rouvert), down to « non traité, échanges clos » once the
dossier is recevable: never « à traiter » for the commune when it can no longer act."""

import pytest

from tests.helpers import add_pieces, add_transmission, login, post_form
from wizard import reference, review, workflow
from wizard.db import db
from wizard.formats import date_time
from wizard.models import Comment, Dossier, DossierState
from wizard.models.review import GENERAL_STEP

S = DossierState


@pytest.fixture
def instructed(cast, create_dossier, complete_document):
    """A dossier of Lille transmitted, received and in instruction."""
    d = create_dossier(state=S.IN_INSTRUCTION, document=complete_document,
                       commune=cast["lille"], parameter_set=reference.current_set())
    add_pieces(d)
    add_transmission(d)
    db.session.commit()
    return d


def _dossier(did):
    db.session.expire_all()
    return db.session.get(Dossier, did)


def _block(html: str, comment_id: int) -> str:
    """The callout of one comment (up to the next one) in a page."""
    part = html.split(f'id="commentaire-{comment_id}"', 1)[1]
    return part.split('id="commentaire-', 1)[0]


def _status(comment_id: int) -> str:
    db.session.expire_all()
    c = db.session.get(Comment, comment_id)
    return review.status_of(c, db.session.get(Dossier, c.dossier_id))


def _top(did, step):
    return Comment.query.filter_by(dossier_id=did, parent_id=None, step=step).one()


def test_the_agent_reads_the_lead_message_and_the_requests_lifecycle(app, cast, smtp,
                                                                       instructed):
    did, page = instructed.id, f"/prefecture/dossiers/{instructed.id}"
    agent, lead = login(app, cast["agent"]), login(app, cast["lead"])
    post_form(agent, f"{page}/demandes", page, step="piece:rib", reason="RIB illisible.")
    post_form(agent, f"{page}/actions/request_pieces", page, reason="Merci de compléter.")
    assert _dossier(did).state is S.PIECES_REQUESTED
    rib, general = _top(did, "piece:rib"), _top(did, GENERAL_STEP)
    assert _status(rib.id) == _status(general.id) == "open"
    assert "1 commentaire à traiter" in lead.get(f"/dossiers/{did}").text
    # each side closes its own requests: not the mission the prefecture's
    adviser = login(app, cast["adviser"])
    adviser_page = f"/conseiller/dossiers/{did}"
    assert post_form(adviser, f"{adviser_page}/commentaires/{rib.id}/resolu",
                     adviser_page).status_code == 404
    assert _status(rib.id) == "open"

    # the commune treats the RIB request, then sends the pieces back with a message
    pieces = f"/dossiers/{did}/pieces"
    answered = post_form(lead, f"/dossiers/{did}/commentaires/{rib.id}/reponse", pieces,
                         reason="Nouveau RIB joint.", treated="y")
    assert _status(rib.id) == "treated"
    flashed = lead.get(answered.location).text
    assert "Réponse envoyée à la préfecture ; la demande est marquée traitée." in flashed
    post_form(lead, f"/dossiers/{did}/actions/return_pieces", f"/dossiers/{did}",
              reason="Voici les pièces.")
    assert _dossier(did).state is S.IN_INSTRUCTION
    assert any("Voici les pièces." in b for b in smtp.bodies_to("agent59@prefecture.fr"))

    # stored as the answer to the agent's general message, which it marks « traité »
    answer = Comment.query.filter_by(parent_id=general.id).one()
    assert answer.body == "Voici les pièces." and answer.author_id == cast["lead"].id
    assert _status(general.id) == "treated"
    shown = _block(agent.get(page).text, general.id)
    assert "Merci de compléter." in shown and "Voici les pièces." in shown
    assert f"Réponse de {cast['lead'].name}, {date_time(answer.created_at)}" in shown
    assert "Traité par la commune" in shown and "Clore" in shown

    # the agent closes the RIB request, reopens it: « à traiter » again for the commune
    post_form(agent, f"{page}/demandes/{rib.id}/resolu", page)
    assert _status(rib.id) == "closed"
    post_form(agent, f"{page}/demandes/{rib.id}/rouvrir", page)
    assert _status(rib.id) == "open"
    assert "1 commentaire à traiter" in lead.get(f"/dossiers/{did}").text

    # recevable: the request left open is closed for the commune, read-only everywhere
    post_form(agent, f"{page}/actions/admit", page)
    dossier = _dossier(did)
    assert dossier.state is S.ADMISSIBLE
    assert _status(rib.id) == "lapsed" and review.open_counts(dossier) == {}
    for client, url in ((lead, f"/dossiers/{did}"), (lead, pieces), (agent, page)):
        html = client.get(url).text
        assert "à traiter" not in html.lower(), url
        assert "Rouvrir" not in html and "Envoyer la réponse" not in html, url
    assert "Non traité, échanges clos" in _block(lead.get(pieces).text, rib.id)
    assert "Non traité, échanges clos" in _block(agent.get(page).text, rib.id)
    assert "Voici les pièces." in agent.get(page).text  # the exchanges stay readable


def test_a_message_without_a_general_request_is_the_communes_own(app, cast, instructed):
    did, page = instructed.id, f"/prefecture/dossiers/{instructed.id}"
    agent, lead = login(app, cast["agent"]), login(app, cast["lead"])
    post_form(agent, f"{page}/demandes", page, step="piece:rib", reason="RIB illisible.")
    post_form(agent, f"{page}/actions/request_pieces", page)
    post_form(lead, f"/dossiers/{did}/actions/return_pieces", f"/dossiers/{did}",
              reason="Le RIB est joint.")
    message = _top(did, GENERAL_STEP)
    assert message.author_id == cast["lead"].id and _status(message.id) == "message"
    assert _status(_top(did, "piece:rib").id) == "open"  # returning does not treat requests
    shown = _block(agent.get(page).text, message.id)
    assert "Message de la commune" in shown and "Le RIB est joint." in shown
    assert f"{cast['lead'].name}, {date_time(message.created_at)}" in shown
    assert "À traiter" not in shown and "Clore" not in shown
    post_form(agent, f"{page}/demandes/{message.id}/resolu", page)  # not the agent's request
    assert _status(message.id) == "message"
    assert review.open_counts(_dossier(did)) == {"piece:rib": 1}


def test_returning_without_a_message_adds_nothing(app, cast, instructed):
    did, page = instructed.id, f"/prefecture/dossiers/{instructed.id}"
    agent, lead = login(app, cast["agent"]), login(app, cast["lead"])
    post_form(agent, f"{page}/demandes", page, step="piece:rib", reason="RIB illisible.")
    post_form(agent, f"{page}/actions/request_pieces", page)
    post_form(lead, f"/dossiers/{did}/actions/return_pieces", f"/dossiers/{did}", reason="")
    assert _dossier(did).state is S.IN_INSTRUCTION
    assert Comment.query.filter_by(dossier_id=did).count() == 1


def test_the_missions_open_comment_lapses_with_its_round(app, cast, create_dossier,
                                                         complete_document):
    """An adviser's comment left « à traiter » at the opinion is not the commune's to do
    during the prefecture's instruction: not counted, not answerable."""
    d = create_dossier(state=S.IN_REVIEW, document=complete_document, commune=cast["lille"])
    comment = review.add_comment(d, cast["adviser"], "diagnostic", "Préciser les horaires.")
    assert review.open_counts(d) == {"diagnostic": 1}
    workflow.apply("approve", d, cast["adviser"])
    d.state = S.IN_INSTRUCTION
    db.session.commit()
    assert review.status_of(comment, d) == "lapsed" and review.open_counts(d) == {}
    from wizard.operations import OperationError

    with pytest.raises(OperationError, match="échanges sont clos"):
        review.add_comment(d, cast["lead"], "diagnostic", "Voici.", parent=comment,
                           treated=True)
