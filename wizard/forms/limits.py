"""Limits of what a form accepts, each defined once.

Text lengths come from the dossier schema (docs/dossier.schema.json `$defs`), so a form field
and the document it fills can never disagree; `MAX_ITEMS` is the schema's cap on every list.
"""

from functools import cache

from wtforms import FieldList, FormField
from wtforms.utils import unset_value
from wtforms.validators import Length

from wizard.document import MAX_ITEMS, list_limits, text_limits

__all__ = ["MAX_ITEMS", "email_text", "list_limit", "long_text", "max_length", "name_text", "repeated",
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
    """A FieldList bounded by the schema's `limit` for its list, that never loses a row
    silently: rows beyond the limit (a dossier saved before the bound existed, or a post
    that adds too many) stay in the form, with an error asking to remove some; only rows
    beyond the hard ceiling MAX_ITEMS are not read, and the error says how many."""

    def __init__(self, *args, limit: int, **kwargs):
        super().__init__(*args, max_entries=MAX_ITEMS, **kwargs)
        self.limit = limit

    def process(self, formdata, data=unset_value, extra_filters=None):
        self.dropped = 0
        if formdata:
            sent = len(set(self._extract_indices(self.name, formdata)))
            self.dropped = max(0, sent - self.max_entries)
        elif data is not unset_value and data and len(data) > self.max_entries:
            data = list(data)[: self.max_entries]  # never stored: the schema's ceiling
        super().process(formdata, data, extra_filters)

    def validate(self, form, extra_validators=()):
        valid = super().validate(form, extra_validators)
        over = len(self.entries) - self.limit
        if self.dropped:
            self.errors.append(
                f"Cette liste est limitée à {self.limit} éléments : les {self.dropped} "
                "derniers envoyés n'ont pas été enregistrés.")
        elif over > 0:
            self.errors.append(f"Cette liste est limitée à {self.limit} éléments : "
                               f"retirez-en {over}.")
        return valid and not self.dropped and over <= 0


def list_limit(path: str) -> int:
    """The most rows of the document's list at `path` (« diagnosis.places »…)."""
    return list_limits()[path]


def repeated(subform, path: str, **kwargs) -> FieldList:
    """A list of `subform` entries for the document's list at `path`, capped by the schema's
    bound for that list (`list_limit`), with an error at the field when more were sent."""
    return CappedFieldList(FormField(subform), limit=list_limit(path), **kwargs)
