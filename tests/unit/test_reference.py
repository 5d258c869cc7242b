"""wizard.reference (sets, publishing, pinning) and wizard.reference.fields (French numbers)."""

from datetime import date
from decimal import Decimal

import pytest

from wizard import reference
from wizard.costing import DEFAULT_PARAMETERS, PARAMETER_SPECS
from wizard.costing.defaults import SPECS_BY_KEY
from wizard.db import db
from wizard.forms.numbers import parse_decimal
from wizard.reference.fields import amount, check, display


def _entries(**changes):
    out = {spec.key: {"value": spec.value, "status": spec.status} for spec in PARAMETER_SPECS}
    for key, value in changes.items():
        out[key]["value"] = value
    return out


def test_default_set_mirrors_the_costing_specs(app):
    first = reference.ensure_default_set()
    assert reference.ensure_default_set().id == first.id  # idempotent
    assert first.label == "2026-v1" and first.is_published
    assert reference.values(first) == DEFAULT_PARAMETERS
    by_key = {p.key: p for p in first.parameters}
    assert by_key["annual_hours"].status == "confirmed" and by_key["night_premium"].is_estimate
    assert by_key["mediator_gross_annual"].source_url.startswith("https://")
    assert by_key["overhead_rate"].valid_from == date(2026, 1, 1)


def test_values_of_no_set_are_the_defaults(app):
    assert reference.values(None) == DEFAULT_PARAMETERS
    assert reference.latest_set() is None
    assert reference.pinned_set(None).values == DEFAULT_PARAMETERS
    assert reference.pinned_set(None).name == "paramètres par défaut"


def test_publish_always_creates_a_new_set(app, create_user):
    adviser = create_user("adviser")
    first = reference.ensure_default_set()
    second = reference.publish(_entries(overhead_rate="0.12"), adviser, "2026-v2")
    db.session.commit()
    assert second.id != first.id and reference.latest_set().id == second.id
    assert reference.values(first)["overhead_rate"] == "0.10"
    assert reference.values(second)["overhead_rate"] == "0.12"
    assert second.published_by.id == adviser.id and second.published_at is not None
    assert reference.next_label(date(2026, 5, 1)) == "2026-v3"
    assert reference.next_label(date(2027, 1, 2)) == "2027-v1"
    with pytest.raises(ValueError, match="existe déjà"):
        reference.publish(_entries(), adviser, "2026-v2")
    incomplete = _entries()
    del incomplete["overhead_rate"]
    with pytest.raises(ValueError, match="manquants"):
        reference.publish(incomplete, adviser, "2026-v9")


def test_a_new_dossier_is_pinned_to_the_set_in_force(app, create_user, create_commune):
    from wizard import operations

    lead = create_user("lead")
    first = reference.ensure_default_set()
    dossier = operations.create_dossier(lead, create_commune(), "Essai")
    assert dossier.parameter_set_id == first.id
    assert reference.pinned(dossier).label == "2026-v1"
    assert reference.pinned(dossier).values == reference.values(first)


@pytest.mark.parametrize("text, expected", [
    ("12 345,67", Decimal("12345.67")), ("12\u202f345,67\u00a0€", Decimal("12345.67")),
    ("0.25", Decimal("0.25")), ("  ", None), (None, None), ("-3", Decimal(-3)),
])
def test_parse_decimal_reads_french_numbers(text, expected):
    assert parse_decimal(text) == expected


@pytest.mark.parametrize("text", ["1.234,5", "12,3,4", "abc", "1e5", "--2"])
def test_parse_decimal_refuses_other_text(text):
    with pytest.raises(ValueError):
        parse_decimal(text)


def test_check_normalises_and_bounds_each_kind():
    assert check(SPECS_BY_KEY["overhead_rate"], "0,150") == "0.15"
    assert check(SPECS_BY_KEY["annual_hours"], "1 607") == "1607"
    assert check(SPECS_BY_KEY["night_end"], " 06:00 ") == "06:00"
    assert check(SPECS_BY_KEY["vehicle_annual_cost"], "") is None
    with pytest.raises(ValueError, match="comprise entre 1\u202f000 et 2\u202f200"):
        check(SPECS_BY_KEY["annual_hours"], "900")
    with pytest.raises(ValueError, match="deux décimales"):
        check(SPECS_BY_KEY["vehicle_annual_cost"], "10,555")


def test_amounts_and_display():
    assert amount("7 500,5") == "7500.50" and amount("") is None
    for bad, message in (("-1", "positif"), ("abc", "Montant invalide"),
                         ("1000000000", "milliard"), ("1,234", "deux décimales")):
        with pytest.raises(ValueError, match=message):
            amount(bad)
    assert display(SPECS_BY_KEY["overhead_rate"], "0.125") == "12,5\u202f%"
    assert display(SPECS_BY_KEY["annual_hours"], "1607") == "1\u202f607\u00a0h"
    assert display(SPECS_BY_KEY["night_start"], "21:00") == "21:00"
