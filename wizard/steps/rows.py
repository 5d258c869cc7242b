"""Repeatable rows without JavaScript: the add/remove buttons' server side, and the
serialisation of a form's current input (kept as a dossier's pending input)."""

from wtforms import FieldList

MAX_ITEMS = 100


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


def apply_row_action(form, action: str, step_action=None) -> tuple[str | None, str | None]:
    """Apply « add:<list name> » or « remove:<entry name> » to the bound form, or else the
    step's own `step_action` hook (suggestions, repeated slots…), if any.

    Returns (id of the element to focus, notice to show); (None, None) for other actions.
    """
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
        if len(fieldlist.entries) >= MAX_ITEMS:
            return fieldlist.id, f"Cette liste est limitée à {MAX_ITEMS} éléments."
        entry = fieldlist.append_entry()
        return entry.id, None
    if kind == "remove":
        parent_name, _, _ = target.rpartition("-")
        fieldlist = find(form, parent_name)
        if not isinstance(fieldlist, FieldList):
            return None, None
        fieldlist.entries = [e for e in fieldlist.entries if e.name != target]
        return fieldlist.id, "Élément supprimé."
    return None, None


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
