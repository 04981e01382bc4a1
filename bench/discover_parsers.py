"""Speed of the discovery parsers on the largest inputs they must take, against baselines.

Run: ``.venv/bin/python bench/discover_parsers.py``. Inputs are generated here:

- a 50,000-URL sitemap (the protocol's maximum), Arabic-slug URLs with ``lastmod``;
  baseline: the standard library's ``xml.etree.ElementTree.iterparse`` reading only the
  ``<loc>`` texts (no candidates, no dates), which is the least any parser must do;
- a 50-item WordPress RSS 2.0 feed with ``content:encoded`` (what a WordPress site serves);
  baseline: ``feedparser.parse`` alone, without our candidate building;
- a listing page with 2,000 article links and 2,000 off-site links, 500 kept;
  baseline: BeautifulSoup parse + ``select`` alone.

Each figure is the median of REPEATS runs, in milliseconds.
"""

from __future__ import annotations

import io
import statistics
import sys
import time
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import feedparser
from bs4 import BeautifulSoup

from ingest.discover.feeds import parse_feed
from ingest.discover.listing import parse_listing
from ingest.discover.sitemaps import parse_sitemap

REPEATS = 5
SLUG = "%d8%a7%d9%84%d9%85%d9%86%d9%81%d9%8a-%d9%8a%d8%b3%d8%aa%d9%82%d8%a8%d9%84"


def make_sitemap(count: int) -> bytes:
    """A urlset of ``count`` WordPress-style Arabic-slug URLs."""
    rows = "".join(
        f"<url><loc>https://almarsad.co/2026/06/16/{SLUG}-{i}/</loc>"
        f"<lastmod>2026-06-16T09:{i % 60:02d}:44+00:00</lastmod></url>"
        for i in range(count)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' + rows + "</urlset>"
    ).encode()


def make_feed(count: int) -> bytes:
    """A WordPress RSS 2.0 feed of ``count`` items with content:encoded."""
    body = "<p>" + "استقبل رئيس المجلس الرئاسي سفير إيطاليا لدى ليبيا. " * 40 + "</p>"
    items = "".join(
        f"<item><title>خبر رقم {i}</title><link>https://almarsad.co/2026/06/16/{SLUG}-{i}/</link>"
        f"<dc:creator><![CDATA[المرصد]]></dc:creator>"
        f"<pubDate>Tue, 16 Jun 2026 09:12:44 +0000</pubDate>"
        f'<guid isPermaLink="false">https://almarsad.co/?p={i}</guid>'
        f"<description><![CDATA[{body[:300]}]]></description>"
        f"<content:encoded><![CDATA[{body}]]></content:encoded></item>"
        for i in range(count)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>المرصد</title>'
        "<link>https://almarsad.co</link><language>ar</language>" + items + "</channel></rss>"
    ).encode()


def make_listing(count: int) -> str:
    """A section page with ``count`` article links and as many off-site ones."""
    rows = "".join(
        f'<li><h2><a href="/news/libya/{i}">خبر رقم {i}</a></h2>'
        f'<a href="https://www.facebook.com/sharer.php?u={i}">شارك</a></li>'
        for i in range(count)
    )
    return f'<html><head><meta charset="utf-8"></head><body><ul>{rows}</ul></body></html>'


def median_ms(func: Callable[[], object]) -> float:
    """Median wall time of REPEATS calls, in milliseconds."""
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        func()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def etree_locs(content: bytes) -> list[str]:
    """Baseline: the <loc> texts with the standard library's iterparse."""
    return [
        element.text or ""
        for _, element in ET.iterparse(io.BytesIO(content))
        if element.tag.endswith("loc")
    ]


def soup_select(html: str) -> int:
    """Baseline: parse and select, nothing else."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return len(BeautifulSoup(html, "lxml").select("h2 a, li a"))


def main() -> None:
    sitemap = make_sitemap(50_000)
    feed = make_feed(50)
    listing = make_listing(2_000)
    rows = [
        (
            "sitemap 50k URLs",
            median_ms(lambda: parse_sitemap(sitemap, source="x", sitemap_url="https://x.ly/s")),
            "ElementTree iterparse, locs only",
            median_ms(lambda: etree_locs(sitemap)),
        ),
        (
            "WordPress feed 50 items",
            median_ms(lambda: parse_feed(feed, source="x", feed_url="https://x.ly/feed/")),
            "feedparser.parse alone",
            median_ms(lambda: feedparser.parse(feed)),
        ),
        (
            "listing 4k links, 500 kept",
            median_ms(
                lambda: parse_listing(
                    listing, source="x", page_url="https://x.ly/s", links_css="h2 a, li a"
                )
            ),
            "BeautifulSoup + select alone",
            median_ms(lambda: soup_select(listing)),
        ),
    ]
    print(f"{'input':<28} {'ours ms':>9}  {'baseline':<34} {'base ms':>9} {'ratio':>6}")
    for name, ours, baseline, base in rows:
        print(f"{name:<28} {ours:>9.1f}  {baseline:<34} {base:>9.1f} {ours / base:>6.2f}")
    print(f"\nsitemap: {len(sitemap) / 1e6:.1f} MB; feed: {len(feed) / 1e3:.0f} KB")


if __name__ == "__main__":
    main()
