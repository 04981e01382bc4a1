"""Storing articles: identity, aliases, stories, versions and search, one transaction each
(on SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from ingest.errors import StoreError
from ingest.models import Article, Candidate, Page
from ingest.store import ALIAS, NEW, UNCHANGED, UPDATED, Store
from ingest.writer import prepare

PARAGRAPHS = [
    "أعلنت وزارة الصحة في حكومة الوحدة الوطنية اليوم الاثنين عن إطلاق حملة وطنية للتطعيم ضد"
    " شلل الأطفال تستهدف أكثر من مليون طفل في مختلف المدن الليبية خلال الأسبوعين المقبلين.",
    "وقال مدير المركز الوطني لمكافحة الأمراض إن الحملة ستشمل المناطق النائية في الجنوب"
    " بالتعاون مع منظمة الصحة العالمية ومنظمة اليونيسف وعدد من البلديات.",
    "وأضاف أن فرق التطعيم ستعمل في المدارس والمراكز الصحية والأسواق، داعيا أولياء الأمور"
    " إلى التعاون مع الفرق الميدانية لضمان وصول اللقاح إلى جميع الأطفال دون استثناء.",
    "وتأتي الحملة بعد رصد حالات اشتباه في دول مجاورة، بحسب بيان الوزارة الذي نشر على"
    " صفحتها الرسمية مساء الأحد.",
]
OTHER = [
    "بحث المجلس الرئاسي مع وفد من البنك الدولي سبل دعم مشاريع إعادة الإعمار في مدينة درنة"
    " بعد الفيضانات التي ضربت المدينة، وذلك خلال اجتماع عقد في طرابلس يوم الاثنين.",
    "واستعرض الاجتماع خطة لإعادة تأهيل الطرق والجسور وشبكات المياه والكهرباء في المدينة،"
    " إضافة إلى برامج لدعم الأسر المتضررة وتعويضها عن الأضرار التي لحقت بمنازلها.",
    "وأكد الوفد استعداد البنك لتقديم الدعم الفني والمالي للمشاريع ذات الأولوية بالتنسيق"
    " مع الجهات الليبية المختصة وصندوق التنمية وإعادة الإعمار.",
]
FOOTER = "جميع الحقوق محفوظة لموقع الصحيفة ولا يجوز إعادة النشر دون إذن مسبق من إدارة التحرير"


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    opened = Store(db_url)
    yield opened
    opened.close()


def save(
    store: Store,
    source_id: str,
    url: str,
    body: str,
    headline: str = "عنوان",
    *,
    original_source: str | None = None,
    final_url: str | None = None,
) -> str:
    cand = Candidate(source=source_id, url=url, method="feed", found_on="https://x.ly/rss")
    page = Page(
        url=final_url or url,
        requested_url=url,
        status=200,
        headers={"content-type": "text/html; charset=utf-8"},
        content=b"<html>...</html>",
        text="<html>...</html>",
        encoding="utf-8",
        fetched_at="2026-11-29T08:00:00Z",
    )
    article = Article(
        url=url,
        headline=headline,
        body=body,
        published_at="2026-11-29T07:00:00Z",
        original_source=original_source,
        methods={"headline": "jsonld", "body": "trafilatura"},
    )
    return store.file_article(prepare(source_id, cand, page, article))


def one(store: Store, sql: str, *params: Any) -> Any:
    return store.row(sql, params)


def test_new_article_is_stored_with_story_search_and_page(store: Store) -> None:
    assert save(store, "wasat", "https://wasat.ly/news/1", "\n\n".join(PARAGRAPHS)) == NEW
    row = one(store, "SELECT id, story_id, word_count, extraction_method FROM articles")
    assert row[1] is not None
    assert row[2] > 50
    assert row[3] == "headline:jsonld body:trafilatura"
    assert one(store, "SELECT article_count, outlet_count FROM stories") == (1, 1)
    assert one(store, "SELECT count(*) FROM pages") == (1,)
    assert one(store, "SELECT count(*) FROM article_bands WHERE article_id = ?", row[0])[0] > 0
    assert [hit.id for hit in store.search("شلل")] == [row[0]]


def test_aggregator_copy_joins_the_originals_story_in_either_order(store: Store) -> None:
    original = "\n\n".join(PARAGRAPHS)
    copy = "ليبيا الان\n\nمصدر الخبر / بوابة الوسط\n\n" + "\n\n".join(PARAGRAPHS[:3])
    # the copy arrives first, the original later
    assert (
        save(store, "akhbar", "https://akhbar.ly/1.html", copy, original_source="بوابة الوسط")
        == NEW
    )
    assert save(store, "wasat", "https://wasat.ly/news/1", original) == NEW
    stories = store.rows("SELECT story_id FROM articles")
    assert len(set(stories)) == 1
    story = one(
        store, "SELECT article_count, outlet_count, headline, representative_id FROM stories"
    )
    assert story[:2] == (2, 2)
    wasat_id = one(store, "SELECT id FROM articles WHERE source = 'wasat'")[0]
    assert story[3] == wasat_id  # the original, not the copy, represents the story


def test_different_stories_with_the_same_footer_stay_apart(store: Store) -> None:
    save(store, "wasat", "https://wasat.ly/news/1", "\n\n".join([*PARAGRAPHS, FOOTER]))
    save(store, "wasat", "https://wasat.ly/news/2", "\n\n".join([*OTHER, FOOTER]))
    assert one(store, "SELECT count(DISTINCT story_id) FROM articles") == (2,)


def test_same_text_at_another_url_of_the_same_outlet_is_an_alias(store: Store) -> None:
    body = "\n\n".join(PARAGRAPHS)
    save(store, "wasat", "https://wasat.ly/news/1", body)
    assert save(store, "wasat", "https://wasat.ly/news/1-copy", body) == ALIAS
    assert one(store, "SELECT count(*) FROM articles") == (1,)
    assert one(store, "SELECT url, reason FROM article_aliases") == (
        "https://wasat.ly/news/1-copy",
        "same text, same outlet",
    )


def test_the_same_text_at_another_outlet_is_its_own_row_in_the_same_story(store: Store) -> None:
    body = "\n\n".join(PARAGRAPHS)
    save(store, "wasat", "https://wasat.ly/news/1", body)
    assert save(store, "eanlibya", "https://eanlibya.ly/a", body) == NEW
    assert one(store, "SELECT count(*), count(DISTINCT story_id) FROM articles") == (2, 1)


def test_redirects_become_aliases_and_are_not_fetched_again(store: Store) -> None:
    body = "\n\n".join(PARAGRAPHS)
    save(store, "wasat", "https://wasat.ly/?p=1", body, final_url="https://wasat.ly/news/1")
    assert one(store, "SELECT url FROM articles") == ("https://wasat.ly/news/1",)
    assert store.is_known("https://wasat.ly/?p=1")


def test_an_edit_keeps_the_old_text_and_the_story(store: Store) -> None:
    url = "https://wasat.ly/news/1"
    save(store, "wasat", url, "\n\n".join(PARAGRAPHS))
    story = one(store, "SELECT story_id FROM articles")
    edited = "\n\n".join([*PARAGRAPHS, "تحديث: ارتفع عدد الفرق الميدانية إلى مئتي فريق."])
    assert save(store, "wasat", url, edited, headline="عنوان محدث") == UPDATED
    assert save(store, "wasat", url, edited, headline="عنوان محدث") == UNCHANGED
    assert one(store, "SELECT story_id, headline FROM articles") == (story[0], "عنوان محدث")
    assert one(store, "SELECT headline FROM article_versions") == ("عنوان",)
    assert one(store, "SELECT count(*) FROM stories") == (1,)
    assert len(store.search("مئتي")) == 1


def test_tiny_bodies_never_merge_stories(store: Store) -> None:
    save(store, "wasat", "https://wasat.ly/v/1", "شاهد الفيديو")
    save(store, "eanlibya", "https://eanlibya.ly/v/2", "شاهد الفيديو")
    save(store, "eanlibya", "https://eanlibya.ly/v/3", "")
    assert one(store, "SELECT count(DISTINCT story_id), count(*) FROM articles") == (3, 3)


def test_a_write_is_all_or_nothing(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    error = store._errors[0]  # the engine's own error type

    def explode(*args: object, **kwargs: object) -> None:
        raise error("disk I/O error")

    monkeypatch.setattr("ingest.store.filing.write_search_row", explode)
    with pytest.raises(StoreError, match="disk I/O error"):
        save(store, "wasat", "https://wasat.ly/news/1", "\n\n".join(PARAGRAPHS))
    for table in ("articles", "stories", "article_bands", "pages", "article_aliases"):
        assert one(store, f"SELECT count(*) FROM {table}") == (0,), table


def test_an_article_that_joins_two_stories_merges_them(store: Store) -> None:
    save(store, "akhbar", "https://akhbar.ly/1.html", "\n\n".join(PARAGRAPHS))
    save(store, "eanlibya", "https://eanlibya.ly/2", "\n\n".join(OTHER))
    assert one(store, "SELECT count(*) FROM stories") == (2,)
    save(store, "wasat", "https://wasat.ly/news/1", "\n\n".join([*PARAGRAPHS, *OTHER]))
    assert one(store, "SELECT count(*), count(DISTINCT story_id) FROM articles") == (3, 1)
    assert one(store, "SELECT count(*), sum(article_count), sum(outlet_count) FROM stories") == (
        1,
        3,
        3,
    )


@pytest.mark.parametrize("locked", [True, False])
def test_two_workers_filing_copies_of_one_story_at_once_share_it(
    pg_url: str, monkeypatch: pytest.MonkeyPatch, locked: bool
) -> None:
    """The race forced: worker A stops inside its filing transaction, after its insert
    and before its commit, while worker B files a copy of the same story. With the
    advisory locks B waits and joins A's story; without them B files a second story."""
    import threading

    from ingest.store import filing

    first, second = Store(pg_url), Store(pg_url)
    if not locked:
        monkeypatch.setattr(Store, "serialize", lambda self, conn, keys: None)
    inside, go_on = threading.Event(), threading.Event()
    refresh = filing.refresh_story

    def held_refresh(conn: Any, story_id: int, now: str) -> None:
        refresh(conn, story_id, now)
        if threading.current_thread().name == "A":
            inside.set()
            go_on.wait(timeout=60)

    monkeypatch.setattr(filing, "refresh_story", held_refresh)
    body = "\n\n".join(PARAGRAPHS)
    a = threading.Thread(
        target=save, args=(first, "wasat", "https://wasat.ly/news/1", body), name="A"
    )
    b = threading.Thread(
        target=save,
        args=(second, "akhbar", "https://akhbar.ly/1", body + "\n\nالمصدر: بوابة الوسط"),
        name="B",
    )
    a.start()
    assert inside.wait(timeout=60)
    b.start()
    if locked:  # B waits on A's lock: seen by the server, not guessed from a timer
        for _ in range(600):
            waiting = first.scalar(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'advisory'"
            )
            if waiting:
                break
            threading.Event().wait(0.05)
        assert waiting == 1
    else:
        b.join(timeout=60)
    go_on.set()
    a.join(timeout=60)
    b.join(timeout=60)
    stories = first.rows("SELECT DISTINCT story_id FROM articles")
    assert first.scalar("SELECT count(*) FROM articles") == 2
    assert len(stories) == (1 if locked else 2)
    first.close()
    second.close()


def test_nul_characters_in_a_page_never_stop_the_run(store: Store) -> None:
    body = "\n\n".join(PARAGRAPHS).replace("الصحة", "الص\x00حة")
    assert save(store, "wasat", "https://wasat.ly/nul", body, "عنوان\x00 خبر") == NEW
    headline, stored = one(store, "SELECT headline, body FROM articles")
    assert "حة" in stored
    assert headline.replace("\x00", "") == "عنوان خبر"
