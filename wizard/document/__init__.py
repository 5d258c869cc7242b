"""The dossier document: the one representation of a dossier's content (interchange format v2).

A document is a plain JSON-compatible dict (docs/dossier-format.md). This module
creates, upgrades, validates and normalises it; the JSON Schema is docs/dossier.schema.json
and the text-length limits live there (see `text_limits()`). Pure: no Flask, no database.
"""

import copy
import json
import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker

from wizard.document.checks import cross_field, items, translate

FORMAT = "mediation-dossier"
VERSION = 2
SCHEMA_PATH = Path(__file__).resolve().parents[2] / "docs" / "dossier.schema.json"
DEFAULT_TITLE = "Médiation sociale dans les espaces publics"
# A year has 52 weeks; a full-time post takes 5 weeks of paid leave, so the team covers 47.
DEFAULT_WEEKS_PER_YEAR = 47
# The most items any list of the document holds (the largest `maxItems` of the schema; each
# list has its own bound, see list_limits()).
MAX_ITEMS = 100

# Reference parameters expressed in euros docs/costing.md: normalised like money.
MONEY_PARAMETERS = frozenset({
    "mediator_gross_annual", "team_leader_gross_annual", "initial_training_cost",
    "continuous_training_per_fte", "equipment_per_new_mediator", "phone_annual_per_mediator",
    "vehicle_annual_cost", "adultes_relais_aid_per_post", "smic_annual",
})

CENT = Decimal("0.01")
_PLAIN_AMOUNT = re.compile(r"[0-9]+(\.[0-9]+)?")
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class Problem:
    """One problem in a document: a JSON path (`diagnosis.places[2].name`, '' for the whole
    document) and a French message."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path or 'document'} : {self.message}"


class DocumentError(Exception):
    """A document that cannot be accepted; `problems` lists every reason (may be one)."""

    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.message = message
        self.problems = list(problems or [])

    def __str__(self) -> str:
        return "\n".join([self.message, *(f"- {p}" for p in self.problems)])


@cache
def load_schema() -> dict:
    """The JSON Schema of the format (docs/dossier.schema.json), read once. Do not mutate it."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(load_schema(), format_checker=FormatChecker())


def text_limits() -> dict[str, int]:
    """Maximum lengths of the text kinds (`title_text`, `short_text`, `long_text`…), from the
    schema, so forms can set their `maxlength` from the one place they are defined."""
    defs = load_schema()["$defs"]
    return {name: d["maxLength"] for name, d in defs.items() if d.get("type") == "string"
            and "maxLength" in d}


def list_limits() -> dict[str, int]:
    """The most items each list of the schema accepts, by path: « diagnosis.places »,
    « partners », and « place.need_slots », « round.slots »… for the lists inside a
    `$defs` item. The forms read their row limits here (one definition)."""
    schema, out = load_schema(), {}

    def walk(node: dict, path: str) -> None:
        for key, sub in (node.get("properties") or {}).items():
            where = f"{path}.{key}" if path else key
            if sub.get("type") == "array" and "maxItems" in sub:
                out[where] = sub["maxItems"]
            walk(sub, where)

    walk(schema, "")
    for name, definition in schema["$defs"].items():
        walk(definition, name)
    return out


def new_document(insee_code: str, title: str = DEFAULT_TITLE, years: int = 3,
                 start_date: date | str | None = None) -> dict:
    """A minimal valid draft for the commune `insee_code`, with empty lists and defaults.

    Raises DocumentError if the arguments make an invalid document (e.g. a bad INSEE code).
    """
    doc = {
        "format": FORMAT,
        "version": VERSION,
        "title": title,
        "years": years,
        "commune": {"insee_code": insee_code},
        "diagnosis": {"problems": [], "target_groups": [], "places": []},
        "objectives": {"missions": [], "domains": [], "specific": []},
        "partners": [],
        "intervention": {
            "qualification": [],
            "weeks_per_year": DEFAULT_WEEKS_PER_YEAR,
            "rounds": [],
            "reinforcements": [],
            "recruitment_months": 0,
            "team_leader_fte": None,
            "new_mediators_to_train": 0,
            "vehicles": 0,
            "other_costs": [],
        },
        "parameters": {},
        "funding": {"adultes_relais_posts": 0, "funders": [], "in_kind": []},
        "evaluation": {"indicators": []},
    }
    if start_date is not None:
        doc["start_date"] = start_date.isoformat() if isinstance(start_date, date) else start_date
    problems = validate(doc)
    if problems:
        raise DocumentError("Impossible de créer le dossier.", problems)
    return doc


def json_path(parts) -> str:
    """`['diagnosis', 'places', 2, 'name']` → `diagnosis.places[2].name`."""
    path = ""
    for part in parts:
        if isinstance(part, int):
            path += f"[{part}]"
        elif _IDENTIFIER.match(str(part)):
            path += f".{part}" if path else str(part)
        else:
            path += f"[{json.dumps(str(part), ensure_ascii=False)}]"
    return path


