"""Publication dates: the header date, htmldate's day and the choice between candidates."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from ingest.extract import dates, metadata, published
from ingest.models import Article

NOW = datetime(2026, 11, 29, 9, 40, tzinfo=timezone.utc)
TZ = "Africa/Tripoli"
TEXT = "<p>" + "Die Landesregierung hat am Dienstag neue Regeln beschlossen. " * 6 + "</p>"


def tree_of(body: str, head: str = "") -> Any:
    """A parsed page."""
    return metadata.parse_html_tree(f"<html><head>{head}</head><body>{body}</body></html>")


def test_header_date_is_the_date_under_the_headline() -> None:
    tree = tree_of(
        "<nav><a>12.01.2020 Archiv</a></nav><h1>Neue Regeln für Windkraft</h1>"
        "<p class='byline'>Von Anna Muster, 07.12.2022, 10:15 Uhr</p>" + TEXT
    )
    found = published.header_date(tree, "Neue Regeln für Windkraft", "Europe/Berlin", NOW)
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
    assert published.header_date(tree, "Neue Regeln", "Europe/Berlin", NOW) is None
    assert published.header_date(tree_of(TEXT), None, "Europe/Berlin", NOW) is None


def test_htmldate_day_reads_markup_and_survives_junk() -> None:
    tree = tree_of(TEXT, '<meta property="article:published_time" content="2024-03-10T08:15:00Z">')
    assert published.htmldate_day(tree, "https://example.de/a", extensive=False) == "2024-03-10"
    assert published.htmldate_day(tree_of("<p>\x00\x01</p>"), "not a url", extensive=True) is None


def test_choose_dates_prefers_machine_dates_and_keeps_modified_apart() -> None:
    head = (
        '<meta property="article:published_time" content="2026-11-29T07:10:00+02:00">'
        '<meta property="article:modified_time" content="2026-11-29T09:00:00+02:00">'
    )
    tree = tree_of('<div class="date">الأحد 29 نوفمبر 2026</div>' + TEXT, head)
    page = metadata.read_page(tree)
    article = Article(url="https://alwasat.ly/news/1")
    published.choose_dates(article, published.DateClues(page, article.url, TZ, NOW))
    assert article.published_at == "2026-11-29T05:10:00Z"
    assert article.modified_at == "2026-11-29T07:00:00Z"
    assert article.methods["published_at"] == "meta"
    assert (article.published_local, article.published_precision) == (
        "2026-11-29T07:10:00+02:00",
        "second",
    )
    assert (article.modified_local, article.modified_precision) == (
        "2026-11-29T09:00:00+02:00",
        "second",
    )


def test_choose_dates_falls_back_to_an_arabic_byline_then_the_url() -> None:
    tree = tree_of('<div class="post-meta">نشر في: منذ ساعتين</div>' + TEXT)
    article = Article(url="https://alwasat.ly/news/1")
    page = metadata.read_page(tree)
    published.choose_dates(article, published.DateClues(page, article.url, TZ, NOW))
    assert article.published_at == "2026-11-29T07:40:00Z"
    assert article.methods["published_at"] == "text"
    # "two hours ago" says the hour, no more
    assert (article.published_local, article.published_precision) == (
        "2026-11-29T09:40:00+02:00",
        "hour",
    )
    bare = Article(url="https://libyaherald.com/2026/03/14/story/")
    empty = metadata.read_page(tree_of(TEXT))
    published.choose_dates(bare, published.DateClues(empty, bare.url, TZ, NOW))
    assert bare.published_at == "2026-03-14T10:00:00Z"
    assert bare.methods["published_at"] == "url"
    assert (bare.published_local, bare.published_precision) == ("2026-03-14", "day")


def test_a_rule_date_wins_and_a_rule_that_finds_nothing_is_reported() -> None:
    page = metadata.read_page(tree_of(TEXT, '<meta name="date" content="2026-11-01">'))
    ruled = Article(url="https://lana.ly/news/1")
    clues = published.DateClues(page, ruled.url, TZ, NOW, rule_date="طرابلس 15 فبراير 2018")
    published.choose_dates(ruled, clues)
    assert (ruled.published_at, ruled.methods["published_at"]) == ("2018-02-15T10:00:00Z", "rule")
    assert (ruled.published_local, ruled.published_precision) == ("2018-02-15", "day")
    missed = Article(url="https://lana.ly/news/2")
    clues = published.DateClues(page, missed.url, TZ, NOW, rule_date="", has_date_rule=True)
    published.choose_dates(missed, clues)
    assert missed.methods["published_at"] == "generic-fallback:meta"
    assert "rule date matched nothing; used generic extraction" in missed.problems
    junk = Article(url="https://lana.ly/news/3")
    published.choose_dates(junk, published.DateClues(page, junk.url, TZ, NOW, rule_date="غدا"))
    assert any("not a date" in problem for problem in junk.problems)


def test_a_dateline_opening_the_text_dates_a_latin_script_page() -> None:
    page = metadata.read_page(tree_of(TEXT))
    cases = {
        # a city before the date, in the first paragraph
        ("Tripoli, 14 January 2025: GECOL announced a new schedule.",): "2025-01-14T10:00:00Z",
        # a paragraph opening with the date, after a standfirst
        ("Ein Vorspann ohne Datum.", "29.11.2022 – Die Branche warnt."): "2022-11-29T10:00:00Z",
    }
    for lead, expected in cases.items():
        article = Article(url="https://example.org/news/1")
        clues = published.DateClues(page, article.url, TZ, NOW, lead=list(lead), latin_script=True)
        published.choose_dates(article, clues)
        assert article.published_at == expected, lead


def test_update_notes_and_dates_inside_sentences_are_not_datelines() -> None:
    page = metadata.read_page(tree_of(TEXT))
    leads = [
        "Article mis à jour le 7 janvier 2020.",
        "Die Regierung hatte schon lange gewarnt, am 3. März 2021 dann der Beschluss.",
    ]
    article = Article(url="https://example.org/news/2")
    published.choose_dates(
        article, published.DateClues(page, article.url, TZ, NOW, lead=leads, latin_script=True)
    )
    assert article.published_at is None


def test_a_dated_address_outweighs_metadata_written_months_later() -> None:
    head = '<meta property="article:published_time" content="2019-06-17T16:28:00+02:00">'
    page = metadata.read_page(tree_of(TEXT, head))
    moved = Article(source="s", url="https://example.de/home/2017/7/12/unter-uns")
    published.choose_dates(moved, published.DateClues(page, moved.url, TZ, NOW))
    assert (moved.published_at, moved.methods["published_at"]) == ("2017-07-12T10:00:00Z", "url")
    # A slug dated a few days before the metadata is a draft's: the metadata's time stays.
    draft = Article(source="s", url="https://example.de/2019/06/12/unter-uns")
    published.choose_dates(draft, published.DateClues(page, draft.url, TZ, NOW))
    assert (draft.published_at, draft.methods["published_at"]) == ("2019-06-17T14:28:00Z", "meta")


def test_comment_timestamps_do_not_date_the_article() -> None:
    comments = (
        '<div class="recipe-comments"><div class="comment-box">'
        '<time datetime="2020-09-23T18:19:06+02:00">23.09.20</time></div></div>'
    )
    page = metadata.read_page(tree_of(TEXT + comments))
    assert page.times == []
    article = Article(source="s", url="https://example.de/tipp/1918")
    published.choose_dates(article, published.DateClues(page, article.url, TZ, NOW))
    assert article.published_at is None
    own = metadata.read_page(tree_of('<time datetime="2020-09-20T10:00:00+02:00">20.09.</time>'))
    assert [value for value, _ in own.times] == ["2020-09-20T10:00:00+02:00"]


def test_htmldate_does_not_take_a_comment_date() -> None:
    comment = (
        '<div class="comment-meta"><abbr class="date" title="2018-09-11T10:57:27Z">'
        "Le 11 septembre 2018 à 12:57</abbr></div>"
    )
    tree = tree_of("<h2>Deux ans et demi</h2>" + TEXT + comment)
    threads = metadata.read_page(tree).comment_threads
    url = "https://example.fr/article/x"
    assert published.htmldate_day(tree, url, extensive=False) == "2018-09-11"
    assert published.htmldate_day(tree, url, extensive=False, comments=threads) is None
    assert tree.xpath("//abbr")  # the page itself is left whole for the other readers


def test_a_tooltip_with_the_exact_time_beats_a_day_in_the_byline() -> None:
    meta = (
        '<div class="article__meta"><span class="article__date">29 نوفمبر/تشرين الثاني 2026</span>'
        '<span class="article__ago" title="2026-11-29 08:05">قبل 4 ساعات</span></div>'
    )
    page = metadata.read_page(tree_of("<h1>استئناف الرحلات</h1>" + meta))
    assert "2026-11-29 08:05" in page.byline_texts
    article = Article(source="s", url="https://example.ly/article/x")
    published.choose_dates(article, published.DateClues(page, article.url, TZ, NOW))
    assert article.published_at == "2026-11-29T06:05:00Z"
    # A title that is not a timestamp is not read.
    plain = metadata.read_page(tree_of('<div class="meta"><span title="شارك">x y z w</span></div>'))
    assert plain.byline_texts == ["x y z w"]


def test_a_breaking_story_s_own_time_is_not_a_ticker() -> None:
    html = (
        '<div class="breaking-bar"><span class="breaking-time">منذ 3 دقائق</span></div>'
        "<h1>انقطاع جزئي للتيار</h1>"
        '<span class="breaking-time text-muted">منذ 14 دقيقة</span>'
    )
    page = metadata.read_page(tree_of(html))
    assert page.byline_texts == ["منذ 14 دقيقة"]
    article = Article(source="s", url="https://example.ly/breaking/5521/")
    published.choose_dates(article, published.DateClues(page, article.url, TZ, NOW))
    assert article.published_at == "2026-11-29T09:26:00Z"


def test_a_masthead_clock_does_not_date_the_article_but_a_topline_by_the_headline_does() -> None:
    masthead = '<div class="header"><span id="uhr">Donnerstag, 16. Februar 2012</span></div>'
    box = '<div class="boxHeader"><span>14. Februar 2012</span></div>'
    tree = tree_of(masthead + "<h1>Landtag beschließt Haushalt</h1>" + box + TEXT)
    page = metadata.read_page(tree)
    url = "https://example.it/Artikel/x"
    bars = page.comment_threads + metadata.today_bars(tree)
    assert published.htmldate_day(tree, url, extensive=True, comments=bars) == "2012-02-14"
    assert tree.xpath('//span[@id="uhr"]')  # put back for the other readers
    # A German CMS's "topline" kicker beside the <h1> carries the article's own date.
    topline = (
        '<div class="headline"><p class="topline"><span class="date">24.01.2022</span>'
        " - Meldung</p><h1>Förderung für Gebäude</h1></div>"
    )
    assert metadata.today_bars(tree_of(topline + TEXT)) == []


def test_a_site_writing_local_time_as_utc_is_read_on_its_wall_clock() -> None:
    # rules.timezone: the outlet labels Tripoli time "Z"; the page's 10:30 is 10:30 in Tripoli
    head = '<meta property="article:published_time" content="2026-11-29T10:30:00Z">'
    page = metadata.read_page(tree_of(TEXT, head))
    article = Article(url="https://example.ly/news/1")
    clues = published.DateClues(page, article.url, TZ, NOW, wall_clock=True)
    published.choose_dates(article, clues)
    assert article.published_at == "2026-11-29T08:30:00Z"
    assert (article.published_local, article.published_precision) == (
        "2026-11-29T10:30:00+02:00",
        "second",
    )


def test_days_from_htmldate_and_datelines_stay_days() -> None:
    page = metadata.read_page(tree_of(TEXT))
    from_htmldate = Article(url="https://example.org/a")
    clues = published.DateClues(page, from_htmldate.url, TZ, NOW, htmldate="2024-03-10")
    published.choose_dates(from_htmldate, clues)
    assert (from_htmldate.published_at, from_htmldate.published_local) == (
        "2024-03-10T10:00:00Z",
        "2024-03-10",
    )
    assert from_htmldate.published_precision == "day"
    dateline = Article(url="https://example.org/b")
    lead = ["Tripoli, 14 January 2025: GECOL announced a new schedule."]
    clues = published.DateClues(page, dateline.url, TZ, NOW, lead=lead, latin_script=True)
    published.choose_dates(dateline, clues)
    assert (dateline.published_local, dateline.published_precision) == ("2025-01-14", "day")


def test_a_header_date_that_replaces_a_weak_meta_date_brings_its_own_precision() -> None:
    head = '<meta name="date" content="2022-01-28T09:00:00+01:00">'
    page = metadata.read_page(tree_of(TEXT, head))
    header = dates.parse_date_ex("27.01.2022", now=NOW, tz="Europe/Berlin")
    assert header is not None
    article = Article(url="https://example.de/a")
    clues = published.DateClues(page, article.url, "Europe/Berlin", NOW, header=header)
    published.choose_dates(article, clues)
    assert article.methods["published_at"] == "header"
    assert (article.published_local, article.published_precision) == ("2022-01-27", "day")
