"""`dossier_totals` stays equal to a fresh GROUP BY over `dossiers` through every change.

Creation, saves that change the totals, state transitions, a commune (department) change,
duplication, deletion, ORM bulk statements, expired instances, `rebuild()` and its CLI, the
migration's data step, the dashboard's figures, and two threads saving at once.
"""

import copy
import re
import threading
from decimal import Decimal

import pytest
from flask import request
from flask_migrate import upgrade
from sqlalchemy import func, insert, select, text, update

from tests.functional.test_adviser_dashboard import communes, make  # noqa: F401 (fixtures)
from tests.helpers import add_pieces, signed
from tests.test_migrations import postgres_url  # noqa: F401 (fixture)
from wizard import create_app, operations, workflow
from wizard.adviser import dashboard
from wizard.db import db
from wizard.models import Commune, Dossier, DossierState, DossierTotals, aggregates
from wizard.steps import get_step

S = DossierState


def fresh_group_by() -> dict:
    """The truth: counts and sums per (state, department) straight from `dossiers`."""
    department = func.coalesce(Dossier.department, "")
    rows = db.session.execute(
        select(
            Dossier.state, department, func.count(Dossier.id),
            *(func.coalesce(func.sum(c), 0)
              for c in (Dossier.total_cost, Dossier.commune_share, Dossier.mediator_fte)),
        ).group_by(Dossier.state, department)
    ).all()
    return {(state, dept): (n, *(Decimal(str(v)) for v in sums)) for state, dept, n, *sums in rows}


def table() -> dict:
    """`dossier_totals` without its emptied rows (checked to be all zeros)."""
    rows = db.session.execute(select(
        DossierTotals.state, DossierTotals.department, DossierTotals.dossiers,
        DossierTotals.total_cost, DossierTotals.commune_share, DossierTotals.mediator_fte,
    )).all()
    out = {}
    for state, dept, n, *sums in rows:
        sums = tuple(Decimal(str(v)) for v in sums)
        if n == 0:
            assert sums == (0, 0, 0), (state, dept, sums)
        else:
            out[(state, dept)] = (n, *sums)
    return out


def assert_exact() -> None:
    db.session.commit()
    assert table() == fresh_group_by()


@pytest.fixture
def people(create_commune, create_user):
    lille = create_commune()
    amiens = create_commune("80021", "Amiens", department="80")
    return {"lille": lille, "amiens": amiens, "adviser": create_user("adviser"),
            "lead": create_user("lead", communes=[lille, amiens])}


def save(dossier, user, change) -> None:
    """Save the « modalites » step with `change(document)` applied, as the wizard does."""
    document = copy.deepcopy(dossier.document)
    change(document)
    operations.save_step(dossier, get_step("modalites"), document, user, dossier.version, None)
    db.session.commit()


def replaced_by(source):
    """A change that replaces the whole document with a copy of `source`."""

    def change(document) -> None:
        document.clear()
        document.update(copy.deepcopy(source))

    return change


def test_every_orm_change_keeps_the_table_exact(people, complete_document):
    complete = replaced_by(complete_document)
    lead, adviser_ = people["lead"], people["adviser"]
    first = operations.create_dossier(lead, people["lille"])
    second = operations.create_dossier(lead, people["lille"], title="Deuxième")
    assert_exact()
    assert table()[("brouillon", "59")][0] == 2
    save(first, lead, complete)  # totals go from NULL to figures
    assert first.total_cost and table()[("brouillon", "59")][1] == first.total_cost
    assert_exact()
    save(first, lead, lambda d: d["intervention"].update(weeks_per_year=40))  # totals change
    assert_exact()
    save(second, lead, complete)
    add_pieces(first)
    for name, user, state in (
        ("submit", lead, S.SUBMITTED), ("take", adviser_, S.IN_REVIEW),
        ("request_changes", adviser_, S.CHANGES_REQUESTED),
    ):
        assert workflow.apply(name, first, user, reason="Motif", attestation=signed()) is state
        db.session.commit()
        assert_exact()
    save(first, lead, lambda d: d["intervention"].update(vehicles=2))  # saved while à compléter
    assert_exact()
    save(second, lead, lambda d: d["commune"].update(insee_code="80021"))  # Lille → Amiens
    assert second.department == "80"
    assert_exact()
    copied = operations.duplicate_dossier(second, lead)
    assert_exact()
    operations.delete_draft(copied, lead)
    operations.delete_draft(second, lead)
    assert_exact()
    assert ("brouillon", "80") not in table()
    assert table() == {("a_completer", "59"): (1, first.total_cost, first.commune_share,
                                               first.mediator_fte)}
    assert aggregates.rebuild() == 1
    assert_exact()


