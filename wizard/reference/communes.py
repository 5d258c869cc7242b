"""The commune list: search key, import from @etalab/decoupage-administratif, search.

The import is an idempotent upsert keyed on (insee_code, kind): current communes,
associated and delegated communes (attached to their parent through ``chefLieu``) and
the municipal districts of Paris, Lyon and Marseille (attached through ``commune``).
Communes that disappear from the file are left in place: dossiers may point at them.
"""

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import bindparam, case, delete, func, insert, or_, select, update
from sqlalchemy.orm import aliased, selectinload

from wizard.db import db
from wizard.models.commune import Commune, PostalCode

CURRENT = "commune-actuelle"
KINDS = (CURRENT, "commune-associee", "commune-deleguee", "arrondissement-municipal")
ATTACHED_KINDS = ("commune-associee", "commune-deleguee")
EPCI_FIELDS = ("epci_code", "epci_name")
FIELDS = ("name", "search_name", "department", "region", "population", *EPCI_FIELDS)
PARENT_FIELD = {  # where each kind names its current commune
    "commune-associee": "chefLieu",
    "commune-deleguee": "chefLieu",
    "arrondissement-municipal": "commune",
}
SEARCH_LIMIT = 20

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss"})
_INSEE = re.compile(r"^(\d{5}|2[AB]\d{3})$", re.IGNORECASE)
_POSTAL_PREFIX = re.compile(r"^\d{2,4}$")


class CommuneImportError(Exception):
    """The commune or EPCI file cannot be imported; the message is in French."""


