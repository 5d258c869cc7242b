"""The amounts an application requests per scheme and per year (wizard.document.requests),
and the adultes-relais convention's reference data."""

from decimal import Decimal

from tests.samples import complete_document
from wizard import document
from wizard.costing import DEFAULT_PARAMETERS, cost_document
from wizard.document import adultes_relais
from wizard.document.requests import (
    default_request,
    default_scheme,
    funded_by_scheme,
    requested_amounts,
)

D = Decimal


def _costed(doc):
    return requested_amounts(doc, cost_document(doc, DEFAULT_PARAMETERS))


def test_defaults_follow_the_category():
    assert default_scheme("etat") == "fipd"
    assert default_scheme("departement") == "departement"
    assert default_scheme("bailleur") == "bailleur"
    assert default_scheme("region") == "autre"
    assert default_scheme(None) is None
    assert default_request("commune") == "propre" and default_request("etat") == "demande"


def test_amounts_requested_per_scheme_and_year():
    doc = complete_document()
    funders = doc["funding"]["funders"]
    funders[0].update(scheme="fipd", request="demande")  # FIPD 20 000 / 20 000 / 15 000
    funders[1].update(scheme="departement", request="accorde")  # granted: not requested
    funders[2].update(scheme="bailleur", request="demande")  # 5 000 a year
    funders.append({"name": "Contrat de ville", "category": "etat", "scheme": "politique_ville",
                    "request": "demande", "amounts": ["3000", "3000", "0"]})
    funders.append({"name": "Fonds propres", "category": "commune", "request": "propre",
                    "amounts": ["1000", "1000", "1000"]})
    assert document.validate(doc) == []
    result = cost_document(doc, DEFAULT_PARAMETERS)
    req = requested_amounts(doc, result)
    aid = [y.adultes_relais for y in result.years]
    assert all(a > 0 for a in aid)
    assert list(req.by_scheme) == ["fipd", "adultes_relais", "politique_ville", "bailleur"]
    assert req.by_scheme["fipd"] == [D(20000), D(20000), D(15000)]
    assert req.by_scheme["adultes_relais"] == aid
    assert req.by_scheme["politique_ville"] == [D(3000), D(3000), D(0)]
    assert req.by_scheme["bailleur"] == [D(5000)] * 3
    assert req.state == [D(20000) + aid[0] + 3000, D(20000) + aid[1] + 3000, D(15000) + aid[2]]
    assert req.holder == [y.commune_contribution + 1000 for y in result.years]
    assert req.total == [s + 5000 for s in req.state]


def test_a_line_without_scheme_or_request_counts_as_requested_by_its_category():
    doc = complete_document()
    for funder in doc["funding"]["funders"]:
        funder.pop("scheme"), funder.pop("request")
    req = _costed(doc)
    assert set(req.by_scheme) == {"fipd", "adultes_relais", "departement", "bailleur"}
    assert req.by_scheme["departement"] == [D(10000), D(10000), D(8000)]


def test_no_posts_no_adultes_relais_request():
    doc = complete_document()
    doc["funding"]["adultes_relais_posts"] = 0
    assert "adultes_relais" not in _costed(doc).by_scheme


def test_eligibility_conditions_carry_their_source():
    assert adultes_relais.MINIMUM_AGE == 26  # Code du travail L5134-102 (no longer 30)
    assert "26 ans" in adultes_relais.ELIGIBILITY["age"]
    assert "L5134-102" in adultes_relais.SOURCE_TEXT and "F1019" in adultes_relais.SOURCE_TEXT
    assert adultes_relais.DURATION_YEARS == 3


def test_the_qpvs_a_dossier_names():
    assert adultes_relais.document_qpvs(complete_document()) == {
        "QN05926M": "Lille Sud (QN05926M)"}


def test_what_the_funders_bring_asked_for_or_already_granted():
    """The budget's plan of the resources per scheme: the lines asked for and those already
    granted; the holder's own resources are not a funder's."""
    doc = complete_document()
    doc["funding"]["funders"].append({"name": "Ville", "category": "commune",
                                      "amounts": ["7000", "7000", "7000"]})
    funded = funded_by_scheme(doc, 3)
    assert list(funded) == ["fipd", "departement", "bailleur"]
    assert funded["bailleur"] == [D(5000)] * 3  # « accordé » before the application
    assert funded["departement"] == [D(10000), D(10000), D(8000)]
    assert "bailleur" not in _costed(doc).by_scheme  # not requested by this application
