"""Step 2 — Diagnostic des besoins: summary, problems, target groups, places and their need slots
(forms in `wizard.steps.diagnosis_forms`); a place may be linked to a QPV of the commune.

The places are named: intervention rounds refer to them by name
(`intervention.rounds[].places`), so names are unique (ignoring case) and a place renamed here
is renamed in the rounds too. A deleted place is left in the rounds: the intervention step
reports it.
"""

from wizard.costing import Pinned
from wizard.document import vocabulary as v
from wizard.forms import clean
from wizard.steps.base import Missing, Section, Step, compact, items, put, section_of
from wizard.steps.diagnosis_forms import (  # noqa: F401 (the step's names)
    DUPLICATE_NAME,
    NAMELESS_PLACE,
    DiagnosisForm,
    PlaceForm,
    ProblemForm,
)
from wizard.steps.schedule import rows_of, saved_item, schedule_lines, slots_of
from wizard.steps.territory import qpv_options


def prepare(form: DiagnosisForm, dossier, params: Pinned, user) -> None:
    """Offer the commune's QPVs, and those the document names, to the places."""
    doc = dossier.document
    named = [n.get("qpv_code") for n in (doc.get("territory") or {}).get("neighbourhoods") or []
             if isinstance(n, dict)]
    named += [p.get("qpv_code") for p in (doc.get("diagnosis") or {}).get("places") or []
              if isinstance(p, dict)]
    form.offer_qpvs(qpv_options(dossier, *named))


def load(doc: dict) -> dict:
    """The form data: the diagnosis part of the document as it is."""
    diagnosis = doc.get("diagnosis", {})
    return {
        "summary": diagnosis.get("summary"),
        "problems": diagnosis.get("problems", []),
        "target_groups": diagnosis.get("target_groups", []),
        "places": [{**place, "need_slots": rows_of(place.get("need_slots"))}
                   for place in diagnosis.get("places", [])],
    }


def _valid(f, convert=clean):
    """The field's value if it validated, else None (the item is saved without it)."""
    return None if f.errors else convert(f.data)


def _problem(f: ProblemForm) -> dict | None:
    if f.kind.errors or clean(f.kind.data) is None:
        return None
    return compact({"kind": clean(f.kind.data), "severity": _valid(f.severity, lambda n: n),
                    "evidence": _valid(f.evidence), "source": _valid(f.source)})


def _place(f: PlaceForm, saved: list, index: int) -> dict | None:
    """A named place; `qpv` follows the QPV it is linked to (or the box, with no list)."""
    if f.name.errors or clean(f.name.data) is None:
        return None
    before = saved_item(saved, "name", clean(f.name.data), index).get("need_slots")
    code = _valid(f.qpv_code)
    return compact({"name": clean(f.name.data), "kind": _valid(f.kind),
                    "qpv": bool(code) or bool(f.qpv.data), "qpv_code": code,
                    "priority": _valid(f.priority, lambda n: n),
                    "need_slots": slots_of(f.need_slots, before)})


def save(doc: dict, form: DiagnosisForm) -> None:
    """Write the valid answers; invalid items (bad time, duplicate or missing name) are left
    out and stay pending. A place renamed in place is renamed in the intervention rounds."""
    diagnosis = section_of(doc, "diagnosis")
    before = [p.get("name") for p in diagnosis.get("places") or [] if isinstance(p, dict)]
    put(diagnosis, "summary", form.summary)
    diagnosis["problems"] = items(form.problems, _problem)
    previous = diagnosis.get("target_groups") or []
    put(diagnosis, "target_groups", form.target_groups, lambda xs: _in_order(previous, xs or []))
    diagnosis["target_groups"] = diagnosis.get("target_groups", [])
    saved = diagnosis.get("places") or []
    diagnosis["places"] = [place for i, entry in enumerate(form.places.entries)
                           if (place := _place(entry.form, saved, i))]
    rename_in_rounds(doc, renames(before, [p["name"] for p in diagnosis["places"]]))


