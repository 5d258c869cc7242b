"""SQL statements per request, for every page type: the same with a small and a big
dossier (1 vs 50 places, partners, rounds) and with short and long lists (no N+1)."""

import copy
import json
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import event

from wizard import reference
from wizard.db import db
from wizard.models import Comment, Dossier, DossierState, Snapshot

COMPLETE = json.loads((Path(__file__).parents[1] / "data" / "dossier-complete.json").read_text())


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


def big_document():
    doc = copy.deepcopy(COMPLETE)
    place = doc["diagnosis"]["places"][0]
    doc["diagnosis"]["places"] = [dict(place, name=f"Lieu {i}") for i in range(50)]
    partner = doc["partners"][0]
    doc["partners"] = [dict(partner, name=f"Partenaire {i}") for i in range(50)]
    rnd = doc["intervention"]["rounds"][0]
    doc["intervention"]["rounds"] = [dict(rnd, name=f"Tournée {i}", places=[f"Lieu {i}"])
                                     for i in range(10)]
    return doc


def small_document():
    doc = copy.deepcopy(COMPLETE)
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
def make(create_commune):
    lille = create_commune()

    def factory(document, state=DossierState.DRAFT, comments=0):
        d = Dossier(commune_id=lille.id, department="59", title="T", state=state,
                    document=document, pending={}, parameter_set=reference.current_set())
        db.session.add(d)
        db.session.flush()
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
def test_lead_pages_do_not_grow_with_the_dossier(client, login_as, make, page):
    small, lille = make(small_document())
    big, _ = make(big_document())
    login_as("lead", communes=[lille])
    small_id, big_id = small.id, big.id
    assert _count(client, page.format(id=small_id)) == _count(client, page.format(id=big_id))


@pytest.mark.parametrize("page", ADVISER_PAGES)
def test_adviser_pages_do_not_grow(client, login_as, make, page):
    small, _ = make(small_document(), DossierState.IN_REVIEW, comments=1)
    big, _ = make(big_document(), DossierState.IN_REVIEW, comments=30)
    login_as("adviser")
    small_id, big_id = small.id, big.id
    assert _count(client, page.format(id=small_id)) == _count(client, page.format(id=big_id))


def test_lead_list_does_not_grow_with_the_number_of_dossiers(client, login_as, make):
    first, lille = make(small_document())
    login_as("lead", communes=[lille])
    lille_id = lille.id
    one = _count(client, "/dossiers")
    for _ in range(20):
        db.session.add(Dossier(commune_id=lille_id, department="59", title="T",
                               document=small_document(), pending={}))
    db.session.commit()
    assert _count(client, "/dossiers") == one
