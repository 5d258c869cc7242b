"""Dossier documents at the limits of docs/dossier.schema.json, for the PDF limit tests and
the PDF benchmark: many funders, every list at its maximum count, and the worst case (every
list at its maximum count and every text at its maximum length). All are schema-valid
(`wizard.document.validate` returns no problem) and can be costed; `maximal_document(count=
100)` puts 100 items in every list whatever the schema says."""

from __future__ import annotations

from itertools import cycle, islice
from zlib import crc32

from tests.samples import DAYS, complete_document
from wizard.document import load_schema

WORDS = ("médiation", "sociale", "quartier", "habitants", "tranquillité", "publique",
         "présence", "soirée", "commerces", "gare", "parc", "jeunes", "familles", "bailleur",
         "signalement", "convention", "partenaires", "diagnostic", "évaluation", "écoute",
         "relais", "orientation", "veille", "apaisement")


def limit(name: str) -> int:
    """The schema's maxLength of a text kind (`title_text`, `short_text`, `long_text`…)."""
    return load_schema()["$defs"][name]["maxLength"]


def max_items(path: str = "funding.funders") -> int:
    """The schema's maxItems of a list: a property path (`diagnosis.places`, `partners`) or
    a list of an item of `$defs` (`place.need_slots`, `round.slots`)."""
    schema = load_schema()
    first, *rest = path.split(".")
    node = schema["$defs"][first] if first in schema["$defs"] else schema["properties"][first]
    for key in rest:
        node = node["properties"][key]
    return node["maxItems"]


# Fillers of the texts: French words, or what is hardest to lay out.
KINDS = ("words", "breaks", "wide", "unbroken", "mixed")
HARD = ("breaks", "wide", "unbroken")


def text(length: int, key: object = "", kind: str = "words") -> str:
    """`length` characters starting with `key` (to make the text unique), then French
    words, or line breaks only (« breaks »), the widest glyph (« wide »: « W » without
    spaces, « unbroken »: one run of « m » without spaces), or one of these three chosen
    by the key (« mixed »)."""
    out = f"{key} " if key != "" else ""
    if kind == "mixed":
        kind = HARD[crc32(str(key).encode()) % len(HARD)]
    if kind != "words":
        filler = {"breaks": "\n", "wide": "W", "unbroken": "m"}[kind]
        return (out + filler * length)[:length]
    words = islice(cycle(WORDS), crc32(str(key).encode()) % len(WORDS), None)
    while len(out) < length:
        out += next(words) + " "
    return out[:length - 1].rstrip() + "." if length > 1 else out[:length]


def _slots(n: int, seed: int, mediators: int | None) -> list[dict]:
    slots = []
    for k in range(n):
        start = (seed * 7 + k * 5) % 24
        slot = {"day": DAYS[(seed + k) % 7], "start": f"{start:02d}:{15 * (k % 4):02d}",
                "end": f"{(start + 1 + k % 9) % 24:02d}:{15 * ((k + 1) % 4):02d}"}
        if mediators is not None:
            slot["mediators"] = 1 + (seed + k) % mediators
        slots.append(slot)
    return slots


def many_funders_document(n: int | None = None) -> dict:
    """The complete Lille dossier with `n` (default: the schema's maximum) funders."""
    doc = complete_document()
    n = max_items() if n is None else n
    years = doc["years"]
    doc["funding"]["funders"] = [
        {"name": f"Financeur n° {i + 1} — fondation d'entreprise", "category": "prive",
         "amounts": [f"{1000 + 10 * i}.00"] * years} for i in range(n)]
    return doc


