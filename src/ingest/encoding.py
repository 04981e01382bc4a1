"""Turn fetched bytes into text: inflate the Content-Encoding, then find the charset.

``BoundedInflater`` undoes gzip/deflate with a cap on the output (gzip bombs). The charset
of a page is found the way browsers find it.

Order (WHATWG "determine the character encoding", plus two repairs for servers that lie):

1. a byte-order mark;
2. the ``charset`` of the Content-Type header;
3. ``<meta charset>``, ``<meta http-equiv="Content-Type">`` or the XML declaration in the
   first 4 KB;
4. detection: valid UTF-8 first, then charset-normalizer, with an Arabic prior.

Repairs: a label of ``utf-8`` on bytes that are not UTF-8 (several Libyan sites serve
windows-1256 labelled utf-8) falls through to the meta charset and detection; a label of
Latin-1/windows-1252/ASCII, which some Apache (``AddDefaultCharset``) and old PHP setups
add to every page, yields to a different meta charset, to bytes that are valid UTF-8 and
to bytes that read as Arabic words in windows-1256. ISO-8859-1, Latin-1 and ASCII
labels decode as windows-1252, as WHATWG requires and browsers do.

charset-normalizer was chosen over chardet (pure Python, slower) and cchardet
(unmaintained); on short Arabic windows-1256 snippets it guesses Japanese (cp932), hence
the Arabic prior: windows-1256 wins when it turns the bytes into Arabic letters and the
detector's choice does not.
"""

from __future__ import annotations

import codecs
import re
import zlib

from charset_normalizer import from_bytes

