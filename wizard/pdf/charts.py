"""The budget's bar charts (reportlab.graphics): costs by line of year 1, funding by funder.

Each function returns a Drawing (a Flowable) sized to the frame width and never taller than
MAX_HEIGHT, whatever the number of categories: beyond MAX_ROWS the funding chart shows the
largest funders and one « Autres financeurs (k) » bar group for the rest, and `_chart` thins
its bars to stay within the height. Labels are cleaned with `plain_text` and shortened,
amounts are in French format.
"""

from __future__ import annotations

from decimal import Decimal

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib.units import mm

from wizard.formats import number
from wizard.pdf.escape import plain_text
from wizard.pdf.lines import fit
from wizard.pdf.styles import (
    BLUE_FRANCE,
    BLUE_MID,
    FONT,
    FONT_BOLD,
    GREY_DARK,
    GREY_RULE,
    RED_MARIANNE,
)

SERIES_COLOURS = (BLUE_FRANCE, BLUE_MID, RED_MARIANNE)
LABEL_ROOM = 62 * mm
BAR = 11  # points per category row and series
MIN_BAR = 3  # the thinnest bar `_chart` draws to stay within MAX_HEIGHT
MAX_HEIGHT = 560  # points; a portrait frame is 711 high, a landscape one 465
MAX_ROWS = 14  # category rows of the funding chart (3 years of bars each: 546 points)


def _euros(value) -> str:
    return f"{number(value, 0)} €"


def _chart(title: str, labels: list[str], series: list[list[float]], width: float,
           names: list[str] | None = None) -> Drawing:
    rows = max(len(labels), 1)
    legend_room = 14 if names else 0
    # bars thin down (to MIN_BAR) so that the drawing stays within MAX_HEIGHT
    room = (MAX_HEIGHT - 34 - legend_room) / rows - 6
    bar = max(MIN_BAR, min(BAR, room / max(len(series), 1)))
    plot_height = rows * (bar * len(series) + 6)
    height = plot_height + 34 + legend_room
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 11, title, fontName=FONT_BOLD, fontSize=9,
                       fillColor=GREY_DARK))
    chart = HorizontalBarChart()
    chart.x, chart.y = LABEL_ROOM, 16 + legend_room
    chart.width, chart.height = width - LABEL_ROOM - 40, plot_height
    # bars are drawn bottom-up: reverse categories and series so both read top-down
    chart.data = [list(reversed(s)) for s in reversed(series)] if labels else [[0]]
    chart.categoryAxis.categoryNames = [
        fit(plain_text(x), FONT, 7, LABEL_ROOM - 8) for x in reversed(labels)] or [""]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.categoryAxis.strokeColor = GREY_RULE
    values = [v for s in series for v in s] or [0]
    chart.valueAxis.valueMin = min(0, min(values))
    chart.valueAxis.valueMax = max(max(values), 1) * 1.18  # room for the value labels
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 6.5
    chart.valueAxis.labelTextFormat = _euros
    chart.valueAxis.strokeColor = GREY_RULE
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = GREY_RULE
    chart.barWidth = bar
    chart.barSpacing = 1 if bar >= 6 else 0
    chart.groupSpacing = 6
    chart.bars.strokeColor = None
    for i in range(len(series)):
        chart.bars[len(series) - 1 - i].fillColor = SERIES_COLOURS[i % len(SERIES_COLOURS)]
    chart.barLabelFormat = _euros
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 6
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    if names:
        legend = Legend()
        legend.x, legend.y = LABEL_ROOM, 6
        legend.fontName, legend.fontSize = FONT, 7
        legend.alignment = "right"
        legend.columnMaximum = 1
        legend.deltax = 60
        legend.colorNamePairs = [(SERIES_COLOURS[i % len(SERIES_COLOURS)], name)
                                 for i, name in enumerate(names)]
        drawing.add(legend)
    return drawing


def costs_chart(lines: list[tuple[str, Decimal]], width: float) -> Drawing:
    """Bars of the year-1 costs, one per (label, amount) line with a non-zero amount."""
    shown = [(label, amount) for label, amount in lines if amount]
    return _chart("Coûts de l'année 1 par poste", [label for label, _ in shown],
                  [[float(amount) for _, amount in shown]], width)


def top_rows(rows: list[tuple[str, list[Decimal]]], keep: int, years: int,
             label: str = "Autres financeurs") -> list[tuple[str, list[Decimal]]]:
    """`rows` if there are at most `keep`; else the `keep` - 1 rows with the largest totals
    (in their order) and one row « Autres financeurs (k) » adding up the k others by year."""
    if len(rows) <= keep:
        return list(rows)
    ranked = sorted(range(len(rows)), key=lambda i: -sum(rows[i][1], Decimal(0)))
    kept = set(ranked[:keep - 1])
    rest = [amounts for i, (_, amounts) in enumerate(rows) if i not in kept]
    others = [sum((a[k] for a in rest if k < len(a)), Decimal(0)) for k in range(years)]
    return [row for i, row in enumerate(rows) if i in kept] + [(f"{label} ({len(rest)})",
                                                                others)]


def funding_chart(rows: list[tuple[str, list[Decimal]]], years: int, width: float,
                  fixed: int = 0) -> Drawing:
    """Grouped bars of the funding, one group per funder (adultes-relais aid and the commune
    included: the last `fixed` rows, always shown), one bar per year. Beyond MAX_ROWS
    groups, the funders with the smallest totals share one « Autres financeurs (k) » group."""
    funders, always = rows[:len(rows) - fixed], rows[len(rows) - fixed:]
    rows = top_rows(funders, MAX_ROWS - len(always), years) + always
    return _chart("Financement par financeur et par année", [name for name, _ in rows],
                  [[float(amounts[k]) if k < len(amounts) else 0.0 for _, amounts in rows]
                   for k in range(years)],
                  width, names=[f"Année {k + 1}" for k in range(years)])
