"""Store.search on both engines: the same query language finds the same stories."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ingest.models import Article, Candidate
from ingest.store import Store
from ingest.writer import prepare

ARTICLES = {
    # url: (source, published_at, headline, body, original_source)
    "https://wasat.ly/1": (
        "wasat",
        "2026-12-01T08:00:00Z",
        "انقطاع الكهرباء في طرابلس",
        "أعلنت الشركة العامة للكهرباء عن انقطاع التيار في أحياء من طرابلس بسبب أعمال صيانة"
        " في محطة غرب طرابلس، وقال المجلس الرئاسي إنه يتابع الوضع مع الشركة.",
        None,
    ),
    "https://akhbar.ly/1": (
        "akhbar",
        "2026-12-01T09:00:00Z",
        "انقطاع الكهرباء في طرابلس",
        "أعلنت الشركة العامة للكهرباء عن انقطاع التيار في أحياء من طرابلس بسبب أعمال صيانة"
        " في محطة غرب طرابلس، وقال المجلس الرئاسي إنه يتابع الوضع مع الشركة.",
        "بوابة الوسط",
    ),
    "https://lana.ly/2": (
        "lana",
        "2026-12-03T08:00:00Z",
        "بنغازي تستعد لموسم الأمطار",
        "بدأت بلدية بنغازي صيانة شبكات تصريف مياه الأمطار وبالكهرباء وفرت مولدات احتياطية"
        " للمضخات قبل موسم الشتاء، في إطار خطة البلدية.",
        None,
    ),
    "https://observer.ly/3": (
        "observer",
        "2026-12-04T08:00:00Z",
        "Oil output rises at Sharara",
        "The National Oil Corporation said output at the Sharara field rose after repairs to"
        " the pipeline, and electricity supply to the field was restored.",
        None,
    ),
}


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    opened = Store(db_url)
    for url, (source, published, headline, body, original) in ARTICLES.items():
        cand = Candidate(source=source, url=url, method="feed", found_on="https://x.ly/rss")
        article = Article(
            url=url,
            headline=headline,
            body=body,
            published_at=published,
            original_source=original,
        )
        opened.file_article(prepare(source, cand, None, article))
    yield opened
    opened.close()


def urls(store: Store, query: str, **options: object) -> set[str]:
    return {hit.url for hit in store.search(query, **options)}  # type: ignore[arg-type]


def test_a_word_finds_its_clitic_forms_one_line_per_story(store: Store) -> None:
    # الكهرباء، للكهرباء، وبالكهرباء: one stem; the copy is folded into its original.
    assert urls(store, "كهرباء") == {"https://wasat.ly/1", "https://lana.ly/2"}
    (hit,) = [h for h in store.search("كهرباء") if h.source == "wasat"]
    assert hit.copies == 2
    assert hit.copy_sources == ("wasat", "akhbar")
    assert len(store.search("كهرباء", all_copies=True)) == 3


def test_phrases_prefixes_or_and_exclusions(store: Store) -> None:
    assert urls(store, '"المجلس الرئاسي"') == {"https://wasat.ly/1"}
    assert urls(store, '"الرئاسي المجلس"') == set()
    assert urls(store, "بنغا*") == {"https://lana.ly/2"}
    assert urls(store, "بنغازي OR Sharara") == {"https://lana.ly/2", "https://observer.ly/3"}
    assert urls(store, "كهرباء -بنغازي") == {"https://wasat.ly/1"}
    assert urls(store, "كهرباء NOT بنغازي") == {"https://wasat.ly/1"}
    assert urls(store, "electricity") == {"https://observer.ly/3"}  # English stems
    assert urls(store, "") == set()
    assert urls(store, "-كهرباء") == set()


def test_filters_and_order(store: Store) -> None:
    assert urls(store, "كهرباء", sources=["lana"]) == {"https://lana.ly/2"}
    assert urls(store, "كهرباء", since="2026-12-02T00:00:00Z") == {"https://lana.ly/2"}
    # A headline word outranks the same word in a body.
    first = store.search("طرابلس")[0]
    assert first.url == "https://wasat.ly/1"
    assert len(store.search("كهرباء", limit=1)) == 1


def test_an_endless_body_is_stored_and_its_start_found(db_url: str) -> None:
    words = " ".join(f"كلمة{i} فيضانات" for i in range(300_000))  # about 5 MB of text
    cand = Candidate(source="wasat", url="https://wasat.ly/long", method="feed", found_on="f")
    article = Article(url=cand.url, headline="فيضانات درنة", body="مرزق " + words)
    with Store(db_url) as store:
        store.file_article(prepare("wasat", cand, None, article))
        assert urls(store, "مرزق") == {"https://wasat.ly/long"}
