"""Duplicate detection: exact content hashes, then MinHash-LSH near duplicates, verified.

One story reaches the database many times: aggregators add a banner and an attribution
line, retype quotes, cut a paragraph or keep only the first half, outlets spell hamzas
their own way. The decision, cheapest first:

1. ``content_hash``: sha256 of the dedup key (``text.normalize_match``) of the body after
   attribution boilerplate lines are removed; equal hashes are confirmed by comparing the
   keys themselves before two articles are called the same (``exact_match``).
2. ``signature``: MinHash over 5-word shingles of that key (numpy, 128 permutations of a
   multiply-shift family over 64-bit shingle hashes). ``NUM_PERM`` values are split into
   24 bands of 4 over the whole body and 8 bands of 4 over its lead (the first 40
   shingles): copies truncated to half have a body Jaccard near 0.5, which 32×4 bands
   find only ~80% of the time (design.md, "Measured here"), but they keep the lead, whose
   Jaccard stays near 1. See docs/benchmarks.md for the measured choice.
3. ``find_similar``: candidates sharing band buckets (the store's ``article_bands``
   table, read by primary key through a ``Lookup``), then verified on the shingle sets of the stored bodies: Jaccard ≥
   ``JACCARD_MIN`` (0.5) or containment of the smaller body ≥ ``CONTAINMENT_MIN`` (0.7);
   the worst different-story pair in the labelled benchmark reached 0.28 / 0.44. Two
   guards keep boilerplate from joining stories: bodies under ``MIN_WORDS`` words never
   merge, and identical trailing lines of up to ``MAX_FOOTER_WORDS`` words shared by both
   bodies (a site footer) are set aside, the rest having to match on its own.
4. ``decide``: all of the above for one new article, plus the other stories it bridges
   (``Decision.merge``), so arrival order does not split a story.

Pure: a body is keyed once (``prepare``), and every lookup goes through a ``Lookup`` that
the store implements with indexed queries (``MemoryLookup`` for benchmarks); no SQL here.

numpy rather than datasketch: no new dependency, our own pinned parameters
(``MINHASH_VERSION``; datasketch 2.0 changed its permutations), and a vectorised
shingle hash (datasketch's per-shingle ``update`` is 10× slower than its batch API).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

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


# --- the decision over stored articles -----------------------------------------------------


@dataclass(frozen=True)
class Keys:
    """A body keyed once: its normalised lines, content hash and signature."""

    lines: tuple[str, ...]  # key_lines(body): normalised, attribution boilerplate removed
    own_lines: tuple[str, ...]  # the same without a repeated headline
    content_hash: str
    signature: Signature | None
    buckets: tuple[tuple[int, int], ...] = ()  # the signature's (band, bucket) keys


def prepare(body: str, headline: str | None = None) -> Keys:
    """Key a body once, for every later comparison, hash and index row."""
    lines = key_lines(body)
    sig = _signature_of(lines, headline)
    own = _without_headline(lines, headline)
    digest = sig.content_hash if sig else _digest(lines)
    return Keys(tuple(lines), tuple(own), digest, sig, tuple(band_buckets(sig)) if sig else ())


@dataclass(frozen=True)
class StoredText:
    """What verification needs of a stored article."""

    article_id: int
    story_id: int | None
    body: str | None
    headline: str | None


class Lookup(Protocol):
    """What ``decide`` asks of the store: indexed lookups only, never a scan."""

    def same_hash(self, content_hash: str) -> list[StoredText]:
        """Stored articles with this content hash, oldest first (a few at most)."""

    def bucket_members(self, buckets: Sequence[tuple[int, int]]) -> list[list[int]]:
        """For each (band, bucket), the ids filed under it (at most MAX_BUCKET_ROWS)."""

    def texts(self, ids: Sequence[int]) -> list[StoredText]:
        """The stored texts of these articles."""


def rank_candidates(members: Iterable[Iterable[int]], exclude_id: int | None) -> list[int]:
    """Article ids sharing band buckets, most shared bands first, at most MAX_CANDIDATES."""
    votes: Counter[int] = Counter()
    for ids in members:
        votes.update(ids)
    if exclude_id is not None:
        votes.pop(exclude_id, None)
    return [article_id for article_id, _ in votes.most_common(MAX_CANDIDATES)]


def exact_match(keys: Keys, rows: Iterable[StoredText], exclude_id: int | None) -> Match | None:
    """The first stored article with the same dedup key (hash confirmed on the text)."""
    if len(_words(keys.lines)) < MIN_WORDS:
        return None
    key = _hash_key(keys.lines)
    for row in rows:
        if row.article_id != exclude_id and _hash_key(key_lines(row.body or "")) == key:
            return Match(row.article_id, row.story_id, 1.0, 1.0)
    return None


def verified_matches(keys: Keys, rows: Iterable[StoredText]) -> list[Match]:
    """Every row that passes verification against ``keys``, best (highest Jaccard) first."""
    matches = []
    for row in rows:
        other_lines = key_lines(row.body or "", row.headline)
        if len(_words(other_lines)) < MIN_WORDS:
            continue
        jaccard, containment, verdict = compare(keys.own_lines, other_lines)
        if verdict:
            matches.append(Match(row.article_id, row.story_id, jaccard, containment))
    matches.sort(key=lambda m: (-m.jaccard, -m.containment, m.article_id))
    return matches


def find_similar(keys: Keys, lookup: Lookup, *, exclude_id: int | None = None) -> list[Match]:
    """Verified near duplicates among the band candidates, best first; reads no more than
    MAX_CANDIDATES stored texts."""
    if keys.signature is None:
        return []
    ids = rank_candidates(lookup.bucket_members(keys.buckets), exclude_id)
    return verified_matches(keys, lookup.texts(ids)) if ids else []


def decide(keys: Keys, lookup: Lookup, *, exclude_id: int | None = None) -> Decision:
    """Classify a new article against the store: EXACT, NEAR (same story) or NEW.

    The caller files the article under ``decision.match.story_id`` when there is a match,
    and folds the stories of ``decision.merge`` into it.
    """
    sig = keys.signature
    if len(_words(keys.lines)) >= MIN_WORDS:
        exact = exact_match(keys, lookup.same_hash(keys.content_hash), exclude_id)
        if exact is not None:
            return Decision(EXACT, keys.content_hash, sig, exact)
    matches = find_similar(keys, lookup, exclude_id=exclude_id)
    if not matches:
        return Decision(NEW, keys.content_hash, sig, None)
    best = matches[0]
    seen = {best.story_id}
    merge = []
    for other in matches[1:]:
        if other.story_id is not None and other.story_id not in seen:
            seen.add(other.story_id)
            merge.append(other)
    return Decision(NEAR, keys.content_hash, sig, best, tuple(merge))


class MemoryLookup:
    """An in-memory ``Lookup``, for benchmarks and for comparing a batch of texts."""

    def __init__(self) -> None:
        self._texts: dict[int, StoredText] = {}
        self._hashes: dict[str, list[int]] = {}
        self._buckets: dict[tuple[int, int], list[int]] = {}

    def __len__(self) -> int:
        return len(self._texts)

    def add(self, text: StoredText, keys: Keys) -> None:
        """File one article under its hash and buckets."""
        self._texts[text.article_id] = text
        self._hashes.setdefault(keys.content_hash, []).append(text.article_id)
        for key in keys.buckets:
            self._buckets.setdefault(key, []).append(text.article_id)

    def same_hash(self, content_hash: str) -> list[StoredText]:
        """See ``Lookup``."""
        return [self._texts[i] for i in self._hashes.get(content_hash, [])[:16]]

    def bucket_members(self, buckets: Sequence[tuple[int, int]]) -> list[list[int]]:
        """See ``Lookup``."""
        return [self._buckets.get(key, [])[:MAX_BUCKET_ROWS] for key in buckets]

    def texts(self, ids: Sequence[int]) -> list[StoredText]:
        """See ``Lookup``."""
        return [self._texts[i] for i in ids if i in self._texts]
