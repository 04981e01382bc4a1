"""Author names: JSON-LD people, author ``<meta>`` tags, then the page's byline.

Sources, most trusted first: JSON-LD people (Yoast's ``{"@id": ...}`` references looked up
in the page's graph), Yoast's "Written by" ``twitter:label``/``data`` pair, author meta tags
(HTML, OpenGraph, Parse.ly, Sailthru, Cxense, Dublin Core), trafilatura's byline XPaths (its
``extract_author`` without the name normalisation that drops the dots of "T. V. Raman"),
byline elements, the name after a marker in date lines ("Posted on ... by X", "Autor: X",
"بقلم: X"), paragraphs that are only a byline, a name after an element that is only a label
("<b>Von:</b> X"), links to the writer's author page, the heading of an author box. Each is
cleaned here: prefixes, dates, handles, agency codes, follow buttons, form labels and
placeholders go; a first name or login alone grows into the one full name the page prints
with it ("Stefanus" into "Stefanus Stahl"). A name decorated with the site's
name, or an organisation's ("… e.V.", "… Magazin", "بوابة …"), waits for a plain one; a
JSON-LD organisation is a last resort, and the site itself never counts (a copyright-line
guess and the site as a last resort each fixed 4 pages but named the outlet as author on
about 15 pages that have none). Measured on the benchmark's development half
(``bench/extraction.py``, docs/benchmarks.md): author exact match 0.724 (202/279), from
0.581; trafilatura 0.502. The label, author-link and agency-code readings fixed 6 pages and
broke none; an organisation's name waiting for a person's, 3 more; the full-name growth
4, the author-box heading, follow buttons and repeated names 3, none broken.
"""

from __future__ import annotations

import copy
import json
import re
import unicodedata
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote

from trafilatura.htmlprocessing import prune_unwanted_nodes
from trafilatura.metadata import extract_metainfo
from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS, AUTHOR_XPATHS

from ingest.extract.body import byline_name, capitalised, normalise_paragraph
from ingest.extract.headline import normalise_title, title_segments
from ingest.extract.metadata import (
    AUTHOR_META,
    PageMeta,
    clean_space,
    host_of,
    in_furniture,
    jsonld_authors,
    jsonld_types,
    looks_like_url,
)

