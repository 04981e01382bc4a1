"""Listing pages: the article links a section page shows, by the source's CSS selector."""

from __future__ import annotations

import time
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.discover.listing import parse_listing

FIXTURES = Path(__file__).parent / "fixtures"


def read(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_custom_cms_listing_with_base_href_and_next_page() -> None:
    result = parse_listing(
        read("alwasat.ly.section-libya.html").decode("utf-8"),
        source="wasat",
        page_url="https://alwasat.ly/section/libya",
        links_css="div.mainInBlock > a > div.title, ul.h_list > li a",
        next_css="a.next",
    )
    urls = [c.url for c in result.candidates]
    assert urls == [
        "https://alwasat.ly/news/libya/521791",
        "https://alwasat.ly/news/libya/521788",
        "https://alwasat.ly/news/libya/521780",  # fragment removed
        "https://www.alwasat.ly/news/libya/521779",  # www. is the same site
    ]
    titles = [c.title for c in result.candidates]
    assert titles[0] == "المجلس الرئاسي يبحث ملف الانتخابات البلدية"
    assert titles[1] == "مصرف ليبيا المركزي ينشر بيان الإيرادات"  # from the second, text link
    assert titles[2] == "بلدية بنغازي تطلق حملة نظافة"
    assert result.candidates[0].method == "listing"
    assert result.candidates[0].found_on == "https://alwasat.ly/section/libya"
    assert result.next_url == "https://alwasat.ly/section/libya?page=2"
    assert "1 links to other sites were dropped" in result.problems
    assert any("javascript" in p for p in result.problems)


def test_wordpress_listing_title_attribute_and_mailto() -> None:
    result = parse_listing(
        read("www.eanlibya.com.local-news.html"),
        source="eanlibya",
        page_url="https://www.eanlibya.com/local-news/",
        links_css="div.grid-container div.grid-archive > h2 > a, h2.first-post > a",
        next_css="a.next.page-numbers",
    )
    assert len(result.candidates) == 3
    assert result.candidates[0].title == "الدبيبة يفتتح مشروعا للطاقة الشمسية"
    assert result.candidates[2].title is None  # an image-only link has no text
    assert result.next_url == "https://www.eanlibya.com/local-news/page/2/"


def test_windows_1256_bytes_decoded_by_meta_charset() -> None:
    result = parse_listing(
        read("lana.gov.ly.category-8.html"),
        source="lana",
        page_url="https://lana.gov.ly/category.php?lang=ar&id=8",
        links_css="ul.news_titles li > a",
        next_css="div.paging a",
    )
    assert [c.url for c in result.candidates] == [
        "https://lana.gov.ly/post.php?lang=ar&id=365012",
        "https://lana.gov.ly/post.php?lang=ar&id=365010",
        "https://lana.gov.ly/post.php?lang=ar&id=365007",
    ]
    assert result.candidates[0].title == "طرابلس ( وال ) - وزير الصحة يتفقد مستشفى الخضراء"
    assert result.next_url == "https://lana.gov.ly/category.php?lang=ar&id=8&page=2"
    assert result.problems == []


def test_undeclared_windows_1256_is_guessed() -> None:
    body = "<ul><li><a href='/a'>وزير الصحة يتفقد مستشفى الخضراء في طرابلس اليوم</a></li></ul>"
    result = parse_listing(
        body.encode("cp1256"), source="x", page_url="https://x.ly/", links_css="li a"
    )
    assert result.candidates[0].url == "https://x.ly/a"
    assert result.candidates[0].title is not None


def test_thousands_of_links_bounded_and_offsite_dropped() -> None:
    rows = "".join(
        f'<li><a href="/news/{i}">خبر {i}</a></li><li><a href="https://spam.example/{i}">x</a></li>'
        for i in range(5_000)
    )
    started = time.perf_counter()
    result = parse_listing(
        f"<ul>{rows}</ul>",
        source="x",
        page_url="https://x.ly/section",
        links_css="li a",
        max_links=500,
    )
    assert time.perf_counter() - started < 10
    assert len(result.candidates) == 500
    assert any("more than 500" in p for p in result.problems)


def test_allowed_hosts_and_wildcard() -> None:
    page = (
        '<a class="t" href="https://cdn.x.ly/a">A</a><a class="t" href="https://other.ly/b">B</a>'
    )
    result = parse_listing(
        page,
        source="x",
        page_url="https://x.ly/",
        links_css="a.t",
        allowed_hosts=["x.ly", "cdn.x.ly"],
    )
    assert [c.url for c in result.candidates] == ["https://cdn.x.ly/a"]
    result = parse_listing(
        page, source="x", page_url="https://x.ly/", links_css="a.t", allowed_hosts=["*"]
    )
    assert len(result.candidates) == 2


def test_selector_that_matches_nothing_or_is_invalid() -> None:
    result = parse_listing(
        "<p>hi</p>", source="x", page_url="https://x.ly/", links_css="div.gone a"
    )
    assert result.candidates == []
    assert "matched nothing" in result.problems[0]
    result = parse_listing("<p>hi</p>", source="x", page_url="https://x.ly/", links_css="a[[[")
    assert "not valid CSS" in result.problems[0]


def test_javascript_base_href_is_ignored() -> None:
    page = '<base href="javascript:alert(1)//"><h2><a href="/news/1">One</a></h2>'
    result = parse_listing(page, source="x", page_url="https://x.ly/s", links_css="h2 a")
    assert [c.url for c in result.candidates] == ["https://x.ly/news/1"]


def test_next_link_to_the_same_page_is_ignored() -> None:
    page = '<a class="n" href="#">older</a><a class="n" href="https://x.ly/s">same</a>'
    result = parse_listing(
        page, source="x", page_url="https://x.ly/s", links_css="h2 a", next_css="a.n"
    )
    assert result.next_url is None


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=3_000))
def test_random_bytes_never_raise(body: bytes) -> None:
    result = parse_listing(body, source="x", page_url="https://x.ly/", links_css="a", next_css="a")
    assert all(c.url.startswith(("http://", "https://")) for c in result.candidates)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_random_hrefs_never_raise(href: str) -> None:
    page = '<a href="' + href.replace('"', "") + '">t</a>'
    result = parse_listing(page, source="x", page_url="https://x.ly/", links_css="a")
    assert all(c.url.startswith(("http://", "https://")) for c in result.candidates)
