"""Where pages put their writer, and the words around the name, as declarative rows.

Each row says what it catches and the CMS, theme or outlet family that motivated it; the
readers in ``bylines.py`` and the cleaners in ``author_names.py`` are small functions over
these tables. Element rules compare one attribute with a regular expression, case
sensitively, as markup is written; word lists are compiled into one alternation each.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Meta:
    """A ``<meta>`` name or property that holds the writer's name."""

    key: str  # lower case, as ``read_meta`` stores it
    family: str


@dataclass(frozen=True)
class Rule:
    """Elements whose ``attribute`` matches ``pattern`` (``re.search``), of ``tags`` (any
    tag when empty); with ``attribute`` "tag", every element of ``tags``."""

    attribute: str
    pattern: str
    catches: str
    family: str
    tags: frozenset[str] = frozenset()


# Author meta tags: HTML's own, OpenGraph's, then analytics and sharing plugins that
# publishers fill with the byline, then Dublin Core. Most trusted first.
AUTHOR_META = (
    Meta("author", "HTML; WordPress/Yoast, Drupal, Joomla, Blogger"),
    Meta("article:author", "OpenGraph article (Yoast, Jannah, Newspaper, Ghost)"),
    Meta("og:author", "OpenGraph variants of German and Swiss CMSs"),
    Meta("parsely-author", "Parse.ly analytics"),
    Meta("sailthru.author", "Sailthru newsletters"),
    Meta("cxenseparse:author", "Cxense (Piano) analytics"),
    Meta("shareaholic:article_author_name", "Shareaholic sharing plugin"),
    Meta("dc.creator", "Dublin Core (Drupal, academic and government sites)"),
    Meta("dcterms.creator", "Dublin Core terms"),
)

_BLOCKS_A = frozenset(["a", "address", "div", "link", "p", "span", "strong"])
_BLOCKS_B = frozenset(["a", "div", "h3", "h4", "p", "span"])
# Byline elements in three tiers, most specific first; within a tier the first in the
# page whose text (outside DISCARD areas) is 3 to 119 characters long wins.
BYLINE_TIERS: tuple[tuple[Rule, ...], ...] = (
    (
        Rule(
            "rel",
            "^author$",
            "a link to the writer's page",
            "Joomla K2, WordPress themes",
            _BLOCKS_A,
        ),
        Rule("id", "^author$", "the byline block", "custom CMSs", _BLOCKS_A),
        Rule("class", "^author$", "the byline block", "WordPress themes", _BLOCKS_A),
        Rule("itemprop", "^author name$", "microdata person name", "schema.org", _BLOCKS_A),
        Rule(
            "data-testid", "^Author(?:Card|URL)$", "the byline card", "React news sites", _BLOCKS_A
        ),
        Rule(
            "class",
            "author-?name|AuthorName|authorName",
            "the name inside a byline",
            "Jannah, Newspaper (td-post-author-name), Ghost (gh-article-author-name)",
            _BLOCKS_A,
        ),
        Rule("tag", "", "an <author> element", "custom CMSs", frozenset(["author"])),
    ),
    (
        Rule("class", "^(?:byline|username|byl|BBL)$", "a byline block", "generic", _BLOCKS_B),
        Rule("itemprop", "author", "microdata author", "schema.org", _BLOCKS_B),
        Rule("id", "author|zuozhe|bianji|xiaobian", "writer, editor", "Chinese CMSs", _BLOCKS_B),
        Rule(
            "class",
            "author|channel-name|zuozhe|bianji|xiaobian|submitted-by|posted-by|journalist-name",
            "writer, editor, 'submitted by' (Drupal), 'posted by' (Blogger)",
            "Drupal, Blogger, Chinese CMSs, generic",
            _BLOCKS_B,
        ),
    ),
    (
        Rule("data-component", "Byline", "a byline component", "React news sites"),
        Rule("itemprop", "author", "microdata author", "schema.org"),
        Rule("id", "[Aa]uthor", "an author block", "custom CMSs"),
        Rule(
            "class",
            "[Aa]uthor|screenname|writer|[Bb]yline",
            "author blocks: K2's itemAuthor, Blogger's post-author, any '*-byline'",
            "Joomla K2, Blogger, generic",
        ),
    ),
)
_AREAS = frozenset(["a", "div", "section", "span"])
# Areas whose text is never the byline: comments, titles, dates, sidebars, quotes,
# sharing and printing bars, categories, figures.
DISCARD = (
    Rule("id", "^comments|comment-?list|ProductReviews", "comment threads", "WordPress", _AREAS),
    Rule(
        "class",
        "^(?:comments|title|date)$",
        "comment thread, headline, date",
        "generic",
        _AREAS,
    ),
    Rule(
        "class",
        "^[Cc]omments|commentlist|comments-list",
        "comment threads",
        "WordPress, Disqus",
        _AREAS,
    ),
    Rule(
        "class",
        "sidebar|is-hidden|quote|embedly-instagram|article-(?:share|support)|print|category",
        "sidebars, hidden blocks, quotes, embeds, share and print bars, categories",
        "generic",
        _AREAS,
    ),
    Rule("class", "meta-date|meta-reviewer", "date and reviewer lines", "review themes", _AREAS),
    Rule("data-component", "Figure", "figures and their captions", "React news sites", _AREAS),
    Rule("tag", "", "dates and captioned media", "HTML", frozenset(["time", "figure"])),
)


