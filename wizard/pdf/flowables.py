"""Small drawing pieces of the dossier PDF: the numbered canvas (running header, footer,
« Page X / Y », table of contents page numbers), the draft watermark, section headings and the
table of contents filled in a single build pass, the coverage heat map. Plain text broken into
lines once for table cells is in `wizard.pdf.lines`.

The bar charts (reportlab.graphics drawings) live in `wizard.pdf.charts`.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from wizard.pdf.escape import plain_text
from wizard.pdf.lines import fit, wrap_lines
from wizard.pdf.styles import (
    BLUE_FRANCE,
    BLUE_LIGHT,
    FONT,
    FONT_BOLD,
    FOOTER_Y,
    GREY_DARK,
    GREY_MID,
    GREY_RULE,
    HEADER_Y,
    MARGIN,
    RED_MARIANNE,
    WHITE,
)

DAY_SHORT = ("Lun.", "Mar.", "Mer.", "Jeu.", "Ven.", "Sam.", "Dim.")
FOOTER_SIZE, FOOTER_MIN_SIZE = 7.5, 6.5  # points
FOOTER_LINES = 4  # the bottom margin holds them above FOOTER_Y


class NumberedCanvas(Canvas):
    """A canvas that keeps its pages until `save()`, then draws on each the running header
    (from page 2), the footer and « Page X / Y », and the page numbers of the table of
    contents, which are known only once every page is laid out (one build pass, no
    multiBuild). Subclass it with `make_canvas()` to set the header and footer texts."""

    header_text = ""
    footer_text = ""
    draft = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._page_states: list[dict] = []
        self.toc_slots: list[tuple[int, float, float, str]] = []  # page, x, y, anchor key
        self.anchor_pages: dict[str, int] = {}

    def showPage(self):
        """Keep the finished page (its state) instead of writing it now."""
        self._page_states.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        """Decorate every kept page knowing the page count, then write the file."""
        total = len(self._page_states)
        for state in self._page_states:
            self.__dict__.update(state)
            self._decorate(total)
            Canvas.showPage(self)
        Canvas.save(self)

    def _decorate(self, total: int) -> None:
        width, _height = self._pagesize
        page = self._pageNumber
        if self.draft:
            draw_watermark(self)
        self.saveState()
        if page > 1 and self.header_text:
            self._header()
        self.setFont(FONT, 7.5)
        self.setFillColor(GREY_MID)
        label = f"Page {page} / {total}"
        self.drawRightString(width - MARGIN, FOOTER_Y, label)
        if page > 1 and self.footer_text:
            self._footer(width - 2 * MARGIN - stringWidth(label, FONT, 7.5) - 12)
        self.setFont(FONT, 10)
        self.setFillColor(BLUE_FRANCE)
        for slot_page, x, y, key in self.toc_slots:
            if slot_page == page and key in self.anchor_pages:
                self.drawRightString(x, y, str(self.anchor_pages[key]))
        self.restoreState()

    def _footer(self, room: float) -> None:
        """The footer whole (the operator's name is never cut): in FOOTER_SIZE points, or a
        smaller size down to FOOTER_MIN_SIZE if that makes it fit on one line, else on
        several lines upwards from FOOTER_Y (at most FOOTER_LINES, within the margin)."""
        text = self.footer_text
        size = FOOTER_SIZE
        while size > FOOTER_MIN_SIZE and stringWidth(text, FONT, size) > room:
            size -= 0.25
        lines = wrap_lines(text, room, FONT, size)[:FOOTER_LINES]
        self.setFont(FONT, size)
        for i, line in enumerate(lines):
            self.drawString(MARGIN, FOOTER_Y + (len(lines) - 1 - i) * (size + 1.5), line)

    def _header(self) -> None:
        width, height = self._pagesize
        y = height - HEADER_Y
        self.setFillColor(BLUE_FRANCE)
        self.rect(MARGIN, y - 1.5, 2.2, 9, stroke=0, fill=1)
        self.setFillColor(RED_MARIANNE)
        self.rect(MARGIN + 2.2, y - 1.5, 2.2, 9, stroke=0, fill=1)
        self.setFont(FONT, 7.5)
        self.setFillColor(GREY_MID)
        self.drawString(MARGIN + 8, y, fit(self.header_text, FONT, 7.5, width - 2 * MARGIN - 8))
        self.setStrokeColor(GREY_RULE)
        self.setLineWidth(0.5)
        self.line(MARGIN, y - 4, width - MARGIN, y - 4)


def make_canvas(header: str, footer: str, draft: bool = False) -> type[NumberedCanvas]:
    """A NumberedCanvas class with this running header and footer (user text is cleaned),
    stamping « BROUILLON » over every page of a draft."""
    return type("DossierCanvas", (NumberedCanvas,), {
        "header_text": plain_text(header), "footer_text": plain_text(footer), "draft": draft})


def draw_watermark(canvas: Canvas, text: str = "BROUILLON") -> None:
    """The diagonal « BROUILLON » of a draft, translucent so the page reads through it."""
    width, height = canvas._pagesize
    canvas.saveState()
    canvas.setFillColor(RED_MARIANNE, alpha=0.09)
    canvas.setFont(FONT_BOLD, 96 if width < height else 110)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(50 if width < height else 30)
    canvas.drawCentredString(0, -34, text)
    canvas.restoreState()


class SectionHeading(Paragraph):
    """A heading that records, when drawn, its page for the table of contents and adds a
    bookmark and an outline entry (the PDF reader's side panel)."""

    def __init__(self, text: str, style, key: str, outline: str, level: int = 0):
        super().__init__(text, style)
        self.key, self.outline, self.level = key, outline, level

    def draw(self):
        canvas = self.canv
        if hasattr(canvas, "anchor_pages"):
            canvas.anchor_pages[self.key] = canvas.getPageNumber()
        canvas.bookmarkPage(self.key)
        canvas.addOutlineEntry(self.outline, self.key, level=self.level, closed=True)
        super().draw()


class TableOfContents(Flowable):
    """The list of sections with dotted leaders; page numbers are drawn by NumberedCanvas
    once known. `entries` are (anchor key, plain title) pairs."""

    def __init__(self, entries: list[tuple[str, str]], leading: float = 19, size: float = 10.5):
        super().__init__()
        self.entries, self.leading, self.size = entries, leading, size

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        return avail_width, self.leading * len(self.entries)

    def draw(self):
        canvas = self.canv
        number_room = 30
        for i, (key, title) in enumerate(self.entries):
            y = self.leading * (len(self.entries) - i - 1) + 5
            text = fit(title, FONT, self.size, self.width - number_room - 20)
            canvas.setFont(FONT, self.size)
            canvas.setFillColor(BLUE_FRANCE)
            canvas.drawString(0, y, text)
            canvas.linkRect("", key, (0, y - 3, self.width, y + self.size), relative=1)
            start = stringWidth(text, FONT, self.size) + 6
            canvas.setStrokeColor(GREY_RULE)
            canvas.setDash(1, 3)
            canvas.line(start, y + 1, self.width - number_room, y + 1)
            canvas.setDash()
            if hasattr(canvas, "toc_slots"):
                x_abs, y_abs = canvas.absolutePosition(self.width, y)
                canvas.toc_slots.append((canvas.getPageNumber(), x_abs, y_abs, key))



def _shade(count: int, top: int):
    if count <= 0:
        return WHITE
    return colors.linearlyInterpolatedColor(BLUE_LIGHT, BLUE_FRANCE, 0, 1, count / max(top, 1))


class CoverageHeatMap(Flowable):
    """Days × hours of the week (a `wizard.costing.coverage.WeekGrid`): each hour shaded by the
    mediators planned by the base rounds, the hours with a diagnosed need outlined in red,
    hour labels every two hours and a legend below."""

    ROW = 6.5 * mm
    LABEL = 14 * mm

    def __init__(self, grid):
        super().__init__()
        self.rows = grid.rows
        self.top = grid.max_mediators

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        self.height = self.ROW * 7 + 10 * mm
        return self.width, self.height

    def draw(self):
        c = self.canv
        cell_w = (self.width - self.LABEL) / 24
        base = 8 * mm  # room for the legend
        c.setFont(FONT, 6.5)
        for d, row in enumerate(self.rows):
            y = base + self.ROW * (6 - d)
            c.setFillColor(GREY_DARK)
            c.drawString(0, y + self.ROW / 2 - 2, DAY_SHORT[d])
            for cell in row:
                c.setFillColor(_shade(cell.mediators, self.top))
                c.rect(self.LABEL + cell.hour * cell_w, y, cell_w, self.ROW, stroke=0, fill=1)
                if cell.mediators:
                    label = str(cell.mediators)
                    # large counts (up to 200 000) shrink to fit their cell
                    size = min(6.5, 6.5 * (cell_w - 2) / stringWidth(label, FONT, 6.5))
                    c.setFont(FONT, size)
                    c.setFillColor(WHITE if cell.mediators * 2 > self.top else GREY_DARK)
                    c.drawCentredString(self.LABEL + (cell.hour + 0.5) * cell_w,
                                        y + self.ROW / 2 - 2.2, label)
                    c.setFont(FONT, 6.5)
        c.setStrokeColor(GREY_RULE)
        c.setLineWidth(0.3)
        for h in range(0, 25):
            x = self.LABEL + h * cell_w
            c.line(x, base, x, base + 7 * self.ROW)
            if h < 24 and h % 2 == 0:
                c.setFillColor(GREY_MID)
                c.drawString(x + 1, base + 7 * self.ROW + 2, f"{h} h")
        for d in range(8):
            c.line(self.LABEL, base + d * self.ROW, self.width, base + d * self.ROW)
        c.setStrokeColor(RED_MARIANNE)
        c.setLineWidth(1.1)
        for d, row in enumerate(self.rows):  # one outline per run of hours in need
            y = base + self.ROW * (6 - d)
            hours = [cell.hour for cell in row if cell.need] + [99]
            first = hours[0]
            for prev, hour in zip(hours, hours[1:]):
                if hour != prev + 1:
                    c.rect(self.LABEL + first * cell_w + 0.6, y + 0.6,
                           (prev - first + 1) * cell_w - 1.2, self.ROW - 1.2, stroke=1, fill=0)
                    first = hour
        self._legend(base)

    def _legend(self, base: float) -> None:
        c = self.canv
        c.setFont(FONT, 6.5)
        x, y = self.LABEL, 1.5 * mm
        c.setFillColor(GREY_DARK)
        c.drawString(0, y, "Légende :")
        top = max(self.top, 1)
        samples = range(top + 1) if top <= 6 else sorted({0, 1, top // 4, top // 2, top})
        for count in samples:
            c.setFillColor(_shade(count, self.top))
            c.setStrokeColor(GREY_RULE)
            c.rect(x, y - 1.5, 4 * mm, 3 * mm, stroke=1, fill=1)
            c.setFillColor(GREY_DARK)
            label = f"{count} médiateur{'s' if count > 1 else ''}"
            c.drawString(x + 5 * mm, y, label)
            x += 5 * mm + stringWidth(label, FONT, 6.5) + 4 * mm
        c.setStrokeColor(RED_MARIANNE)
        c.setLineWidth(1.1)
        c.rect(x, y - 1.5, 4 * mm, 3 * mm, stroke=1, fill=0)
        c.setFillColor(GREY_DARK)
        c.drawString(x + 5 * mm, y, "besoin identifié au diagnostic")