def test_expired_instances_and_orm_bulk_statements(people):
    dossier = operations.create_dossier(people["lead"], people["lille"])
    db.session.commit()  # expires every attribute: the old values are read from the row
    dossier.total_cost = Decimal("1234.56")
    dossier.state = S.SUBMITTED
    assert_exact()
    db.session.expire(dossier)
    db.session.delete(dossier)
    assert_exact()
    row = dict(commune_id=people["amiens"].id, department="80", title="Vrac", document={},
               pending={}, version=1, total_cost=Decimal("10.05"), mediator_fte=Decimal(1))
    db.session.execute(insert(Dossier), [row, {**row, "department": None}])
    db.session.execute(insert(Dossier).values(**{**row, "state": S.APPROVED}))
    assert_exact()
    db.session.execute(update(Dossier).where(Dossier.department == "80").values(state="valide"))
    assert_exact()
    db.session.execute(text("DELETE FROM dossier_totals"))  # raw SQL is not followed…
    assert table() == {}
    assert aggregates.rebuild() == 2  # … the rebuild repairs it
    assert_exact()


def test_a_rollback_drops_the_deltas(people):
    dossier = operations.create_dossier(people["lead"], people["lille"])
    db.session.commit()
    before = table()
    dossier.total_cost = Decimal("99")
    db.session.flush()
    db.session.rollback()
    assert table() == before == fresh_group_by()


def test_rebuild_command(people, runner):
    operations.create_dossier(people["lead"], people["lille"])
    operations.create_dossier(people["lead"], people["amiens"])
    db.session.commit()
    db.session.execute(text("UPDATE dossier_totals SET dossiers = 7"))
    db.session.commit()
    result = runner.invoke(args=["dossier", "rebuild-totals"])
    assert result.exit_code == 0, result.output
    assert "2 ligne(s) de totaux recalculée(s)" in result.output
    db.session.expire_all()
    assert table() == fresh_group_by()


def test_the_migration_fills_the_table_from_existing_dossiers(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'old.sqlite'}"})
    with app.app_context():
        upgrade(revision="2b55bac4d394")
        db.session.execute(text(
            "INSERT INTO communes (id, insee_code, kind, name, search_name, department, region,"
            " population) VALUES (1, '59350', 'commune-actuelle', 'Lille', 'lille', '59', '32', 1)"
        ))
        for state, cost in (("depose", "10.50"), ("depose", None), ("valide", "3")):
            db.session.execute(text(
                "INSERT INTO dossiers (commune_id, department, title, state, document, pending,"
                " version, total_cost, created_at, updated_at) VALUES (1, '59', 't', :s, '{}',"
                " '{}', 1, :c, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"), {"s": state, "c": cost})
        db.session.commit()
        upgrade()
        assert table() == fresh_group_by() == {
            ("depose", "59"): (2, Decimal("10.5"), 0, 0), ("valide", "59"): (1, 3, 0, 0)}
        db.session.remove()
        db.engine.dispose()


def legacy_groups(form):
    """The dashboard's GROUP BY over the dossiers, as it was before `dossier_totals`."""
    sums = (func.sum(c) for c in (Dossier.mediator_fte, Dossier.total_cost, Dossier.commune_share))
    return select(Dossier.state, func.count(Dossier.id), *sums).where(
        *dashboard.conditions(form, with_state=False)).group_by(Dossier.state)


