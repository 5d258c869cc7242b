"""Renewal: the commune's lead renews a decided dossier for the next year (a pre-filled
draft pinned to the current parameter set, statutes and RIB copied, audited, once), the
co-editor and other states cannot; the adviser's page of the renewal shows the differences
from last year's transmitted round."""

import copy
import html
from decimal import Decimal

import pytest

from tests.helpers import add_pieces, add_transmission, login, post_form
from wizard import reference
from wizard.db import db, utcnow
from wizard.document import checklist
from wizard.models import (
    Attachment,
    AuditEvent,
    CoEditor,
    Decision,
    Dossier,
    DossierState,
    Snapshot,
)
from wizard.review import renewal as last_year
from wizard.review.snapshots import costing_json

S = DossierState


@pytest.fixture
def decided(cast, create_dossier, complete_document):
    """Lille's dossier, transmitted (round 1) then decided, costed with « 2026-v1 », with a
    RIB, statutes and a délibération, a scenario B and pending input."""
    old_set = reference.current_set()
    d = create_dossier(state=S.DECIDED, document=complete_document, commune=cast["lille"],
                       parameter_set=old_set, scenarios={"B": {"rounds": []}},
                       pending={"diagnostic": [["x", "y"]]})
    d.commune = cast["lille"]
    db.session.add(Snapshot(dossier_id=d.id, round=1, document=copy.deepcopy(d.document),
                            costing=costing_json(d), parameter_set_id=old_set.id,
                            submitted_at=utcnow()))
    db.session.commit()
    add_transmission(d)
    add_pieces(d, ["rib", "statuts", "deliberation", "comptes"])
    db.session.add(Decision(dossier_id=d.id, scheme="fipd", year=1, requested=Decimal(10000),
                            granted=Decimal(8000), decided_at=utcnow()))
    db.session.commit()
    return d


@pytest.fixture
def newer_set(cast):
    """A newer published set, « 2026-v2 »: the current one."""
    default = reference.current_set()
    newer = reference.publish({p.key: {"value": p.value} for p in default.parameters},
                              cast["adviser"], "2026-v2")
    db.session.commit()
    return newer


def _page(client, url) -> str:
    """The page's text with its HTML entities decoded (« l'année »)."""
    return html.unescape(client.get(url).text)


def _renew(client, did):
    return post_form(client, f"/dossiers/{did}/renouveler", f"/dossiers/{did}")


def test_the_lead_renews_a_decided_dossier_for_the_next_year(app, cast, decided, newer_set):
    did, title = decided.id, decided.title
    lead = login(app, cast["lead"])
    page = _page(lead, f"/dossiers/{did}")
    assert "Renouveler pour l'année suivante" in page
    response = _renew(lead, did)
    assert response.status_code == 302
    renewal = Dossier.query.filter(Dossier.id != did).one()
    assert response.headers["Location"].endswith(f"/dossiers/{renewal.id}")
    assert renewal.state is S.DRAFT and renewal.commune_id == cast["lille"].id
    assert renewal.parameter_set_id == newer_set.id  # the current set, not the renewed one's
    assert renewal.scenarios == {} and renewal.pending == {}
    doc = renewal.document
    assert doc["holder"]["application"] == "renouvellement"
    assert doc["holder"]["previous_dossier"] == {"id": did, "title": title}
    assert doc["start_date"] == "2028-01-01"  # 2027-01-01 one year on
    assert doc["diagnosis"] == decided.document["diagnosis"]
    assert renewal.total_cost is not None  # list columns synced with the new set
    # the statutes and the RIB are copied (bytes and hash), not the year's pieces
    pieces = Attachment.query.filter_by(dossier_id=renewal.id).all()
    assert sorted(p.kind for p in pieces) == ["rib", "statuts"]
    source = Attachment.query.filter_by(dossier_id=did, kind="rib").one()
    assert pieces[0].sha256 == source.sha256 and pieces[0].content == source.content
    # audited on both, no decision copied, the renewed dossier unchanged
    event = AuditEvent.query.filter_by(dossier_id=renewal.id, action="dossier_renewed").one()
    assert event.details["source"] == did
    assert AuditEvent.query.filter_by(dossier_id=did, action="renewal_created").one() \
        .details == {"renewal": renewal.id}
    assert Decision.query.filter_by(dossier_id=renewal.id).count() == 0
    assert db.session.get(Dossier, did).state is S.DECIDED
    # the renewal requires last year's report; the task list says what was carried over
    tasks = _page(lead, f"/dossiers/{renewal.id}")
    assert "Dossier de renouvellement créé" in tasks
    # the renewed dossier links to its renewal and cannot be renewed twice
    page = _page(lead, f"/dossiers/{did}")
    assert "Renouveler pour l'année suivante" not in page
    assert f"/dossiers/{renewal.id}" in page and "a été renouvelé" in page
    again = _renew(lead, did)
    assert again.status_code == 302 and Dossier.query.count() == 2
    assert "déjà été renouvelé" in _page(lead, f"/dossiers/{did}")
    # the history names it
    history = _page(login(app, cast["adviser"]), f"/conseiller/dossiers/{did}/historique")
    assert "Renouvellement pour l'année suivante" in history