META_SNIFF_BYTES = 4096
DETECT_SAMPLE_BYTES = 64 * 1024
# Share of non-ASCII characters that must be Arabic for the windows-1256 prior to apply.
ARABIC_PRIOR_MIN_RATIO = 0.7
# A UTF-8 page with a few broken bytes (a truncated multi-byte character, one pasted
# windows-1252 quote) is still UTF-8: one error per this many good characters is tolerated.
UTF8_GOOD_CHARS_PER_ERROR = 50

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# WHATWG Encoding Standard: these labels all mean windows-1252.
_WINDOWS_1252_LABELS = frozenset(
    {
        "ascii", "us-ascii", "ansi_x3.4-1968", "iso-8859-1", "iso8859-1", "iso_8859-1",
        "iso88591", "latin1", "latin-1", "l1", "cp819", "ibm819", "cp1252", "windows-1252",
        "x-cp1252",
    }
)  # fmt: skip
# Python codecs that are not web encodings: a hostile label must not select them.
_REFUSED_CODECS = frozenset(
    {"idna", "punycode", "raw-unicode-escape", "unicode-escape", "utf-7", "undefined"}
)
_CHARSET_PARAM = re.compile(r"""charset\s*=\s*["']?\s*([\w.:+-]+)""", re.IGNORECASE)
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,512}?charset\s*=\s*["']?\s*([\w.:+-]+)""", re.IGNORECASE
)
# Arabic words, not stray characters: in windows-1256, German ä ö ß are Arabic letters too.
_ARABIC_WORD = re.compile("[\u0600-\u06ff]{3,}")
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([\w.:+-]+)""")


def decode_html(content: bytes, content_type: str | None) -> tuple[str, str]:
    """Decode a fetched body; return (text, Python codec name used). Never raises.

    Example: ``decode_html("ليبيا".encode("cp1256"), "text/html; charset=utf-8")``
    returns ``("ليبيا", "cp1256")``.
    """
    for bom, name in _BOMS:
        if content.startswith(bom):
            return content[len(bom) :].decode(name, errors="replace"), name

    header = normalize_charset(charset_from_content_type(content_type))
    meta = normalize_charset(sniff_meta_charset(content[:META_SNIFF_BYTES]))
    if meta in ("utf-16-le", "utf-16-be", "utf-16"):
        meta = "utf-8"  # WHATWG: an ASCII-readable meta cannot truly declare UTF-16

    if header is not None and header != "utf-8" and not _is_weak_label(header, meta, content):
        return content.decode(header, errors="replace"), header
    utf8_text = _decode_mostly_utf8(content)
    if header == "utf-8" and utf8_text is not None:
        return utf8_text, "utf-8"
    if meta is not None and meta != "utf-8":
        return content.decode(meta, errors="replace"), meta
    if utf8_text is not None:
        return utf8_text, "utf-8"
    if header is not None and header != "utf-8":
        # A weak windows-1252 label that neither the meta nor UTF-8 explained: it stands,
        # unless the bytes read as Arabic in windows-1256.
        name = "cp1256" if _looks_like_windows_1256(content) else header
    else:
        name = detect_charset(content)
    return content.decode(name, errors="replace"), name


def charset_from_content_type(content_type: str | None) -> str | None:
    """Return the charset parameter of a Content-Type value, if any."""
    if not content_type:
        return None
    match = _CHARSET_PARAM.search(content_type)
    return match.group(1) if match else None


def sniff_meta_charset(head: bytes) -> str | None:
    """Return the charset an XML declaration or ``<meta>`` tag in ``head`` declares."""
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii", errors="replace") if match else None


def normalize_charset(label: str | None) -> str | None:
    """Map a charset label to a Python codec name, or None when unknown or unsafe."""
    if not label:
        return None
    label = label.strip().lower()
    if label in _WINDOWS_1252_LABELS:
        return "cp1252"
    try:
        info = codecs.lookup(label)
    except LookupError:
        return None
    name = info.name.replace("_", "-")
    # codecs.lookup also finds bytes-to-bytes codecs such as base64 and zip.
    if name in _REFUSED_CODECS or not getattr(info, "_is_text_encoding", True):
        return None
    return "utf-8" if name == "utf-8-sig" else name


def detect_charset(content: bytes) -> str:
    """Guess the charset of undeclared, non-UTF-8 bytes (Arabic-first)."""
    sample = content[:DETECT_SAMPLE_BYTES]
    try:
        best = from_bytes(sample).best()
    except Exception:  # the detector must never take a page down with it
        best = None
    guess = normalize_charset(best.encoding) if best is not None else None
    arabic_prior = _arabic_ratio(sample.decode("cp1256", errors="replace"))
    if arabic_prior >= ARABIC_PRIOR_MIN_RATIO and (
        guess is None or arabic_prior > _arabic_ratio(sample.decode(guess, errors="replace"))
    ):
        return "cp1256"
    return guess or "utf-8"


def _is_weak_label(header: str, meta: str | None, content: bytes) -> bool:
    """True when a windows-1252 header is a server default contradicted by the page."""
    if header != "cp1252" or content.isascii():
        return False
    if meta is not None and meta != "cp1252":
        return True
    return _decode_mostly_utf8(content) is not None or _looks_like_windows_1256(content)


def _decode_mostly_utf8(content: bytes) -> str | None:
    """The text if the bytes are UTF-8, allowing a rare broken sequence; else None."""
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = content.decode("utf-8", errors="replace")
    errors = text.count("\ufffd")
    good = len(text) - len(text.encode("ascii", errors="ignore")) - errors
    return text if good >= errors * UTF8_GOOD_CHARS_PER_ERROR else None


def _looks_like_windows_1256(content: bytes) -> bool:
    """True when the bytes, read as windows-1256, are mostly Arabic words."""
    sample = content[:DETECT_SAMPLE_BYTES].decode("cp1256", errors="replace")
    return _arabic_ratio(sample) >= ARABIC_PRIOR_MIN_RATIO


def _arabic_ratio(text: str) -> float:
    """Share of non-ASCII characters in ``text`` that form Arabic words."""
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
    if not non_ascii:
        return 0.0
    return sum(len(word) for word in _ARABIC_WORD.findall(text)) / non_ascii


class BoundedInflater:
    """gzip/deflate Content-Encoding decoding that never produces more output than asked for.

    ``zlib.decompressobj().decompress(data, max_length)`` leaves the input it could not
    inflate within ``max_length`` in ``unconsumed_tail``: a 200 MB gzip bomb is read a
    capped piece at a time, so memory stays near the size cap instead of the bomb's size.
    """

    def __init__(self, coding: str) -> None:
        self._gzip = coding != "deflate"
        self._zlib = zlib.decompressobj(zlib.MAX_WBITS | 16 if self._gzip else zlib.MAX_WBITS)
        self._started = False
        self._new_member = False
        self._finished = False

    def inflate(self, data: bytes, limit: int) -> tuple[bytes, bytes]:
        """Inflate ``data`` into at most ``limit`` bytes; return (output, unread input)."""
        limit = max(1, limit)  # zlib reads a max_length of 0 as "no limit"
        if self._finished:
            return b"", b""
        if self._zlib.eof:
            if not self._gzip:
                self._finished = True  # bytes after the deflate stream: ignored, as browsers do
                return b"", b""
            self._zlib = zlib.decompressobj(zlib.MAX_WBITS | 16)  # the next gzip member
            self._new_member = True
        try:
            output = self._zlib.decompress(data, limit)
        except zlib.error:
            if self._new_member:
                self._finished = True  # junk after a complete gzip member: ignored
                return b"", b""
            if self._started or self._gzip:
                raise
            # Some servers send raw deflate (no zlib header) under "deflate".
            self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
            output = self._zlib.decompress(data, limit)
        self._started = True
        self._new_member = False
        return output, self._zlib.unconsumed_tail or self._zlib.unused_data

    def flush(self) -> bytes:
        """Return what the decompressor still holds once the body has ended."""
        return b"" if self._finished else self._zlib.flush()
