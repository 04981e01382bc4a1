"""Feed identity: GUIDs with a fallback, and same-outlet titles in a time window."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ingest import identity
from ingest.models import Article, Candidate, Source
from ingest.store import Store
from ingest.writer import prepare

SOURCE = Source(id="marsad", name="المرصد", homepage="https://almarsad.co/")
BODY = " ".join(["كلمة"] * 10)


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    opened = Store(db_url)
    yield opened
    opened.close()


def cand(
    url: str, guid: str | None = None, title: str | None = None, at: str | None = None
) -> Candidate:
    return Candidate(
        "marsad", url, "feed", "https://almarsad.co/feed/", guid=guid, title=title, published_at=at
    )


def stored(store: Store, url: str, guid: str, headline: str, at: str) -> None:
    article = Article(url=url, headline=headline, body=f"{headline} {BODY}", published_at=at)
    store.file_article(prepare(SOURCE.id, cand(url, guid), None, article))


def test_guid_problems() -> None:
    assert identity.guid_problem([cand("a", "1"), cand("b", "2")]) is None
    assert identity.guid_problem([cand("a", "1"), cand("b")]) == "missing"
    assert identity.guid_problem([cand("a", "1"), cand("b", "1")]) == "repeated"


def test_a_renamed_url_with_the_same_guid_is_the_same_article(store: Store) -> None:
    stored(
        store,
        "https://almarsad.co/2026/11/29/old-slug/",
        "https://almarsad.co/?p=7",
        "عنوان الخبر الأول",
        "2026-11-29T08:00:00Z",
    )
    new = cand("https://almarsad.co/2026/11/29/new-slug/", "https://almarsad.co/?p=7")
    assert identity.known_article(store, new, use_guid=True) is not None
    assert identity.known_article(store, new, use_guid=False) is None


def test_regenerated_guids_are_caught(store: Store) -> None:
    url = "https://almarsad.co/2026/11/29/slug/"
    stored(store, url, "guid-1", "عنوان الخبر الأول", "2026-11-29T08:00:00Z")
    assert not identity.guids_regenerated(store, "marsad", [cand(url, "guid-1")])
    assert identity.guids_regenerated(store, "marsad", [cand(url, "guid-2")])


def test_same_title_is_the_same_article_only_within_hours(store: Store) -> None:
    stored(
        store,
        "https://almarsad.co/a/",
        "g1",
        "عاجل | أسعار صرف العملات في السوق الموازية اليوم",
        "2026-11-28T08:00:00Z",
    )
    soon = cand(
        "https://almarsad.co/b/",
        "g2",
        "أسعار صرف العملات في السوق الموازية اليوم",
        "2026-11-28T10:00:00Z",
    )
    next_day = cand(
        "https://almarsad.co/c/",
        "g3",
        "أسعار صرف العملات في السوق الموازية اليوم",
        "2026-11-29T08:00:00Z",
    )
    assert identity.known_article(store, soon, use_guid=True) is not None
    assert identity.known_article(store, next_day, use_guid=True) is None


def test_the_pipeline_makes_a_known_article_an_alias_and_learns_unstable_guids(
    store: Store,
) -> None:
    url = "https://almarsad.co/2026/11/29/slug/"
    stored(store, url, "https://almarsad.co/?p=7", "عنوان الخبر الأول", "2026-11-29T08:00:00Z")
    renamed = cand("https://almarsad.co/2026/11/29/renamed/", "https://almarsad.co/?p=7")
    judged = identity.accept_candidates(
        store, SOURCE, [renamed, cand("https://almarsad.co/x/", "p8")]
    )
    assert [c.url for c in judged.fresh] == ["https://almarsad.co/x/"]
    assert judged.guids is None
    assert store.is_known("https://almarsad.co/2026/11/29/renamed/")
    # the feed now sends the stored URL with a new GUID: GUIDs are no longer trusted
    again = cand(url, "regenerated-1")
    other = cand("https://almarsad.co/y/", "https://almarsad.co/?p=7")
    judged = identity.accept_candidates(store, SOURCE, [again, other])
    assert judged.guids == identity.GUIDS_UNSTABLE
    assert [c.url for c in judged.fresh] == ["https://almarsad.co/y/"]


def test_amp_and_mobile_twins_are_the_same_article(store: Store) -> None:
    stored(
        store,
        "https://almarsad.co/2026/11/29/slug/",
        "g1",
        "عنوان الخبر الأول",
        "2026-11-29T08:00:00Z",
    )
    for twin in (
        "https://almarsad.co/2026/11/29/slug/amp/",
        "https://almarsad.co/2026/11/29/slug/?amp=1",
        "https://m.almarsad.co/2026/11/29/slug/",
        "https://www.almarsad.co/2026/11/29/slug/",
    ):
        known = identity.known_article(store, cand(twin), use_guid=False)
        assert known is not None, twin
        assert known[1] == "AMP or mobile twin"
    assert (
        identity.known_article(store, cand("http://almarsad.co/2026/11/29/other/"), use_guid=False)
        is None
    )


def test_a_guid_reused_for_a_new_article_is_not_trusted(store: Store) -> None:
    stored(store, "https://almarsad.co/a/", "p1", "عنوان الخبر الأول", "2026-11-29T08:00:00Z")
    reused = cand("https://almarsad.co/b/", "p1", title="خبر آخر تماما عن موضوع مختلف")
    judged = identity.accept_candidates(store, SOURCE, [reused])
    assert [c.url for c in judged.fresh] == ["https://almarsad.co/b/"]  # fetched, not an alias
    same = cand("https://almarsad.co/c/", "p1", title="عنوان الخبر الأول")
    assert identity.known_article(store, same, use_guid=True) is not None
