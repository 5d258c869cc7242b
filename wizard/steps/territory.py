"""Step 1 — Porteur et territoire: commune, holder (wizard.steps.holder), scope and its
priority neighbourhoods (picked from the national QPV list), prevention council, the
prevention strategy (axes and FIPD priorities from the advisers' pick-list, plus « autre »),
period."""

from datetime import date

from wtforms import DateField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import ValidationError

from wizard.costing import Pinned
from wizard.document import list_limits
from wizard.document import vocabulary as v
from wizard.formats import long_date
from wizard.forms import (
    MultiCheckboxField,
    StepForm,
    SubForm,
    choices,
    clean,
    offer_choices,
    optional,
)
from wizard.forms.limits import repeated, short_text, title_text
from wizard.models.strategy import StrategyKind
from wizard.permissions import is_commune_lead
from wizard.reference import qpv as qpv_reference
from wizard.reference import strategy as strategy_reference
from wizard.steps.base import Missing, Section, Step, compact, items, put, section_of
from wizard.steps.holder import (
    HolderFields,
    holder_rows,
    load_holder,
    missing_holder,
    prepare_holder,
    save_holder,
)

NO_QPV = "Aucun (hors quartier prioritaire)"
UNKNOWN_QPV = "Quartier inconnu : choisissez-le dans la liste."


def qpv_options(dossier, *codes) -> dict[str, str]:
    """{code: « name (code) »}: the QPVs of the dossier's commune (national list), then the
    `codes` the document already holds that the list does not (old or typed codes)."""
    options = qpv_reference.of_commune(dossier.commune.insee_code)
    for code in codes:
        if code and code not in options:
            options[code] = f"{code} (hors liste de la commune)"
    return options


class NeighbourhoodForm(SubForm):
    name = StringField("Nom du quartier", [optional(), title_text()],
                       description="Vide : le nom du quartier prioritaire choisi.")
    qpv_code = SelectField("Quartier prioritaire (QPV)", [optional()], choices=choices({}, NO_QPV),
                           invalid_choice_message=UNKNOWN_QPV)


def _strategy_count(form, field):
    limit = list_limits()["territory.strategy.axes"]
    if len(form.strategy_axes.data or []) + len(field.data or []) > limit:
        raise ValidationError(f"Cochez au plus {limit} axes et priorités en tout.")


def _years(form, field):
    if field.data not in (1, 2, 3):
        raise ValidationError("La durée doit être de 1, 2 ou 3 ans.")


