"""The prefecture's instruction through HTTP: receipt, instruction, pieces requested on a
piece and answered by the commune (pieces replaced while the document stays frozen),
admissibility, committee, decision per scheme and year with a partial grant and a refusal,
the holder's view of the gap, the convention; the mission's opinions; the programming
table (screen, CSV, PDF) without N+1; e-mails read from a local SMTP server."""

import io
from decimal import Decimal

import pytest

from tests.helpers import PDF_BYTES, add_pieces, add_transmission, csrf_token, login, post_form
from wizard import reference, workflow
from wizard.db import db
from wizard.models import Attachment, Decision, Dossier, DossierState, Instruction, Opinion
from wizard.review import decisions

S = DossierState


@pytest.fixture
def received(cast, create_dossier, complete_document):
    """A dossier of Lille with the mission's reserved opinion, transmitted and received."""
    d = create_dossier(state=S.RECEIVED, document=complete_document, commune=cast["lille"],
                       parameter_set=reference.current_set())
    add_pieces(d)
    add_transmission(d)
    db.session.add(Instruction(dossier_id=d.id, opinion=Opinion.RESERVED,
                               opinion_reason="Horaires de nuit à confirmer"))
    db.session.commit()
    return d


def _state(did):
    db.session.expire_all()
    return db.session.get(Dossier, did).state


