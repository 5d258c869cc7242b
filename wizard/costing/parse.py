"""Dossier JSON (its `years`, `intervention`, `parameters`, `funding`) → CostingInput.

Every problem is collected, each with its JSON path and a French message, and
raised together as one CostingInputError. Keys the costing does not use are
ignored (the dossier format's own schema check refuses unknown keys).
"""

from __future__ import annotations

import json
from decimal import Decimal

from wizard.costing.defaults import COSTING_SPECS_BY_KEY, OPTIONAL_KEYS, V2_KEYS
from wizard.costing.engine import funding_problems, staffing
from wizard.costing.errors import CostingInputError
from wizard.costing.fields import Problems
from wizard.costing.model import (
    EMPLOYERS,
    CostingInput,
    Funder,
    Funding,
    InKindContribution,
    Intervention,
    OtherCost,
    Parameters,
    Reinforcement,
    Round,
    Slot,
)

FUNDER_CATEGORIES = (
    "etat", "region", "departement", "epci", "commune", "organismes_sociaux",
    "fonds_europeens", "bailleur", "transport", "prive", "autre",
)
CHARGE_ACCOUNT_PREFIXES = ("60", "61", "62", "63", "64", "65", "66", "67", "68")
MAX_YEARS = 3


def _slot(p: Problems, raw, path: str) -> Slot | None:
    raw = p.object(raw, path)
    if raw is None:
        return None
    before = len(p.items)
    day = p.day(p.get(raw, "day", f"{path}.day"), f"{path}.day")
    start = p.time(p.get(raw, "start", f"{path}.start"), f"{path}.start")
    end = p.time(p.get(raw, "end", f"{path}.end"), f"{path}.end")
    mediators = p.integer(p.get(raw, "mediators", f"{path}.mediators"), f"{path}.mediators", 1, 20)
    if start is not None and start == end:
        p.add(f"{path}.end", f"la fin est égale au début ({raw['end']}) : créneau de durée nulle")
    if len(p.items) > before:
        return None
    return Slot(day, start, end, mediators)


def _slots(p: Problems, raw: dict, path: str) -> tuple[Slot, ...] | None:
    items = p.list(p.get(raw, "slots", f"{path}.slots"), f"{path}.slots")
    if items is None:
        return None
    slots = [_slot(p, item, f"{path}.slots[{i}]") for i, item in enumerate(items)]
    return None if None in slots else tuple(slots)


def _each(p: Problems, raw: dict, key: str, path: str, read) -> tuple | None:
    """Read the optional list raw[key] item by item with `read(p, item, item_path)`."""
    items = p.list(p.get(raw, key, f"{path}.{key}", []), f"{path}.{key}")
    if items is None:
        return None
    values = [read(p, item, f"{path}.{key}[{i}]") for i, item in enumerate(items)]
    return None if None in values else tuple(values)


def _round(p: Problems, raw, path: str) -> Round | None:
    raw = p.object(raw, path)
    if raw is None:
        return None
    name = p.text(p.get(raw, "name", f"{path}.name"), f"{path}.name")
    places = _each(p, raw, "places", path, lambda p, v, at: p.text(v, at))
    slots = _slots(p, raw, path)
    if name is None or places is None or slots is None:
        return None
    return Round(name, places, slots)


def _reinforcement(p: Problems, raw, path: str, max_weeks: int) -> Reinforcement | None:
    raw = p.object(raw, path)
    if raw is None:
        return None
    label = p.text(p.get(raw, "label", f"{path}.label"), f"{path}.label")
    weeks = p.integer(p.get(raw, "weeks", f"{path}.weeks"), f"{path}.weeks", 0, max_weeks)
    slots = _slots(p, raw, path)
    if label is None or weeks is None or slots is None:
        return None
    return Reinforcement(label, weeks, slots)


def _other_cost(p: Problems, raw, path: str) -> OtherCost | None:
    raw = p.object(raw, path)
    if raw is None:
        return None
    label = p.text(p.get(raw, "label", f"{path}.label"), f"{path}.label")
    account = p.text(p.get(raw, "account", f"{path}.account"), f"{path}.account")
    if account is not None and not (
        account.isdigit() and len(account) <= 8 and account[:2] in CHARGE_ACCOUNT_PREFIXES
    ):
        p.add(f"{path}.account", f"compte invalide « {account} », attendu un compte de charges "
                                 "de 60 à 68 (ex. « 613 »)")
        account = None
    amount = p.money(p.get(raw, "amount", f"{path}.amount"), f"{path}.amount")
    one_time = p.boolean(p.get(raw, "one_time", f"{path}.one_time", False), f"{path}.one_time")
    if None in (label, account, amount, one_time):
        return None
    return OtherCost(label, account, amount, one_time)


