"""The advisers' dashboard: filters, sort, pagination, counts, totals, CSV export, SQL cost."""

import csv
import io
import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import event, insert

from wizard.db import db
from wizard.models import Dossier, DossierState

BASE = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


@pytest.fixture
def communes(create_commune):
    """Lille (59), Amiens (80), Ajaccio (2A) and Évry (91)."""
    return {
        "lille": create_commune(),
        "amiens": create_commune("80021", "Amiens", department="80"),
        "ajaccio": create_commune("2A004", "Ajaccio", department="2A"),
        "evry": create_commune("91228", "Évry-Courcouronnes", department="91"),
    }


@pytest.fixture
def make(app):
    """Bulk insert dossiers: make(commune, title, state=..., days=..., cost=..., ...)."""

    def factory(commune, title, state=DossierState.SUBMITTED, days=0, cost=None, share=None,
                fte=None, warnings=""):
        values = dict(
            commune_id=commune.id, department=commune.department, title=title, state=state,
            document={}, pending={}, version=1, total_cost=cost, commune_share=share,
            mediator_fte=fte, created_at=BASE, updated_at=BASE + timedelta(days=days),
            warning_codes=warnings,
        )
        db.session.execute(insert(Dossier), [values])
        db.session.commit()

    return factory


@pytest.fixture
def adviser(login_as):
    return login_as("adviser")


def titles(html: str) -> list[str]:
    """Titles of the listed dossiers, in order."""
    return re.findall(r'<td><a href="/conseiller/dossiers/\d+">([^<]*)</a></td>', html)


def test_drafts_are_never_listed_nor_counted(client, communes, make, adviser):
    make(communes["lille"], "Brouillon privé", DossierState.DRAFT, cost=Decimal("999"))
    make(communes["lille"], "Dossier déposé", cost=Decimal("100"))
    page = client.get("/conseiller/")
    assert page.status_code == 200
    assert titles(page.text) == ["Dossier déposé"]
    assert "999" not in page.text
    export = client.get("/conseiller/export.csv").data.decode("utf-8-sig")
    assert "Brouillon privé" not in export and "Dossier déposé" in export


def test_each_filter(client, communes, make, adviser):
    make(communes["lille"], "Médiation Lille centre", DossierState.SUBMITTED, days=0)
    make(communes["amiens"], "Amiens nord", DossierState.APPROVED, days=10)
    make(communes["ajaccio"], "Ajaccio 100% quartiers", DossierState.IN_REVIEW, days=20)
    make(communes["evry"], "Évry gare", DossierState.TRANSMITTED, days=30)

    def listed(**args):
        response = client.get("/conseiller/", query_string=args)
        assert response.status_code == 200
        assert "erreur" not in response.text.split("<h1>")[1].split("</form>")[0].lower()
        return sorted(titles(response.text))

    assert listed(etat="valide") == ["Amiens nord"]
    assert listed(departement="2a") == ["Ajaccio 100% quartiers"]
    assert listed(departement="59") == ["Médiation Lille centre"]
    assert listed(commune="EVRY cour") == ["Évry gare"]  # accent- and case-insensitive prefix
    assert listed(commune="80021") == ["Amiens nord"]
    assert listed(commune="2a004") == ["Ajaccio 100% quartiers"]
    assert listed(du="2026-03-21", au="2026-03-30") == ["Ajaccio 100% quartiers"]
    assert listed(du="2026-03-20", au="2026-03-20") == ["Amiens nord"]
    assert listed(au="2026-03-10") == ["Médiation Lille centre"]
    assert listed(recherche="NORD") == ["Amiens nord"]
    assert listed(recherche="100%") == ["Ajaccio 100% quartiers"]
    assert listed(recherche="%") == ["Ajaccio 100% quartiers"]  # wildcard escaped
    assert listed(recherche="_") == []
    assert listed(etat="depose", departement="80") == []


def test_sort_orders(client, communes, make, adviser):
    make(communes["lille"], "B", days=1, cost=Decimal("300"))
    make(communes["amiens"], "C", DossierState.APPROVED, days=3, cost=Decimal("100"))
    make(communes["evry"], "A", DossierState.IN_REVIEW, days=2, cost=Decimal("200"))

    def order(**args):
        return titles(client.get("/conseiller/", query_string=args).text)

    assert order() == ["C", "A", "B"]  # most recently updated first
    assert order(tri="titre") == ["A", "B", "C"]
    assert order(tri="titre", ordre="desc") == ["C", "B", "A"]
    assert order(tri="commune") == ["C", "A", "B"]  # Amiens, Évry, Lille
    assert order(tri="cout") == ["B", "A", "C"]
    assert order(tri="cout", ordre="asc") == ["C", "A", "B"]
    assert order(tri="etat") == ["B", "A", "C"]  # as labels sort: déposé, en relecture, validé
    assert order(tri="departement", ordre="desc") == ["A", "C", "B"]


