"""The prefecture's programming table on screen, read as a committee sheet: one group of
rows per dossier (its title as the group's header, linking to it; holder, commune, QPVs,
state, opinion once), one row per scheme with the amounts right-aligned, every amount cell
naming its column, dossier and scheme headers; totals per department and scheme, and for
the whole table when the agent has several departments. The CSV keeps one flat row per
dossier and scheme."""

import csv
import io
from decimal import Decimal
from html.parser import HTMLParser

import pytest

from tests.helpers import add_transmission, login
from wizard import reference
from wizard.db import db, utcnow
from wizard.document.vocabulary import FUNDING_SCHEMES
from wizard.models import DossierState, Instruction, Opinion
from wizard.review.decisions import requested
from wizard.review.programming import ProgrammingRow
from wizard.review.programming_sheet import committee_sheet
from wizard.review.proposals import record_proposals

S = DossierState


class Cells(HTMLParser):
    """The programming table's header cells by id (their text) and its amount cells (the
    ids their `headers` name, their text), plus each row-group header's rowspan."""

    def __init__(self, html):
        super().__init__()
        self.headers, self.amounts, self.rowspans, self.classes = {}, [], {}, set()
        self._cell = None
        self.feed(html.replace("\u202f", " ").replace("\xa0", " "))

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("th", "td"):
            self._cell = [tag, attrs, ""]
            if tag == "th" and attrs.get("scope") == "rowgroup":
                self.rowspans[attrs.get("id")] = int(attrs.get("rowspan", 1))

    def handle_data(self, data):
        if self._cell:
            self._cell[2] += data

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self._cell:
            kind, attrs, text = self._cell
            text = " ".join(text.split())
            if kind == "th" and attrs.get("id"):
                self.headers[attrs["id"]] = text
            elif kind == "td" and attrs.get("headers"):
                self.amounts.append(([self.headers.get(i) for i in attrs["headers"].split()], text))
                self.classes.add(attrs.get("class"))
            self._cell = None

    def amount(self, *names):
        """The text of the amount cell whose headers start with `names` (column first)."""
        found = [text for heads, text in self.amounts
                 if all(any(h and h.startswith(n) for h in heads) for n in names)]
        assert len(found) == 1, (names, found)
        return found[0]


@pytest.fixture
def dossiers(cast, create_dossier, complete_document):
    """Two dossiers of Lille (the first with an opinion and proposals), one of Arras."""
    made = []
    for title, commune in (("Médiation Lille-Sud", cast["lille"]),
                           ("Médiation Fives", cast["lille"]),
                           ("Médiation Arras", cast["arras"])):
        d = create_dossier(state=S.ADMISSIBLE, document=dict(complete_document, title=title),
                           commune=commune, parameter_set=reference.current_set())
        d.title = title
        add_transmission(d)
        made.append(d)
    db.session.add(Instruction(dossier_id=made[0].id, opinion=Opinion.RESERVED,
                               opinion_reason="Horaires à confirmer"))
    asked = requested(made[0])
    record_proposals(made[0], cast["agent"], {**asked, ("fipd", 1): Decimal(12345)})
    db.session.commit()
    return made


def test_one_group_per_dossier_and_headed_amounts(app, cast, dossiers):
    first, second, _arras = dossiers
    html = login(app, cast["agent"]).get("/prefecture/programmation").text
    cells = Cells(html)
    schemes = {s for s, _year in requested(first)}
    fipd = FUNDING_SCHEMES["fipd"]
    # the dossier's title heads its group of rows, once, spanning one row per scheme
    assert cells.rowspans[f"dossier-{first.id}"] == len(schemes) > 1
    assert f'href="/prefecture/dossiers/{first.id}"' in html
    holder = first.document["holder"]["name"]
    assert html.count(holder) == 2  # once in each group, not once per scheme
    assert html.count("Avis de la mission : Avis réservé (Horaires à confirmer)") == 1
    assert "Médiation Arras" not in html  # another department's dossier
    # each amount is announced with its column, its dossier and its scheme
    assert cells.amount("Montant demandé", "Médiation Lille-Sud", fipd) == "55 000,00 €"
    assert cells.amount("Montant proposé", "Médiation Lille-Sud", fipd) == "47 345,00 €"
    assert cells.amount("Montant proposé", "Médiation Fives", fipd) == "—pas de proposition"
    assert cells.amount("Montant accordé", "Médiation Fives", fipd) == "—pas encore décidé"
    # the department's totals, per scheme: both requests, the one proposal
    assert cells.amount("Montant demandé", "Total : Nord (59)", fipd) == "110 000,00 €"
    assert cells.amount("Montant proposé", "Total : Nord (59)", fipd) == "47 345,00 €"
    assert "Total de vos départements" not in html  # one department: no overall total
    assert cells.classes == {"fr-cell--right"}  # every amount right-aligned
    assert all(None not in heads for heads, _text in cells.amounts)  # every header exists


