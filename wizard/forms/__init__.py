"""WTForms building blocks shared by every form: French base form, choices, validators."""

import re

from flask_wtf import FlaskForm
from wtforms import Form, FormField, HiddenField, SelectChoice, SelectMultipleField, widgets
from wtforms.validators import Optional, ValidationError

TIME_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


SINGLE_LINE_TYPES = {"StringField", "EmailField", "TelField", "SearchField", "URLField"}
LINE_BREAK = re.compile(r"[\r\n\t]")
ONE_LINE = "Ce champ tient sur une ligne : retirez les retours à la ligne et tabulations."


class _SingleLine:
    """Single-line fields refuse line breaks and tabs (the other control characters never
    reach a form: wizard.web.inputs removes them from every request)."""

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        for field in self:
            if field.type in SINGLE_LINE_TYPES and isinstance(field.data, str) \
                    and LINE_BREAK.search(field.data):
                field.errors = [*field.errors, ONE_LINE]
                valid = False
        return valid


class BaseForm(_SingleLine, FlaskForm):
    """Every page form: CSRF (Flask-WTF) and WTForms' French built-in messages."""

    class Meta:
        locales = ("fr_FR", "fr")


class SubForm(_SingleLine, Form):
    """A repeated item inside a FieldList (no CSRF of its own), French messages."""

    class Meta:
        locales = ("fr_FR", "fr")


def choices(mapping, blank: str | None = None) -> list[SelectChoice]:
    """SelectChoice list from a {code: French label} mapping (order kept).

    `blank` adds a first empty option with that label (e.g. « Choisir… »).
    """
    items = [SelectChoice(str(code), label) for code, label in dict(mapping).items()]
    return ([SelectChoice("", blank)] if blank is not None else []) + items


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes (rendered as a DSFR fieldset by the `field` macro)."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()

    def pre_validate(self, form):
        allowed = {str(c.value) if hasattr(c, "value") else str(c[0]) for c in self.choices}
        bad = [v for v in (self.data or []) if str(v) not in allowed]
        if bad:
            raise ValidationError("Choix non valide : " + ", ".join(map(str, bad)) + ".")


def optional():
    return Optional(strip_whitespace=True)


def time_of_day(form, field):
    """HH:MM between 00:00 and 23:59."""
    if field.data and not TIME_RE.match(field.data.strip()):
        raise ValidationError("Heure invalide : format attendu HH:MM (par exemple 18:30).")


def clean(value):
    """Strip strings; empty strings become None."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


class StepForm(BaseForm):
    """A wizard step's form: carries the dossier version it was displayed with."""

    version = HiddenField()


def offer_choices(fieldlist, name: str, options: list[SelectChoice]) -> None:
    """Give the select `name` of every row of `fieldlist` the runtime `options`: the rows
    there now, and those added later (add button, the <template> prototype), whose
    subform class is swapped for a subclass that sets them on creation."""
    for entry in fieldlist.entries:
        entry.form[name].choices = list(options)
    unbound = fieldlist.unbound_field
    subform = unbound.args[0]

    class Offered(subform):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self[name].choices = list(options)

    Offered.__name__ = subform.__name__
    fieldlist.unbound_field = FormField(Offered, *unbound.args[1:], **unbound.kwargs)
