"""Search quality and cost of the stemmers for the FTS5 stem columns, on labelled queries.

Usage: .venv/bin/python bench/search.py [--runs 5] [--details] [--set dev|blind]

The corpus is every hand-written article text the project has: the stories of
bench/data/stories.txt, the expected records of bench/libyan/ and bench/arabic-themes*/
(two of bench/libyan/ are copies of the seed article and are left out) and
/work/shared/corpus/seed-article.txt when it is there: about 90 articles, 8 in English.
The queries, with the forms that make a document relevant, are in bench/search/queries.txt
(its header says how they were judged and how the blind third was chosen).

Each method fills an in-memory FTS5 table of the store's shape (headline, body,
headline_stems, body_stems) and turns each query into a MATCH expression:

- plain: the normalised text only, every word quoted (``fts_query`` below: text.py's
  query builder before terms.py replaced it);
- prefix-strip: the article clitics ال، وال، بال، كال، فال، لل stripped in the stem columns
  (``search_stems`` below, text.py's second column before terms.py) and
  ``fts_query(stems=True)``;
- snowball, tashaphyne, light10: ``terms.match_expression`` with snowballstemmer's Arabic
  stemmer, tashaphyne's ArabicLightStemmer, or Larkey et al.'s light10 table (SIGIR 2002,
  the usual light-stemming baseline) in place of ours;
- terms: ``terms.match_expression`` and ``terms.index_stems`` as shipped.

Recall, precision and F1 are micro-averaged over the queries of a set (relevant documents
found / relevant documents; found and relevant / found). "hard neg." counts the documents
found that hold only a look-alike word (علي for على). Speed is the median over ``--runs``
of stemming every word of the corpus once, uncached. Index size is the FTS5 data of the
table against the plain two-column table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import snowballstemmer  # type: ignore[import-untyped]

from ingest import terms, text

BENCH = Path(__file__).parent
QUERIES = BENCH / "search" / "queries.txt"
SEED = Path("/work/shared/corpus/seed-article.txt")
SEED_COPIES = {"alsaaa24.net.ziyarat-alfariq", "libyaakhbar.com.2794437"}
OPERATORS_RE = re.compile(r" (OR|AND|NOT) ")


@dataclass
class Labelled:
    """One query with its judged relevant documents."""

    set: str
    query: str
    relevant: frozenset[str] = frozenset()
    negatives: frozenset[str] = frozenset()


@dataclass
class Score:
    """Counts over a set of queries."""

    found: int = 0
    hits: int = 0
    relevant: int = 0
    hard_negatives: int = 0
    empty: list[str] = field(default_factory=list)

    def line(self) -> str:
        """Recall, precision, F1, hard-negative hits and queries that found nothing."""
        recall = self.hits / max(1, self.relevant)
        precision = self.hits / max(1, self.found)
        f1 = 2 * recall * precision / max(1e-9, recall + precision)
        return (
            f"{recall:>7.3f} {precision:>9.3f} {f1:>6.3f} {self.hard_negatives:>9}"
            f" {len(self.empty):>7}"
        )


def load_corpus() -> dict[str, tuple[str, str]]:
    """Return the articles: id → (headline, body)."""
    docs: dict[str, tuple[str, str]] = {}
    story, lines = "", list[str]()
    for line in (BENCH / "data" / "stories.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("### "):
            story, lines = line[4:].split("|")[0].strip(), []
            docs[story] = ("", "")
        elif story and line.startswith("headline: "):
            docs[story] = (line[len("headline: ") :], "")
        elif story and not line.startswith("#"):
            lines.append(line)
            docs[story] = (docs[story][0], "\n".join(lines).strip())
    paths = sorted(BENCH.glob("arabic-themes*/*.json")) + sorted(BENCH.glob("libyan/*.json"))
    for path in paths:
        if path.stem not in SEED_COPIES:
            expect = json.loads(path.read_text(encoding="utf-8"))["expect"]
            docs[path.stem] = (expect.get("headline", ""), expect.get("body", ""))
    if SEED.exists():
        paragraphs = [p for p in SEED.read_text(encoding="utf-8").split("\n\n") if p.strip()]
        docs["seed-article"] = (paragraphs[1], "\n\n".join(paragraphs[2:]))
    return docs


def _has_form(words: list[str], form: str) -> bool:
    """Whether a normalised text (as words) holds a form (phrase words joined by _)."""
    parts = form.split("_")
    size = len(parts)
    return any(words[i : i + size] == parts for i in range(len(words) - size + 1))


def _docs_with(group: str, texts: dict[str, list[str]]) -> set[str]:
    """Documents holding any form of a group, with its @doc and !doc overrides."""
    forms = group.split()
    found = {doc for doc, words in texts.items() if any(_has_form(words, f) for f in forms)}
    found |= {form[1:] for form in forms if form.startswith("@")}
    return found - {form[1:] for form in forms if form.startswith("!")}


def load_queries(texts: dict[str, list[str]]) -> list[Labelled]:
    """Parse queries.txt and judge every document by its forms."""
    queries: list[Labelled] = []
    for line in QUERIES.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            label, query = line[3:].split(" ", 1)
            queries.append(Labelled(label, query))
        elif line.startswith("relevant: "):
            parts = OPERATORS_RE.split(line[len("relevant: ") :])
            relevant = _docs_with(parts[0], texts)
            for operator, group in zip(parts[1::2], parts[2::2], strict=True):
                docs = _docs_with(group, texts)
                if operator == "OR":
                    relevant |= docs
                elif operator == "AND":
                    relevant &= docs
                else:
                    relevant -= docs
            queries[-1].relevant = frozenset(relevant)
        elif line.startswith("negative: "):
            negatives = _docs_with(line[len("negative: ") :], texts)
            queries[-1].negatives = frozenset(negatives - queries[-1].relevant)
    return queries


OLD_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال")
OLD_QUERY_TOKEN_RE = re.compile(r"[\"“”„«»]([^\"“”„«»]*)[\"“”„«»]?|(\S+)")


def search_stems(text_: str) -> str:
    """text.py's prefix-stripped search key before terms.py (والطلاب → طلاب)."""
    words = text.normalize_search(text_).split()
    for i, word in enumerate(words):
        for prefix in OLD_PREFIXES:
            if word.startswith(prefix) and len(word) - len(prefix) >= 2:
                words[i] = word[len(prefix) :]
                break
    return " ".join(words)


