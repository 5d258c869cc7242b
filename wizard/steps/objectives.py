"""Step 3 — Objectifs: the six missions of the regional brochure, domains, specific objectives."""

from wtforms import FieldList, StringField

from wizard.costing import Pinned
from wizard.document import vocabulary as v
from wizard.forms import MultiCheckboxField, StepForm, choices, clean, optional
from wizard.forms.limits import list_limit, short_text
from wizard.steps.base import Missing, Section, Step, put, section_of


class ObjectivesForm(StepForm):
    missions = MultiCheckboxField(
        "Missions confiées aux médiateurs", choices=choices(v.MISSIONS),
        description="Les six missions de la médiation sociale dans les espaces publics.",
    )
    domains = MultiCheckboxField("Domaines d'intervention", choices=choices(v.DOMAINS))
    specific = FieldList(
        StringField("Objectif spécifique", [optional(), short_text()]), max_entries=list_limit("objectives.specific")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.missions.option_hints = v.MISSION_HELP


def load(doc: dict) -> dict:
    objectives = doc.get("objectives", {})
    return {
        "missions": objectives.get("missions", []),
        "domains": objectives.get("domains", []),
        "specific": objectives.get("specific", []) or [],
    }


def save(doc: dict, form: ObjectivesForm) -> None:
    objectives = section_of(doc, "objectives")
    put(objectives, "missions", form.missions, lambda xs: list(xs or []))
    put(objectives, "domains", form.domains, lambda xs: list(xs or []))
    objectives["missions"] = objectives.get("missions", [])
    objectives["domains"] = objectives.get("domains", [])
    objectives["specific"] = [
        clean(f.data) for f in form.specific.entries if not f.errors and clean(f.data)
    ]


def missing(doc: dict, params: Pinned) -> list[Missing]:
    objectives = doc.get("objectives", {})
    out = []
    if not objectives.get("missions"):
        out.append(Missing("Choisir au moins une mission.", "missions"))
    if not objectives.get("domains"):
        out.append(Missing("Choisir au moins un domaine d'intervention.", "domains"))
    if not objectives.get("specific"):
        out.append(Missing("Formuler au moins un objectif spécifique.", "specific"))
    return out


def summarize(doc: dict, params: Pinned) -> list[Section]:
    objectives = doc.get("objectives", {})
    return [Section(None, [
        ("Missions", [v.label("missions", m) for m in objectives.get("missions", [])] or None),
        ("Domaines", [v.label("domains", d) for d in objectives.get("domains", [])] or None),
        ("Objectifs spécifiques", objectives.get("specific") or None),
    ])]


STEP = Step(
    slug="objectifs",
    title="Objectifs",
    form=ObjectivesForm,
    load=load,
    save=save,
    missing=missing,
    summarize=summarize,
    intro="Ce que la médiation sociale doit apporter au territoire.",
)
