"""Boilerplate lines: what ``clean_paragraphs`` removes from the paragraphs of a body.

Whatever produced the paragraphs (trafilatura, a rule, JSON-LD, a feed), themes leave
chrome in them: share and tag lines, "اقرأ أيضا" lists, newsletter and channel prompts,
bylines, date and counter lines, menu rows, the headline repeated, pull quotes, and a
caption or credit under the lead image. The phrasings are tables in ``linerules``; this
module holds the rules of where such a line may stand and how long it may be. The text
a wire story opens with ("TRIPOLI (Reuters) -", "طرابلس (رويترز) -") is never a caption:
a caption is dropped only when it is short and says nothing but whose picture it is.
"""

from __future__ import annotations

import re

from ingest.extract.dates import find_date_in_text
from ingest.extract.feedfooter import strip_feed_footer
from ingest.extract.linerules import (
    AD_LABEL,
    BYLINE_PARAGRAPH,
    CHANNEL_PROMO,
    CHROME_LINE,
    CREDIT_LINE,
    LEAD_CAPTION,
    MAX_BYLINE_PARAGRAPH_CHARS,
    MAX_CHROME_LINE_CHARS,
    MAX_CREDIT_CHARS,
    MAX_LEAD_CAPTION_CHARS,
    MAX_LEAD_CAPTION_LINES,
    MAX_META_LINE_CHARS,
    MAX_PROMO_CHARS,
    MAX_RELATED_HEAD_CHARS,
    MAX_RELATED_HEAD_WORDS,
    MAX_RELATED_LINK_CHARS,
    MAX_VIEW_COUNT_LINE_CHARS,
    PROMO_ANYWHERE_LINE,
    PROMO_OPENING_LINE,
    RELATED_HEAD,
    RELATED_LINK,
    RIGHTS_ANYWHERE_LINE,
    RIGHTS_OPENING_LINE,
    SIGN_OFF,
    VIEW_COUNT,
)
from ingest.extract.paragraphs import capitalised, normalise_key

MIN_TEXT_WORDS = 20  # a line this long ends a related list: it is text
MAX_DATE_LINE_CHARS = 60
MAX_PULL_QUOTE_CHARS = 250
MIN_PULL_QUOTE_CHARS = 40  # shorter repeats are list items and names, not quotes
_QUOTE_MARKS = ("«", '"', "“", "„", "'", "‘", "‹")  # a pull quote is printed in quotes
WRITER_BIO_PARAGRAPHS = 3  # a bio line sits among the last paragraphs
_BIO_AFTER_NAME = re.compile(r"\s*[:،,\-–—]\s*\S|\s+(?:is|was)\s+(?:a|an|the)\s")
MAX_BIO_CHARS = 300
MAX_KICKER_LINES = 2  # short lines (category, kicker) before a repeated headline
MAX_KICKER_WORDS = 5
_CELL_SEPARATOR = re.compile(r"\s*\\?[|•·»›]\s*|\s+>\s+")
_TERMINAL = re.compile(r"[.!?؟。:»\"”)]\s*$")


def is_chrome_line(para: str) -> bool:
    """True for a line of chrome found anywhere in the text: share, tag, ad, related
    link, credit, rights, promotion or counter line (lengths checked first: the
    patterns are the costly part)."""
    size = len(para)
    return (
        (size < MAX_CHROME_LINE_CHARS and bool(CHROME_LINE.match(para)))
        or bool(AD_LABEL.match(para))
        or (size < MAX_RELATED_LINK_CHARS and bool(RELATED_LINK.match(para)))
        or (size < MAX_CREDIT_CHARS and bool(CREDIT_LINE.match(para)))
        or (
            size < MAX_RELATED_LINK_CHARS
            and bool(
                RIGHTS_OPENING_LINE.match(para)
                or RIGHTS_ANYWHERE_LINE.search(para)
                or PROMO_OPENING_LINE.match(para)
                or PROMO_ANYWHERE_LINE.search(para)
            )
        )
        or (size < MAX_PROMO_CHARS and bool(CHANNEL_PROMO.search(para)))
        or (size < MAX_VIEW_COUNT_LINE_CHARS and bool(VIEW_COUNT.search(para)))  # "قرئ 784 مرة"
    )


def drop_lead_captions(paragraphs: list[str]) -> list[str]:
    """The paragraphs without the caption or credit lines at their top ("Courtesy of the
    ministry", "(Photo by X/AFP via Getty Images)", "صورة أرشيفية", "المصدر: وال"): the
    lead image's caption, which the main-text extractor took for the first paragraph."""
    start = 0
    while (
        start < min(MAX_LEAD_CAPTION_LINES, len(paragraphs) - 1)
        and len(paragraphs[start]) <= MAX_LEAD_CAPTION_CHARS
        and LEAD_CAPTION.match(paragraphs[start])
    ):
        start += 1
    return paragraphs[start:]


def byline_name(paragraph: str) -> str | None:
    """The name in a paragraph that is nothing but a byline, or None.

    Two to four name words, capitalised where the script has case: "Von Montag an gilt
    die Regel." and "Por ahora, nada." are text.
    """
    match = (
        BYLINE_PARAGRAPH.match(paragraph) if len(paragraph) <= MAX_BYLINE_PARAGRAPH_CHARS else None
    )
    if not match:
        return None
    words = match.group("name").split()
    return match.group("name") if 2 <= len(words) <= 4 and capitalised(words) else None


