"""Search terms: word stems for the FTS5 index, user queries to MATCH expressions, snippets.

Query syntax:

    كهرباء            a word finds its clitic and inflected forms: الكهرباء، بالكهرباء، والكهرباء
    كهرب*             a prefix: every word that starts with it, with or without ال، و، ب ...
    "المجلس الرئاسي"   quotes ("…", «…» or “…”) match exactly these words in this order
    طرابلس بنغازي      articles with both words; طرابلس OR بنغازي: with either
    NOT سبها, -سبها    leave out articles with that word (a search needs one word to look for)

Anything else a user types (column filters, NEAR, parentheses, ^, :) is searched as words,
never run. Vocalised and plain spellings match (design.md, "Arabic").

Stemmer: our own light stemmer, the tables below, chosen with bench/search.py (80 queries
judged by hand over 88 Libyan articles, a blind third never tuned on; docs/benchmarks.md):
F1 0.958 on the dev queries and 0.944 blind (recall 0.965, precision 0.924), against
Larkey's light10 table (the usual baseline) 0.931 / 0.904, tashaphyne 0.924 / 0.818,
snowball's Arabic 0.879 / 0.791, article stripping alone 0.843 / 0.761 and exact words
0.677 / 0.524; 3.3 µs per new Arabic word, then cached (light10 4.9, tashaphyne 128,
snowball 224 µs). The others cut letters that are not clitics, and not alike in every
form of a word: snowball strips the و of وزارة and the ب of بنغازي yet keeps وال in
والكهرباء; tashaphyne makes كهرباء هرباء and ليبيا بي, and على and علي one stem; light10
strips the nisba ي (نفط = النفطية) and the و of وزير but not of الوزير. Ours strips only
article clitics from a word and looks for its one-letter-clitic forms (وحكومة، بحكومة) at
query time (+0.03 F1 on dev). Light stemming cannot reach broken plurals (مصرف/مصارف),
verbs (يعلن/أعلنت) or words told apart by ة alone (عملة/عمل، سيولة/سيول).
English words get snowball's English stemmer (elections → elect).
"""

from __future__ import annotations

import bisect
import functools
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import snowballstemmer  # type: ignore[import-untyped]

from ingest.text import normalize_search

# Article clitics, alone and after و/ف/ب/ك/ل (لل is ل + ال), longest first, with the
# fewest letters that must remain. One-letter clitics (وحكومة، بحكومة) are not stripped:
# that would cut root letters (وزارة، بنغازي، كهرباء); queries look for them instead.
ARTICLES: tuple[tuple[str, int], ...] = (
    ("وبال", 2), ("فبال", 2), ("وكال", 2), ("فكال", 2), ("ولل", 2), ("فلل", 2),
    ("وال", 2), ("فال", 2), ("بال", 2), ("كال", 2), ("لل", 2), ("ال", 2),
)  # fmt: skip
# One-letter clitics and their pairs that a query word may carry in the text.
CLITICS = ("و", "ف", "ب", "ك", "ل", "وب", "وك", "ول", "فب", "فك", "فل")
# Attached pronouns (ميزانيتها، منازلهم) with the fewest letters left; ة before a pronoun
# is written ت (حكومتها). ه counts only after a consonant (اسعاره، ميزانيته): after ا or
# ي it is the word's own (مياه، اتجاه، توجيه); stripping it also folds ه typed for ة
# (الحكومه). Not نا: بيانا، قانونا are far more often an accusative than "our".
PRONOUNS: tuple[tuple[str, int], ...] = (
    ("هما", 3), ("كما", 3), ("هم", 3), ("هن", 3), ("ها", 3), ("كم", 3), ("ه", 4),
)  # fmt: skip
# Then one inflection: (suffix, replacement, fewest letters left), longest first. ون/ين
# need 4 letters so that زيتون، قانون، عشرين keep theirs; no ان (سكان، بيان، برلمان) and
# no nisba ي/ية (نفط vs النفطية are other words: it cost 0.04 F1 on the dev queries).
INFLECTIONS: tuple[tuple[str, str, int], ...] = (
    ("تين", "", 2), ("تان", "", 2), ("يين", "ي", 3), ("يون", "ي", 3),
    ("ات", "", 2), ("ون", "", 4), ("ين", "", 4), ("ة", "", 2),
)  # fmt: skip
# Final ى is folded to ي (المستشفى, مستشفيات; outlets that write الرئاسى), except in the
# words where ى and ي make two words: على (on) and علي (a name), الى and الي (automatic).
_YA_WORDS = ("على", "الى", "حتى", "لدى", "متى", "سوى")
KEEP_YA = frozenset(clitic + word for clitic in ("", *CLITICS) for word in _YA_WORDS)
TANWEEN_MIN_LEFT = 3  # مهاجرا، دينارا; not after ي: ليبيا، تركيا are names
TA_MARBUTA_MIN_LEFT = 4  # حكومت+ها → حكومة, but بيت+ها stays بيت
STEMS_VERSION = 1  # raise when stems change: stored stem columns must then be rebuilt
STEM_CACHE_SIZE = 100_000
MAX_QUERY_TERMS = 32  # a person's query; also keeps FTS5's expression tree shallow

