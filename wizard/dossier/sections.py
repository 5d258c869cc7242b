"""Building blocks and the non-budget sections of the dossier PDF.

Every `_section_*`-style builder takes the shared Context and returns flowables. User text
only reaches a Paragraph through `para_text` (via `p()` and `cell()`), and a table cell or a
TextLines through `plain_text` (via `cell()` and `broken_lines()`); table cells are bounded
(see Bounds below).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, Paragraph, Spacer, Table, TableStyle

from wizard import vocabulary as v
from wizard.coverage import week_grid
from wizard.dossier.context import AUDIENCE_LABELS, Context, Note
from wizard.dossier.escape import one_line, para_text, plain_text
from wizard.dossier.flowables import (
    CoverageHeatMap,
    SectionHeading,
    TextLines,
    fitting,
    string_width,
    wrap_lines,
)
from wizard.dossier.styles import CELL_PADDING, stylesheet, table_style
from wizard.formats import long_date, number

NOT_GIVEN = "Non renseigné"
KEEP_ROWS = 14  # tables this short move to the next page whole rather than split

# Bounds. Every table cell shows a bounded amount of text, so that no cell outgrows a page
# and the largest dossier the schema accepts renders in seconds (docs/benchmarks.md, PDF).
# Sizes are estimated in lines from the characters (EM: mean advance of DejaVu Sans in
# French text, in ems; « W » is 0.99, « i » 0.28). The lines of a step's summary, or of a
# detailed table, are shared among its cells (max-min fair: small cells take what they
# need, the largest ones share the rest), so a usual dossier shows everything and only
# dossiers with long lists of long texts are abridged; a list then shows the items that
# fit and « … et N autres », a text its beginning, « … » and « [N caractères de plus] ».
# The dossier's JSON export always has everything.
EM = 0.55
SUMMARY_LINES = 800  # lines of the summary tables of one step
SUMMARY_CELL_LINES = 90  # a long text (5 000 characters) fits whole in a summary value
TABLE_LINES = 300  # lines of one detailed table
TABLE_CELL_LINES = 40
MIN_LINES = 3
ITEM_RUN = 12  # more sections of the same rows than this are laid out as one table
WORD = 14  # characters: a column of an items table is wide enough for words this long
ITEMS_MEASURED = 20  # list items measured for an items table's column widths
KEEP = 80  # characters: a cell keeps a text this short whole, however narrow its column
KEEP_LINES = 12  # lines a short text may take in a narrow column
NARROWEST = 0.25  # ems: hardly any glyph is narrower (« i » 0.28, space 0.32)
PARTNER_LINES = 4  # a partner's name, and its contribution in kind, in the partners' table
NOTE_LINES = 120  # an adviser's note (review comments have at most 5 000 characters)


def nbsp(text: str) -> str:
    """A formatted figure that must not wrap: reportlab treats U+202F (Babel's thousands
    separator) as a break, so it becomes a no-break space."""
    return text.replace("\u202f", "\u00a0")


def p(value, style: str = "body") -> Paragraph:
    """A paragraph of user (or any) text, escaped."""
    return Paragraph(para_text(value), stylesheet()[style])


def count_fr(n: int) -> str:
    """« 4 936 »: an integer with French thousands separators (no-break spaces)."""
    return f"{n:,}".replace(",", "\u00a0")


def per_line(room: float, size: float) -> int:
    """About how many characters of French text fit on a line `room` points wide."""
    return max(4, int(room / (EM * size)))


def line_count(text: str, width: int) -> int:
    """About how many lines of `width` characters `text` takes (its line breaks count)."""
    if "\n" not in text:
        return 1 + max(0, len(text) - 1) // width
    return _multiline_count(text, width)


@lru_cache(maxsize=4096)
def _multiline_count(text: str, width: int) -> int:
    parts = text.split("\n")
    if max(map(len, parts)) <= width:  # C-level check: text with many short lines
        return len(parts)
    return len(parts) + sum((len(part) - 1) // width for part in parts if len(part) > width)


def _texts(value) -> list[str]:
    if value is None or value == "" or value == []:
        return []
    return [str(x) for x in value] if isinstance(value, (list, tuple)) else [str(value)]


def need(value, width: int, cap: int = 1000) -> int:
    """The lines a cell() value takes unabridged (a list item starts a line), or `cap` if
    more (long lists are not measured further)."""
    total = 0
    for text in _texts(value):
        total += line_count(text, width)
        if total >= cap:
            return cap
    return total or 1


def fair_share(needs: list[int], total: int, floor: int = MIN_LINES,
               cap: int | None = None) -> int:
    """The most lines each cell may take so that cells needing `needs` lines share about
    `total` lines: small cells keep what they need, the others get an equal share (at least
    `floor`, at most `cap`)."""
    left, count = total, len(needs)
    for i, n in enumerate(sorted(needs)):
        if n * (count - i) > left:
            share = max(floor, left // (count - i))
            return min(share, cap) if cap else share
        left -= n
    return cap or max(needs, default=floor)


def _cut(text: str, lines: int, width: int) -> str:
    """The beginning of `text` that takes at most about `lines` lines, cut at a space."""
    out = []
    for part in text.split("\n"):
        count = line_count(part, width)
        if count <= lines:
            out.append(part)
            lines -= count
            continue
        if lines > 0:
            piece = part[:lines * width]
            space = piece.rfind(" ", len(piece) // 2)
            out.append(piece[:space] if space > 0 else piece)
        break
    return "\n".join(out).rstrip()


def abridge(texts: list[str], lines: int, width: int) -> tuple[list[str], str | None]:
    """The `texts` that fit in about `lines` lines of `width` characters (each starts a
    line; the first one cut if it alone is too long) and the mention of what is left out:
    « … et N autres », « [N caractères de plus] », or None."""
    shown, used = [], 0
    for i, text in enumerate(texts):
        count = line_count(text, width)
        last = i == len(texts) - 1
        if used + count <= lines - (0 if last else 1):  # keep a line for the mention
            shown.append(text)
            used += count
            continue
        if not shown:
            cut = _cut(text, max(1, lines - 1), width)
            shown.append(f"{cut} …")
            if len(texts) == 1:
                return shown, f"[{count_fr(len(text) - len(cut))} caractères de plus]"
        break
    rest = len(texts) - len(shown)
    return shown, (f"… et {rest} autre{'s' if rest > 1 else ''}" if rest else None)


def clipped(value, lines: int, room: float, style: str = "cell") -> str:
    """`value` as text of at most about `lines` lines `room` points wide in `style`, with
    the mention of what is left out (see `abridge`)."""
    texts = _texts(value)
    if not texts:
        return ""
    shown, mention = abridge(texts, lines, per_line(room, stylesheet()[style].fontSize))
    return "\n".join([*shown, *([mention] if mention else [])])


def text_lines(value, style: str, room: float, lines: int) -> TextLines:
    """`value` in at most about `lines` lines `room` points wide laid out in `style`
    (`broken_lines`), for a cell that mixes styles, where a plain string cell() cannot."""
    return TextLines(broken_lines(_texts(value), room, style, lines), stylesheet()[style])


def chunks(text: str, size: int) -> list[str]:
    """`text` cut into pieces of at most `size` characters, at a space when there is one."""
    pieces = []
    while len(text) > size:
        cut = text.rfind(" ", size // 2, size)
        cut = cut if cut > 0 else size
        pieces.append(text[:cut])
        text = text[cut:].lstrip(" ")
    return [*pieces, text]


def pieces(text: str, lines: int, width: int) -> list[str]:
    """`text` cut, at line breaks or spaces, into pieces of at most about `lines` lines of
    `width` characters (for flowables that must each stay well under a page)."""
    out, group, used = [], [], 0
    for part in text.split("\n"):
        for bit in chunks(part, lines * width):
            count = line_count(bit, width)
            if group and used + count > lines:
                out.append("\n".join(group))
                group, used = [], 0
            group.append(bit)
            used += count
    return [*out, "\n".join(group)]


def broken_lines(texts: list[str], room: float, style: str,
                 lines: int | None = None) -> list[str]:
    """`texts` (several: one bullet each) cleaned and broken into lines `room` points wide
    in `style` (`wrap_lines`); with `lines`, at most about that many: the texts that fit,
    the first one cut if it alone is too long (its last line ending with « … »), and a line
    saying what is left out, « … et N autres » or « [N caractères de plus] ». Only the
    beginning of a long text is broken: what `lines` lines could show at most."""
    font = stylesheet()[style]
    name, size = font.fontName, font.fontSize
    bullet = "• " if len(texts) > 1 else ""
    reach = int(lines * room / (NARROWEST * size)) + 1 if lines else None
    out, shown = [], 0
    for i, text in enumerate(texts):
        head = text if reach is None or len(text) <= reach else text[:reach]
        wrapped = wrap_lines(plain_text(bullet + head), room, name, size)
        if lines is None:
            out += wrapped
            continue
        free = lines - len(out) - (0 if i == len(texts) - 1 else 1)  # room for « … et N »
        if len(wrapped) <= free and head is text:
            out += wrapped
            shown += 1
            continue
        if shown == 0:  # the first text alone is too long: its beginning
            kept = wrapped[:max(1, lines - 1)]
            end = kept[-1]
            kept[-1] = end[:fitting(end, room - string_width(" …", name, size), name, size)]
            kept[-1] = kept[-1].rstrip() + " …"
            out += kept
            shown = 1
            if len(texts) == 1:
                more = max(1, len(text) - sum(len(line) + 1 for line in kept))
                out += wrap_lines(f"[{count_fr(more)} caractères de plus]", room, name, size)
        break
    rest = len(texts) - shown if lines is not None else 0
    if rest:
        out += wrap_lines(f"… et {rest} autre{'s' if rest > 1 else ''}", room, name, size)
    return out


def cell(value, style: str = "cell", room: float | None = None, lines: int | None = None):
    """A table cell: a string, a list of strings (one bullet each) or None (« Non renseigné »).

    With `room` (the column's text width), the text comes back cleaned and broken into lines
    (`broken_lines`) as one plain string, which the table draws in the font of `style` (set
    by `table_style`) several times faster than Paragraphs; without, as Paragraphs. With
    `room` and `lines`, the cell shows at most about `lines` lines (at least KEEP_LINES for
    a text of at most KEEP characters, so that short values are never cut).
    """
    texts = _texts(value)
    if not texts:
        return Paragraph(NOT_GIVEN, stylesheet()["small"])
    if room:
        if lines and sum(len(text) for text in texts) <= KEEP:
            lines = max(lines, KEEP_LINES)
        return "\n".join(broken_lines(texts, room, style, lines))
    if len(texts) > 1:
        texts = [f"• {text}" for text in texts]
    return p(texts[0], style) if len(texts) == 1 else [p(text, style) for text in texts]


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


def data_table(headers: list[str], rows: list[list], fractions: list[float], width: float, *,
               numeric: tuple[int, ...] = (), total_rows: int = 0, header_style: str = "head",
               cell_style: str = "cell") -> Table:
    """A table with a repeated blue header row; cells are cell() values (strings, lists or
    ready flowables), `numeric` columns right-aligned. Rows may split across pages; a short
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
                             lines)
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
                  lines: int = SUMMARY_CELL_LINES) -> Table:
    """The (label, value) rows of a step summary as a two-column table without header, each
    cell at most about `lines` lines long (see `summary_lines`)."""
    widths = [share * width for share in SUMMARY_SHARES]
    data = [[cell(label, "cell_bold", widths[0] - 2 * CELL_PADDING, lines),
             cell(value, "cell", widths[1] - 2 * CELL_PADDING, lines)] for label, value in rows]
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
        cells = [_texts(row[i])[:ITEMS_MEASURED] or [NOT_GIVEN] for row in rows]
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


