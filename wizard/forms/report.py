"""The year-end report's form: the indicators reached, the year's activity figures, its
account in words, and the actual spending and resources beside the planned ones with the
explanation of each large gap. Types and ranges only: a draft always saves; what a
submission requires is checked by `check_submission`."""

from decimal import Decimal

from wtforms import FieldList, FormField, HiddenField, StringField, TextAreaField

from wizard.forms import BaseForm, SubForm, optional
from wizard.forms.limits import long_text, short_text
from wizard.forms.numbers import DecimalNumberField, MoneyField, WholeNumberField, between

NUMBER = "Nombre entier attendu (par exemple 12)."


class IndicatorForm(SubForm):
    """One indicator of the dossier: the value reached, the share of the target, a comment."""

    reached = StringField("Valeur atteinte", [optional(), short_text()])
    rate = WholeNumberField("Atteinte de la cible (%)",
                            [optional(), between(0, 1000, "Entre 0 et 1 000 %.")],
                            message="Pourcentage entier attendu (par exemple 80).")
    comment = TextAreaField("Commentaire", [optional(), long_text()])


class AmountForm(SubForm):
    """One budget line: the actual amount and the explanation of its gap."""

    key = HiddenField()
    actual = MoneyField("Montant réalisé (€)", [optional()])
    explanation = TextAreaField("Explication de l'écart", [optional(), long_text()])


class PlaceActivityForm(SubForm):
    """The year's activity at one place (each figure optional)."""

    hours = DecimalNumberField("Heures de présence", [optional()])
    interventions = WholeNumberField("Interventions", [optional(), between(0, 10**7, NUMBER)],
                                     message=NUMBER)
    people = WholeNumberField("Personnes rencontrées", [optional(), between(0, 10**8, NUMBER)],
                              message=NUMBER)
    orientations = WholeNumberField("Orientations", [optional(), between(0, 10**7, NUMBER)],
                                    message=NUMBER)


class ReportForm(BaseForm):
    indicators = FieldList(FormField(IndicatorForm))
    hours = DecimalNumberField("Heures de présence réalisées", [optional()])
    interventions = WholeNumberField("Interventions", [optional(), between(0, 10**7, NUMBER)],
                                     message=NUMBER)
    people = WholeNumberField("Personnes rencontrées", [optional(), between(0, 10**8, NUMBER)],
                              message=NUMBER)
    orientations = WholeNumberField("Orientations vers un partenaire",
                                    [optional(), between(0, 10**7, NUMBER)], message=NUMBER)
    worked = TextAreaField("Ce qui a fonctionné", [optional(), long_text()])
    difficulties = TextAreaField("Les difficultés rencontrées", [optional(), long_text()])
    changes = TextAreaField("Ce qui change pour l'année suivante", [optional(), long_text()])
    places = FieldList(FormField(PlaceActivityForm))
    charges = FieldList(FormField(AmountForm))
    resources = FieldList(FormField(AmountForm))

    def content(self, places: list[str] = ()) -> dict:
        """The report's content from the valid form (see review.reports for the format);
        `places` names the rows of `self.places` (review.report_places)."""
        def amounts(entries):
            return {e.form.key.data: {
                "actual": None if e.form.actual.data is None else str(e.form.actual.data),
                "explanation": (e.form.explanation.data or "").strip()}
                for e in entries if e.form.key.data}

        return {
            "indicators": [{"reached": (e.form.reached.data or "").strip(),
                            "rate": e.form.rate.data,
                            "comment": (e.form.comment.data or "").strip()}
                           for e in self.indicators],
            "activity": {"hours": None if self.hours.data is None else str(self.hours.data),
                         "interventions": self.interventions.data,
                         "people": self.people.data, "orientations": self.orientations.data,
                         "places": [
                             {"place": name, "hours": None if e.form.hours.data is None
                              else str(e.form.hours.data),
                              "interventions": e.form.interventions.data,
                              "people": e.form.people.data,
                              "orientations": e.form.orientations.data}
                             for name, e in zip(places, self.places, strict=False)
                             if any(f.data is not None for f in e.form
                                    if f.type != "CSRFTokenField")]},
            "worked": (self.worked.data or "").strip(),
            "difficulties": (self.difficulties.data or "").strip(),
            "changes": (self.changes.data or "").strip(),
            "charges": amounts(self.charges),
            "resources": amounts(self.resources),
        }

    def check_submission(self, problems: list[tuple[str | None, str, str]]) -> None:
        """Put a submission's problems next to their fields: each is (the budget line's key,
        or None for a field of the form itself; the field's name; the French message)."""
        lines = {e.form.key.data: e.form for entries in (self.charges, self.resources)
                 for e in entries}
        for key, name, message in problems:
            owner = self if key is None else lines.get(key)
            if owner is not None:
                owner[name].errors = [*owner[name].errors, message]
        # the lists validated clean and keep saying so: the page's error summary would not
        # list the errors added here (it reads a list's errors before its entries')
        for entries in (self.charges, self.resources):
            if not entries.errors and any(f.errors for e in entries for f in e.form):
                entries.errors = [{f.short_name: f.errors for f in e.form if f.errors}
                                  for e in entries]


def form_data(content: dict, indicators: int, charges: list, resources: list,
              places: list[dict] = ()) -> dict:
    """The form's `data=` from a report's content: `indicators` the dossier's count, the
    planned charge and resource lines (each with its `key`) and the places' rows
    (review.report_places.rows)."""
    stored = content.get("indicators") or []
    activity = content.get("activity") or {}

    def decimal(value):
        return None if value in (None, "") else Decimal(str(value))

    def amounts(lines, given):
        return [{"key": line.key, "actual": decimal(given.get(line.key, {}).get("actual")),
                 "explanation": given.get(line.key, {}).get("explanation") or ""}
                for line in lines]

    return {
        "indicators": [stored[i] if i < len(stored) else {} for i in range(indicators)],
        "hours": decimal(activity.get("hours")), "interventions": activity.get("interventions"),
        "people": activity.get("people"), "orientations": activity.get("orientations"),
        "worked": content.get("worked"), "difficulties": content.get("difficulties"),
        "changes": content.get("changes"),
        "places": [{k: v for k, v in row.items() if k != "place"} for row in places],
        "charges": amounts(charges, content.get("charges") or {}),
        "resources": amounts(resources, content.get("resources") or {}),
    }
