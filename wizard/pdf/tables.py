"""Headings, detailed tables and the step summaries of the dossier PDF (one summary table
per section, or one items table for a long run of sections of the same shape)."""

from __future__ import annotations

from reportlab.platypus import CondPageBreak, KeepTogether, Spacer, Table, TableStyle

from wizard.pdf.cells import (
    EM,
    ITEM_RUN,
    ITEMS_MEASURED,
    KEEP_ROWS,
    NOT_GIVEN,
    SUMMARY_CELL_LINES,
    SUMMARY_LINES,
    TABLE_CELL_LINES,
    TABLE_LINES,
    WORD,
    cell,
    fair_share,
    need,
    p,
    per_line,
    texts_of,
)
from wizard.pdf.context import Context
from wizard.pdf.escape import one_line, para_text, plain_text
from wizard.pdf.flowables import SectionHeading
from wizard.pdf.lines import string_width
from wizard.pdf.styles import CELL_PADDING, stylesheet, table_style


def heading(ctx: Context, key: str, title: str, level: int = 0):
    """A numbered section heading (level 0 goes to the table of contents) or a sub-heading."""
    if level:
        return [CondPageBreak(100), SectionHeading(para_text(title), stylesheet()["h2"],
                                                  key, plain_text(title), level)]
    number_ = len(ctx.toc) + 1
    text = f"{number_}. {title}"
    ctx.toc.append((key, plain_text(text)))
    return [CondPageBreak(160), SectionHeading(para_text(text), stylesheet()["h1"], key,
                                              plain_text(text), 0)]


def keep_headings(story: list) -> list:
    """`story` with each run of headings (flowables kept with the next, as the h1, h2 and h3
    styles are) grouped with what follows in one KeepTogether, so that no heading ends a
    page: reportlab's own keepWithNext skips a next flowable that is a KeepTogether (a short
    table) and stops at the CondPageBreak of a sub-heading. A KeepTogether that follows is
    opened into the group; the CondPageBreaks inside a run are dropped."""
    out, group = [], []
    for flowable in story:
        if group and isinstance(flowable, CondPageBreak):
            continue
        if flowable.getKeepWithNext():
            group.append(flowable)
            continue
        if not group:
            out.append(flowable)
            continue
        content = flowable._content if isinstance(flowable, KeepTogether) else [flowable]
        for member in group:
            member.__dict__["keepWithNext"] = 0  # grouped once (as reportlab does)
        out.append(KeepTogether([*group, *content]))
        group = []
    return out + group


def data_table(headers: list[str], rows: list[list], fractions: list[float], width: float, *,
               numeric: tuple[int, ...] = (), total_rows: int = 0, header_style: str = "head",
               cell_style: str = "cell", empty: str = NOT_GIVEN) -> Table:
    """A table with a repeated blue header row; cells are cell() values (strings, lists or
    ready flowables; an empty one reads `empty`), `numeric` columns right-aligned. Rows may split across pages; a short
    table moves whole to the next page instead. Text cells share TABLE_LINES lines (at most
    TABLE_CELL_LINES each): a long table of long texts is abridged, never taller than a page
    per row."""
    widths = [f * width for f in fractions]
    rooms = [w - 2 * CELL_PADDING for w in widths]
    head = [cell(h, "head_right" if i in numeric else header_style, rooms[i])
            for i, h in enumerate(headers)]
    chars = [per_line(room, stylesheet()[cell_style].fontSize) for room in rooms]

    def is_text(value) -> bool:
        return isinstance(value, str) or value is None or (
            isinstance(value, (list, tuple)) and all(isinstance(x, str) for x in value))

    lines = fair_share([max((need(v, chars[i]) for i, v in enumerate(row) if is_text(v)),
                            default=1) for row in rows], TABLE_LINES, cap=TABLE_CELL_LINES)
    body = []
    for row in rows:
        out = []
        for i, value in enumerate(row):
            if is_text(value):
                bold = total_rows and len(body) >= len(rows) - total_rows
                style = ("cell_right" if i in numeric else cell_style) + ("_bold" * bold)
                value = cell(value, style.replace("cell_bold_bold", "cell_bold"), rooms[i],
                             lines, empty)
            out.append(value)
        body.append(out)
    table = Table([head, *body], colWidths=widths, repeatRows=1, splitInRow=1, hAlign="LEFT")
    table.setStyle(TableStyle(table_style(1, total_rows=total_rows, numeric=numeric)))
    return KeepTogether([table]) if len(rows) <= KEEP_ROWS else table


SUMMARY_SHARES = (0.34, 0.66)


def summary_lines(sections, width: float) -> int:
    """The most lines a cell of these summary sections (objects with `rows`) may take for
    all of them to share SUMMARY_LINES lines (at most SUMMARY_CELL_LINES)."""
    chars = [per_line(share * width - 2 * CELL_PADDING, stylesheet()["cell"].fontSize)
             for share in SUMMARY_SHARES]
    needs = [max(need(label, chars[0]), need(value, chars[1]))
             for section in sections for label, value in section.rows]
    return fair_share(needs, SUMMARY_LINES, cap=SUMMARY_CELL_LINES)