def items_table(run, width: float) -> Table:
    """A run of item sections (same row labels) as one table: a row per item, its title
    first, a column per label."""
    headers = ["Intitulé", *(str(label) for label in _shape(run[0]))]
    rows = [[one_line(section.title), *(_texts(value) or None for _, value in section.rows)]
            for section in run]
    return data_table(headers, rows, column_shares(headers, rows, width), width)


def summary_story(sections, width: float) -> list:
    """The flowables of a step summary: each section's title (h3) and summary_table, the
    cells sharing SUMMARY_LINES lines; a run of more than ITEM_RUN sections with the same
    row labels (the items of a list: problems, places, partners, rounds…) becomes one
    items_table, a row per item."""
    lines = summary_lines(sections, width)
    out = []
    for run in _runs(sections):
        if len(run) > ITEM_RUN and run[0].rows:
            out += [items_table(run, width), Spacer(1, 4)]
            continue
        for section in run:
            if section.title:
                out.append(p(one_line(section.title), "h3"))
            out += [summary_table(section.rows, width, lines), Spacer(1, 4)]
    return out


def fr_time(hhmm: str) -> str:
    """« 14:00 » → « 14 h », « 18:30 » → « 18 h 30 »."""
    hours, _, minutes = str(hhmm).partition(":")
    if not hours.isdigit():
        return str(hhmm)
    return f"{int(hours)}\u00a0h" + (f"\u00a0{minutes}" if minutes not in ("", "00") else "")


