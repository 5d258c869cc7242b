"""The programming table of a committee: for the dossiers a prefecture's agent receives,
one row per dossier and funding scheme — holder, commune, QPVs, the amounts requested,
proposed to the committee and granted over the project's years, the state and the mission's
opinion, and where the year-end reports stand (`report_calendar`, decided or agreed dossiers
only).

Five queries whatever the number of dossiers: the dossiers (commune, opinion), their
parameter sets with their values (the adultes-relais aid is costed with them), the
decisions, the proposals, the reports."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import contains_eager, selectinload

from wizard.db import db
from wizard.formats import paris_today
from wizard.models import Decision, Dossier, Instruction, ParameterSet
from wizard.permissions import RECEIVABLE
from wizard.review.decisions import requested
from wizard.review.proposals import proposals_by_dossier
from wizard.review.report_calendar import document_calendar, states_by_dossier
from wizard.review.reports import OPEN_STATES


@dataclass(frozen=True)
class ProgrammingRow:
    dossier_id: int
    department: str
    holder: str
    commune: str
    title: str
    qpvs: str
    scheme: str
    requested: Decimal
    granted: Decimal | None  # None before the decision (or refused: see `refused`)
    refused: bool
    state: str
    opinion: str
    opinion_reason: str
    proposed: Decimal | None = None  # the amounts proposed to the committee, None before
    report: str = ""  # the most urgent year-end report (« Année 1 : en retard »)


def _qpvs(document: dict) -> str:
    """The QPVs the dossier names: its neighbourhoods with a QPV code."""
    names = []
    for n in (document.get("territory") or {}).get("neighbourhoods") or []:
        if isinstance(n, dict) and n.get("qpv_code"):
            names.append(f"{n.get('name') or ''} ({n['qpv_code']})".strip())
    return ", ".join(names)


def programming_rows(departments, today=None) -> list[ProgrammingRow]:
    """The rows for the dossiers of `departments`, by department, commune, title, scheme;
    `today` (Paris by default, `formats.paris_today`) dates the year-end reports."""
    today = today or paris_today()
    dossiers = db.session.execute(
        select(Dossier, Instruction)
        .join(Dossier.commune)
        .outerjoin(Instruction, Instruction.dossier_id == Dossier.id)
        .options(contains_eager(Dossier.commune),
                 selectinload(Dossier.parameter_set).selectinload(ParameterSet.parameters))
        .where(Dossier.state.in_(list(RECEIVABLE)), Dossier.department.in_(list(departments)))
        .order_by(Dossier.department, Dossier.commune_id, Dossier.title, Dossier.id)
    ).all()
    taken = defaultdict(list)
    if dossiers:
        for d in db.session.scalars(select(Decision).where(
                Decision.dossier_id.in_([d.id for d, _ in dossiers]))):
            taken[d.dossier_id].append(d)
    proposals = proposals_by_dossier([d.id for d, _ in dossiers])
    states = states_by_dossier([d.id for d, _ in dossiers if d.state in OPEN_STATES])
    rows = []
    for dossier, instruction in dossiers:
        by_scheme = defaultdict(lambda: [Decimal(0), Decimal(0), 0, 0])  # req, granted, n, refused
        for (scheme, _year), amount in requested(dossier).items():
            by_scheme[scheme][0] += amount
        if taken[dossier.id]:
            by_scheme = defaultdict(lambda: [Decimal(0), Decimal(0), 0, 0])
            for d in taken[dossier.id]:  # what was decided on, as it was requested then
                line = by_scheme[d.scheme]
                line[0] += d.requested
                line[1] += d.granted or 0
                line[2] += 1
                line[3] += d.granted is None
        proposed = defaultdict(Decimal)
        for p in proposals.get(dossier.id, ()):
            proposed[p.scheme] += p.proposed
        holder = (dossier.document.get("holder") or {}).get("name") or ""
        opinion = instruction.opinion if instruction is not None else None
        report = (document_calendar(dossier.document, states[dossier.id], today).text
                  if dossier.state in OPEN_STATES else "")
        for scheme, (asked, granted, decided, refused) in by_scheme.items():
            rows.append(ProgrammingRow(
                dossier.id, dossier.department or "", holder, dossier.commune.name,
                dossier.title, _qpvs(dossier.document), scheme, asked,
                granted if decided else None, bool(decided) and refused == decided,
                dossier.state.label, opinion.label if opinion else "",
                (instruction.opinion_reason or "") if instruction is not None else "",
                proposed=proposed.get(scheme), report=report))
        if not by_scheme:
            rows.append(ProgrammingRow(
                dossier.id, dossier.department or "", holder, dossier.commune.name,
                dossier.title, _qpvs(dossier.document), "", Decimal(0), None, False,
                dossier.state.label, opinion.label if opinion else "",
                (instruction.opinion_reason or "") if instruction is not None else "",
                report=report))
    return rows