def _in_order(previous: list, selected: list) -> list:
    """The selected codes, those already saved first in their saved order (the page sends
    them in display order; re-saving unchanged answers must not change the document)."""
    kept = [code for code in previous if code in selected]
    return kept + [code for code in selected if code not in kept]


def renames(before: list, after: list) -> dict[str, str]:
    """{old name: new name} for the places renamed at the same position: the old name is
    gone and the new one did not exist. A place deleted or added shifts the positions but
    never matches, since the names on both sides still exist."""
    return {old: new for old, new in zip(before, after)
            if isinstance(old, str) and old != new and old not in after and new not in before}


def rename_in_rounds(doc: dict, mapping: dict[str, str]) -> None:
    """Apply `mapping` to every round's place names (keeping them unique)."""
    if not mapping or not isinstance(doc.get("intervention"), dict):
        return
    for round_ in doc["intervention"].get("rounds") or []:
        if isinstance(round_, dict) and isinstance(round_.get("places"), list):
            round_["places"] = list(dict.fromkeys(mapping.get(p, p) for p in round_["places"]))


def missing(doc: dict, params: Pinned) -> list[Missing]:
    """Submission needs a summary, a problem, a target group, a place, and for each place at
    least one time when mediation is needed."""
    diagnosis = doc.get("diagnosis", {})
    out = []
    if not diagnosis.get("summary"):
        out.append(Missing("Rédiger la synthèse du diagnostic.", "summary"))
    if not diagnosis.get("problems"):
        out.append(Missing("Décrire au moins un problème constaté.", "problems"))
    if not diagnosis.get("target_groups"):
        out.append(Missing("Choisir au moins un public cible.", "target_groups"))
    places = diagnosis.get("places") or []
    if not places:
        out.append(Missing("Déclarer au moins un lieu d'intervention.", "places"))
    for i, place in enumerate(places):
        if not place.get("need_slots"):
            out.append(Missing(f"Indiquer au moins un créneau de besoin pour le lieu "
                               f"« {place.get('name')} ».", f"places-{i}-need_slots"))
    return out


def _qpv_text(place: dict) -> str:
    """« Oui — QN05926M », « Oui » or « Non »."""
    if not place.get("qpv"):
        return "Non"
    return f"Oui — {place['qpv_code']}" if place.get("qpv_code") else "Oui"


def _coded(list_name: str, code):
    return v.label(list_name, code) if code is not None else None


def summarize(doc: dict, params: Pinned) -> list[Section]:
    """« Synthèse », then one section per problem and one per place."""
    diagnosis = doc.get("diagnosis", {})
    problems = diagnosis.get("problems") or []
    places = diagnosis.get("places") or []
    overview = [
        ("Synthèse du diagnostic", diagnosis.get("summary")),
        ("Publics cibles", [v.label("target_groups", g) for g in diagnosis.get("target_groups", [])]
         or None),
    ]
    if not problems:
        overview.append(("Problèmes constatés", None))
    if not places:
        overview.append(("Lieux d'intervention", None))
    sections = [Section("Synthèse", overview)]
    for i, problem in enumerate(problems, 1):
        sections.append(Section(f"Problème {i} — {v.label('problem_kinds', problem.get('kind'))}", [
            ("Gravité", _coded("severities", problem.get("severity"))),
            ("Constats", problem.get("evidence")),
            ("Source", problem.get("source")),
        ]))
    for i, place in enumerate(places, 1):
        sections.append(Section(f"Lieu {i} — {place.get('name')}", [
            ("Nom", place.get("name")),
            ("Type de lieu", _coded("place_kinds", place.get("kind"))),
            ("Quartier prioritaire (QPV)", _qpv_text(place)),
            ("Priorité", _coded("priorities", place.get("priority"))),
            ("Besoins de présence", schedule_lines(place.get("need_slots")) or None),
        ]))
    return sections


STEP = Step(
    slug="diagnostic",
    title="Diagnostic des besoins",
    form=DiagnosisForm,
    load=load,
    save=save,
    missing=missing,
    summarize=summarize,
    prepare=prepare,
    intro="Les problèmes constatés, les publics et les lieux où la médiation est attendue, et "
    "à quels moments.",
)