def _employer(p: Problems, raw: dict, path: str) -> str | None:
    value = p.get(raw, "employer", path, "association")
    if value in EMPLOYERS:
        return value
    shown = value if isinstance(value, str) else json.dumps(value)
    p.add(path, f"employeur inconnu « {shown} », attendu l'un de {', '.join(EMPLOYERS)}")
    return None


def _intervention(p: Problems, raw, rules: int) -> Intervention | None:
    path = "intervention"
    raw = p.object(p.get(raw, path, path), path)
    if raw is None:
        return None
    before = len(p.items)
    max_weeks = 53 if rules == 1 else 52  # v1 accepted a 53rd week
    weeks = p.integer(p.get(raw, "weeks_per_year", f"{path}.weeks_per_year"),
                      f"{path}.weeks_per_year", 1, max_weeks)
    employer = _employer(p, raw, f"{path}.employer")
    months = p.integer(p.get(raw, "recruitment_months", f"{path}.recruitment_months", 0),
                       f"{path}.recruitment_months", 0, 11)
    rounds = _each(p, raw, "rounds", path, _round)
    reinforcements = _each(p, raw, "reinforcements", path,
                           lambda p, v, at: _reinforcement(p, v, at, max_weeks))
    leader = p.decimal(p.get(raw, "team_leader_fte", f"{path}.team_leader_fte", None),
                       f"{path}.team_leader_fte", Decimal(0), Decimal(50), what="nombre d'ETP")
    to_train = p.integer(p.get(raw, "new_mediators_to_train", f"{path}.new_mediators_to_train",
                               0), f"{path}.new_mediators_to_train", 0, 200)
    vehicles = p.integer(p.get(raw, "vehicles", f"{path}.vehicles", 0), f"{path}.vehicles",
                         0, 50)
    others = _each(p, raw, "other_costs", path, _other_cost)
    if len(p.items) > before:
        return None
    return Intervention(weeks, rounds, reinforcements, leader, to_train, vehicles, others,
                        employer, months)


def _parameters(p: Problems, data: dict, defaults: dict[str, str],
                rules: int) -> Parameters | None:
    overrides = p.object(p.get(data, "parameters", "parameters", {}), "parameters")
    if overrides is None:
        return None
    before = len(p.items)
    for key in overrides:
        if key not in COSTING_SPECS_BY_KEY:
            p.add(f"parameters.{key}", f"paramètre inconnu « {key} »")
    values = {}
    for key, spec in COSTING_SPECS_BY_KEY.items():
        path = f"parameters.{key}"
        value = overrides.get(key, defaults.get(key))
        if value is None or value == "":
            if key not in OPTIONAL_KEYS and not (rules == 1 and key in V2_KEYS):
                p.add(path, "paramètre manquant dans les paramètres de référence")
        elif spec.kind == "time":
            values[key] = p.time(value, path)
        else:
            lo = Decimal(spec.min) if spec.min is not None else None
            hi = Decimal(spec.max) if spec.max is not None else None
            what = "montant" if spec.kind == "money" else "valeur"
            values[key] = p.decimal(value, path, lo, hi, what=what)
    if values.get("night_start") is not None and values["night_start"] == values.get("night_end"):
        p.add("parameters.night_end", "la fin de la nuit doit différer de son début")
    if rules == 1:
        _derived_rates_need(p, values)
    if len(p.items) > before:
        return None
    return Parameters(**values)


def _derived_rates_need(p: Problems, values: dict) -> None:
    """Rules 1 without an explicit rate: the parameters that derive it must be there."""
    if "employer_rate_mediator" in values and "employer_rate_team_leader" in values:
        return
    for key in ("employer_rate_public", "employer_rate_private", "smic_annual", "rgdu_tmin",
                "rgdu_tdelta", "rgdu_power"):
        if key not in values:
            p.add(f"parameters.{key}", "paramètre manquant dans les paramètres de référence")