def slot_label(slot: dict, with_mediators: bool = True) -> str:
    """« Vendredi 18 h – 23 h (2 médiateurs) »."""
    text = f"{v.label('days', slot.get('day'))} {fr_time(slot.get('start'))} – " \
           f"{fr_time(slot.get('end'))}"
    count = slot.get("mediators")
    if with_mediators and isinstance(count, int):
        text += f" ({count} médiateur{'s' if count > 1 else ''})"
    return text


def period(doc: dict) -> str | None:
    """« du 1 janvier 2027 au 31 décembre 2029 » from start_date and years."""
    start, years = doc.get("start_date"), doc.get("years")
    if not start:
        return f"{years} an{'s' if years and years > 1 else ''}" if years else None
    first = date.fromisoformat(start)
    try:
        last = first.replace(year=first.year + (years or 1)) - timedelta(days=1)
    except ValueError:  # 29 February
        last = first.replace(year=first.year + (years or 1), day=28)
    return f"du {long_date(first)} au {long_date(last)}"


def section_cover(ctx: Context) -> list:
    """The first page: kicker, title, the dossier's identity card and the audience."""
    s, inp, doc = stylesheet(), ctx.inp, ctx.doc
    holder = doc.get("holder") or {}
    rows = [
        ("Commune", inp.commune_name),
        ("Porteur du projet", holder.get("name")),
        ("Période", period(doc)),
        ("État du dossier", inp.state_label),
        ("Version", str(inp.version)),
        ("Document généré le", long_date(inp.generated_at)),
    ]
    if inp.dossier_id is not None:
        rows.insert(0, ("Référence", f"Dossier n° {inp.dossier_id}"))
    return [
        Spacer(1, 38 * mm),
        Paragraph("DEMANDE DE SUBVENTION — MÉDIATION SOCIALE", s["cover_kicker"]),
        Spacer(1, 6),
        p(one_line(doc.get("title") or "Dossier sans titre"), "cover_title"),
        Spacer(1, 10),
        summary_table(rows, ctx.width),
        Spacer(1, 14),
        p(f"Exemplaire destiné à {AUDIENCE_LABELS[ctx.audience]}.", "note"),
        p("Fonds interministériel de prévention de la délinquance (FIPD) — budget présenté "
          "selon le cerfa n° 12156*06.", "note"),
    ]


