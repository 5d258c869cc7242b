"""The calendar of the year-end reports (comptes rendus financiers) of a granted project.

Legal basis: the holder of a subsidy deposits the compte rendu financier of the subsidised
action « dans les six mois suivant la fin de l'exercice pour lequel elle a été attribuée »
(loi n° 2000-321 du 12 avril 2000, art. 10; arrêté du 11 octobre 2006 relatif au compte
rendu financier, cerfa 15059).

For a decided or agreed dossier (`reports.OPEN_STATES`) whose document says `start_date`
and `years` (1 to 3), project year N runs from start_date + (N-1) years up to, not
including, start_date + N years (its « fin »). Its report is:

- « à venir » until the year has ended (the last day of the year included);
- « attendu » from its end (start_date + N years);
- « en retard » when not deposited within six months after the end: from start_date + N
  years + 6 months (a project started on 1 January 2027: year 1 ends on 31 December 2027,
  the report is expected from 1 January 2028 and late from 1 July 2028);
- « déposé », « accepté », « compléments demandés » as its `Report` row says, whatever the
  date (a draft counts as not deposited).

A dossier without a readable start date has no calendar: « date de début non renseignée ».
Today is always an argument (the views pass `formats.paris_today()`). The calendar itself
is pure; `load` reads what it needs for many dossiers in one statement.
"""

from __future__ import annotations

import calendar as _calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from sqlalchemy import select

from wizard.db import db
from wizard.models import Dossier, Report, ReportState
from wizard.review.reports import OPEN_STATES

DELAY_MONTHS = 6  # loi n° 2000-321 du 12 avril 2000, art. 10
NO_START = "date de début non renseignée"


class ReportStatus(StrEnum):
    """A project year's report, most urgent first (the order of `URGENCY`)."""

    LATE = "en_retard"
    DUE = "attendu"
    CHANGES = "a_completer"
    SUBMITTED = "depose"
    ACCEPTED = "accepte"
    UPCOMING = "a_venir"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    ReportStatus.LATE: "en retard",
    ReportStatus.DUE: "attendu",
    ReportStatus.CHANGES: "compléments demandés",
    ReportStatus.SUBMITTED: "déposé",
    ReportStatus.ACCEPTED: "accepté",
    ReportStatus.UPCOMING: "à venir",
}
URGENCY = list(ReportStatus)  # the definition order: en retard first, à venir last
FROM_STATE = {
    ReportState.SUBMITTED: ReportStatus.SUBMITTED,
    ReportState.ACCEPTED: ReportStatus.ACCEPTED,
    ReportState.CHANGES_REQUESTED: ReportStatus.CHANGES,
}


def add_months(day: date, months: int) -> date:
    """The same day `months` later, the month's last day when it has no such day
    (29 February + 12 months is 28 February)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, _calendar.monthrange(year, month)[1]))


def start_of(value) -> date | None:
    """The document's `start_date` (ISO text) as a date, None when missing or unreadable."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value) if isinstance(value, str) and value else None
    except ValueError:
        return None


def years_count(value) -> int:
    """The project's years (1 to 3; 1 when missing or out of range, as `reports.years_of`)."""
    try:
        years = int(value)
    except (TypeError, ValueError):
        return 1
    return years if 1 <= years <= 3 else 1


@dataclass(frozen=True)
class YearReport:
    year: int
    status: ReportStatus
    due_on: date  # the day after the year's last day
    late_on: date  # the first day the report is late
    starts_on: date  # the project year's first day

    @property
    def text(self) -> str:
        return f"Année {self.year} : {self.status.label}"

    @property
    def ends_on(self) -> date:
        """The project year's last day."""
        return self.due_on - timedelta(days=1)

    @property
    def deadline(self) -> date:
        """The last day to deposit the report on time."""
        return self.late_on - timedelta(days=1)

    @property
    def pending(self) -> bool:
        """Not deposited yet (a draft, compléments demandés excepted: it was deposited)."""
        return self.status in (ReportStatus.UPCOMING, ReportStatus.DUE, ReportStatus.LATE)