def fts_query(user_query: str, *, stems: bool = False) -> str:
    """text.py's query builder before terms.py: quoted words, phrases, ``*``, ``OR``."""
    key = search_stems if stems else text.normalize_search
    parts: list[str] = []
    for match in OLD_QUERY_TOKEN_RE.finditer(user_query):
        phrase, bare = match.group(1), match.group(2)
        if phrase is not None:
            words = key(phrase).split()
            parts += ['"' + " ".join(words) + '"'] if words else []
        elif bare == "OR":
            parts += ["OR"] if parts and parts[-1] != "OR" else []
        elif words := key(bare).split():
            prefix = bare.endswith("*") and bool(bare.strip('*"“”„«»'))
            parts.append('"' + " ".join(words) + '"' + ("*" if prefix else ""))
    while parts and parts[-1] == "OR":
        parts.pop()
    return " ".join(parts)


def light10(word: str) -> str:
    """Larkey, Ballesteros and Connell's light10 Arabic stemmer (SIGIR 2002)."""
    word = word.replace("ى", "ي").replace("ة", "ه")
    if word.startswith("و") and len(word) >= 4:
        word = word[1:]
    for prefix in ("وال", "بال", "كال", "فال", "لل", "ال"):
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            word = word[len(prefix) :]
            break
    for suffix in ("ها", "ان", "ات", "ون", "ين", "يه", "ية", "ه", "ة", "ي"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            word = word[: -len(suffix)]
    return word


_SNOWBALL = snowballstemmer.stemmer("arabic")


def snowball(word: str) -> str:
    """snowballstemmer's Arabic stemmer."""
    return str(_SNOWBALL.stemWord(word))


def tashaphyne() -> Callable[[str], str] | None:
    """tashaphyne's light stem, when installed (it is not a dependency of the project)."""
    try:
        from tashaphyne.stemming import (  # type: ignore[import-untyped, import-not-found, unused-ignore]
            ArabicLightStemmer,
        )
    except ImportError:
        print("tashaphyne is not installed: pip install tashaphyne to compare it")
        return None
    light = ArabicLightStemmer()

    def stem(word: str) -> str:
        light.light_stem(word)
        return str(light.get_stem())

    return stem


@dataclass(frozen=True)
class Method:
    """How one method fills the stem columns and turns a query into MATCH."""

    name: str
    index: Callable[[str], str]
    expression: Callable[[str], str]
    arabic: Callable[[str], str] | None = None


def _stemmer_method(name: str, arabic: Callable[[str], str]) -> Method:
    """A method that is terms.py with another Arabic stemmer."""

    @cache
    def stemmer(word: str) -> str:
        return terms.stem_word(word, arabic)

    return Method(
        name,
        lambda t: terms.index_stems(t, stemmer=stemmer),
        lambda q: terms.match_expression(q, stemmer=stemmer),
        arabic,
    )


def methods() -> list[Method]:
    """The methods compared, old behaviour first and ours last."""
    light = tashaphyne()
    return [
        Method("plain", lambda _: "", fts_query),  # no stem columns: the old table
        Method("prefix-strip", search_stems, lambda q: fts_query(q, stems=True)),
        _stemmer_method("snowball", snowball),
        *([_stemmer_method("tashaphyne", light)] if light else []),
        _stemmer_method("light10", light10),
        Method("terms", terms.index_stems, terms.match_expression, terms.light_stem),
    ]


def build_table(method: Method, docs: dict[str, tuple[str, str]]) -> sqlite3.Connection:
    """Return an in-memory FTS5 table of the store's shape, filled by ``method``."""
    conn = sqlite3.connect(":memory:", isolation_level=None)  # FTS5 writes at commit
    conn.execute(
        "CREATE VIRTUAL TABLE articles_fts USING fts5(headline, body, headline_stems,"
        " body_stems, doc UNINDEXED, tokenize = 'unicode61')"
    )
    conn.executemany(
        "INSERT INTO articles_fts VALUES (?, ?, ?, ?, ?)",
        (
            (
                text.normalize_search(h),
                text.normalize_search(b),
                method.index(h),
                method.index(b),
                d,
            )
            for d, (h, b) in docs.items()
        ),
    )
    return conn


def index_bytes(conn: sqlite3.Connection) -> int:
    """Bytes of FTS5 index data in a table."""
    return int(conn.execute("SELECT sum(length(block)) FROM articles_fts_data").fetchone()[0])


def plain_index_bytes(docs: dict[str, tuple[str, str]]) -> int:
    """Bytes of index data of an FTS5 table with the normalised columns only."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.execute("CREATE VIRTUAL TABLE articles_fts USING fts5(headline, body)")
    conn.executemany(
        "INSERT INTO articles_fts VALUES (?, ?)",
        ((text.normalize_search(h), text.normalize_search(b)) for h, b in docs.values()),
    )
    return index_bytes(conn)


def search(conn: sqlite3.Connection, expression: str) -> set[str]:
    """Documents an expression finds; none for ""."""
    if not expression:
        return set()
    rows = conn.execute("SELECT doc FROM articles_fts WHERE articles_fts MATCH ?", (expression,))
    return {row[0] for row in rows}


def stem_micros(
    stemmers: dict[str, Callable[[str], str]], words: list[str], runs: int
) -> dict[str, float]:
    """Median µs per word to stem every word once, uncached; the stemmers take turns in
    each run, so that other load on the machine falls on all of them alike."""
    timings: dict[str, list[float]] = {name: [] for name in stemmers}
    for _ in range(runs):
        for name, stemmer in stemmers.items():
            start = time.perf_counter()
            for word in words:
                stemmer(word)
            timings[name].append((time.perf_counter() - start) / len(words) * 1e6)
    return {name: statistics.median(values) for name, values in timings.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timing runs (median)")
    parser.add_argument("--details", action="store_true", help="per-query figures")
    parser.add_argument("--set", choices=("dev", "blind"), help="--details for one set")
    args = parser.parse_args()

    docs = load_corpus()
    texts = {d: text.normalize_search(f"{h}\n{b}").split() for d, (h, b) in docs.items()}
    queries = load_queries(texts)
    words = [word for doc in texts.values() for word in doc]
    arabic = [word for word in words if "\u0600" <= word[0] <= "\u06ff"]
    english_docs = sum(
        1 for words in texts.values() if sum(w.isascii() for w in words) > len(words) / 2
    )
    dev = sum(1 for q in queries if q.set == "dev")
    print(f"command: .venv/bin/python {' '.join(sys.argv)}")
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, CPython"
        f" {platform.python_version()}, SQLite {sqlite3.sqlite_version}"
    )
    print(
        f"corpus: {len(docs)} articles ({english_docs} English), {len(words)} words;"
        f" queries: {dev} dev, {len(queries) - dev} blind"
    )
    plain_bytes = plain_index_bytes(docs)
    header = f"{'method':13} {'set':5} {'recall':>7} {'precision':>9} {'F1':>6} {'hard neg.':>9} {'nothing':>7}"
    results = []
    for method in methods():
        conn = build_table(method, docs)
        scores = {"dev": Score(), "blind": Score()}
        for labelled in queries:
            found = search(conn, method.expression(labelled.query))
            score = scores[labelled.set]
            score.found += len(found)
            score.hits += len(found & labelled.relevant)
            score.relevant += len(labelled.relevant)
            score.hard_negatives += len(found & labelled.negatives)
            if not found:
                score.empty.append(labelled.query)
            if args.details and args.set in (None, labelled.set):
                missed = sorted(labelled.relevant - found)
                extra = sorted(found - labelled.relevant)
                print(
                    f"  {method.name:12} {labelled.set:5} {labelled.query:28}"
                    f" rel {len(labelled.relevant):>2} found {len(found):>2}"
                    f" missed {missed[:4]} extra {extra[:4]}"
                )
        results.append((method, scores, index_bytes(conn) / plain_bytes))
    print(f"\n{header}")
    for method, scores, _ in results:
        for name, score in scores.items():
            print(f"{method.name:13} {name:5} {score.line()}")
    print(
        f"\n{'method':13} {'µs/word':>8} {'index':>6}   (µs per Arabic word, uncached;"
        " index: FTS5 data against the plain two-column table)"
    )
    stemmers = {method.name: method.arabic for method, _, _ in results if method.arabic}
    speeds = stem_micros(stemmers, arabic, args.runs)
    for method, _, ratio in results:
        speed = speeds.get(method.name)
        micros = f"{speed:8.2f}" if speed is not None else f"{'-':>8}"
        print(f"{method.name:13} {micros} {ratio:6.2f}")
    english = [word for word in words if word.isascii() and word.isalpha()]
    english_stem = {"english": lambda w: terms.stem_word(w, terms.light_stem)}
    english_micros = stem_micros(english_stem, english, args.runs)["english"]
    print(f"English words (snowball, pure Python), any method: {english_micros:.2f} µs/word")
    article = " ".join(words[:300])
    cold, warm = [], []
    for _ in range(args.runs):
        terms.stem.cache_clear()
        start = time.perf_counter()
        terms.index_stems(article)
        cold.append((time.perf_counter() - start) * 1e3)
        start = time.perf_counter()
        terms.index_stems(article)
        warm.append((time.perf_counter() - start) * 1e3)
    stems = {terms.stem(word) for word in words}
    print(
        f"\nterms.index_stems, a 300-word article: {statistics.median(cold):.2f} ms with an empty"
        f" cache, {statistics.median(warm):.2f} ms warm; {len(stems)} distinct stems for"
        f" {len(set(words))} distinct words"
    )


if __name__ == "__main__":
    main()