def section_places(ctx: Context) -> list:
    """The diagnosed places with their need windows, and the problems observed."""
    diagnosis = ctx.doc.get("diagnosis") or {}
    out = []
    problems = diagnosis.get("problems") or []
    if problems:
        out += heading(ctx, "problemes", "Problèmes constatés", 1)
        out.append(data_table(
            ["Problème", "Gravité", "Constats", "Source"],
            [[v.label("problem_kinds", x.get("kind")), v.label("severities", x.get("severity")),
              x.get("evidence"), x.get("source")] for x in problems],
            [0.25, 0.12, 0.40, 0.23], ctx.width))
    places = diagnosis.get("places") or []
    if places:
        out += heading(ctx, "lieux", "Lieux d'intervention et besoins de présence", 1)
        out.append(data_table(
            ["Lieu", "Type", "QPV", "Priorité", "Besoins de présence"],
            [[x.get("name"), v.label("place_kinds", x.get("kind")),
              "Oui" if x.get("qpv") else "Non", str(x.get("priority") or "—"),
              [slot_label(n, False) for n in x.get("need_slots") or []] or None]
             for x in places],
            [0.27, 0.19, 0.07, 0.11, 0.36], ctx.width))
    return out


def section_partners(ctx: Context) -> list:
    """The partners: name (and contribution in kind), category, roles, agreement."""
    partners = ctx.doc.get("partners") or []
    if not partners:
        return []
    rows, room = [], 0.34 * ctx.width - 2 * CELL_PADDING
    for x in partners:
        # the name, and the contribution in kind in small type, PARTNER_LINES lines each
        name = [text_lines(x.get("name") or "", "cell", room, PARTNER_LINES)]
        if x.get("contribution_in_kind"):
            name.append(text_lines(f"En nature : {x['contribution_in_kind']}", "small", room,
                                   PARTNER_LINES))
        rows.append([name, v.label("partner_categories", x.get("category")),
                     [v.label("partner_roles", r) for r in x.get("roles") or []] or None,
                     v.label("agreements", x.get("agreement")) if x.get("agreement") else None])
    return [*heading(ctx, "tableau-partenaires", "Tableau des partenaires", 1),
            data_table(["Partenaire", "Catégorie", "Rôles", "Convention"], rows,
                       [0.34, 0.22, 0.24, 0.20], ctx.width)]


