"""French formats (Babel): money, numbers, dates; exposed as Jinja filters."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime, format_time
from babel.numbers import format_currency, format_decimal

LOCALE = "fr_FR"
TIMEZONE = ZoneInfo("Europe/Paris")


def money(value) -> str:
    """« 12 345,67 € » (narrow no-break spaces as Babel writes them); '' for None."""
    if value is None or value == "":
        return ""
    return format_currency(Decimal(str(value)), "EUR", locale=LOCALE)


def number(value, digits: int = 2) -> str:
    """« 2 948,00 » with `digits` decimals; '' for None."""
    if value is None or value == "":
        return ""
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(Decimal(str(value)), format=pattern, locale=LOCALE)


def short_number(value, max_digits: int = 4) -> str:
    """« 10 000 000 », « 0,9 », « 17,5 »: French digits, at most `max_digits` decimals and no
    useless zeros; '' for None."""
    if value is None or value == "":
        return ""
    return format_decimal(Decimal(str(value)), format="#,##0." + "#" * max_digits,
                          locale=LOCALE)


def percent(value, digits: int = 0) -> str:
    """A fraction (0.25) as « 25 % »."""
    if value is None or value == "":
        return ""
    return number(Decimal(str(value)) * 100, digits) + "\u202f%"


def local(value: datetime) -> datetime:
    return value.astimezone(TIMEZONE) if value.tzinfo else value


def long_date(value) -> str:
    """« 21 novembre 2026 »."""
    if value is None:
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    if isinstance(value, datetime):
        value = local(value)
    return format_date(value, format="long", locale=LOCALE)


def date_time(value: datetime | None) -> str:
    """« 21 novembre 2026 à 14:32 » in Paris time."""
    if value is None:
        return ""
    value = local(value)
    return f"{format_date(value, format='long', locale=LOCALE)} à {format_time(value, 'HH:mm', locale=LOCALE)}"


def clock(value: datetime) -> str:
    """« 14 h 32 », as in « Enregistré à 14 h 32 »."""
    return format_datetime(local(value), "H' h 'mm", locale=LOCALE)


def file_size(size: int | None) -> str:
    """« 350 Ko », « 1,2 Mo » (1 Ko = 1 024 octets); '' for None."""
    if size is None:
        return ""
    if size < 1024 * 1024:
        return f"{short_number(max(1, round(size / 1024)), 0)}\u202fKo"
    return f"{short_number(round(Decimal(size) / (1024 * 1024), 1), 1)}\u202fMo"


def init_app(app):
    app.jinja_env.filters.update(
        money=money,
        number=number,
        percent=percent,
        long_date=long_date,
        date_time=date_time,
        clock=clock,
        file_size=file_size,
    )


def hour(value) -> str:
    """An « HH:MM » time of day (slots, night window) as written in French: « 18 h »,
    « 18 h 30 », « 0 h 30 »; anything else comes back as given."""
    try:
        moment = datetime.strptime(str(value), "%H:%M")  # a naive time of day: no zone
    except ValueError:
        return str(value)
    return format_datetime(moment, "H' h 'mm" if moment.minute else "H' h'", locale=LOCALE)
