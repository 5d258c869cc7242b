"""The national list of the quartiers prioritaires (QPV): import and look-ups.

The list is the CSV the ANCT publishes on data.gouv.fr (« Quartiers prioritaires de la
politique de la ville (QPV) », resource « Liste des quartiers prioritaires de la politique de
la ville 2024 (format CSV) »): one line per QPV, separated by semicolons, with the columns

    code_qp;lib_qp;insee_reg;lib_reg;insee_dep;lib_dep;insee_com;lib_com;siren_epci;lib_epci

where `insee_com` holds the INSEE code of each commune the QPV lies in, written as an Excel
formula (`="59350"`, `="13055;13070"` for a QPV across two communes). Only `code_qp`, `lib_qp`
and `insee_com` are read; the columns may come in any order, commas also separate, and a QPV
repeated on several lines collects all their communes.

The import is all or nothing: every bad line is reported with its line number and nothing is
written; then an idempotent upsert keyed on the code. QPVs absent from the file are kept
(documents may name them).
"""

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from wizard.db import db
from wizard.models.qpv import Qpv, QpvCommune

COLUMNS = ("code_qp", "lib_qp", "insee_com")
CODE = re.compile(r"^QN([0-9]{3}|02[AB])[0-9]{2,3}[MNI]$")
INSEE = re.compile(r"^([0-9]{5}|2[AB][0-9]{3})$")
_FORMULA = re.compile(r'^="?(.*?)"?$')
_CODES_SEPARATOR = re.compile(r"[;,\s]+")
NAME_MAX = 200


class QpvImportError(Exception):
    """The file cannot be imported; `problems` are French lines « ligne n : … »."""

    def __init__(self, message: str, problems: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.problems = problems or []


@dataclass
class QpvReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _communes(value: str) -> list[str]:
    """`="13055;13070"` or `13055, 13070` → ['13055', '13070']."""
    value = value.strip()
    match = _FORMULA.match(value) if value.startswith("=") else None
    value = match[1] if match else value.strip('"')
    return [code.upper() for code in _CODES_SEPARATOR.split(value) if code]


def read_qpvs(text: str) -> dict[str, tuple[str, list[str]]]:
    """{code: (name, INSEE codes)} from the file's text; QpvImportError lists every bad line."""
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise QpvImportError("Fichier vide : la première ligne doit nommer les colonnes "
                             f"({', '.join(COLUMNS)}).")
    delimiter = ";" if lines[0].count(";") >= lines[0].count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader)]
    absent = [c for c in COLUMNS if c not in header]
    if absent:
        raise QpvImportError(
            f"Ligne 1 : colonne(s) absente(s) : {', '.join(absent)}. Attendu l'en-tête de la "
            "liste nationale des QPV (code_qp;lib_qp;…;insee_com;…).")
    where = {c: header.index(c) for c in COLUMNS}
    found: dict[str, tuple[str, list[str]]] = {}
    problems = []
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) <= max(where.values()):
            problems.append(f"ligne {line} : {len(row)} colonnes au lieu de {len(header)}.")
            continue
        code = row[where["code_qp"]].strip().upper()
        name = " ".join(row[where["lib_qp"]].split())
        communes = _communes(row[where["insee_com"]])
        faults = []
        if not CODE.match(code):
            faults.append(f"code QPV invalide « {code} » (attendu QN, département sur "
                          "3 caractères, numéro et lettre N, M ou I, ex. QN05926M)")
        if not name:
            faults.append("nom du quartier (lib_qp) vide")
        elif len(name) > NAME_MAX:
            faults.append(f"nom du quartier trop long ({NAME_MAX} caractères au plus)")
        bad = [c for c in communes if not INSEE.match(c)]
        if not communes or bad:
            faults.append(f"code(s) INSEE invalide(s) dans insee_com : « {', '.join(bad) or '(vide)'} »")
        if faults:
            problems.append(f"ligne {line} : {' ; '.join(faults)}.")
            continue
        previous = found.get(code, (name, []))[1]
        found[code] = (name, list(dict.fromkeys(previous + communes)))
    if problems:
        raise QpvImportError(f"{len(problems)} ligne(s) invalide(s) : rien n'a été importé.",
                             problems)
    return found


def import_qpvs(path) -> QpvReport:
    """Read `path` and upsert its QPVs (the caller commits). Raises QpvImportError."""
    path = Path(path)
    try:
        text = _decode(path.read_bytes())
    except FileNotFoundError:
        raise QpvImportError(f"Fichier introuvable : {path}") from None
    except OSError as exc:
        raise QpvImportError(f"Lecture impossible de {path} : {exc.strerror or exc}") from None
    rows = read_qpvs(text)
    existing = {q.code: q for q in db.session.scalars(
        select(Qpv).where(Qpv.code.in_(rows)).options(selectinload(Qpv.communes)))}
    report = QpvReport()
    for code, (name, communes) in rows.items():
        qpv = existing.get(code)
        if qpv is None:
            db.session.add(Qpv(code=code, name=name,
                               communes=[QpvCommune(insee_code=c) for c in communes]))
            report.created += 1
            continue
        current = [c.insee_code for c in qpv.communes]
        if qpv.name == name and sorted(current) == sorted(communes):
            report.unchanged += 1
            continue
        qpv.name = name
        qpv.communes = [c for c in qpv.communes if c.insee_code in communes] + [
            QpvCommune(insee_code=c) for c in communes if c not in current]
        report.updated += 1
    db.session.flush()
    return report


def of_commune(insee_code: str | None) -> dict[str, str]:
    """{code: « name (code) »} of the QPVs lying in the commune, by name (one query)."""
    if not insee_code:
        return {}
    rows = db.session.execute(
        select(Qpv.code, Qpv.name).join(QpvCommune).where(QpvCommune.insee_code == insee_code)
        .order_by(Qpv.name, Qpv.code))
    return {code: f"{name} ({code})" for code, name in rows}