_BYLINE_PREFIX = re.compile(
    r"^(?:view\s+all\s+posts|(?:post\s+)?author|posted|written|published|erstellt|"
    r"eingestellt|veröffentlicht|"
    r"publiziert|geschrieben|verfasst|interview|autor|auteur|autore|by|von|vom|par|por|di|"
    r"rezept|recipe|recette|receta|(?:zum|view)\s+profile?|"
    r"da|de|from|(?:blog\s*)?beitrag|artikel|article|text|texte|"
    r"بقلم|بواسطة|كتب|كتبت|إعداد|اعداد|تحرير|المحرر|تقرير|نشر|نشرت)\b\s*"
    # "Text & Fotos: X", "Text und Bild: X"
    r"(?:(?:&|\+|/|und|and|et|y)\s*(?:fotos?|photos?|bild(?:er)?|images?)\b\s*)?"
    r"(?:(?:by|von|vom|par|por|durch|on|am|le|في|بواسطة)\b)?\s*[:|,\-–]*\s*",
    re.I,
)
_BYLINE_TAIL = re.compile(
    r"\s*(?:[,|\-–—•·]\s*|\b(?:am|le|on|el|il|stand)\b:?\s*|\s)"
    r"(?:\d{1,2}\.?\s*\w+\.?\s*\d{4}|\d{1,2}[./]\d{1,2}[./]\d{2,4}|\w+\s+\d{1,2},?\s+\d{4}).*$",
    re.I,
)
# Yoast SEO's ``twitter:labelN`` that says its ``twitter:dataN`` is the writer, in the
# languages it ships ("Written by", "Verfasst von", "Écrit par", "كُتب بواسطة"...).
_WRITER_LABEL = re.compile(
    r"\b(?:written|verfasst|geschrieben|écrit|escrito|scritto|geschreven|skrevet|skriven|"
    r"napisane|napsal|kirjoittanut|yazan|autor|auteur|author)\b|كتب",
    re.I,
)
_HARAKAT = re.compile("[\u064b-\u0652]")
# Labels that byline areas hold when the name is elsewhere (or in a comment form).
_NOT_NAMES = frozenset(
    [
        "by",
        "von",
        "par",
        "por",
        "posted",
        "name",
        "follow",
        "author",
        "autor",
        "autoren",
        "auteur",
        "auteurs",
        "alle",
        "beiträge",
        "publiziert",
        "am",
        "posted",
        "on",
        "veröffentlicht",
        "datum",
        "date",
        "stand",
        "collectif",
        "zuletzt",
        "geändert",
        "montag",
        "dienstag",
        "mittwoch",
        "donnerstag",
        "freitag",
        "samstag",
        "sonntag",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "الأحد",
        "الاثنين",
        "الإثنين",
        "الثلاثاء",
        "الأربعاء",
        "الخميس",
        "الجمعة",
        "السبت",
    ]
)
# CMS accounts that publish under a placeholder: WordPress's "admin", Joomla's "Super User",
# Arabic sites' "مدير الموقع". They name nobody, so the record says no author.
_PLACEHOLDERS = frozenset(
    [
        "admin",
        "administrator",
        "super user",
        "superuser",
        "site admin",
        "webmaster",
        "wordpressadmin",
        "unknown",
        "anonymous",
        "guest",
        "user",
        "human",
        "root",
        "editor",
        "مدير الموقع",
        "مدير",
        "المدير",
        "الإدارة",
        "الادارة",
        "المحرر",
        "محرر الموقع",
        "فريق التحرير",
        "هيئة التحرير",
        "أسرة التحرير",
        "اسرة التحرير",
        "التحرير",
        "قسم الأخبار",
        "editorial team",
        "editorial staff",
    ]
)
_AGENCY_SUFFIX = re.compile(r"^(?P<name>\S+\s.+?)\s*[,/]\s*(?:[A-Z][A-Z-]{1,5}|[a-z]{2,5})$")
# Words of an organisation's name: a publication, company, association or agency named as
# author waits, like a name decorated with the site's, for a person's name found elsewhere.
_ORGANISATION = re.compile(
    r"\b(?:e\.\s?V|GmbH|AG|SE|Inc|Ltd|LLC|S\.A|Verlag|Verband|Landesanstalt|Institut|"
    r"Magazin|Magazine|Zeitung|Illustrierte|Online|Newspaper|Agency|Agencia|Press|Media)\b|"
    # ... and an outlet's desk account: "صفحة الرأي", "قسم الأخبار", "مكتب طرابلس"
    r"(?:^|\s)(?:وكالة|صحيفة|جريدة|موقع|بوابة|قناة|شبكة|مجلة|صفحة|قسم|ركن|مكتب)\s",
)
# An author box's heading that is not the name: "About the author", "عن مصدر الخبر".
_ABOUT = re.compile(r"(?:about|über|à propos|sobre|عن|نبذة|حول)\s", re.I)
_FOLLOW_BUTTON = re.compile(
    r"\s+(?:\+\s*)?(?:follow|folgen|suivre|seguir|segui|متابعة|تابع)$", re.I
)
_ABBREVIATIONS = frozenset(["jr.", "sr.", "dr.", "prof.", "st.", "inc.", "ltd.", "co.", "phd."])
_PLACEHOLDER = re.compile(r"^(?:wp|site|web)?admin(?:istrator)?[\s_-]*\d*$", re.I)
# A writer named inside a longer byline: "Posted on 21 May 2020 by X", "Datum: ... Autor: X
# Quelle: ...", "Von X am ...", "بقلم: X". The name runs to the next separator or label.
_MARKED_NAME = re.compile(
    r"(?:^|(?<=[\s|•·,;(]))"
    r"(?P<marker>written\s+by|posted\s+by|geschrieben\s+von|verfasst\s+von|by|von|par|por|door|"
    r"autor(?:in)?|author|auteur|autore|text|texte|"
    r"بقلم|بواسطة|كتب|كتبت|إعداد|اعداد|تقرير|تحرير)"
    r"\s*(?P<colon>:?)\s+(?P<name>[^|•·;()\[\]]+)",
    re.I,
)
# What may stand before a marker: nothing, a separator, a date or time, a posting verb.
_BEFORE_MARKER = re.compile(
    r"(?:^|[|•·]|\d\.?|\b(?:uhr|posted|published|veröffentlicht|publié|publicado|erstellt|نشر)"
    r"(?:\s+(?:on|am|le|el))?)\s*$",
    re.I,
)
_NAME_END = re.compile(
    r"\s+(?:[-–—/]\s|\w+:|(?:am|le|on|el|il|at|um|in|en|dans|the|and|und|bis|في)\s|\d).*$", re.I
)
_MAX_MARKED_CHARS = 100
# An element whose whole text is a byline label ("By", "Von:", "Autor:", "بقلم:"); the
# name follows it. Nouns need their colon: "author" alone describes someone in a list.
_LABEL = re.compile(
    r"^(?:(?:by|von|par|por|written\s+by|posted\s+by|بقلم|بواسطة|كتب|كتبت)\s*:?"
    r"|(?:autor(?:in)?|author|auteur|autore|text|texte|إعداد|اعداد|تحرير)\s*:)$",
    re.I,
)
# Short text nodes: a label's own text ("Von:", "بقلم:"), tested before its element's.
_LABEL_XPATH = "//body//text()[string-length(normalize-space()) > 1][string-length() < 40]"
_MAX_LABELS = 3000
_NOT_TEXT_TAGS = frozenset(["script", "style", "option", "button", "select"])
# Address paths of an author's page: "/author/x", "/autor/x", "/profil/207/x".
_AUTHOR_PATH = re.compile(
    r"/(?:author|authors|autor|autoren|auteur|auteurs|autore|profil|profile|journalist|"
    r"journalists|redakteur|writer|writers|كتاب)/",
    re.I,
)
_AUTHOR_LINK_XPATH = "//body//a[@href][normalize-space()]"
_MAX_AUTHOR_LINKS = 2000
# A login as bylines show it: "christian.stadtfeld", "arianschlichenmayer".
_LOGIN = re.compile(r"^[a-z]+(?:[._-][a-z]+)*$")
# A printed full name: first name, optional initials, one surname ("Christian P. Stadtfeld",
# "HENRY STEINHAU").
_FULL_NAME = re.compile(r"\b[A-ZÀ-Þ][\w'’-]+(?:\s+[A-Z]\.)*\s+[A-ZÀ-Þ][\w'’-]+")
_NAME_TEXT_XPATH = "//text()[not(ancestor::script or ancestor::style)][normalize-space()]"
_MAX_NAME_TEXTS = 20000
MAX_BYLINE_BOX_CHARS = 200  # a byline naming several writers
_MAX_PARAGRAPHS = 400
_MAX_JSONLD_NODES = 2000
# A comment form's field label ("Name (erforderlich)"), not a byline.
_FORM_LABEL = re.compile(
    r"\((?:required|erforderlich|obligatoire|obligatorio|obbligatorio|verplicht|pflicht\w*)\)",
    re.I,
)
# Credits and theme names that sit in author-like places.
_NOT_NAME_WORDS = re.compile(
    r"©|\b(?:photo|foto|bild|image|theme|themegrill|wordpress|"
    r"comments|kommentare|commentaires|comentarios|commenti|reacties)\b|تعليقات",
    re.I,
)