def maximal_document(*, long_texts: bool = True, kind: str = "words",
                     count: int | None = None) -> dict:
    """Every list of the dossier at its maximum count in the schema, or at `count` items
    (target groups, missions, domains and qualifications hold each code once: their items
    are unique codes), weeks, meetings, vehicles, posts and mediators to train at their
    maximum (the team leader at the costing's 50 FTE), and with `long_texts` every text at
    its maximum length (the worst case the schema allows); otherwise short texts. `kind`
    chooses the texts' filler."""
    filler = kind

    def n(path: str) -> int:
        return max_items(path) if count is None else count

    schema = load_schema()
    props, defs = schema["properties"], schema["$defs"]

    def t(kind: str, key: object, short: int = 30) -> str:
        return text(limit(kind) if long_texts else short, key, filler)

    def codes(enum_holder: dict) -> list[str]:
        return list(enum_holder["items"]["enum"])

    doc = complete_document()
    doc["title"] = t("title_text", "Titre")
    doc["holder"].update(name=t("title_text", "Porteur"),
                         contact_name=t("title_text", "Contact"))
    doc["territory"]["neighbourhoods"] = [
        {"name": t("name_text", f"Quartier {i + 1}"), "qpv_code": f"QN059{i % 100:02d}M"}
        for i in range(n("territory.neighbourhoods"))]
    doc["territory"]["strategy_axis"] = t("short_text", "Axe")
    diagnosis = doc["diagnosis"]
    diagnosis["summary"] = t("long_text", "Synthèse", 200)
    kinds = defs["problem"]["properties"]["kind"]["enum"]
    diagnosis["problems"] = [
        {"kind": kinds[i % len(kinds)], "severity": 1 + i % 3,
         "evidence": t("long_text", f"Constat {i + 1}", 120),
         "source": t("short_text", f"Source {i + 1}")} for i in range(n("diagnosis.problems"))]
    diagnosis["target_groups"] = codes(props["diagnosis"]["properties"]["target_groups"])
    place_kinds = defs["place"]["properties"]["kind"]["enum"]
    diagnosis["places"] = [
        {"name": t("name_text", f"Lieu {i + 1}"), "kind": place_kinds[i % len(place_kinds)],
         "qpv": i % 2 == 0, "priority": 1 + i % 3,
         "need_slots": _slots(n("place.need_slots"), i, None)}
        for i in range(n("diagnosis.places"))]
    names = [place["name"] for place in diagnosis["places"]][:n("round.places")]
    objectives = doc["objectives"]
    objectives["missions"] = codes(props["objectives"]["properties"]["missions"])
    objectives["domains"] = codes(props["objectives"]["properties"]["domains"])
    objectives["specific"] = [t("short_text", f"Objectif {i + 1}")
                              for i in range(n("objectives.specific"))]
    categories = defs["partner"]["properties"]["category"]["enum"]
    doc["partners"] = [
        {"name": t("name_text", f"Partenaire {i + 1}"),
         "category": categories[i % len(categories)],
         "roles": codes(defs["partner"]["properties"]["roles"]),
         "contact": t("short_text", f"Contact {i + 1}"),
         "contribution_in_kind": t("short_text", f"En nature {i + 1}"),
         "agreement": ("envisagee", "en_cours", "signee")[i % 3]}
        for i in range(n("partners"))]
    doc["governance"] = {"steering_body": t("title_text", "Pilotage"), "meetings_per_year": 52}
    iv = doc["intervention"]
    iv["qualification"] = codes(props["intervention"]["properties"]["qualification"])
    iv["weeks_per_year"] = 52
    iv["rounds"] = [{"name": t("name_text", f"Tournée {i + 1}"), "places": names,
                     "slots": _slots(n("round.slots"), i, 20)}
                    for i in range(n("intervention.rounds"))]
    iv["reinforcements"] = [{"label": t("name_text", f"Renfort {i + 1}"), "weeks": 52,
                             "slots": _slots(n("reinforcement.slots"), i + 3, 20)}
                            for i in range(n("intervention.reinforcements"))]
    iv["team_leader_fte"] = 50  # the costing's maximum (the schema allows 100)
    iv["new_mediators_to_train"] = 100
    iv["vehicles"] = 50
    iv["other_costs"] = [
        {"label": t("name_text", f"Dépense {i + 1}"), "account": f"6{i % 9}{i:04d}"[:6],
         "amount": "999999999.99", "one_time": i % 2 == 0}
        for i in range(n("intervention.other_costs"))]
    funder_categories = defs["funder"]["properties"]["category"]["enum"]
    doc["funding"] = {
        "adultes_relais_posts": 50,
        "funders": [{"name": t("name_text", f"Financeur {i + 1}"),
                     "category": funder_categories[i % len(funder_categories)],
                     "amounts": ["999999999.99"] * doc["years"]}
                    for i in range(n("funding.funders"))]}
    indicator = defs["indicator"]["properties"]
    doc["evaluation"] = {
        "indicators": [
            {"name": t("name_text", f"Indicateur {i + 1}"),
             "kind": indicator["kind"]["enum"][i % len(indicator["kind"]["enum"])],
             "baseline": t("short_text", f"Départ {i + 1}"),
             "target": t("short_text", f"Cible {i + 1}"),
             "source": t("short_text", f"Source {i + 1}"),
             "frequency": indicator["frequency"]["enum"][i % len(indicator["frequency"]["enum"])]}
            for i in range(n("evaluation.indicators"))],
        "difficulties": t("long_text", "Difficultés", 200),
        "suggestions": t("long_text", "Suggestions", 200)}
    return doc
