"""The advisers' regional summary: per department, the projects (drafts, withdrawn and
ended dossiers left out), those funded, the mediators' FTE, the amounts granted per scheme
(refusals counting nothing), the region's total; the chart and the table show the same
figures; three statements whatever the number of dossiers and decisions."""

import html
import re
from decimal import Decimal

import pytest

from tests.functional.test_query_counts import count_queries
from wizard.db import db, utcnow
from wizard.models import Decision, DossierState

S = DossierState
URL = "/conseiller/synthese-regionale"


@pytest.fixture
def region(cast, create_dossier, create_commune):
    """Lille (59): a funded project (2 FTE, FIPD 8 000 + 7 000, adultes-relais 20 000), one in
    instruction (1,5 FTE), a draft, a withdrawn one; Arras (62): an agreed project (1 FTE,
    FIPD 5 000, politique de la ville refused)."""
    lille, arras = cast["lille"], cast["arras"]

    def dossier(commune, state, fte, grants=()):
        d = create_dossier(state=state, commune=commune, mediator_fte=Decimal(fte))
        for scheme, year, granted in grants:
            db.session.add(Decision(dossier_id=d.id, scheme=scheme, year=year,
                                    requested=Decimal(30000), decided_at=utcnow(),
                                    granted=None if granted is None else Decimal(granted),
                                    refused_reason="Hors priorités" if granted is None else None))
        db.session.commit()
        return d

    dossier(lille, S.DECIDED, "2", [("fipd", 1, 8000), ("fipd", 2, 7000),
                                    ("adultes_relais", 1, 20000)])
    dossier(lille, S.IN_INSTRUCTION, "1.5")
    dossier(lille, S.DRAFT, "4")
    dossier(lille, S.WITHDRAWN, "3")
    dossier(arras, S.AGREED, "1", [("fipd", 1, 5000), ("politique_ville", 1, None)])
    return lille, arras


def _cells(page: str, header: str) -> list[str]:
    """The cells of the table row headed `header`."""
    row = re.search(r'<th scope="row">' + re.escape(header) + r"</th>(.*?)</tr>", page, re.S)
    return [html.unescape(c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row.group(1))]


def test_the_summary_per_department(client, login_as, region):
    login_as("adviser")
    page = client.get(URL).text
    assert "Synthèse régionale" in page
    headers = re.findall(r'<th scope="col"[^>]*>(.*?)</th>',
                         page.split('id="synthese-departements"')[1])
    assert headers == ["Département", "Projets", "dont financés", "ETP de médiateurs",
                       "dont projets financés", "Accordé : FIPD", "Accordé : Adultes-relais",
                       "Total accordé", "Comptes rendus attendus",
                       "Comptes rendus en retard"]  # the refused politique de la ville is no column
    nbsp = "\u202f"
    assert _cells(page, "Nord (59)") == [
        "2", "1", "3,50", "2,00", f"15{nbsp}000,00\xa0€", f"20{nbsp}000,00\xa0€",
        f"35{nbsp}000,00\xa0€", "0", "0"]  # no start date: no report due (test_report_columns)
    assert _cells(page, "Pas-de-Calais (62)") == [
        "1", "1", "1,00", "1,00", f"5{nbsp}000,00\xa0€", "—", f"5{nbsp}000,00\xa0€", "0", "0"]
    assert _cells(page, "Région") == [
        "3", "2", "4,50", "3,00", f"20{nbsp}000,00\xa0€",
        f"20{nbsp}000,00\xa0€", f"40{nbsp}000,00\xa0€", "0", "0"]
    # the chart: one bar per department, the longest for the largest amount, its value read
    chart = page.split('id="graphique-montants"')[1].split("</svg>")[0]
    widths = [float(w) for w in re.findall(r'<rect [^>]*width="([0-9.]+)"', chart)]
    assert len(widths) == 2 and widths[0] == pytest.approx(7 * widths[1], abs=1)
    assert f"35{nbsp}000,00\xa0€" in html.unescape(chart) and "Nord (59)" in chart
    assert 'role="img"' in chart
    # no report expected nor late anywhere: no third chart, a sentence says so
    assert 'id="graphique-comptes-rendus"' not in page
    assert "Aucun compte rendu annuel n'est attendu ni en retard" in page


def test_the_dashboard_links_to_the_summary(client, login_as, region):
    login_as("adviser")
    assert URL in client.get("/conseiller/").text


def test_an_empty_region(client, login_as):
    login_as("adviser")
    assert "Aucun projet déposé" in client.get(URL).text


def test_three_statements_whatever_the_number_of_dossiers(client, login_as, cast, region,
                                                         create_dossier, create_commune):
    login_as("adviser")

    def count():
        client.get(URL)
        db.session.remove()
        with count_queries() as statements:
            assert client.get(URL).status_code == 200
        return len(statements)

    before = count()
    for code, dep in (("80021", "80"), ("02691", "02"), ("60057", "60")):
        commune = create_commune(code, f"Commune {code}", department=dep)
        for _ in range(3):
            d = create_dossier(state=S.DECIDED, commune=commune, mediator_fte=Decimal(1))
            db.session.add(Decision(dossier_id=d.id, scheme="epci", year=1,
                                    requested=Decimal(1), granted=Decimal(1),
                                    decided_at=utcnow()))
        db.session.commit()
    assert count() == before
