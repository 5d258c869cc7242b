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


def flat_errors(field, prefix=""):
    """[(anchor id, « Libellé : message »)] for a field, descending into FieldList/FormField."""
    entries = getattr(field, "entries", None)
    if entries is not None:  # FieldList: its own errors (a string), then its entries'
        label = field.label.text if field.label else ""
        out = [(field.id, f"{label} : {message}" if label else message)
               for message in field.errors if isinstance(message, str)]
        for entry in entries:
            out.extend(flat_errors(entry, prefix))
        return out
    if hasattr(field, "form") and hasattr(field.form, "_fields"):  # FormField
        out = []
        for sub in field.form:
            if sub.type != "CSRFTokenField":
                out.extend(flat_errors(sub, prefix))
        return out
    label = field.label.text if field.label else ""
    return [(field.id, f"{label} : {message}" if label else message) for message in field.errors]