def round_hours(ctx: Context) -> dict[str, str]:
    """Weekly mediator-hours of each round, from the costing module."""
    if ctx.costing_input is None:
        return {}
    if ctx.round_hours is None:  # computed once: the rounds table and the fiche need it
        from wizard.costing import weekly_hours

        p_ = ctx.costing_input.parameters
        ctx.round_hours = {
            r.name: nbsp(number(weekly_hours(r.slots, p_.night_start, p_.night_end).presence, 1))
            for r in ctx.costing_input.intervention.rounds}
    return ctx.round_hours


def section_rounds(ctx: Context) -> list:
    """Rounds with their places and slots, reinforcements, the week heat map."""
    iv = ctx.doc.get("intervention") or {}
    out = []
    rounds = iv.get("rounds") or []
    if rounds:
        hours = round_hours(ctx)
        out += heading(ctx, "tournees", "Tournées et créneaux hebdomadaires", 1)
        out.append(data_table(
            ["Tournée", "Lieux desservis", "Créneaux", "Heures de présence par semaine"],
            [[x.get("name"), x.get("places") or None,
              [slot_label(sl) for sl in x.get("slots") or []] or None,
              hours.get(x.get("name"), "—")] for x in rounds],
            [0.2, 0.26, 0.38, 0.16], ctx.width, numeric=(3,)))
    extra = iv.get("reinforcements") or []
    if extra:
        out += heading(ctx, "renforts", "Renforts saisonniers", 1)
        out.append(data_table(
            ["Renfort", "Semaines par an", "Créneaux"],
            [[x.get("label"), str(x.get("weeks", "—")),
              [slot_label(sl) for sl in x.get("slots") or []] or None] for x in extra],
            [0.3, 0.18, 0.52], ctx.width, numeric=(1,)))
    # heading, legend and map stay on one page
    out.append(KeepTogether([
        *heading(ctx, "couverture", "Couverture de la semaine", 1),
        p("Nombre de médiateurs présents chaque heure selon les tournées de base "
          "(hors renforts saisonniers) ; les heures où le diagnostic identifie un besoin "
          "sont encadrées en rouge.", "note"),
        CoverageHeatMap(week_grid(ctx.doc)),
    ]))
    return out


def section_indicators(ctx: Context) -> list:
    """The evaluation indicators as one table."""
    indicators = (ctx.doc.get("evaluation") or {}).get("indicators") or []
    if not indicators:
        return []
    return [*heading(ctx, "tableau-indicateurs", "Tableau des indicateurs", 1),
            data_table(["Indicateur", "Type", "Situation de départ", "Cible", "Source",
                        "Fréquence"],
                       [[x.get("name"), v.label("indicator_kinds", x.get("kind")),
                         x.get("baseline"), x.get("target"), x.get("source"),
                         v.label("frequencies", x.get("frequency"))] for x in indicators],
                       [0.24, 0.12, 0.16, 0.16, 0.17, 0.15], ctx.width)]


def section_notes(ctx: Context, notes) -> list:
    """The adviser's private notes, strings or Notes (adviser copy only; the caller checks
    the audience)."""
    out = heading(ctx, "notes", "Notes internes de la mission régionale")
    out.append(p("Ces notes ne figurent que dans l'exemplaire de relecture : elles ne sont "
                 "transmises ni au porteur ni à la préfecture.", "note"))
    for note in notes:
        if isinstance(note, str):
            note = Note(note)
        meta = " — ".join(x for x in (note.about, note.author, long_date(note.at)) if x)
        if meta:
            out.append(p(one_line(meta), "h3"))
        out.append(p(clipped(note.text, NOTE_LINES, ctx.width, "body"), "body"))
    return out
