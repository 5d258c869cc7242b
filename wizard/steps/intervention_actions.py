"""Step 5's extra button: repeat a weekly slot from Monday to Friday (no JavaScript needed)."""

from werkzeug.datastructures import MultiDict

from wizard.steps.rows import find

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")


def weekdays_action(form, action: str):
    """« weekdays:<slot entry name> »: repeat that slot (hours, mediators) on every weekday
    from Monday to Friday that does not have it yet, as if typed. (id to focus, notice)."""
    kind, _, target = action.partition(":")
    if kind != "weekdays":
        return None, None
    slot = find(form, target)
    fieldlist = find(form, target.rpartition("-")[0])
    if slot is None or fieldlist is None or not hasattr(slot, "form"):
        return None, None
    source = slot.form
    if source.start.errors or source.end.errors or not source.start.data or not source.end.data:
        return slot.id, "Indiquez d'abord des heures valides pour ce créneau."
    existing = {(e.form.day.data, e.form.start.data, e.form.end.data) for e in fieldlist.entries}
    added = 0
    for day in WEEKDAYS:
        if (day, source.start.data, source.end.data) in existing:
            continue
        if len(fieldlist.entries) >= (fieldlist.max_entries or 100):
            return fieldlist.id, "Cette liste est limitée à 100 éléments."
        entry = fieldlist.append_entry()
        prefix = f"{entry.name}{fieldlist._separator}"
        entry.process(MultiDict({f"{prefix}day": day, f"{prefix}start": source.start.data,
                                 f"{prefix}end": source.end.data,
                                 f"{prefix}mediators": str(source.mediators.data or 2)}))
        entry.validate(form)
        added += 1
    if not added:
        return slot.id, "Ce créneau existe déjà du lundi au vendredi."
    return fieldlist.id, f"Créneau répété du lundi au vendredi ({added} ajouté{'s' if added > 1 else ''})."
