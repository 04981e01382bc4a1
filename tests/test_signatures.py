"""The dedup keys of a body: key lines without attribution boilerplate, the content hash,
the pinned MinHash signature and its band buckets."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ingest import signatures
from ingest.signatures import band_buckets, content_hash, signature
from tests.stories import HEADLINE, OTHER_STORY, STORY, aggregator_copy


def test_banner_and_attribution_do_not_change_the_content_hash() -> None:
    assert content_hash(aggregator_copy(STORY)) == content_hash(f"{HEADLINE}\n\n{STORY}")
    assert content_hash(STORY) != content_hash(OTHER_STORY)


def test_attribution_lines_are_dropped_but_not_lookalike_sentences() -> None:
    lines = signatures.key_lines(
        "ليبيا الآن\n\nمصدر الخبر / بوابة الوسط\n\nالمصدرون الليبيون يطالبون بدعم الصادرات\n\n"
        "المصدر: وكالة الأنباء الليبية\n\nيمكنك أيضاً قراءة الخبر في المصدر من بوابة الوسط\n\n"
        "نص لا يخص الخبر"
    )
    assert lines == ["المصدرون الليبيون يطالبون بدعم الصادرات"]


def test_content_hash_ignores_spelling_habits() -> None:
    variant = STORY.replace("إلى", "الى").replace("أ", "ا").replace("ة ", "ه ")
    assert content_hash("دَعَا " + variant) == content_hash("دعا " + STORY)


def test_signature_parameters_are_pinned() -> None:
    # If this changes, stored minhashes no longer match new ones: bump MINHASH_VERSION and
    # rebuild article_bands.
    sig = signature(STORY, HEADLINE)
    assert sig is not None
    assert len(sig.minhash) == signatures.NUM_PERM * 4
    assert len(band_buckets(sig)) == signatures.BODY_BANDS + signatures.LEAD_BANDS
    assert band_buckets(sig)[:2] == PINNED_BUCKETS
    assert all(0 <= bucket < 2**signatures.BUCKET_BITS for _, bucket in band_buckets(sig))


PINNED_BUCKETS = [(0, 1411182634), (1, 141412072)]


def test_huge_body_is_judged_on_its_start() -> None:
    sig = signature(STORY * 2_000, HEADLINE)
    assert sig is not None
    assert sig.shingles_count <= signatures.MAX_WORDS


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=3000), st.one_of(st.none(), st.text(max_size=200)))
def test_any_text_gives_a_signature_or_none(body: str, headline: str | None) -> None:
    sig = signature(body, headline)
    assert len(content_hash(body)) == 64
    if sig is not None:
        assert len(band_buckets(sig)) == signatures.BODY_BANDS + signatures.LEAD_BANDS
