"""Canonical URLs: one key per article address, never two addresses merged."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.urls import (
    amp_twin_candidates,
    canonical_url,
    is_amp_url,
    non_amp_url,
    resolve_canonical,
    same_site,
)

SLUG = "خبر-عاجل"
SLUG_ENCODED = "%D8%AE%D8%A8%D8%B1-%D8%B9%D8%A7%D8%AC%D9%84"


@pytest.mark.parametrize(
    "tracked",
    [
        "https://alwasat.ly/news/1?utm_source=facebook&utm_medium=social&utm_campaign=x",
        "https://alwasat.ly/news/1?fbclid=IwAR0abc",
        "https://alwasat.ly/news/1?gclid=abc&mc_cid=1&mc_eid=2&_ga=3&igshid=4&ref=home",
        "https://alwasat.ly/news/1?UTM_Source=x#comments",
    ],
)
def test_tracking_parameters_and_fragments_are_dropped(tracked: str) -> None:
    assert canonical_url(tracked) == "https://alwasat.ly/news/1"


def test_remaining_query_is_sorted_and_kept() -> None:
    url = "https://libyaobserver.ly/search?q=oil&page=2&utm_source=x&cat=5"
    assert canonical_url(url) == "https://libyaobserver.ly/search?cat=5&page=2&q=oil"


def test_repeated_parameters_keep_their_order() -> None:
    assert canonical_url("https://x.ly/?tag=b&id=1&tag=a") == "https://x.ly/?id=1&tag=b&tag=a"


def test_scheme_host_and_default_port_are_normalised() -> None:
    assert canonical_url("HTTPS://WWW.Alwasat.LY:443/News") == "https://www.alwasat.ly/News"
    assert canonical_url("http://alwasat.ly:80/a") == "http://alwasat.ly/a"
    assert canonical_url("https://alwasat.ly:8443/a") == "https://alwasat.ly:8443/a"


def test_http_and_https_stay_different() -> None:
    assert canonical_url("http://alwasat.ly/a") != canonical_url("https://alwasat.ly/a")


def test_path_case_and_trailing_slash_are_kept() -> None:
    assert canonical_url("https://x.ly/News/A") == "https://x.ly/News/A"
    assert canonical_url("https://x.ly/a/") != canonical_url("https://x.ly/a")


def test_double_slashes_and_dot_segments_collapse() -> None:
    assert canonical_url("https://x.ly//news///2026/./11/../12/a") == "https://x.ly/news/2026/12/a"
    assert canonical_url("https://x.ly") == "https://x.ly/"


def test_arabic_slugs_are_encoded_the_same_whichever_way_they_arrive() -> None:
    raw = canonical_url(f"https://alwasat.ly/news/{SLUG}")
    lower = canonical_url(f"https://alwasat.ly/news/{SLUG_ENCODED.lower()}")
    upper = canonical_url(f"https://alwasat.ly/news/{SLUG_ENCODED}")
    assert raw == lower == upper == f"https://alwasat.ly/news/{SLUG_ENCODED}"


def test_arabic_query_values_are_encoded_consistently() -> None:
    assert canonical_url("https://x.ly/?q=ليبيا") == canonical_url(
        "https://x.ly/?q=%d9%84%d9%8a%d8%a8%d9%8a%d8%a7"
    )


def test_unreserved_escapes_are_decoded_reserved_ones_kept() -> None:
    assert canonical_url("https://x.ly/%7Euser/%41b%2fc") == "https://x.ly/~user/Ab%2Fc"
    assert canonical_url("https://x.ly/100%/a b") == "https://x.ly/100%25/a%20b"


def test_idn_hosts_are_punycode() -> None:
    assert canonical_url("https://ليبيا.ly/a") == canonical_url(
        "https://LIBYA.ly/a".replace("LIBYA", "ليبيا")
    )
    assert canonical_url("https://ليبيا.ly/a").startswith("https://xn--")


def test_relative_urls_resolve_against_base() -> None:
    assert canonical_url("../b/?utm_source=x", base="https://x.ly/a/c/") == "https://x.ly/a/b/"
    assert canonical_url("/news/1", base="https://x.ly/a") == "https://x.ly/news/1"


def test_hashbang_routes_are_kept() -> None:
    assert canonical_url("https://x.ly/#!/story/5") == "https://x.ly/#!/story/5"


@pytest.mark.parametrize(
    "garbage",
    [
        "",
        "   ",
        "garbage",
        "http://",
        "http:///",
        "https://[::1",
        "https://x.ly:abc/",
        "mailto:a@b",
        "javascript:alert(1)",
        "\x00\x01",
        "https://x.ly:99999/",
    ],
)
def test_garbage_never_raises(garbage: str) -> None:
    assert isinstance(canonical_url(garbage), str)
    assert isinstance(is_amp_url(garbage), bool)
    assert isinstance(amp_twin_candidates(garbage), list)
    assert isinstance(same_site(garbage, "https://x.ly/"), bool)
    assert isinstance(resolve_canonical("https://x.ly/a", garbage), str)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_never_raises(text: str) -> None:
    canonical_url(text)
    canonical_url(text, base="https://x.ly/a/")
    non_amp_url(text)
    amp_twin_candidates(text)
    same_site(text, text)
    resolve_canonical("https://x.ly/a", text)


URL_PARTS = st.text(alphabet=st.sampled_from("aZ09-._~%/?&=#:@+ ليبا"), max_size=30)


@settings(max_examples=300, deadline=None)
@given(URL_PARTS)
def test_canonical_url_is_idempotent(tail: str) -> None:
    once = canonical_url("https://Example.ly/" + tail)
    assert canonical_url(once) == once


@pytest.mark.parametrize(
    ("amp", "regular"),
    [
        ("https://alwasat.ly/news/libya/1/amp/", "https://alwasat.ly/news/libya/1/"),
        ("https://libyaobserver.ly/news/x/amp", "https://libyaobserver.ly/news/x"),
        ("https://alwasat.ly/news/1?amp=1&id=3", "https://alwasat.ly/news/1?id=3"),
        ("https://alwasat.ly/news/1?amp", "https://alwasat.ly/news/1"),
        ("https://amp.alwasat.ly/news/1", "https://alwasat.ly/news/1"),
        ("https://x.ly/a.amp.html", "https://x.ly/a.html"),
        (
            "https://www-alwasat-ly.cdn.ampproject.org/c/s/www.alwasat.ly/news/1/amp/",
            "https://www.alwasat.ly/news/1/",
        ),
    ],
)
def test_amp_urls_map_to_their_regular_page(amp: str, regular: str) -> None:
    assert is_amp_url(amp)
    assert non_amp_url(amp) == regular


@pytest.mark.parametrize(
    "url",
    ["https://x.ly/news/1", "https://x.ly/ampere/1", "https://m.x.ly/a", "https://x.ly/?amp=0"],
)
def test_regular_urls_are_not_amp(url: str) -> None:
    assert not is_amp_url(url)
    assert non_amp_url(url) is None


def test_twin_candidates_cover_amp_mobile_and_www() -> None:
    twins = amp_twin_candidates("https://www.alwasat.ly/news/1/amp/")
    assert "https://www.alwasat.ly/news/1/" in twins
    assert "https://m.alwasat.ly/news/1/" in twins
    assert "https://alwasat.ly/news/1/" in twins
    assert "https://www.alwasat.ly/news/1/amp/" not in twins
    regular_twins = amp_twin_candidates("https://alwasat.ly/news/1/")
    assert "https://alwasat.ly/news/1/amp/" in regular_twins
    assert "https://alwasat.ly/news/1/?amp=1" in regular_twins
    assert "https://www.alwasat.ly/news/1/" in regular_twins


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("https://www.alwasat.ly/a", "https://alwasat.ly/b", True),
        ("https://m.alwasat.ly/a", "http://www.alwasat.ly/b", True),
        ("https://news.alwasat.com.ly/a", "https://alwasat.com.ly/b", True),
        ("https://alwasat.com.ly/a", "https://libyaobserver.com.ly/b", False),
        ("https://alwasat.ly/a", "https://libyaakhbar.com/b", False),
        ("https://a.blogspot.com/", "https://b.blogspot.com/", False),
        ("https://ليبيا.ly/", "https://www.ليبيا.ly/x", True),
        (
            "https://www-alwasat-ly.cdn.ampproject.org/c/s/www.alwasat.ly/1",
            "https://alwasat.ly/",
            True,
        ),
    ],
)
def test_same_site(a: str, b: str, same: bool) -> None:
    assert same_site(a, b) is same
    assert same_site(b, a) is same


def test_declared_canonical_is_honoured_on_the_same_site_only() -> None:
    page = "https://m.alwasat.ly/news/1?utm_source=x"
    assert (
        resolve_canonical(page, "https://www.alwasat.ly/news/1") == "https://www.alwasat.ly/news/1"
    )
    assert resolve_canonical(page, "/news/1/") == "https://m.alwasat.ly/news/1/"
    aggregator = "https://libyaakhbar.com/libya/123.html"
    assert resolve_canonical(aggregator, "https://alsaaa24.ly/story") == aggregator


def test_declared_canonical_pointing_at_the_front_page_is_ignored() -> None:
    page = "https://alwasat.ly/news/1"
    assert resolve_canonical(page, "https://alwasat.ly/") == page
    assert resolve_canonical(page, None) == page
    assert resolve_canonical(page, "  ") == page
    assert resolve_canonical(page, "javascript:void(0)") == page
