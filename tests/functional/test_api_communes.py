"""GET /api/communes: the commune autocomplete, for signed-in users only."""

from pathlib import Path

import pytest

from wizard.reference.communes import import_communes

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture
def communes(app):
    import_communes(DATA / "communes-sample.json", DATA / "epci-sample.json")


@pytest.fixture
def search(client, login_as, communes):
    login_as("lead")

    def get(q):
        response = client.get("/api/communes", query_string={"q": q})
        assert response.status_code == 200, response.text
        return response.get_json()

    return get


def names(results):
    return [row["name"] for row in results]


def test_anonymous_gets_401_json(client, communes):
    response = client.get("/api/communes?q=lil")
    assert response.status_code == 401
    assert response.get_json() == {"error": "Authentification requise"}


@pytest.mark.parametrize("role", ["lead", "adviser", "prefecture", "admin"])
def test_every_role_may_search(client, login_as, communes, role):
    login_as(role)
    response = client.get("/api/communes?q=lil")
    assert response.status_code == 200 and response.get_json()[0]["name"] == "Lille"


def test_prefix_finds_lille_with_its_details(search):
    lille = search("lil")[0]
    assert lille == {
        "id": lille["id"],
        "insee_code": "59350",
        "kind": "commune-actuelle",
        "name": "Lille",
        "department": "59",
        "postal_codes": ["59000", "59160", "59260", "59777", "59800"],
        "population": 238246,
        "label": "Lille (59)",
        "parent": None,
    }


@pytest.mark.parametrize("q", ["ÉVRY", "evry", "Évry-Cour", "evry courcouronnes"])
def test_accents_case_and_hyphens_are_ignored(search, q):
    assert names(search(q)) == ["Évry-Courcouronnes"]


@pytest.mark.parametrize("q", ["saint etienne", "Saint-Étienne", "SAINT-ETIENNE", "saint-étienne"])
def test_both_saint_etienne_largest_first(search, q):
    assert names(search(q)) == ["Saint-Étienne", "Saint-Étienne-du-Rouvray"]


def test_later_word_matches_come_after_prefix_matches(search):
    assert names(search("lille")) == ["Lille", "Hellemmes-Lille", "Saint-André-lez-Lille"]
    assert names(search("etienne")) == ["Saint-Étienne", "Saint-Étienne-du-Rouvray"]


def test_insee_code(search):
    results = search("59350")  # Lille's INSEE code, and Saint-André-lez-Lille's postal code
    assert names(results) == ["Lille", "Saint-André-lez-Lille"]
    assert names(search("2a004")) == ["Ajaccio"]


def test_postal_code_and_prefix(search):
    assert names(search("59000")) == ["Lille"]
    assert names(search("590")) == ["Lille"]
    assert names(search("74")) == ["Annecy", "Epagny Metz-Tessy"]
    assert search("7437") and names(search("74370")) == ["Annecy", "Epagny Metz-Tessy"]


def test_attached_commune_shows_its_parent(search):
    (lomme,) = search("lomme")
    assert lomme["parent"] == {"insee_code": "59350", "name": "Lille"}
    assert lomme["label"] == "Lomme (59), rattachée à Lille"
    assert lomme["kind"] == "commune-associee" and lomme["population"] is None


def test_delegated_commune_ranks_after_its_parent(search):
    annecy = search("annecy")
    assert [(row["kind"], row["parent"]) for row in annecy] == [
        ("commune-actuelle", None),
        ("commune-deleguee", {"insee_code": "74010", "name": "Annecy"}),
    ]


def test_commune_without_population_comes_last(search, create_commune):
    create_commune("98499", "Archipel Test", "984", population=5)
    assert names(search("archipel")) == ["Archipel Test", "Archipel des Kerguelen"]


def test_at_most_20_results(search, create_commune):
    for number in range(25):
        create_commune(f"99{number:03d}", f"Testville {number:02d}", "99", population=number)
    results = search("testville")
    assert len(results) == 20
    assert results[0]["name"] == "Testville 24" and results[-1]["name"] == "Testville 05"


@pytest.mark.parametrize("q", ["", "l", " l ", "-", "--", "''"])
def test_short_or_empty_query_gives_nothing(search, q):
    assert search(q) == []


def test_too_long_query_is_refused(client, login_as, communes):
    login_as("lead")
    response = client.get("/api/communes", query_string={"q": "a" * 101})
    assert response.status_code == 400
    assert "100 caractères" in response.get_json()["error"]
    assert client.get("/api/communes", query_string={"q": "a" * 100}).get_json() == []


def test_query_count_does_not_grow_with_results(app, search):
    """Parents and postal codes are loaded with the results (no N+1)."""
    from sqlalchemy import event

    from wizard.db import db

    def statements_for(q):
        seen = []
        listener = lambda *args: seen.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            assert search(q)
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(seen)

    assert statements_for("lille") == statements_for("lomme")  # 3 results vs 1
