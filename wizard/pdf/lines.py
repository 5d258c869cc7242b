"""Plain text measured and broken into lines once (`wrap_lines`), and drawn as such
(`TextLines`): what keeps the table cells of a very large dossier fast to lay out."""

from __future__ import annotations

from functools import lru_cache

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from wizard.pdf.escape import ZWSP

DAY_SHORT = ("Lun.", "Mar.", "Mer.", "Jeu.", "Ven.", "Sam.", "Dim.")



@lru_cache(maxsize=256)
def fit(text: str, font: str, size: float, width: float) -> str:
    """`text` cut with « … » so that it fits `width` points."""
    if stringWidth(text, font, size) <= width:
        return text
    text = text[:max(1, int(4 * width / size))]  # hardly any glyph is under a quarter em
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


@lru_cache(maxsize=65536)
def string_width(text: str, font: str, size: float) -> float:
    """reportlab's stringWidth, cached (the same words come back in every table)."""
    return stringWidth(text, font, size)


def fitting(text: str, room: float, font: str, size: float) -> int:
    """How many characters of `text` (at least 1) fit in `room` points."""
    width = 0.0
    for i, ch in enumerate(text):
        width += string_width(ch, font, size)
        if width > room:
            return max(1, i)
    return len(text)


def wrap_lines(text: str, room: float, font: str, size: float) -> list[str]:
    """Cleaned text (`plain_text`) broken into lines at most `room` points wide, as a Paragraph
    would: at spaces and at the zero-width spaces `plain_text` puts in long runs (dropped
    here), inside a word only when it alone is wider than the line; no-break spaces hold.
    A table draws such lines much faster than it lays out Paragraphs (once per wrap, split
    and draw), and word widths are cached."""
    lines = []
    space = string_width(" ", font, size)
    for para in text.split("\n"):
        line, width = None, 0.0
        for word in para.split(" "):
            for k, seg in enumerate(word.split(ZWSP)):
                w = string_width(seg, font, size)
                if line is not None:
                    gap = 0.0 if k else space
                    if width + gap + w <= room:
                        line += seg if k else " " + seg
                        width += gap + w
                        continue
                    lines.append(line)
                while w > room and len(seg) > 1:
                    n = fitting(seg, room, font, size)
                    lines.append(seg[:n])
                    seg = seg[n:]
                    w = string_width(seg, font, size)
                line, width = seg, w
        lines.append(line or "")
    return lines


class TextLines(Flowable):
    """Text already broken into lines (`wrap_lines`) drawn in a paragraph style's font,
    size, leading and colour, left-aligned: what a Paragraph of plain text looks like, at a
    fraction of its cost (no markup to parse, no line breaking at each wrap). Splits
    between lines."""

    def __init__(self, lines: list[str], style):
        super().__init__()
        self.lines, self.style = lines, style

    def wrap(self, avail_width, avail_height):
        self.width, self.height = avail_width, len(self.lines) * self.style.leading
        return self.width, self.height

    def split(self, avail_width, avail_height):
        n = int(avail_height // self.style.leading)
        if n <= 0 or n >= len(self.lines):
            return []
        return [TextLines(self.lines[:n], self.style), TextLines(self.lines[n:], self.style)]

    def draw(self):
        style = self.style
        text = self.canv.beginText(0, len(self.lines) * style.leading - style.fontSize)
        text.setFont(style.fontName, style.fontSize, style.leading)
        text.setFillColor(style.textColor)
        for line in self.lines:
            text.textLine(line)
        self.canv.drawText(text)
