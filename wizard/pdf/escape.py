"""The one way user text reaches the PDF.

`para_text()` turns any value into safe reportlab Paragraph markup; `plain_text()` is the
same cleaning without markup, for strings drawn directly on the canvas (running header,
chart labels). Neither ever raises on odd input: markup, control characters, huge words,
characters the font lacks and right-to-left scripts all come out as printable text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from wizard.pdf.styles import glyphs

LONG_WORD = 40  # characters between the break opportunities added to unbroken runs
ZWSP = "\u200b"
REPLACEMENT = "\ufffd"

_LONG_RUN = re.compile(r"[^\s\u200b]{%d,}" % (LONG_WORD + 1))
# In a long run (an address, a path), a line may break after a separator (and its repeats).
_AFTER_SEPARATOR = re.compile(r"(?<=[/.\-_?&=@])(?=[^/.\-_?&=@])")
# A run of replaced characters and the joiners / variation selectors between them (one
# emoji sequence such as 👨‍👩‍👧) becomes a single replacement character.
_REPLACEMENTS = re.compile("\ufffd(?:[\u200d\ufe0e\ufe0f]*\ufffd)*[\u200d\ufe0e\ufe0f]*")
_SIMPLE = re.compile(r"[ -~\u00a0-\u017f\u2019\u2026\u2013\u2014\u20ac\u00ab\u00bb\u202f\n]*")
_INVISIBLE = {"Cf", "Mn", "Me", "Co", "Cn", "Cs"}


@cache
def _printable() -> frozenset[int]:
    """Code points kept as they are: in the font, neither control nor line separator."""
    controls = {*range(32), *range(127, 160), 0x2028, 0x2029}
    return glyphs() - controls


def _char(ch: str, known: frozenset[int]) -> str:
    """One character made printable: '' (drop), a space, a newline or a replacement."""
    if ch == "\n":
        return ch
    category = unicodedata.category(ch)
    if category == "Cc":
        return " " if ch == "\t" else ""
    if category in ("Zl", "Zp"):
        return "\n"
    if ord(ch) in known:
        return ch
    if category.startswith("Z"):
        return " "
    if category in _INVISIBLE:
        return ""  # joiners, variation selectors, bidi controls: nothing to draw
    return REPLACEMENT  # emoji and other symbols DejaVu Sans cannot draw


def _break_long_words(text: str) -> str:
    def chunk(match: re.Match) -> str:
        return ZWSP.join(piece[i:i + LONG_WORD]
                         for piece in _AFTER_SEPARATOR.split(match.group(0))
                         for i in range(0, len(piece), LONG_WORD))

    return _LONG_RUN.sub(chunk, text)


def plain_text(value) -> str:
    """`value` as printable text for the embedded font: None → '', other types via str();
    control characters removed (tabs become spaces, line endings become \\n), characters
    the font lacks replaced by U+FFFD (emoji) or dropped (invisible marks), and zero-width
    spaces added in a run of more than 40 characters without spaces, after its separators
    (« / », « . », « - »… so that an address wraps where it reads well) and every 40
    characters between them, so any width can wrap it.
    Right-to-left text is kept in logical order (no shaping)."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not _SIMPLE.fullmatch(text):
        known, keep = glyphs(), _printable()
        text = "".join(ch if ord(ch) in keep else _char(ch, known) for ch in text)
        text = _REPLACEMENTS.sub(REPLACEMENT, text)
    return _break_long_words(text)


def para_text(value) -> str:
    """`value` as reportlab Paragraph markup showing exactly its text: `plain_text()`,
    then &, < and > escaped and line breaks as <br/>. Every user text goes through it."""
    text = plain_text(value)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\n", "<br/>")


def one_line(value, limit: int = 300) -> str:
    """`value` as one line of at most about `limit` characters (titles, chart labels): runs of
    white space, line breaks included, become one space; longer text ends with « … »."""
    text = " ".join(str(value if value is not None else "").split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"