def test_pagination(client, communes, make, adviser):
    rows = [
        dict(commune_id=communes["lille"].id, department="59", title=f"Dossier {i:03d}",
             state=DossierState.SUBMITTED, document={}, pending={}, version=1,
             created_at=BASE, updated_at=BASE + timedelta(minutes=i))
        for i in range(120)
    ]
    db.session.execute(insert(Dossier), rows)
    db.session.commit()
    first = client.get("/conseiller/?departement=59")
    assert titles(first.text)[:2] == ["Dossier 119", "Dossier 118"]
    assert len(titles(first.text)) == 50
    assert 'class="fr-pagination ' in first.text and 'aria-current="page"' in first.text
    assert "page 1 sur 3" in first.text
    assert 'href="/conseiller/?departement=59&amp;page=2"' in first.text
    third = client.get("/conseiller/?departement=59&page=3")
    assert titles(third.text) == [f"Dossier {i:03d}" for i in range(19, -1, -1)]
    assert 'href="/conseiller/?departement=59&amp;page=2"' in third.text
    second = client.get("/conseiller/?departement=59&page=2")
    assert titles(second.text)[0] == "Dossier 069"
    assert client.get("/conseiller/?page=99").status_code == 200  # clamped to the last page
    assert titles(client.get("/conseiller/?page=abc").text)[0] == "Dossier 119"


def test_counts_per_state_and_totals(client, communes, make, adviser):
    make(communes["lille"], "Un", cost=Decimal("1234.50"), share=Decimal("200"), fte=Decimal("1.5"))
    make(communes["lille"], "Deux", DossierState.APPROVED, cost=Decimal("1000"),
         share=Decimal("100.25"), fte=Decimal("2"))
    make(communes["amiens"], "Trois", cost=Decimal("5000"), share=Decimal("1"), fte=Decimal("9"))
    page = client.get("/conseiller/?departement=59").text
    assert re.search(r"Déposé</a></h3>\s*<p class=\"fr-tile__detail\">1 dossier<", page)
    assert re.search(r"Avis rendu</a></h3>\s*<p class=\"fr-tile__detail\">1 dossier<", page)
    assert "2\u202f234,50\u00a0€" in page and "300,25\u00a0€" in page and "3,50" in page
    # the per-state counts ignore the état filter (said on the page), the totals do not
    page = client.get("/conseiller/?departement=59&etat=valide").text
    assert re.search(r"Déposé</a></h3>\s*<p class=\"fr-tile__detail\">1 dossier<", page)
    assert "1\u202f000,00\u00a0€" in page and "2\u202f234,50" not in page
    assert "quel que soit le filtre d&#39;état" in page or "quel que soit le filtre d'état" in page


@pytest.mark.parametrize(
    ("args", "field", "message"),
    [
        ({"etat": "brouillon"}, "etat", "N&#39;est pas un choix valide"),
        ({"departement": "5"}, "departement", "un département de 2 ou 3 caractères"),
        ({"departement": "ABC"}, "departement", "un département de 2 ou 3 caractères"),
        ({"commune": "593"}, "commune", "Code INSEE invalide"),
        ({"commune": "!!!"}, "commune", "nom de commune ou un code INSEE"),
        ({"du": "2026-02-30"}, "du", "N&#39;est pas une date valide"),
        ({"du": "2026-03-01", "au": "2026-02-01"}, "au", "date de fin"),
        ({"tri": "document; DROP TABLE dossiers"}, "tri", "N&#39;est pas un choix valide"),
        ({"ordre": "sideways"}, "ordre", "N&#39;est pas un choix valide"),
        ({"recherche": "x" * 201}, "recherche", "200 caractères au maximum"),
    ],
)
def test_invalid_filters_get_a_french_message_and_are_ignored(
    client, communes, make, adviser, args, field, message
):
    make(communes["lille"], "Lille", days=1)
    make(communes["amiens"], "Amiens", days=2)
    response = client.get("/conseiller/", query_string=args)
    assert response.status_code == 200
    error = re.search(rf'<p class="fr-error-text" id="{field}-erreur">([^<]*)</p>', response.text)
    assert error and message in error.group(1)
    assert 'href="#%s"' % field in response.text  # the error summary links to the field
    assert titles(response.text) == ["Amiens", "Lille"]  # that filter is not applied
    assert client.get("/conseiller/export.csv", query_string=args).status_code == 200