def clean_author(text: str) -> str | None:
    """A byline reduced to the name: prefixes ("By", "Von", "بقلم") and dates removed."""
    name = normalise_paragraph(text)
    if name.endswith(":"):
        return None
    name = name.strip(" |,;:-–—•")
    for _ in range(3):
        stripped = _BYLINE_PREFIX.sub("", name, count=1).strip(" |,;:-–—•")
        if stripped == name:
            break
        name = stripped
    name = _BYLINE_TAIL.sub("", name).strip(" |,;:-–—•*")
    # "Williams Perdomo @wperdomod", "Jane Doe jane@example.de": handle and address repeat
    # the name.
    name = re.sub(r"(?:\s+\S*@[\w.-]+)+$", "", name)
    # "Inga Hoeltmann Follow": the follow button next to the name.
    name = _FOLLOW_BUTTON.sub("", name)
    # "jesusfreak jesusfreak": an avatar's alt text and the link repeat the name.
    words = name.split()
    half = len(words) // 2
    if half and len(words) % 2 == 0 and words[:half] == words[half:] and len(words[0]) > 2:
        name = " ".join(words[:half])
    # "David Hutzler, dpa", "Peter Maahn/SP-X": an agency's code after the writer.
    if agency := _AGENCY_SUFFIX.match(name):
        name = agency.group("name")
    # "By Khalid Ben Ali." ends a sentence; "R. R." and "Perry Bacon Jr." end in an
    # abbreviation.
    if re.search(r"\w{2}\.$", name) and name.split()[-1].casefold() not in _ABBREVIATIONS:
        name = name[:-1]
    if not name or looks_like_url(name) or len(name) > 80 or len(name.split()) > 8:
        return None
    if re.search(r"https?://|\bwww\.|\w\.[a-z]{2,6}/", name, re.I):
        return None
    if name.casefold() in _NOT_NAMES or len(re.findall(r"[^\W\d_]", name)) < 2 or "*" in name:
        return None
    if all(word in _NOT_NAMES for word in name.casefold().split()):
        return None  # "Zuletzt geändert", "Posted on"
    if re.search(r"[!?؟]", name):
        return None  # a headline or a call to action
    if _FORM_LABEL.search(name):
        return None
    if name.casefold() in _PLACEHOLDERS or _PLACEHOLDER.match(name):
        return None
    if _NOT_NAME_WORDS.search(name):
        return None
    if re.search(r"\d{4}|\d{1,2}:\d\d|^\d{1,2}[\s./]", name):
        return None
    return name