# The syntax paragraphs of the docstring for ``ingest search --help``, with click's "\b"
# before the table so that it is not rewrapped.
_SYNTAX = (__doc__ or "").partition("Query syntax:\n\n")[2].partition("\n\nStemmer:")[0]
QUERY_SYNTAX = "\n\n".join(
    ["Query syntax:"] + [f"\b\n{p}" if p[:1] == " " else p for p in _SYNTAX.split("\n\n")]
)
STEM_COLUMNS = "{headline_stems body_stems}"
EXACT_COLUMNS = "{headline body}"
NOTHING_TO_FIND = "a search needs at least one word to look for, not only exclusions"
NO_WORDS = "the query has no words to search for"

_ARTICLE_STARTS = tuple(prefix for prefix, _ in ARTICLES)
_PRONOUN_ENDS = tuple(suffix for suffix, _ in PRONOUNS)
_INFLECTION_ENDS = tuple(suffix for suffix, _, _ in INFLECTIONS)
_ENGLISH = snowballstemmer.stemmer("english")
_ENGLISH_LOCK = threading.Lock()  # snowball stemmers keep state while stemming
_QUOTES = '"“”„«»'
_TOKEN_RE = re.compile(f"(-)?[{_QUOTES}]([^{_QUOTES}]*)[{_QUOTES}]?|([^\\s{_QUOTES}]+)")
_WORD_EDGES_RE = re.compile(r"^\W*(.*?)[^\w\u064b-\u065f\u0670\u0640]*$", re.DOTALL)


def _is_arabic(word: str) -> bool:
    """Whether a normalised word is in Arabic script."""
    return "\u0600" <= word[0] <= "\u06ff"


def strip_article(word: str) -> str:
    """Remove an article clitic (ال، وال، بال، لل ...) when enough of the word remains."""
    if word.startswith(_ARTICLE_STARTS):
        for prefix, min_left in ARTICLES:
            if word.startswith(prefix) and len(word) - len(prefix) >= min_left:
                return word[len(prefix) :]
    return word


def light_stem(word: str) -> str:
    """Arabic light stem: article, then a pronoun or tanween alef, then one inflection."""
    word = strip_article(word)
    if word.endswith(_PRONOUN_ENDS):
        for suffix, min_left in PRONOUNS:
            if word.endswith(suffix) and len(word) - len(suffix) >= min_left:
                if suffix == "ه" and word[-2] in "اي":
                    continue
                word = word[: -len(suffix)]
                if word[-1] == "ت" and word[-2] != "ا" and len(word) >= TA_MARBUTA_MIN_LEFT:
                    word = word[:-1] + "ة"
                break
    elif word.endswith("ا") and len(word) > TANWEEN_MIN_LEFT and word[-2] != "ي":
        word = word[:-1]
    if word.endswith(_INFLECTION_ENDS):
        for suffix, replacement, min_left in INFLECTIONS:
            if word.endswith(suffix) and len(word) - len(suffix) >= min_left:
                word = word[: -len(suffix)] + replacement
                break
    if word.endswith("ى") and word not in KEEP_YA:
        word = word[:-1] + "ي"
    return word