def drop_writer_bio(paragraphs: list[str], author: str) -> list[str]:
    """The paragraphs without the writer's bio line near the end: "* محمود الشريدي: باحث
    في المالية العامة", "Khaled Salem is a researcher at ...". Opinion pages print it
    under the text; the author field already names the writer."""
    start = max(0, len(paragraphs) - WRITER_BIO_PARAGRAPHS)
    return [
        para
        for number, para in enumerate(paragraphs)
        if number < start or len(para) > MAX_BIO_CHARS or not _is_bio(para, author)
    ]


def _is_bio(paragraph: str, author: str) -> bool:
    """True when the paragraph opens with the author's name and then describes them."""
    text = paragraph.lstrip("*•-–— \t")
    return text.startswith(author) and bool(_BIO_AFTER_NAME.match(text[len(author) :]))


def is_date_line(paragraph: str) -> bool:
    """True for a line that is only a date, perhaps with its weekday or a label: a
    header's "الأحد، 29 نوفمبر 2026" or a "29.11.2026, 10:00 Uhr" line that the main-text
    extractor took in at the top or the bottom of the text."""
    if len(paragraph) > MAX_DATE_LINE_CHARS or paragraph.rstrip().endswith((":", "-", "–", "—")):
        return False  # "Tripoli, 14 January 2025:" is a dateline opening the text
    found = find_date_in_text(paragraph, relative=False)
    if found is None:
        return False
    rest = paragraph.replace(found[1], " ")
    return not any(c.isdigit() for c in rest) and len(re.findall(r"\w+", rest)) <= 2


def clean_paragraphs(paragraphs: list[str], headline: str | None = None) -> list[str]:
    """Drop chrome lines and trailing related-article lists; keep sub-headings."""
    kept: list[str] = []
    skipping_related = False
    for para in paragraphs:
        if len(para) < MAX_RELATED_HEAD_CHARS and RELATED_HEAD.match(para):
            # "اقرأ أيضا: <headline>" is one related link; a bare heading opens a list.
            skipping_related = len(para.split()) <= MAX_RELATED_HEAD_WORDS
            continue
        if skipping_related:
            # Related lists are short headline lines; real text ends the list.
            if len(para.split()) < MIN_TEXT_WORDS and not _TERMINAL.search(para):
                continue
            skipping_related = False
        if not is_chrome_line(para):
            kept.append(para)
    kept = strip_feed_footer(kept)  # "The post X appeared first on Y." of WordPress feeds
    for end in (0, -1):
        if kept and byline_name(kept[end]):
            kept.pop(end)
    _drop_meta_lines(kept, (0, -1))
    if kept and SIGN_OFF.match(kept[-1]) and len(kept[-1]) < MAX_CREDIT_CHARS:
        kept.pop()
    # Old CMSs lay their menus out in tables, which come through as one line of cells.
    while kept and is_link_row(kept[0]):
        kept.pop(0)
    while kept and is_link_row(kept[-1]):
        kept.pop()
    _drop_meta_lines(kept, (0, -1))  # one that stood under a row of breadcrumbs
    if headline:
        # The headline repeated at the top, perhaps after a category label or kicker.
        key = normalise_key(headline)
        for number, para in enumerate(kept[: MAX_KICKER_LINES + 1]):
            if normalise_key(para) == key:
                kept = kept[number + 1 :]
                break
            if len(para.split()) > MAX_KICKER_WORDS:
                break
        _drop_meta_lines(kept, (0,))  # one that stood under the repeated headline
    kept = drop_lead_captions(kept)
    # Repeated paragraphs (a teaser repeated as the lead) are kept once; a pull quote, in
    # quotation marks, that repeats a sentence of another paragraph goes.
    kept = list(dict.fromkeys(kept))
    if not any(
        len(para) <= MAX_PULL_QUOTE_CHARS and para.startswith(_QUOTE_MARKS) for para in kept
    ):
        return kept  # no quote to look for: the keys were a third of this function's time
    keys = [normalise_key(para) for para in kept]
    return [
        para
        for para, key in zip(kept, keys, strict=True)
        if len(para) > MAX_PULL_QUOTE_CHARS
        or len(key) < MIN_PULL_QUOTE_CHARS
        or not para.startswith(_QUOTE_MARKS)
        or not any(key in other for other in keys if other is not key and len(other) > len(key))
    ]


def _drop_meta_lines(kept: list[str], ends: tuple[int, ...]) -> None:
    """Remove a date line or a line of page meta standing at the given ends of the text."""
    for end in ends:
        if kept and (is_date_line(kept[end]) or _is_meta_line(kept[end])):
            kept.pop(end)


def _is_meta_line(paragraph: str) -> bool:
    """True for a line of page meta: cells with a reading counter ("تقرير: X | نشر بتاريخ:
    ... | عدد القراءات: 412")."""
    return (
        len(paragraph) <= MAX_META_LINE_CHARS
        and bool(VIEW_COUNT.search(paragraph))
        and len(_CELL_SEPARATOR.split(paragraph)) >= 2
    )


def is_link_row(para: str) -> bool:
    """True for a row of menu links: "الرئيسية | الأخبار المحلية | English".

    Three or more short cells without digits: a table of figures (exchange rates) keeps
    its rows.
    """
    cells = [c.strip() for c in _CELL_SEPARATOR.split(para) if c.strip()]
    return (
        len(cells) >= 3
        and all(len(c.split()) <= 4 for c in cells)
        and not any(ch.isdigit() for ch in para)
    )