def marked_name(text: str) -> str | None:
    """The name after a byline marker ("by", "Von", "Autor:", "بقلم") inside a longer text."""
    text = clean_space(text)
    if len(text) > _MAX_MARKED_CHARS:
        return None
    for match in _MARKED_NAME.finditer(text):
        if not match.group("colon") and not _BEFORE_MARKER.search(text[: match.start()]):
            continue
        name = _NAME_END.sub("", match.group("name") + " ").strip(" ,:")
        if 0 < len(name.split()) <= 5:
            cleaned = clean_author(name)
            if cleaned:
                return cleaned
    return None


def paragraph_bylines(tree: Any) -> Iterator[str]:
    """Names from paragraphs that hold nothing but a byline, outside comments."""
    paragraphs = tree.xpath(
        '//body//p[not(ancestor::*[contains(@class, "comment") or contains(@id, "comment")])]'
    )
    for paragraph in paragraphs[:_MAX_PARAGRAPHS]:
        found = byline_name(clean_space(" ".join(paragraph.itertext())))
        name = clean_author(found) if found else None
        if name:
            yield name


def labelled_names(tree: Any) -> Iterator[str]:
    """Names that follow an element holding only a byline label.

    "<strong>Autor:</strong> <a>Klausmartin Friedrich</a>", "<span>بقلم:</span> سالم",
    "<b>Von:</b> Götz Warnke": the label and the name sit in elements of their own, so
    neither the byline paragraph nor the marker reading sees them together. The name is
    the next text after the label, outside menus, sidebars, footers and comments.
    """
    for node in tree.xpath(_LABEL_XPATH)[:_MAX_LABELS]:
        el = node.getparent()
        if el is None or el.tag == "a" or el.tag in _NOT_TEXT_TAGS:
            continue
        if not _LABEL.match(clean_space(str(node))):
            continue
        if not _LABEL.match(clean_space(el.text_content())) or in_furniture(el):
            continue
        text = clean_space(str(el.tail or ""))
        if not text:
            following = el.xpath("following::text()[normalize-space()][1]")
            if following and following[0].getparent().tag not in _NOT_TEXT_TAGS:
                text = clean_space(str(following[0]))
        name = _name_words(text)
        if name:
            yield name


def author_link_names(tree: Any) -> Iterator[str]:
    """Names of links to an author's page ("/author/x", "/autor/x", "/profil/207/x").

    Themes without byline markup still link the writer's name to their archive. A link
    counts when its text reads as a name and, for a Latin-script name, a word of it is in
    the address (the author's slug); menus, sidebars, footers and comments are skipped.
    Writers linked side by side in one short byline ("A, B y C") are named together.
    """
    for link in tree.xpath(_AUTHOR_LINK_XPATH)[:_MAX_AUTHOR_LINKS]:
        name = _author_link_name(link)
        if name is None:
            continue
        box = link.getparent()
        for _ in range(3):
            up = box.getparent() if box is not None else None
            if up is None or len(clean_space(up.text_content())) > MAX_BYLINE_BOX_CHARS:
                break
            box = up
        links = box.xpath(".//a[@href]") if box is not None else []
        names = [n for n in (_author_link_name(a) for a in links) if n]
        yield ", ".join(dict.fromkeys(names or [name]))


def _author_link_name(link: Any) -> str | None:
    """The name a link to an author's page shows, or None for any other link."""
    href = unquote(link.get("href", ""))
    if not _AUTHOR_PATH.search(href) or in_furniture(link):
        return None
    name = _name_words(clean_space(link.text_content()), min_words=2)
    return name if name and _in_address(name, href) else None


