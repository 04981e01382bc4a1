"""Days named by an article's address, and ids and impossible dates that are not days."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.extract.urldate import url_day

TODAY = date(2026, 11, 29)


@pytest.mark.parametrize(
    ("url", "day"),
    [
        ("https://www.libyaherald.com/2013/12/17/gnc-extends-mandate/", date(2013, 12, 17)),
        ("https://www.aljazeera.net/news/2017/7/12/slug", date(2017, 7, 12)),
        ("https://example.ly/2013-12-17-slug", date(2013, 12, 17)),
        ("https://example.com/news/12/17/2013/slug/", date(2013, 12, 17)),  # US m/d/y
        ("https://example.com/news/17/12/2013/slug/", date(2013, 12, 17)),  # day first
        ("https://example.ly/news/20131216/slug", date(2013, 12, 16)),
        ("https://example.ly/news/a-20131216-b.html", date(2013, 12, 16)),
        ("https://example.com/Feb/29/2012/leap/", date(2012, 2, 29)),
        ("https://www.theguardian.com/world/2012/feb/29/libya-x", date(2012, 2, 29)),
        ("https://www.theguardian.com/world/2011/sept/9/libya-x", date(2011, 9, 9)),
        ("https://example.ly/2013/12/17", date(2013, 12, 17)),
    ],
)
def test_dated_addresses(url: str, day: date) -> None:
    assert url_day(url, TODAY) == day


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/Feb/29/2013/not-leap/",  # 2013 is not a leap year
        "https://example.ly/2013/13/17/slug",  # month 13
        "https://example.ly/news/20131399/slug",  # day 99
        "https://example.ly/news/201312161234/slug",  # digits run on: an id
        "https://example.ly/news/820131216/slug",
        "https://example.ly/article.php?id=20131216",  # the query is never read
        "https://example.ly/2030/01/01/future",  # after next year
        "https://example.ly/1985/01/01/old",  # before MIN_YEAR
        "https://example.com/2012/decision/29/x",  # a word starting like a month
        "https://example.ly/news/libya/521791",
        "http://[::1",  # not an address
    ],
)
def test_what_is_not_a_day(url: str) -> None:
    assert url_day(url, TODAY) is None


@given(st.text(max_size=80))
def test_any_address_gives_a_real_day_or_none(path: str) -> None:
    found = url_day("https://example.ly/" + path, TODAY)
    assert found is None or 1990 <= found.year <= 2027
