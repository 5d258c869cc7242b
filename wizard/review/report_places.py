"""The year's activity per place in a year-end report: for each place of the dossier's
diagnosis, the hours of presence, the interventions, the people met and the orientations
(all optional), beside the year's totals.

Stored in the report's content as `activity.places`: [{"place": name, "hours": "12.5",
"interventions": 3, "people": 40, "orientations": 2}], only the places with a figure, found
again by name (pure)."""

from __future__ import annotations

from decimal import Decimal

from wizard.formats import number

KEYS = ("hours", "interventions", "people", "orientations")
LABELS = {"hours": "Heures", "interventions": "Interventions", "people": "Personnes rencontrées",
          "orientations": "Orientations"}


def place_names(document: dict) -> list[str]:
    """The diagnosis's places by name, in order, each once."""
    places = ((document or {}).get("diagnosis") or {}).get("places") or []
    names = [str(p.get("name")).strip() for p in places if isinstance(p, dict) and p.get("name")]
    return list(dict.fromkeys(n for n in names if n))


def stored(content: dict) -> dict[str, dict]:
    """The stored figures by place name."""
    rows = ((content or {}).get("activity") or {}).get("places") or []
    return {r["place"]: r for r in rows if isinstance(r, dict) and isinstance(r.get("place"), str)}


def decimal(value) -> Decimal | None:
    try:
        return None if value in (None, "") else Decimal(str(value))
    except ArithmeticError:
        return None


def rows(document: dict, content: dict) -> list[dict]:
    """One row per place of the dossier with its figures (Decimal or None), then the places
    the report names that the dossier no longer has (renamed since)."""
    given = stored(content)
    names = place_names(document)
    names += [n for n in given if n not in names]
    return [{"place": n, **{k: decimal(given.get(n, {}).get(k)) for k in KEYS}} for n in names]


def filled(rows_: list[dict]) -> list[dict]:
    return [r for r in rows_ if any(r[k] is not None for k in KEYS)]


def totals(rows_: list[dict]) -> dict[str, Decimal | None]:
    """The sum of each figure over the places that give it (None when none does)."""
    out = {}
    for key in KEYS:
        values = [r[key] for r in rows_ if r[key] is not None]
        out[key] = sum(values, Decimal(0)) if values else None
    return out


def text(key: str, value) -> str:
    """A figure as read: hours with two decimals unless whole (« 40,50 », « 12 »), counts
    whole; '' for None (the year's totals and the places' figures alike)."""
    if value is None:
        return ""
    return number(value, 2 if key == "hours" else 0).removesuffix(",00")


def problems(content: dict, document: dict) -> list[tuple[str, str]]:
    """(field, message) for each year total below the sum of its places."""
    activity = (content or {}).get("activity") or {}
    sums = totals(rows(document, content))
    out = []
    for key in KEYS:
        total = decimal(activity.get(key))
        if total is not None and sums[key] is not None and sums[key] > total:
            out.append((key, f"La somme des lieux ({text(key, sums[key])}) dépasse le total "
                             f"de l'année ({text(key, total)})."))
    return out
