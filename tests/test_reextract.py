"""Re-extraction of stored pages: records are rebuilt as of the fetch, not as of today."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest.clock import parse_iso
from ingest.extract import extract_article
from ingest.models import Candidate, Config, Page, Source
from ingest.reextract import reextract
from ingest.store import Store
from ingest.writer import prepare

SOURCE = Source(id="akhbar", name="ليبيا الان", homepage="https://www.libyaakhbar.com/")
URL = "https://www.libyaakhbar.com/libya-news/2794437.html"
FETCHED_AT = "2026-11-20T10:00:00Z"  # a week before the re-extraction runs
PARAGRAPH = (
    "أعلنت المؤسسة الوطنية للنفط استئناف الإنتاج في حقل الشرارة بعد توقف دام أسبوعين، "
    "وقالت في بيان إن فرقها الفنية أنهت أعمال الصيانة اللازمة في الحقل. "
)
HTML = (
    '<html lang="ar"><head><meta charset="utf-8"><title>استئناف الإنتاج في حقل الشرارة</title>'
    '</head><body><article><h1 class="entry-title">استئناف الإنتاج في حقل الشرارة</h1>'
    '<div class="post-meta"><span class="date">تم النشر منذُ  ساعتين</span></div>'
    + "".join(f"<p>{PARAGRAPH}({i})</p>" for i in range(4))
    + "</article></body></html>"
)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store(tmp_path / "ingest.db")
    yield opened
    opened.close()


def test_relative_dates_and_feed_only_fields_survive_reextraction(store: Store) -> None:
    cand = Candidate(
        source=SOURCE.id,
        url=URL,
        method="feed",
        found_on="https://www.libyaakhbar.com/feed",
        modified_at="2026-11-20T09:30:00Z",  # only the feed says when the item changed
    )
    page = Page(
        url=URL,
        requested_url=URL,
        status=200,
        headers={"content-type": "text/html; charset=utf-8"},
        content=HTML.encode(),
        text=HTML,
        encoding="utf-8",
        fetched_at=FETCHED_AT,
    )
    article = extract_article(HTML, URL, SOURCE, candidate=cand, now=parse_iso(FETCHED_AT))
    assert (article.published_at, article.modified_at) == (
        "2026-11-20T08:00:00Z",
        "2026-11-20T09:30:00Z",
    )
    store.file_article(prepare(SOURCE.id, cand, page, article))
    query = "SELECT published_at, modified_at, extraction_method FROM articles"
    before = store.row(query)
    counts = reextract(store, Config(path="sources.yaml", sources=(SOURCE,)))
    assert counts["unchanged"] == 1 and counts["changed"] == 0
    assert store.row(query) == before
