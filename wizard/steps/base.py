"""The Step contract and the helpers every step module uses to map form ⇄ document."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from wizard.forms import clean


@dataclass(frozen=True)
class Missing:
    """Something required for submission: a French message and the field it concerns."""

    message: str
    anchor: str = ""


@dataclass(frozen=True)
class Section:
    """A block of the recap / PDF: an optional heading and (label, value) rows.

    A value is a string, a list of strings, or None (« Non renseigné »).
    """

    title: str | None
    rows: list[tuple[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class Step:
    """One page of the wizard.

    - `form`: the Flask-WTF form class; its validators check types and ranges only
      (completeness is `missing`'s job, so a draft always saves).
    - `load(document) -> dict`: the form data for `form(data=…)`.
    - `save(document, form)`: writes the form's *valid* values into `document` (a copy,
      mutated in place); invalid values are left out and stay on screen.
    - `missing(document, params) -> list[Missing]`: pure; what submission still needs.
    - `summarize(document, params) -> list[Section]`: pure; labelled rows for the recap and
      PDF.
    - `prepare(form, dossier, params, user)`: optional; sets runtime choices (e.g. the
      diagnosis places, the communes `user` may file the dossier for).
    - `extra(document, form, params) -> dict`: optional; more template variables.

    `params` is always the `wizard.costing.Pinned` the dossier is costed with, built once by
    the caller (`wizard.reference.pinned(dossier)`): the hooks never look it up themselves.
    - `action(form, action) -> (focus id, notice)`: optional; a step's own submit buttons
      (e.g. « suggest:<i> »), applied after the engine's add/remove; (None, None) when the
      action is not the step's.
    """

    slug: str
    title: str
    form: type
    load: Callable[[dict], dict]
    save: Callable[[dict, Any], None]
    missing: Callable[[dict, Any], list[Missing]]
    summarize: Callable[[dict, Any], list[Section]]
    intro: str = ""
    prepare: Callable | None = None
    extra: Callable | None = None
    action: Callable[[Any, str], tuple[str | None, str | None]] | None = None

    @property
    def template(self) -> str:
        return f"steps/{self.slug}.html"


def put(target: dict, key: str, f, convert=clean) -> None:
    """Copy a valid field into `target[key]` (removing the key when empty).

    An invalid field leaves the previous value in place: the document stays valid and the
    typed value stays on screen (and in the dossier's pending input).
    """
    if f.errors:
        return
    value = convert(f.data)
    if value is None or value == []:
        target.pop(key, None)
    else:
        target[key] = value


def items(fieldlist, build) -> list[dict]:
    """Build one document item per FieldList entry; `build(subform)` returns a dict or None
    (None for an empty row, or a row whose key field is invalid: it stays pending)."""
    out = []
    for entry in fieldlist.entries:
        item = build(entry.form)
        if item:
            out.append(item)
    return out


def valid_text(f):
    """The field's cleaned value, or None when it did not validate (it stays pending)."""
    return None if f.errors else clean(f.data)


def quoted(item: dict, i: int) -> str:
    """« name » of a list item, or « n° i » when it has none (for missing messages)."""
    return f"« {item['name']} »" if item.get("name") else f"n° {i + 1}"


def compact(mapping: dict) -> dict:
    """Drop None / empty-string values (absent keys mean « non renseigné »)."""
    return {k: v for k, v in mapping.items() if v is not None and v != ""}


def section_of(document: dict, key: str) -> dict:
    """`document[key]`, created empty if absent."""
    return document.setdefault(key, {})