def test_the_renewal_needs_last_years_report(app, cast, decided):
    lead = login(app, cast["lead"])
    _renew(lead, decided.id)
    renewal = Dossier.query.filter(Dossier.id != decided.id).one()
    assert "bilan" in {p.code for p in checklist.missing_pieces(renewal.document,
                                                                {"rib", "statuts"})}
    assert "bilan" not in {p.code for p in checklist.missing_pieces(decided.document, set())}


@pytest.mark.parametrize("state", [S.DRAFT, S.IN_REVIEW, S.TRANSMITTED, S.IN_INSTRUCTION,
                                   S.CLOSED])
def test_only_a_decided_or_agreed_dossier_is_renewed(app, cast, decided, state):
    decided.state = state
    db.session.commit()
    lead = login(app, cast["lead"])
    assert "Renouveler pour l'année suivante" not in _page(lead, f"/dossiers/{decided.id}")
    assert _renew(lead, decided.id).status_code == 302
    assert Dossier.query.count() == 1
    assert "il ne peut être renouvelé" in _page(lead, f"/dossiers/{decided.id}")


def test_an_agreed_dossier_is_renewed(app, cast, decided):
    decided.state = S.AGREED
    db.session.commit()
    assert _renew(login(app, cast["lead"]), decided.id).status_code == 302
    assert Dossier.query.count() == 2


def test_only_the_communes_leads_renew(app, cast, decided, create_user):
    co_editor = create_user("lead", communes=[cast["arras"]])
    db.session.add(CoEditor(dossier_id=decided.id, user_id=co_editor.id))
    other = create_user("lead", communes=[cast["arras"]])
    db.session.commit()
    shared = login(app, co_editor)
    assert "Renouveler pour l'année suivante" not in _page(shared, f"/dossiers/{decided.id}")
    assert _renew(shared, decided.id).status_code == 403
    assert _renew(login(app, other), decided.id).status_code == 404
    assert _renew(login(app, cast["adviser"]), decided.id).status_code == 403
    assert Dossier.query.count() == 1


def test_the_adviser_sees_the_differences_from_last_year(app, cast, decided, newer_set):
    lead = login(app, cast["lead"])
    _renew(lead, decided.id)
    renewal = Dossier.query.filter(Dossier.id != decided.id).one()
    doc = copy.deepcopy(renewal.document)
    doc["diagnosis"]["places"][0]["name"] = "Parvis de la gare rénové"
    renewal.document = doc
    renewal.state = S.SUBMITTED
    db.session.commit()
    adviser = login(app, cast["adviser"])
    page = _page(adviser, f"/conseiller/dossiers/{renewal.id}")
    assert "Par rapport à l'année précédente" in page
    assert f"/conseiller/dossiers/{decided.id}" in page
    assert "Comparaison avec le dépôt n° 1" in page and "2026-v2" in page
    assert "Parvis de la gare rénové" in page  # the place added this year
    assert "Étapes modifiées : Porteur et territoire, Diagnostic des besoins, Budget et " \
        "financement." in page  # the application, the start date, a place, the parameters
    assert "1er janvier 2027" in page and "1er janvier 2028" in page
    totals = page.split("Totaux par année : année précédente")[1].split("</table>")[0]
    assert totals.count("\xa0€") == 12  # last year's figures and this year's, 3 years
    comparison = last_year.last_year(renewal)
    changed = {d.slug for d in comparison.changed_steps}
    assert "diagnostic" in changed
    # a first application shows no such section
    assert "Par rapport à l" not in _page(adviser, f"/conseiller/dossiers/{decided.id}")