class TerritoryForm(HolderFields, StepForm):
    qpv_names: dict = {}

    title = StringField("Titre du projet", [optional(), title_text()])
    commune = SelectField("Commune du projet", validate_choice=True)
    scope = RadioField("Territoire d'intervention", [optional()], choices=choices(v.TERRITORY_SCOPES))
    neighbourhoods = repeated(NeighbourhoodForm, "territory.neighbourhoods")
    prevention_council = RadioField(
        "Instance de prévention de la délinquance", [optional()], choices=choices(v.PREVENTION_COUNCILS),
        description="Le CLSPD est obligatoire dans les communes de plus de 5 000 habitants ou "
        "comprenant un quartier prioritaire.",
    )
    strategy_axes = MultiCheckboxField(
        "Axes de la stratégie nationale de prévention de la délinquance",
        description="Cochez le ou les axes dans lesquels le projet s'inscrit.")
    strategy_priorities = MultiCheckboxField(
        "Priorités du fonds interministériel de prévention de la délinquance (FIPD)",
        [_strategy_count], description="Les priorités de l'année fixées par l'instruction du FIPD.")
    strategy_other = TextAreaField(
        "Autre : axe de la stratégie territoriale de sécurité et de prévention (STSPD) ou "
        "autre priorité",
        [optional(), short_text()],
        description="Par exemple l'axe ou la fiche-action de la STSPD dans lequel le projet "
        "s'inscrit.",
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
    prepare_holder(form, dossier)
    kept = (dossier.document.get("territory") or {}).get("neighbourhoods") or []
    options = qpv_options(dossier, *(n.get("qpv_code") for n in kept if isinstance(n, dict)))
    form.qpv_names = {code: label.rsplit(" (", 1)[0] for code, label in options.items()}
    offer_choices(form.neighbourhoods, "qpv_code", choices(options, NO_QPV))
    kept = ((dossier.document.get("territory") or {}).get("strategy") or {}).get("axes") or []
    offered = strategy_reference.choices(kept)
    form.strategy_axes.choices = choices(offered[StrategyKind.NATIONAL_AXIS])
    form.strategy_priorities.choices = choices(offered[StrategyKind.FIPD_PRIORITY])


def load(doc: dict) -> dict:
    territory = doc.get("territory", {})
    return {
        **load_holder(doc.get("holder", {})),
        "title": doc.get("title"),
        "commune": doc.get("commune", {}).get("insee_code"),
        "scope": territory.get("scope"),
        "neighbourhoods": territory.get("neighbourhoods", []),
        "prevention_council": territory.get("prevention_council"),
        # each list shows the codes among its own choices
        "strategy_axes": _strategy(territory).get("axes") or [],
        "strategy_priorities": _strategy(territory).get("axes") or [],
        "strategy_other": _strategy(territory).get("other") or territory.get("strategy_axis"),
        "start_date": date.fromisoformat(doc["start_date"]) if doc.get("start_date") else None,
        "years": doc.get("years", 3),
    }


def _strategy(territory: dict) -> dict:
    strategy = territory.get("strategy")
    return strategy if isinstance(strategy, dict) else {}


def _save_strategy(territory: dict, form: TerritoryForm) -> None:
    """`territory.strategy` = {axes, other}; the old free text `strategy_axis`, shown as the
    « autre » text, is replaced by it once the text is saved. A list with an invalid choice
    keeps the stored codes of its kind."""
    strategy = dict(_strategy(territory))
    if not form.strategy_axes.errors and not form.strategy_priorities.errors:
        codes = [*(form.strategy_axes.data or []), *(form.strategy_priorities.data or [])]
        strategy["axes"] = list(dict.fromkeys(codes))
    if not form.strategy_other.errors:
        strategy["other"] = clean(form.strategy_other.data)
        territory.pop("strategy_axis", None)
    strategy = {key: value for key, value in compact(strategy).items() if value != []}
    if strategy:
        territory["strategy"] = strategy
    else:
        territory.pop("strategy", None)


def _strategy_rows(territory: dict) -> list[tuple]:
    """The labels of the chosen codes (from the summaries' document, see
    `reference.named`; a code without label shows as itself), and the « autre » text."""
    strategy = _strategy(territory)
    labels = strategy.get("labels") or {}
    chosen = [labels.get(code, code) for code in strategy.get("axes") or []]
    return [("Stratégie de prévention", chosen or None),
            ("Autre axe ou priorité", strategy.get("other") or territory.get("strategy_axis"))]


def _neighbourhood(f, qpv_names: dict):
    """A row named, or naming a QPV (whose name it then takes)."""
    code = None if f.qpv_code.errors else clean(f.qpv_code.data)
    name = None if f.name.errors else clean(f.name.data) or qpv_names.get(code)
    return compact({"name": name, "qpv_code": code}) if name else None


def save(doc: dict, form: TerritoryForm) -> None:
    put(doc, "title", form.title)
    if not form.commune.errors and form.commune.data:
        doc["commune"] = {"insee_code": form.commune.data}
    save_holder(doc, form)
    territory = section_of(doc, "territory")
    put(territory, "scope", form.scope)
    territory["neighbourhoods"] = items(form.neighbourhoods,
                                        lambda f: _neighbourhood(f, form.qpv_names))
    put(territory, "prevention_council", form.prevention_council)
    _save_strategy(territory, form)
    put(doc, "start_date", form.start_date, lambda d: d.isoformat() if d else None)
    put(doc, "years", form.years, lambda n: n)


def missing(doc: dict, params: Pinned) -> list[Missing]:
    territory = doc.get("territory", {})
    out = missing_holder(doc.get("holder", {}))
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
    territory = doc.get("territory", {})
    years = doc.get("years")
    quarters = [n["name"] + (f" ({n['qpv_code']})" if n.get("qpv_code") else "")
                for n in territory.get("neighbourhoods", [])]
    return [Section(None, [
        ("Titre du projet", doc.get("title")),
        ("Commune", doc.get("commune", {}).get("name") or doc.get("commune", {}).get("insee_code")),
        *holder_rows(doc.get("holder", {})),
        ("Territoire d'intervention", v.label("territory_scopes", territory["scope"]) if territory.get("scope") else None),
        ("Quartiers", quarters or None),
        ("Instance de prévention", v.label("prevention_councils", territory["prevention_council"])
         if territory.get("prevention_council") else None),
        *_strategy_rows(territory),
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
