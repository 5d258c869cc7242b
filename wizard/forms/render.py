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


def _own(field, messages) -> list[tuple[str, str]]:
    label = field.label.text if field.label else ""
    return [(field.id, f"{label} : {message}" if label else message) for message in messages]


def flat_errors(field):
    """[(anchor id, « Libellé : message »)] for a field, descending into FieldList/FormField."""
    entries = getattr(field, "entries", None)
    if entries is not None:  # FieldList: its own errors (strings), then its entries'
        out = _own(field, [m for m in field.errors if isinstance(m, str)])
        for entry in entries:
            out.extend(flat_errors(entry))
        return out
    if hasattr(field, "form") and hasattr(field.form, "_fields"):  # FormField
        return [error for sub in field.form if sub.type != "CSRFTokenField"
                for error in flat_errors(sub)]
    return _own(field, field.errors)
