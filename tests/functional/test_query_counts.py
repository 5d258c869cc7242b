"""SQL statements per request, for every page type: the same with a small and a big
dossier (1 vs 50 places, partners, rounds) and with short and long lists (no N+1)."""

import copy
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from wizard import reference
from wizard.db import db
from wizard.models import Comment, Commune, DossierState, Snapshot


@contextmanager
def count_queries():
    statements = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def big_document(complete):
    doc = copy.deepcopy(complete)
    place = doc["diagnosis"]["places"][0]
    doc["diagnosis"]["places"] = [dict(place, name=f"Lieu {i}") for i in range(50)]
    partner = doc["partners"][0]
    doc["partners"] = [dict(partner, name=f"Partenaire {i}") for i in range(50)]
    rnd = doc["intervention"]["rounds"][0]
    doc["intervention"]["rounds"] = [dict(rnd, name=f"Tournée {i}", places=[f"Lieu {i}"])
                                     for i in range(10)]
    return doc


def small_document(complete):
    doc = copy.deepcopy(complete)
    doc["diagnosis"]["places"] = doc["diagnosis"]["places"][:1]
    keep = doc["diagnosis"]["places"][0]["name"]
    doc["partners"] = doc["partners"][:1]
    doc["intervention"]["rounds"] = [dict(doc["intervention"]["rounds"][0], places=[keep])]
    return doc


LEAD_PAGES = ["/dossiers", "/dossiers/{id}", "/dossiers/{id}/recapitulatif",
              "/dossiers/{id}/scenarios"] + [
    f"/dossiers/{{id}}/etapes/{slug}" for slug in
    ("porteur-territoire", "diagnostic", "objectifs", "partenaires", "modalites", "budget",
     "evaluation")]
ADVISER_PAGES = ["/conseiller/", "/conseiller/dossiers/{id}", "/conseiller/dossiers/{id}/historique"]


@pytest.fixture
def make(create_commune, create_dossier):
    lille = create_commune()

    def factory(document, state=DossierState.DRAFT, comments=0):
        d = create_dossier(state=state, document=document, commune=lille,
                           parameter_set=reference.current_set())
        for i in range(comments):
            db.session.add(Comment(dossier_id=d.id, step="diagnostic", body=f"c{i}"))
        if state is not DossierState.DRAFT:
            db.session.add(Snapshot(dossier_id=d.id, round=1, document=document))
        db.session.commit()
        return d, lille

    return factory


def _count(client, url):
    client.get(url)  # warm caches that are per process, not per request
    db.session.remove()  # requests share the test's app context: start each one cold
    with count_queries() as statements:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(statements)


@pytest.mark.parametrize("page", LEAD_PAGES)
def test_lead_pages_do_not_grow_with_the_dossier(client, login_as, make, complete_document,
                                                 page):
    small, lille = make(small_document(complete_document))
    big, _ = make(big_document(complete_document))
    login_as("lead", communes=[lille])
    small_id, big_id = small.id, big.id
    assert _count(client, page.format(id=small_id)) == _count(client, page.format(id=big_id))


@pytest.mark.parametrize("page", ADVISER_PAGES)
def test_adviser_pages_do_not_grow(client, login_as, make, complete_document, page):
    small, _ = make(small_document(complete_document), DossierState.IN_REVIEW, comments=1)
    big, _ = make(big_document(complete_document), DossierState.IN_REVIEW, comments=30)
    login_as("adviser")
    small_id, big_id = small.id, big.id
    assert _count(client, page.format(id=small_id)) == _count(client, page.format(id=big_id))


def test_lead_list_does_not_grow_with_the_number_of_dossiers(client, login_as, make,
                                                              create_dossier, complete_document):
    first, lille = make(small_document(complete_document))
    login_as("lead", communes=[lille])
    lille_id = lille.id
    one = _count(client, "/dossiers")
    lille = db.session.get(Commune, lille_id)  # `_count` ended the session it was loaded in
    for _ in range(20):
        create_dossier(document=small_document(complete_document), commune=lille)
    assert _count(client, "/dossiers") == one