def _name_words(text: str, *, min_words: int = 1) -> str | None:
    """``text`` cut at a separator and cleaned, when it reads as a person's name: up to
    four words, capitalised where the script has case."""
    text = _NAME_END.sub("", text + " ").strip(" ,:")
    name = clean_author(text) if text else None
    if name is None or ":" in name:
        return None
    words = name.split()
    return name if min_words <= len(words) <= 4 and capitalised(words) else None


def _in_address(name: str, href: str) -> bool:
    """True when a word of the name is in the link's address, the author's slug
    ("/about/newsteam/alex-bozarjian"). An Arabic name passes: its slug is often an ASCII
    username."""
    if not any(c.isascii() and c.isalpha() for c in name):
        return True
    folded = _fold(href)
    return any(_fold(word) in folded for word in name.split() if len(word) >= 3)


def _fold(text: str) -> str:
    """Lower case without accents: "José" and "jose" alike."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _site_names(page: PageMeta) -> list[str]:
    """The site's names, without a publisher that is a person (Yoast's personal-blog
    setting makes the blogger the publisher: then the blogger is the author too)."""
    publisher = page.jsonld.get("publisher")
    if isinstance(publisher, dict) and "person" in jsonld_types(publisher):
        person = clean_space(str(publisher.get("name", "")))
        return [name for name in page.site_names if name != person]
    if page.site_names:
        return page.site_names
    # Without a declared name, "Headline | ليبيا الان" ends with it, unless the address
    # spells it: a blogger's own domain ("Wolfgang Michal" on wolfgangmichal.de).
    parts = title_segments(page.title or "")
    last = parts[-1] if len(parts) > 1 else ""
    spelled = re.sub(r"\W+", "", _fold(last))
    if not last or (spelled and spelled in re.sub(r"\W+", "", host_of(page.url))):
        return []
    return [last]


def _site_rank(name: str, page: PageMeta) -> int:
    """0 for a plain name, 1 for a name decorated with the site's, 2 for the site itself.

    "unocero - Alberto Ávila" (1) loses to a plain "Alberto Ávila" found elsewhere. A name
    inside the site's name is a personal blog ("Daniel Lemire's blog") and counts as
    plain; the URL's host is not compared, since a blogger's domain is often their name.
    """
    norm = normalise_title(name)
    if re.search(r"\w\.[a-z]{2,6}$", name.split()[-1], re.I):
        return 2
    sites = [normalise_title(site) for site in _site_names(page)]
    if norm in sites:
        return 2
    padded = f" {norm} "
    if any(len(site) > 3 and f" {site} " in padded for site in sites):
        return 1
    return 1 if _ORGANISATION.search(name) else 0


def _jsonld_nodes_by_id(tree: Any) -> dict[str, dict[str, Any]]:
    """JSON-LD objects of the page keyed by their ``@id`` (Yoast's @graph links by id)."""
    nodes: dict[str, dict[str, Any]] = {}
    for script in tree.xpath('//script[contains(@type, "ld+json")]')[:20]:
        try:
            data = json.loads((script.text or "").strip(), strict=False)
        except ValueError:
            continue
        stack = [data]
        budget = _MAX_JSONLD_NODES
        while stack and budget:
            budget -= 1
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                if isinstance(item.get("@id"), str) and "name" in item:
                    nodes.setdefault(item["@id"], item)
                if "@graph" in item:
                    stack.append(item["@graph"])
    return nodes


def _jsonld_people(value: Any, tree: Any) -> tuple[list[str], list[str]]:
    """JSON-LD authors split into (people, organisations).

    An author given only as ``{"@id": ...}`` (Yoast SEO's schema graph) is looked up
    among the page's other JSON-LD objects.
    """
    people: list[str] = []
    orgs: list[str] = []
    nodes: dict[str, dict[str, Any]] | None = None
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, dict) and "name" not in item and isinstance(item.get("@id"), str):
            nodes = _jsonld_nodes_by_id(tree) if nodes is None else nodes
            item = nodes.get(item["@id"], item)
        names = jsonld_authors(item)
        types = " ".join(jsonld_types(item)) if isinstance(item, dict) else ""
        # Yoast types a blog's owner ["Person", "Organization"]: that is a person.
        is_org = "organization" in types and "person" not in types
        (orgs if is_org else people).extend(names)
    return people, orgs


