"""Every button that changes a form's rows, in one place, all working without JavaScript:
add / remove a row, add a suggested item (the row remembers the suggestion it came from, in
its `origin_field`), cover a round's diagnosis needs; and the serialisation of a form's
current input (kept as a dossier's pending input).

An action hook takes the bound form and the button's value and returns (id of the element to
focus, notice to show), or (None, None) when the action is not its own.
"""

from werkzeug.datastructures import MultiDict
from wtforms import FieldList, HiddenField

from wizard.costing.coverage import uncovered_windows
from wizard.forms import optional
from wizard.forms.limits import MAX_ITEMS, name_text
from wizard.steps.schedule import rows_of


def _walk(container):
    for f in container:
        yield f
        if isinstance(f, FieldList):
            for entry in f.entries:
                yield entry
                if hasattr(entry, "form"):  # FormField entries; plain fields have no form
                    yield from _walk(entry.form)


def find(form, name):
    """The field (or FieldList entry) named `name` in `form`, or None."""
    return next((f for f in _walk(form) if f.name == name), None)


def full_notice(fieldlist) -> str | None:
    """« Cette liste est limitée à 100 éléments. » when `fieldlist` cannot take one more."""
    limit = getattr(fieldlist, "limit", None) or fieldlist.max_entries or MAX_ITEMS
    if len(fieldlist.entries) >= limit:
        return f"Cette liste est limitée à {limit} éléments."
    return None


def append_typed(form, fieldlist, values: dict):
    """Append an entry holding `values` ({sub-field name: value or list of values}) as if a
    person had typed them, and validate it. Returns the entry (None when the list is full)."""
    if full_notice(fieldlist):
        return None
    entry = fieldlist.append_entry()
    typed = MultiDict()
    for key, value in values.items():
        for one in value if isinstance(value, list) else [value]:
            typed.add(f"{entry.name}{fieldlist._separator}{key}", str(one))
    entry.process(typed)  # sets data and raw_data, as a browser post would
    entry.validate(form)
    return entry


def apply_row_action(form, action: str, step_action=None) -> tuple[str | None, str | None]:
    """Apply « add:<list name> » or « remove:<entry name> » to the bound form, or else the
    step's own `step_action` hook (suggestions, covered needs…), if any."""
    focus, notice = _list_action(form, action)
    if focus is None and notice is None and step_action is not None:
        return step_action(form, action)
    return focus, notice


def _list_action(form, action: str) -> tuple[str | None, str | None]:
    kind, _, target = action.partition(":")
    if kind == "add":
        fieldlist = find(form, target)
        if not isinstance(fieldlist, FieldList):
            return None, None
        if notice := full_notice(fieldlist):
            return fieldlist.id, notice
        return fieldlist.append_entry().id, None
    if kind == "remove":
        parent_name, _, _ = target.rpartition("-")
        fieldlist = find(form, parent_name)
        if not isinstance(fieldlist, FieldList):
            return None, None
        fieldlist.entries = [e for e in fieldlist.entries if e.name != target]
        return fieldlist.id, "Élément supprimé."
    return None, None


def _name_key(name) -> str:
    return " ".join(str(name or "").split()).casefold()


def origin_field() -> HiddenField:
    """The hidden `suggestion` field of a row that one-click suggestions may add (partners,
    funders, indicators): the name of the suggestion the row was added from, kept when the row
    is renamed, so that the suggestion is neither offered nor added again (see `offered`).
    The step's save writes it as the item's `suggestion` key, its load gives it back, and the
    row's template renders it (`{{ sub.suggestion() }}`)."""
    return HiddenField(validators=[optional(), name_text()])


def offered(fieldlist, suggestions) -> list[tuple[int, dict, bool]]:
    """`(index, suggestion, already added)` for each suggestion, the last being True when an
    entry of `fieldlist` (as currently typed) has the same name, ignoring case and spaces, or
    was added from it and renamed since (its `suggestion` field, when the rows have one)."""
    present = {_name_key(entry.form.name.data) for entry in fieldlist.entries}
    present |= {_name_key(entry.form.suggestion.data) for entry in fieldlist.entries
                if "suggestion" in entry.form and entry.form.suggestion.data}
    return [(i, item, _name_key(item["name"]) in present) for i, item in enumerate(suggestions)]


