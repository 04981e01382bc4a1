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

Steps 1 and 2 are ``signatures``'s, 3 and 4 this module's. Pure: a body is keyed once
(``signatures.prepare``), and every lookup goes through a ``Lookup`` that the store
implements with indexed queries (``MemoryLookup`` for benchmarks); no SQL here.

numpy rather than datasketch: no new dependency, our own pinned parameters
(``MINHASH_VERSION``; datasketch 2.0 changed its permutations), and a vectorised
shingle hash (datasketch's per-shingle ``update`` is 10× slower than its batch API).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from ingest.signatures import (
    MIN_WORDS,
    Keys,
    Signature,
    hash_key,
    key_lines,
    key_words,
    shingle_hashes,
)

# --- the decision -------------------------------------------------------------------------

JACCARD_MIN = 0.5
CONTAINMENT_MIN = 0.7
MIN_CONTAINMENT_SHINGLES = 20  # containment is judged only when the smaller body has these
MAX_FOOTER_WORDS = 60  # a shared ending longer than this is story text, not a footer
MAX_CANDIDATES = 8  # verified per lookup, most band votes first
MAX_BUCKET_ROWS = 64  # per band lookup: a huge bucket is boilerplate, not evidence

EXACT = "exact"
NEAR = "near"
NEW = "new"


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


# --- verification -------------------------------------------------------------------------


def jaccard_containment(a: set[int], b: set[int]) -> tuple[float, float]:
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
    return set(shingle_hashes(key_words(lines)).tolist())


def compare(a_lines: Sequence[str], b_lines: Sequence[str]) -> tuple[float, float, bool]:
    """Jaccard, containment and the verdict for two bodies' ``key_lines``.

    Identical trailing lines up to MAX_FOOTER_WORDS words (a site's footer, a signature
    block) do not count as evidence: when both bodies have more than that, the rest must
    pass on its own; when one body is nothing but that shared ending, they are not merged.
    A longer shared ending is story text (an outlet that rewrote only the opening).
    """
    jaccard, containment = jaccard_containment(_set_of(a_lines), _set_of(b_lines))
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
    rest_jaccard, rest_containment = jaccard_containment(_set_of(a_rest), _set_of(b_rest))
    return jaccard, containment, _passes(rest_jaccard, rest_containment)


def is_near_duplicate(
    a_body: str, b_body: str, a_headline: str | None = None, b_headline: str | None = None
) -> bool:
    """True when two bodies carry the same story by the verification rule alone."""
    a_lines, b_lines = key_lines(a_body, a_headline), key_lines(b_body, b_headline)
    if len(key_words(a_lines)) < MIN_WORDS or len(key_words(b_lines)) < MIN_WORDS:
        return False
    return compare(a_lines, b_lines)[2]


# --- the decision over stored articles -----------------------------------------------------


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
    if len(key_words(keys.lines)) < MIN_WORDS:
        return None
    key = hash_key(keys.lines)
    for row in rows:
        if row.article_id != exclude_id and hash_key(key_lines(row.body or "")) == key:
            return Match(row.article_id, row.story_id, 1.0, 1.0)
    return None


def verified_matches(keys: Keys, rows: Iterable[StoredText]) -> list[Match]:
    """Every row that passes verification against ``keys``, best (highest Jaccard) first."""
    matches = []
    for row in rows:
        other_lines = key_lines(row.body or "", row.headline)
        if len(key_words(other_lines)) < MIN_WORDS:
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
    if len(key_words(keys.lines)) >= MIN_WORDS:
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
