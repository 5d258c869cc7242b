"""The one stack of French number input: whole numbers, decimals and euros as people type
them (« 1 200 », « 0,5 », « 4 800,50 € »), with French messages; and range checks."""

import re
from decimal import Decimal

from wtforms import Field, IntegerField
from wtforms.validators import ValidationError
from wtforms.widgets import TextInput

from wizard.formats import number

SPACES = re.compile(r"[\s\u00a0\u202f]")
WHOLE = re.compile(r"\d+")
DECIMAL = re.compile(r"-?\d+([.,]\d+)?")
MONEY_MESSAGE = "Montant invalide : nombre positif en euros, ex. 4 800,50."


def parse_decimal(text, *, negative: bool = True) -> Decimal | None:
    """« 12 345,67 € » / « 12345.67 » → Decimal('12345.67'); None for a blank value.

    Raises ValueError when the text is not a number (thousands separators must be spaces),
    or is negative while `negative` is False."""
    if text is None:
        return None
    if isinstance(text, (int, Decimal)):
        return Decimal(text)
    raw = SPACES.sub("", str(text)).removesuffix("€")
    if not raw:
        return None
    if len(raw) > 30 or not DECIMAL.fullmatch(raw) or (raw.startswith("-") and not negative):
        raise ValueError(text)
    return Decimal(raw.replace(",", "."))


def between(low, high, message):
    """Range check of a number field that parsed (an unparsable value has its own error)."""

    def check(form, field):
        if field.data is not None and not low <= field.data <= high:
            raise ValidationError(message)

    return check


class WholeNumberField(IntegerField):
    """A whole number typed in French (« 1 200 » accepted), French message otherwise
    (`message`, default « Nombre entier attendu (par exemple 2). »)."""

    widget = TextInput()

    def __init__(self, label=None, validators=None, message=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.message = message or "Nombre entier attendu (par exemple 2)."

    def process_formdata(self, valuelist):
        self.data = None
        text = SPACES.sub("", valuelist[0]) if valuelist else ""
        if not text:
            return
        if not WHOLE.fullmatch(text) or len(text) > 15:
            raise ValueError(self.message)
        self.data = int(text)


class DecimalNumberField(Field):
    """A positive decimal typed in French (« 0,5 ») or with a point, as a Decimal."""

    widget = TextInput()
    message = "Nombre attendu, par exemple 0,5."

    def process_formdata(self, valuelist):
        self.data = None
        try:
            self.data = parse_decimal(valuelist[0] if valuelist else None, negative=False)
        except ValueError:
            raise ValueError(self.message) from None

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else self.display(self.data)

    display = staticmethod(lambda value: format(value, "f").replace(".", ","))


class MoneyField(DecimalNumberField):
    """Euros, at most two decimals (« 4 800,50 », « 4800.50 », « 4 800 € »)."""

    message = MONEY_MESSAGE
    display = staticmethod(lambda value: number(value, 2))

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if self.data is not None and (self.data.as_tuple().exponent < -2 or self.data >= 10**9):
            self.data = None
            raise ValueError(MONEY_MESSAGE)