def _funder(p: Problems, raw, path: str, years: int | None) -> Funder | None:
    raw = p.object(raw, path)
    if raw is None:
        return None
    name = p.text(p.get(raw, "name", f"{path}.name"), f"{path}.name")
    category = p.choice(p.get(raw, "category", f"{path}.category"), f"{path}.category",
                        FUNDER_CATEGORIES, "catégorie")
    amounts = _per_year(p, raw, path, years)
    if None in (name, category, amounts):
        return None
    return Funder(name, category, amounts)


def _per_year(p: Problems, raw: dict, path: str, years: int | None) -> tuple | None:
    """The `amounts` list of `raw`: one amount per year."""
    amounts = _each(p, raw, "amounts", path, lambda p, v, at: p.money(v, at))
    if amounts is not None and years is not None and len(amounts) != years:
        p.add(f"{path}.amounts", f"{years} montant(s) attendu(s), un par année, "
                                 f"{len(amounts)} reçu(s)")
        return None
    return amounts


def _in_kind(p: Problems, raw, path: str, years: int | None) -> InKindContribution | None:
    raw = p.object(raw, path)
    if raw is None:
        return None
    label = p.text(p.get(raw, "label", f"{path}.label", ""), f"{path}.label", required=False)
    partner = p.text(p.get(raw, "partner", f"{path}.partner", ""), f"{path}.partner",
                     required=False)
    amounts = _per_year(p, raw, path, years)
    if None in (label, partner, amounts):
        return None
    return InKindContribution(label, partner or None, amounts)


def _funding(p: Problems, data: dict, years: int | None) -> Funding | None:
    raw = p.object(p.get(data, "funding", "funding", {}), "funding")
    if raw is None:
        return None
    posts = p.integer(p.get(raw, "adultes_relais_posts", "funding.adultes_relais_posts", 0),
                      "funding.adultes_relais_posts", 0, 100)
    funders = _each(p, raw, "funders", "funding",
                    lambda p, v, at: _funder(p, v, at, years))
    in_kind = _each(p, raw, "in_kind", "funding", lambda p, v, at: _in_kind(p, v, at, years))
    if posts is None or funders is None or in_kind is None:
        return None
    return Funding(posts, funders, in_kind)


def _qpv_places(data: dict) -> dict[str, bool] | None:
    """{place name: QPV} of `diagnosis.places` (a place listed twice is QPV if any entry
    says so; a missing `qpv` means no), None when it lists no place. Entries without a
    name are left to the dossier's own validation."""
    diagnosis = data.get("diagnosis")
    places = diagnosis.get("places") if isinstance(diagnosis, dict) else None
    if not isinstance(places, list) or not places:
        return None
    out: dict[str, bool] = {}
    for place in places:
        if isinstance(place, dict) and isinstance(place.get("name"), str):
            out[place["name"]] = out.get(place["name"], False) or place.get("qpv") is True
    return out


def parse_costing_input(data: dict, defaults, rules: int | None = None) -> CostingInput:
    """Build a CostingInput from a dossier document, `parameters` merged over `defaults`
    (a {key: value} dict, or a `Pinned` that also gives the rules version).

    `rules` is the costing version (1 or 2; default: the Pinned's, else 2). Raises
    CostingInputError listing every problem (JSON path, French message), including the
    adultes-relais posts above the mediator headcount or with a contractor.
    """
    if hasattr(defaults, "costing_version"):
        rules = rules or defaults.costing_version
        defaults = defaults.values
    rules = rules or 2
    p = Problems()
    if not isinstance(data, dict):
        raise CostingInputError([("", "le document doit être un objet JSON")])
    years = p.integer(p.get(data, "years", "years"), "years", 1, MAX_YEARS)
    intervention = _intervention(p, data, rules)
    parameters = _parameters(p, data, defaults, rules)
    funding = _funding(p, data, years)
    places = _qpv_places(data)
    if intervention is not None and parameters is not None and funding is not None:
        probe = CostingInput(years or 1, intervention, parameters, funding, places, rules)
        p.items += funding_problems(probe, staffing(probe).mediator_headcount)
    if p.items:
        raise CostingInputError(p.items)
    return CostingInput(years, intervention, parameters, funding, places, rules)
