"""Numbers typed the French way (« 12 345,67 », « 0,25 ») and the reference parameters'
form validators and display, shared by the adviser pages and the budget step.
"""

from decimal import Decimal

from wtforms.validators import ValidationError

from wizard.costing import ParameterSpec
from wizard.formats import money, short_number
from wizard.forms import TIME_RE
from wizard.forms.numbers import NumberError, parse_decimal, parse_rate, rate_text

MAX_AMOUNT = Decimal("999999999.99")


def plain(value: Decimal) -> str:
    """A Decimal as stored in documents and sets: dot decimal, no exponent (« 0.25 »)."""
    return format(value, "f")


def fr_number(value) -> str:
    """« 10 000 000 », « 0,9 », « 1 607 »: French digits, no useless zeros."""
    return short_number(value, 4)


def fr_percent(value) -> str:
    """A fraction as a French percentage: 0.025 → « 2,5 % »."""
    return fr_number(Decimal(str(value)) * 100) + "\u202f%"


def typed(spec: ParameterSpec, value) -> str | None:
    """A stored value as its field shows it: a rate as a percentage (« 12,5 % »), a number
    in French digits (« 23 500 », « 0,3 »), a time as is."""
    if value is None or value == "":
        return None
    if spec.kind == "time":
        return str(value)
    try:
        return rate_text(value) if spec.kind == "fraction" else fr_number(value)
    except ArithmeticError:
        return str(value)


def display(spec: ParameterSpec, value) -> str:
    """A parameter's value for reading, with its unit: « 21 876,36 € », « 12 % », « 1 607 h »."""
    if value is None or value == "":
        return ""
    if spec.kind == "time":
        return str(value)
    number = Decimal(str(value))
    if spec.kind == "money":
        return money(number)
    if spec.kind == "fraction":
        return fr_percent(number)
    if spec.kind == "hours":
        return f"{fr_number(number)}\u00a0h"
    return fr_number(number)


def _range_message(spec: ParameterSpec, lo, hi) -> str:
    what, e = {"money": ("Le montant", ""), "fraction": ("Le taux", "")}.get(
        spec.kind, ("La valeur", "e"))
    fmt = {"money": money, "fraction": rate_text}.get(spec.kind, fr_number)
    if spec.above_min:
        top = "" if hi is None else f" et au plus égal{e} à {fmt(hi)}"
        return f"{what} doit être supérieur{e} à {fmt(lo)}{top}."
    if hi is None:
        return f"{what} doit être supérieur{e} ou égal{e} à {fmt(lo)}."
    return f"{what} doit être compris{e} entre {fmt(lo)} et {fmt(hi)}."


def check(spec: ParameterSpec, text) -> str | None:
    """The canonical value of `text` for `spec` (« 0.25 », « 21:00 »), None when blank.

    Raises ValueError with a French message when it is not valid for the parameter.
    """
    if text is None or str(text).strip() == "":
        return None
    if spec.kind == "time":
        if not TIME_RE.match(str(text).strip()):
            raise ValueError("Heure invalide : format attendu HH:MM (par exemple 21:00).")
        return str(text).strip()
    try:
        if spec.kind == "fraction":
            number = parse_rate(text)
        else:
            number = parse_decimal(text, digits=2 if spec.kind == "money" else None)
    except NumberError as error:
        raise ValueError(error.advice or {
            "money": "Montant invalide : saisir un montant en euros, par exemple 21 876,36.",
            "fraction": "Taux invalide : écrire un pourcentage (25 %) ou une fraction (0,25).",
        }.get(spec.kind, "Nombre invalide : saisir un nombre, par exemple 1 607 ou 0,5.")) from None
    lo = Decimal(spec.min) if spec.min is not None else Decimal(0)
    hi = Decimal(spec.max) if spec.max is not None else None
    if number < lo or (spec.above_min and number == lo) or (hi is not None and number > hi):
        raise ValueError(_range_message(spec, lo, hi))
    if spec.kind == "money" and number != round(number, 2):
        raise ValueError("Un montant a deux décimales au plus (les centimes).")
    return plain(number.normalize())


def spec_validator(spec: ParameterSpec):
    """A WTForms validator checking a text field against `spec` (blank passes)."""

    def validate(form, field):
        try:
            check(spec, field.data)
        except ValueError as exc:
            raise ValidationError(str(exc)) from None

    return validate


def amount(text) -> str | None:
    """A money amount typed the French way → « 12345.67 » (None when blank).

    Raises ValueError with a French message (negative, not a number, over a billion)."""
    try:
        number = parse_decimal(text, digits=2)
    except NumberError as error:
        raise ValueError(error.advice or "Montant invalide : saisir un montant en euros, par "
                         "exemple 20 000 ou 12 500,50.") from None
    if number is None:
        return None
    if number < 0:
        raise ValueError("Le montant doit être positif ou nul.")
    if number > MAX_AMOUNT:
        raise ValueError("Le montant doit être inférieur à un milliard d'euros.")
    if number != round(number, 2):
        raise ValueError("Un montant a deux décimales au plus (les centimes).")
    return plain(number.quantize(Decimal("0.01")))


def amount_validator(form, field):
    """WTForms validator for `amount` (blank passes)."""
    try:
        amount(field.data)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None
