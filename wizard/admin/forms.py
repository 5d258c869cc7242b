"""Account administration form."""

import re

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length

from wizard.forms import choices
from wizard.models.user import ROLE_LABELS

REQUIRED = "Ce champ est obligatoire."


def split_codes(text: str | None) -> list[str]:
    """« 59350, 59355 » or one per line → ['59350', '59355']."""
    return [c for c in re.split(r"[\s,;]+", text or "") if c]


class UserForm(FlaskForm):
    email = EmailField(
        "Adresse électronique",
        validators=[
            DataRequired(REQUIRED),
            Email("Adresse électronique invalide (format attendu : nom@domaine.fr)."),
            Length(max=254, message="254 caractères au maximum."),
        ],
    )
    name = StringField(
        "Nom et prénom",
        validators=[DataRequired(REQUIRED), Length(max=200, message="200 caractères au maximum.")],
    )
    role = SelectField(
        "Rôle",
        choices=choices({role.value: label for role, label in ROLE_LABELS.items()}),
        validators=[DataRequired(REQUIRED)],
    )
    commune_codes = StringField(
        "Communes (codes INSEE)",
        description="Pour un porteur de projet : codes INSEE séparés par des espaces, ex. 59350 59328.",
        validators=[Length(max=2000, message="2 000 caractères au maximum.")],
    )
    department_codes = StringField(
        "Départements",
        description="Pour un agent de préfecture : codes séparés par des espaces, ex. 59 62.",
        validators=[Length(max=200, message="200 caractères au maximum.")],
    )
    active = BooleanField("Compte actif", default=True)