def test_a_renewal_of_a_dossier_never_transmitted_says_so(app, cast, decided,
                                                         create_dossier, complete_document):
    doc = copy.deepcopy(complete_document)
    older = create_dossier(state=S.CLOSED, document=copy.deepcopy(complete_document),
                           commune=cast["lille"])
    doc["holder"]["application"] = "renouvellement"
    doc["holder"]["previous_dossier"] = {"id": older.id, "title": older.title}
    d = create_dossier(state=S.SUBMITTED, document=doc, commune=cast["lille"],
                       parameter_set=reference.current_set())
    page = _page(login(app, cast["adviser"]), f"/conseiller/dossiers/{d.id}")
    assert "pas de version transmise à comparer" in page
    # another commune's dossier named as the renewed one is not shown
    arras = create_dossier(state=S.DECIDED, document=copy.deepcopy(complete_document),
                           commune=cast["arras"])
    doc = copy.deepcopy(d.document)
    doc["holder"]["previous_dossier"] = {"id": arras.id, "title": "x"}
    d.document = doc
    db.session.commit()
    assert last_year.renewed_dossier(d) is None


def test_the_year_end_report_hook_is_shown(app, cast, decided, monkeypatch):
    monkeypatch.setattr(last_year, "report_status", lambda previous: "Bilan transmis.")
    _renew(login(app, cast["lead"]), decided.id)
    renewal = Dossier.query.filter(Dossier.id != decided.id).one()
    renewal.state = S.SUBMITTED
    db.session.commit()
    page = _page(login(app, cast["adviser"]), f"/conseiller/dossiers/{renewal.id}")
    assert "<p>Bilan transmis.</p>" in page


def test_the_renewed_dossiers_year_end_report_is_shown(app, cast, decided):
    from wizard.models.report import Report, ReportState

    db.session.add(Report(dossier_id=decided.id, year=1, state=ReportState.ACCEPTED))
    db.session.commit()
    _renew(login(app, cast["lead"]), decided.id)
    renewal = Dossier.query.filter(Dossier.id != decided.id).one()
    renewal.state = S.SUBMITTED
    db.session.commit()
    page = _page(login(app, cast["adviser"]), f"/conseiller/dossiers/{renewal.id}")
    label = ReportState.ACCEPTED.label.lower()
    assert f"Compte rendu de l'année 1 : {label}" in page


def test_last_years_report_is_attached_to_the_renewal(app, cast, decided):
    from wizard.models import Attachment
    from wizard.models.report import Report, ReportState

    db.session.add(Report(dossier_id=decided.id, year=1, state=ReportState.ACCEPTED,
                          content={"worked": "Les soirées au tramway.", "actual": {}}))
    db.session.add(Report(dossier_id=decided.id, year=2, state=ReportState.DRAFT))
    db.session.commit()
    _renew(login(app, cast["lead"]), decided.id)
    renewal = Dossier.query.filter(Dossier.id != decided.id).one()
    bilan = Attachment.query.filter_by(dossier_id=renewal.id, kind="bilan").one()
    assert bilan.filename.endswith("-annee-1.pdf")  # the accepted one, not the draft
    assert bilan.content.startswith(b"%PDF")
    assert bilan.sha256 and bilan.size == len(bilan.content)


def test_the_renewals_page_does_not_grow_with_the_dossiers(app, cast, decided, client):
    from tests.functional.test_query_counts import big_document, count_queries

    lead = login(app, cast["lead"])
    _renew(lead, decided.id)
    small = Dossier.query.filter(Dossier.id != decided.id).one()
    big_doc = big_document(small.document)
    small.state = S.SUBMITTED
    db.session.commit()
    big_source = Dossier(commune_id=decided.commune_id, department="59", title="Grand",
                         state=S.DECIDED, document=big_document(decided.document), pending={},
                         parameter_set_id=decided.parameter_set_id)
    db.session.add(big_source)
    db.session.commit()
    db.session.add(Snapshot(dossier_id=big_source.id, round=1, document=big_source.document,
                            parameter_set_id=decided.parameter_set_id, submitted_at=utcnow()))
    db.session.commit()
    add_transmission(big_source)
    big_doc["holder"]["previous_dossier"] = {"id": big_source.id, "title": "Grand"}
    big = Dossier(commune_id=decided.commune_id, department="59", title="Grand 2",
                  state=S.SUBMITTED, document=big_doc, pending={},
                  parameter_set_id=small.parameter_set_id)
    db.session.add(big)
    db.session.commit()
    adviser = login(app, cast["adviser"])

    def count(did):
        adviser.get(f"/conseiller/dossiers/{did}")
        db.session.remove()
        with count_queries() as statements:
            assert "Par rapport" in adviser.get(f"/conseiller/dossiers/{did}").text
        return len(statements)

    small_id, big_id = small.id, big.id
    assert count(small_id) == count(big_id)
