"""A printable table (the committee's programming table): landscape A4 pages, the dossier
PDF's styles, a header row repeated on every page, numbered pages. No database, no Flask:
the caller gives the title, the column headings and the rows as text."""

from __future__ import annotations

from io import BytesIO

from reportlab.platypus import BaseDocTemplate, Frame, LongTable, PageTemplate, Paragraph

from wizard.pdf.escape import para_text
from wizard.pdf.flowables import make_canvas
from wizard.pdf.styles import (
    BOTTOM_MARGIN,
    MARGIN,
    PAGE_LANDSCAPE,
    TOP_MARGIN,
    stylesheet,
    table_style,
)


def render_table_pdf(title: str, subtitle: str, headers: list[str], rows: list[list[str]],
                     *, widths: list[float], numeric: tuple[int, ...] = (),
                     footer: str = "") -> bytes:
    """The PDF of one table; `widths` are the columns' shares of the page's width."""
    styles = stylesheet()
    usable = PAGE_LANDSCAPE[0] - 2 * MARGIN
    head = [Paragraph(para_text(h), styles["head_right" if i in numeric else "head"])
            for i, h in enumerate(headers)]
    body = [[Paragraph(para_text(cell), styles["cell_right" if i in numeric else "cell"])
             for i, cell in enumerate(row)] for row in rows]
    table = LongTable([head, *body], colWidths=[usable * w / sum(widths) for w in widths],
                      repeatRows=1)
    table.setStyle(table_style(numeric=numeric))
    story = [Paragraph(para_text(title), styles["h1"]),
             Paragraph(para_text(subtitle), styles["body"])]
    story.append(table if rows else Paragraph("Aucun dossier.", styles["body"]))
    buffer = BytesIO()
    height = PAGE_LANDSCAPE[1]
    frame = Frame(MARGIN, BOTTOM_MARGIN, usable, height - TOP_MARGIN - BOTTOM_MARGIN,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc = BaseDocTemplate(buffer, pagesize=PAGE_LANDSCAPE, title=title,
                          pageTemplates=[PageTemplate("landscape", [frame])])
    doc.build(story, canvasmaker=make_canvas(title, footer))
    return buffer.getvalue()
