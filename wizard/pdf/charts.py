"""The budget's bar chart (reportlab.graphics): the weight of each cost line in year 1.

The chart is a Drawing (a Flowable) sized to the frame width and never taller than
MAX_HEIGHT, whatever the number of categories (`_chart` thins its bars). It shows
proportions against a French-formatted axis; the amounts themselves are printed once, in
the costs table above it. Labels are cleaned with `plain_text` and shortened.
"""

from __future__ import annotations

from decimal import Decimal

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, Rect, String
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
)

LABEL_ROOM = 62 * mm
BAR = 11  # points per category row and series
MIN_BAR = 3  # the thinnest bar `_chart` draws to stay within MAX_HEIGHT
SERIES_COLORS = (BLUE_FRANCE, BLUE_MID)
MAX_HEIGHT = 560  # points; a portrait frame is 711 high, a landscape one 465


def _euros(value) -> str:
    return f"{number(value, 0)} €"


def _percent(value) -> str:
    return f"{number(value, 0)} %"


def _chart(title: str, labels: list[str], series: list[list[float]], width: float,
           fmt=_euros, legend: tuple[str, ...] = ()) -> Drawing:
    rows = max(len(labels), 1)
    # bars thin down (to MIN_BAR) so that the drawing stays within MAX_HEIGHT
    room = (MAX_HEIGHT - 34) / rows - 6
    bar = max(MIN_BAR, min(BAR, room / max(len(series), 1)))
    plot_height = rows * (bar * len(series) + 6)
    height = plot_height + 34 + (12 if legend else 0)
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 11, title, fontName=FONT_BOLD, fontSize=9,
                       fillColor=GREY_DARK))
    chart = HorizontalBarChart()
    chart.x, chart.y = LABEL_ROOM, 16
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
    chart.valueAxis.valueMax = max(max(values), 1) * 1.05
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 6.5
    chart.valueAxis.labelTextFormat = fmt
    chart.valueAxis.strokeColor = GREY_RULE
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = GREY_RULE
    chart.barWidth = bar
    chart.barSpacing = 1 if bar >= 6 else 0
    chart.groupSpacing = 6
    chart.bars.strokeColor = None
    for i, color in enumerate(SERIES_COLORS[:len(series)]):  # the legend's colour per series
        chart.bars[len(series) - 1 - i].fillColor = color  # (the data are reversed above)
    drawing.add(chart)
    x = LABEL_ROOM
    for name, color in zip(legend, SERIES_COLORS, strict=False):  # under the title
        drawing.add(Rect(x, height - 24, 8, 8, fillColor=color, strokeColor=None))
        drawing.add(String(x + 11, height - 23, name, fontName=FONT, fontSize=7.5,
                           fillColor=GREY_DARK))
        x += 16 + 4.2 * len(name)
    return drawing


def costs_chart(lines: list[tuple[str, Decimal]], width: float) -> Drawing:
    """Bars of the year-1 costs, one per (label, amount) line with a non-zero amount."""
    shown = [(label, amount) for label, amount in lines if amount]
    return _chart("Répartition des coûts de l'année 1", [label for label, _ in shown],
                  [[float(amount) for _, amount in shown]], width)


def planned_actual_chart(title: str, lines: list[tuple[str, Decimal, Decimal]],
                         width: float) -> Drawing:
    """Two bars per (label, planned, actual) line: what was planned, what was done."""
    return _chart(title, [label for label, _, _ in lines],
                  [[float(p) for _, p, _ in lines], [float(a) for _, _, a in lines]], width,
                  legend=("Prévu", "Réalisé"))


def indicators_chart(lines: list[tuple[str, int]], width: float) -> Drawing:
    """Two bars per (indicator, share of its target reached in %): the target (100 %) and
    what was reached."""
    return _chart("Indicateurs : cible et valeur atteinte (en % de la cible)",
                  [label for label, _ in lines],
                  [[100.0] * len(lines), [float(rate) for _, rate in lines]], width,
                  fmt=_percent, legend=("Cible", "Atteint"))
