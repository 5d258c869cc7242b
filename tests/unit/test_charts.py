"""The geometry of the inline SVG charts (wizard/web/charts.py)."""

from decimal import Decimal

from wizard.web.charts import LABEL_CHARS, LABEL_WIDTH, VALUE_ROOM, WIDTH, paired_bars


def test_bars_scale_on_the_largest_value_and_keep_their_text():
    chart = paired_bars([("Salaires", Decimal("1000"), Decimal("1200")),
                         ("Loyer", 600, None)], ("Prévu", "Réalisé"), str)
    room = WIDTH - LABEL_WIDTH - VALUE_ROOM
    assert [line.label for line in chart.lines] == ["Salaires", "Loyer"]
    assert chart.lines[0].bars == ((round(1000 / 1200 * room, 1), "1000"), (room, "1200"))
    assert chart.lines[1].bars == ((round(600 / 1200 * room, 1), "600"), (0.0, None))
    assert chart.lines[1].y > chart.lines[0].y and chart.height > chart.lines[1].y
    assert chart.legend == ("Prévu", "Réalisé")


def test_nothing_to_draw_gives_no_chart():
    assert paired_bars([], ("a", "b"), str) is None
    assert paired_bars([("Vide", None, None)], ("a", "b"), str) is None
    assert paired_bars([("Zéro", 0, 0)], ("a", "b"), str) is None


def test_a_negative_value_draws_no_bar_and_long_labels_are_cut():
    long = "Frais de déplacement des médiateurs et de l'encadrant"
    chart = paired_bars([(long, -50, 100)], ("a", "b"), str)
    assert chart.lines[0].bars[0] == (0.0, "-50")
    assert len(chart.lines[0].label) <= LABEL_CHARS and chart.lines[0].label.endswith("…")


def test_pdf_bars_wear_the_colour_of_their_legend():
    """The report's PDF charts: the planned bar in the legend's first colour, the actual one
    in the second (the series are drawn in reverse so that they read top-down)."""
    from reportlab.graphics.charts.barcharts import HorizontalBarChart

    from wizard.pdf.charts import SERIES_COLORS, indicators_chart, planned_actual_chart
    from wizard.pdf.styles import register_fonts

    register_fonts()
    for drawing, first, second in (
            (planned_actual_chart("t", [("Loyer", Decimal(100), Decimal(60))], 400), 100, 60),
            (indicators_chart([("Visites", 92)], 400), 100, 92)):
        chart = next(c for c in drawing.contents if isinstance(c, HorizontalBarChart))
        colour = {values[0]: chart.bars[i].fillColor for i, values in enumerate(chart.data)}
        assert colour[first] == SERIES_COLORS[0] and colour[second] == SERIES_COLORS[1]
