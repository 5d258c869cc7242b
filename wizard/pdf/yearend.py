"""The year-end report as a PDF: the cerfa 15059 « compte rendu financier de l'action
subventionnée » (charges and products, planned beside actual, with totals, and the
explanatory annex of the gaps), then the report's account and indicators, and two charts
(indicators reached against their targets, spending planned against actual). No database,
no Flask: the caller gives a `ReportSheet`; every user text goes through `para_text`."""

from __future__ import annotations

from dataclasses import dataclass, field
from io import BytesIO

from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph, Spacer, Table

from wizard.costing.yearend import Compared, totals
from wizard.formats import money, percent
from wizard.pdf.charts import indicators_chart, planned_actual_chart
from wizard.pdf.escape import one_line, para_text
from wizard.pdf.flowables import make_canvas
from wizard.pdf.styles import BOTTOM_MARGIN, MARGIN, PAGE, TOP_MARGIN, stylesheet, table_style

CERFA = "Cerfa n° 15059*02 — Compte rendu financier de l'action subventionnée"
UNEXPLAINED = "Écart à expliquer (aucune explication donnée)."


@dataclass(frozen=True)
class ReportSheet:
    """What the PDF shows: the dossier's names, the year, the compared lines, the
    indicators (dicts: name, target, reached, rate, comment), the activity figures and the
    texts as (label, value) pairs."""

    title: str
    holder: str
    commune: str
    year: int
    state: str
    charges: list[Compared]
    resources: list[Compared]
    indicators: list[dict] = field(default_factory=list)
    activity: list[tuple[str, str]] = field(default_factory=list)
    texts: list[tuple[str, str]] = field(default_factory=list)
    places: list[list[str]] = field(default_factory=list)  # place, hours, interventions…


def _gap(line: Compared) -> tuple[str, str]:
    if line.actual is None:
        return "", ""
    share = line.gap_share
    return money(line.gap), "" if share is None else percent(share)


def _budget_table(styles, heading: str, lines: list[Compared], width: float) -> Table:
    cell, right = styles["cell"], styles["cell_right"]
    head = [Paragraph(para_text(h), styles["head" if i == 0 else "head_right"])
            for i, h in enumerate((heading, "Prévu", "Réalisé", "Écart", "Écart (%)"))]
    rows = [[Paragraph(para_text(line.label), cell),
             Paragraph(money(line.planned), right),
             Paragraph("" if line.actual is None else money(line.actual), right),
             *(Paragraph(text, right) for text in _gap(line))] for line in lines]
    planned, actual = totals(lines)
    bold = styles["cell_right_bold"]
    total_gap = actual - planned
    rows.append([Paragraph("Total", styles["cell_bold"]), Paragraph(money(planned), bold),
                 Paragraph(money(actual), bold), Paragraph(money(total_gap), bold),
                 Paragraph(percent(total_gap / planned) if planned else "", bold)])
    table = Table([head, *rows], colWidths=[width * w for w in (0.40, 0.16, 0.16, 0.16, 0.12)],
                  repeatRows=1)
    table.setStyle(table_style(total_rows=1, numeric=(1, 2, 3, 4)))
    return table


def _annex(styles, sheet: ReportSheet) -> list:
    story = [Paragraph("Annexe explicative : les écarts entre le prévu et le réalisé",
                       styles["h2"])]
    lines = [line for line in sheet.charges + sheet.resources
             if line.needs_explanation or line.explanation.strip()]
    if not lines:
        story.append(Paragraph("Aucun écart significatif.", styles["body"]))
    for line in lines:
        gap, share = _gap(line)
        story.append(Paragraph(para_text(f"{line.label} : écart de {gap}"
                                         + (f" ({share})" if share else "")), styles["h3"]))
        story.append(Paragraph(para_text(line.explanation.strip() or UNEXPLAINED),
                               styles["body"]))
    return story