def test_csv_export(client, communes, make, adviser):
    make(communes["lille"], "=HYPERLINK(\"http://x\")", cost=Decimal("1234.5"),
         share=Decimal("200"), fte=Decimal("1.25"))
    make(communes["lille"], "@SUM(A1)", DossierState.APPROVED, days=1)
    make(communes["amiens"], "Amiens; \"nord\"", days=2, cost=Decimal("10"))
    make(communes["lille"], "Brouillon", DossierState.DRAFT)
    response = client.get("/conseiller/export.csv?departement=59&tri=titre")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    disposition = response.headers["Content-Disposition"]
    assert re.fullmatch(r'attachment; filename="dossiers-\d{4}-\d{2}-\d{2}\.csv"', disposition)
    assert response.data.startswith(b"\xef\xbb\xbf")
    text = response.data.decode("utf-8")[1:]
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == [
        "Identifiant", "Titre", "Commune", "Code INSEE", "Département", "État",
        "Coût total (€)", "Part commune (€)", "ETP médiateurs", "Alertes", "Mis à jour le",
        "Montant accordé (€)", "Compte rendu",
    ]
    assert [r[1] for r in rows[1:]] == ["'=HYPERLINK(\"http://x\")", "'@SUM(A1)"]
    assert rows[1][2:] == [
        "Lille", "59350", "59", "Déposé", "1234,50", "200,00", "1,25", "", "10/03/2026", "", "",
    ]
    assert rows[2][5:] == ["Avis rendu", "", "", "", "", "11/03/2026", "", ""]
    assert "\r\n" in text
    everything = client.get("/conseiller/export.csv").data.decode("utf-8-sig")
    every = list(csv.reader(io.StringIO(everything), delimiter=";"))
    assert len(every) == 4 and every[1][1] == 'Amiens; "nord"'  # quoting kept


def test_links_keep_the_filters_and_only_them(client, communes, make, adviser):
    page = client.get(
        "/conseiller/?departement=59&page=2&tri=titre&_external=1&_scheme=javascript&x=1"
    ).text
    link = re.search(r'href="(/conseiller/export\.csv[^"]*)"', page).group(1)
    assert link == "/conseiller/export.csv?departement=59&amp;tri=titre"
    assert "javascript" not in page and "x=1" not in page


@pytest.mark.parametrize("role", ["lead", "prefecture", "admin"])
def test_other_roles_are_forbidden(client, login_as, role):
    login_as(role)
    assert client.get("/conseiller/").status_code == 403
    assert client.get("/conseiller/export.csv").status_code == 403


def test_anonymous_is_sent_to_login(client):
    assert client.get("/conseiller/export.csv").status_code == 302


def _bulk(communes, n):
    states = [s for s in DossierState]
    rows = [
        dict(commune_id=c.id, department=c.department, title=f"Dossier {i}", state=states[i % 9],
             document={}, pending={}, version=1, total_cost=Decimal(i), commune_share=Decimal(1),
             mediator_fte=Decimal("0.5"), created_at=BASE, updated_at=BASE + timedelta(minutes=i))
        for i, c in zip(range(n), list(communes.values()) * n)
    ]
    db.session.execute(insert(Dossier), rows)
    db.session.commit()


