"""Bar charts drawn as inline SVG by the `paired_bars` macro (templates/charts.html): the
geometry is computed here, the figures are always in a table beside the drawing (the chart
is for the eye; screen readers read the table).

A chart compares two amounts per line (planned and actual spending, target and value of an
indicator): one line = a label and two bars, scaled on the largest value of the chart."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

WIDTH = 640  # user units of the SVG's viewBox; the drawing scales to its container
LABEL_WIDTH = 190
VALUE_ROOM = 110  # room right of the longest bar for its value
BAR = 12
GAP = 3
LINE = 2 * BAR + GAP + 12  # one line: two bars, the gap between them, the space below
LEGEND = 26  # the legend's band above the lines
LABEL_CHARS = 26  # a longer label is cut with « … » (the table has it whole)


@dataclass(frozen=True)
class Line:
    label: str
    y: int  # top of the first bar
    bars: tuple  # ((width, text), (width, text)): None text = no value


@dataclass(frozen=True)
class Chart:
    lines: list[Line]
    height: int
    legend: tuple[str, str]
    width: int = WIDTH
    label_width: int = LABEL_WIDTH
    bar: int = BAR
    gap: int = GAP


def _short(label: str) -> str:
    label = " ".join(str(label or "").split())
    return label if len(label) <= LABEL_CHARS else label[:LABEL_CHARS - 1].rstrip() + "…"


def paired_bars(items, legend: tuple[str, str], text) -> Chart | None:
    """A chart of `items` — (label, first, second) with numbers or None — whose values read
    as `text(value)`; None when no line has a value to draw."""
    items = [(label, first, second) for label, first, second in items
             if first is not None or second is not None]
    values = [Decimal(str(v)) for _, a, b in items for v in (a, b) if v is not None]
    if not values or max(values) <= 0:
        return None
    top, room = max(values), WIDTH - LABEL_WIDTH - VALUE_ROOM
    lines = []
    for i, (label, first, second) in enumerate(items):
        bars = tuple(
            (0.0, None) if v is None else
            (round(float(max(Decimal(str(v)), Decimal(0)) / top) * room, 1), text(v))
            for v in (first, second))
        lines.append(Line(_short(label), LEGEND + i * LINE, bars))
    return Chart(lines, LEGEND + len(lines) * LINE, legend)
