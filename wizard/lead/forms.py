"""Forms of the lead's dossier pages (outside the steps)."""

from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length

from wizard.forms import BaseForm


class NewDossierForm(BaseForm):
    commune = SelectField("Commune", validators=[DataRequired("Choisissez la commune du projet.")])
    title = StringField(
        "Titre du projet",
        default="Médiation sociale dans les espaces publics",
        validators=[
            DataRequired("Donnez un titre au projet."),
            Length(max=200, message="200 caractères au maximum."),
        ],
    )


def signatory_defaults(holder: dict) -> dict:
    """The attestation's default signatory: the delegate if any, else the representative."""
    person = holder.get("signatory") or holder.get("representative") or {}
    return {"signatory_name": person.get("name"), "signatory_quality": person.get("quality")}
