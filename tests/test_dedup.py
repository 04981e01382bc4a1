"""Duplicate detection: one story from every outlet that carried it, and no more."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest import dedup
from ingest.dedup import EXACT, NEAR, NEW, Decision, MemoryLookup, StoredText, find_similar
from ingest.signatures import content_hash, prepare, signature
from tests.stories import FOOTER, HEADLINE, OTHER_STORY, STORY, THIRD_STORY, aggregator_copy


@pytest.fixture
def conn() -> MemoryLookup:
    return MemoryLookup()


def decide(
    conn: MemoryLookup, body: str, headline: str | None = HEADLINE, exclude_id: int | None = None
) -> Decision:
    """The decision for a new article, keyed once as the writer does."""
    return dedup.decide(prepare(body, headline), conn, exclude_id=exclude_id)


def store(conn: MemoryLookup, body: str, headline: str | None = HEADLINE) -> tuple[int, int]:
    """File an article the way the store does: decide, then index. Returns (id, story)."""
    keys = prepare(body, headline)
    decision = dedup.decide(keys, conn)
    article_id = len(conn) + 1
    story_id = decision.match.story_id if decision.match else None
    story_id = story_id if story_id is not None else article_id
    conn.add(StoredText(article_id, story_id, body, headline), keys)
    return article_id, story_id


def test_exact_copy_is_an_exact_duplicate(conn: MemoryLookup) -> None:
    first, story = store(conn, STORY)
    decision = decide(conn, STORY.replace("«", '"'), HEADLINE)
    assert decision.kind == EXACT
    assert decision.match is not None
    assert (decision.match.article_id, decision.match.story_id) == (first, story)


def test_equal_hash_with_different_text_is_not_an_exact_duplicate(conn: MemoryLookup) -> None:
    # A forged row with STORY's hash but another text stands in for a hash collision.
    conn.add(StoredText(1, 1, OTHER_STORY, None), prepare(STORY))
    assert dedup.exact_match(prepare(STORY), conn.same_hash(content_hash(STORY)), None) is None


@pytest.mark.parametrize(
    "copy",
    [
        pytest.param(aggregator_copy(STORY), id="banner-and-attribution"),
        pytest.param(STORY.replace("،", ",").replace("مساء الجمعة", "«مساء الجمعة»"), id="quotes"),
        pytest.param(
            "\n\n".join(STORY.split("\n\n")[:2] + STORY.split("\n\n")[3:]), id="cut-paragraph"
        ),
        pytest.param(" ".join(STORY.split(" ")[:70]) + " ...", id="truncated-to-half"),
        pytest.param(
            "دَعَا المَجْلِسُ الرِّئَاسِيُّ "
            + STORY[len("دعا المجلس الرئاسي ") :].replace("إلى", "الى").replace("ـ", ""),
            id="tashkeel-and-hamza",
        ),
        pytest.param(
            STORY.replace("وقف فوري", "وقف عاجل")
            .replace("مساء الجمعة", "ليلة الجمعة")
            .replace("أسبوع", "سبعة أيام"),
            id="few-words-edited",
        ),
    ],
)
def test_copies_join_the_original_story(conn: MemoryLookup, copy: str) -> None:
    _, story = store(conn, STORY)
    store(conn, OTHER_STORY, "تعليق الدراسة في مدارس جنوب طرابلس")
    decision = decide(conn, copy, "المجلس الرئاسي يدعو لوقف إطلاق النار")
    assert decision.kind in (EXACT, NEAR)
    assert decision.match is not None and decision.match.story_id == story


def test_shortened_headline_repeated_in_body_still_matches(conn: MemoryLookup) -> None:
    _, story = store(conn, STORY)
    short = "الرئاسي يدعو لوقف النار"
    decision = decide(conn, f"{short}\n\n{STORY}", short)
    assert decision.match is not None and decision.match.story_id == story


def test_same_topic_same_day_stories_stay_apart(conn: MemoryLookup) -> None:
    store(conn, STORY)
    store(conn, THIRD_STORY, "وزارة الصحة ترفع درجة الاستعداد")
    decision = decide(conn, OTHER_STORY, "تعليق الدراسة في مدارس جنوب طرابلس")
    assert decision.kind == NEW
    assert decision.match is None


def test_identical_footer_does_not_join_two_stories(conn: MemoryLookup) -> None:
    lead_a = STORY.split("\n\n")[0]
    lead_b = OTHER_STORY.split("\n\n")[0]
    store(conn, f"{lead_a}\n\n{FOOTER}")
    assert decide(conn, f"{lead_b}\n\n{FOOTER}", "تعليق الدراسة").kind == NEW
    assert not dedup.is_near_duplicate(f"{lead_a}\n\n{FOOTER}", f"{lead_b}\n\n{FOOTER}")


def test_footer_only_page_does_not_join_a_story(conn: MemoryLookup) -> None:
    store(conn, f"{STORY}\n\n{FOOTER}")
    assert decide(conn, FOOTER, None).kind == NEW


def test_same_story_with_the_site_footer_still_matches(conn: MemoryLookup) -> None:
    _, story = store(conn, f"{STORY}\n\n{FOOTER}")
    truncated = " ".join(STORY.split(" ")[:70])
    decision = decide(conn, f"{truncated}\n\n{FOOTER}", HEADLINE)
    assert decision.match is not None and decision.match.story_id == story


@pytest.mark.parametrize("tiny", ["", "   ", HEADLINE, f"{HEADLINE}\n\nشاهد الفيديو"])
def test_tiny_and_headline_only_bodies_get_no_signature_and_never_merge(
    conn: MemoryLookup, tiny: str
) -> None:
    assert signature(tiny, HEADLINE) is None
    store(conn, tiny)
    assert decide(conn, tiny, HEADLINE).kind == NEW


def test_arrival_order_does_not_matter(conn: MemoryLookup) -> None:
    half = " ".join(STORY.split(" ")[:70])
    full = aggregator_copy(STORY)
    _, story = store(conn, half)
    forward = decide(conn, full, HEADLINE)
    other = MemoryLookup()
    _, other_story = store(other, full)
    backward = decide(other, half, HEADLINE)
    assert forward.match is not None and forward.match.story_id == story
    assert backward.match is not None and backward.match.story_id == other_story
    assert forward.match.jaccard == pytest.approx(backward.match.jaccard)
    assert forward.match.containment == pytest.approx(backward.match.containment)


def test_an_article_bridging_two_stories_asks_for_a_merge(conn: MemoryLookup) -> None:
    paragraphs = STORY.split("\n\n")
    opening = "\n\n".join(paragraphs[:2])
    later = "\n\n".join(paragraphs[1:])
    _, story_a = store(conn, opening)
    _, story_b = store(conn, later)
    assert story_a != story_b
    decision = decide(conn, STORY, HEADLINE)
    assert decision.kind == NEAR
    found = {decision.match.story_id if decision.match else None} | {
        m.story_id for m in decision.merge
    }
    assert found == {story_a, story_b}


def test_exclude_id_skips_the_article_itself(conn: MemoryLookup) -> None:
    article_id, _ = store(conn, STORY)
    assert find_similar(prepare(STORY, HEADLINE), conn, exclude_id=article_id) == []
    assert decide(conn, STORY, exclude_id=article_id).kind == NEW
    assert decide(conn, STORY).kind == EXACT


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.sampled_from(["ليبيا", "طرابلس", "النفط", "المجلس", "قال", "في", "من", "2026"]),
        min_size=30,
        max_size=120,
    )
)
def test_hostile_repetitive_bodies_are_handled(words: list[str]) -> None:
    body = " ".join(words)
    sig = signature(body)
    assert sig is not None
    assert dedup.is_near_duplicate(body, body)
