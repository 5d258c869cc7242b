"""Stylesheet, fonts, colours and named geometry of the dossier PDF.

Fonts are DejaVu Sans (Debian's fonts-dejavu-core), registered once per process: they cover
French, Arabic and Hebrew letters and most symbols, and reportlab embeds only the glyphs used.
Colours follow the French State's identity (DSFR): blue France, red Marianne and greys.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"

# Geometry (points). The header and footer sit inside the margins.
PAGE = A4
PAGE_LANDSCAPE = landscape(A4)
MARGIN = 20 * mm
TOP_MARGIN = 24 * mm
BOTTOM_MARGIN = 22 * mm
HEADER_Y = 12 * mm  # from the top edge
FOOTER_Y = 10 * mm  # from the bottom edge
CELL_PADDING = 4  # left and right padding of table cells

# Colours of the State's identity (DSFR tokens).
BLUE_FRANCE = colors.HexColor("#000091")
RED_MARIANNE = colors.HexColor("#E1000F")
BLUE_LIGHT = colors.HexColor("#E3E3FD")  # blue-france-925
BLUE_MID = colors.HexColor("#6A6AF4")  # blue-france-main-525
GREY_DARK = colors.HexColor("#3A3A3A")
GREY_MID = colors.HexColor("#666666")
GREY_RULE = colors.HexColor("#DDDDDD")
GREY_BG = colors.HexColor("#F6F6F6")
WHITE = colors.white


@cache
def register_fonts() -> tuple[str, str]:
    """Register DejaVu Sans (regular, bold) with reportlab once; returns their names.

    Raises FileNotFoundError naming the Debian package when the fonts are missing.
    """
    regular, bold = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
    for path in (regular, bold):
        if not path.exists():
            raise FileNotFoundError(f"{path} absent : installer le paquet fonts-dejavu-core")
    # Binary (zlib only) streams: ASCII85 makes files bigger and its pure-Python encoder
    # was a tenth of the rendering time. Process-wide; nothing else here renders PDFs.
    rl_config.useA85 = 0
    pdfmetrics.registerFont(TTFont(FONT, str(regular)))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(bold)))
    # No oblique face in fonts-dejavu-core: italics fall back to the upright faces.
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT,
                                  boldItalic=FONT_BOLD)
    return FONT, FONT_BOLD


@cache
def glyphs() -> frozenset[int]:
    """The code points DejaVu Sans can draw (from the font's cmap)."""
    register_fonts()
    return frozenset(pdfmetrics.getFont(FONT).face.charToGlyph)


def _style(name: str, **kw) -> ParagraphStyle:
    base = {"fontName": FONT, "fontSize": 9.5, "leading": 12.5, "textColor": GREY_DARK,
            "alignment": TA_LEFT, "splitLongWords": 1}
    base.update(kw)
    return ParagraphStyle(name, **base)


@cache
def stylesheet() -> dict[str, ParagraphStyle]:
    """The named paragraph styles of the dossier (built once)."""
    register_fonts()
    return {
        "body": _style("body", spaceAfter=4),
        "small": _style("small", fontSize=8, leading=10, textColor=GREY_MID),
        "note": _style("note", fontSize=8.5, leading=11, textColor=GREY_MID, spaceBefore=2,
                       spaceAfter=6),
        "h1": _style("h1", fontName=FONT_BOLD, fontSize=16, leading=20, textColor=BLUE_FRANCE,
                     spaceBefore=4, spaceAfter=8, keepWithNext=1),
        "h2": _style("h2", fontName=FONT_BOLD, fontSize=12, leading=15, textColor=BLUE_FRANCE,
                     spaceBefore=10, spaceAfter=5, keepWithNext=1),
        "h3": _style("h3", fontName=FONT_BOLD, fontSize=10, leading=13, spaceBefore=6,
                     spaceAfter=3, keepWithNext=1),
        "cell": _style("cell", fontSize=8.5, leading=10.5),
        "cell_indent": _style("cell_indent", fontSize=8.5, leading=10.5, leftIndent=10),
        "cell_bold": _style("cell_bold", fontName=FONT_BOLD, fontSize=8.5, leading=10.5),
        "cell_right": _style("cell_right", fontSize=8.5, leading=10.5, alignment=TA_RIGHT),
        "cell_right_bold": _style("cell_right_bold", fontName=FONT_BOLD, fontSize=8.5,
                                  leading=10.5, alignment=TA_RIGHT),
        "head": _style("head", fontName=FONT_BOLD, fontSize=8.5, leading=10.5, textColor=WHITE),
        "head_right": _style("head_right", fontName=FONT_BOLD, fontSize=8.5, leading=10.5,
                             textColor=WHITE, alignment=TA_RIGHT),
        "fiche": _style("fiche", fontSize=7.5, leading=9, spaceAfter=1.5),
        "fiche_head": _style("fiche_head", fontName=FONT_BOLD, fontSize=7.5, leading=9,
                             textColor=WHITE, splitLongWords=0),
        "toc": _style("toc", fontSize=11, leading=15),
        "cover_kicker": _style("cover_kicker", fontName=FONT_BOLD, fontSize=10, leading=13,
                               textColor=BLUE_FRANCE),
        "cover_title": _style("cover_title", fontName=FONT_BOLD, fontSize=22, leading=27,
                              textColor=BLUE_FRANCE, spaceAfter=10),
        "cover_line": _style("cover_line", fontSize=11, leading=15),
        "cover_center": _style("cover_center", fontSize=9, leading=12, alignment=TA_CENTER,
                               textColor=GREY_MID),
    }


def table_style(header_rows: int = 1, *, zebra: bool = True, total_rows: int = 0,
                numeric: tuple[int, ...] = (), bold_columns: tuple[int, ...] = ()) -> list:
    """TableStyle commands of the dossier's tables: blue header, thin rules, light stripes,
    bold totals on the last `total_rows` rows, `numeric` columns right-aligned. The fonts
    apply to cells given as plain strings (Paragraph cells carry their own style)."""
    cmds = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, GREY_RULE),
        ("FONT", (0, 0), (-1, -1), FONT, 8.5, 10.5),
        ("TEXTCOLOR", (0, 0), (-1, -1), GREY_DARK),
        *(("ALIGN", (c, 0), (c, -1), "RIGHT") for c in numeric),
        *(("FONTNAME", (c, 0), (c, -1), FONT_BOLD) for c in bold_columns),
    ]
    if header_rows:
        cmds += [("BACKGROUND", (0, 0), (-1, header_rows - 1), BLUE_FRANCE),
                 ("FONTNAME", (0, 0), (-1, header_rows - 1), FONT_BOLD),
                 ("TEXTCOLOR", (0, 0), (-1, header_rows - 1), WHITE)]
    if zebra:
        cmds.append(("ROWBACKGROUNDS", (0, header_rows), (-1, -1 - total_rows),
                     [None, GREY_BG]))
    if total_rows:
        cmds += [("BACKGROUND", (0, -total_rows), (-1, -1), BLUE_LIGHT),
                 ("FONTNAME", (0, -total_rows), (-1, -1), FONT_BOLD),
                 ("LINEABOVE", (0, -total_rows), (-1, -total_rows), 0.8, BLUE_FRANCE)]
    return cmds
