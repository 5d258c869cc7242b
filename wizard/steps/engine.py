"""The one POST pipeline of a step form, shared by the wizard and by scenario B.

A save always goes: bind the form (CSRF checked) → `prepare` → validate → the row and step
actions (add / remove / suggestions…) → `save` the valid values into a copy of the
document → store it through an operation that checks the version (optimistic locking) and
keeps the invalid input as pending input → commit. The views only choose the *target* (the
dossier's document, or scenario B's) and turn the `Outcome` into a page, a redirect or JSON.
"""

import copy
from collections.abc import Callable
from dataclasses import dataclass

from werkzeug.datastructures import MultiDict

from wizard import operations
from wizard.costing import Pinned
from wizard.db import db
from wizard.forms.render import flat_errors
from wizard.steps.base import Step
from wizard.steps.rows import apply_row_action, form_pairs


@dataclass(frozen=True)
class Target:
    """What a step form edits: `document` (what `load` reads, `save` writes into a copy of)
    and `store(new_document, user, expected_version, pending_input)`, an operation that
    raises operations.OperationError / VersionConflict; `pending` is the input kept from an
    earlier invalid save, if any."""

    document: dict
    store: Callable
    pending: list | None = None


@dataclass
class Outcome:
    """The result of one POST: the bound form, whether every value was valid, what the row
    action asks to focus or say, and the conflict message when nothing was stored."""

    form: object
    valid: bool
    focus: str | None = None
    notice: str | None = None
    conflict: str | None = None
    stale: bool = False

    @property
    def error_count(self) -> int:
        """How many field errors the page shows (for the autosave answer)."""
        return sum(len(flat_errors(f)) for f in self.form)


def build_form(step: Step, dossier, params: Pinned, target: Target, user):
    """The step's form for a GET: the target's pending input with its errors when there is
    some, else its saved answers. CSRF stays on in every case, so the
    page always carries a valid token (a step with pending input must stay saveable)."""
    if target.pending:
        form = step.form(formdata=MultiDict(target.pending))
    else:
        form = step.form(data=step.load(target.document))
    if step.prepare:
        step.prepare(form, dossier, params, user)
    if target.pending:
        form.validate()  # show the errors of what was kept …
        form.csrf_token.errors = []  # … not the missing token of a page not yet posted
        form._errors = None
    form.version.data = dossier.version
    return form


class CsrfRefused(Exception):
    """The POST carried no valid CSRF token (the view answers 400)."""


def submit(step: Step, dossier, params: Pinned, target: Target, formdata, user,
           action: str = "draft") -> Outcome:
    """Run the POST pipeline (see the module docstring) and commit what was stored.

    Raises CsrfRefused without touching anything when the CSRF token is missing or stale.
    """
    form = step.form(formdata=formdata)
    if step.prepare:
        step.prepare(form, dossier, params, user)
    valid = form.validate()
    if form.csrf_token.errors:
        raise CsrfRefused()
    focus, notice = apply_row_action(form, action, step.action)
    new_document = copy.deepcopy(target.document)
    step.save(new_document, form)
    try:
        expected = int(form.version.data or 0)
    except ValueError:
        expected = 0
    try:
        target.store(new_document, user, expected, None if valid else form_pairs(form))
    except operations.OperationError as exc:
        db.session.rollback()
        stale = isinstance(exc, operations.VersionConflict)
        if stale:  # the page now carries the current version: saving again applies the input
            form.version.data = dossier.version
        return Outcome(form, valid, focus, notice, conflict=exc.args[0], stale=stale)
    db.session.commit()
    form.version.data = dossier.version
    return Outcome(form, valid, focus, notice)