def _candidates(page: PageMeta, tree: Any, people: list[str]) -> Iterator[tuple[str, str]]:
    """Cleaned author names with their method, most trusted source first (lazily: the
    byline XPaths copy the tree and run only when the head names nobody)."""
    people = [p for p in (clean_author(n) for n in people) if p]
    plain = [p for p in people if _site_rank(p, page) == 0]
    if plain:
        yield ", ".join(dict.fromkeys(plain)), "jsonld"
    for person in people:
        yield person, "jsonld"
    for number in range(1, 5):
        label = _HARAKAT.sub("", page.meta.get(f"twitter:label{number}", ""))
        if _WRITER_LABEL.search(label):
            value = clean_author(page.meta.get(f"twitter:data{number}", ""))
            if value:
                yield value, "meta"
    for key in AUTHOR_META:
        value = clean_author(page.meta.get(key, ""))
        if value:
            yield value, "meta"
    found = byline_text(tree)
    name = clean_author(found) if found else None
    if name:
        yield name, "byline"
    for text in page.author_texts:
        # "21 May 2020 | By X" names the writer after its marker; else the whole text.
        name = marked_name(text) or clean_author(text)
        if name:
            yield name, "byline"
    for text in page.byline_texts:
        name = marked_name(text)
        if name:
            yield name, "byline"
    for name in paragraph_bylines(tree):
        yield name, "byline"
    for name in labelled_names(tree):
        yield name, "byline"
    for name in author_link_names(tree):
        yield name, "byline"
    for text in page.author_box_names:
        found = None if _ABOUT.match(text) else _name_words(text, min_words=2)
        if found:
            yield found, "author box"


def choose_author(page: PageMeta, tree: Any) -> tuple[str | None, str]:
    """Pick the author name(s) and the method that found them.

    The first plain name of ``_candidates`` wins. Without one: a name decorated with the
    site's name, then a JSON-LD organisation that is not the site (an agency); never the
    site itself.
    """
    people, orgs = _jsonld_people(page.jsonld.get("author"), tree)
    fallback: list[tuple[int, str, str]] = []
    for name, method in _candidates(page, tree, people):
        rank = _site_rank(name, page)
        if rank == 0:
            return complete_name(name, tree), method
        fallback.append((rank, name, method))
    decorated = [f for f in fallback if f[0] == 1]
    if decorated:
        return decorated[0][1], decorated[0][2]
    # An organisation is a byline only when it is not the site itself (an agency).
    orgs = [o for o in orgs if _site_rank(o, page) < 2]
    if orgs:
        return orgs[0], "jsonld"
    # The site itself, or a guess from its copyright line, would name the outlet or its
    # owner, not who wrote the article: the record says no author instead.
    return None, "none"


def complete_name(name: str, tree: Any) -> str:
    """A first name or a login expanded to the full name the page prints elsewhere.

    Bylines and schema often show "Stefanus", "christian.stadtfeld" or
    "arianschlichenmayer" while the page's author box, caption or title reads "Stefanus
    Stahl", "Christian P. Stadtfeld", "Arian Schlichenmayer". The expansion must be the
    only one on the page ("Henry Steinhau" and never "Henry" followed by another surname);
    otherwise the name stays as found.
    """
    if " " in name or len(name) < 3:
        return name
    login = _LOGIN.match(name)
    if not login and not capitalised([name]):
        return name
    folded = _fold(name)
    parts = re.split(r"[._-]", folded)
    found: dict[str, str] = {}
    texts = tree.xpath(_NAME_TEXT_XPATH)
    for text in texts[:_MAX_NAME_TEXTS]:
        for match in _FULL_NAME.finditer(str(text)):
            words = match.group().split()
            first, last = _fold(words[0]), _fold(words[-1])
            if login and len(parts) > 1:
                fits = first == parts[0] and last == parts[-1]
            elif login:
                fits = _fold("".join(words)) == folded
            else:
                fits = first == folded
            if fits:
                found.setdefault(_fold(match.group()), match.group())
    if len(found) != 1:
        return name
    return next(iter(found.values()))


def byline_text(tree: Any) -> str | None:
    """The byline text trafilatura's author XPaths find (comments and dates pruned), or None.

    Its own ``extract_author`` also normalises the name, dropping the dots of "T. V. Raman"
    and the case of "ThE_PaiN"; ``clean_author`` does our cleaning instead.
    """
    try:
        subtree = prune_unwanted_nodes(copy.deepcopy(tree), AUTHOR_DISCARD_XPATHS)
        return extract_metainfo(subtree, AUTHOR_XPATHS, len_limit=120)
    except (ValueError, TypeError, AttributeError):
        return None
