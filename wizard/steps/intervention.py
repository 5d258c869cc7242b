"""Step 5 — Modalités d'intervention: employer, qualification, rounds over the diagnosis
places with their weekly slots, reinforcements, staffing and other costs; live figures
(weekly and yearly hours, FTE) and the coverage of the diagnosis needs."""

from decimal import Decimal

from wizard.costing import (
    DEFAULT_PARAMETERS,
    CostingInputError,
    Pinned,
    Slot,
    parse_costing_input,
    parse_hhmm,
    staffing,
    weekly_hours,
)
from wizard.costing.coverage import coverage, duration_label, week_grid
from wizard.document import amount_text
from wizard.document import vocabulary as v
from wizard.formats import money as fr_money
from wizard.formats import number
from wizard.forms import clean
from wizard.steps.base import Missing, Section, Step, compact, items, put, section_of
from wizard.steps.intervention_forms import ACCOUNTS, InterventionForm
from wizard.steps.rows import cover_needs_action
from wizard.steps.schedule import rows_of, saved_item, schedule_lines, slots_of

SLOT_KEYS = ("start", "end", "mediators")


def place_names(doc: dict) -> list[str]:
    """The names of the diagnosis places, in the diagnosis order."""
    places = doc.get("diagnosis", {}).get("places", [])
    return [p["name"] for p in places if isinstance(p, dict) and isinstance(p.get("name"), str)]


def reference_parameters(doc: dict, params: Pinned) -> dict:
    """The parameters the dossier is costed with (its pinned set `params`), with the
    dossier's own overrides on top."""
    defaults = params.values
    return {**defaults, **{k: str(x) for k, x in doc.get("parameters", {}).items()}}


def place_needs(doc: dict) -> dict[str, list]:
    """{place name: its need slots} of the diagnosis places."""
    places = doc.get("diagnosis", {}).get("places", [])
    return {p["name"]: p.get("need_slots") or [] for p in places
            if isinstance(p, dict) and isinstance(p.get("name"), str)}


def prepare(form: InterventionForm, dossier, params: Pinned, user) -> None:
    """Offer the diagnosis places (and their needs, for « Couvrir les besoins de ces
    lieux ») to the rounds; say how the team leaders are derived."""
    form.offer_places(place_names(dossier.document), place_needs(dossier.document))
    ratio = reference_parameters(dossier.document, params).get("mediators_per_team_leader")
    if ratio:
        form.team_leader_fte.description = (
            "Vide : calculé automatiquement, 1 ETP d'encadrement pour "
            f"{number(ratio, 0 if Decimal(ratio) == Decimal(ratio).to_integral() else 1)} "
            "ETP de médiateurs. Sinon, le nombre d'ETP prévus (ex. 0,5)."
        )


def load(doc: dict) -> dict:
    iv = doc.get("intervention", {})
    leader = iv.get("team_leader_fte")
    data = {
        "employer": iv.get("employer"),
        "recruitment_months": iv.get("recruitment_months", 0),
        "qualification": iv.get("qualification", []),
        "rounds": [{"name": r.get("name"), "places": r.get("places", []),
                    "slots": rows_of(r.get("slots"), SLOT_KEYS)}
                   for r in iv.get("rounds", [])],
        "reinforcements": [{"label": r.get("label"), "weeks": r.get("weeks"),
                            "slots": rows_of(r.get("slots"), SLOT_KEYS)}
                           for r in iv.get("reinforcements", [])],
        "team_leader_fte": None if leader is None else Decimal(str(leader)),
        "new_mediators_to_train": iv.get("new_mediators_to_train", 0),
        "vehicles": iv.get("vehicles", 0),
        "other_costs": [{"label": c.get("label"), "account": c.get("account"),
                         "amount": None if c.get("amount") is None else Decimal(str(c["amount"])),
                         "one_time": bool(c.get("one_time"))}
                        for c in iv.get("other_costs", [])],
    }
    if "weeks_per_year" in iv:  # else the field's default (47) is offered
        data["weeks_per_year"] = iv["weeks_per_year"]
    return data


def in_order(checked, previous) -> list:
    """The checked codes, those already saved first in their saved order (so that a
    re-save does not reorder them), then the new ones in the page order."""
    checked = list(dict.fromkeys(checked or []))
    return [c for c in previous or [] if c in checked] + [
        c for c in checked if c not in (previous or [])]


