"""Is an extracted body text at all? Binary, mojibake and filler are not articles.

A hostile or broken server can answer an article URL with anything under ``text/html``:
150 KB of high bytes was stored as an article (language "sv"), and so was a page of
200 KB of ``"``. Real article text in any language is mostly letters, spread over many
different characters, in its own script. Each test below is one such property, with the
threshold it uses; none of them is met by the 506 pages of the extraction benchmark or by
the Libyan and Arabic-theme sets (``tests/extract/test_quality.py`` holds examples).
"""

from __future__ import annotations

import unicodedata
from collections import Counter

MIN_CHARS = 200  # shorter bodies are judged by the other tests of extraction
MIN_LETTER_SHARE = 0.5  # letters among the visible characters (Arabic prose: about 0.8)
MAX_ONE_CHAR_SHARE = 0.3  # the most common visible character (Arabic: ا about 0.12)
MIN_DISTINCT_CHARS = 12  # prose of any script uses dozens of characters
# Latin-1 letters (Ã, Ø, Ù, ©...) making up this share of the letters: UTF-8 or
# windows-1256 bytes read as Latin-1 ("Ø§Ù„Ø®Ø¨Ø±"), not a language.
MAX_MOJIBAKE_SHARE = 0.25
MAX_REPLACEMENT_SHARE = 0.05  # U+FFFD: bytes no decoder could read
SAMPLE_CHARS = 20_000  # the judgement needs no more than this of a long body


def not_text_reason(body: str) -> str | None:
    """Why ``body`` is not article text (a reason for the skip), or None when it is."""
    sample = "".join(body[:SAMPLE_CHARS].split())
    if len(sample) < MIN_CHARS:
        return None
    counts = Counter(sample)
    top, top_count = counts.most_common(1)[0]
    if top_count / len(sample) > MAX_ONE_CHAR_SHARE:
        return f"one character ({top!r}) makes {top_count / len(sample):.0%} of the text"
    if len(counts) < MIN_DISTINCT_CHARS:
        return f"only {len(counts)} different characters"
    if counts.get("\ufffd", 0) / len(sample) > MAX_REPLACEMENT_SHARE:
        return "undecodable bytes (U+FFFD) throughout"
    letters = sum(n for ch, n in counts.items() if unicodedata.category(ch).startswith("L"))
    if letters / len(sample) < MIN_LETTER_SHARE:
        return f"only {letters / len(sample):.0%} of it is letters"
    latin1 = sum(n for ch, n in counts.items() if "\u00c0" <= ch <= "\u00ff")
    if latin1 / letters > MAX_MOJIBAKE_SHARE:
        return "mojibake: bytes decoded with the wrong character set"
    return None