@dataclass
class ImportReport:
    """What an import did: rows created, updated, unchanged, and how many were attached."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    current: int = 0  # communes actuelles in the file
    attached: int = 0  # associated or delegated communes linked to their parent
    districts: int = 0  # arrondissements municipaux
    skipped: int = 0  # rows of an unknown type


def search_key(text: str) -> str:
    """Lowercase, unaccented, every run of punctuation or spaces folded to one space.

    « L'Haÿ-les-Roses » → « l hay les roses »; « Saint-Étienne » → « saint etienne ».
    """
    text = unicodedata.normalize("NFKD", (text or "").lower().translate(_LIGATURES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _NON_ALNUM.sub(" ", text).strip()


# --- reading and validating -------------------------------------------------------------


def _load_json(path) -> object:
    path = Path(path)
    try:
        with path.open(encoding="utf-8") as handle:
            return json.load(handle)
    except FileNotFoundError:
        raise CommuneImportError(f"Fichier introuvable : {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CommuneImportError(f"Lecture impossible de {path} : {exc}") from None
    except json.JSONDecodeError as exc:
        raise CommuneImportError(
            f"JSON invalide dans {path} (ligne {exc.lineno}, colonne {exc.colno}) : {exc.msg}"
        ) from None


def _load_list(path) -> list:
    data = _load_json(path)
    if not isinstance(data, list):
        raise CommuneImportError(f"{Path(path)} doit contenir une liste JSON, pas un objet.")
    return data


def _fault(path, index: int, message: str) -> CommuneImportError:
    return CommuneImportError(f"{Path(path).name}, élément n° {index + 1} : {message}")


def _text(row: dict, index: int, field: str, path, max_length: int) -> str:
    if not isinstance(row, dict):
        raise _fault(path, index, "un objet JSON est attendu.")
    value = row.get(field)
    if not isinstance(value, str) or not value.strip():
        raise _fault(path, index, f"champ « {field} » manquant ou vide.")
    if len(value.strip()) > max_length:
        raise _fault(path, index, f"champ « {field} » trop long ({max_length} caractères au plus).")
    return value.strip()


def _optional(row: dict, index: int, field: str, path, max_length: int) -> str | None:
    return _text(row, index, field, path, max_length) if row.get(field) is not None else None


def _read_epci(path) -> dict[str, tuple[str, str]]:
    """INSEE code of each member commune → (EPCI SIREN code, EPCI name)."""
    members = {}
    for index, epci in enumerate(_load_list(path)):
        code, name = _text(epci, index, "code", path, 9), _text(epci, index, "nom", path, 200)
        for member in epci.get("membres") or []:
            if isinstance(member, dict) and isinstance(member.get("code"), str):
                members[member["code"]] = (code, name)
    return members


def _read_communes(path, epci: dict) -> tuple[dict, ImportReport]:
    """Validated rows keyed by (insee_code, kind); raises CommuneImportError on the first fault."""
    rows, report = {}, ImportReport()
    for index, raw in enumerate(_load_list(path)):
        code = _text(raw, index, "code", path, 5)
        name = _text(raw, index, "nom", path, 200)
        kind = _text(raw, index, "type", path, 30)
        if kind not in KINDS:
            report.skipped += 1
            continue
        if (code, kind) in rows:
            raise _fault(path, index, f"{code} ({kind}) figure deux fois.")
        population = raw.get("population")
        postal_codes = raw.get("codesPostaux") or []
        if not isinstance(postal_codes, list) or not all(
            isinstance(p, str) and len(p) == 5 for p in postal_codes
        ):
            raise _fault(path, index, "champ « codesPostaux » invalide.")
        parent_code = raw.get(PARENT_FIELD.get(kind, ""))
        rows[(code, kind)] = {
            "insee_code": code,
            "kind": kind,
            "name": name,
            "search_name": search_key(name),
            "department": _optional(raw, index, "departement", path, 3),
            "region": _optional(raw, index, "region", path, 3),
            "population": population if isinstance(population, int) else None,
            "epci_code": epci.get(code, (None, None))[0],
            "epci_name": epci.get(code, (None, None))[1],
            "parent_code": parent_code if isinstance(parent_code, str) else None,
            "postal_codes": set(postal_codes),
        }
    for row in rows.values():  # attached communes are not EPCI members: they share the parent's
        parent = rows.get((row["parent_code"], CURRENT)) if row["parent_code"] else None
        if parent is not None and row["epci_code"] is None:
            row["epci_code"], row["epci_name"] = parent["epci_code"], parent["epci_name"]
    return rows, report


# --- writing ----------------------------------------------------------------------------


def import_communes(path, epci_path=None) -> ImportReport:
    """Create or update every commune of `path` (and EPCI of `epci_path`) in one transaction.

    Without `epci_path`, the EPCI columns of existing communes are left as they are.
    Both files are read and validated before anything is written; on CommuneImportError or
    a database error the session is rolled back and nothing changes. On success the session
    is committed. Re-running with the same files changes nothing.
    """
    epci = _read_epci(epci_path) if epci_path is not None else {}
    rows, report = _read_communes(path, epci)
    # without an EPCI file, existing EPCI columns are kept rather than cleared
    fields = FIELDS if epci_path is not None else tuple(f for f in FIELDS if f not in EPCI_FIELDS)
    try:
        _write(rows, report, fields)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return report


def _write(rows: dict, report: ImportReport, fields: tuple) -> None:
    table = Commune.__table__
    by_id = table.c.id == bindparam("b_id")
    existing = {
        (r.insee_code, r.kind): r
        for r in db.session.execute(
            select(table.c.id, table.c.insee_code, table.c.kind, *(table.c[f] for f in fields))
        )
    }
    new, changed, touched = [], [], set()
    for key, row in rows.items():
        values = {f: row[f] for f in fields}
        old = existing.get(key)
        if old is None:
            new.append({f: row[f] for f in ("insee_code", "kind", *FIELDS)})
        elif any(getattr(old, f) != v for f, v in values.items()):
            changed.append({"b_id": old.id, **values})
            touched.add(key)
    if new:
        db.session.execute(insert(table), new)
    if changed:
        db.session.execute(update(table).where(by_id), changed)

    # second pass, once every row has an id: parents, then postal codes
    ids = {
        (r.insee_code, r.kind): (r.id, r.parent_id)
        for r in db.session.execute(
            select(table.c.id, table.c.insee_code, table.c.kind, table.c.parent_id)
        )
    }
    parents = []
    for key, row in rows.items():
        commune_id, old_parent_id = ids[key]
        parent_id = ids.get((row["parent_code"], CURRENT), (None,))[0]
        if row["kind"] in ATTACHED_KINDS and parent_id is not None:
            report.attached += 1
        if old_parent_id != parent_id:
            parents.append({"b_id": commune_id, "parent_id": parent_id})
            touched.add(key)
    if parents:
        db.session.execute(update(table).where(by_id), parents)
    touched |= _write_postal_codes(rows, ids)

    report.created = len(new)
    report.updated = len({key for key in touched if key in existing})
    report.unchanged = len(rows) - report.created - report.updated
    report.current = sum(1 for _, kind in rows if kind == CURRENT)
    report.districts = sum(1 for _, kind in rows if kind == "arrondissement-municipal")


def _write_postal_codes(rows: dict, ids: dict) -> set:
    """Replace each commune's postal codes by the file's; returns the keys that changed."""
    table = PostalCode.__table__
    current: dict[int, set] = {}
    for commune_id, code in db.session.execute(select(table.c.commune_id, table.c.code)):
        current.setdefault(commune_id, set()).add(code)
    added, removed, touched = [], [], set()
    for key, row in rows.items():
        commune_id = ids[key][0]
        before = current.get(commune_id, set())
        if before != row["postal_codes"]:
            touched.add(key)
            added += [{"commune_id": commune_id, "code": c} for c in row["postal_codes"] - before]
            removed += [{"b_id": commune_id, "b_code": c} for c in before - row["postal_codes"]]
    if removed:
        statement = delete(table).where(
            table.c.commune_id == bindparam("b_id"), table.c.code == bindparam("b_code")
        )
        db.session.execute(statement, removed)
    if added:
        db.session.execute(insert(table), added)
    return touched


# --- search -----------------------------------------------------------------------------


def search_communes(q: str, limit: int = SEARCH_LIMIT) -> list[Commune]:
    """Communes matching `q`, most populous first, at most `limit` (20 by default).

    Five digits (or 2A/2B + 3 digits): exact INSEE or postal code. Two to four digits:
    postal-code prefix. Otherwise names starting with `q`, then names with a later word
    starting with `q`, ignoring case, accents and punctuation. Attached communes rank with
    their parent's population; parents and postal codes are loaded with the results.
    """
    q = (q or "").strip()
    postal = select(PostalCode.commune_id)
    if _INSEE.match(q):
        code = q.upper()
        first = Commune.insee_code == code
        condition = or_(first, Commune.id.in_(postal.where(PostalCode.code == code)))
    elif _POSTAL_PREFIX.match(q):
        condition = Commune.id.in_(postal.where(PostalCode.code.like(q + "%")))
        first = None
    else:
        key = search_key(q)
        if not key:
            return []
        condition = or_(Commune.search_name.like(key + "%"), Commune.search_name.like(f"% {key}%"))
        first = Commune.search_name.like(key + "%")
    parent = aliased(Commune)
    statement = (
        select(Commune)
        .outerjoin(parent, Commune.parent_id == parent.id)
        .where(condition)
        .options(selectinload(Commune.parent), selectinload(Commune.postal_codes))
        .limit(limit)
    )
    if first is not None:
        statement = statement.order_by(case((first, 0), else_=1))
    statement = statement.order_by(
        func.coalesce(Commune.population, parent.population).desc().nulls_last(),
        case((Commune.kind == CURRENT, 0), else_=1),
        Commune.name,
    )
    return list(db.session.scalars(statement))

