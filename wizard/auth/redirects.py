"""Where a browser may be sent after signing in: the `next=` value, checked."""

import unicodedata
from urllib.parse import urlsplit


def safe_next(target: str | None) -> str | None:
    """Only same-site relative paths are followed after login (no open redirect).

    Control and invisible format characters (CR/LF would break the Location header, browsers
    drop tabs and newlines, bidi overrides disguise the address) and backslashes are refused.
    """
    if not target or len(target) > 2000:
        return None
    if any(unicodedata.category(char)[0] == "C" or char in "\u2028\u2029\\" for char in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target