def test_the_whole_instruction_path(app, cast, smtp, received):
    did = received.id
    page = f"/prefecture/dossiers/{did}"
    agent = login(app, cast["agent"])
    html = agent.get(page).text
    assert "Avis réservé de la mission régionale" in html and "Horaires de nuit" in html
    post_form(agent, f"{page}/actions/instruct", page)
    assert _state(did) is S.IN_INSTRUCTION
    assert any("en instruction" in b for b in smtp.bodies_to("porteur@lille.fr"))

    # a request on the RIB piece, then the request for pieces: one mail with both
    post_form(agent, f"{page}/demandes", page, step="piece:rib", reason="RIB illisible.")
    before = len(smtp.bodies_to("porteur@lille.fr"))
    post_form(agent, f"{page}/actions/request_pieces", page, reason="Merci de compléter.")
    assert _state(did) is S.PIECES_REQUESTED
    mails = smtp.bodies_to("porteur@lille.fr")[before:]
    assert len(mails) == 1 and "RIB illisible." in mails[0] and "Merci de compléter." in mails[0]

    # the commune replaces the RIB (allowed), cannot delete a piece nor change a step
    lead = login(app, cast["lead"])
    pieces_page = f"/dossiers/{did}/pieces"
    assert "Renvoyer les pièces" in lead.get(f"/dossiers/{did}").text
    rib = Attachment.query.filter_by(dossier_id=did, kind="rib").first()
    token_page = lead.get(pieces_page).text
    assert "La préfecture demande des pièces" in token_page
    token = csrf_token(token_page)
    replaced = lead.post(f"/dossiers/{did}/pieces/{rib.id}/remplacer", data={
        "csrf_token": token, "file": (io.BytesIO(PDF_BYTES + b"v2"), "rib.pdf")},
        content_type="multipart/form-data")
    assert replaced.status_code == 302
    deleted = post_form(lead, f"/dossiers/{did}/pieces/{rib.id}/supprimer", pieces_page)
    assert deleted.status_code == 302
    assert Attachment.query.filter_by(id=rib.id).count() == 1
    saved = post_form(lead, f"/dossiers/{did}/etapes/diagnostic", f"/dossiers/{did}")
    assert saved.status_code in (302, 403, 409) and _state(did) is S.PIECES_REQUESTED
    comment = next(c for c in received_comments(did) if c.step == "piece:rib")
    post_form(lead, f"/dossiers/{did}/commentaires/{comment.id}/reponse", pieces_page,
              reason="Nouveau RIB joint.", treated="y")
    assert any("Nouveau RIB joint." in b for b in smtp.bodies_to("agent59@prefecture.fr"))
    post_form(lead, f"/dossiers/{did}/actions/return_pieces", f"/dossiers/{did}",
              reason="Voici les pièces.")
    assert _state(did) is S.IN_INSTRUCTION
    assert any("Voici les pièces." in b for b in smtp.bodies_to("agent59@prefecture.fr"))
    later = agent.get(page).text.split("Pièces ajoutées ou remplacées depuis la transmission")
    assert len(later) == 2 and "rib.pdf" in later[1] and "deliberation.pdf" not in later[1]

    # admissible, committee (the date is required, kept on error)
    post_form(agent, f"{page}/actions/admit", page)
    assert _state(did) is S.ADMISSIBLE
    form_url = f"{page}/actions/committee/formulaire"
    empty = post_form(agent, form_url, form_url, committee_on="")
    assert empty.status_code == 400 and "Indiquez la date du comité" in empty.text
    assert post_form(agent, form_url, form_url, committee_on="2026-03-02").status_code == 302
    assert _state(did) is S.COMMITTEE

    # the decision: one line per scheme and year
    asked = decisions.requested(db.session.get(Dossier, did))
    keys = list(asked)
    assert ("fipd", 1) in asked and ("adultes_relais", 1) in asked
    decide = f"{page}/actions/decide/formulaire"
    form_page = agent.get(decide).text
    assert "Fonds interministériel de prévention de la délinquance (FIPD)" in form_page
    assert "Conseil départemental" not in form_page  # not the préfet's to decide
    data = {f"lines-{i}-granted": str(amount).replace(".", ",")
            for i, amount in enumerate(asked.values())}
    fipd1 = keys.index(("fipd", 1))
    refused3 = keys.index(("fipd", 3))  # refused below
    too_much = post_form(agent, decide, decide, **{**data, f"lines-{fipd1}-granted": "99 999"})
    assert too_much.status_code == 400 and "ne peut dépasser le montant demandé" in too_much.text
    assert "99 999" in too_much.text  # what was typed stays
    no_reason = post_form(agent, decide, decide, **{**data, f"lines-{refused3}-granted": "",
                                                   f"lines-{refused3}-refused": "y"})
    assert no_reason.status_code == 400 and "Indiquez le motif du refus" in no_reason.text
    ok = post_form(agent, decide, decide, **{
        **data, f"lines-{fipd1}-granted": "15 000", f"lines-{refused3}-granted": "",
        f"lines-{refused3}-refused": "y", f"lines-{refused3}-refused_reason": "Hors budget"})
    assert ok.status_code == 302 and _state(did) is S.DECIDED
    assert Decision.query.filter_by(dossier_id=did).count() == len(asked)
    refused = Decision.query.filter_by(dossier_id=did, scheme="fipd", year=3).one()
    assert refused.granted is None and refused.refused_reason == "Hors budget"
    mail = smtp.bodies_to("porteur@lille.fr")[-1]
    assert "accordé 15 000,00 €" in mail.replace("\u202f", " ").replace("\xa0", " ")
    assert "Hors budget" in mail

    # the holder sees granted beside requested, and the gap on the budget step
    gap = Decimal("20000") - Decimal("15000") + Decimal("15000")  # FIPD 1 partial, 3 refused
    for url in (f"/dossiers/{did}", f"/dossiers/{did}/recapitulatif",
                f"/dossiers/{did}/etapes/budget"):
        text = lead.get(url).text.replace("\u202f", " ").replace("\xa0", " ")
        assert "Décision de la préfecture" in text, url
        assert "20 000,00 €" in text and "Refusé" in text, url
    budget = lead.get(f"/dossiers/{did}/etapes/budget").text.replace("\u202f", " ").replace(
        "\xa0", " ")
    assert gap == Decimal("20000")
    assert "Il vous reste <strong>20 000,00 €</strong>" in budget

    # the convention, its signed document attached as the prefecture's piece
    agree = f"{page}/actions/agree/formulaire"
    token = csrf_token(agent.get(agree).text)
    missing = agent.post(agree, data={"csrf_token": token, "reference": "Arrêté 2026-12",
                                      "signed_on": "2026-04-01"},
                         content_type="multipart/form-data")
    assert missing.status_code == 400 and "Joignez le document signé" in missing.text
    assert "Arrêté 2026-12" in missing.text
    done = agent.post(agree, data={"csrf_token": token, "reference": "Arrêté 2026-12",
                                   "signed_on": "2026-04-01",
                                   "file": (io.BytesIO(PDF_BYTES), "convention.pdf")},
                      content_type="multipart/form-data")
    assert done.status_code == 302 and _state(did) is S.AGREED
    instruction = db.session.get(Instruction, did)
    assert instruction.convention_reference == "Arrêté 2026-12"
    assert db.session.get(Attachment, instruction.convention_attachment_id).kind == "convention"
    assert "Arrêté 2026-12" in agent.get(page).text


def received_comments(did):
    from wizard.models import Comment

    return Comment.query.filter_by(dossier_id=did, parent_id=None).all()


