"""Main text: trafilatura for the generic case, our own walk for rule-selected HTML.

trafilatura 2.3 was chosen because it scored best on its own published benchmark (F1 0.924
against 0.86-0.89 for justext, readability and magic-html); the settings below were chosen
on that benchmark's development half (bench/extraction.py, docs/benchmarks.md).
Whatever produced the paragraphs, ``clean_paragraphs`` then removes the chrome that themes
put inside article bodies (share lines, "اقرأ أيضا" lists, tags, newsletter boxes) and
normalises the text to NFC with one blank line between paragraphs. trafilatura keeps
"Read more: <headline>" links set inside the text; dropping them, in the languages of the
benchmark's outlets as in Arabic, took body F1 from 0.926 to 0.931 with no snippet lost.
A deck under the headline in the article's header (Ghost, Next.js themes) and a lone ad
label ("إعلان") are removed too: no snippet of that half changed, and the hand-written
Ghost and Next.js pages lost their deck.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import trafilatura
from trafilatura.xml import delete_element

from ingest.extract.dates import find_date_in_text
from ingest.extract.feedfooter import strip_feed_footer
from ingest.extract.metadata import clean_space, in_furniture, is_short, parse_html_tree

# Elements that never belong in the body: captions, sharing, related lists, newsletter
# boxes. Whole class tokens only: substrings ("share", "newsletter") also match page
# wrappers ("has-newsletter") and pruned whole articles on the benchmark. <figcaption> is
# left to trafilatura, which drops it: pruning it ourselves changed trafilatura's choice of
# main text on some pages (recall 0.946 -> 0.949 without it).
CHROME_CLASSES = (
    "wp-caption-text",
    "caption-text",
    "image-caption",
    "sharedaddy",
    "share-buttons",
    "social-share",
    "addtoany_share_save_container",
    "vce-share-bar",
    "jp-relatedposts",
    "yarpp-related",
    "related-posts",
    "vce-related-box",
    "newsletter-box",
    "tr-caption",  # Blogger's caption cell
    "footnote-anchor",  # a footnote's number in the text (Substack)
    "footnote-ref",
    # hidden when printed: screen-only tools and notes, never the article
    "no-print",
    "noprint",
    "hidden-print",
    "d-print-none",
    "newsletter-signup",
)
CHROME_CLASS_SET = frozenset(CHROME_CLASSES)
# Class tokens of boxes inside or around the text that are never the article: newsletter
# and call-to-action boxes (Divi's "et_pb_promo"), the author's bio and their other
# articles, and a deck under the headline ("post-subtitle", "jeg_post_subtitle"). A box
# this named is removed only when short: a layout wrapper named "promo-layout" holds the
# whole page.
CHROME_CLASS_PATTERN = re.compile(
    r"(?:^|\s)(?:\S*[-_])?(?:newsletter|subscribe|subscription|signup|promo|cta|"
    r"(?:author|writer)[-_]?(?:bio|box|info|card|more)|about[-_]?(?:the[-_]?)?(?:author|writer)|"
    r"(?:post|entry|article|single|story)[-_]?sub[-_]?title)(?:[-_]\S*)?(?=\s|$)"
)  # matched, like _CHROME_HINT, against the lower-cased class string
MAX_CHROME_BOX_CHARS = 600
MAX_SIGNUP_BOX_CHARS = 300
# The words CHROME_CLASS_PATTERN needs, found without backtracking: most class strings
# hold none of them, and the full pattern on every element cost 1 ms a page (with
# re.IGNORECASE an alternation took 10 µs an element: both run on lower-cased strings).
_CHROME_HINT = re.compile(r"newsletter|subscri|signup|promo|cta|author|writer|sub[-_]?title")
BLOCK_TAGS = frozenset(
    [
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "blockquote",
        "pre",
        "div",
        "section",
        "article",
        "tr",
        "dd",
        "dt",
        "figure",
        "header",
        "footer",
        "aside",
        "ul",
        "ol",
        "table",
    ]
)
SKIP_TAGS = frozenset(
    ["script", "style", "noscript", "iframe", "form", "button", "nav", "svg", "template", "select"]
)
# Lines that introduce lists of other articles; what follows them is not this article.
RELATED_HEAD = re.compile(
    r"^\s*(?:اقرأ|إقرأ|اقرا|إقرا)\s+(?:أيضا|ايضا|أيضاً|ايضاً|أيضًا)|^\s*مواضيع\s+ذات\s+صلة"
    r"|^\s*(?:أخبار|اخبار|مقالات)\s+ذات\s+صلة"
    # a bare list heading only: "آخر الأخبار تشير إلى ..." is a sentence
    r"|^\s*(?:(?:آخر|اخر|أحدث)\s+(?:العاجل|الأخبار|الاخبار)|الأكثر\s+(?:قراءة|مشاهدة)|"
    r"مقالات\s+أخرى\s+للكاتب)\s*:?\s*$|^\s*(?:related(?:\s+(?:articles|posts|stories))?"
    r"|read\s+more|read\s+also|see\s+also|more\s+from|you\s+may\s+also\s+like|"
    r"(?:contenido|notas|noticias|art[ií]culos)\s+relacionad[oa]s|auch\s+interessant|"
    r"mehr\s+zum\s+thema|weitere\s+(?:themen|artikel|beitr[äa]ge)|[àa]\s+lire\s+aussi|"
    r"articles\s+li[ée]s|leggi\s+anche|leia\s+tamb[ée]m)\s*:?\s*$",
    re.I,
)
# One related link set in the text as "Read more: <headline>" (Arabic "اقرأ أيضا: ..." above).
RELATED_LINK = re.compile(
    r"^\s*(?:read\s+(?:more|also)|also\s+read|related|see\s+also|lea\s+(?:tambi[ée]n|m[áa]s)|lea|lee\s+tambi[ée]n|"
    r"(?:le|te)\s+puede\s+interesar|puedes\s+ver|mira|ver\s+tambi[ée]n|leia\s+tamb[ée]m|"
    r"lesen\s+sie\s+(?:auch|mehr)|auch\s+interessant|mehr\s+zum\s+thema|zum\s+weiterlesen|"
    r"(?:[àa]\s+)?lire\s+aussi|voir\s+aussi|leggi\s+anche)\s*:",
    re.I,
)
MAX_RELATED_LINK_CHARS = 200
# Promotions and disclaimers that Arabic news themes print under every article: "follow us
# on Facebook", "get our app", "the views expressed are the source's own".
PROMO_LINE = re.compile(
    r"^[\W_]*(?:تابعونا|تابعنا|تابعوا|تابع\s+(?:آخر|اخر|أحدث)\s+الأخبار|لمتابعة\s+(?:آخر|اخر|أحدث)|"
    r"(?:حمّل|حمل|نزّل|نزل)\s+تطبيق|اشترك(?:وا)?\s+(?:في|ب)\s*(?:ال)?قنا(?:ة|تنا)|download\s+(?:our|the)\s+app|"
    r"(?:sign\s+up|subscribe)\s+(?:to|for)\s+our\s+newsletter|"
    r"انضم(?:وا)?\s+(?:إلى|الى|ل)\s*(?:قناة|قناتنا|قائمتنا|مجموعتنا|نشرتنا)|"
    r"enjoyed\s+(?:this|the)\s+(?:article|story|post))|"
    r"اشترك(?:وا)?\s+(?:في|ب)\s*(?:نشرتنا|النشرة)\s+(?:البريدية|الإخبارية|الاخبارية)|"
    r"(?:في|إلى|الى)\s+بريدك(?:\s+الإلكتروني)?\s+(?:كل|يوميا|أسبوعيا|مجانا)|"
    r"غير\s+مسؤول(?:ة)?\s+عن|منقول\s+آليا|لا\s+(?:يتحمل|تتحمل)\s+.{0,40}مسؤولية|"
    r"(?:تعبر|يعبر)\s+(?:بالضرورة\s+)?عن\s+(?:رأي|آراء|اراء|وجهة\s+نظر|مصدرها)|"
    r"(?:المحتوى|الخبر)\s+(?:على\s+)?مسؤولية\s+(?:الجهة|المصدر|ناشر)|"
    # "more to follow" under a breaking story
    r"^(?:سيتم|سوف\s+يتم|يتم)\s+تحديث\s+(?:الخبر|هذا\s+الخبر)|^(?:التفاصيل|تفاصيل)\s+(?:لاحقا|لاحقاً|لاحقة)|"
    r"^this\s+(?:story|article)\s+(?:will\s+be|is\s+being)\s+updated|^more\s+to\s+follow",
    re.I,
)
# "لمتابعة أخبار الجنوب أولا بأول، اشترك في قناة X على تيليغرام": an invitation to a
# channel, wherever the imperative stands in a short line.
CHANNEL_PROMO = re.compile(
    r"(?:اشترك|اشتركوا|انضم|انضموا|تابع|تابعونا|تابعوا)\s.{0,80}"
    r"(?:تيليغرام|تيلغرام|تلغرام|تليجرام|telegram|واتساب|whatsapp|يوتيوب|youtube|فيسبوك|facebook)",
    re.I,
)
MAX_PROMO_CHARS = 160
# A paragraph that is only a byline ("By Khalid Ben Ali.", "Von Klaus Stanjek", "بقلم: X"),
# as editors type it at the top or bottom of the text: the author field holds it.
BYLINE_PARAGRAPH = re.compile(
    r"^\s*(?:written\s+by|(?:blog\s*)?beitrag\s+von|by|von|par|por|door|di|text|texte|"
    r"بقلم|كتب|كتبت|إعداد|اعداد|تقرير)\s*:?\s+(?P<name>.+)$",
    re.I,
)
MAX_BYLINE_PARAGRAPH_CHARS = 60
# Copyright and reprint notices that themes print under the article.
RIGHTS_LINE = re.compile(
    r"^\s*(?:©|\(c\)\s|copyright\b|حقوق\s+(?:النشر|الطبع))|all\s+rights\s+reserved|"
    r"(?:جميع|كل)\s+الحقوق\s+محفوظة|alle\s+rechte\s+vorbehalten|tous\s+droits\s+r[ée]serv[ée]s|"
    r"todos\s+los\s+derechos\s+reservados",
    re.I,
)
# Single lines of chrome: sharing, following, tags, newsletter prompts.
CHROME_LINE = re.compile(
    r"^\s*(?:شارك(?:\s+(?:هذا|الخبر|المقال))?|مشاركة|تابعونا|تابعنا\s+على|الوسوم|وسوم|"
    r"كلمات\s+مفتاحية|share(?:\s+this)?(?:\s+(?:article|story|post))?|tweet|"
    r"follow\s+us(?:\s+on\b.*)?|tags?|"
    r"subscribe\s+to\s+(?:our|the)\s+newsletter.*|sign\s+up\s+for\s+our\s+newsletter.*|"
    r"اشترك\s+في\s+(?:النشرة|نشرتنا).*)\s*:?\s*(?:$|:.{0,200}$)",
    re.I,
)
# An ad slot's label on a line of its own.
AD_LABEL = re.compile(
    r"^(?:إعلان|اعلان|إعلانات|مساحة\s+إعلانية|advertisement|advertising|anzeige|werbung|"
    r"publicité|publicidad|pubblicità|sponsored|"
    # a call-to-action button's text
    r"(?:انضم|اشترك|سجل|تابعنا)\s+(?:الآن|الان)|(?:join|subscribe|sign\s+up)\s+now)$",
    re.I,
)
# The sign-off of an institution's press office under its statement.
SIGN_OFF = re.compile(
    r"^(?:المكتب\s+الإعلامي|المكتب\s+الاعلامي|مكتب\s+الإعلام|إدارة\s+الإعلام|المكتب\s+الصحفي|"
    r"قسم\s+الإعلام|الإدارة\s+العامة\s+للإعلام)\b"
)
# A reading counter in a line of page meta: "عدد القراءات: 412", "1.240 مشاهدة", "Views: 12".
VIEW_COUNT = re.compile(
    r"(?:عدد\s+)?(?:القراءات|المشاهدات|الزيارات|views|hits|aufrufe)\s*:?\s*\d|"
    r"\d[\d,.]*\s*(?:مشاهدة|قراءة|views)|(?:قرئ|قُرئ|شوهد)\s+\d[\d,.]*\s+مرة",
    re.I,
)
MAX_META_LINE_CHARS = 200
MAX_VIEW_COUNT_LINE_CHARS = 30
# Soft hyphens ("Mat\xadthi\xadas"), zero-width and direction marks, control characters.
_INVISIBLE = re.compile(
    "[\u00ad\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff\x00-\x08\x0b-\x1f]"
)
HEADING_TAGS = ("h2", "h3", "h4", "h5", "h6")
MAX_HEADING_WORDS = 15
_CELL_SEPARATOR = re.compile(r"\s*\\?[|•·»›]\s*|\s+>\s+")
_TERMINAL = re.compile(r"[.!?؟。:»\"”)]\s*$")


def normalise_paragraph(text: str) -> str:
    """NFC, invisible marks removed, whitespace collapsed."""
    text = unicodedata.normalize("NFC", text)
    return clean_space(_INVISIBLE.sub("", text))


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


def capitalised(words: list[str]) -> bool:
    """True when every word starts with a capital, in scripts that have case (a name)."""
    return all(w[0].isupper() or not w[0].isascii() for w in words if w[0].isalpha())


def trafilatura_paragraphs(
    tree: Any, url: str, *, favor_precision: bool = False, favor_recall: bool = False
) -> list[str]:
    """Main-text paragraphs of a parsed page by trafilatura, or [] (prunes ``tree``)."""
    prune_chrome(tree)
    doc = trafilatura.bare_extraction(
        tree,
        url=url,
        include_comments=False,
        include_tables=True,
        favor_precision=favor_precision,
        favor_recall=favor_recall,
        with_metadata=False,
    )
    text = getattr(doc, "text", None) if doc is not None else None
    if not text:
        return []
    lines = (table_row(normalise_paragraph(line)) for line in text.split("\n"))
    return [line for line in lines if line]


def table_row(line: str) -> str:
    """A table row as its cells joined by " | " ("| a | b |" from trafilatura); its
    "|---|---|" rule is dropped."""
    if not (line.startswith("|") and line.endswith("|")):
        return line
    cells = [cell.strip() for cell in line[1:-1].split("|")]
    if all(re.fullmatch(r":?-{3,}:?", cell) for cell in cells):
        return ""
    return " | ".join(cell for cell in cells if cell)


# An article's header: "article-header", "entry-header", "ArticleHeader_header__x1".
_HEADER_CLASS = re.compile(r"header", re.I)
MAX_HEADER_CHARS = 1200
MIN_DECK_WORDS = 6
MAX_CONTINUATION_BLOCKS = 16  # captions and headings between two text modules
MIN_CONTINUATION_WORDS = 12
DECK_CLASS = re.compile(
    r"standfirst|\bdek\b|deck|excerpt|summary|sub-?title|subhead|\blede\b|-lede\b", re.I
)
_MAYBE_UNSHOWN = "//body//*[@hidden or @data-hook or @data-testid]"


def prune_unshown(tree: Any) -> None:
    """Remove elements the browser does not show (Hugo's heading anchor "#" is
    ``<a hidden>``) and captions that React renderers mark only in a data attribute (Wix's
    ``data-hook="imageViewerCaption"``, ``data-testid="caption"``), keeping the text after
    each."""
    for el in tree.xpath(_MAYBE_UNSHOWN):
        marks = f"{el.get('data-hook', '')} {el.get('data-testid', '')}".lower()
        if el.get("hidden") is not None or "caption" in marks:
            delete_element(el)


def prune_deck(tree: Any) -> None:
    """Remove a deck: a styled paragraph after the headline inside the article's header.

    Ghost's ``header.gh-article-header > p.gh-article-excerpt`` and a Next.js
    ``ArticleHeader_deck`` summarise the story under its ``h1``; trafilatura takes them
    for the first paragraph. The header is a ``<header>`` or an element whose class names
    one, holding the ``h1`` and little else (a page header wrapping everything is not
    one). Bylines and dates there are short and stay for the author and date readers.
    Without such a header, the paragraph right after the ``h1`` goes when its class
    names a deck ("standfirst", "dek", "excerpt", "summary", "subtitle").
    """
    for h1 in tree.xpath("//body//h1")[:3]:
        after = h1.getnext()
        if (
            after is not None
            and after.tag in ("p", "h2", "h3", "div")
            and DECK_CLASS.search(f"{after.get('class', '')} {after.get('data-testid', '')}")
            and len(after.text_content().split()) >= MIN_DECK_WORDS
        ):
            delete_element(after)
        header = next(
            (
                up
                for up in list(h1.iterancestors())[:3]
                if up.tag == "header" or _HEADER_CLASS.search(up.get("class", ""))
            ),
            None,
        )
        if header is None or not is_short(header, MAX_HEADER_CHARS):
            continue
        for para in h1.itersiblings("p"):
            if para.get("class") and len(para.text_content().split()) >= MIN_DECK_WORDS:
                delete_element(para)
        return


def prune_chrome(tree: Any) -> None:
    """Remove the CHROME_CLASSES elements from ``tree``, keeping the text after each.

    A loop over elements that have a class: 0.8 ms a page on the benchmark, where the same
    test as trafilatura's ``prune_xpath`` (an XPath of ``concat``/``contains`` per class
    token) took 6 ms.
    """
    for field in tree.xpath('//body//input[@type="email"]'):
        # A signup box without a telling class: the short box around an e-mail field,
        # with its heading and pitch.
        box = None
        for up in field.iterancestors():
            if up.tag in ("body", "article", "main") or not is_short(up, MAX_SIGNUP_BOX_CHARS):
                break
            box = up
        if box is not None:
            delete_element(box)
    for el in tree.xpath("//*[@class]"):
        classes = el.get("class", "")
        lowered = classes.lower()
        if CHROME_CLASS_SET.intersection(classes.split()) or (
            _CHROME_HINT.search(lowered)
            and CHROME_CLASS_PATTERN.search(lowered)
            and is_short(el, MAX_CHROME_BOX_CHARS)
        ):
            delete_element(el)


def _walk(el: Any, out: list[str], buf: list[str]) -> None:
    """Append block texts of ``el`` to ``out``; inline text accumulates in ``buf``."""
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in SKIP_TAGS or not isinstance(el.tag, str):
        if el.tail:
            buf.append(el.tail)
        return
    block = tag in BLOCK_TAGS
    if block or tag == "br":
        _flush(out, buf)
    if el.text and tag != "br":
        buf.append(el.text)
    for child in el:
        _walk(child, out, buf)
    if block:
        _flush(out, buf)
    if el.tail:
        buf.append(el.tail)


def _flush(out: list[str], buf: list[str]) -> None:
    """Close the paragraph being built."""
    text = normalise_paragraph("".join(buf))
    if text:
        out.append(text)
    buf.clear()


def html_paragraphs(fragment: str | Any) -> list[str]:
    """Paragraphs of an HTML fragment (a rule's match, a feed's content:encoded)."""
    root = parse_html_tree(fragment, fragment=True) if isinstance(fragment, str) else fragment
    if root is None:
        return []
    out: list[str] = []
    buf: list[str] = []
    for el in root.xpath("//figcaption | //*[contains(@class, 'wp-caption-text')]"):
        el.drop_tree()
    body = root.find("body")
    _walk(body if body is not None else root, out, buf)
    _flush(out, buf)
    return out


def text_paragraphs(text: str) -> list[str]:
    """Paragraphs of plain text (JSON-LD articleBody), split on line breaks."""
    return [p for p in (normalise_paragraph(line) for line in text.splitlines()) if p]


# A picture's credit set as a line of the text: "Photo credit: GECOL", "الصورة: أرشيفية".
CREDIT_LINE = re.compile(
    r"^[\W_]*(?:(?:photo|image|picture|foto|bild|cover)s?\s*(?:credits?|courtesy|source)?|"
    r"credits?|(?:الصورة|صورة|الصور|تصوير|مصدر\s+الصورة))\s*:",
    re.I,
)
MAX_CREDIT_CHARS = 100
MAX_DATE_LINE_CHARS = 60
MAX_PULL_QUOTE_CHARS = 250
MIN_PULL_QUOTE_CHARS = 40  # shorter repeats are list items and names, not quotes
_QUOTE_MARKS = ("«", '"', "“", "„", "'", "‘", "‹")  # a pull quote is printed in quotes
WRITER_BIO_PARAGRAPHS = 3  # a bio line sits among the last paragraphs
_BIO_AFTER_NAME = re.compile(r"\s*[:،,\-–—]\s*\S|\s+(?:is|was)\s+(?:a|an|the)\s")
MAX_BIO_CHARS = 300
MAX_KICKER_LINES = 2  # short lines (category, kicker) before a repeated headline
MAX_KICKER_WORDS = 5


def clean_paragraphs(paragraphs: list[str], headline: str | None = None) -> list[str]:
    """Drop chrome lines and trailing related-article lists; keep sub-headings."""
    kept: list[str] = []
    skipping_related = False
    for para in paragraphs:
        if RELATED_HEAD.match(para) and len(para) < 120:
            # "اقرأ أيضا: <headline>" is one related link; a bare heading opens a list.
            skipping_related = len(para.split()) <= 4
            continue
        if skipping_related:
            # Related lists are short headline lines; real text ends the list.
            if len(para.split()) < 20 and not _TERMINAL.search(para):
                continue
            skipping_related = False
        if (CHROME_LINE.match(para) and len(para) < 220) or AD_LABEL.match(para):
            continue
        if RELATED_LINK.match(para) and len(para) < MAX_RELATED_LINK_CHARS:
            continue
        if CREDIT_LINE.match(para) and len(para) < MAX_CREDIT_CHARS:
            continue
        if (RIGHTS_LINE.search(para) or PROMO_LINE.search(para)) and len(
            para
        ) < MAX_RELATED_LINK_CHARS:
            continue
        if CHANNEL_PROMO.search(para) and len(para) < MAX_PROMO_CHARS:
            continue
        if VIEW_COUNT.search(para) and len(para) < MAX_VIEW_COUNT_LINE_CHARS:
            continue  # "- قرئ 784 مرة"
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
    # Repeated paragraphs (a teaser repeated as the lead) are kept once; a pull quote, in
    # quotation marks, that repeats a sentence of another paragraph goes.
    kept = list(dict.fromkeys(kept))
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


# Class words of a lead set apart from the body (K2 "itemIntroText", "standfirst", "dek").
LEAD_CLASS = re.compile(r"intro|lead|standfirst|chapo|excerpt|summary|abstract|\bdek\b", re.I)
MAX_LEAD_PARAGRAPHS = 3
Block = tuple[str, str, str, Any, Any]  # tag, comparison key, text, parent, element


def block_sequence(tree: Any) -> list[Block]:
    """Paragraphs, list items and sub-headings in document order."""
    blocks = []
    for el in tree.iter("p", "li", "blockquote", *HEADING_TAGS):
        text = normalise_paragraph(" ".join(el.itertext()))
        if text:
            blocks.append((str(el.tag), normalise_key(text), text, el.getparent(), el))
    return blocks


def restore_headings(paragraphs: list[str], blocks: list[Block]) -> list[str]:
    """Put back the sub-headings the main-text extractor dropped between its paragraphs.

    trafilatura leaves out some ``<h4>``-style sub-headings of old CMSs. A heading that
    stands between two paragraphs it kept, as a sibling of one of them, belongs to the
    article; a heading elsewhere in between (a box, a sidebar) does not.
    """
    if len(paragraphs) < 2:
        return paragraphs
    index: dict[str, list[int]] = {}
    for position, block in enumerate(blocks):
        index.setdefault(block[1], []).append(position)
    out: list[str] = []
    last: int | None = None
    for para in paragraphs:
        spots = [p for p in index.get(normalise_key(para), []) if last is None or p > last]
        if spots and last is not None:
            parents = (blocks[last][3], blocks[spots[0]][3])
            for tag, _, text, parent, _ in blocks[last + 1 : spots[0]]:
                if (
                    tag in HEADING_TAGS
                    and any(parent is p for p in parents)
                    and len(text.split()) <= MAX_HEADING_WORDS
                ):
                    out.append(text)
        out.append(para)
        if spots:
            last = spots[0]
    return list(dict.fromkeys(out))


def restore_lead(paragraphs: list[str], blocks: list[Block]) -> list[str]:
    """Put back a lead that the CMS keeps in a box of its own before the body's box.

    Joomla and K2 print an article as ``div.itemIntroText`` then ``div.itemFullText``, and
    trafilatura, which looks for a "fulltext" box, keeps only the second; other themes
    set a standfirst apart the same way. Paragraphs directly before the first kept one,
    in a sibling box whose class names a lead, belong to the article.
    """
    if not paragraphs:
        return paragraphs
    first = normalise_key(paragraphs[0])
    start = next((i for i, block in enumerate(blocks) if block[1] == first), None)
    if start is None:
        return paragraphs
    body_box = blocks[start][3]
    outer = body_box.getparent() if body_box is not None else None
    lead: list[str] = []
    for tag, _, text, box, _ in reversed(blocks[max(0, start - MAX_LEAD_PARAGRAPHS) : start]):
        if (
            tag != "p"
            or box is body_box
            or box is None
            or box.getparent() is not outer
            or not LEAD_CLASS.search(f"{box.get('class', '')} {box.get('id', '')}")
        ):
            break
        lead.insert(0, text)
    return [*lead, *paragraphs] if lead else paragraphs


def restore_continuation(paragraphs: list[str], blocks: list[Block]) -> list[str]:
    """Put back the text a page builder continues in a later module of the same kind.

    YOOtheme, Divi and Elementor set a photo gallery or an ad between two text modules
    ("div.uk-panel.uk-margin"); trafilatura keeps the first. Paragraphs after the last
    kept one whose box has the very same class, with the sub-heading just before them,
    belong to the article. Anything else in between (captions, ads) is skipped; the
    first paragraph of another kind, or a linked heading (a teaser), ends the search.
    """
    if not paragraphs:
        return paragraphs
    last = normalise_key(paragraphs[-1])
    start = next((i for i, block in enumerate(blocks) if block[1] == last), None)
    box = blocks[start][3] if start is not None else None
    kind = box.get("class") if box is not None else None
    if start is None or not kind:
        return paragraphs
    out = list(paragraphs)
    heading: str | None = None
    for tag, _, text, parent, element in blocks[start + 1 : start + 1 + MAX_CONTINUATION_BLOCKS]:
        if tag in HEADING_TAGS and element.xpath(".//a[@href]"):
            break  # a teaser's linked headline: a list of other stories begins
        if tag in HEADING_TAGS:
            heading = text if len(text.split()) <= MAX_HEADING_WORDS else None
            continue
        if parent is box:
            continue  # left out by trafilatura on purpose
        if (
            tag != "p"
            or parent is None
            or parent.get("class") != kind
            or len(text.split()) < MIN_CONTINUATION_WORDS
            or in_furniture(parent)
        ):
            break
        out.extend([heading, text] if heading else [text])
        heading, box = None, parent
    return out


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


def normalise_key(text: str) -> str:
    """Loose comparison form of a line."""
    return re.sub(r"[\W_]+", " ", text.casefold()).strip()


def join_paragraphs(paragraphs: list[str]) -> str:
    """The stored body: paragraphs separated by one blank line."""
    return "\n\n".join(paragraphs)
