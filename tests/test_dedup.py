"""Duplicate detection: one story from every outlet that carried it, and no more."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest import dedup
from ingest.dedup import (
    EXACT,
    NEAR,
    NEW,
    Decision,
    MemoryLookup,
    StoredText,
    band_buckets,
    content_hash,
    find_similar,
    prepare,
    signature,
)

HEADLINE = "المجلس الرئاسي يدعو إلى وقف فوري لإطلاق النار في طرابلس ويشكل لجنة للتحقيق"
STORY = """دعا المجلس الرئاسي جميع الأطراف المسلحة في العاصمة طرابلس إلى وقف فوري لإطلاق النار والعودة إلى ثكناتها، محذراً من أن استمرار المواجهات يهدد أرواح المدنيين ويقوض جهود توحيد المؤسسة العسكرية.

وأعلن المجلس في بيان صدر عقب اجتماع طارئ عقده مساء الجمعة تشكيل لجنة للتحقيق في ملابسات الأحداث برئاسة رئيس الأركان العامة، على أن تقدم تقريرها خلال أسبوع، وتحدد المسؤوليات وتقترح التدابير اللازمة لمنع تكرارها.

وشدد البيان على أن المجلس بصفته القائد الأعلى للجيش لن يسمح بتحويل العاصمة إلى ساحة لتصفية الحسابات، داعياً أعيان المدينة ومكوناتها الاجتماعية إلى المساهمة في التهدئة ودعم جهود الأجهزة الأمنية.

وتشهد العاصمة طرابلس توتراً أمنياً متكرراً منذ أشهر بسبب التنافس بين التشكيلات المسلحة على مناطق النفوذ والمقرات الحكومية، وسط دعوات محلية ودولية إلى إخراج السلاح من الأحياء السكنية."""

# Same topic, same day, same city, shared background paragraph: a different story.
OTHER_STORY = """قررت مراقبة التربية والتعليم في بلدية أبوسليم تعليق الدراسة يوم السبت في جميع المدارس الواقعة ضمن نطاقها، حفاظاً على سلامة التلاميذ والمعلمين بعد ليلة من التوتر الأمني في المناطق المجاورة.

وقال مراقب التعليم في البلدية إن القرار جاء بالتنسيق مع المجلس البلدي ومديرية الأمن، وإن استئناف الدراسة سيعلن عنه عبر الصفحة الرسمية للمراقبة فور التأكد من استقرار الأوضاع في المنطقة.

وطالب أولياء الأمور بعدم إرسال أبنائهم إلى المدارس إلى حين صدور إعلان رسمي، مشيراً إلى أن الامتحانات النصفية التي كانت مقررة الأسبوع المقبل قد تؤجل أسبوعاً واحداً لتعويض الأيام الضائعة.

وتشهد العاصمة طرابلس توتراً أمنياً متكرراً منذ أشهر بسبب التنافس بين التشكيلات المسلحة على مناطق النفوذ والمقرات الحكومية، وسط دعوات محلية ودولية إلى إخراج السلاح من الأحياء السكنية."""

THIRD_STORY = """أعلنت وزارة الصحة بحكومة الوحدة الوطنية رفع درجة الاستعداد القصوى في مستشفيات العاصمة طرابلس ومراكزها الصحية، وذلك على خلفية الاشتباكات التي شهدتها بعض مناطق جنوب المدينة مساء الجمعة.

وأوضحت الوزارة في بيان أنها وجهت مدراء المستشفيات بإلغاء الإجازات واستدعاء الأطقم الطبية والتمريضية، وتجهيز غرف العمليات وأقسام الطوارئ، إضافة إلى توفير مخزون كاف من أكياس الدم والأدوية الإسعافية."""

FOOTER = (
    "جميع الحقوق محفوظة لبوابة الوسط، ولا يجوز إعادة نشر المحتوى أو اقتباسه دون إذن مسبق "
    "من إدارة التحرير، ويتحمل الكتاب مسؤولية آرائهم المنشورة في الموقع.\n\n"
    "تابعونا على منصات التواصل الاجتماعي فيسبوك وتويتر ويوتيوب وتيليغرام لمتابعة آخر "
    "الأخبار العاجلة والتقارير الخاصة من مختلف المدن الليبية على مدار الساعة."
)


def aggregator_copy(body: str, headline: str = HEADLINE, outlet: str = "صحيفة الساعة 24") -> str:
    return (
        f"ليبيا الان\n\n{headline}\n\nمصدر الخبر / {outlet}\n\n{body}\n\n"
        f"يمكنك ايضا قراءة الخبر في المصدر من {outlet}\n\nعن مصدر الخبر\n\n{outlet}"
    )


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


def test_banner_and_attribution_do_not_change_the_content_hash() -> None:
    assert content_hash(aggregator_copy(STORY)) == content_hash(f"{HEADLINE}\n\n{STORY}")
    assert content_hash(STORY) != content_hash(OTHER_STORY)


def test_attribution_lines_are_dropped_but_not_lookalike_sentences() -> None:
    lines = dedup.key_lines(
        "ليبيا الآن\n\nمصدر الخبر / بوابة الوسط\n\nالمصدرون الليبيون يطالبون بدعم الصادرات\n\n"
        "المصدر: وكالة الأنباء الليبية\n\nيمكنك أيضاً قراءة الخبر في المصدر من بوابة الوسط\n\n"
        "نص لا يخص الخبر"
    )
    assert lines == ["المصدرون الليبيون يطالبون بدعم الصادرات"]


def test_content_hash_ignores_spelling_habits() -> None:
    variant = STORY.replace("إلى", "الى").replace("أ", "ا").replace("ة ", "ه ")
    assert content_hash("دَعَا " + variant) == content_hash("دعا " + STORY)


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


def test_signature_parameters_are_pinned() -> None:
    # If this changes, stored minhashes no longer match new ones: bump MINHASH_VERSION and
    # rebuild article_bands.
    sig = signature(STORY, HEADLINE)
    assert sig is not None
    assert len(sig.minhash) == dedup.NUM_PERM * 4
    assert len(band_buckets(sig)) == dedup.BODY_BANDS + dedup.LEAD_BANDS
    assert band_buckets(sig)[:2] == PINNED_BUCKETS
    assert all(0 <= bucket < 2**dedup.BUCKET_BITS for _, bucket in band_buckets(sig))


PINNED_BUCKETS = [(0, 1411182634), (1, 141412072)]


def test_huge_body_is_judged_on_its_start() -> None:
    sig = signature(STORY * 2_000, HEADLINE)
    assert sig is not None
    assert sig.shingles_count <= dedup.MAX_WORDS


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=3000), st.one_of(st.none(), st.text(max_size=200)))
def test_any_text_gives_a_signature_or_none(body: str, headline: str | None) -> None:
    sig = signature(body, headline)
    assert len(content_hash(body)) == 64
    if sig is not None:
        assert len(band_buckets(sig)) == dedup.BODY_BANDS + dedup.LEAD_BANDS


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
