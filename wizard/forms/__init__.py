"""WTForms building blocks shared by every form: French base form, choices, validators."""

import re

from flask_wtf import FlaskForm
from wtforms import Form, SelectChoice, SelectMultipleField, widgets
from wtforms.validators import Length, Optional, ValidationError

TIME_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class BaseForm(FlaskForm):
    """Every page form: CSRF (Flask-WTF) and WTForms' French built-in messages."""

    class Meta:
        locales = ("fr_FR", "fr")


class SubForm(Form):
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


def max_length(limit: int):
    """Length validator with the limit in the French message, for optional texts."""
    return Length(max=limit, message=f"{limit:,} caractères au maximum.".replace(",", "\u202f"))


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

    from wtforms import HiddenField as _HiddenField

    version = _HiddenField()


def limits() -> dict[str, int]:
    """Text limits of the dossier schema ('title_text' 200, 'short_text' 300, 'long_text' 5000)."""
    from wizard.document import text_limits

    return text_limits()
