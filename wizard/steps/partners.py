"""Step 4 — Partenaires: who works with the mediators, in what role, and how it is steered.

One-click suggestions (`wizard.document.suggestions.SUGGESTED_PARTNERS`) add the usual partners of a
CLSPD operational group through the `Step.action` hook (« suggest:<i> » buttons, no JS).
"""

from wtforms import HiddenField, RadioField, SelectField, StringField
from wtforms.validators import ValidationError

from wizard.costing import Pinned
from wizard.document import vocabulary as v
from wizard.document.suggestions import SUGGESTED_PARTNERS
from wizard.forms import (
    MultiCheckboxField,
    StepForm,
    SubForm,
    choices,
    clean,
    optional,
)
from wizard.forms.limits import repeated, short_text, title_text
from wizard.forms.numbers import WholeNumberField
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
from wizard.steps.rows import offered, suggestion_action

DEFAULT_STEERING_BODY = "Groupe opérationnel du CLSPD"
STATE_PARTNER = ("Associer au moins un service de l'État (police, gendarmerie, PJJ, délégué du "
                 "préfet, Éducation nationale)")


def _meetings(form, field):
    if field.data is not None and not 0 <= field.data <= 52:
        raise ValidationError("Le nombre de réunions doit être compris entre 0 et 52 par an.")


class PartnerForm(SubForm):
    """One partner (`partners[]` item); `name` is its key."""

    name = StringField(
        "Nom du partenaire", [optional(), title_text()],
        description="Ex. Police nationale — commissariat central, Lille Métropole Habitat…",
    )
    category = SelectField(
        "Catégorie", [optional()], choices=choices(v.PARTNER_CATEGORIES, "Choisir…"),
        description="Les catégories « État — … » désignent les services de l'État.",
    )
    roles = MultiCheckboxField("Rôle dans le projet", choices=choices(v.PARTNER_ROLES),
                               description="Plusieurs réponses possibles.")
    contact = StringField("Personne ou service à contacter", [optional(), short_text()],
                          description="Nom, fonction ou service, coordonnées.")
    contribution_in_kind = StringField(
        "Contribution en nature (mise à disposition de locaux, de personnel…)",
        [optional(), short_text()],
    )
    agreement = RadioField("Convention de partenariat", [optional()], choices=choices(v.AGREEMENTS),
                           render_kw={"inline": True})
    # the suggestion this row was added from: kept when renamed, so it is not offered twice
    suggestion = HiddenField(validators=[optional(), title_text()])


class PartnersForm(StepForm):
    """The page: the partners and the governance."""

    partners = repeated(PartnerForm, "partners")
    steering_body = StringField(
        "Instance de pilotage du projet", [optional(), title_text()],
        description="L'instance qui suit la médiation sociale et en examine le bilan, par exemple "
        f"le « {DEFAULT_STEERING_BODY} ».",
        render_kw={"placeholder": DEFAULT_STEERING_BODY},
    )
    meetings_per_year = WholeNumberField(
        "Nombre de réunions par an", [optional(), _meetings],
        description="Entre 0 et 52. Par exemple 4 pour une réunion par trimestre.",
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
        message="Saisir un nombre entier, par exemple 4.",
    )


def load(doc: dict) -> dict:
    """The form data of `partners` and `governance`."""
    governance = doc.get("governance", {})
    return {
        "partners": doc.get("partners", []),
        "steering_body": governance.get("steering_body"),
        "meetings_per_year": governance.get("meetings_per_year"),
    }


def _partner(f):
    if f.name.errors or not clean(f.name.data):
        return None
    roles = [] if f.roles.errors else list(dict.fromkeys(f.roles.data or []))
    return compact({
        "name": clean(f.name.data),
        "category": valid_text(f.category),
        "roles": roles or None,
        "contact": valid_text(f.contact),
        "contribution_in_kind": valid_text(f.contribution_in_kind),
        "agreement": valid_text(f.agreement),
        "suggestion": valid_text(f.suggestion),
    })


def save(doc: dict, form: PartnersForm) -> None:
    """Rebuild `partners` from the rows with a valid name; copy the valid governance fields."""
    doc["partners"] = items(form.partners, _partner)
    governance = section_of(doc, "governance")
    put(governance, "steering_body", form.steering_body)
    put(governance, "meetings_per_year", form.meetings_per_year, lambda n: n)


def missing(doc: dict, params: Pinned) -> list[Missing]:
    """A partner at least, each with category and role, one of them a State service, and the
    steering body."""
    partners = doc.get("partners", [])
    out = []
    if not partners:
        out.append(Missing("Ajouter au moins un partenaire.", "partners"))
    for i, partner in enumerate(partners):
        who = quoted(partner, i)
        if not partner.get("category"):
            out.append(Missing(f"Préciser la catégorie du partenaire {who}.",
                               f"partners-{i}-category"))
        if not partner.get("roles"):
            out.append(Missing(f"Préciser le rôle du partenaire {who}.", f"partners-{i}-roles"))
    if partners and not any(str(p.get("category", "")).startswith("etat_") for p in partners):
        out.append(Missing(STATE_PARTNER + ".", "partners"))
    if not doc.get("governance", {}).get("steering_body"):
        out.append(Missing("Indiquer l'instance de pilotage du projet.", "steering_body"))
    return out


def _label(list_name: str, code):
    return v.label(list_name, code) if code else None


def summarize(doc: dict, params: Pinned) -> list[Section]:
    """One section per partner, then « Gouvernance »."""
    sections = [
        Section(p.get("name"), [
            ("Catégorie", _label("partner_categories", p.get("category"))),
            ("Rôle dans le projet",
             [v.label("partner_roles", r) for r in p.get("roles", [])] or None),
            ("Contact", p.get("contact")),
            ("Contribution en nature", p.get("contribution_in_kind")),
            ("Convention", _label("agreements", p.get("agreement"))),
        ])
        for p in doc.get("partners", [])
    ] or [Section(None, [("Partenaires", None)])]
    governance = doc.get("governance", {})
    meetings = governance.get("meetings_per_year")
    sections.append(Section("Gouvernance", [
        ("Instance de pilotage", governance.get("steering_body")),
        ("Réunions par an", None if meetings is None else str(meetings)),
    ]))
    return sections


def extra(doc: dict, form: PartnersForm, params: Pinned) -> dict:
    """The suggestion buttons (greyed once added) and the help on partner categories."""
    return {
        "suggested": offered(form.partners, SUGGESTED_PARTNERS),
        "category_help": [(v.PARTNER_CATEGORIES[code], text)
                          for code, text in v.PARTNER_CATEGORY_HELP.items()],
    }


STEP = Step(
    slug="partenaires",
    title="Partenaires",
    form=PartnersForm,
    load=load,
    save=save,
    missing=missing,
    summarize=summarize,
    extra=extra,
    action=suggestion_action("partners", SUGGESTED_PARTNERS, "Partenaire ajouté", origin=True),
    intro="Les acteurs du territoire qui travaillent avec les médiateurs, leur rôle, et "
    "l'instance qui pilote le projet.",
)
