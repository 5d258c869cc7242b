"""The programming table as the committee reads it on screen: the rows of
`review.programming.programming_rows` (one per dossier and scheme) grouped per department
and dossier — the dossier's facts once, then one line per scheme with its amounts — and the
totals per department and scheme (and for the whole table when it covers several
departments). The CSV and the PDF keep the flat rows."""

from dataclasses import dataclass, field
from decimal import Decimal

from wizard.review.programming import ProgrammingRow


@dataclass
class Line:
    """The amounts of one scheme (of a dossier, or totalled); `scheme` is "" for a dossier
    that requests nothing."""

    scheme: str
    requested: Decimal = Decimal(0)
    proposed: Decimal | None = None  # None: nothing proposed (yet)
    granted: Decimal | None = None  # None: not decided (yet)
    refused: bool = False

    def add(self, row: ProgrammingRow) -> None:
        """Add a dossier's amounts to this total: the known ones only (a dossier without a
        proposal or a decision adds nothing to those columns)."""
        self.requested += row.requested
        if row.proposed is not None:
            self.proposed = (self.proposed or Decimal(0)) + row.proposed
        if row.granted is not None:
            self.granted = (self.granted or Decimal(0)) + row.granted


@dataclass
class DossierGroup:
    facts: ProgrammingRow  # the dossier's first row: holder, commune, QPVs, state, opinion…
    lines: list[Line] = field(default_factory=list)


@dataclass
class Totals:
    code: str  # the department, "" for the whole table
    dossiers: int = 0
    lines: dict[str, Line] = field(default_factory=dict)  # by scheme, in order of appearance

    def add(self, row: ProgrammingRow) -> None:
        if row.scheme:
            self.lines.setdefault(row.scheme, Line(row.scheme)).add(row)


@dataclass
class Department:
    code: str
    dossiers: list[DossierGroup] = field(default_factory=list)
    total: Totals | None = None  # set by committee_sheet


def committee_sheet(rows: list[ProgrammingRow]) -> tuple[list[Department], Totals | None]:
    """The departments in the rows' order, each with its dossiers and totals; the overall
    totals when there are several departments, else None."""
    departments: dict[str, Department] = {}
    overall = Totals("")
    last = None
    for row in rows:
        department = departments.get(row.department)
        if department is None:
            department = departments[row.department] = Department(
                row.department, total=Totals(row.department))
        if last is None or last.facts.dossier_id != row.dossier_id:
            last = DossierGroup(row)
            department.dossiers.append(last)
            department.total.dossiers += 1
            overall.dossiers += 1
        if row.scheme:
            last.lines.append(Line(row.scheme, row.requested, row.proposed, row.granted,
                                   row.refused))
        department.total.add(row)
        overall.add(row)
    return list(departments.values()), overall if len(departments) > 1 else None