@dataclass(frozen=True)
class Words:
    """Words or phrases (spaces match any whitespace) of one language or family."""

    words: tuple[str, ...]
    source: str


def alternation(rows: Iterable[Words]) -> str:
    """One regex alternation of every row's words, longest first."""
    words = {w for row in rows for w in row.words}
    ordered = sorted(words, key=lambda w: (-len(w), w))
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in ordered)


# Class and id words of the byline elements ``metadata.read_page`` collects, compared
# with the lower-cased class and id: "author" (WordPress, Jannah, Newspaper), "byline",
# "field-contributor" (Drupal), "auteur"/"autor" (French and German CMSs), "wrote_by".
AUTHOR_CLASS_WORDS = Words(
    ("author", "byline", "auteur", "autor", "contributor", "wrote", "written"),
    "WordPress, Drupal, French and German CMSs",
)
# What opens a byline before the name ("By", "Posted by", "Von", "بقلم").
BYLINE_PREFIXES = (
    Words(
        (
            "view all posts",
            "post author",
            "author",
            "posted",
            "written",
            "published",
            "interview",
            "by",
            "from",
            "recipe",
            "article",
            "text",
            "view profil",
            "view profile",
        ),
        "English",
    ),
    Words(
        (
            "erstellt",
            "eingestellt",
            "veröffentlicht",
            "publiziert",
            "geschrieben",
            "verfasst",
            "autor",
            "von",
            "vom",
            "rezept",
            "zum profil",
            "zum profile",
            "beitrag",
            "blog beitrag",
            "blogbeitrag",
            "artikel",
        ),
        "German",
    ),
    Words(("auteur", "par", "recette", "texte", "de"), "French"),
    Words(("autore", "di", "da"), "Italian"),
    Words(("por", "receta"), "Spanish"),
    Words(
        (
            "بقلم",
            "بواسطة",
            "كتب",
            "كتبت",
            "إعداد",
            "اعداد",
            "تحرير",
            "المحرر",
            "تقرير",
            "نشر",
            "نشرت",
        ),
        "Arabic",
    ),
)
# "Text & Fotos: X": a credit for pictures joined to the writer's.
PHOTO_CREDIT_JOINERS = Words(("&", "+", "/", "und", "and", "et", "y"), "German, English, French")
PHOTO_WORDS = Words(("foto", "fotos", "photo", "photos", "bild", "bilder", "image", "images"), "")
# A second preposition after the prefix: "Posted by", "Erstellt von", "نشر بواسطة".
PREFIX_PREPOSITIONS = Words(
    ("by", "von", "vom", "par", "por", "durch", "on", "am", "le", "في", "بواسطة"), "all"
)
# Markers of a name inside a longer byline ("Posted on 21 May 2020 by X", "Autor: X").
MARKERS = (
    Words(("written by", "posted by", "by", "author", "text"), "English"),
    Words(("geschrieben von", "verfasst von", "von", "autor", "autorin"), "German"),
    Words(("par", "auteur", "texte"), "French"),
    Words(("por",), "Spanish"),
    Words(("door",), "Dutch"),
    Words(("autore",), "Italian"),
    Words(("بقلم", "بواسطة", "كتب", "كتبت", "إعداد", "اعداد", "تقرير", "تحرير"), "Arabic"),
)
# Words before a marker in a date line: "Posted on ... by", "Veröffentlicht am ... von".
POSTING_VERBS = Words(
    ("uhr", "posted", "published", "veröffentlicht", "publié", "publicado", "erstellt", "نشر"),
    "English, German, French, Spanish, Arabic",
)
# An element whose whole text is a byline label; the name follows it. Prepositions stand
# alone, nouns need their colon ("author" alone describes someone in a list).
LABEL_PREPOSITIONS = Words(
    ("by", "von", "par", "por", "written by", "posted by", "بقلم", "بواسطة", "كتب", "كتبت"),
    "English, German, French, Spanish, Arabic",
)
LABEL_NOUNS = Words(
    ("autor", "autorin", "author", "auteur", "autore", "text", "texte", "إعداد", "اعداد", "تحرير"),
    "English, German, French, Italian, Arabic",
)
# Yoast SEO's ``twitter:labelN`` saying its ``twitter:dataN`` is the writer, in the
# languages it ships ("Written by", "Verfasst von", "Écrit par", "كُتب بواسطة").
WRITER_LABELS = Words(
    (
        "written",
        "verfasst",
        "geschrieben",
        "écrit",
        "escrito",
        "scritto",
        "geschreven",
        "skrevet",
        "skriven",
        "napisane",
        "napsal",
        "kirjoittanut",
        "yazan",
        "autor",
        "auteur",
        "author",
    ),
    "WordPress/Yoast SEO translations",
)
# Labels, weekdays and words that byline areas hold when the name is elsewhere.
NOT_NAMES = (
    Words(("by", "posted", "name", "follow", "author", "on", "date"), "English"),
    Words(("von", "autor", "autoren", "alle", "beiträge", "publiziert", "am"), "German"),
    Words(("veröffentlicht", "datum", "stand", "zuletzt", "geändert"), "German"),
    Words(("par", "auteur", "auteurs", "collectif"), "French"),
    Words(("por",), "Spanish"),
    Words(("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag"), "German"),
    Words(("sonntag",), "German"),
    Words(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"), "en"),
    Words(("الأحد", "الاثنين", "الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة"), "ar"),
    Words(("السبت",), "Arabic"),
)
# CMS accounts and desks that publish under a placeholder: they name nobody.
PLACEHOLDERS = (
    Words(("admin", "administrator", "site admin", "wordpressadmin"), "WordPress"),
    Words(("super user", "superuser"), "Joomla, K2"),
    Words(("webmaster", "root", "user", "guest", "anonymous", "unknown", "human"), "generic"),
    Words(("editor", "editorial team", "editorial staff"), "newsroom desks"),
    Words(("مدير الموقع", "مدير", "المدير", "الإدارة", "الادارة"), "Arabic CMS accounts"),
    Words(("المحرر", "محرر الموقع", "فريق التحرير", "هيئة التحرير"), "Arabic newsroom desks"),
    Words(("أسرة التحرير", "اسرة التحرير", "التحرير", "قسم الأخبار"), "Arabic newsroom desks"),
)
# Words of an organisation's name: a publication, company, association or agency named as
# author waits, like a name decorated with the site's, for a person's found elsewhere.
ORGANISATION_WORDS = Words(
    (
        "e. V",
        "e.V",
        "GmbH",
        "AG",
        "SE",
        "Inc",
        "Ltd",
        "LLC",
        "S.A",
        "Verlag",
        "Verband",
        "Landesanstalt",
        "Institut",
        "Magazin",
        "Magazine",
        "Zeitung",
        "Illustrierte",
        "Online",
        "Newspaper",
        "Agency",
        "Agencia",
        "Press",
        "Media",
    ),
    "German, English, Spanish company and publication names",
)
# An outlet's desk account opens with one of these: "صفحة الرأي", "قسم الأخبار".
ARABIC_OUTLET_WORDS = Words(
    (
        "وكالة",
        "صحيفة",
        "جريدة",
        "موقع",
        "بوابة",
        "قناة",
        "شبكة",
        "مجلة",
        "صفحة",
        "قسم",
        "ركن",
        "مكتب",
    ),
    "Arabic outlets and desks (Libyan aggregators)",
)
# An author box's heading that is not the name: "About the author", "عن مصدر الخبر".
ABOUT_WORDS = Words(("about", "über", "à propos", "sobre", "عن", "نبذة", "حول"), "author boxes")
# A follow button after the name ("Inga Hoeltmann Follow", "سالم الورفلي متابعة").
FOLLOW_WORDS = Words(("follow", "folgen", "suivre", "seguir", "segui", "متابعة", "تابع"), "")
# A comment form's field label ("Name (erforderlich)").
REQUIRED_WORDS = Words(
    ("required", "erforderlich", "obligatoire", "obligatorio", "obbligatorio", "verplicht"),
    "WordPress comment forms",
)
# Credits, theme names and comment counts that sit in author-like places.
NOT_NAME_WORDS = Words(
    ("photo", "foto", "bild", "image", "theme", "themegrill", "wordpress", "comments"),
    "photo credits, WordPress theme footers",
)
COMMENT_COUNT_WORDS = Words(
    ("kommentare", "commentaires", "comentarios", "commenti", "reacties"), "comment counters"
)
# Address paths of an author's archive ("/author/x", "/autor/x", "/profil/207/x").
AUTHOR_PATHS = (
    Words(("author", "authors", "writer", "writers", "profile"), "WordPress, Ghost, Blogger"),
    Words(("autor", "autoren", "redakteur", "profil"), "German CMSs"),
    Words(("auteur", "auteurs", "autore"), "French and Italian CMSs"),
    Words(("journalist", "journalists"), "news CMSs"),
    Words(("كتاب",), "Arabic opinion sections"),
)
ABBREVIATIONS = frozenset(["jr.", "sr.", "dr.", "prof.", "st.", "inc.", "ltd.", "co.", "phd."])
