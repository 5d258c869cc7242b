"""The figures of a year-end report: the planned charges (the costing's cerfa lines of that
year, costed with the dossier's pinned parameters) and the planned resources (the amounts
granted for that year, `Decision` rows), each beside what the report says was spent or
received (`costing.yearend`)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select

from wizard import reference
from wizard.costing import CostingInputError, compute, document_budgets, parse_costing_input
from wizard.costing.yearend import (
    Compared,
    Planned,
    compare,
    gap_threshold,
    planned_charges,
    planned_resources,
)
from wizard.db import db
from wizard.document.requests import funded_by_scheme
from wizard.document.vocabulary import FUNDING_SCHEMES, STATE_SCHEMES
from wizard.models import Decision, ReportState
from wizard.pdf.yearend import ReportSheet, render_report_pdf
from wizard.reference.fields import fr_percent
from wizard.review import report_places


@dataclass(frozen=True)
class Figures:
    """The planned lines of one year of a dossier and the gap threshold of its pinned set
    (above it, a gap needs an explanation)."""

    charges: list[Planned]
    resources: list[Planned]
    threshold: Decimal

    @property
    def threshold_text(self) -> str:
        """The threshold for reading: « 15 % », « 12,5 % »."""
        return fr_percent(self.threshold)


def planned(dossier, year: int) -> Figures:
    """The planned charges and resources of `year` (no charge line while the dossier cannot
    be costed): the State's grants of that year (refusals counting as zero), what the other
    funders bring in the budget, asked for or already granted (the préfet does not decide
    those), with the threshold of the dossier's pinned parameter set."""
    budget, others = None, []
    pinned = reference.pinned(dossier)
    try:
        inp = parse_costing_input(dossier.document, pinned)
        result = compute(inp)
        budgets = document_budgets(dossier.document, inp, result)
        budget = next((b for b in budgets if b.year == year), None)
        funded = funded_by_scheme(dossier.document, len(result.years))
        others = [(scheme, amounts[year - 1]) for scheme, amounts in funded.items()
                  if scheme not in STATE_SCHEMES and year <= len(amounts)]
    except CostingInputError:
        pass
    decisions = db.session.scalars(
        select(Decision).where(Decision.dossier_id == dossier.id, Decision.year == year)
        .order_by(Decision.scheme)).all()
    order = list(FUNDING_SCHEMES)
    decided = {d.scheme for d in decisions}  # a scheme decided before the State-only rule
    others = [(scheme, amount) for scheme, amount in others if scheme not in decided]
    granted = sorted([*((d.scheme, d.granted or Decimal(0)) for d in decisions), *others],
                     key=lambda g: order.index(g[0]) if g[0] in order else len(order))
    granted = [(scheme, FUNDING_SCHEMES.get(scheme, scheme), amount)
               for scheme, amount in granted]
    return Figures(planned_charges(budget),
                   planned_resources(granted, budget.total_charges if budget else Decimal(0)),
                   gap_threshold(pinned.values))


def compared(report, figures: Figures) -> tuple[list[Compared], list[Compared]]:
    """(charges, resources): each planned line with the report's actual amount."""
    content = report.content or {}
    return (compare(figures.charges, content.get("charges") or {},
                    threshold=figures.threshold),
            compare(figures.resources, content.get("resources") or {},
                    threshold=figures.threshold))


def indicator_rows(dossier, content: dict) -> list[dict]:
    """The dossier's indicators with what a report's `content` says of each: name, target,
    reached, rate (a whole percentage or None), comment."""
    stored = (content or {}).get("indicators") or []
    rows = []
    for i, indicator in enumerate((dossier.document.get("evaluation") or {})
                                  .get("indicators") or []):
        given = stored[i] if i < len(stored) and isinstance(stored[i], dict) else {}
        rows.append({"name": str(indicator.get("name") or f"Indicateur {i + 1}"),
                     "target": str(indicator.get("target") or ""),
                     "reached": given.get("reached") or "", "rate": given.get("rate"),
                     "comment": given.get("comment") or ""})
    return rows


def problems(report, figures: Figures, document: dict | None = None
             ) -> list[tuple[str | None, str, str]]:
    """What stops a submission, next to its field: every actual amount given, every gap
    above the threshold explained, the year's account written, no year total below the sum
    of its places (with the dossier's `document`; see ReportForm)."""
    out = []
    charges, resources = compared(report, figures)
    for line in charges + resources:
        if line.actual is None:
            out.append((line.key, "actual", "Indiquez le montant réalisé (0 si rien)."))
        elif line.unexplained:
            out.append((line.key, "explanation",
                        f"L'écart dépasse {figures.threshold_text} du montant prévu : "
                        "expliquez-le."))
    content = report.content or {}
    for name, message in (("worked", "Dites ce qui a fonctionné."),
                          ("difficulties", "Décrivez les difficultés rencontrées.")):
        if not (content.get(name) or "").strip():
            out.append((None, name, message))
    if document is not None:
        out += [(None, key, message) for key, message in report_places.problems(content,
                                                                                 document)]
    return out


ACTIVITY = (("hours", "Heures de présence réalisées"), ("interventions", "Interventions"),
            ("people", "Personnes rencontrées"), ("orientations", "Orientations vers un partenaire"))
TEXTS = (("worked", "Ce qui a fonctionné"), ("difficulties", "Les difficultés rencontrées"),
         ("changes", "Ce qui change pour l'année suivante"))


def report_pdf(dossier, report) -> bytes:
    """The cerfa 15059 PDF of `report` (`pdf.yearend`)."""
    charges, resources = compared(report, planned(dossier, report.year))
    content = report.content or {}
    activity = content.get("activity") or {}
    holder = (dossier.document.get("holder") or {}).get("name") or dossier.commune.name
    return render_report_pdf(ReportSheet(
        title=dossier.title, holder=str(holder), commune=dossier.commune.label,
        year=report.year, state=report.state.label, charges=charges, resources=resources,
        indicators=indicator_rows(dossier, content),
        activity=[(label, report_places.text(key, report_places.decimal(activity.get(key))))
                  for key, label in ACTIVITY],
        texts=[(label, content.get(key) or "") for key, label in TEXTS],
        places=place_lines(dossier, content)))


def place_lines(dossier, content) -> list[list[str]]:
    """The activity per place as read: [place, hours, interventions, people, orientations]
    for each place the report gives a figure for."""
    return [[r["place"], *(report_places.text(k, r[k]) for k in report_places.KEYS)]
            for r in report_places.filled(report_places.rows(dossier.document, content))]


def pdf_name(dossier, report) -> str:
    return f"compte-rendu-{dossier.commune.insee_code}-{dossier.id}-annee-{report.year}.pdf"


def attach_to_renewal(previous, renewal, user):
    """Last year's report as the renewal's « bilan » piece: the cerfa 15059 PDF of the
    renewed dossier's latest accepted report (else its latest deposited one); None when it
    has none deposited. A renewal thus starts with the report the checklist requires."""
    from wizard.operations.attachments import add_attachment
    from wizard.review.reports import reports_of

    found = [r for r in reports_of(previous).values()
             if r.state in (ReportState.ACCEPTED, ReportState.SUBMITTED)]
    if not found:
        return None
    report = max(found, key=lambda r: (r.state is ReportState.ACCEPTED, r.year))
    return add_attachment(renewal, user, "bilan", pdf_name(previous, report),
                          report_pdf(previous, report))
