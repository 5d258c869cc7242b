"""Table cells and paragraphs of the dossier PDF, bounded so that any dossier the schema
accepts lays out: user text reaches a Paragraph only through `para_text` (via `p()` and
`cell()`), a cell or a TextLines through `plain_text`; long lists and texts are abridged
with a French mention (« … et N autres », « [N caractères de plus] »)."""

from __future__ import annotations

from functools import lru_cache

from reportlab.platypus import Paragraph

from wizard.pdf.context import NOT_GIVEN
from wizard.pdf.escape import para_text, plain_text
from wizard.pdf.lines import TextLines, fitting, string_width, wrap_lines
from wizard.pdf.styles import stylesheet

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


def texts_of(value) -> list[str]:
    if value is None or value == "" or value == []:
        return []
    return [str(x) for x in value] if isinstance(value, (list, tuple)) else [str(value)]


def need(value, width: int, cap: int = 1000) -> int:
    """The lines a cell() value takes unabridged (a list item starts a line), or `cap` if
    more (long lists are not measured further)."""
    total = 0
    for text in texts_of(value):
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
    texts = texts_of(value)
    if not texts:
        return ""
    shown, mention = abridge(texts, lines, per_line(room, stylesheet()[style].fontSize))
    return "\n".join([*shown, *([mention] if mention else [])])


def text_lines(value, style: str, room: float, lines: int) -> TextLines:
    """`value` in at most about `lines` lines `room` points wide laid out in `style`
    (`broken_lines`), for a cell that mixes styles, where a plain string cell() cannot."""
    return TextLines(broken_lines(texts_of(value), room, style, lines), stylesheet()[style])


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


def cell(value, style: str = "cell", room: float | None = None, lines: int | None = None,
         empty: str = NOT_GIVEN):
    """A table cell: a string, a list of strings (one bullet each) or None (`empty`: « Non
    renseigné » in the lead's draft, nothing in a transmitted copy).

    With `room` (the column's text width), the text comes back cleaned and broken into lines
    (`broken_lines`) as one plain string, which the table draws in the font of `style` (set
    by `table_style`) several times faster than Paragraphs; without, as Paragraphs. With
    `room` and `lines`, the cell shows at most about `lines` lines (at least KEEP_LINES for
    a text of at most KEEP characters, so that short values are never cut).
    """
    texts = texts_of(value)
    if not texts:
        return Paragraph(empty, stylesheet()["small"]) if empty else ""
    if room:
        if lines and sum(len(text) for text in texts) <= KEEP:
            lines = max(lines, KEEP_LINES)
        return "\n".join(broken_lines(texts, room, style, lines))
    if len(texts) > 1:
        texts = [f"• {text}" for text in texts]
    return p(texts[0], style) if len(texts) == 1 else [p(text, style) for text in texts]