def _indicators(styles, sheet: ReportSheet, width: float) -> list:
    story = [Paragraph("Indicateurs", styles["h2"])]
    if not sheet.indicators:
        return [*story, Paragraph("Le dossier ne définit aucun indicateur.", styles["body"])]
    cell = styles["cell"]
    head = [Paragraph(h, styles["head"]) for h in
            ("Indicateur", "Cible", "Valeur atteinte", "% de la cible", "Commentaire")]
    rows = [[Paragraph(para_text(r["name"]), cell), Paragraph(para_text(r["target"]), cell),
             Paragraph(para_text(r["reached"]), cell),
             Paragraph("" if r["rate"] is None else f"{r['rate']} %", styles["cell_right"]),
             Paragraph(para_text(r["comment"]), cell)] for r in sheet.indicators]
    table = Table([head, *rows], colWidths=[width * w for w in (0.24, 0.2, 0.16, 0.1, 0.3)],
                  repeatRows=1)
    table.setStyle(table_style(numeric=(3,)))
    story.append(table)
    rated = [(one_line(r["name"], 80), r["rate"]) for r in sheet.indicators
             if r["rate"] is not None]
    if rated:
        story += [Spacer(1, 8), indicators_chart(rated, width)]
    return story


def _places(styles, sheet: ReportSheet, width: float) -> list:
    """The activity per place, when the report gives it."""
    if not sheet.places:
        return []
    cell, right = styles["cell"], styles["cell_right"]
    head = [Paragraph(h, styles["head" if i == 0 else "head_right"]) for i, h in enumerate(
        ("Lieu", "Heures", "Interventions", "Personnes rencontrées", "Orientations"))]
    rows = [[Paragraph(para_text(row[0]), cell), *(Paragraph(v, right) for v in row[1:])]
            for row in sheet.places]
    table = Table([head, *rows], colWidths=[width * w for w in (0.4, 0.12, 0.16, 0.18, 0.14)],
                  repeatRows=1)
    table.setStyle(table_style(numeric=(1, 2, 3, 4)))
    return [Paragraph("Activité par lieu", styles["h3"]), table]


def render_report_pdf(sheet: ReportSheet) -> bytes:
    """The PDF of one year-end report."""
    styles = stylesheet()
    width = PAGE[0] - 2 * MARGIN
    heading = f"Compte rendu de l'année {sheet.year}"
    story = [Paragraph(para_text(CERFA), styles["small"]),
             Paragraph(para_text(f"{heading} — {sheet.title}"), styles["h1"]),
             Paragraph(para_text(f"Porteur : {sheet.holder} — {sheet.commune}"), styles["body"]),
             Paragraph(para_text(f"État du compte rendu : {sheet.state}"), styles["body"]),
             Paragraph("Tableau de synthèse : charges", styles["h2"]),
             _budget_table(styles, "Charges", sheet.charges, width),
             Paragraph("Tableau de synthèse : produits", styles["h2"]),
             _budget_table(styles, "Produits", sheet.resources, width)]
    if sheet.charges:
        story += [Spacer(1, 8), planned_actual_chart(
            "Dépenses : prévu et réalisé", [(one_line(line.label, 80), line.planned,
                                             line.actual or 0) for line in sheet.charges],
            width)]
    story += _annex(styles, sheet)
    story.append(Paragraph("Bilan qualitatif de l'action", styles["h2"]))
    for label, value in sheet.activity:
        story.append(Paragraph(para_text(f"{label} : {value or 'Non renseigné'}"),
                               styles["body"]))
    story += _places(styles, sheet, width)
    for label, text in sheet.texts:
        story += [Paragraph(para_text(label), styles["h3"]),
                  Paragraph(para_text(text or "Non renseigné"), styles["body"])]
    story += _indicators(styles, sheet, width)
    buffer = BytesIO()
    frame = Frame(MARGIN, BOTTOM_MARGIN, width, PAGE[1] - TOP_MARGIN - BOTTOM_MARGIN,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc = BaseDocTemplate(buffer, pagesize=PAGE, title=f"{heading} — {one_line(sheet.title)}",
                          pageTemplates=[PageTemplate("portrait", [frame])])
    doc.build(story, canvasmaker=make_canvas(f"{heading} — {sheet.title}", CERFA))
    return buffer.getvalue()
