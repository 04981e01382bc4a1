"""Publication dates: the header date, htmldate's day and the choice between candidates."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest

from ingest.extract import dates, metadata, published
from ingest.models import Article

NOW = datetime(2026, 11, 29, 9, 40, tzinfo=timezone.utc)
TZ = "Africa/Tripoli"
TEXT = "<p>" + "Die Landesregierung hat am Dienstag neue Regeln beschlossen. " * 6 + "</p>"


def tree_of(body: str, head: str = "") -> Any:
    """A parsed page."""
    return metadata.parse_html_tree(f"<html><head>{head}</head><body>{body}</body></html>")


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


# --- whose date: pages in several CMS styles ----------------------------------------------------

ARABIC = (
    "<p>"
    + "أعلنت الحكومة عن خطة جديدة لإعادة تأهيل محطات الكهرباء في المنطقة الغربية. " * 4
    + "</p>"
)
INSTAGRAM = (
    '<blockquote class="instagram-media"><div><a href="https://www.instagram.com/p/Cx1/">'
    'View this post</a><p><time datetime="2023-01-04T10:12:00+00:00">Jan 4, 2023</time></p>'
    "</div></blockquote>"
)
TWEET = (
    '<blockquote class="twitter-tweet"><p>بدء أعمال الصيانة</p>&mdash; حكومة الوحدة '
    '<a href="https://twitter.com/GNU_Libya/status/1268912">June 5, 2020</a></blockquote>'
)


def dated(html: str, url: str = "https://example.ly/news/plan/", lead: str = "") -> Article:
    """An article whose dates were chosen as ``extract_article`` gathers the clues."""
    tree = tree_of(html)
    page = metadata.read_page(tree)
    headline = page.h1[0] if page.h1 else None
    arabic = bool(published.ARABIC_LETTER.search(" ".join(filter(None, [page.title, *page.h1]))))
    reader = published.near_headline_date if arabic else published.header_date
    clues = published.DateClues(
        page,
        url,
        TZ,
        NOW,
        header=reader(tree, headline, TZ, NOW),
        latin_script=not arabic,
        foreign=published.foreign_dates(tree),
    )
    if published.needs_htmldate(clues):
        bars = page.comment_threads + metadata.today_bars(tree)
        clues.htmldate = published.htmldate_day(tree, url, extensive=not arabic, comments=bars)
    clues.lead = [lead] if lead else []
    article = Article(source="s", url=url)
    published.choose_dates(article, clues)
    return article


WORDPRESS = (
    '<article class="post type-post hentry"><header class="entry-header">'
    '<h1 class="entry-title">خطة لإعادة تأهيل محطات الكهرباء</h1></header>'
    f'<div class="entry-content">{ARABIC}<figure class="wp-block-embed">{TWEET}</figure>'
    f"{INSTAGRAM}{ARABIC}</div>{{own}}"
    '<div id="jp-relatedposts" class="jp-relatedposts"><div class="jp-relatedposts-post">'
    '<h4><a href="/a">محطة الزاوية تعود للعمل بعد الصيانة الشاملة</a></h4>'
    '<time datetime="2024-02-01T09:00:00+00:00">1 فبراير 2024</time></div></div></article>'
)
JOOMLA = (
    '<div class="item-page"><div class="page-header"><h1 itemprop="headline">'
    f"خطة لإعادة تأهيل محطات الكهرباء</h1></div>{{own}}{ARABIC}</div>"
    '<div class="moduletable"><h3>آخر الأخبار</h3><ul class="latestnews mod-list">'
    '<li><a href="/b">محطة الزاوية</a> <time datetime="2026-11-01T10:00:00+02:00">1 نوفمبر</time>'
    '</li></ul></div><div class="itemAuthorLatest"><h3>مقالات أخرى للكاتب</h3><ul><li>'
    '<a href="/c">الطاقة الشمسية</a><time datetime="2026-10-20T10:00:00+02:00">20</time></li>'
    "</ul></div>"
)
DRUPAL = (
    '<article class="node node--type-article"><h1><span class="field--name-title">'
    "Power plan for the west</span></h1>"
    f'<div class="field--name-body"><div class="embedded-entity">{INSTAGRAM}</div>{TEXT}</div>'
    "{own}</article>"
    '<div class="block-views-blockrecent-content"><div class="views-row">'
    '<time datetime="2026-11-02T10:00:00+01:00">2 November</time></div></div>'
)
CUSTOM = (
    '<div class="news-details"><div><h1>خطة لإعادة تأهيل محطات الكهرباء</h1>{own}'
    f'{ARABIC}<blockquote><p>نص</p><a href="https://x.com/abc/status/99">5 يونيو 2020</a>'
    '</blockquote></div></div><div class="more-news"><h3>أخبار ذات صلة</h3><ul><li>'
    '<a href="/d">محطة الزاوية</a> <time datetime="2026-11-05T10:00:00+02:00">5</time></li></ul></div>'
)


@pytest.mark.parametrize(
    ("template", "own", "expected"),
    [
        (WORDPRESS, "", None),
        (WORDPRESS, '<footer class="entry-footer"><time datetime="2026-11-20T09:00:00+02:00">'
         "20 نوفمبر 2026</time></footer>", "2026-11-20T07:00:00Z"),
        (JOOMLA, "", None),
        (JOOMLA, '<dl class="article-info"><dd class="published"><time datetime='
         '"2026-11-21T09:00:00+02:00">21 نوفمبر 2026</time></dd></dl>', "2026-11-21T07:00:00Z"),
        (DRUPAL, "", None),
        (DRUPAL, '<div class="node__meta"><time datetime="2026-11-22T09:00:00+01:00">'
         "22 November 2026</time></div>", "2026-11-22T08:00:00Z"),
        (CUSTOM, "", None),
        (CUSTOM, '<span class="text-xs">منذ 3 ساعات</span>', "2026-11-29T06:40:00Z"),
    ],
    ids=["wordpress", "wordpress-dated", "joomla", "joomla-dated", "drupal", "drupal-dated",
         "custom", "custom-dated"],
)  # fmt: skip
def test_embeds_and_lists_of_other_posts_never_date_the_article(
    template: str, own: str, expected: str | None
) -> None:
    article = dated(template.replace("{own}", own))
    assert article.published_at == expected


def test_a_page_whose_only_dates_are_a_comment_and_a_today_bar_stays_undated() -> None:
    html = (
        '<div class="top-bar"><span class="today-date">الأحد 29 نوفمبر 2026</span></div>'
        f"<article><h1>خطة الكهرباء</h1>{ARABIC}</article>"
        '<div class="comments"><div class="comment"><span class="date">28/11/2026 10:30</span>'
        "<p>تعليق</p></div></div><footer>© 2026 جميع الحقوق محفوظة</footer>"
    )
    assert dated(html).published_at is None


def test_a_date_labelled_today_is_the_visit_s_not_the_article_s() -> None:
    # an old ASP template's menu row, swept into the text with the masthead's date
    lead = "الرئيسية | الأخبار | اتصل بنا اليوم: الخميس 16 يناير 2025"
    article = dated(f"<h1>وزارة الصحة تطلق الحملة</h1>{ARABIC}", lead=lead)
    assert article.published_at is None
    dateline = dated(
        f"<h1>وزارة الصحة تطلق الحملة</h1>{ARABIC}", lead="طرابلس 14 يناير 2025 (وال) - أطلقت"
    )
    assert dateline.published_at == "2025-01-14T10:00:00Z"


def test_a_hijri_byline_yields_to_the_gregorian_date_beside_it() -> None:
    both = '<div class="post-date">الأحد 15 رمضان 1432 هـ الموافق 14 أغسطس 2011</div>'
    assert dated(f"<h1>بيان</h1>{both}{ARABIC}").published_local == "2011-08-14"
    hijri = '<div class="post-date">14-09-1432 هـ، 09:40 صباحاً</div>'
    article = dated(f"<h1>بيان</h1>{hijri}{ARABIC}")
    assert (article.published_local, article.published_precision) == (
        "2011-08-14T09:40:00+02:00",
        "minute",
    )


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.com/news/12/17/2013/plan/", "2013-12-17T10:00:00Z"),
        ("https://example.ly/news/20131216/plan", "2013-12-16T10:00:00Z"),
        ("https://example.com/Feb/29/2012/plan/", "2012-02-29T10:00:00Z"),
        ("https://example.com/Feb/29/2013/plan/", None),
        ("https://example.ly/news/201312161234/plan", None),
    ],
)
def test_an_undated_page_takes_its_address_s_day(url: str, expected: str | None) -> None:
    assert dated(f"<article><h1>خطة الكهرباء</h1>{ARABIC}</article>", url).published_at == expected


def test_htmldate_runs_only_when_nothing_above_it_gave_a_date() -> None:
    page = metadata.read_page(tree_of(f"<h1>x</h1>{TEXT}"))
    bare = published.DateClues(page, "https://example.de/a", TZ, NOW)
    assert published.needs_htmldate(bare)
    assert not published.needs_htmldate(
        published.DateClues(page, "https://example.de/2024/03/10/a", TZ, NOW)
    )
    timed = metadata.read_page(tree_of('<time datetime="2024-03-10">10.03.</time>'))
    assert not published.needs_htmldate(published.DateClues(timed, "https://e.de/a", TZ, NOW))
    # ... unless its only <time> is an embedded post's
    foreign = frozenset({"2024-03-10"})
    assert published.needs_htmldate(
        published.DateClues(timed, "https://e.de/a", TZ, NOW, foreign=foreign)
    )


@pytest.mark.parametrize(
    "html",
    [
        # a custom CMS's "related news" box with its entries' dates in date-classed spans
        '<div class="news-details"><div><h1>خطة لإعادة تأهيل محطات الكهرباء</h1>'
        f'{ARABIC}</div></div><div class="more-news"><h3>أخبار ذات صلة</h3><ul><li>'
        '<a href="/d">محطة الزاوية</a> <span class="date">2026/11/05 10:30</span></li></ul></div>',
        # Joomla's category module beside an undated article
        '<div class="item-page"><div class="page-header"><h1 itemprop="headline">'
        f"خطة لإعادة تأهيل محطات الكهرباء</h1></div>{ARABIC}</div>"
        '<div class="moduletable"><ul class="mod-articles-category"><li><a href="/b">محطة'
        '</a> <span class="mod-articles-category-date">01 نوفمبر 2026</span></li></ul></div>',
    ],
    ids=["custom", "joomla"],
)
def test_date_areas_of_other_posts_do_not_date_an_undated_article(html: str) -> None:
    assert dated(html).published_at is None
