"""Limits of what a form accepts, each defined once.

Text lengths come from the dossier schema (docs/dossier.schema.json `$defs`), so a form field
and the document it fills can never disagree; `MAX_ITEMS` is the schema's cap on every list.
"""

from functools import cache

from wtforms import FieldList, FormField
from wtforms.utils import unset_value
from wtforms.validators import Length

from wizard.document import MAX_ITEMS, text_limits

__all__ = ["MAX_ITEMS", "email_text", "long_text", "max_length", "name_text", "repeated",
           "short_text", "title_text"]


@cache
def _limit(kind: str) -> int:
    return text_limits()[kind]


def max_length(limit: int) -> Length:
    """Length validator with the limit in the French message (« 300 caractères au maximum. »)."""
    return Length(max=limit, message=f"{limit:,} caractères au maximum.".replace(",", "\u202f"))


def title_text() -> Length:
    """A title or a name (schema `title_text`: 200 characters)."""
    return max_length(_limit("title_text"))


def name_text() -> Length:
    """A name (schema `name_text`: 200 characters)."""
    return max_length(_limit("name_text"))


def short_text() -> Length:
    """A short text (schema `short_text`: 300 characters)."""
    return max_length(_limit("short_text"))


def long_text() -> Length:
    """A paragraph (schema `long_text`: 5 000 characters)."""
    return max_length(_limit("long_text"))


def email_text() -> Length:
    """An e-mail address (schema `email`: 254 characters)."""
    return max_length(_limit("email"))


class CappedFieldList(FieldList):
    """A FieldList that says when it drops rows: WTForms keeps the first `max_entries` rows
    of a post and ignores the others silently; this one also puts an error on the list."""

    def process(self, formdata, data=unset_value, extra_filters=None):
        self.dropped = 0
        if formdata and self.max_entries:
            sent = len(set(self._extract_indices(self.name, formdata)))
            self.dropped = max(0, sent - self.max_entries)
        super().process(formdata, data, extra_filters)

    def validate(self, form, extra_validators=()):
        valid = super().validate(form, extra_validators)
        if getattr(self, "dropped", 0):
            self.errors.append(
                f"Cette liste est limitée à {self.max_entries} éléments : les "
                f"{self.dropped} suivants n'ont pas été enregistrés.")
            return False
        return valid


def repeated(subform, **kwargs) -> FieldList:
    """A list of `subform` entries, capped like every list of the document (MAX_ITEMS),
    with an error at the field when more were sent."""
    return CappedFieldList(FormField(subform), max_entries=MAX_ITEMS, **kwargs)
