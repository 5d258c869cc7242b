"""The regional summary (« Synthèse régionale »): per department, the projects, their
mediators' FTE, the amounts granted per funding scheme and the year-end reports expected
or late, with bar charts and a table of the same figures.

Three statements whatever the number of dossiers: the precomputed counts and FTE per state
and department (`dossier_totals`), the granted amounts of the `decisions` per department
and scheme (every project year of each decision, refusals counting nothing), and the
decided dossiers' start dates and reports (`review.report_calendar.load`; the reports are
counted per project year: a third chart pairs the reports expected and late per department,
drawn by `web.charts.paired_bars`).

- « Projets »: the dossiers submitted at least once and still alive (neither drafts, nor
  withdrawn, nor ended by the mission); « dont financés »: those decided or agreed;
- « ETP de médiateurs »: the sum of the projects' `mediator_fte` list column (the costing's
  mediator FTE of the project, `operations.sync_columns`).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from flask import render_template
from sqlalchemy import func, select

from wizard.adviser import bp
from wizard.db import db
from wizard.document.vocabulary import FUNDING_SCHEMES
from wizard.formats import money, number, paris_today
from wizard.models import Decision, Dossier, DossierState, DossierTotals
from wizard.models.stats import NO_DEPARTMENT
from wizard.reference.departments import department_label
from wizard.review.report_calendar import ReportStatus, load
from wizard.web.charts import paired_bars

NOT_PROJECTS = frozenset({DossierState.DRAFT, DossierState.WITHDRAWN, DossierState.CLOSED})
FUNDED = frozenset({DossierState.DECIDED, DossierState.AGREED})
SHORT_SCHEMES = {"fipd": "FIPD", "adultes_relais": "Adultes-relais",
                 "politique_ville": "Politique de la ville", "departement": "Département",
                 "epci": "Intercommunalité", "bailleur": "Bailleurs", "transport": "Transport",
                 "autre": "Autres"}
CHART_WIDTH = 640  # the SVG's size; narrower on a phone (app.css)
LABEL_WIDTH, VALUE_ROOM, BAR_HEIGHT, ROW_HEIGHT = 170, 130, 18, 28


@dataclass
class Row:
    """One department's figures (or the region's total)."""

    code: str
    label: str
    projects: int = 0
    funded: int = 0
    fte: Decimal = Decimal(0)
    funded_fte: Decimal = Decimal(0)
    granted: dict[str, Decimal] = field(default_factory=dict)  # by scheme
    reports_due: int = 0  # year-end reports « attendus »
    reports_late: int = 0  # and « en retard » (report_calendar)

    @property
    def granted_total(self) -> Decimal:
        return sum(self.granted.values(), Decimal(0))

    def add(self, other: "Row") -> None:
        self.projects += other.projects
        self.funded += other.funded
        self.fte += other.fte
        self.funded_fte += other.funded_fte
        self.reports_due += other.reports_due
        self.reports_late += other.reports_late
        for scheme, amount in other.granted.items():
            self.granted[scheme] = self.granted.get(scheme, Decimal(0)) + amount


@dataclass
class Summary:
    rows: list[Row]
    total: Row
    schemes: list[str]  # the schemes with a decision, in FUNDING_SCHEMES order

    def scheme_label(self, scheme: str) -> str:
        return SHORT_SCHEMES.get(scheme, FUNDING_SCHEMES.get(scheme, scheme))


def regional_summary(today=None) -> Summary:
    """The figures per department, sorted by code, and their total (three statements);
    `today` (Paris by default) dates the reports."""
    today = today or paris_today()
    rows: dict[str, Row] = {}

    def row(code) -> Row:
        code = code or NO_DEPARTMENT
        if code not in rows:
            rows[code] = Row(code, department_label(code))
        return rows[code]

    counts = db.session.execute(
        select(DossierTotals.department, DossierTotals.state,
               DossierTotals.dossiers, DossierTotals.mediator_fte)
        .where(DossierTotals.state.not_in([s.value for s in NOT_PROJECTS]),
               DossierTotals.dossiers > 0))
    for department, state, dossiers, fte in counts:
        r = row(department)
        r.projects += dossiers
        r.fte += fte or 0
        if state in {s.value for s in FUNDED}:
            r.funded += dossiers
            r.funded_fte += fte or 0
    granted = db.session.execute(
        select(Dossier.department, Decision.scheme, func.sum(Decision.granted))
        .join(Dossier, Dossier.id == Decision.dossier_id)
        .where(Decision.granted.is_not(None))
        .group_by(Dossier.department, Decision.scheme))
    used = set()
    for department, scheme, amount in granted:
        if amount:
            row(department).granted[scheme] = Decimal(amount)
            used.add(scheme)
    for item in load().values():
        calendar = item.calendar(today)
        r = row(item.department)
        r.reports_due += calendar.count(ReportStatus.DUE)
        r.reports_late += calendar.count(ReportStatus.LATE)
    ordered = sorted(rows.values(), key=lambda r: (r.code == NO_DEPARTMENT, r.code))
    total = Row("", "Région")
    for r in ordered:
        total.add(r)
    schemes = [s for s in FUNDING_SCHEMES if s in used] + sorted(used - set(FUNDING_SCHEMES))
    return Summary(ordered, total, schemes)


@dataclass(frozen=True)
class Bar:
    label: str
    text: str  # the value as read (« 12 000,00 € »)
    width: float  # user units
    y: int


def bars(rows: list[Row], value, text) -> tuple[list[Bar], int]:
    """The bars of one chart (one per department, length proportional to `value(row)`)
    and the SVG's height."""
    values = [value(r) for r in rows]
    top = max(values, default=0) or 1
    room = CHART_WIDTH - LABEL_WIDTH - VALUE_ROOM
    out = [Bar(r.label, text(v), round(float(v) / float(top) * room, 1), i * ROW_HEIGHT)
           for i, (r, v) in enumerate(zip(rows, values))]
    return out, max(len(out), 1) * ROW_HEIGHT


@bp.get("/synthese-regionale")
def regional():
    """The regional summary page."""
    summary = regional_summary()
    charts = [
        ("graphique-montants", "Montants accordés par département (tous dispositifs)",
         *bars(summary.rows, lambda r: r.granted_total, money)),
        ("graphique-etp", "ETP de médiateurs par département (tous projets)",
         *bars(summary.rows, lambda r: r.fte, lambda v: number(v, 2))),
    ]
    reports = paired_bars([(r.label, r.reports_due, r.reports_late) for r in summary.rows],
                          ("Attendus", "En retard"), lambda v: number(v, 0))
    return render_template(
        "adviser/regional.html", summary=summary, charts=charts, chart_width=CHART_WIDTH,
        label_width=LABEL_WIDTH, bar_height=BAR_HEIGHT, row_height=ROW_HEIGHT,
        reports_chart=reports)
