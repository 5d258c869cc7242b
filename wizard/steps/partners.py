"""Step 4 — Partenaires: who works with the mediators, in what role, and how it is steered.

Each partner's contributions in kind are valued per year in its row (label, one amount per
year); they are stored as `funding.in_kind` under the partner's name, so renaming a partner
renames them and removing it removes them. Items without a partner (an imported file) stay.

One-click suggestions (`wizard.document.suggestions.SUGGESTED_PARTNERS`) add the usual partners of a
CLSPD operational group through the `Step.action` hook (« suggest:<i> » buttons, no JS).
"""

from wtforms import RadioField, SelectField, StringField
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
from wizard.steps import in_kind as contributions
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
from wizard.steps.yearly import project_years

DEFAULT_STEERING_BODY = "Comité de pilotage de la médiation sociale"
DEFAULT_OPERATIONAL_GROUP = "Groupe opérationnel du CLSPD"
GOVERNANCE = ("steering_body", "steering_members", "meetings_per_year", "operational_group",
              "operational_meetings_per_year")
STATE_PARTNER = ("Associer au moins un service de l'État (police, gendarmerie, parquet, PJJ, "
                 "délégué du préfet, Éducation nationale)")


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
    in_kind = repeated(contributions.InKindForm, "funding.in_kind")
    agreement = RadioField("Convention de partenariat", [optional()], choices=choices(v.AGREEMENTS),
                           render_kw={"inline": True})
    suggestion = origin_field()  # the suggestion this row was added from (kept when renamed)


class PartnersForm(StepForm):
    """The page: the partners and the governance."""

    partners = repeated(PartnerForm, "partners")
    steering_body = StringField(
        "Comité de pilotage", [optional(), title_text()],
        description="L'instance stratégique : elle réunit les financeurs, fixe les orientations "
        "et examine le bilan. Proposé par défaut : à renommer s'il porte un autre nom.",
    )
    steering_members = StringField(
        "Membres du comité de pilotage", [optional(), short_text()],
        description="Ex. préfecture (délégué du préfet), ville, conseil départemental, bailleur.")
    meetings_per_year = WholeNumberField(
        "Réunions du comité de pilotage par an", [optional(), _meetings],
        description="Entre 0 et 52. Par exemple 2 : lancement et bilan.",
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
        message="Saisir un nombre entier, par exemple 4.",
    )
    operational_group = StringField(
        "Groupe opérationnel", [optional(), title_text()],
        description="L'instance de suivi au quotidien avec les partenaires de terrain, ex. "
        f"« {DEFAULT_OPERATIONAL_GROUP} ».",
        render_kw={"placeholder": DEFAULT_OPERATIONAL_GROUP},
    )
    operational_meetings_per_year = WholeNumberField(
        "Réunions du groupe opérationnel par an", [optional(), _meetings],
        description="Entre 0 et 52. Par exemple 12 : une par mois.",
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
        message="Saisir un nombre entier, par exemple 4.",
    )

    project_years = 3  # set by `prepare` from the dossier

    def validate(self, extra_validators=None):
        """Types and lengths, then: the amounts in kind cover the project's years, and the
        project holds no more contributions in kind than the format allows."""
        valid = super().validate(extra_validators)
        return contributions.check([p.form.in_kind for p in self.partners.entries],
                             self.project_years) and valid


def prepare(form: PartnersForm, dossier, params: Pinned, user) -> None:
    """The project's length, for the amounts in kind."""
    form.project_years = project_years(dossier.document)


def load(doc: dict) -> dict:
    """The form data of `partners` (with their contributions in kind) and `governance`; an
    empty steering body is offered as DEFAULT_STEERING_BODY (every project has one, most
    call it so: the lead renames it rather than types it)."""
    governance, gifts = doc.get("governance", {}), contributions.by_partner(doc)
    return {
        "partners": [{**p, "in_kind": contributions.form_rows(gifts.get(p.get("name"), []))}
                     for p in doc.get("partners", [])],
        **{key: governance.get(key) for key in GOVERNANCE},
        "steering_body": governance.get("steering_body") or DEFAULT_STEERING_BODY,
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
    """Rebuild `partners` from the rows with a valid name, and their contributions in kind;
    copy the valid governance fields."""
    doc["partners"] = items(form.partners, _partner)
    saved = [(_partner(e.form)["name"], e.form.in_kind) for e in form.partners.entries
             if _partner(e.form) is not None]
    section_of(doc, "funding")["in_kind"] = contributions.rebuilt(doc, saved, project_years(doc))
    governance = section_of(doc, "governance")
    for key in GOVERNANCE:
        put(governance, key, form[key], (lambda n: n) if key.endswith("per_year") else clean)


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
    years = doc.get("years") or 1
    for gift in doc.get("funding", {}).get("in_kind", []):
        if gift.get("partner") and len(gift.get("amounts") or []) != years:
            out.append(Missing(f"Indiquer la valeur de la contribution en nature "
                               f"« {gift.get('label')} » de « {gift['partner']} » pour chaque "
                               "année.", "partners"))
    if partners and not any(str(p.get("category", "")).startswith("etat_") for p in partners):
        out.append(Missing(STATE_PARTNER + ".", "partners"))
    if not doc.get("governance", {}).get("steering_body"):
        out.append(Missing("Indiquer le comité de pilotage du projet.", "steering_body"))
    return out


def _label(list_name: str, code):
    return v.label(list_name, code) if code else None


def summarize(doc: dict, params: Pinned) -> list[Section]:
    """One section per partner, then « Gouvernance »."""
    gifts = contributions.by_partner(doc)
    sections = [
        Section(p.get("name"), [
            ("Catégorie", _label("partner_categories", p.get("category"))),
            ("Rôle dans le projet",
             [v.label("partner_roles", r) for r in p.get("roles", [])] or None),
            ("Contact", p.get("contact")),
            ("Contribution en nature", p.get("contribution_in_kind")),
            ("Contributions en nature valorisées",
             [contributions.valued(g) for g in gifts.get(p.get("name"), [])] or None),
            ("Convention", _label("agreements", p.get("agreement"))),
        ])
        for p in doc.get("partners", [])
    ] or [Section(None, [("Partenaires", None)])]
    governance = doc.get("governance", {})
    meetings = governance.get("meetings_per_year")
    operational = governance.get("operational_meetings_per_year")
    sections.append(Section("Gouvernance", [
        ("Comité de pilotage", governance.get("steering_body")),
        ("Membres du comité de pilotage", governance.get("steering_members")),
        ("Réunions du comité par an", None if meetings is None else str(meetings)),
        ("Groupe opérationnel", governance.get("operational_group")),
        ("Réunions du groupe opérationnel par an",
         None if operational is None else str(operational)),
    ]))
    return sections


def extra(doc: dict, form: PartnersForm, params: Pinned) -> dict:
    """The suggestion buttons (greyed once added) and the help on partner categories."""
    return {
        "suggested": offered(form.partners, SUGGESTED_PARTNERS),
        "category_help": [(v.PARTNER_CATEGORIES[code], text)
                          for code, text in v.PARTNER_CATEGORY_HELP.items()],
        "project_years": form.project_years,
    }


STEP = Step(
    slug="partenaires",
    title="Partenaires",
    form=PartnersForm,
    load=load,
    save=save,
    missing=missing,
    summarize=summarize,
    prepare=prepare,
    extra=extra,
    action=suggestion_action("partners", SUGGESTED_PARTNERS, "Partenaire ajouté"),
    intro="Les acteurs du territoire qui travaillent avec les médiateurs, leur rôle, et "
    "l'instance qui pilote le projet.",
)