def stem_word(word: str, arabic: Callable[[str], str]) -> str:
    """Stem a word by its script: ``arabic`` for Arabic, snowball for English, else as is."""
    if word and _is_arabic(word):
        return arabic(word)
    if word.isascii() and word.isalpha():
        with _ENGLISH_LOCK:
            return str(_ENGLISH.stemWord(word))
    return word


@functools.lru_cache(maxsize=STEM_CACHE_SIZE)
def stem(word: str) -> str:
    """Return the search stem of one normalised word (الحكومات → حكوم, elections → elect)."""
    return stem_word(word, light_stem)


def index_stems(text: str, *, stemmer: Callable[[str], str] = stem) -> str:
    """Return the stems of every word of ``normalize_search(text)``, for the stem columns."""
    return " ".join(stemmer(word) for word in normalize_search(text).split())


@dataclass(frozen=True)
class Term:
    """One thing to look for: a word, a prefix (``كهرب*``) or a quoted phrase."""

    words: tuple[str, ...]  # normalised as the index is
    kind: Literal["word", "prefix", "phrase"]


@dataclass(frozen=True)
class Query:
    """A parsed query: every group must match (AND), any term of a group (OR)."""

    groups: tuple[tuple[Term, ...], ...]
    excluded: tuple[Term, ...]
    problem: str | None = None  # why nothing can be searched, for the user

    @property
    def terms(self) -> tuple[Term, ...]:
        """The terms to look for, groups flattened."""
        return tuple(term for group in self.groups for term in group)


def _term(raw: str, *, quoted: bool) -> Term | None:
    """Make a term of one token: quoted text is a phrase, ``word*`` a prefix."""
    words = tuple(normalize_search(raw).split())
    if not words:
        return None
    if quoted or len(words) > 1:
        return Term(words, "phrase")
    return Term(words, "prefix" if raw.endswith("*") else "word")


def parse_query(user_query: str) -> Query:
    """Parse what a user typed (see the module docstring for the syntax)."""
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    negate = join = False
    for match in _TOKEN_RE.finditer(user_query):
        minus, phrase, bare = match.groups()
        if bare in ("OR", "NOT", "AND"):
            join = bare == "OR" and bool(groups) and not negate
            negate = bare == "NOT" or (negate and bare == "AND")
            continue
        if bare is not None and bare.startswith("-"):
            minus, bare = "-", bare[1:]
        term = _term(phrase if phrase is not None else bare, quoted=phrase is not None)
        if term is None or len(excluded) + sum(map(len, groups)) >= MAX_QUERY_TERMS:
            continue
        if negate or minus:
            excluded.append(term)
        elif join:
            groups[-1].append(term)
        else:
            groups.append([term])
        negate = join = False
    problem = None if groups else NOTHING_TO_FIND if excluded else NO_WORDS
    return Query(tuple(map(tuple, groups)), tuple(excluded), problem)


def _quote(text: str) -> str:
    """Quote text as one FTS5 string."""
    return '"' + text.replace('"', '""') + '"'


def word_stems(word: str, stemmer: Callable[[str], str] = stem) -> frozenset[str]:
    """Return the stems a word has in the text: its own, and after و، ب، ل ... (وحكومة)."""
    stems = {stemmer(word)}
    if _is_arabic(word):
        base = strip_article(word)
        stems.update(stemmer(clitic + base) for clitic in CLITICS)
    return frozenset(stems)


def prefix_forms(prefix: str) -> list[str]:
    """Return a prefix term's forms in the stem columns: clitics removed, then re-added."""
    base = strip_article(prefix)
    if base.endswith("ى") and base not in KEEP_YA:
        base = base[:-1] + "ي"  # as light_stem folds it
    if not _is_arabic(base):
        return [base]
    return [base] + [clitic + base for clitic in CLITICS]