@dataclass(frozen=True)
class Calendar:
    """The reports of one dossier's project years (empty when `start` is missing)."""

    years: tuple[YearReport, ...] = ()
    start: date | None = None

    @property
    def most_urgent(self) -> YearReport | None:
        return min(self.years, key=lambda y: (URGENCY.index(y.status), y.year), default=None)

    @property
    def text(self) -> str:
        """« Année 1 : en retard », or « date de début non renseignée »."""
        if self.start is None:
            return NO_START
        return self.most_urgent.text if self.most_urgent else ""

    def count(self, status: ReportStatus) -> int:
        return sum(1 for y in self.years if y.status is status)

    @property
    def needs_attention(self) -> bool:
        """A report late or expected (the dashboard's filter)."""
        return any(y.status in (ReportStatus.LATE, ReportStatus.DUE) for y in self.years)


def year_status(start: date, year: int, state: ReportState | None, today: date) -> YearReport:
    due_on = add_months(start, 12 * year)
    late_on = add_months(start, 12 * year + DELAY_MONTHS)
    if state in FROM_STATE:
        status = FROM_STATE[state]
    elif today < due_on:
        status = ReportStatus.UPCOMING
    elif today < late_on:
        status = ReportStatus.DUE
    else:
        status = ReportStatus.LATE
    return YearReport(year, status, due_on, late_on, add_months(start, 12 * (year - 1)))


def calendar_of(start_date, years, states: dict[int, ReportState], today: date) -> Calendar:
    """The calendar from the document's `start_date` and `years` and the reports' states by
    project year (pure)."""
    start = start_of(start_date)
    if start is None:
        return Calendar()
    return Calendar(tuple(year_status(start, n, states.get(n), today)
                          for n in range(1, years_count(years) + 1)), start)


def document_calendar(document: dict | None, states: dict[int, ReportState],
                      today: date) -> Calendar:
    document = document if isinstance(document, dict) else {}
    return calendar_of(document.get("start_date"), document.get("years"), states, today)


@dataclass
class Loaded:
    """What `load` reads of one decided or agreed dossier."""

    department: str | None
    start_date: object = None
    years: object = None
    states: dict[int, ReportState] = field(default_factory=dict)

    def calendar(self, today: date) -> Calendar:
        return calendar_of(self.start_date, self.years, self.states, today)


def load(*where) -> dict[int, Loaded]:
    """The decided or agreed dossiers matching `where` (e.g. `Dossier.id.in_(ids)`) with
    their start date, years and reports' states: one statement, without the documents."""
    rows = db.session.execute(
        select(Dossier.id, Dossier.department, Dossier.document["start_date"].as_string(),
               Dossier.document["years"].as_string(), Report.year, Report.state)
        .outerjoin(Report, Report.dossier_id == Dossier.id)
        .where(Dossier.state.in_([s.value for s in OPEN_STATES]), *where))
    found: dict[int, Loaded] = {}
    for id_, department, start, years, year, state in rows:
        item = found.setdefault(id_, Loaded(department, start, years))
        if year is not None:
            item.states[year] = ReportState(state)
    return found


def calendars(today: date, *where) -> dict[int, Calendar]:
    """The calendar of each decided or agreed dossier matching `where` (one statement)."""
    return {id_: item.calendar(today) for id_, item in load(*where).items()}


def states_by_dossier(ids) -> dict[int, dict[int, ReportState]]:
    """The reports' states by dossier and year, for dossiers whose document is loaded."""
    found = defaultdict(dict)
    if ids:
        for dossier_id, year, state in db.session.execute(
                select(Report.dossier_id, Report.year, Report.state)
                .where(Report.dossier_id.in_(list(ids)))):
            found[dossier_id][year] = ReportState(state)
    return found