def summary_table(rows: list[tuple[str, object]], width: float,
                  lines: int = SUMMARY_CELL_LINES, empty: str = NOT_GIVEN) -> Table:
    """The (label, value) rows of a step summary as a two-column table without header, each
    cell at most about `lines` lines long (see `summary_lines`), an empty value reading
    `empty`."""
    widths = [share * width for share in SUMMARY_SHARES]
    data = [[cell(label, "cell_bold", widths[0] - 2 * CELL_PADDING, lines),
             cell(value, "cell", widths[1] - 2 * CELL_PADDING, lines, empty)]
            for label, value in rows]
    table = Table(data or [["", ""]], colWidths=widths, splitInRow=1, hAlign="LEFT")
    table.setStyle(TableStyle(table_style(0, bold_columns=(0,))))
    return table


def _shape(section) -> tuple:
    return tuple(label for label, _ in section.rows)


def _runs(sections) -> list[list]:
    """The sections in runs of consecutive ones with the same row labels (list items)."""
    runs: list[list] = []
    for section in sections:
        if runs and section.title and _shape(section) == _shape(runs[-1][0]) \
                and runs[-1][0].title:
            runs[-1].append(section)
        else:
            runs.append([section])
    return runs


def column_shares(headers: list[str], rows: list[list], width: float) -> list[float]:
    """Column widths (fractions of `width`) that make a typical row as short as possible:
    the fewest lines L such that every column fits its mean value in L lines (a list: its
    mean number of items, each on its own lines) within the width, each column at least as
    wide as its longest word (up to WORD characters); the width left is shared in
    proportion."""
    cell, head = stylesheet()["cell"], stylesheet()["head"]
    room = width - 2 * CELL_PADDING * len(headers)
    columns = []  # (narrowest, items per cell, width of an item) in points
    for i, header in enumerate(headers):
        cells = [texts_of(row[i])[:ITEMS_MEASURED] or [NOT_GIVEN] for row in rows]
        longest = max((w for c in cells for t in c for w in t.split()), key=len, default="")
        narrowest = min(max(string_width(longest[:WORD], cell.fontName, cell.fontSize),
                            *(string_width(w[:WORD], head.fontName, head.fontSize)
                              for w in header.split())), room / len(headers))
        if any(len(c) > 1 for c in cells):
            items = max(1.0, sum(map(len, cells)) / len(rows))
            item = sum(max(string_width(f"• {t}", cell.fontName, cell.fontSize) for t in c)
                       for c in cells) / len(rows)
        else:  # long texts are not measured: their characters give their width
            items = 1.0
            item = sum(len(c[0]) for c in cells) / len(rows) * EM * cell.fontSize
        columns.append((narrowest + 2, items, item + 2))

    def widths(lines: int) -> list[float]:
        out = []
        for narrowest, items, item in columns:
            per_item = max(1, int(lines / items))  # lines each item may take
            # lines break at spaces: a line holds about 85 % of its width in text
            out.append(max(narrowest, item / per_item / 0.85 if lines >= items else item))
        return out

    points = [narrowest for narrowest, _, _ in columns]
    for lines in range(1, 200):
        if sum(widths(lines)) <= room:
            points = widths(lines)
            break
    return [w / sum(points) for w in points]


def items_table(run, width: float, empty: str = NOT_GIVEN) -> Table:
    """A run of item sections (same row labels) as one table: a row per item, its title
    first, a column per label."""
    headers = ["Intitulé", *(str(label) for label in _shape(run[0]))]
    rows = [[one_line(section.title), *(texts_of(value) or None for _, value in section.rows)]
            for section in run]
    return data_table(headers, rows, column_shares(headers, rows, width), width, empty=empty)


def present(sections) -> list:
    """The sections without their empty rows (no value entered), and without the sections
    left empty: what a transmitted copy shows."""
    out = []
    for section in sections:
        rows = [(label, value) for label, value in section.rows if texts_of(value)]
        if rows:
            out.append(type(section)(section.title, rows))
    return out


def summary_story(sections, width: float, empty: str = NOT_GIVEN) -> list:
    """The flowables of a step summary: each section's title (h3) and summary_table, the
    cells sharing SUMMARY_LINES lines; a run of more than ITEM_RUN sections with the same
    row labels (the items of a list: problems, places, partners, rounds…) becomes one
    items_table, a row per item. Without `empty` (a transmitted copy), rows without a
    value are left out (`present`); else they read `empty`."""
    if not empty:
        sections = present(sections)
    lines = summary_lines(sections, width)
    out = []
    for run in _runs(sections):
        if len(run) > ITEM_RUN and run[0].rows:
            out += [items_table(run, width, empty), Spacer(1, 4)]
            continue
        for section in run:
            if section.title:
                out.append(p(one_line(section.title), "h3"))
            out += [summary_table(section.rows, width, lines, empty), Spacer(1, 4)]
    return out
