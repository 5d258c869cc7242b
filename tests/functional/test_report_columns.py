"""The year-end reports' calendar where the mission and the prefecture read it: the
dashboard's « Montant accordé » and « Compte rendu » columns, its filter « Comptes rendus
en retard ou attendus » and its CSV; the regional counts of reports expected and late; the
programming table's « Compte rendu » column. Dates are relative to Paris today."""

import csv
import html
import io
import re
from decimal import Decimal

import pytest

from tests.functional.test_query_counts import count_queries
from wizard.db import db, utcnow
from wizard.formats import paris_today
from wizard.models import Commune, Decision, DossierState, Report, ReportState
from wizard.review.report_calendar import add_months

S = DossierState
NBSP = "\u202f"


def months_ago(n: int) -> str:
    return add_months(paris_today(), -n).isoformat()


@pytest.fixture
def funded(cast, create_dossier):
    """Lille: « Deux ans » (decided 24 months ago over 2 years: year 1 late, year 2 due;
    8 000 + 7 000 granted, adultes-relais refused), « Attendu » (agreed 14 months ago, 5 000),
    « Déposé » (its report deposited), « Sans date » (no start date), « En instruction »
    (not decided: no report); Arras: « Arras à venir » (started 3 months ago)."""

    def dossier(title, state, start, years=1, grants=(), report=None, commune=None):
        doc = {"title": title, "years": years}
        if start:
            doc["start_date"] = start
        d = create_dossier(state=state, document=doc, commune=commune or cast["lille"])
        for scheme, year, granted in grants:
            db.session.add(Decision(
                dossier_id=d.id, scheme=scheme, year=year, requested=Decimal(30000),
                decided_at=utcnow(), granted=None if granted is None else Decimal(granted),
                refused_reason=None if granted is not None else "Hors priorités"))
        if report:
            db.session.add(Report(dossier_id=d.id, year=1, state=report, content={},
                                  submitted_at=utcnow()))
        db.session.commit()
        return d

    return [
        dossier("Deux ans", S.DECIDED, months_ago(24), 2,
                [("fipd", 1, 8000), ("fipd", 2, 7000), ("adultes_relais", 1, None)]),
        dossier("Attendu", S.AGREED, months_ago(14), grants=[("fipd", 1, 5000)]),
        dossier("Déposé", S.DECIDED, months_ago(14), grants=[("fipd", 1, 1000)],
                report=ReportState.SUBMITTED),
        dossier("Sans date", S.DECIDED, None, grants=[("epci", 1, None)]),
        dossier("En instruction", S.IN_INSTRUCTION, months_ago(30)),
        dossier("Arras à venir", S.DECIDED, months_ago(3), commune=cast["arras"]),
    ]


def rows_of(page: str) -> dict[str, list[str]]:
    """The dashboard's rows by title: the text of each cell."""
    body = page.split("<tbody>")[1].split("</tbody>")[0]
    out = {}
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        cells = [html.unescape(re.sub(r"<[^>]+>", " ", c)).split()
                 for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        out[" ".join(cells[0])] = [" ".join(c) for c in cells]
    return out


def test_dashboard_columns(client, login_as, funded):
    login_as("adviser")
    page = client.get("/conseiller/").text
    assert "Montant accordé</th>" in page and "Compte rendu</th>" in page
    rows = rows_of(page)
    granted, report = 6, 7  # cell texts with their spaces normalised
    assert rows["Deux ans"][granted] == "15 000,00 €"  # 8 000 + 7 000, the refusal 0
    assert rows["Deux ans"][report] == "Année 1 : en retard"
    assert rows["Attendu"][report] == "Année 1 : attendu"
    assert rows["Déposé"][report] == "Année 1 : déposé"
    assert rows["Sans date"][report] == "date de début non renseignée"
    assert rows["Sans date"][granted] == "0,00 €"  # decided, everything refused
    assert rows["En instruction"][granted] == "" and rows["En instruction"][report] == ""
    assert rows["Arras à venir"][report] == "Année 1 : à venir"
    assert rows["Arras à venir"][granted] == ""  # no decision recorded


def test_dashboard_filter(client, login_as, funded):
    login_as("adviser")
    page = client.get("/conseiller/", query_string={"comptes_rendus": "y"}).text
    assert 'name="comptes_rendus"' in page and "Comptes rendus en retard ou attendus" in page
    assert sorted(rows_of(page)) == ["Attendu", "Deux ans"]
    assert re.search(r"2 dossiers</p>", page)  # the count follows the filter
    combined = client.get("/conseiller/", query_string={"comptes_rendus": "y",
                                                        "recherche": "deux"}).text
    assert sorted(rows_of(combined)) == ["Deux ans"]
    assert sorted(rows_of(client.get("/conseiller/").text)) == sorted(
        ["Deux ans", "Attendu", "Déposé", "Sans date", "En instruction", "Arras à venir"])


def test_dashboard_csv(client, login_as, funded):
    login_as("adviser")
    text = client.get("/conseiller/export.csv?tri=titre").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][-2:] == ["Montant accordé (€)", "Compte rendu"]
    by_title = {r[1]: r[-2:] for r in rows[1:]}
    assert by_title["Deux ans"] == ["15000,00", "Année 1 : en retard"]
    assert by_title["Attendu"] == ["5000,00", "Année 1 : attendu"]
    assert by_title["Sans date"] == ["0,00", "date de début non renseignée"]
    assert by_title["En instruction"] == ["", ""]
    filtered = client.get("/conseiller/export.csv?comptes_rendus=y").data.decode("utf-8-sig")
    assert sorted(r[1] for r in list(csv.reader(io.StringIO(filtered), delimiter=";"))[1:]) \
        == ["Attendu", "Deux ans"]


