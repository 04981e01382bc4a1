"""Duplicate detection: exact content hashes, then MinHash-LSH near duplicates, verified.

One story reaches the database many times: aggregators add a banner and an attribution
line, retype quotes, cut a paragraph or keep only the first half, outlets spell hamzas
their own way. The decision, cheapest first:

1. ``content_hash``: sha256 of the dedup key (``text.normalize_match``) of the body after
   attribution boilerplate lines are removed; equal hashes are confirmed by comparing the
   keys themselves before two articles are called the same (``find_exact``).
2. ``signature``: MinHash over 5-word shingles of that key (numpy, 128 permutations of a
   multiply-shift family over 64-bit shingle hashes). ``NUM_PERM`` values are split into
   24 bands of 4 over the whole body and 8 bands of 4 over its lead (the first 40
   shingles): copies truncated to half have a body Jaccard near 0.5, which 32×4 bands
   find only ~80% of the time (design.md, "Measured here"), but they keep the lead, whose
   Jaccard stays near 1. See docs/benchmarks.md for the measured choice.
3. ``find_similar``: candidates from the ``article_bands`` table (indexed lookups on its
   primary key), then verified on the shingle sets of the stored bodies: Jaccard ≥
   ``JACCARD_MIN`` (0.5) or containment of the smaller body ≥ ``CONTAINMENT_MIN`` (0.7);
   the worst different-story pair in the labelled benchmark reached 0.28 / 0.44. Two
   guards keep boilerplate from joining stories: bodies under ``MIN_WORDS`` words never
   merge, and identical trailing lines of up to ``MAX_FOOTER_WORDS`` words shared by both
   bodies (a site footer) are set aside, the rest having to match on its own.
4. ``decide``: all of the above for one new article, plus the other stories it bridges
   (``Decision.merge``), so arrival order does not split a story.

numpy rather than datasketch: no new dependency, our own pinned parameters
(``MINHASH_VERSION``; datasketch 2.0 changed its permutations), and a vectorised
shingle hash (datasketch's per-shingle ``update`` is 10× slower than its batch API).
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ingest.text import match_lines, normalize_match

# --- parameters: change any of them and MINHASH_VERSION must change, stored bands rebuilt --

MINHASH_VERSION = 1
MINHASH_SEED = 20261129
NUM_PERM = 128
SHINGLE_WORDS = 5
ROWS_PER_BAND = 4
BODY_BANDS = 24  # permutations 0..95, over every shingle
LEAD_BANDS = 8  # permutations 96..127, over the first LEAD_SHINGLES shingles
LEAD_SHINGLES = 40
BUCKET_BITS = 31  # fits SQLite's 4-byte integer encoding

# --- the decision -------------------------------------------------------------------------

MIN_WORDS = 25  # fewer words: no signature, never merged (not even on an equal hash)
JACCARD_MIN = 0.5
CONTAINMENT_MIN = 0.7
MIN_CONTAINMENT_SHINGLES = 20  # containment is judged only when the smaller body has these
MAX_FOOTER_WORDS = 60  # a shared ending longer than this is story text, not a footer
MAX_CANDIDATES = 8  # verified per lookup, most band votes first
MAX_BUCKET_ROWS = 64  # per band lookup: a huge bucket is boilerplate, not evidence
MAX_WORDS = 20_000  # longer bodies are judged on their first MAX_WORDS words

EXACT = "exact"
NEAR = "near"
NEW = "new"

SCHEMA_SQL = """
CREATE TABLE IF NOT EXISTS stories (id INTEGER PRIMARY KEY, first_seen TEXT NOT NULL,
  last_seen TEXT NOT NULL, headline TEXT, representative_id INTEGER,
  article_count INTEGER NOT NULL DEFAULT 0, outlet_count INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS article_bands (band INTEGER NOT NULL, bucket INTEGER NOT NULL,
  article_id INTEGER NOT NULL, PRIMARY KEY (band, bucket, article_id)) WITHOUT ROWID;
"""

# Attribution lines aggregators add (libyaakhbar.com, "ليبيا الان"); the extractor strips
# most, these catch the rest. Compared on the dedup key, so spelling variants match too.
_BOILERPLATE_LINES = frozenset(normalize_match(line) for line in ("ليبيا الآن",))
_BOILERPLATE_STARTS = tuple(
    normalize_match(start)
    for start in (
        "مصدر الخبر",
        "اقرأ أيضا",
        "اقرأ المزيد",
        "شاهد أيضا",
        "للمزيد من الأخبار",
        "تابعونا على",
        "المصدر",
    )
)
# Lines after which an aggregator's page holds only its footer and the source's profile.
_END_LINES = frozenset(normalize_match(line) for line in ("عن مصدر الخبر",))
_END_STARTS = tuple(
    normalize_match(start)
    for start in ("يمكنك أيضا قراءة الخبر في المصدر", "لقراءة الخبر من المصدر")
)
MAX_BOILERPLATE_WORDS = 16  # a line this short that starts like attribution is attribution

_U64 = np.uint64
_MIX1 = _U64(0xBF58476D1CE4E5B9)
_MIX2 = _U64(0x94D049BB133111EB)
_SHINGLE_MULT = _U64(0x9E3779B97F4A7C15)
_rng = np.random.default_rng(MINHASH_SEED)
_PERM_A = _rng.integers(1, 2**63, size=NUM_PERM, dtype=np.uint64) * _U64(2) + _U64(1)
_PERM_B = _rng.integers(0, 2**63, size=NUM_PERM, dtype=np.uint64)
_BODY_PERMS = BODY_BANDS * ROWS_PER_BAND
_CHUNK_ROWS = 2048  # shingles hashed at once: bounds memory on hostile, huge bodies

U64Array = npt.NDArray[np.uint64]


@dataclass(frozen=True)
class Signature:
    """What dedup stores for one article: its content hash and packed MinHash."""

    content_hash: str
    minhash: bytes  # NUM_PERM little-endian uint32 values
    shingles_count: int


@dataclass(frozen=True)
class Match:
    """A stored article found to carry the same story, with the verified similarity."""

    article_id: int
    story_id: int | None
    jaccard: float
    containment: float


@dataclass(frozen=True)
class Decision:
    """What to do with a new article: ``EXACT`` or ``NEAR`` duplicate of ``match``, or ``NEW``.

    ``merge`` lists verified matches filed under *other* stories than ``match``: the new
    article bridges them (two copies that arrived first and did not match each other, a
    half and an edited version), so the store should fold those stories into one.
    """

    kind: str
    content_hash: str
    signature: Signature | None
    match: Match | None
    merge: tuple[Match, ...] = ()


# --- text to shingles -------------------------------------------------------------------


def _is_short_start(line: str, starts: tuple[str, ...]) -> bool:
    """True for a short line whose first words are one of ``starts`` (المصدر, not المصدرين)."""
    if line.count(" ") >= MAX_BOILERPLATE_WORDS or not line.startswith(starts):
        return False
    return any(line == start or line.startswith(start + " ") for start in starts)


def key_lines(body: str, headline: str | None = None) -> list[str]:
    """Return the body's normalised lines without boilerplate or a repeated headline."""
    lines = []
    for line in match_lines(body):
        if line in _END_LINES or _is_short_start(line, _END_STARTS):
            break
        if line in _BOILERPLATE_LINES or _is_short_start(line, _BOILERPLATE_STARTS):
            continue
        lines.append(line)
    return _without_headline(lines, headline)


def _without_headline(lines: list[str], headline: str | None) -> list[str]:
    """Drop the headline when the body repeats it as one of its first lines."""
    if headline:
        title = normalize_match(headline)
        for index, line in enumerate(lines[:3]):
            if line == title:
                return lines[:index] + lines[index + 1 :]
    return lines


def _words(lines: Sequence[str]) -> list[str]:
    """All words of ``lines``, capped at MAX_WORDS."""
    words = " ".join(lines).split()
    return words[:MAX_WORDS]


_word_cache: dict[str, int] = {}
_WORD_CACHE_MAX = 500_000


def _word_hash(word: str) -> int:
    """A stable 64-bit hash of one word (Python's ``hash`` is salted per process)."""
    value = _word_cache.get(word)
    if value is None:
        if len(_word_cache) >= _WORD_CACHE_MAX:
            _word_cache.clear()
        digest = hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest()
        value = _word_cache[word] = int.from_bytes(digest, "little")
    return value


def _mix(values: U64Array) -> U64Array:
    """splitmix64 finaliser: spreads every input bit over the output."""
    values = (values ^ (values >> _U64(30))) * _MIX1
    values = (values ^ (values >> _U64(27))) * _MIX2
    mixed: U64Array = values ^ (values >> _U64(31))
    return mixed


def _shingle_hashes(words: Sequence[str]) -> U64Array:
    """64-bit hashes of the consecutive SHINGLE_WORDS-word shingles, in text order."""
    count = len(words) - SHINGLE_WORDS + 1
    if count <= 0:
        return np.zeros(0, dtype=np.uint64)
    cached = _word_cache.get
    values = [cached(word) for word in words]
    if None in values:
        values = [_word_hash(word) for word in words]
    word_hashes = np.array(values, dtype=np.uint64)
    # uint64 arithmetic wraps modulo 2**64 by design (a polynomial rolling hash).
    hashes = word_hashes[:count].copy()
    for offset in range(1, SHINGLE_WORDS):
        hashes = hashes * _SHINGLE_MULT + word_hashes[offset : offset + count]
    return _mix(hashes)


def _minhash(shingles: U64Array) -> U64Array:
    """NUM_PERM minimum values: body permutations over all shingles, lead ones over the lead."""
    mins = np.full(NUM_PERM, np.iinfo(np.uint64).max, dtype=np.uint64)
    for start in range(0, len(shingles), _CHUNK_ROWS):
        # In place: a broadcast ``a * x + b`` expression measured 6x slower (temporaries).
        hashed = np.multiply.outer(shingles[start : start + _CHUNK_ROWS], _PERM_A)
        hashed += _PERM_B
        if start == 0:
            mins[_BODY_PERMS:] = hashed[:LEAD_SHINGLES, _BODY_PERMS:].min(axis=0)
        body_mins = hashed[:, :_BODY_PERMS].min(axis=0)
        np.minimum(mins[:_BODY_PERMS], body_mins, out=mins[:_BODY_PERMS])
    # The top 32 bits of a multiply-shift hash are its good bits; taking them after the
    # minimum gives the same result, since the order of the top bits follows the whole.
    top: U64Array = mins >> _U64(32)
    return top


def _hash_key(lines: Sequence[str]) -> str:
    """The text that content hashes are taken of."""
    return "\n".join(lines)


def _digest(lines: Sequence[str]) -> str:
    """sha256 (hex) of prepared lines."""
    return hashlib.sha256(_hash_key(lines).encode("utf-8")).hexdigest()


def content_hash(body: str) -> str:
    """sha256 (hex) of the body's dedup key, attribution boilerplate removed."""
    return _digest(key_lines(body))


def signature(body: str, headline: str | None = None) -> Signature | None:
    """Return the article's signature, or None when the body is too short to judge.

    ``headline`` lets a body that repeats its headline as the first line match a copy
    that does not.
    """
    return _signature_of(key_lines(body), headline)


def _signature_of(all_lines: list[str], headline: str | None) -> Signature | None:
    """``signature`` of already prepared lines (headline not yet removed)."""
    words = _words(_without_headline(all_lines, headline))
    if len(words) < MIN_WORDS:
        return None
    shingles = _shingle_hashes(words)
    packed = _minhash(shingles).astype("<u4").tobytes()
    return Signature(_digest(all_lines), packed, len(shingles))


def band_buckets(sig: Signature) -> list[tuple[int, int]]:
    """The (band, bucket) keys under which ``sig`` is indexed and looked up."""
    values = np.frombuffer(sig.minhash, dtype="<u4").astype(np.uint64)
    rows = values.reshape(BODY_BANDS + LEAD_BANDS, ROWS_PER_BAND)
    keys = rows[:, 0].copy()
    for column in range(1, ROWS_PER_BAND):
        keys = keys * _SHINGLE_MULT + rows[:, column]
    buckets = _mix(keys) >> _U64(64 - BUCKET_BITS)
    return list(enumerate(buckets.tolist()))


# --- verification -------------------------------------------------------------------------


def _jaccard_containment(a: set[int], b: set[int]) -> tuple[float, float]:
    """Jaccard, and containment of the smaller set (0 when it is too small to judge)."""
    if not a or not b:
        return 0.0, 0.0
    shared = len(a & b)
    jaccard = shared / (len(a) + len(b) - shared)
    smaller = min(len(a), len(b))
    containment = shared / smaller if smaller >= MIN_CONTAINMENT_SHINGLES else 0.0
    return jaccard, containment


def _passes(jaccard: float, containment: float) -> bool:
    """The near-duplicate threshold."""
    return jaccard >= JACCARD_MIN or containment >= CONTAINMENT_MIN


def _common_suffix(a: Sequence[str], b: Sequence[str]) -> int:
    """How many identical lines both bodies end with."""
    count = 0
    while count < min(len(a), len(b)) and a[-1 - count] == b[-1 - count]:
        count += 1
    return count


def _set_of(lines: Sequence[str]) -> set[int]:
    """Shingle set of already prepared lines."""
    return set(_shingle_hashes(_words(lines)).tolist())


def compare(a_lines: Sequence[str], b_lines: Sequence[str]) -> tuple[float, float, bool]:
    """Jaccard, containment and the verdict for two bodies' ``key_lines``.

    Identical trailing lines up to MAX_FOOTER_WORDS words (a site's footer, a signature
    block) do not count as evidence: when both bodies have more than that, the rest must
    pass on its own; when one body is nothing but that shared ending, they are not merged.
    A longer shared ending is story text (an outlet that rewrote only the opening).
    """
    jaccard, containment = _jaccard_containment(_set_of(a_lines), _set_of(b_lines))
    if not _passes(jaccard, containment):
        return jaccard, containment, False
    tail = _common_suffix(a_lines, b_lines)
    if tail == 0 or sum(len(line.split()) for line in a_lines[-tail:]) > MAX_FOOTER_WORDS:
        return jaccard, containment, True
    a_rest, b_rest = a_lines[:-tail], b_lines[:-tail]
    if not a_rest and not b_rest:
        return jaccard, containment, True  # the same text
    if not a_rest or not b_rest:
        return jaccard, containment, False
    rest_jaccard, rest_containment = _jaccard_containment(_set_of(a_rest), _set_of(b_rest))
    return jaccard, containment, _passes(rest_jaccard, rest_containment)


def is_near_duplicate(
    a_body: str, b_body: str, a_headline: str | None = None, b_headline: str | None = None
) -> bool:
    """True when two bodies carry the same story by the verification rule alone."""
    a_lines, b_lines = key_lines(a_body, a_headline), key_lines(b_body, b_headline)
    if len(_words(a_lines)) < MIN_WORDS or len(_words(b_lines)) < MIN_WORDS:
        return False
    return compare(a_lines, b_lines)[2]


# --- SQLite -------------------------------------------------------------------------------

_BUCKET_SQL = "SELECT article_id FROM article_bands WHERE band = ? AND bucket = ? LIMIT ?"


def _candidates(conn: sqlite3.Connection, sig: Signature, exclude_id: int | None) -> list[int]:
    """Article ids sharing a band bucket with ``sig``, most shared bands first."""
    votes: Counter[int] = Counter()
    for band, bucket in band_buckets(sig):
        for (article_id,) in conn.execute(_BUCKET_SQL, (band, bucket, MAX_BUCKET_ROWS)):
            votes[article_id] += 1
    if exclude_id is not None:
        votes.pop(exclude_id, None)
    return [article_id for article_id, _ in votes.most_common(MAX_CANDIDATES)]


def _placeholders(count: int) -> str:
    """``?, ?, ?`` for an IN list."""
    return ", ".join("?" * count)


def find_similar_all(
    conn: sqlite3.Connection,
    sig: Signature,
    body: str,
    *,
    headline: str | None = None,
    exclude_id: int | None = None,
) -> list[Match]:
    """Every verified near duplicate among the candidates, best (highest Jaccard) first."""
    return _verified_matches(conn, sig, lambda: key_lines(body, headline), exclude_id)


def _verified_matches(
    conn: sqlite3.Connection,
    sig: Signature,
    prepare: Callable[[], list[str]],
    exclude_id: int | None,
) -> list[Match]:
    """``find_similar_all`` with the body's lines prepared only when there are candidates."""
    candidate_ids = _candidates(conn, sig, exclude_id)
    if not candidate_ids:
        return []
    rows = conn.execute(
        f"SELECT id, body, headline, story_id FROM articles WHERE id IN "
        f"({_placeholders(len(candidate_ids))})",
        candidate_ids,
    ).fetchall()
    own_lines = prepare()
    matches = []
    for article_id, other_body, other_headline, story_id in rows:
        other_lines = key_lines(other_body or "", other_headline)
        if len(_words(other_lines)) < MIN_WORDS:
            continue
        jaccard, containment, verdict = compare(own_lines, other_lines)
        if verdict:
            matches.append(Match(article_id, story_id, jaccard, containment))
    matches.sort(key=lambda m: (-m.jaccard, -m.containment, m.article_id))
    return matches


def find_similar(
    conn: sqlite3.Connection,
    sig: Signature,
    body: str,
    *,
    headline: str | None = None,
    exclude_id: int | None = None,
) -> Match | None:
    """Return the best verified near duplicate of ``body`` among stored articles, or None.

    Reads ``article_bands`` by primary key and at most MAX_CANDIDATES ``articles`` rows by
    id; never scans. Example::

        sig = signature(article.body, article.headline)
        if sig and (match := find_similar(conn, sig, article.body)):
            story_id = match.story_id
    """
    matches = find_similar_all(conn, sig, body, headline=headline, exclude_id=exclude_id)
    return matches[0] if matches else None


def find_exact(
    conn: sqlite3.Connection, body: str, *, exclude_id: int | None = None
) -> Match | None:
    """Return a stored article with the same dedup key as ``body`` (hash confirmed), or None.

    Needs an index on ``articles.content_hash``. Bodies under MIN_WORDS words are never
    exact duplicates: empty, headline-only and "watch the video" bodies are shared by many
    stories.
    """
    return _exact_match(conn, key_lines(body), exclude_id)


def _exact_match(
    conn: sqlite3.Connection, lines: list[str], exclude_id: int | None
) -> Match | None:
    """``find_exact`` for already prepared lines."""
    if len(_words(lines)) < MIN_WORDS:
        return None
    key = _hash_key(lines)
    digest = _digest(lines)
    rows = conn.execute(
        "SELECT id, body, story_id FROM articles WHERE content_hash = ? ORDER BY id LIMIT 16",
        (digest,),
    )
    for article_id, other_body, story_id in rows:
        if article_id != exclude_id and _hash_key(key_lines(other_body or "")) == key:
            return Match(article_id, story_id, 1.0, 1.0)
    return None


def decide(
    conn: sqlite3.Connection,
    body: str,
    headline: str | None = None,
    *,
    exclude_id: int | None = None,
) -> Decision:
    """Classify a new article against the store: EXACT, NEAR (same story) or NEW.

    The caller stores ``decision.signature`` (``minhash`` column, ``index_article``) and
    files the article under ``decision.match.story_id`` when there is a match.
    """
    all_lines = key_lines(body)
    sig = _signature_of(all_lines, headline)
    digest = sig.content_hash if sig else _digest(all_lines)
    exact = _exact_match(conn, all_lines, exclude_id)
    if exact is not None:
        return Decision(EXACT, digest, sig, exact)
    if sig is not None:
        own_lines = _without_headline(all_lines, headline)
        matches = _verified_matches(conn, sig, lambda: own_lines, exclude_id)
        if matches:
            best = matches[0]
            seen = {best.story_id}
            merge = []
            for other in matches[1:]:
                if other.story_id is not None and other.story_id not in seen:
                    seen.add(other.story_id)
                    merge.append(other)
            return Decision(NEAR, digest, sig, best, tuple(merge))
    return Decision(NEW, digest, sig, None)


def index_article(conn: sqlite3.Connection, article_id: int, sig: Signature) -> None:
    """Insert the article's band buckets (idempotent)."""
    conn.executemany(
        "INSERT OR IGNORE INTO article_bands (band, bucket, article_id) VALUES (?, ?, ?)",
        [(band, bucket, article_id) for band, bucket in band_buckets(sig)],
    )


def unindex_article(
    conn: sqlite3.Connection, article_id: int, sig: Signature | None = None
) -> None:
    """Delete the article's band buckets, by primary key.

    The keys come from ``sig`` or else from ``articles.minhash``, so call this before
    overwriting the stored minhash. Without either, it falls back to a scan of the table.
    """
    keys: Iterable[tuple[int, int]] | None = band_buckets(sig) if sig else None
    if keys is None:
        row = conn.execute("SELECT minhash FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row and row[0] and len(row[0]) == NUM_PERM * 4:
            keys = band_buckets(Signature("", bytes(row[0]), 0))
    if keys is None:
        conn.execute("DELETE FROM article_bands WHERE article_id = ?", (article_id,))
        return
    conn.executemany(
        "DELETE FROM article_bands WHERE band = ? AND bucket = ? AND article_id = ?",
        [(band, bucket, article_id) for band, bucket in keys],
    )