def add_suggestion(form, fieldlist, item: dict, added: str, already: str, then: str = ""):
    """Append the suggested `item` to `fieldlist` unless it is already listed (see
    `offered`): (id to focus, « <added> : <name>.<then> » / « <already> : <name>. » / the
    list-full notice). The row keeps the suggestion's name in its `suggestion` field, when
    its form has one (`origin_field`)."""
    if offered(fieldlist, [item])[0][2]:
        return fieldlist.id, f"{already} : {item['name']}."
    entry = append_typed(form, fieldlist, {**item, "suggestion": item["name"]})
    if entry is None:
        return fieldlist.id, full_notice(fieldlist)
    return entry.id, f"{added} : {item['name']}.{then}"


def suggestion_action(list_name: str, suggestions, added: str, *, kind: str = "suggest",
                      already: str = "Déjà ajouté", then: str = ""):
    """A `Step.action` hook for one-click suggestions: « <kind>:<i> » adds
    `suggestions[i]` (a document item) to the FieldList `list_name` as if it had been typed,
    keeping every other input; `then` follows the notice; the row remembers its origin (see
    add_suggestion).
    `suggestions` may be a callable `form -> list` when they depend on the dossier."""
    def apply(form, action: str):
        """Apply « <kind>:<i> » to the bound `form` (see suggestion_action)."""
        name, _, index = action.partition(":")
        items = suggestions(form) if callable(suggestions) else suggestions
        if not (name == kind and index.isascii() and index.isdecimal()
                and int(index) < len(items)):
            return None, None
        return add_suggestion(form, form[list_name], items[int(index)], added, already, then)

    return apply


def cover_needs_action(form, action: str):
    """« cover:<round entry name> »: add to that round the rows that cover the diagnosis
    needs of its checked places (`form.place_needs`) which its valid rows do not cover yet,
    2 mediators each, as if typed (its blank rows make room); then they are editable.
    Nothing is added when the round would go past its bound of slots."""
    kind, _, target = action.partition(":")
    if kind != "cover":
        return None, None
    entry = find(form, target)
    round_ = getattr(entry, "form", None)
    if round_ is None or not hasattr(round_, "slots") or not hasattr(round_, "places"):
        return None, None
    needs = getattr(form, "place_needs", {})
    places = [p for p in dict.fromkeys(round_.places.data or []) if p in needs]
    if not places:
        return round_.places.id, "Cochez d'abord les lieux du diagnostic que parcourt la tournée."
    wanted = [slot for p in places for slot in needs[p]]
    if not wanted:
        return round_.places.id, ("Aucun besoin horaire n'est renseigné pour ces lieux dans le "
                                  "diagnostic.")
    typed = [slot for row in round_.slots.entries for slot in row.form.slots()]
    missing = uncovered_windows(wanted, typed)
    rows = round_.slots
    if not missing:
        return rows.id, "Les horaires de cette tournée couvrent déjà les besoins de ces lieux."
    if len(typed) + len(missing) > rows.limit:
        return rows.id, (f"Couvrir ces besoins demande {len(missing)} créneaux de plus : la "
                         f"tournée en compterait {len(typed) + len(missing)}, {rows.limit} au "
                         "maximum. Regroupez des horaires ou répartissez les lieux entre "
                         "plusieurs tournées.")
    rows.entries = [row for row in rows.entries if not row.form.is_blank()]
    first = None
    for values in rows_of([{**w._asdict(), "mediators": 2} for w in missing],
                          ("start", "end", "mediators")):
        added = append_typed(form, rows, values)
        if added is None:
            return rows.id, full_notice(rows)
        first = first or added
    count = len(missing)
    return first.id, (f"{count} créneau{'x' if count > 1 else ''} ajouté{'s' if count > 1 else ''}"
                      f" d'après les besoins de : {', '.join(places)}. Vérifiez les horaires "
                      "et le nombre de médiateurs.")


def form_pairs(form) -> list[list[str]]:
    """The form's current input as [name, value] pairs (CSRF and version left out)."""
    pairs = []
    for f in _walk(form):
        if isinstance(f, FieldList) or f.type in ("CSRFTokenField", "FormField"):
            continue
        if f.short_name == "version" and f.name == "version":
            continue
        for value in f.raw_data or []:
            pairs.append([f.name, value])
    return pairs