@pytest.mark.parametrize("query", [
    {}, {"etat": "depose"}, {"departement": "59"}, {"departement": "2a", "etat": "valide"},
    {"departement": "5"}, {"departement": "80", "recherche": "o"},
])
def test_the_dashboard_figures_are_those_of_the_group_by(app, communes, make, query):  # noqa: F811
    for i, (name, state) in enumerate([("lille", S.SUBMITTED), ("lille", S.APPROVED),
                                       ("amiens", S.SUBMITTED), ("ajaccio", S.APPROVED),
                                       ("evry", S.DRAFT), ("lille", S.SUBMITTED)]):
        make(communes[name], f"Dossier {i}", state, cost=Decimal(f"{i}00.25"),
             share=Decimal(i), fte=Decimal("0.5") if i % 2 else None)
    with app.test_request_context("/conseiller/", query_string=query):
        new = dashboard.dashboard_context(request.args)
        form = dashboard.read_filters(request.args)
        groups = db.session.execute(legacy_groups(form)).all()
    by_state = {state: n for state, n, *_ in groups}
    assert new["state_counts"] == [(s, by_state.get(s.value, 0)) for s in dashboard.LISTED_STATES]
    chosen = [g for g in groups if not query.get("etat") or g[0] == query["etat"]]
    assert new["total"] == sum(g[1] for g in chosen)
    for key, i in (("fte", 2), ("cost", 3), ("share", 4)):
        assert new["totals"][key] == sum((g[i] or 0 for g in chosen), Decimal(0))


def test_dashboard_counts_and_totals_from_orm_saves(client, people, login_as, create_dossier):
    """test_adviser_dashboard's assertions, the dossiers made through the ORM (flush events)."""
    for title, commune, state, cost, share, fte in (
        ("Un", "lille", S.SUBMITTED, "1234.50", "200", "1.5"),
        ("Deux", "lille", S.APPROVED, "1000", "100.25", "2"),
        ("Trois", "amiens", S.SUBMITTED, "5000", "1", "9"),
        ("Brouillon", "lille", S.DRAFT, "999", "999", "9"),
    ):
        create_dossier(state=state, commune=people[commune], title=title,
                       total_cost=Decimal(cost), commune_share=Decimal(share),
                       mediator_fte=Decimal(fte))
    login_as("adviser")
    page = client.get("/conseiller/?departement=59").text
    assert re.search(r"Déposé</a></h3>\s*<p class=\"fr-tile__detail\">1 dossier<", page)
    assert re.search(r"Avis rendu</a></h3>\s*<p class=\"fr-tile__detail\">1 dossier<", page)
    assert "2\u202f234,50\u00a0€" in page and "300,25\u00a0€" in page and "3,50" in page
    page = client.get("/conseiller/?departement=59&etat=valide").text
    assert "1\u202f000,00\u00a0€" in page and "2\u202f234,50" not in page
    page = client.get("/conseiller/").text
    assert "7\u202f234,50\u00a0€" in page and "999" not in page


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def test_two_threads_saving_the_same_keys_lose_nothing(tmp_path, request, backend,
                                                       create_dossier):
    """Separate sessions (one app context per thread) on a SQLite file (or a throw-away
    PostgreSQL database): both update their dossier of the same (state, department) and
    both create, at once, the first dossier of a key that has no row yet."""
    url = (f"sqlite:///{tmp_path / 'race.sqlite'}" if backend == "sqlite"
           else request.getfixturevalue("postgres_url"))
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    rounds, step = 25, Decimal("1.25")
    with app.app_context():  # create_dossier works in the current app context: this one
        db.create_all()
        commune = Commune(insee_code="59350", kind="commune-actuelle", name="Lille",
                          search_name="lille", department="59", region="32", population=1)
        db.session.add(commune)
        db.session.commit()
        dossiers = [create_dossier(state=S.SUBMITTED, commune=commune, title=title,
                                   total_cost=Decimal(0)) for title in "AB"]
        ids, commune_id = [d.id for d in dossiers], commune.id
    barrier, errors = threading.Barrier(2), []

    def work(dossier_id):
        try:
            with app.app_context():  # the thread's own session
                lille = db.session.get(Commune, commune_id)
                barrier.wait()
                create_dossier(state=S.APPROVED, commune=lille, title="Nouveau",
                               total_cost=Decimal(1))
                for _ in range(rounds):
                    dossier = db.session.get(Dossier, dossier_id)
                    dossier.total_cost += step
                    dossier.mediator_fte = (dossier.mediator_fte or 0) + 1
                    db.session.commit()
                db.session.remove()
        except Exception as error:  # reported below, in the main thread
            errors.append(error)

    threads = [threading.Thread(target=work, args=(i,)) for i in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with app.app_context():
        assert table() == fresh_group_by() == {
            ("depose", "59"): (2, 2 * rounds * step, 0, 2 * rounds),
            ("valide", "59"): (2, 2, 0, 0),
        }
        db.session.remove()
        db.drop_all()
        db.engine.dispose()
