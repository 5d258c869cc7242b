"""One money amount per year of the project, typed in the fields « Année 1 (€) » … « Année 3
(€) » of a row: the fields, their check against the project's length, what a save keeps and
what a load shows. Shared by the funders (budget step) and the contributions in kind
(partners step), whose document items both hold `amounts`, one per year."""

from wtforms import StringField

from wizard.formats import money
from wizard.forms import clean, optional
from wizard.reference.fields import amount, amount_validator

YEARS = (1, 2, 3)


def amount_field(k: int) -> StringField:
    """The field `amount_<k>` of a row."""
    return StringField(f"Année {k} (€)", [optional(), amount_validator],
                       render_kw={"inputmode": "decimal", "autocomplete": "off"})


def project_years(doc: dict) -> int:
    """The project's length in years (3 while it is not valid)."""
    return doc.get("years") if doc.get("years") in YEARS else 3


def check_amounts(sub, years: int) -> bool:
    """All the project's years filled, or none (a draft); no amount after the last year.
    Adds the French errors to the row's fields."""
    fields = [sub[f"amount_{k}"] for k in YEARS]
    typed = [bool(clean(f.data)) for f in fields]
    valid = True
    for k, f in enumerate(fields, start=1):
        if k > years and typed[k - 1]:
            f.errors.append(f"Le projet dure {years} an{'s' if years > 1 else ''} : pas de "
                            f"montant pour l'année {k}.")
            valid = False
        elif k <= years and any(typed[:years]) and not typed[k - 1]:
            f.errors.append(f"Indiquer le montant de l'année {k} (0 si ce financeur ne "
                            "participe pas cette année-là).")
            valid = False
    return valid


def saved_amounts(sub, years: int, before: list | None) -> list[str] | None:
    """The row's amounts to store: one per year when all are typed and valid, `before` (what
    was stored) while one is wrong, None when none is typed."""
    if any(sub[f"amount_{k}"].errors for k in YEARS):
        return before
    fields = [sub[f"amount_{k}"] for k in YEARS[:years]]
    if all(clean(x.data) for x in fields):
        return [amount(x.data) for x in fields]
    return None


def _fr_amount(value) -> str | None:
    return None if value in (None, "") else money(value).replace("\u00a0€", "")


def loaded_amounts(amounts) -> dict:
    """The form data of stored `amounts`: {"amount_1": « 12 500,50 », …}."""
    return {f"amount_{k}": _fr_amount(a) for k, a in enumerate(amounts or [], 1)}