def _statements(client, url) -> int:
    seen = []

    def count(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        response = client.get(url)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert response.status_code == 200
    return len(seen)


@pytest.mark.parametrize("url", [
    "/conseiller/", "/conseiller/?tri=commune&page=2", "/conseiller/?departement=59&recherche=1",
    "/conseiller/export.csv",
])
def test_sql_statement_count_does_not_grow_with_dossiers(client, communes, adviser, url):
    _bulk(communes, 10)
    small = _statements(client, url)
    _bulk(communes, 990)
    assert db.session.query(Dossier).count() == 1000
    assert _statements(client, url) == small
    if not url.startswith("/conseiller/export"):
        # (the user,) counts and totals per state, the page, its decisions, its reports
        assert small <= 5


def test_the_warnings_column_and_filter(client, communes, make, adviser):
    make(communes["lille"], "Sans alerte", cost=Decimal("100"))
    make(communes["amiens"], "Pic et QPV", warnings="peak_over_posts adultes_relais_outside_qpv")
    page = client.get("/conseiller/").text
    assert titles(page) == ["Pic et QPV", "Sans alerte"]
    assert "2 alertes" in page
    assert "pic de présence au-delà des postes, adultes-relais au-delà des heures en QPV" in page
    filtered = client.get("/conseiller/?alertes=y").text
    assert titles(filtered) == ["Pic et QPV"]
    assert re.search(r'<input[^>]* checked id="alertes"', filtered)  # the filter stays ticked
    export = client.get("/conseiller/export.csv?alertes=y").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(export), delimiter=";"))
    assert [r[1] for r in rows[1:]] == ["Pic et QPV"]
    assert rows[1][9] == ("pic de présence au-delà des postes, adultes-relais au-delà des "
                          "heures en QPV")


def test_a_dossier_with_warnings_end_to_end(client, app, communes, adviser):
    """More mediators at once than posts and more adultes-relais time than QPV hours: stored
    on the row by a save, found by the filter, shown in the budget section of the adviser's
    page and in the adviser's PDF — never in the prefecture's copy."""
    from pypdf import PdfReader

    from tests.functional.test_step_budget import EXAMPLES
    from tests.helpers import add_dossier
    from wizard import document as documents
    from wizard.pdf import render_dossier_pdf

    doc = documents.new_document("59350", title="Régie avec alertes")
    data = EXAMPLES[2]["input"]  # en régie: 4 mediators at once for 3 posts, 1 post
    doc["years"] = data["years"]
    doc["intervention"].update(data["intervention"])
    doc["parameters"], doc["funding"] = data["parameters"], data["funding"]
    doc["diagnosis"]["places"] = [{"name": p["name"], "qpv": False}
                                  for p in data["diagnosis"]["places"]]  # no QPV hour
    dossier = add_dossier(communes["lille"], state=DossierState.SUBMITTED, document=doc,
                          sync=True)
    assert dossier.warning_codes == "peak_over_posts adultes_relais_outside_qpv"
    assert titles(client.get("/conseiller/?alertes=y").text) == ["Régie avec alertes"]
    page = client.get(f"/conseiller/dossiers/{dossier.id}").text.replace("&#39;", "'")
    budget = page.split('id="etape-budget"')[1].split("</section>")[0]
    assert "Alertes du chiffrage (2)" in budget
    assert "Jusqu'à 4 médiateurs sont présents en même temps pour 3 postes" in budget
    assert "La part des adultes-relais dans l'équipe dépasse" in budget
    assert "Se corrige à l'étape « Modalités d'intervention »" in budget

    def text(audience):
        pdf = render_dossier_pdf(dossier, audience=audience)
        return " ".join(" ".join((page.extract_text() or "").split())
                        for page in PdfReader(io.BytesIO(pdf)).pages)

    adviser_copy = text("adviser")
    assert "Alerte du chiffrage : Jusqu'à 4 médiateurs" in adviser_copy.replace("’", "'")
    assert "quartier prioritaire (QPV) : 0 % des heures" in adviser_copy.replace("\u00a0", " ")
    assert "Alerte du chiffrage" not in text("prefecture")


def test_sync_columns_fills_the_warnings_of_existing_rows(app, runner, communes):
    from tests.functional.test_step_budget import EXAMPLES
    from tests.helpers import add_dossier
    from wizard import document as documents

    doc = documents.new_document("59350")
    data = EXAMPLES[2]["input"]
    doc["years"] = data["years"]
    doc["intervention"].update(data["intervention"])
    doc["parameters"], doc["funding"] = data["parameters"], data["funding"]
    dossier = add_dossier(communes["lille"], state=DossierState.SUBMITTED, document=doc,
                          updated_at=BASE)
    assert dossier.warning_codes == "" and dossier.total_cost is None
    result = runner.invoke(args=["dossier", "sync-columns"])
    assert result.exit_code == 0 and "1 dossier(s) recalculé(s)" in result.output
    db.session.expire_all()
    again = db.session.get(Dossier, dossier.id)
    assert again.warning_codes == "peak_over_posts" and again.total_cost > 0
    assert again.updated_at.replace(tzinfo=UTC) == BASE and again.version == 1