@pytest.mark.parametrize("url", ["/conseiller/", "/conseiller/?comptes_rendus=y",
                                 "/conseiller/export.csv"])
def test_dashboard_statements_do_not_grow(client, login_as, cast, create_dossier, url):
    login_as("adviser")
    lille_id = cast["lille"].id

    def add(n):
        lille = db.session.get(Commune, lille_id)  # `count` ended the session
        for i in range(n):
            d = create_dossier(state=S.DECIDED, commune=lille,
                               document={"title": f"P{i}", "start_date": months_ago(26),
                                         "years": 2})
            db.session.add(Decision(dossier_id=d.id, scheme="fipd", year=1,
                                    requested=Decimal(10), granted=Decimal(5),
                                    decided_at=utcnow()))
            db.session.add(Report(dossier_id=d.id, year=1, state=ReportState.ACCEPTED,
                                  content={}, submitted_at=utcnow()))
        db.session.commit()

    def count():
        client.get(url)
        db.session.remove()
        with count_queries() as statements:
            response = client.get(url)
        assert response.status_code == 200
        return len(statements), response

    add(1)
    one, _ = count()
    add(12)
    many, response = count()
    assert many == one
    if url.endswith("/"):  # the user, counts per state, the page, decisions, reports
        assert one <= 5
        assert response.text.count("Année 2 : attendu") == 13


def test_regional_counts(client, login_as, funded):
    login_as("adviser")
    page = client.get("/conseiller/synthese-regionale").text
    table = page.split('id="synthese-departements"')[1]
    headers = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', table)
    assert headers[-2:] == ["Comptes rendus attendus", "Comptes rendus en retard"]

    def cells(header):
        row = re.search(r'<th scope="row">' + re.escape(header) + r"</th>(.*?)</tr>", table,
                        re.S)
        return [html.unescape(c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>",
                                                              row.group(1))]

    # Nord: « Deux ans » year 2 and « Attendu » expected, « Deux ans » year 1 late
    assert cells("Nord (59)")[-2:] == ["2", "1"]
    assert cells("Pas-de-Calais (62)")[-2:] == ["0", "0"]
    assert cells("Région")[-2:] == ["2", "1"]
    # the third chart: per department, the reports expected and late, as in the table
    chart = page.split('id="graphique-comptes-rendus-titre"')[1].split("</figure>")[0]
    lines = [re.findall(r"<text[^>]*>([^<]*)</text>", g)
             for g in re.findall(r"<g>(.*?)</g>", chart, re.S)]
    assert lines == [["Nord (59)", "2", "1"], ["Pas-de-Calais (62)", "0", "0"]]
    widths = [float(w) for w in re.findall(r'<rect x="190"[^>]*width="([0-9.]+)"', chart)]
    assert widths[1:] == [340.0, 170.0, 0.0, 0.0]  # after the legend's; 2 the longest
    assert 'role="img"' in chart and "Comptes rendus annuels attendus et en retard" in chart
    assert "colonnes « Comptes rendus attendus » et « Comptes rendus en retard »" in \
        html.unescape(chart)


def test_regional_statements_do_not_grow(client, login_as, cast, funded, create_dossier):
    login_as("adviser")

    def count():
        client.get("/conseiller/synthese-regionale")
        db.session.remove()
        with count_queries() as statements:
            assert client.get("/conseiller/synthese-regionale").status_code == 200
        return len(statements)

    arras_id = cast["arras"].id
    before = count()
    for i in range(5):
        create_dossier(state=S.AGREED, commune=db.session.get(Commune, arras_id),
                       document={"title": f"A{i}", "start_date": months_ago(30)})
    assert count() == before
    page = client.get("/conseiller/synthese-regionale").text.split('id="synthese-departements"')[1]
    row = re.search(r'<th scope="row">Pas-de-Calais \(62\)</th>(.*?)</tr>', page, re.S)
    assert [c.strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row.group(1))][-2:] == \
        ["0", "5"]


def test_programming_column(app, cast, create_dossier, complete_document):
    """The prefecture's table, screen, CSV and PDF: « Compte rendu » for decided dossiers."""
    from tests.helpers import add_transmission, login
    from wizard import reference

    def dossier(state, start, report=None):
        doc = dict(complete_document, start_date=start, years=2)
        d = create_dossier(state=state, document=doc, commune=cast["lille"],
                           parameter_set=reference.current_set())
        add_transmission(d)
        if report:
            db.session.add(Report(dossier_id=d.id, year=1, state=report, content={},
                                  submitted_at=utcnow()))
            db.session.commit()
        return d

    late = dossier(S.DECIDED, months_ago(25), ReportState.CHANGES_REQUESTED)
    dossier(S.AGREED, months_ago(19))  # year 1 late: ended 7 months ago
    received = dossier(S.RECEIVED, months_ago(30))  # not decided: nothing to report yet
    agent = login(app, cast["agent"])
    page = agent.get("/prefecture/programmation").text
    assert "<li>Compte rendu : Année 2 : attendu</li>" in page  # year 1's compléments after
    assert "<li>Compte rendu : Année 1 : en retard</li>" in page
    assert page.count("<li>Compte rendu :") == 2  # not for the received dossier
    text = agent.get("/prefecture/programmation.csv").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][-1] == "Compte rendu"
    by_state = {r[9]: r[-1] for r in rows[1:]}
    assert by_state[S.DECIDED.label] == "Année 2 : attendu"
    assert by_state[S.AGREED.label] == "Année 1 : en retard"
    assert by_state[S.RECEIVED.label] == ""
    pdf = agent.get("/prefecture/programmation.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    from pypdf import PdfReader

    printed = " ".join(" ".join(p.extract_text().split()) for p in
                       PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Compte rendu" in printed and "en retard" in printed
    assert late.id and received.id
