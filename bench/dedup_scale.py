"""Cost of the duplicate decision as the store grows: 10k, 100k, 1M stored articles.

Usage: .venv/bin/python bench/dedup_scale.py [--sizes 10000,100000,1000000] [--probes 2000]

For each size, a store (``ingest.store.Store``: the real schema, WAL) is filled in bulk
with that many synthetic articles (short bodies, random 512-byte minhashes, random content
hashes, 32 random band buckets each, search rows; built in SQL, band by band in key order,
so that building 1M takes minutes, not hours). Then ``--probes`` new synthetic
Arabic-like articles of about 300 words (one in ten a near-duplicate of an earlier probe,
so verification runs too) are filed one per transaction by ``Store.file_article``: the
exact lookup, LSH candidates and verification (``dedup.decide``), the article, story,
bands and search rows, commit. Keys (``writer.prepare``) are computed before the timed
section, as the pipeline does outside the write transaction, and measured on their own.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from ingest import signatures, writer
from ingest.models import Article, Candidate
from ingest.store import ArticleRow, Store

LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
PROBE_WORDS = 300
FILLER_WORDS = 40
FILLERS = 200
ROUND = 100


def make_vocabulary(rng: random.Random, size: int = 30_000) -> list[str]:
    """Arabic-like words: the benchmark stories' words plus random letter strings."""
    stories = (Path(__file__).parent / "data" / "stories.txt").read_text(encoding="utf-8")
    words = sorted({w for w in stories.split() if len(w) > 1 and not w.startswith("#")})
    while len(words) < size:
        words.append("".join(rng.choice(LETTERS) for _ in range(rng.randint(3, 8))))
    return words


def make_text(vocabulary: list[str], rng: np.random.Generator, words: int) -> str:
    """Zipf-distributed words in paragraphs of about 50 words."""
    ids = np.minimum(rng.zipf(1.2, size=words), len(vocabulary)) - 1
    tokens = [vocabulary[i] for i in ids.tolist()]
    return "\n\n".join(" ".join(tokens[i : i + 50]) for i in range(0, len(tokens), 50))


def near_copy(text: str, rng: random.Random) -> str:
    """A copy with a banner, an attribution line and its last paragraph cut."""
    paragraphs = text.split("\n\n")
    return "ليبيا الان\n\nمصدر الخبر / بوابة الوسط\n\n" + "\n\n".join(paragraphs[:-1])


def open_store(path: Path, cache_mb: int) -> Store:
    """A store set up as ``ingest fetch`` opens it, with the benchmark's page cache."""
    store = Store(path)
    with store.transaction() as conn:
        conn.execute(f"PRAGMA cache_size=-{cache_mb * 1024}")
    return store


def build(store: Store, size: int, vocabulary: list[str]) -> float:
    """Fill the store with ``size`` synthetic articles, bands and search rows; return seconds.

    Done in SQL (random() and ORDER BY inside SQLite) because row-by-row inserts from
    Python made a 1M build take several minutes. Secondary indexes are dropped during the
    bulk insert and made again after it, as a bulk load should.
    """
    started = time.perf_counter()
    rng = np.random.default_rng(size)
    with store.transaction() as conn:
        indexes = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'articles'"
            " AND sql IS NOT NULL"
        ).fetchall()
        for name, _ in indexes:
            conn.execute(f"DROP INDEX {name}")
        conn.execute("CREATE TEMP TABLE fillers (id INTEGER PRIMARY KEY, body TEXT)")
        conn.executemany(
            "INSERT INTO fillers VALUES (?, ?)",
            ((i, make_text(vocabulary, rng, FILLER_WORDS)) for i in range(FILLERS)),
        )
        conn.execute(
            "CREATE TEMP TABLE ids AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL"
            " SELECT i + 1 FROM n WHERE i < ?) SELECT i AS id FROM n",
            (size,),
        )
        conn.execute(
            "INSERT INTO stories (id, first_seen, last_seen, article_count, outlet_count)"
            " SELECT id, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 1, 1 FROM ids"
        )
        conn.execute(
            "INSERT INTO articles (id, source, url, headline, body, story_id, fetched_at,"
            " content_hash, minhash)"
            " SELECT ids.id, 'source' || (ids.id % 300), 'https://example' || (ids.id % 300)"
            " || '.ly/news/' || ids.id, 'headline ' || ids.id, fillers.body, ids.id,"
            " '2026-01-01T00:00:00Z', lower(hex(randomblob(32))), randomblob(?)"
            " FROM ids JOIN fillers ON fillers.id = ids.id % ? ORDER BY ids.id",
            (signatures.NUM_PERM * 4, FILLERS),
        )
        for band in range(signatures.BODY_BANDS + signatures.LEAD_BANDS):
            conn.execute(
                "INSERT INTO article_bands (band, bucket, article_id)"
                " SELECT ?, random() & ?, id FROM ids ORDER BY 2, 3",
                (band, 2**signatures.BUCKET_BITS - 1),
            )
        conn.execute(
            "INSERT INTO articles_fts (rowid, headline, body, headline_stems, body_stems)"
            " SELECT id, headline, body, headline, body FROM articles"
        )
        for _, sql in indexes:
            conn.execute(sql)
        conn.execute("DROP TABLE ids")
        conn.execute("DROP TABLE fillers")
    return time.perf_counter() - started


