"""The one stack of French number input: whole numbers, decimals and euros as people type
them (« 1 200 », « 0,5 », « 4 800,50 € »), with French messages; and range checks."""

import re
from decimal import Decimal

from wtforms import Field, IntegerField
from wtforms.validators import ValidationError
from wtforms.widgets import TextInput

from wizard.formats import in_words, number, short_number

SPACES = re.compile(r"[\s\u00a0\u202f]+")
WHOLE = re.compile(r"-?\d+")  # a negative one gets the range message
# 12500, 12 500 (groups of three), with an optional decimal part after a comma or a point
PLAIN = re.compile(r"-?(?P<whole>\d{1,3}(?: \d{3})+|\d+)(?:(?P<sep>[.,])(?P<frac>\d+))?")
# 12.500, 1,234,567, 1.234,56, 1,234.56: thousands written with points or commas
GROUPED = re.compile(r"-?\d{1,3}(?P<sep>[.,])\d{3}(?:(?P=sep)\d{3})*(?:[.,]\d+)?")
MONEY_MESSAGE = "Montant invalide : nombre positif en euros, ex. 4 800,50."


class NumberError(ValueError):
    """A number the parser refuses; `advice` is a French message written from the value
    typed (« Écrivez 12 500 (douze mille cinq cents) ou 12,50 ») when it could be read two
    ways or with another country's separators, None otherwise (the field's own message)."""

    def __init__(self, text, advice: str | None = None):
        super().__init__(text)
        self.advice = advice


def _compact(text) -> str:
    """Spaces of any kind made one plain space, the euro sign dropped, trimmed."""
    return SPACES.sub(" ", str(text)).strip().removesuffix("€").strip()


def _advice(raw: str, digits: int) -> str | None:
    """The message for a number written with points or commas between thousands (or read
    two ways): the reading as thousands, and the decimal reading when there is one."""
    match = GROUPED.fullmatch(raw)
    if not match:
        return None
    seps = [c for c in raw if c in ".,"]
    mixed = len(set(seps)) > 1
    whole = "".join(ch for ch in (raw.rsplit(seps[-1], 1)[0] if mixed else raw)
                    if ch.isdigit() or ch == "-")
    decimals = raw.rsplit(seps[-1], 1)[1] if mixed else ""
    thousands = Decimal(f"{whole}.{decimals}" if decimals else whole)
    shown = number(thousands, len(decimals)) if decimals else number(thousands, 0)
    words = in_words(int(abs(thousands)))
    if mixed or len(seps) > 1:
        return (f"Écrivez {shown} ({words}) : des espaces entre les milliers, une virgule "
                "avant les décimales.")
    head, tail = raw.split(seps[0])
    decimal = Decimal(f"{head}.{tail}")
    if digits == 0:
        return f"Écrivez {shown} ({words}) : un nombre entier, sans point ni virgule."
    if digits is not None and decimal != round(decimal, digits):
        return f"Écrivez {shown} ({words}) : un montant a deux décimales au plus."
    other = number(decimal, digits) if digits else short_number(decimal)
    return f"Écrivez {shown} ({words}) ou {other}."


def parse_decimal(text, *, negative: bool = True, digits: int | None = None) -> Decimal | None:
    """« 12 345,67 € » / « 12345 » / « 4800.50 » → Decimal; None for a blank value.

    Never guesses: a point or a comma followed by exactly three digits after one to three
    digits (« 12.500 », « 12,500 ») could be thousands or decimals, and points or commas
    between thousands (« 1.234,56 ») are another country's writing: both raise NumberError
    with the advice written from the value typed. `digits` is the number of decimals the
    field shows (2 for euros), used by that advice. Raises NumberError (a ValueError) when
    the text is not a number, or is negative while `negative` is False."""
    if text is None:
        return None
    if isinstance(text, (int, Decimal)):
        return Decimal(text)
    raw = _compact(text)
    if not raw:
        return None
    match = PLAIN.fullmatch(raw) if len(raw) <= 30 else None
    if match is None or (raw.startswith("-") and not negative):
        raise NumberError(text, _advice(raw.replace(" ", ""), digits) if len(raw) <= 30 else None)
    whole, frac = match["whole"], match["frac"]
    if frac is not None and len(frac) == 3 and " " not in whole and len(whole.lstrip("-")) <= 3 \
            and not whole.lstrip("-").startswith("0"):
        raise NumberError(text, _advice(raw, digits))
    return Decimal(raw.replace(" ", "").replace(",", "."))


def parse_rate(text) -> Decimal | None:
    """A rate typed as a percentage (« 12 % », « 12,5 % ») or as a fraction (« 0,12 ») →
    the fraction (Decimal('0.12')); None for a blank value. A bare number above 1 (« 12 »)
    is refused with « Écrivez 12 % ou 0,12 » rather than guessed."""
    if text is None:
        return None
    if isinstance(text, (int, Decimal)):
        return Decimal(text)
    raw = _compact(text)
    if raw.endswith("%"):
        value = parse_decimal(raw[:-1], negative=False, digits=None)
        return None if value is None else value / 100
    value = parse_decimal(raw, negative=False)
    if value is not None and value > 1:
        raise NumberError(text, f"Écrivez {short_number(value)} % ou "
                                f"{short_number(value / 100)} (un taux entre 0 et 1).")
    return value


def rate_text(fraction) -> str:
    """A stored fraction as the rate field shows it: 0.125 → « 12,5 % »."""
    if fraction is None or fraction == "":
        return ""
    return f"{short_number(Decimal(str(fraction)) * 100)} %"


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
            advice = _advice(text, 0) if len(text) <= 30 else None
            raise ValueError(advice or self.message)
        self.data = int(text)


class DecimalNumberField(Field):
    """A positive decimal typed in French (« 0,5 ») or with a point, as a Decimal; an
    ambiguous value (« 12.500 ») gets the advice written from it."""

    widget = TextInput()
    message = "Nombre attendu, par exemple 0,5."
    digits: int | None = None

    def process_formdata(self, valuelist):
        self.data = None
        try:
            self.data = parse_decimal(valuelist[0] if valuelist else None, negative=False,
                                      digits=self.digits)
        except NumberError as error:
            raise ValueError(error.advice or self.message) from None

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else self.display(self.data)

    display = staticmethod(lambda value: format(value, "f").replace(".", ","))


class MoneyField(DecimalNumberField):
    """Euros, at most two decimals (« 4 800,50 », « 4800.50 », « 4 800 € »)."""

    message = MONEY_MESSAGE
    digits = 2
    display = staticmethod(lambda value: number(value, 2))

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if self.data is not None and (self.data.as_tuple().exponent < -2 or self.data >= 10**9):
            self.data = None
            raise ValueError(MONEY_MESSAGE)


class RateField(DecimalNumberField):
    """A rate: « 12 % », « 12,5 % » or « 0,12 » → the fraction (Decimal('0.12')), shown
    back as a percentage (« 12 % »); a bare « 12 » is refused with its advice."""

    message = "Taux invalide : écrivez un pourcentage (12 %) ou une fraction (0,12)."
    display = staticmethod(rate_text)

    def process_formdata(self, valuelist):
        self.data = None
        try:
            self.data = parse_rate(valuelist[0] if valuelist else None)
        except NumberError as error:
            raise ValueError(error.advice or self.message) from None
