"""The amounts the instructing agent proposes to the committee: the form on the dossier
page (pre-filled with the requests, French errors next to each field, what was typed
kept, the amount requested never exceeded), saved with its audit event; the decision form
starts from them; the programming table shows them (HTML, CSV, PDF); the commune and the
mission never see them; only the dossier's department's agents may set them."""

import csv
import io
import re
from decimal import Decimal
from html import unescape

import pytest
from pypdf import PdfReader

from tests.helpers import add_pieces, add_transmission, login, post_form
from wizard import reference
from wizard.db import db
from wizard.models import AuditEvent, Dossier, DossierState, Instruction, Opinion, Proposal
from wizard.operations import OperationError
from wizard.review import decisions
from wizard.review.proposals import record_proposals

S = DossierState


def plain(text: str) -> str:
    """Babel's narrow and plain no-break spaces as ordinary spaces."""
    return text.replace("\u202f", " ").replace("\xa0", " ")


@pytest.fixture
def admissible(cast, create_dossier, complete_document):
    """A dossier of Lille, transmitted, declared « recevable »."""
    d = create_dossier(state=S.ADMISSIBLE, document=complete_document, commune=cast["lille"],
                       parameter_set=reference.current_set())
    add_pieces(d)
    add_transmission(d)
    db.session.add(Instruction(dossier_id=d.id, opinion=Opinion.FAVORABLE))
    db.session.commit()
    return d


def _value(html: str, name: str) -> str:
    match = re.search(rf'name="{re.escape(name)}"[^>]*value="([^"]*)"', html)
    assert match, f"no field {name}"
    return plain(match.group(1))


def _asked(did):
    return decisions.requested(db.session.get(Dossier, did))


def test_the_form_is_prefilled_checked_in_french_and_saved(app, cast, admissible):
    did = admissible.id
    page, url = f"/prefecture/dossiers/{did}", f"/prefecture/dossiers/{did}/montants-proposes"
    asked = _asked(did)
    keys = list(asked)
    fipd1 = keys.index(("fipd", 1))
    agent = login(app, cast["agent"])
    html = agent.get(page).text
    assert "Montants proposés au comité" in html
    assert _value(html, f"lines-{fipd1}-proposed") == "20 000,00"  # the amount requested
    data = {f"lines-{i}-proposed": str(a).replace(".", ",") for i, a in enumerate(asked.values())}

    too_much = post_form(agent, url, page, **{**data, f"lines-{fipd1}-proposed": "25 000"})
    text = plain(too_much.text)
    assert too_much.status_code == 400
    assert ("Le montant proposé ne peut pas dépasser le montant demandé (20 000,00 €)."
            in text)
    assert _value(too_much.text, f"lines-{fipd1}-proposed") == "25 000"  # kept
    assert 'aria-invalid="true"' in too_much.text and "fr-input--error" in too_much.text

    negative = post_form(agent, url, page, **{**data, f"lines-{fipd1}-proposed": "-10"})
    assert negative.status_code == 400
    assert "Montant invalide : nombre positif en euros" in negative.text
    assert _value(negative.text, f"lines-{fipd1}-proposed") == "-10"
    empty = post_form(agent, url, page, **{**data, f"lines-{fipd1}-proposed": ""})
    assert empty.status_code == 400 and "Indiquez le montant proposé" in empty.text
    assert Proposal.query.filter_by(dossier_id=did).count() == 0

    ok = post_form(agent, url, page, **{**data, f"lines-{fipd1}-proposed": "12 345,50"})
    assert ok.status_code == 302 and ok.headers["Location"].endswith("#montants-proposes")
    rows = {(p.scheme, p.year): p for p in Proposal.query.filter_by(dossier_id=did)}
    assert set(rows) == set(asked)
    assert rows[("fipd", 1)].proposed == Decimal("12345.50")
    assert rows[("fipd", 1)].requested == Decimal(20000)
    assert rows[("fipd", 1)].proposed_by_id == cast["agent"].id
    event = AuditEvent.query.filter_by(dossier_id=did, action="amounts_proposed").one()
    assert event.details["amounts"]["fipd-1"] == "12345.50"
    again = agent.get(page).text
    assert _value(again, f"lines-{fipd1}-proposed") == "12 345,50"  # the proposal, kept
    assert "Proposé" in again  # beside « Demandé » in the agent's table


def test_the_service_refuses_what_the_form_refuses(app, cast, admissible):
    asked = _asked(admissible.id)
    over = {**asked, ("fipd", 1): asked[("fipd", 1)] + 1}
    with pytest.raises(OperationError, match="ne peut pas dépasser le montant demandé"):
        record_proposals(admissible, cast["agent"], over)
    with pytest.raises(OperationError, match="chaque montant demandé"):
        record_proposals(admissible, cast["agent"], {("fipd", 1): Decimal(1)})
    db.session.rollback()
    admissible.state = S.DECIDED
    db.session.commit()
    with pytest.raises(OperationError, match="ne changent plus"):
        record_proposals(admissible, cast["agent"], asked)


def test_only_while_admissible_or_in_committee(app, cast, admissible):
    admissible.state = S.IN_INSTRUCTION
    db.session.commit()
    agent = login(app, cast["agent"])
    page = f"/prefecture/dossiers/{admissible.id}"
    assert "Montants proposés au comité" not in agent.get(page).text
    response = agent.get(f"{page}/montants-proposes")
    assert response.status_code == 302 and response.headers["Location"].endswith(page)
    posted = post_form(agent, f"{page}/montants-proposes", page, **{"lines-0-proposed": "1"})
    assert posted.status_code == 302
    assert Proposal.query.filter_by(dossier_id=admissible.id).count() == 0
    admissible.state = S.COMMITTEE
    db.session.commit()
    assert "Montants proposés au comité" in agent.get(page).text


