"""Duplicate detection: one story from every outlet that carried it, and no more."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest import dedup
from ingest.dedup import (
    EXACT,
    NEAR,
    NEW,
    band_buckets,
    content_hash,
    decide,
    find_exact,
    find_similar,
    index_article,
    signature,
    unindex_article,
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
def conn() -> Iterator[sqlite3.Connection]:
    db = sqlite3.connect(":memory:")
    db.executescript(dedup.SCHEMA_SQL)
    db.executescript(
        "CREATE TABLE articles (id INTEGER PRIMARY KEY, source TEXT, url TEXT, headline TEXT,"
        " body TEXT, published_at TEXT, story_id INTEGER, content_hash TEXT, minhash BLOB,"
        " original_source TEXT);"
        "CREATE INDEX articles_content_hash ON articles (content_hash);"
    )
    yield db
    db.close()


def store(conn: sqlite3.Connection, body: str, headline: str | None = HEADLINE) -> tuple[int, int]:
    """File an article the way the store does: decide, insert, index. Returns (id, story)."""
    decision = decide(conn, body, headline)
    story_id = decision.match.story_id if decision.match else None
    sig = decision.signature
    cursor = conn.execute(
        "INSERT INTO articles (headline, body, story_id, content_hash, minhash)"
        " VALUES (?, ?, ?, ?, ?)",
        (headline, body, story_id, decision.content_hash, sig.minhash if sig else None),
    )
    article_id = cursor.lastrowid
    assert article_id is not None
    if story_id is None:
        story_id = article_id
        conn.execute("UPDATE articles SET story_id = ? WHERE id = ?", (story_id, article_id))
    if sig is not None:
        index_article(conn, article_id, sig)
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


def test_exact_copy_is_an_exact_duplicate(conn: sqlite3.Connection) -> None:
    first, story = store(conn, STORY)
    decision = decide(conn, STORY.replace("«", '"'), HEADLINE)
    assert decision.kind == EXACT
    assert decision.match is not None
    assert (decision.match.article_id, decision.match.story_id) == (first, story)


def test_equal_hash_with_different_text_is_not_an_exact_duplicate(conn: sqlite3.Connection) -> None:
    # A forged row with STORY's hash but another text stands in for a hash collision.
    conn.execute(
        "INSERT INTO articles (body, story_id, content_hash) VALUES (?, 1, ?)",
        (OTHER_STORY, content_hash(STORY)),
    )
    assert find_exact(conn, STORY) is None


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
def test_copies_join_the_original_story(conn: sqlite3.Connection, copy: str) -> None:
    _, story = store(conn, STORY)
    store(conn, OTHER_STORY, "تعليق الدراسة في مدارس جنوب طرابلس")
    decision = decide(conn, copy, "المجلس الرئاسي يدعو لوقف إطلاق النار")
    assert decision.kind in (EXACT, NEAR)
    assert decision.match is not None and decision.match.story_id == story


def test_shortened_headline_repeated_in_body_still_matches(conn: sqlite3.Connection) -> None:
    _, story = store(conn, STORY)
    short = "الرئاسي يدعو لوقف النار"
    decision = decide(conn, f"{short}\n\n{STORY}", short)
    assert decision.match is not None and decision.match.story_id == story


def test_same_topic_same_day_stories_stay_apart(conn: sqlite3.Connection) -> None:
    store(conn, STORY)
    store(conn, THIRD_STORY, "وزارة الصحة ترفع درجة الاستعداد")
    decision = decide(conn, OTHER_STORY, "تعليق الدراسة في مدارس جنوب طرابلس")
    assert decision.kind == NEW
    assert decision.match is None


def test_identical_footer_does_not_join_two_stories(conn: sqlite3.Connection) -> None:
    lead_a = STORY.split("\n\n")[0]
    lead_b = OTHER_STORY.split("\n\n")[0]
    store(conn, f"{lead_a}\n\n{FOOTER}")
    assert decide(conn, f"{lead_b}\n\n{FOOTER}", "تعليق الدراسة").kind == NEW
    assert not dedup.is_near_duplicate(f"{lead_a}\n\n{FOOTER}", f"{lead_b}\n\n{FOOTER}")


def test_footer_only_page_does_not_join_a_story(conn: sqlite3.Connection) -> None:
    store(conn, f"{STORY}\n\n{FOOTER}")
    assert decide(conn, FOOTER, None).kind == NEW


def test_same_story_with_the_site_footer_still_matches(conn: sqlite3.Connection) -> None:
    _, story = store(conn, f"{STORY}\n\n{FOOTER}")
    truncated = " ".join(STORY.split(" ")[:70])
    decision = decide(conn, f"{truncated}\n\n{FOOTER}", HEADLINE)
    assert decision.match is not None and decision.match.story_id == story


@pytest.mark.parametrize("tiny", ["", "   ", HEADLINE, f"{HEADLINE}\n\nشاهد الفيديو"])
def test_tiny_and_headline_only_bodies_get_no_signature_and_never_merge(
    conn: sqlite3.Connection, tiny: str
) -> None:
    assert signature(tiny, HEADLINE) is None
    store(conn, tiny)
    assert decide(conn, tiny, HEADLINE).kind == NEW


def test_arrival_order_does_not_matter(conn: sqlite3.Connection) -> None:
    half = " ".join(STORY.split(" ")[:70])
    full = aggregator_copy(STORY)
    _, story = store(conn, half)
    forward = decide(conn, full, HEADLINE)
    other = sqlite3.connect(":memory:")
    other.executescript(dedup.SCHEMA_SQL)
    other.executescript(
        "CREATE TABLE articles (id INTEGER PRIMARY KEY, headline TEXT, body TEXT,"
        " story_id INTEGER, content_hash TEXT, minhash BLOB)"
    )
    _, other_story = store(other, full)
    backward = decide(other, half, HEADLINE)
    assert forward.match is not None and forward.match.story_id == story
    assert backward.match is not None and backward.match.story_id == other_story
    assert forward.match.jaccard == pytest.approx(backward.match.jaccard)
    assert forward.match.containment == pytest.approx(backward.match.containment)


def test_an_article_bridging_two_stories_asks_for_a_merge(conn: sqlite3.Connection) -> None:
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


def test_exclude_id_skips_the_article_itself(conn: sqlite3.Connection) -> None:
    article_id, _ = store(conn, STORY)
    sig = signature(STORY, HEADLINE)
    assert sig is not None
    assert find_similar(conn, sig, STORY, exclude_id=article_id) is None
    assert find_exact(conn, STORY, exclude_id=article_id) is None


def test_index_is_idempotent_and_unindex_removes_every_band(conn: sqlite3.Connection) -> None:
    article_id, _ = store(conn, STORY)
    sig = signature(STORY, HEADLINE)
    assert sig is not None
    index_article(conn, article_id, sig)
    count = "SELECT count(*) FROM article_bands WHERE article_id = ?"
    assert conn.execute(count, (article_id,)).fetchone() == (len(band_buckets(sig)),)
    unindex_article(conn, article_id)  # keys read back from articles.minhash
    assert conn.execute(count, (article_id,)).fetchone() == (0,)
    assert find_similar(conn, sig, STORY) is None


def test_lookups_use_indexes_never_scans(conn: sqlite3.Connection) -> None:
    plans = [
        conn.execute(f"EXPLAIN QUERY PLAN {dedup._BUCKET_SQL}", (0, 1, 5)).fetchall(),
        conn.execute(
            "EXPLAIN QUERY PLAN DELETE FROM article_bands WHERE band = ? AND bucket = ?"
            " AND article_id = ?",
            (0, 1, 2),
        ).fetchall(),
        conn.execute(
            "EXPLAIN QUERY PLAN SELECT id, body, headline, story_id FROM articles WHERE id IN (?, ?)",
            (1, 2),
        ).fetchall(),
    ]
    for plan in plans:
        detail = " ".join(str(row[-1]) for row in plan)
        assert "SEARCH" in detail and "SCAN" not in detail


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
