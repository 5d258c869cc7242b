"""The forms of step 2 (Diagnostic des besoins): problems, places and their needs (rows of
days and hours, `wizard.steps.schedule`).

Names of places are unique (ignoring case); a place may be linked to one of the QPVs of the
commune (`offer_qpvs`), its `qpv` flag then following the link.
"""

from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField

from wizard.document import vocabulary as v
from wizard.forms import (
    MultiCheckboxField,
    StepForm,
    SubForm,
    choices,
    clean,
    offer_choices,
    optional,
)
from wizard.forms.limits import long_text, repeated, short_text, title_text
from wizard.steps.schedule import ScheduleRowForm, check_bound

DUPLICATE_NAME = "Un autre lieu porte déjà ce nom."
NAMELESS_PLACE = "Donnez un nom au lieu."
NO_QPV = "Aucun (hors quartier prioritaire)"
UNKNOWN_QPV = "Quartier inconnu : choisissez-le dans la liste."


def _require(f, message: str) -> bool:
    """Put `message` on an empty field (unless it already has an error); False if it did."""
    if clean(f.data) is None and not f.errors:
        f.errors.append(message)
        return False
    return True


class ProblemForm(SubForm):
    """A problem observed on the territory, with its severity and what shows it."""

    kind = SelectField("Type de problème", [optional()],
                       choices=choices(v.PROBLEM_KINDS, "Choisir…"))
    severity = RadioField("Gravité", [optional()], choices=choices(v.SEVERITIES), coerce=int,
                          render_kw={"inline": True})
    evidence = TextAreaField(
        "Constats", [optional(), long_text()], render_kw={"rows": 3},
        description="Faits et chiffres qui l'attestent, ex. « 38 plaintes au bailleur en 2025 "
        "pour bruit et conflits d'usage ».",
    )
    source = StringField("Source", [optional(), short_text()],
                         description="Ex. bailleur social, enquête de quartier, groupe "
                         "opérationnel du CLSPD.")

    def validate(self, extra_validators=None):
        """A problem described but without its type cannot be saved: it stays pending."""
        valid = super().validate(extra_validators)
        described = self.severity.data or clean(self.evidence.data) or clean(self.source.data)
        if described:
            valid = _require(self.kind, "Choisissez le type de problème.") and valid
        return valid


class PlaceForm(SubForm):
    """A place where mediators are needed, and when (rows of days and hours)."""

    ROW_TITLE = "Lieu"

    name = StringField("Nom du lieu", [optional(), title_text()],
                       description="Ex. Place de la gare. Les tournées des médiateurs "
                       "désignent les lieux par ce nom.")
    kind = SelectField("Type de lieu", [optional()], choices=choices(v.PLACE_KINDS, "Choisir…"))
    qpv = BooleanField("Situé en quartier prioritaire (QPV)")
    qpv_code = SelectField("Quartier prioritaire (QPV)", [optional()], choices=choices({}, NO_QPV),
                           invalid_choice_message=UNKNOWN_QPV,
                           description="Un des quartiers prioritaires de la commune, ou aucun.")
    priority = RadioField("Priorité", [optional()], choices=choices(v.PRIORITIES), coerce=int,
                          render_kw={"inline": True},
                          description="« Dans quel(s) lieu(x) la médiation est-elle "
                          "prioritaire ? » (fiche action du CLSPD)")
    need_slots = repeated(ScheduleRowForm, "place.need_slots")

    def validate(self, extra_validators=None):
        """A place described but nameless cannot be saved: it stays pending, and says why."""
        valid = super().validate(extra_validators)
        described = (clean(self.kind.data) or self.qpv.data or clean(self.qpv_code.data)
                     or self.priority.data
                     or any(not row.form.is_blank() for row in self.need_slots.entries))
        if described:
            valid = _require(self.name, NAMELESS_PLACE) and valid
        return check_bound(self.need_slots) and valid


class DiagnosisForm(StepForm):
    """The diagnosis page; place names are unique ignoring case and surrounding spaces."""

    summary = TextAreaField(
        "Synthèse du diagnostic", [optional(), long_text()], render_kw={"rows": 6},
        description="Ce qui se passe, où, quand, qui est concerné, et ce qu'en disent les "
        "habitants et les partenaires. 5 000 caractères au maximum.",
    )
    problems = repeated(ProblemForm, "diagnosis.problems")
    target_groups = MultiCheckboxField(
        "Publics cibles", choices=choices(v.TARGET_GROUPS),
        description="Les publics que les médiateurs doivent rencontrer en priorité.",
    )
    places = repeated(PlaceForm, "diagnosis.places")

    def validate_places(self, field):
        """A name already used by an earlier place gets an error (that place is not saved)."""
        seen = set()
        for entry in field.entries:
            name = entry.form.name
            if name.errors or clean(name.data) is None:
                continue
            key = clean(name.data).casefold()
            if key in seen:
                name.errors.append(DUPLICATE_NAME)
            seen.add(key)
        # FieldList collected its entries' errors before this validator ran: refresh them.
        field.errors = [entry.errors for entry in field.entries]
        if not any(field.errors):
            field.errors = []

    def offer_qpvs(self, options: dict[str, str]) -> None:
        """Offer `options` ({code: label}) to every place, present and future."""
        offer_choices(self.places, "qpv_code", choices(options, NO_QPV))
