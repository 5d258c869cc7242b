"""The contributions in kind of the partners step: each partner's row lists what it brings
without invoicing it (premises, a vehicle, staff), valued per year. The document keeps them in
`funding.in_kind`, each naming its partner; this module maps between the two (the partners
step owns both lists, so renaming a partner renames its contributions, removing it removes
them; an item naming no partner, from an imported file, is kept as it is)."""

from wtforms import StringField

from wizard.formats import money
from wizard.forms import SubForm, optional
from wizard.forms.limits import list_limit, name_text
from wizard.steps.base import compact, valid_text
from wizard.steps.yearly import amount_field, check_amounts, loaded_amounts, saved_amounts


class InKindForm(SubForm):
    """One contribution in kind of a partner (`funding.in_kind[]` item); `label` is its key."""

    label = StringField("Contribution en nature", [optional(), name_text()],
                        description="Ex. local en pied d'immeuble, véhicule prêté, personnel mis "
                        "à disposition.")
    amount_1 = amount_field(1)
    amount_2 = amount_field(2)
    amount_3 = amount_field(3)


def by_partner(doc: dict) -> dict[str | None, list[dict]]:
    """The stored contributions in kind by partner name (None: naming no partner)."""
    out: dict[str | None, list[dict]] = {}
    for gift in doc.get("funding", {}).get("in_kind", []):
        out.setdefault(gift.get("partner"), []).append(gift)
    return out


def form_rows(gifts: list[dict]) -> list[dict]:
    """The form data of one partner's stored contributions."""
    return [{"label": g.get("label"), **loaded_amounts(g.get("amounts"))} for g in gifts]


def check(fieldlists, years: int) -> bool:
    """Every row's amounts cover the project's `years`, and the project holds no more rows
    than the format allows (the error goes to the last partner's list that has some)."""
    valid = True
    rows = [row for fl in fieldlists for row in fl.entries]
    for row in rows:
        valid = check_amounts(row.form, years) and valid
    limit = list_limit("funding.in_kind")
    if len(rows) > limit:
        last = [fl for fl in fieldlists if fl.entries][-1]
        last.errors.append(f"Le projet compte au plus {limit} contributions en nature : "
                           f"retirez-en {len(rows) - limit}.")
        valid = False
    return valid


def rebuilt(doc: dict, saved: list[tuple[str, object]], years: int) -> list[dict]:
    """`funding.in_kind` from `saved` = [(partner name, its in-kind FieldList)] for the
    partners saved: rows with a valid label, amounts as `yearly.saved_amounts` keeps them."""
    stored, out = by_partner(doc), []
    for name, fieldlist in saved:
        before = {g.get("label"): g.get("amounts") for g in stored.get(name, [])}
        for row in fieldlist.entries:
            label = valid_text(row.form.label)
            if label:
                out.append(compact({"label": label, "partner": name, "amounts":
                                    saved_amounts(row.form, years, before.get(label))}))
    return out + stored.get(None, [])


def valued(gift: dict) -> str:
    """« Local : 4 800,00 € (année 1), 4 800,00 € (année 2) » for the recap."""
    amounts = gift.get("amounts") or []
    values = ", ".join(f"{money(a)} (année {k})" for k, a in enumerate(amounts, 1))
    return f"{gift.get('label')} : {values or 'valeur à préciser'}"