def _round(f, known, saved, index) -> dict | None:
    name = clean(f.name.data)
    if f.name.errors or not name:
        return None
    before = saved_item(saved, "name", name, index)
    # a place missing from the diagnosis is never saved (it stays pending with its error)
    places = [p for p in in_order(f.places.data, before.get("places")) if p in known]
    return {"name": name, "places": places, "slots": slots_of(f.slots, before.get("slots"))}


def _reinforcement(f, saved, index) -> dict | None:
    label = clean(f.label.data)
    if f.label.errors or not label:
        return None
    item = {"label": label}
    put(item, "weeks", f.weeks, lambda n: n)
    item["slots"] = slots_of(f.slots, saved_item(saved, "label", label, index).get("slots"))
    return item


def _indexed(fieldlist, build) -> list[dict]:
    """`build(subform, index)` for each entry, the Nones left out."""
    return [item for i, entry in enumerate(fieldlist.entries) if (item := build(entry.form, i))]


def _other_cost(f) -> dict | None:
    label = clean(f.label.data)
    if f.label.errors or not label:
        return None
    return compact({
        "label": label,
        "account": None if f.account.errors else clean(f.account.data),
        "amount": None if f.amount.errors or f.amount.data is None else amount_text(f.amount.data),
        "one_time": bool(f.one_time.data),
    })


def _fte(value: Decimal | None):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def save(doc: dict, form: InterventionForm) -> None:
    iv = section_of(doc, "intervention")
    put(iv, "employer", form.employer)
    if not form.qualification.errors:
        iv["qualification"] = in_order(form.qualification.data, iv.get("qualification"))
    known, saved = set(place_names(doc)), iv.get("rounds", [])
    iv["rounds"] = _indexed(form.rounds, lambda f, i: _round(f, known, saved, i))
    extras = iv.get("reinforcements", [])
    iv["reinforcements"] = _indexed(form.reinforcements, lambda f, i: _reinforcement(f, extras, i))
    put(iv, "weeks_per_year", form.weeks_per_year, lambda n: n)
    if not form.team_leader_fte.errors:
        iv["team_leader_fte"] = _fte(form.team_leader_fte.data)  # null: derived
    for key in ("recruitment_months", "new_mediators_to_train", "vehicles"):
        if not form[key].errors:
            iv[key] = form[key].data or 0
    iv["other_costs"] = items(form.other_costs, _other_cost)


def missing(doc: dict, params: Pinned) -> list[Missing]:
    iv = doc.get("intervention", {})
    out = []
    if not iv.get("employer"):
        out.append(Missing("Choisir l'employeur des médiateurs.", "employer"))
    rounds = iv.get("rounds", [])
    if not rounds:
        out.append(Missing("Décrire au moins une tournée : ses lieux et ses créneaux.", "rounds"))
    for i, round_ in enumerate(rounds):
        name = round_.get("name", f"n° {i + 1}")
        if not round_.get("places"):
            out.append(Missing(f"Tournée « {name} » : choisir au moins un lieu du diagnostic.",
                               f"rounds-{i}-places"))
        if not round_.get("slots"):
            out.append(Missing(f"Tournée « {name} » : ajouter au moins un créneau.",
                               f"rounds-{i}-slots"))
    if not iv.get("weeks_per_year"):
        out.append(Missing("Indiquer le nombre de semaines d'intervention par an.",
                           "weeks_per_year"))
    # what the costing needs to compute the budget
    for i, extra in enumerate(iv.get("reinforcements", [])):
        if not extra.get("weeks") or not extra.get("slots"):
            out.append(Missing(f"Renfort « {extra.get('label')} » : indiquer le nombre de "
                               "semaines et au moins un créneau.", f"reinforcements-{i}"))
    for i, cost in enumerate(iv.get("other_costs", [])):
        if not cost.get("account") or cost.get("amount") is None:
            out.append(Missing(f"Dépense « {cost.get('label')} » : indiquer le compte et le "
                               "montant.", f"other_costs-{i}"))
    return out


def _cost_text(cost: dict) -> str:
    account = cost.get("account")
    parts = [fr_money(cost["amount"]) if cost.get("amount") is not None else "montant à préciser",
             ACCOUNTS.get(account, f"compte {account}") if account else "compte à préciser"]
    if cost.get("one_time"):
        parts.append("ponctuelle (année 1 seulement)")
    return " — ".join(parts)


