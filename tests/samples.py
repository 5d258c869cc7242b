"""Dossier documents for the PDF tests and benchmark: the complete Lille dossier, a big one
(50 places, 40 partners, 10 rounds, 3 years) and a hostile-text one."""

import copy
import functools
import json
from datetime import UTC, datetime
from pathlib import Path

from wizard.costing import DEFAULT_PARAMETERS
from wizard.document import normalise
from wizard.pdf import PdfInput, parameter_rows

COMPLETE = Path(__file__).resolve().parent / "data" / "dossier-complete.json"
OPERATOR = ("Préfecture de la région Hauts-de-France — Mission régionale d'appui à la "
            "médiation sociale")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

HOSTILE = [
    "<b>gras</b> <para>para</para> & </para><para> <font size=40>x</font> &amp; &#x41; <br/>",
    "Mot" + "x" * 10_000,
    "Fête réussie 🎉👨‍👩‍👧 ✔️ 🇫🇷",
    "مرحبا بكم في الحي — שלום לכולם",
    "contrôle\x00\x07\x1b[31m rouge\ttab\r\nligne\u2028séparée\u202edroite\ufeff",
    "",
]


@functools.cache
def _complete() -> dict:
    return json.loads(COMPLETE.read_text(encoding="utf-8"))


def complete_raw() -> dict:
    """A deep copy of tests/data/dossier-complete.json as stored (not normalised), the file
    being read once per process. Tests take it from the `complete_document` fixture; this is
    for module-level constants (parametrize, read-only tables of the browser tests)."""
    return copy.deepcopy(_complete())


def complete_document() -> dict:
    """The complete valid Lille dossier, normalised."""
    return normalise(complete_raw())


def pdf_input(document: dict, *, is_draft: bool = False, **changes) -> PdfInput:
    """A PdfInput for `document` as Lille (population 238 246), version 3."""
    values = dict(
        document=document, commune_name="Lille", commune_population=238246,
        state_label="Brouillon" if is_draft else "Validé", version=3, is_draft=is_draft,
        operator_name=OPERATOR, generated_at=datetime(2026, 11, 21, 10, 0, tzinfo=UTC),
        parameter_rows=parameter_rows(document, DEFAULT_PARAMETERS), dossier_id=12,
    )
    values.update(changes)
    return PdfInput(**values)


def big_document() -> dict:
    """50 places with need windows, 40 partners, 10 rounds of 6 slots, 3 years, 8 funders."""
    doc = complete_document()
    places = [{"name": f"Lieu n° {i + 1} — rue de la République", "kind": "rue_place",
               "qpv": i % 2 == 0, "priority": 1 + i % 3,
               "need_slots": [{"day": DAYS[(i + k) % 7], "start": f"{14 + k:02d}:00",
                               "end": f"{19 + k:02d}:30"} for k in range(3)]}
              for i in range(50)]
    doc["diagnosis"]["places"] = places
    doc["partners"] = [{"name": f"Partenaire n° {i + 1} — association de quartier",
                        "category": "association", "roles": ["operationnel", "orientation"],
                        "contribution_in_kind": "Prêt de salle" if i % 3 == 0 else "",
                        "agreement": "envisagee"} for i in range(40)]
    for partner in doc["partners"]:
        if not partner["contribution_in_kind"]:
            del partner["contribution_in_kind"]
    doc["intervention"]["rounds"] = [
        {"name": f"Tournée {i + 1}", "places": [places[(5 * i + k) % 50]["name"]
                                               for k in range(5)],
         "slots": [{"day": DAYS[(i + j) % 7], "start": f"{(14 + i) % 24:02d}:30",
                    "end": f"{(20 + i) % 24:02d}:00", "mediators": 2 + 2 * (j % 2)}
                   for j in range(6)]}
        for i in range(10)]
    doc["intervention"]["new_mediators_to_train"] = 12
    doc["funding"]["adultes_relais_posts"] = 6
    doc["funding"]["funders"] = [{"name": f"Financeur n° {i + 1}", "category": "autre",
                                  "amounts": ["5000.00", "5000.00", "4000.00"]}
                                 for i in range(8)]
    return doc


def hostile_document() -> dict:
    """The complete dossier with hostile text in every free-text field, the 10 000-character
    word in some of them, and long lists (100 objectives, 100 partners, 60 indicators)."""
    doc = complete_document()
    text = iter([h for h in HOSTILE if len(h) < 1000] * 100)
    doc["title"] = HOSTILE[0] + HOSTILE[2]
    doc["holder"]["name"] = HOSTILE[3]
    doc["territory"]["strategy_axis"] = HOSTILE[1]
    doc["diagnosis"]["summary"] = " ".join(HOSTILE)
    for problem in doc["diagnosis"]["problems"]:
        problem["evidence"], problem["source"] = next(text), next(text)
    renamed = {}
    for place in doc["diagnosis"]["places"]:
        renamed[place["name"]] = place["name"] + " " + HOSTILE[0] + HOSTILE[2]
        place["name"] = renamed[place["name"]]
    for round_ in doc["intervention"]["rounds"]:
        round_["name"] = HOSTILE[4] + round_["name"]
        round_["places"] = [renamed[name] for name in round_["places"]]
    doc["objectives"]["specific"] = [next(text) or "vide" for _ in range(20)]
    doc["objectives"]["specific"][7] = HOSTILE[1]
    doc["partners"] = [{"name": (next(text) or "vide") + f" {i}", "category": "autre",
                        "roles": ["operationnel"], "contribution_in_kind": HOSTILE[3]}
                       for i in range(60)]
    doc["partners"][3]["name"] = HOSTILE[1]
    doc["funding"]["funders"][0]["name"] = HOSTILE[2] + HOSTILE[0]
    doc["intervention"]["other_costs"][0]["label"] = HOSTILE[4]
    doc["evaluation"]["indicators"] = [
        {"name": next(text) or "vide", "kind": "activite", "baseline": next(text),
         "target": next(text), "source": HOSTILE[4], "frequency": "mensuelle"}
        for _ in range(60)]
    doc["evaluation"]["indicators"][0]["name"] = HOSTILE[1]
    doc["evaluation"]["difficulties"] = HOSTILE[1]
    doc["evaluation"]["suggestions"] = "\n".join(HOSTILE)
    return copy.deepcopy(doc)