def _expression(term: Term, stemmer: Callable[[str], str]) -> str:
    """Return the FTS5 expression for one term."""
    if term.kind == "phrase":
        return f"{EXACT_COLUMNS} : {_quote(' '.join(term.words))}"
    word = term.words[0]
    if term.kind == "prefix":
        stems = " OR ".join(_quote(form) + "*" for form in prefix_forms(word))
        return f"({STEM_COLUMNS} : ({stems}) OR {EXACT_COLUMNS} : {_quote(word)}*)"
    stems = " OR ".join(map(_quote, sorted(word_stems(word, stemmer))))
    return f"{STEM_COLUMNS} : ({stems})"


def match_expression(user_query: str, *, stemmer: Callable[[str], str] = stem) -> str:
    """Return a safe FTS5 MATCH expression for the articles table; "" when nothing to find.

    A plain word becomes its stems with and without one-letter clitics (وحكومة، بحكومة).

    >>> match_expression("«المجلس الرئاسي»")
    '{headline body} : "المجلس الرئاسي"'
    """
    query = parse_query(user_query)
    if query.problem:
        return ""
    groups = []
    for group in query.groups:
        parts = [_expression(term, stemmer) for term in group]
        groups.append(parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")")
    expression = " AND ".join(groups)
    if query.excluded:
        expression = f"({expression})" + "".join(
            " NOT " + _expression(term, stemmer) for term in query.excluded
        )
    return expression


def _matcher(query: Query) -> Callable[[str], bool]:
    """Return a test of whether one normalised word matches a plain or prefix term."""
    stems: set[str] = set()
    prefixes: list[str] = []
    for term in query.terms:
        if term.kind == "word":
            stems.update(word_stems(term.words[0]))
        elif term.kind == "prefix":
            prefixes += [term.words[0], *prefix_forms(term.words[0])]
    starts = tuple(prefixes)

    def matches(word: str) -> bool:
        if stem(word) in stems:
            return True
        return bool(starts) and strip_article(word).startswith(starts)

    return matches


def _window_start(hits: list[int], count: int, size: int) -> int:
    """Return where the ``size`` tokens holding the most hits start, the hits centred."""
    if not hits:
        return 0
    best = max(range(len(hits)), key=lambda i: bisect.bisect_left(hits, hits[i] + size) - i)
    inside = hits[best : bisect.bisect_left(hits, hits[best] + size)]
    slack = size - (inside[-1] - inside[0] + 1)
    return max(0, min(inside[0] - slack // 2, count - size))


def mark_snippet(
    text: str,
    user_query: str,
    *,
    max_words: int = 30,
    marks: tuple[str, str] = ("[", "]"),
) -> str:
    """Return about ``max_words`` words of the original text around the best matches, marked.

    >>> mark_snippet("قطعت الكَهْرَباءُ، مساءً، عن طرابلس.", "كهرباء", max_words=3)
    'قطعت [الكَهْرَباءُ]، مساءً،…'
    """
    tokens = text.split()
    flat = [(word, i) for i, token in enumerate(tokens) for word in normalize_search(token).split()]
    query = parse_query(user_query)
    matches = _matcher(query)
    hits = {i for word, i in flat if matches(word)}
    for term in query.terms:
        if term.kind != "phrase":
            continue
        size = len(term.words)
        for start in range(len(flat) - size + 1):
            if tuple(word for word, _ in flat[start : start + size]) == term.words:
                hits.update(i for _, i in flat[start : start + size])
    max_words = max(1, max_words)
    first = _window_start(sorted(hits), len(tokens), max_words)
    shown = []
    for index in range(first, min(first + max_words, len(tokens))):
        token = tokens[index]
        edges = _WORD_EDGES_RE.match(token) if index in hits else None
        if edges and edges.group(1):
            start, end = edges.span(1)
            token = token[:start] + marks[0] + token[start:end] + marks[1] + token[end:]
        shown.append(token)
    cut_start = "…" if first > 0 else ""
    cut_end = "…" if first + max_words < len(tokens) else ""
    return cut_start + " ".join(shown) + cut_end
