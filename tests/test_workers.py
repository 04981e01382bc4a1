"""Extraction off the event loop, in threads or worker processes."""

from __future__ import annotations

import asyncio

import pytest

from ingest import workers
from ingest.models import Candidate, Source

PAGE = """<html lang="ar"><head><title>وزارة الصحة تطلق حملة تطعيم - بوابة الوسط</title></head>
<body><article><h1>وزارة الصحة تطلق حملة تطعيم</h1>
<p>أعلنت وزارة الصحة اليوم عن إطلاق حملة وطنية للتطعيم ضد شلل الأطفال في المدن الليبية.</p>
<p>وقال مدير المركز الوطني لمكافحة الأمراض إن الحملة تستهدف أكثر من مليون طفل.</p>
</article></body></html>"""
SOURCE = Source(id="wasat", name="بوابة الوسط", homepage="https://alwasat.ly/")
CAND = Candidate("wasat", "https://alwasat.ly/news/libya/1", "feed", "https://alwasat.ly/rss")


@pytest.mark.parametrize("count", [1, 2])
def test_threads_and_processes_give_the_same_record(
    count: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workers, "PROCESS_POOL_AFTER", 0)

    async def run() -> list[str | None]:
        extractor = workers.Extractor(count)
        try:
            jobs = [extractor.extract(PAGE, CAND.url, SOURCE, CAND) for _ in range(3)]
            return [article.headline for article in await asyncio.gather(*jobs)]
        finally:
            extractor.close()

    assert asyncio.run(run()) == ["وزارة الصحة تطلق حملة تطعيم"] * 3
