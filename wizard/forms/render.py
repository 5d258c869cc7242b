"""What the templates need from a bound form: its errors flattened for the DSFR error summary,
and the blank prototype of a repeated row for the JavaScript that adds rows in place."""


def prototype(fieldlist, placeholder="__index__"):
    """An unbound blank entry of a FieldList named with `placeholder` instead of an index,
    for the <template> that app.js clones when JavaScript adds a row."""
    sep = fieldlist._separator
    options = dict(
        name=f"{fieldlist.name}{sep}{placeholder}", id=f"{fieldlist.id}{sep}{placeholder}",
        _meta=fieldlist.meta, translations=fieldlist._translations,
    )
    entry = fieldlist.meta.bind_field(fieldlist._form, fieldlist.unbound_field, options)
    entry.short_name = placeholder
    entry.process(None)
    return entry


def _own(field, messages, row="") -> list[tuple[str, str]]:
    if row:  # « Tournée 1, horaire 2 : l'heure de fin… » (the message names the field)
        return [(field.id, f"{row} : {message[:1].lower()}{message[1:]}") for message in messages]
    label = field.label.text if field.label else ""
    return [(field.id, f"{label} : {message}" if label else message) for message in messages]


def _row_name(entry, number: int, context: str) -> str:
    """The context of an entry whose form declares a `ROW_TITLE` (« Tournée 1 », then
    « Tournée 1, horaire 2 »); others keep their parent's."""
    title = getattr(getattr(entry, "form", None), "ROW_TITLE", None)
    if not title:
        return context
    return f"{context}, {title.lower()} {number}" if context else f"{title} {number}"


def flat_errors(field, context: str = ""):
    """[(anchor id, « Libellé : message »)] for a field, descending into FieldList/FormField.

    The fields of a row form with `NAMES_ERRORS` (a schedule row) are named by their rows
    instead, from the `ROW_TITLE`s of the entries around them: « Lieu 1, horaire 2 : … »."""
    entries = getattr(field, "entries", None)
    if entries is not None:  # FieldList: its own errors (strings), then its entries'
        out = _own(field, [m for m in field.errors if isinstance(m, str)])
        for number, entry in enumerate(entries, 1):
            out.extend(flat_errors(entry, _row_name(entry, number, context)))
        return out
    if hasattr(field, "form") and hasattr(field.form, "_fields"):  # FormField
        named = getattr(field.form, "NAMES_ERRORS", False)
        out = []
        for sub in field.form:
            if sub.type == "CSRFTokenField":
                continue
            if named and not hasattr(sub, "entries") and not hasattr(sub, "form"):
                out.extend(_own(sub, sub.errors, context))
            else:
                out.extend(flat_errors(sub, context))
        return out
    return _own(field, field.errors)
