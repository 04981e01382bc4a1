"""Turn page bytes into text: BOM, then the page's own ``<meta charset>``, then detection.

charset-normalizer is the detector (already a dependency of the fetch layer). The declared
charset wins when the bytes decode under it without error, because detectors mistake short
Arabic pages in windows-1256 for other single-byte codepages; detection only runs when the
page declares nothing or declares something its bytes contradict.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

# Where browsers look for <meta charset> (the HTML standard's prescan reads 1024 bytes;
# real Libyan pages put long <script> blocks first, so we look further).
PRESCAN_BYTES = 8192
# Detection on a prefix is as good as on the whole page and much faster on big pages.
DETECT_BYTES = 64 * 1024

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.I)
# Pages labelled latin-1 are decoded as windows-1252, as browsers do (WHATWG Encoding).
_ALIASES = {"iso-8859-1": "windows-1252", "latin-1": "windows-1252", "ascii": "windows-1252"}


def declared_charset(data: bytes) -> str | None:
    """Return the charset a page declares in its first bytes, if Python knows it."""
    match = _META_CHARSET.search(data[:PRESCAN_BYTES])
    if not match:
        return None
    name = match.group(1).decode("ascii", "ignore").lower()
    name = _ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_html(data: bytes) -> tuple[str, str]:
    """Return (text, encoding used) for page bytes; never raises."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(name, "replace"), name
    declared = declared_charset(data)
    if declared and declared != "utf-8" and not data.isascii():
        # Valid UTF-8 beyond ASCII is almost never an accident: pages that declare a
        # single-byte charset but were saved as UTF-8 (a CMS upgrade) read right.
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    if declared:
        try:
            return data.decode(declared), declared
        except (UnicodeDecodeError, LookupError):
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:DETECT_BYTES]).best()
    name = best.encoding if best is not None else (declared or "utf-8")
    return data.decode(name, "replace"), name