def test_an_agent_of_another_department_sees_nothing(app, cast, received):
    other = login(app, cast["agent62"])
    did = received.id
    for url in (f"/prefecture/dossiers/{did}", f"/prefecture/dossiers/{did}/actions/"
                "committee/formulaire"):
        assert other.get(url).status_code == 404
    assert received.title not in other.get("/prefecture/programmation").text
    assert received.title not in other.get("/prefecture/programmation.csv").text


def test_a_page_transition_needs_its_form(app, cast, received):
    """« Saisir la décision » posted as a plain action is refused (its form is the page)."""
    received.state = S.COMMITTEE
    db.session.commit()
    agent = login(app, cast["agent"])
    page = f"/prefecture/dossiers/{received.id}"
    post_form(agent, f"{page}/actions/decide", page)
    assert _state(received.id) is S.COMMITTEE


def test_opinions(app, cast, smtp, create_dossier, complete_document):
    d = create_dossier(state=S.IN_REVIEW, document=complete_document, commune=cast["lille"])
    from wizard.operations import OperationError

    with pytest.raises(OperationError, match="motif"):
        workflow.apply("reserve", d, cast["adviser"], reason=" ")
    db.session.rollback()
    workflow.apply("reserve", d, cast["adviser"], reason="Budget fragile")
    db.session.commit()
    assert d.state is S.APPROVED and d.state_label == "Avis rendu"
    instruction = db.session.get(Instruction, d.id)
    assert instruction.opinion is Opinion.RESERVED and instruction.opinion_reason == "Budget fragile"
    assert any("Budget fragile" in b for b in smtp.bodies_to("porteur@lille.fr"))
    assert workflow.TRANSITIONS["approve"].label == "Avis favorable"
    assert workflow.TRANSITIONS["close"].label == "Fin d'accompagnement"
    assert S.CLOSED.label == "Fin d'accompagnement"
    page = login(app, cast["adviser"]).get(f"/conseiller/dossiers/{d.id}").text
    assert "Transmettre à la préfecture" in page


def test_programming_table_csv_and_pdf(app, cast, received):
    received.title = "=HYPERLINK(\"x\")"
    db.session.commit()
    agent = login(app, cast["agent"])
    html = agent.get("/prefecture/programmation").text
    assert "Lille Sud (QN05926M)" in html and "Avis réservé" in html
    response = agent.get("/prefecture/programmation.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.data.decode("utf-8")
    assert text.startswith("\ufeffDépartement;Porteur;Commune;")
    import csv

    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    fipd = next(row for row in rows if "(FIPD)" in row[5])
    assert fipd[3] == "'=HYPERLINK(\"x\")"  # formula neutralised
    assert fipd[6] == "55000,00"  # 20 000 + 20 000 + 15 000, decimal comma
    assert fipd[11] == "Horaires de nuit à confirmer"
    pdf = agent.get("/prefecture/programmation.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")


def test_programming_table_has_no_n_plus_one(app, cast, create_dossier, complete_document):
    from tests.functional.test_query_counts import count_queries

    agent = login(app, cast["agent"])

    def queries():
        agent.get("/prefecture/programmation")
        db.session.remove()
        with count_queries() as statements:
            assert agent.get("/prefecture/programmation").status_code == 200
        return len(statements)

    def add(n):
        for _ in range(n):
            d = create_dossier(state=S.RECEIVED, document=complete_document,
                               commune=cast["lille"], parameter_set=reference.current_set())
            add_transmission(d)

    add(1)
    one = queries()
    add(5)
    assert queries() == one


def test_the_decision_lines_are_the_amounts_requested(app, received):
    """The prefecture decides on what the application asks (document.requests): each non-zero
    amount per scheme and year, the adultes-relais aid included."""
    from wizard import reference
    from wizard.costing import cost_document
    from wizard.document.requests import requested_amounts
    from wizard.review.decisions import requested

    dossier = received
    asked = requested_amounts(dossier.document,
                              cost_document(dossier.document, reference.pinned(dossier)))
    lines = requested(dossier)
    assert lines and all(amount > 0 for amount in lines.values())
    for (scheme, year), amount in lines.items():
        assert asked.by_scheme[scheme][year - 1] == amount
    assert ("adultes_relais", 1) in lines
    # the préfet decides the State's schemes only: the Department's request is its own
    assert asked.by_scheme["departement"][0] == 10000
    assert {scheme for scheme, _ in lines} == {"fipd", "adultes_relais"}
