"""Step 1 — Porteur et territoire: commune, holder, scope, prevention council, period."""

from datetime import date

from wtforms import (
    DateField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Email, Regexp, ValidationError

from wizard.costing import Pinned
from wizard.document import vocabulary as v
from wizard.formats import long_date
from wizard.forms import StepForm, SubForm, choices, clean, optional
from wizard.forms.limits import email_text, repeated, short_text, title_text
from wizard.permissions import is_commune_lead
from wizard.steps.base import Missing, Section, Step, compact, items, put, section_of

QPV_PATTERN = r"^QN([0-9]{3}|02[AB])[0-9]{2,3}[MNI]$"
PHONE_PATTERN = r"^\+?[0-9 .()-]{6,30}$"


class NeighbourhoodForm(SubForm):
    name = StringField("Nom du quartier", [optional(), title_text()])
    qpv_code = StringField(
        "Code QPV (facultatif)",
        [optional(), Regexp(QPV_PATTERN, message="Code QPV invalide : format attendu QN + "
                            "département sur 3 caractères + numéro + lettre, ex. QN05926M.")],
        description="Quartier prioritaire de la politique de la ville, ex. QN05926M.",
        filters=[lambda s: s.strip().upper() if isinstance(s, str) else s],
    )


def _years(form, field):
    if field.data not in (1, 2, 3):
        raise ValidationError("La durée doit être de 1, 2 ou 3 ans.")


class TerritoryForm(StepForm):
    title = StringField("Titre du projet", [optional(), title_text()])
    commune = SelectField("Commune du projet", validate_choice=True)
    holder_kind = SelectField("Type de porteur", [optional()], choices=choices(v.HOLDER_KINDS, "Choisir…"))
    holder_name = StringField("Nom du porteur", [optional(), title_text()],
                              description="Ex. Ville de Lille, CCAS de Roubaix, association…")
    contact_name = StringField("Nom de la personne référente", [optional(), title_text()])
    contact_email = StringField(
        "Adresse électronique de la personne référente",
        [optional(), Email("Adresse électronique invalide (format attendu : nom@domaine.fr)."),
         email_text()],
        render_kw={"type": "email", "autocomplete": "email", "spellcheck": "false"},
    )
    contact_phone = StringField(
        "Téléphone", [optional(), Regexp(PHONE_PATTERN, message="Numéro invalide, ex. 03 20 49 50 00.")],
        render_kw={"type": "tel", "autocomplete": "tel"},
    )
    scope = RadioField("Territoire d'intervention", [optional()], choices=choices(v.TERRITORY_SCOPES))
    neighbourhoods = repeated(NeighbourhoodForm, "territory.neighbourhoods")
    prevention_council = RadioField(
        "Instance de prévention de la délinquance", [optional()], choices=choices(v.PREVENTION_COUNCILS),
        description="Le CLSPD est obligatoire dans les communes de plus de 5 000 habitants ou "
        "comprenant un quartier prioritaire.",
    )
    strategy_axis = TextAreaField(
        "Axe de la stratégie territoriale de sécurité et de prévention (STSPD)",
        [optional(), short_text()],
        description="L'axe ou la fiche-action de la STSPD dans lequel le projet s'inscrit.",
        render_kw={"rows": 3},
    )
    start_date = DateField("Date de début du projet", [optional()],
                           description="Format attendu : JJ/MM/AAAA.")
    years = RadioField("Durée du projet", [_years], choices=choices({1: "1 an", 2: "2 ans", 3: "3 ans"}),
                       coerce=int, render_kw={"inline": True})


def prepare(form, dossier, params: Pinned, user) -> None:
    """The commune list: the dossier's own commune and, for a lead of that commune, the
    other communes of that lead. A co-editor (a lead of another commune) cannot move the
    dossier to one of their own communes."""
    communes = {dossier.commune.insee_code: dossier.commune.label}
    if is_commune_lead(user, dossier):
        for link in getattr(user, "communes", []):
            communes.setdefault(link.commune.insee_code, link.commune.label)
    form.commune.choices = choices(communes)


def load(doc: dict) -> dict:
    holder = doc.get("holder", {})
    territory = doc.get("territory", {})
    return {
        "title": doc.get("title"),
        "commune": doc.get("commune", {}).get("insee_code"),
        "holder_kind": holder.get("kind"),
        "holder_name": holder.get("name"),
        "contact_name": holder.get("contact_name"),
        "contact_email": holder.get("contact_email"),
        "contact_phone": holder.get("contact_phone"),
        "scope": territory.get("scope"),
        "neighbourhoods": territory.get("neighbourhoods", []),
        "prevention_council": territory.get("prevention_council"),
        "strategy_axis": territory.get("strategy_axis"),
        "start_date": date.fromisoformat(doc["start_date"]) if doc.get("start_date") else None,
        "years": doc.get("years", 3),
    }


def _neighbourhood(f):
    if f.name.errors or not clean(f.name.data):
        return None
    return compact({"name": clean(f.name.data), "qpv_code": clean(f.qpv_code.data) if not f.qpv_code.errors else None})


def save(doc: dict, form: TerritoryForm) -> None:
    put(doc, "title", form.title)
    if not form.commune.errors and form.commune.data:
        doc["commune"] = {"insee_code": form.commune.data}
    holder = section_of(doc, "holder")
    put(holder, "kind", form.holder_kind)
    put(holder, "name", form.holder_name)
    put(holder, "contact_name", form.contact_name)
    put(holder, "contact_email", form.contact_email)
    put(holder, "contact_phone", form.contact_phone)
    territory = section_of(doc, "territory")
    put(territory, "scope", form.scope)
    territory["neighbourhoods"] = items(form.neighbourhoods, _neighbourhood)
    put(territory, "prevention_council", form.prevention_council)
    put(territory, "strategy_axis", form.strategy_axis)
    put(doc, "start_date", form.start_date, lambda d: d.isoformat() if d else None)
    put(doc, "years", form.years, lambda n: n)


def missing(doc: dict, params: Pinned) -> list[Missing]:
    holder = doc.get("holder", {})
    territory = doc.get("territory", {})
    out = []
    if not holder.get("kind"):
        out.append(Missing("Indiquer le type de porteur.", "holder_kind"))
    if not holder.get("name"):
        out.append(Missing("Indiquer le nom du porteur.", "holder_name"))
    if not holder.get("contact_name") or not holder.get("contact_email"):
        out.append(Missing("Indiquer la personne référente et son adresse électronique.", "contact_name"))
    if not territory.get("scope"):
        out.append(Missing("Préciser le territoire d'intervention.", "scope"))
    elif territory["scope"] == "quartiers" and not territory.get("neighbourhoods"):
        out.append(Missing("Nommer au moins un quartier.", "neighbourhoods"))
    if not territory.get("prevention_council"):
        out.append(Missing("Préciser l'instance de prévention de la délinquance.", "prevention_council"))
    if not doc.get("start_date"):
        out.append(Missing("Indiquer la date de début du projet.", "start_date"))
    return out


def summarize(doc: dict, params: Pinned) -> list[Section]:
    holder = doc.get("holder", {})
    territory = doc.get("territory", {})
    years = doc.get("years")
    contact = ", ".join(x for x in (holder.get("contact_name"), holder.get("contact_email"),
                                    holder.get("contact_phone")) if x)
    quarters = [n["name"] + (f" ({n['qpv_code']})" if n.get("qpv_code") else "")
                for n in territory.get("neighbourhoods", [])]
    return [Section(None, [
        ("Titre du projet", doc.get("title")),
        ("Commune", doc.get("commune", {}).get("name") or doc.get("commune", {}).get("insee_code")),
        ("Porteur", " — ".join(x for x in (v.label("holder_kinds", holder.get("kind")) if holder.get("kind") else None,
                                          holder.get("name")) if x) or None),
        ("Personne référente", contact or None),
        ("Territoire d'intervention", v.label("territory_scopes", territory["scope"]) if territory.get("scope") else None),
        ("Quartiers", quarters or None),
        ("Instance de prévention", v.label("prevention_councils", territory["prevention_council"])
         if territory.get("prevention_council") else None),
        ("Axe de la STSPD", territory.get("strategy_axis")),
        ("Début du projet", long_date(doc["start_date"]) if doc.get("start_date") else None),
        ("Durée", f"{years} an{'s' if years and years > 1 else ''}" if years else None),
    ])]


STEP = Step(
    slug="porteur-territoire",
    title="Porteur et territoire",
    form=TerritoryForm,
    load=load,
    save=save,
    missing=missing,
    summarize=summarize,
    prepare=prepare,
    intro="Qui porte le projet, sur quel territoire, dans quel cadre de prévention et pour combien de temps.",
)