def test_several_departments_have_an_overall_total(app, cast, create_user, dossiers):
    both = create_user("prefecture", email="agent5962@prefecture.fr", departments=["59", "62"])
    cells = Cells(login(app, both).get("/prefecture/programmation").text)
    fipd = FUNDING_SCHEMES["fipd"]
    assert cells.amount("Montant demandé", "Total : Pas-de-Calais (62)", fipd) == "55 000,00 €"
    assert cells.amount("Montant demandé", "Total de vos départements", fipd) == "165 000,00 €"
    # an Arras amount names its department too
    assert cells.amount("Montant demandé", "Pas-de-Calais (62)", "Médiation Arras", fipd) \
        == "55 000,00 €"


def test_the_csv_keeps_one_flat_row_per_dossier_and_scheme(app, cast, dossiers):
    text = login(app, cast["agent"]).get("/prefecture/programmation.csv").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:6] == ["Département", "Porteur", "Commune", "Dossier", "QPV", "Dispositif"]
    assert len(rows[0]) == 13
    schemes = {s for s, _year in requested(dossiers[0])}
    assert sum(row[3] == "Médiation Lille-Sud" for row in rows[1:]) == len(schemes)


def _row(dossier_id, department, scheme, asked, proposed=None, granted=None, refused=False):
    return ProgrammingRow(dossier_id, department, "Porteur", "Commune", f"Dossier {dossier_id}",
                          "", scheme, Decimal(asked), granted, refused, "Décision rendue", "",
                          "", proposed=proposed)


def test_committee_sheet_groups_and_totals():
    departments, overall = committee_sheet([
        _row(1, "59", "fipd", 100, Decimal(80), Decimal(70)),
        _row(1, "59", "adultes_relais", 50, None, Decimal(0), refused=True),
        _row(2, "59", "fipd", 30),
        _row(3, "59", "", 0),  # requests nothing
        _row(4, "62", "fipd", 10, Decimal(10)),
    ])
    nord, pas_de_calais = departments
    assert [len(g.lines) for g in nord.dossiers] == [2, 1, 0]
    assert nord.dossiers[0].lines[1].refused
    assert nord.total.dossiers == 3
    fipd = nord.total.lines["fipd"]
    assert (fipd.requested, fipd.proposed, fipd.granted) == (130, 80, 70)
    assert nord.total.lines["adultes_relais"].granted == 0  # refused: decided, nothing
    assert pas_de_calais.total.lines["fipd"].granted is None  # nothing decided yet
    assert overall.dossiers == 4 and overall.lines["fipd"].requested == 140
    assert committee_sheet([_row(1, "59", "fipd", 1)])[1] is None


def test_a_dossier_requesting_nothing_and_a_refusal(app, cast, create_dossier, dossiers):
    """A dossier without request keeps its group (one row saying so); a refused scheme reads
    « Refusé » and adds nothing to the granted total."""
    from wizard.models import Decision

    empty = create_dossier(state=S.RECEIVED, document={"title": "Sans demande"},
                           commune=cast["lille"])
    add_transmission(empty)
    first = dossiers[0]
    first.state = S.DECIDED
    for (scheme, year), asked in requested(first).items():
        db.session.add(Decision(dossier_id=first.id, scheme=scheme, year=year, requested=asked,
                                granted=None if scheme == "fipd" else asked,
                                refused_reason="Hors priorités" if scheme == "fipd" else None,
                                decided_at=utcnow()))
    db.session.commit()
    page = login(app, cast["agent"]).get("/prefecture/programmation").text
    cells = Cells(page)
    fipd = FUNDING_SCHEMES["fipd"]
    assert cells.rowspans[f"dossier-{empty.id}"] == 1
    group = page.split(f'id="dossier-{empty.id}"')[1].split("</tbody>")[0]
    assert "Aucun financement demandé." in group
    assert cells.amount("Montant accordé", "Médiation Lille-Sud", fipd) == "Refusé"
    assert cells.amount("Montant accordé", "Total : Nord (59)", fipd) == "0,00 €"
    assert cells.headers["total-59"].endswith("3 dossiers")
