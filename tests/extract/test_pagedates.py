"""Dates read off the page: under the headline, near it, htmldate's day, and whose they are.

Small pages in the styles of WordPress (Gutenberg embeds, Jetpack related posts), Joomla
(modules, K2), Drupal (embedded entities, views blocks) and custom Arabic CMSs.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import htmldate
import pytest

from ingest.extract import metadata, pagedates

NOW = datetime(2026, 11, 29, 9, 40, tzinfo=timezone.utc)
TZ = "Africa/Tripoli"
TEXT = "<p>" + "Die Landesregierung hat am Dienstag neue Regeln beschlossen. " * 6 + "</p>"
ARABIC = (
    "<p>"
    + "أعلنت الحكومة عن خطة جديدة لإعادة تأهيل محطات الكهرباء في المنطقة الغربية. " * 4
    + "</p>"
)
TWEET = (
    '<blockquote class="twitter-tweet"><p lang="ar" dir="rtl">بدء أعمال الصيانة</p>'
    "&mdash; حكومة الوحدة (@GNU_Libya) "
    '<a href="https://twitter.com/GNU_Libya/status/1268912">June 5, 2020</a></blockquote>'
)
INSTAGRAM = (
    '<blockquote class="instagram-media"><div><a href="https://www.instagram.com/p/Cx1/">'
    'View this post</a><p><time datetime="2023-01-04T10:12:00+00:00">Jan 4, 2023</time></p>'
    "</div></blockquote>"
)


def tree_of(body: str, head: str = "") -> Any:
    """A parsed page."""
    return metadata.parse_html_tree(f"<html><head>{head}</head><body>{body}</body></html>")


def test_header_date_is_the_date_under_the_headline() -> None:
    tree = tree_of(
        "<nav><a>12.01.2020 Archiv</a></nav><h1>Neue Regeln für Windkraft</h1>"
        "<p class='byline'>Von Anna Muster, 07.12.2022, 10:15 Uhr</p>" + TEXT
    )
    found = pagedates.header_date(tree, "Neue Regeln für Windkraft", "Europe/Berlin", NOW)
    assert found is not None
    assert found.when == datetime(2022, 12, 7, 9, 15, tzinfo=timezone.utc)
    assert (found.local, found.precision) == ("2022-12-07T10:15:00+01:00", "minute")


def test_header_date_ignores_dates_in_running_text_and_pages_without_h1() -> None:
    # Past the first 100 characters, a date inside running text is the lede's.
    lede = (
        "<p>" + "Die Regierung beriet lange. " * 8 + "Laut der am 28.01.2022 erschienenen Studie "
    )
    lede += "wächst der Bedarf. " * 8 + "</p>"
    tree = tree_of("<h1>Neue Regeln</h1>" + lede)
    assert pagedates.header_date(tree, "Neue Regeln", "Europe/Berlin", NOW) is None
    assert pagedates.header_date(tree_of(TEXT), None, "Europe/Berlin", NOW) is None


def test_htmldate_day_reads_markup_and_survives_junk() -> None:
    tree = tree_of(TEXT, '<meta property="article:published_time" content="2024-03-10T08:15:00Z">')
    assert pagedates.htmldate_day(tree, "https://example.de/a", extensive=False) == "2024-03-10"
    assert pagedates.htmldate_day(tree_of("<p>\x00\x01</p>"), "not a url", extensive=True) is None


def test_htmldate_does_not_take_a_comment_date() -> None:
    comment = (
        '<div class="comment-meta"><abbr class="date" title="2018-09-11T10:57:27Z">'
        "Le 11 septembre 2018 à 12:57</abbr></div>"
    )
    tree = tree_of("<h2>Deux ans et demi</h2>" + TEXT + comment)
    threads = metadata.read_page(tree).comment_threads
    url = "https://example.fr/article/x"
    assert pagedates.htmldate_day(tree, url, extensive=False) == "2018-09-11"
    assert pagedates.htmldate_day(tree, url, extensive=False, comments=threads) is None
    assert tree.xpath("//abbr")  # the page itself is left whole for the other readers


# --- whose date: FOREIGN_AREAS ------------------------------------------------------------------


def test_an_embedded_tweet_under_the_headline_is_not_the_header_date() -> None:
    # Drupal: the tweet opens the body, the byline with the article's date follows it
    tree = tree_of(
        '<article class="node node--type-article"><h1>Power plan for the west</h1>'
        f'<div class="field--name-body"><div class="embedded-entity">{TWEET}</div></div>'
        '<div class="field--name-created">Published 15 March 2021</div>' + TEXT + "</article>"
    )
    found = pagedates.header_date(tree, "Power plan for the west", TZ, NOW)
    assert found is not None
    assert found.local == "2021-03-15"
    page = metadata.read_page(tree)  # the same with the page's index
    assert pagedates.header_date(tree, "Power plan for the west", TZ, NOW, page.index) == found


def test_an_embedded_tweet_in_the_article_box_is_not_the_date_near_the_headline() -> None:
    # a custom Arabic CMS: no date area, the tweet's date link is a short element
    headline = "خطة لإعادة تأهيل محطات الكهرباء"
    quoted = (
        '<blockquote><p>نص</p><a href="https://x.com/abc/status/99">5 يونيو 2020</a></blockquote>'
    )
    tree = tree_of(
        f'<div class="news-details"><div><h1>{headline}</h1>{ARABIC}{quoted}</div></div>'
    )
    assert pagedates.near_headline_date(tree, headline, TZ, NOW) is None
    dated = tree_of(
        f'<div class="news-details"><div><h1>{headline}</h1><span class="text-xs">'
        f"أمس الساعة 10:30 مساءً</span>{ARABIC}{quoted}</div></div>"
    )
    found = pagedates.near_headline_date(dated, headline, TZ, NOW)
    assert found is not None
    assert found.local == "2026-11-28T22:30:00+02:00"
    index = metadata.read_page(dated).index
    assert pagedates.near_headline_date(dated, headline, TZ, NOW, index) == found


def test_htmldate_does_not_read_embeds_or_lists_of_other_posts() -> None:
    related = (
        '<div class="jp-relatedposts"><h4><a href="/a">محطة الزاوية تعود للعمل</a></h4>'
        '<time datetime="2024-02-01T09:00:00+00:00">1 فبراير 2024</time></div>'
    )
    tree = tree_of(f"<article><h1>خطة الكهرباء</h1>{ARABIC}{INSTAGRAM}{related}</article>")
    assert pagedates.htmldate_day(tree, "https://example.ly/plan/", extensive=False) is None
    assert tree.xpath("//blockquote") and tree.xpath("//time")  # put back afterwards


def test_htmldate_s_first_of_the_month_needs_the_day_written_out() -> None:
    month_only = tree_of(f"<h1>Der Tag</h1>{TEXT}<p>Ausgabe 09/2010</p>")
    assert pagedates.htmldate_day(month_only, "https://example.de/a", extensive=True) is None
    written = tree_of(f"<h1>Der Tag</h1><p>01.02.2022</p>{TEXT}")
    assert pagedates.htmldate_day(written, "https://example.de/a", extensive=True) == "2022-02-01"


def test_htmldate_s_text_search_waits_until_asked_and_reads_the_page_as_it_was(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    masthead = '<div class="header"><span id="uhr">Donnerstag, 16. Februar 2012</span></div>'
    box = '<div class="boxHeader"><span>14. Februar 2012</span></div>'
    tree = tree_of(masthead + "<h1>Landtag beschließt Haushalt</h1>" + box + TEXT)
    bars = metadata.today_bars(tree)
    searches: list[bool] = []

    def counted(*args: Any, **kwargs: Any) -> str | None:
        searches.append(kwargs["extensive_search"])
        return htmldate.find_date(*args, **kwargs)

    monkeypatch.setattr(pagedates, "find_date", counted)
    read = pagedates.htmldate_later(tree, "https://example.it/x", extensive=True, comments=bars)
    assert searches == [False]  # the markup now, the text when asked
    for box_element in tree.xpath("//div"):
        box_element.drop_tree()  # as the main text prunes the page meanwhile
    # the box's date, read in the page as it was, the masthead's clock still hidden
    assert read() == "2012-02-14"
    assert searches == [False, True]


def test_a_masthead_clock_does_not_date_the_article_but_a_topline_by_the_headline_does() -> None:
    masthead = '<div class="header"><span id="uhr">Donnerstag, 16. Februar 2012</span></div>'
    box = '<div class="boxHeader"><span>14. Februar 2012</span></div>'
    tree = tree_of(masthead + "<h1>Landtag beschließt Haushalt</h1>" + box + TEXT)
    page = metadata.read_page(tree)
    url = "https://example.it/Artikel/x"
    bars = page.comment_threads + metadata.today_bars(tree)
    assert metadata.today_bars(tree, page.index) == metadata.today_bars(tree) != []
    assert pagedates.htmldate_day(tree, url, extensive=True, comments=bars) == "2012-02-14"
    assert tree.xpath('//span[@id="uhr"]')  # put back for the other readers
    # A German CMS's "topline" kicker beside the <h1> carries the article's own date.
    topline = (
        '<div class="headline"><p class="topline"><span class="date">24.01.2022</span>'
        " - Meldung</p><h1>Förderung für Gebäude</h1></div>"
    )
    assert metadata.today_bars(tree_of(topline + TEXT)) == []