def test_an_agent_of_another_department_cannot_set_them(app, cast, admissible):
    other = login(app, cast["agent62"])
    url = f"/prefecture/dossiers/{admissible.id}/montants-proposes"
    assert other.get(url).status_code == 404
    posted = post_form(other, url, "/mot-de-passe-oublie", **{"lines-0-proposed": "1"})
    assert posted.status_code == 404
    assert Proposal.query.filter_by(dossier_id=admissible.id).count() == 0


def _propose(dossier, agent, fipd1_amount):
    asked = _asked(dossier.id)
    record_proposals(dossier, agent, {**asked, ("fipd", 1): Decimal(fipd1_amount)})
    db.session.commit()
    return asked


def test_the_decision_form_starts_from_the_proposals(app, cast, admissible):
    asked = _propose(admissible, cast["agent"], "12345")
    admissible.state = S.COMMITTEE
    db.session.commit()
    keys = list(asked)
    agent = login(app, cast["agent"])
    html = agent.get(f"/prefecture/dossiers/{admissible.id}/actions/decide/formulaire").text
    assert _value(html, f"lines-{keys.index(('fipd', 1))}-granted") == "12 345,00"
    assert _value(html, f"lines-{keys.index(('fipd', 2))}-granted") == "20 000,00"


def test_the_programming_table_shows_them(app, cast, admissible):
    _propose(admissible, cast["agent"], "12345")
    agent = login(app, cast["agent"])
    html = plain(agent.get("/prefecture/programmation").text)
    headers = re.findall(r'<th scope="col"[^>]*>([^<]*)</th>', html)
    assert headers[3:6] == ["Montant demandé", "Montant proposé", "Montant accordé"]
    assert "47 345,00 €" in html  # FIPD: 12 345 + 20 000 + 15 000 proposed

    text = agent.get("/prefecture/programmation.csv").data.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][6:9] == ["Montant demandé", "Montant proposé", "Montant accordé"]
    fipd = next(row for row in rows if "(FIPD)" in row[5])
    assert fipd[6:9] == ["55000,00", "47345,00", ""]  # decimal comma, not decided yet
    assert len(fipd) == len(rows[0])

    pdf = agent.get("/prefecture/programmation.pdf")
    words = " ".join(" ".join(plain(page.extract_text() or "").split())
                     for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Montant proposé" in words and "47 345,00" in words


def test_the_commune_and_the_mission_never_see_them(app, cast, admissible):
    """Proposals, then the decision: the lead's and the adviser's pages show requested and
    granted, never the amount proposed."""
    asked = _propose(admissible, cast["agent"], "12345")
    lead, adviser = login(app, cast["lead"]), login(app, cast["adviser"])
    did = admissible.id

    def shown(client, url):
        response = client.get(url)
        assert response.status_code == 200, url
        return plain(response.text)

    lead_urls = (f"/dossiers/{did}", f"/dossiers/{did}/recapitulatif",
                 f"/dossiers/{did}/etapes/budget")
    for url in lead_urls + (f"/conseiller/dossiers/{did}",):
        text = shown(lead if url.startswith("/dossiers") else adviser, url)
        assert "12 345" not in text and "proposé" not in text.lower(), url
    # decided (the FIPD year 1 granted at 10 000): still no proposal on the lead's pages
    admissible.state = S.COMMITTEE
    db.session.commit()
    decisions.record_decisions(admissible, cast["agent"], [
        (scheme, year, Decimal(10000) if (scheme, year) == ("fipd", 1) else amount, None)
        for (scheme, year), amount in asked.items()])
    admissible.state = S.DECIDED
    db.session.commit()
    for url in lead_urls:
        text = shown(lead, url)
        assert "Décision de la préfecture" in text and "10 000,00 €" in text, url
        assert "12 345" not in text and "Proposé" not in text, url
    export = lead.get(f"/dossiers/{did}/dossier.json")
    assert export.status_code == 200
    assert b"12345" not in export.data and b"proposed" not in export.data


def test_the_history_hides_them_from_the_mission_and_the_commune(app, cast, admissible):
    """The adviser's history lists the dossier's events but not « Montants proposés au
    comité »; the prefecture's view of the events keeps it."""
    from wizard.models import Role
    from wizard.models.audit import record
    from wizard.review.history import events_for

    record("attachment_added", cast["lead"], admissible, file="rib.pdf")
    db.session.commit()
    _propose(admissible, cast["agent"], "12345")
    page = login(app, cast["adviser"]).get(f"/conseiller/dossiers/{admissible.id}/historique")
    assert page.status_code == 200
    text = unescape(page.text)
    assert "Ajout d'une pièce justificative" in text  # the other events stay
    assert "Montants proposés au comité" not in text and "12345" not in text
    assert "1 événement<" in text  # counted without it
    actions = {role: [e.action for e in events_for(admissible, role)] for role in Role}
    assert actions[Role.PREFECTURE] == ["amounts_proposed", "attachment_added"]
    for role in (Role.ADVISER, Role.LEAD):
        assert actions[role] == ["attachment_added"], role