def prepared(docs: list[tuple[str, str]]) -> list[ArticleRow]:
    """The rows the pipeline would hand the store for each probe article."""
    rows = []
    for index, (headline, body) in enumerate(docs):
        url = f"https://probe.ly/news/{index}"
        cand = Candidate("probe", url, "feed", "https://probe.ly/rss")
        article = Article(
            url=url, headline=headline, body=body, published_at="2026-11-29T08:00:00Z"
        )
        rows.append(writer.prepare("probe", cand, None, article))
    return rows


def probe(store: Store, rows: list[ArticleRow]) -> tuple[list[float], int]:
    """File each probe in its own transaction; return per-article seconds and matches."""
    times = []
    before = int(store.scalar("SELECT count(DISTINCT story_id) FROM articles"))
    for row in rows:
        started = time.perf_counter()
        store.file_article(row)
        times.append(time.perf_counter() - started)
    after = int(store.scalar("SELECT count(DISTINCT story_id) FROM articles"))
    return times, len(rows) - (after - before)


def peak_rss_mb() -> float:
    """Peak resident set size of this process, MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="stored articles, comma-separated")
    parser.add_argument("--probes", type=int, default=2000, help="articles filed per size")
    parser.add_argument("--cache-mb", type=int, default=2, help="SQLite page cache (default 2)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    rng = random.Random(7)
    vocabulary = make_vocabulary(rng)
    text_rng = np.random.default_rng(7)
    docs: list[tuple[str, str]] = []
    for index in range(args.probes):
        if docs and index % 10 == 9:
            headline, body = docs[rng.randrange(len(docs))]
            docs.append((headline, near_copy(body, rng)))
        else:
            docs.append((f"خبر رقم {index}", make_text(vocabulary, text_rng, PROBE_WORDS)))

    started = time.perf_counter()
    rows: dict[int, list[ArticleRow]] = {}
    for size in sizes:  # each store files its own rows: the same keys, fresh objects
        rows[size] = prepared(docs)
    sig_secs = (time.perf_counter() - started) / len(sizes)
    print(
        f"keys (writer.prepare: dedup keys and signature): {len(docs)} articles of"
        f" ~{PROBE_WORDS} words, one core: {len(docs) / sig_secs:,.0f}/s"
        f" ({sig_secs / len(docs) * 1e6:.0f} µs each)"
    )

    folders = {size: Path(tempfile.mkdtemp(prefix="dedup_scale_")) for size in sizes}
    try:
        stores, build_secs = {}, {}
        for size in sizes:
            stores[size] = open_store(folders[size] / "ingest.db", args.cache_mb)
            build_secs[size] = build(stores[size], size, vocabulary)
            stores[size].rows("PRAGMA wal_checkpoint(TRUNCATE)")
        # Probes go to every size in turns of ROUND articles, so that the load of a shared
        # machine drifting during the run falls on all sizes alike.
        times: dict[int, list[float]] = {size: [] for size in sizes}
        matched = dict.fromkeys(sizes, 0)
        for start in range(0, len(docs), ROUND):
            for size in sizes:
                round_times, round_matched = probe(stores[size], rows[size][start : start + ROUND])
                times[size] += round_times
                matched[size] += round_matched
        db_mb = {}
        for size in sizes:
            stores[size].close()
            db_mb[size] = sum(f.stat().st_size for f in folders[size].iterdir()) / 2**20
    finally:
        for folder in folders.values():
            shutil.rmtree(folder, ignore_errors=True)

    print(
        f"\n{'stored':>9} {'build s':>8} {'db MB':>7} {'median ms':>10} {'p95 ms':>8}"
        f" {'vs first':>9} {'matched':>8}"
    )
    baseline = statistics.median(times[sizes[0]])
    for size in sizes:
        median = statistics.median(times[size])
        p95 = statistics.quantiles(times[size], n=20)[-1]
        print(
            f"{size:>9,} {build_secs[size]:>8.1f} {db_mb[size]:>7.0f} {median * 1000:>10.3f}"
            f" {p95 * 1000:>8.3f} {median / baseline:>9.2f} {matched[size]:>8}"
        )
    print(f"peak RSS of the whole run: {peak_rss_mb():.0f} MB")
    print(
        f"\ncpu count {os.cpu_count()}, sqlite {sqlite3.sqlite_version},"
        f" page cache {args.cache_mb} MB, WAL, synchronous=NORMAL"
    )


if __name__ == "__main__":
    main()