def validate(doc) -> list[Problem]:
    """Every problem of `doc`, one Problem each: schema problems in the order of the format,
    then cross-field rules. An empty list means valid. Never raises on bad input.

    A value breaking several schema rules gets one message (the first: type, then pattern…).
    """
    problems = {}
    for error in _validator().iter_errors(doc):  # in schema order: format, version, title…
        for parts, message in translate(error):
            problems.setdefault(json_path(parts), Problem(json_path(parts), message))
    problems = list(problems.values())
    problems.extend(Problem(path, message) for path, message in cross_field(doc))
    return list(dict.fromkeys(problems))


def amount_text(value) -> str:
    """A money amount (string or number, in euros) as a two-decimal string (ROUND_HALF_UP).

    Raises ValueError on something that is not an amount.
    """
    if isinstance(value, bool) or not isinstance(value, (str, int, float, Decimal)):
        raise ValueError(f"montant invalide : {value!r}")
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValueError(f"montant invalide : {value!r}") from None
    if not amount.is_finite():
        raise ValueError(f"montant invalide : {value!r}")
    return str(amount.quantize(CENT, rounding=ROUND_HALF_UP))


def _money_or_same(value):
    if isinstance(value, str) and not _PLAIN_AMOUNT.fullmatch(value):
        return value  # "1e3", " 12", "12,50": left for validate() to report
    try:
        return amount_text(value)
    except ValueError:
        return value  # left for validate() to report


def _sorted(value):
    if isinstance(value, dict):
        return {k: _sorted(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [_sorted(v) for v in value]
    return value


def normalise(doc: dict) -> dict:
    """A normalised deep copy of `doc`: keys sorted at every level, every money field
    (other_costs[].amount, funders[].amounts[], in_kind[].amounts[], euro parameters) as a
    two-decimal string.

    Idempotent; values that are not amounts are left for `validate()` to report.
    """
    doc = copy.deepcopy(doc)
    if isinstance(doc, dict):
        for cost in items(doc.get("intervention"), "other_costs"):
            if "amount" in cost:
                cost["amount"] = _money_or_same(cost["amount"])
        for key in ("funders", "in_kind"):
            for funder in items(doc.get("funding"), key):
                if isinstance(funder.get("amounts"), list):
                    funder["amounts"] = [_money_or_same(a) for a in funder["amounts"]]
        parameters = doc.get("parameters")
        if isinstance(parameters, dict):
            for key in MONEY_PARAMETERS & parameters.keys():
                parameters[key] = _money_or_same(parameters[key])
    return _sorted(doc)


def _v1_to_v2(doc: dict) -> dict:
    """Version 2 only adds optional fields (`intervention.recruitment_months`,
    `funding.in_kind`, `funding.funders[].status`): a version-1 document is a version-2 one
    as it is. A partner's `contribution_in_kind` text stays; its value is unknown."""
    return doc


# Upgrade functions: UPGRADES[n] turns a version-n document into version n + 1 (a dict in,
# a new dict out). Stored documents are upgraded when loaded (wizard.models.dossier), files
# when imported (`accept`).
UPGRADES: dict = {1: _v1_to_v2}


def upgrade(doc) -> dict:
    """`doc` brought to VERSION by applying UPGRADES in turn (a new dict; input untouched).

    Raises DocumentError (French message) if `doc` is not a dossier document, its version is
    unknown or newer than this application's.
    """
    if not isinstance(doc, dict):
        raise DocumentError("Le fichier ne contient pas un dossier (objet JSON attendu).")
    if doc.get("format") != FORMAT:
        raise DocumentError(
            f"Format inconnu : « {doc.get('format', '')} » ; attendu « {FORMAT} ».",
            [Problem("format", f"doit valoir « {FORMAT} »")])
    version = doc.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise DocumentError(f"Version du format invalide : {version!r}.",
                            [Problem("version", "nombre entier attendu (1 ou plus)")])
    if version > VERSION:
        raise DocumentError(
            f"Ce dossier est au format version {version}, plus récent que celui que "
            f"l’application connaît (version {VERSION}) : mettez l’application à jour.",
            [Problem("version", f"{VERSION} au maximum")])
    doc = copy.deepcopy(doc)
    for n in range(version, VERSION):
        doc = UPGRADES[n](doc)
        doc["version"] = n + 1
    return doc


def accept(doc) -> dict:
    """What import does to a file's content: upgrade, validate, normalise.

    Returns the normalised document; raises DocumentError listing every problem, so that
    nothing is written for an invalid file.
    """
    doc = upgrade(doc)
    problems = validate(doc)
    if problems:
        plural = "s" if len(problems) > 1 else ""
        raise DocumentError(f"Le dossier contient {len(problems)} erreur{plural} :", problems)
    return normalise(doc)


def dumps(doc: dict) -> str:
    """The export form of a document: normalised, sorted, indented UTF-8 JSON text."""
    return json.dumps(normalise(doc), ensure_ascii=False, indent=2) + "\n"
