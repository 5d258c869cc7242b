"""The one French number input (wizard/forms/numbers.py) and the one clock and date format
(wizard/formats.py)."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from werkzeug.datastructures import MultiDict

from wizard.formats import clock, date_time, in_words, long_date
from wizard.forms.numbers import NumberError, parse_decimal, parse_rate, rate_text


@pytest.mark.parametrize("text, value", [
    ("12 500", "12500"), ("12500", "12500"), ("12 500,50 €", "12500.50"),
    ("12500,5", "12500.5"), ("12\u202f500,50\u00a0€", "12500.50"), ("4800.50", "4800.50"),
    ("0,125", "0.125"), ("1 234 567", "1234567"), ("  7 ", "7"),
])
def test_amounts_written_the_french_way_are_read(text, value):
    assert parse_decimal(text) == Decimal(value)


@pytest.mark.parametrize("text, advice", [
    ("12.500", "Écrivez 12 500 (douze mille cinq cents) ou 12,50."),
    ("12,500", "Écrivez 12 500 (douze mille cinq cents) ou 12,50."),
    ("1.234,56", "Écrivez 1 234,56 (mille deux cent trente-quatre) : des espaces entre les "
                 "milliers, une virgule avant les décimales."),
    ("1,234.56", "Écrivez 1 234,56 (mille deux cent trente-quatre)"),
    ("1.234.567", "Écrivez 1 234 567 (un million deux cent trente-quatre mille cinq cent "
                  "soixante-sept)"),
])
def test_ambiguous_amounts_are_refused_with_advice_from_the_value(text, advice):
    with pytest.raises(NumberError) as refused:
        parse_decimal(text, digits=2)
    assert refused.value.advice.replace("\u202f", " ").replace("\u00a0", " ").startswith(advice)


@pytest.mark.parametrize("text", ["abc", "1 2500", "12,5,5", "--3", "12 %"])
def test_what_is_not_a_number_is_refused_without_advice(text):
    with pytest.raises(NumberError) as refused:
        parse_decimal(text)
    assert refused.value.advice is None


def test_rates_are_typed_as_percentages_or_fractions_and_shown_as_percentages():
    assert parse_rate("12 %") == parse_rate("0,12") == parse_rate("12%") == Decimal("0.12")
    assert parse_rate("12,5 %") == Decimal("0.125")
    with pytest.raises(NumberError) as refused:
        parse_rate("12")
    assert refused.value.advice.startswith("Écrivez 12 % ou 0,12")
    assert rate_text(Decimal("0.125")) == "12,5 %" and rate_text("0.3") == "30 %"


def test_fields_keep_what_was_typed_and_say_what_to_write():
    from wizard.forms import SubForm
    from wizard.forms.numbers import MoneyField, RateField, WholeNumberField

    class Form(SubForm):
        amount = MoneyField("Montant")
        rate = RateField("Taux")
        count = WholeNumberField("Nombre")

    form = Form(MultiDict({"amount": "12.500", "rate": "30 %", "count": "1.200"}))
    assert not form.validate()
    assert form.amount.errors == ["Écrivez 12\u202f500 (douze mille cinq cents) ou 12,50."]
    assert form.amount._value() == "12.500"
    assert form.rate.data == Decimal("0.3") and not form.rate.errors
    assert form.count.errors == ["Écrivez 1\u202f200 (mille deux cents) : un nombre entier, sans "
                                 "point ni virgule."]
    assert Form(data={"rate": Decimal("0.3")}).rate._value() == "30 %"


@pytest.mark.parametrize("n, words", [
    (0, "zéro"), (21, "vingt et un"), (71, "soixante et onze"), (80, "quatre-vingts"),
    (91, "quatre-vingt-onze"), (200, "deux cents"), (1000, "mille"),
    (12500, "douze mille cinq cents"), (200000, "deux cent mille"),
    (2300000, "deux millions trois cent mille"),
])
def test_numbers_in_words(n, words):
    assert in_words(n) == words


def test_one_clock_in_paris_time_and_one_format():
    winter = datetime(2026, 12, 2, 21, 22, tzinfo=UTC)
    assert date_time(winter) == "2 décembre 2026 à 22 h 22"
    assert clock(winter) == "22 h 22"
    # a naive value is UTC (as stored), never shown as is
    assert date_time(datetime(2026, 7, 14, 10, 5)) == "14 juillet 2026 à 12 h 05"
    assert long_date(date(2026, 9, 1)) == "1er septembre 2026"
    assert long_date("2026-09-02") == "2 septembre 2026"
    assert date_time(datetime(2026, 8, 31, 22, 30, tzinfo=UTC)) == "1er septembre 2026 à 0 h 30"
