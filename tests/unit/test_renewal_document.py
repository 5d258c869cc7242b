"""The document of a renewal (pure): carried over, a renewal naming the renewed dossier,
the start date one year on."""

import copy
from datetime import date

from tests.samples import complete_raw
from wizard import document as documents
from wizard.document.renewal import next_year, renewal_document


def test_next_year_keeps_the_day_or_takes_the_28th_of_february():
    assert next_year(date(2027, 1, 1)) == date(2028, 1, 1)
    assert next_year(date(2028, 2, 29)) == date(2029, 2, 28)


def test_the_renewal_document_is_valid_and_leaves_the_source_alone():
    source = complete_raw()
    kept = copy.deepcopy(source)
    doc = renewal_document(source, 12, "T" * 250)
    assert source == kept
    assert doc["holder"]["application"] == "renouvellement"
    assert doc["holder"]["previous_dossier"] == {"id": 12, "title": "T" * 200}
    assert doc["start_date"] == "2028-01-01"
    assert doc["partners"] == source["partners"]
    assert documents.validate(doc) == []


def test_without_a_start_date_or_a_holder():
    doc = renewal_document({"title": "x"}, 3, "x")
    assert doc == {"title": "x", "holder": {"application": "renouvellement",
                                            "previous_dossier": {"id": 3, "title": "x"}}}
    assert renewal_document({"start_date": "demain"}, 3, "x")["start_date"] == "demain"
