"""French formats (Babel): money, numbers, dates; exposed as Jinja filters."""

from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
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


UNITS = ("zéro un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze "
         "quinze seize dix-sept dix-huit dix-neuf").split()
TENS = ("", "", "vingt", "trente", "quarante", "cinquante", "soixante", "soixante",
        "quatre-vingt", "quatre-vingt")


def _below_hundred(n: int) -> str:
    if n < 20:
        return UNITS[n]
    tens, unit = divmod(n, 10)
    if tens in (7, 9):  # soixante-dix, quatre-vingt-dix…
        unit += 10
    if unit == 0:
        return "quatre-vingts" if tens == 8 else TENS[tens]
    if unit in (1, 11) and tens < 8:
        return f"{TENS[tens]} et {UNITS[unit]}"
    return f"{TENS[tens]}-{UNITS[unit]}"


def _below_thousand(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    words = [] if hundreds == 0 else ["cent"] if hundreds == 1 else [UNITS[hundreds], "cent"]
    if hundreds > 1 and rest == 0:
        words[-1] = "cents"
    if rest or not words:
        words.append(_below_hundred(rest))
    return " ".join(words)


def in_words(n: int) -> str:
    """A whole number in French words (1990 spelling without hyphens between groups):
    12500 → « douze mille cinq cents », 1234 → « mille deux cent trente-quatre »."""
    if n < 1000:
        return _below_thousand(n)
    words = []
    for size, name in ((10**9, "milliard"), (10**6, "million"), (1000, "mille")):
        count, n = divmod(n, size)
        if not count:
            continue
        if name == "mille":
            head = "" if count == 1 else _below_thousand(count).removesuffix("s") + " "
            words.append(f"{head}mille")
        else:
            words.append(f"{in_words(count)} {name}{'s' if count > 1 else ''}")
    if n:
        words.append(_below_thousand(n))
    return " ".join(words)


def paris_today() -> date:
    """Today in Paris: the one clock of every « due / late » computed for the interface."""
    return datetime.now(TIMEZONE).date()


def local(value: datetime) -> datetime:
    """`value` in Paris time; a naive value is taken as UTC (how the database stores it)."""
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(TIMEZONE)


def long_date(value) -> str:
    """« 21 novembre 2026 », « 1er septembre 2026 » (Paris day of a timestamp)."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    if isinstance(value, datetime):
        value = local(value)
    if value.day == 1:
        return "1er " + format_date(value, "MMMM y", locale=LOCALE)
    return format_date(value, format="long", locale=LOCALE)


def date_time(value: datetime | None) -> str:
    """« 21 novembre 2026 à 14 h 32 » in Paris time: the one format of every date and time
    shown (pages, history, mails)."""
    if value is None:
        return ""
    return f"{long_date(value)} à {clock(value)}"


def clock(value: datetime) -> str:
    """« 14 h 32 », as in « Enregistré à 14 h 32 » (Paris time)."""
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