def _months(n: int) -> str:
    return "Aucun : équipe en poste dès le début" if not n else f"{n} mois"


def summarize(doc: dict, params: Pinned) -> list[Section]:
    iv = doc.get("intervention", {})
    leader = iv.get("team_leader_fte")
    weeks = iv.get("weeks_per_year")
    sections = [Section("Cadre", [
        ("Employeur", v.label("employers", iv["employer"]) if iv.get("employer") else None),
        ("Qualification", [v.label("qualifications", q) for q in iv.get("qualification", [])]
         or None),
        ("Mois de recrutement avant la prise de poste, année 1",
         _months(iv.get("recruitment_months") or 0)),
        ("Semaines d'intervention par an", f"{weeks} semaines" if weeks else None),
        ("Encadrement", "Calculé automatiquement" if leader is None
         else f"{number(leader, 2)} ETP"),
        ("Nouveaux médiateurs à former", str(iv.get("new_mediators_to_train", 0))),
        ("Véhicules", str(iv.get("vehicles", 0))),
    ])]
    for round_ in iv.get("rounds", []):
        sections.append(Section(f"Tournée « {round_.get('name')} »", [
            ("Lieux", round_.get("places") or None),
            ("Créneaux", schedule_lines(round_.get("slots"), mediators=True) or None),
        ]))
    for extra in iv.get("reinforcements", []):
        weeks = extra.get("weeks")
        sections.append(Section(f"Renfort « {extra.get('label')} »", [
            ("Durée", f"{weeks} semaine{'s' if weeks > 1 else ''} par an" if weeks else None),
            ("Créneaux", schedule_lines(extra.get("slots"), mediators=True) or None),
        ]))
    costs = iv.get("other_costs", [])
    sections.append(Section("Autres dépenses", [(c.get("label"), _cost_text(c)) for c in costs]
                            or [("Autres dépenses", "Aucune")]))
    return sections


def figures(doc: dict, params: Pinned) -> dict | None:
    """Weekly hours of the base rounds (presence, night, Sunday) and, when the intervention
    can be costed, yearly hours and FTE. None when no valid slot is entered yet."""
    values = reference_parameters(doc, params)
    try:
        night = parse_hhmm(values["night_start"]), parse_hhmm(values["night_end"])
    except (KeyError, ValueError):
        night = parse_hhmm(DEFAULT_PARAMETERS["night_start"]), parse_hhmm(
            DEFAULT_PARAMETERS["night_end"])
    slots = []
    for round_ in doc.get("intervention", {}).get("rounds", []):
        for s in round_.get("slots", []):
            try:
                start, end = parse_hhmm(s["start"]), parse_hhmm(s["end"])
            except (KeyError, ValueError):
                continue
            if start != end and s.get("day") in v.DAYS and isinstance(s.get("mediators"), int):
                slots.append(Slot(s["day"], start, end, s["mediators"]))
    if not slots:
        return None
    week = weekly_hours(slots, *night)
    out = {"weekly": week, "night_window": f"{values['night_start']}–{values['night_end']}"}
    try:
        inp = parse_costing_input({"years": 1, "intervention": doc.get("intervention", {}),
                                   "parameters": doc.get("parameters", {})}, values,
                                  params.costing_version)
        out["staffing"] = staffing(inp)
    except CostingInputError:
        out["staffing"] = None
    return out


def extra(doc: dict, form, params: Pinned) -> dict:
    """The live figures, the coverage table and the week grid of the saved document."""
    return {"figures": figures(doc, params), "coverage": coverage(doc), "week": week_grid(doc),
            "place_names": place_names(doc), "duration": duration_label, "day_labels": v.DAYS}


STEP = Step(
    slug="modalites",
    title="Modalités d'intervention",
    form=InterventionForm,
    load=load,
    save=save,
    missing=missing,
    summarize=summarize,
    prepare=prepare,
    extra=extra,
    action=cover_needs_action,
    intro="Qui emploie les médiateurs, où et quand ils interviennent — généralement en binôme, "
    "en présence active de proximité ou en permanence — et les moyens qui s'y ajoutent.",
)
