"""Step 7 — Évaluation: indicators (activity and result), difficulties and suggestions.

The last two texts are the columns « Difficultés identifiées dans la mise en œuvre de
l'action » and « Suggestions » of the CLSPD fiche-action. One-click suggestions
(`wizard.document.suggestions.SUGGESTED_INDICATORS`, the CITER evaluation grid) go through
the `Step.action` hook (« suggest:<i> » buttons, no JS); an indicator added from one keeps
its origin (`suggestion`), so that, renamed, it is neither offered nor added again.
"""

from wtforms import RadioField, SelectField, StringField, TextAreaField

from wizard.costing import Pinned
from wizard.document import vocabulary as v
from wizard.document.suggestions import SUGGESTED_INDICATORS
from wizard.forms import StepForm, SubForm, choices, clean, optional
from wizard.forms.limits import long_text, repeated, short_text, title_text
from wizard.steps.base import (
    Missing,
    Section,
    Step,
    compact,
    items,
    put,
    quoted,
    section_of,
    valid_text,
)
from wizard.steps.rows import offered, origin_field, suggestion_action


class IndicatorForm(SubForm):
    """One indicator (`evaluation.indicators[]` item); `name` is its key."""

    name = StringField(
        "Intitulé de l'indicateur", [optional(), title_text()],
        description="Ce que l'on compte ou mesure, ex. « Situations de conflit traitées ».",
    )
    kind = RadioField(
        "Type d'indicateur", [optional()], choices=choices(v.INDICATOR_KINDS),
        description="Activité : ce que font les médiateurs (réalisations). Résultat : ce que "
        "cela change pour le territoire.",
        render_kw={"inline": True},
    )
    baseline = StringField("Situation de départ", [optional(), short_text()],
                           description="La valeur avant le projet, ou comment elle sera établie.")
    target = StringField("Valeur cible", [optional(), short_text()],
                         description="Chiffrée et datée si possible, ex. « 60 % des conflits "
                         "résolus fin 2027 ».")
    source = StringField("Source des données", [optional(), short_text()],
                         description="Main courante, fiches de signalement, enquête…")
    frequency = SelectField("Fréquence de mesure", [optional()],
                            choices=choices(v.FREQUENCIES, "Choisir…"))
    suggestion = origin_field()  # the suggestion this row was added from (kept when renamed)


class EvaluationForm(StepForm):
    """The page: the indicators, the difficulties and the suggestions."""

    indicators = repeated(IndicatorForm, "evaluation.indicators")
    difficulties = TextAreaField(
        "Difficultés identifiées dans la mise en œuvre de l'action", [optional(), long_text()],
        description="Colonne « Difficultés identifiées dans la mise en œuvre de l'action » de la "
        "fiche-action du CLSPD : difficultés prévisibles ou déjà rencontrées (recrutement, "
        "coordination des partenaires, horaires…).",
        render_kw={"rows": 5},
    )
    suggestions = TextAreaField(
        "Suggestions", [optional(), long_text()],
        description="Colonne « Suggestions » de la fiche-action du CLSPD : pistes pour lever ces "
        "difficultés ou améliorer l'action.",
        render_kw={"rows": 5},
    )


def load(doc: dict) -> dict:
    """The form data of `evaluation`."""
    evaluation = doc.get("evaluation", {})
    return {
        "indicators": evaluation.get("indicators", []),
        "difficulties": evaluation.get("difficulties"),
        "suggestions": evaluation.get("suggestions"),
    }


def _indicator(f):
    if f.name.errors or not clean(f.name.data):
        return None
    return compact({key: valid_text(f[key])
                    for key in ("name", "kind", "baseline", "target", "source", "frequency",
                                "suggestion")})


def save(doc: dict, form: EvaluationForm) -> None:
    """Rebuild the indicators from the rows with a valid name; copy the valid texts."""
    evaluation = section_of(doc, "evaluation")
    evaluation["indicators"] = items(form.indicators, _indicator)
    put(evaluation, "difficulties", form.difficulties)
    put(evaluation, "suggestions", form.suggestions)


def missing(doc: dict, params: Pinned) -> list[Missing]:
    """Two indicators at least, one of activity and one of result, each with a target and a
    source."""
    indicators = doc.get("evaluation", {}).get("indicators", [])
    kinds = {i.get("kind") for i in indicators}
    out = []
    if len(indicators) < 2:
        out.append(Missing("Définir au moins deux indicateurs.", "indicators"))
    if "activite" not in kinds:
        out.append(Missing("Définir au moins un indicateur d'activité (contacts, heures de "
                           "présence, conflits traités…).", "indicators"))
    if "resultat" not in kinds:
        out.append(Missing("Définir au moins un indicateur de résultat (conflits résolus, "
                           "satisfaction, sentiment d'insécurité…).", "indicators"))
    for i, indicator in enumerate(indicators):
        which = quoted(indicator, i)
        if not indicator.get("target"):
            out.append(Missing(f"Indiquer la valeur cible de l'indicateur {which}.",
                               f"indicators-{i}-target"))
        if not indicator.get("source"):
            out.append(Missing(f"Indiquer la source des données de l'indicateur {which}.",
                               f"indicators-{i}-source"))
    return out


def summarize(doc: dict, params: Pinned) -> list[Section]:
    """One section per indicator, then « Difficultés et suggestions »."""
    evaluation = doc.get("evaluation", {})
    sections = [
        Section(i.get("name"), [
            ("Type", v.label("indicator_kinds", i["kind"]) if i.get("kind") else None),
            ("Situation de départ", i.get("baseline")),
            ("Valeur cible", i.get("target")),
            ("Source des données", i.get("source")),
            ("Fréquence de mesure",
             v.label("frequencies", i["frequency"]) if i.get("frequency") else None),
        ])
        for i in evaluation.get("indicators", [])
    ] or [Section(None, [("Indicateurs", None)])]
    sections.append(Section("Difficultés et suggestions", [
        ("Difficultés identifiées dans la mise en œuvre de l'action",
         evaluation.get("difficulties")),
        ("Suggestions", evaluation.get("suggestions")),
    ]))
    return sections


def extra(doc: dict, form: EvaluationForm, params: Pinned) -> dict:
    """The suggestion buttons, greyed once the indicator is in the list."""
    return {"suggested": offered(form.indicators, SUGGESTED_INDICATORS)}


STEP = Step(
    slug="evaluation",
    title="Évaluation",
    form=EvaluationForm,
    load=load,
    save=save,
    missing=missing,
    summarize=summarize,
    extra=extra,
    action=suggestion_action("indicators", SUGGESTED_INDICATORS, "Indicateur ajouté"),
    intro="Comment l'action sera suivie et évaluée : indicateurs, difficultés prévisibles et "
    "pistes d'amélioration.",
)
