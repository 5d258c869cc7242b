"""Every request's form and query values, cleaned of control characters at the boundary;
the body limit of the views that receive a file.

NUL and the other C0 control characters (tab, line feed and carriage return excepted) have
no place in a dossier; PostgreSQL cannot even store NUL in text or JSONB. Removing them here
means no form, view or query ever sees them.
"""

import re

from flask import Request, current_app
from werkzeug.datastructures import ImmutableMultiDict

# room for the other parts of an upload's multipart body (CSRF token, boundaries, headers)
UPLOAD_OVERHEAD = 64 * 1024

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: str) -> str:
    """`value` without C0 control characters other than \\t, \\n, \\r (and without DEL)."""
    return _CONTROL.sub("", value)


def _cleaned(values: ImmutableMultiDict) -> ImmutableMultiDict:
    return ImmutableMultiDict(
        [(clean_text(k), clean_text(v)) for k, v in values.items(multi=True)]
    )


class CleanRequest(Request):
    """A Flask request whose `form` and `args` hold cleaned strings, and whose body may
    hold one file of ATTACHMENT_MAX_SIZE on the views marked `accepts_file`
    (wizard.web.uploads) instead of MAX_CONTENT_LENGTH."""

    @property
    def max_content_length(self):
        if self._max_content_length is None and current_app and self.endpoint:
            view = current_app.view_functions.get(self.endpoint)
            if getattr(view, "accepts_file", False):
                return current_app.config["ATTACHMENT_MAX_SIZE"] + UPLOAD_OVERHEAD
        return super().max_content_length

    @max_content_length.setter
    def max_content_length(self, value):
        self._max_content_length = value

    def _load_form_data(self):
        super()._load_form_data()
        self.__dict__["form"] = _cleaned(self.__dict__["form"])

    @property
    def args(self):
        cached = self.__dict__.get("_clean_args")
        if cached is None:
            cached = self.__dict__["_clean_args"] = _cleaned(super().args)
        return cached
