"""What dedup compares: a body's key lines, content hash, MinHash signature and band buckets.

``key_lines`` is the body as the dedup key sees it (``text.normalize_match``, line by line)
without the attribution lines aggregators add and without a repeated headline;
``content_hash`` is the sha256 of those lines; ``signature`` a MinHash over 5-word
shingles of them (numpy, 128 permutations of a multiply-shift family over 64-bit shingle
hashes), whose values ``band_buckets`` splits into 24 bands of 4 over the whole body and
8 bands of 4 over its lead (the first 40 shingles). ``prepare`` keys a body once for every
later comparison, hash and index row. How ``dedup`` decides with them is described there.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
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

MIN_WORDS = 25  # fewer words: no signature, never merged (not even on an equal hash)
MAX_WORDS = 20_000  # longer bodies are judged on their first MAX_WORDS words

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


def key_words(lines: Sequence[str]) -> list[str]:
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


def shingle_hashes(words: Sequence[str]) -> U64Array:
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


def permutation_hashes(shingles: U64Array) -> U64Array:
    """Every shingle under each of the NUM_PERM permutations (``a * x + b``, modulo 2**64),
    one row per shingle: a signature's values are the top 32 bits of column minima."""
    # In place: a broadcast ``a * x + b`` expression measured 6x slower (temporaries).
    hashed: U64Array = np.multiply.outer(shingles, _PERM_A)
    hashed += _PERM_B
    return hashed


def _minhash(shingles: U64Array) -> U64Array:
    """NUM_PERM minimum values: body permutations over all shingles, lead ones over the lead."""
    mins = np.full(NUM_PERM, np.iinfo(np.uint64).max, dtype=np.uint64)
    for start in range(0, len(shingles), _CHUNK_ROWS):
        hashed = permutation_hashes(shingles[start : start + _CHUNK_ROWS])
        if start == 0:
            mins[_BODY_PERMS:] = hashed[:LEAD_SHINGLES, _BODY_PERMS:].min(axis=0)
        body_mins = hashed[:, :_BODY_PERMS].min(axis=0)
        np.minimum(mins[:_BODY_PERMS], body_mins, out=mins[:_BODY_PERMS])
    # The top 32 bits of a multiply-shift hash are its good bits; taking them after the
    # minimum gives the same result, since the order of the top bits follows the whole.
    top: U64Array = mins >> _U64(32)
    return top


def hash_key(lines: Sequence[str]) -> str:
    """The text that content hashes are taken of."""
    return "\n".join(lines)


def _digest(lines: Sequence[str]) -> str:
    """sha256 (hex) of prepared lines."""
    return hashlib.sha256(hash_key(lines).encode("utf-8")).hexdigest()


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
    words = key_words(_without_headline(all_lines, headline))
    if len(words) < MIN_WORDS:
        return None
    shingles = shingle_hashes(words)
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
