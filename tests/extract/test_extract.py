"""extract_article end to end: the seed aggregator page, rules, feed fallback, hostile pages."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.extract import extract_article
from ingest.models import Article, Candidate, Rules, Source

FIXTURES = Path(__file__).parent / "fixtures"
SEED_URL = "https://www.libyaakhbar.com/libya-news/2794437.html"
SEED_HEADLINE = "زيارة الفريق ركن صدام حفتر إلى باكستان تتوج بتوقيع بروتكول تعاون عسكري مشترك"

ARTICLE_TEXT = (
    "أعلنت المؤسسة الوطنية للنفط اليوم عن استئناف الإنتاج في حقل الشرارة بعد توقف دام "
    "أسبوعين، وقالت في بيان إن فرقها الفنية أنهت أعمال الصيانة اللازمة. "
)


def page(head: str = "", body: str = "", lang: str = "ar") -> str:
    """A minimal news page around the given head and body markup."""
    return (
        f'<!DOCTYPE html><html lang="{lang}" dir="rtl"><head><meta charset="utf-8">{head}'
        f"</head><body><header><nav><a href='/'>الرئيسية</a></nav></header>"
        f"<main><article>{body}</article></main><footer>جميع الحقوق محفوظة</footer></body></html>"
    )


def news_body(paragraphs: int = 4) -> str:
    """Article markup with enough text for any extractor."""
    return "".join(f"<p>{ARTICLE_TEXT * 2} ({i})</p>" for i in range(paragraphs))


@pytest.fixture(scope="module")
def seed_article() -> Article:
    return extract_article((FIXTURES / "libyaakhbar.com.2794437.html").read_bytes(), SEED_URL)


def test_seed_aggregator_page_yields_the_original_article(seed_article: Article) -> None:
    # The seed text as published, with its two no-break spaces normalised like any body.
    seed = (FIXTURES / "libyaakhbar.com.2794437.body.txt").read_text("utf-8").strip()
    expected = "\n\n".join(" ".join(p.split()) for p in seed.split("\n\n"))
    assert seed_article.headline == SEED_HEADLINE
    assert seed_article.body == expected
    assert seed_article.original_source == "صحيفة الساعة 24"
    assert seed_article.original_url == (
        "https://alsaaa24.net/news/ziyarat-alfariq-sadam-haftar-ila-pakistan"
    )
    assert seed_article.skip_reason is None


def test_seed_body_keeps_subheadings_and_drops_the_wrapper(seed_article: Article) -> None:
    paragraphs = (seed_article.body or "").split("\n\n")
    assert "مراسم توقيع بروتوكول التعاون العسكري" in paragraphs
    assert paragraphs[0].startswith("في خطوة تعكس")
    assert paragraphs[-1].endswith("في حماية السيادة الوطنية")
    for chrome in ("ليبيا الان", "مصدر الخبر", "يمكنك ايضا", "اقرأ أيضا", "واتساب", "تعليق"):
        assert chrome not in (seed_article.body or "")


def test_seed_metadata_and_methods(seed_article: Article) -> None:
    assert seed_article.published_at == "2026-11-29T07:40:12Z"
    assert seed_article.language == "ar"
    assert seed_article.canonical_url == SEED_URL
    assert seed_article.author is None  # the "about the source" box names the outlet
    assert seed_article.methods["published_at"] == "jsonld"
    assert seed_article.methods["original_source"] == "attribution"
    assert seed_article.methods["body"] == "trafilatura"


def test_jsonld_beats_meta_and_dates_stay_apart() -> None:
    ld = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "name": "بوابة الوسط"},
            {
                "@type": "NewsArticle",
                "headline": "استئناف الإنتاج في حقل الشرارة",
                "datePublished": "2026-06-16T11:12:00+02:00",
                "dateModified": "2026-06-16T14:00:00+02:00",
                "author": {"@type": "Person", "name": "محمد علي"},
            },
        ],
    }
    head = (
        f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>'
        '<meta property="og:title" content="عنوان آخر - بوابة الوسط">'
        '<meta property="article:published_time" content="2020-01-01T00:00:00Z">'
    )
    article = extract_article(page(head, news_body()), "https://alwasat.ly/news/libya/521791")
    assert article.headline == "استئناف الإنتاج في حقل الشرارة"
    assert article.published_at == "2026-06-16T09:12:00Z"
    assert article.modified_at == "2026-06-16T12:00:00Z"
    assert article.author == "محمد علي"
    assert article.methods["author"] == "jsonld"


def test_og_title_loses_the_site_name_suffix() -> None:
    head = (
        '<meta property="og:title" content="استئناف الإنتاج في حقل الشرارة | بوابة الوسط">'
        '<meta property="og:site_name" content="بوابة الوسط">'
    )
    article = extract_article(page(head, news_body()), "https://alwasat.ly/news/libya/1")
    assert article.headline == "استئناف الإنتاج في حقل الشرارة"


def test_on_page_arabic_date_when_no_machine_date() -> None:
    body = (
        '<h1>استئناف الإنتاج في حقل الشرارة</h1><div class="art-info">'
        "القاهرة - بوابة الوسط الخميس 13 أغسطس 2026, 08:57 مساء</div>" + news_body()
    )
    article = extract_article(page("", body), "https://alwasat.ly/news/libya/2")
    assert article.published_at == "2026-08-13T18:57:00Z"
    assert article.methods["published_at"] == "text"


def test_the_header_bar_today_date_is_not_the_publication_date() -> None:
    now = datetime(2026, 11, 29, 9, 40, tzinfo=timezone.utc)
    top = (
        '<div class="topbar"><span class="topbar-today-date">الأحد 29 نوفمبر 2026</span></div>'
        '<div class="topline"><span class="topline-date">الأحد 29 نوفمبر 2026 - 12:05</span></div>'
    )
    body = (
        top + '<h1 class="post-title">استئناف الإنتاج في حقل الشرارة</h1><div class="post-meta">'
        '<span class="meta-author">سالم الورفلي</span><span class="date meta-item">منذ 3 ساعات'
        "</span></div>" + news_body()
    )
    article = extract_article(page("", body), "https://alsabaah.ly/x/", now=now)
    assert article.published_at == "2026-11-29T06:40:00Z"
    assert article.methods["published_at"] == "text"


def test_camel_case_date_classes_and_their_time_are_read() -> None:
    body = (
        '<span class="itemDateCreated">الأحد, 10 آذار/مارس 2024 10:15</span>'
        '<h2 class="itemTitle">وصول شحنة أدوية إلى مركز سبها الطبي</h2>' + news_body()
    )
    article = extract_article(page("", body), "https://sabhaonline.ly/item/15842")
    assert article.published_at == "2024-03-10T08:15:00Z"


def test_hatom_published_title_gives_the_time_blogger_shows_apart() -> None:
    body = (
        '<h2 class="date-header"><span>السبت، ٢٨ نوفمبر ٢٠٢٦</span></h2>'
        '<h3 class="post-title entry-title">معسكر المنتخب</h3><div class="post-footer">'
        '<a class="timestamp-link"><abbr class="published" title="2026-11-28T19:20:00+02:00">'
        "٧:٢٠ م</abbr></a></div>" + news_body()
    )
    article = extract_article(page("", body), "https://www.ljbctv.tv/2026/11/blog-post.html")
    assert article.published_at == "2026-11-28T17:20:00Z"
    assert article.methods["published_at"] == "meta"


def test_url_date_then_feed_date_as_fallbacks() -> None:
    html = page("", "<h1>عنوان الخبر هنا</h1>" + news_body())
    from_url = extract_article(html, "https://example.ly/2026/03/05/slug/")
    assert from_url.published_at == "2026-03-05T10:00:00Z"  # a bare day is stored at local noon
    assert from_url.methods["published_at"] == "url"
    candidate = Candidate(
        source="x",
        url="https://example.ly/a",
        method="feed",
        found_on="https://example.ly/feed",
        published_at="Tue, 16 Jun 2026 09:12:44 +0000",
    )
    from_feed = extract_article(html, "https://example.ly/a", candidate=candidate)
    assert from_feed.published_at == "2026-06-16T09:12:44Z"
    assert from_feed.methods["published_at"] == "feed"


def test_rules_win_and_a_rule_miss_is_reported() -> None:
    body = (
        '<h1 class="entry-title">العنوان من القاعدة</h1>'
        '<time class="published" datetime="2026-05-01T10:00:00+02:00">1 مايو</time>'
        f'<div class="art-content">{news_body(3)}</div><div class="share">شارك الخبر</div>'
    )
    source = Source(
        id="wasat",
        name="بوابة الوسط",
        homepage="https://alwasat.ly/",
        rules=Rules(
            headline=("h1.entry-title",),
            body=("div.missing", "div.art-content"),
            date=("time.published@datetime",),
            author=("span.nobody",),
            strip=("div.share",),
        ),
    )
    article = extract_article(page("", body), "https://alwasat.ly/news/libya/3", source)
    assert article.headline == "العنوان من القاعدة"
    assert article.methods["headline"] == "rule"
    assert article.methods["body"] == "rule"
    assert article.published_at == "2026-05-01T08:00:00Z"
    assert article.methods["published_at"] == "rule"
    assert "rule author matched nothing; used generic extraction" in article.problems
    assert "شارك الخبر" not in (article.body or "")
    assert article.source == "wasat"


def test_rule_body_miss_falls_back_to_generic_extraction() -> None:
    source = Source(
        id="s", name="s", homepage="https://s.ly/", rules=Rules(body=("div.nothing-here",))
    )
    article = extract_article(
        page("", "<h1>عنوان الخبر</h1>" + news_body()), "https://s.ly/1", source
    )
    assert article.body and ARTICLE_TEXT.strip()[:40] in article.body
    assert article.methods["body"].startswith("generic-fallback:")
    assert "rule body matched nothing; used generic extraction" in article.problems


def test_feed_content_used_when_the_page_has_no_text() -> None:
    candidate = Candidate(
        source="x",
        url="https://x.ly/1",
        method="wordpress",
        found_on="https://x.ly/wp-json/",
        title="عنوان من الواجهة",
        content_html=f"<p>{ARTICLE_TEXT}</p><p>{ARTICLE_TEXT}</p>",
    )
    html = "<html><body><div id='app'></div><script>render()</script></body></html>"
    article = extract_article(html, "https://x.ly/1", candidate=candidate)
    assert article.headline == "عنوان من الواجهة"
    assert article.methods["headline"] == "feed"
    assert article.methods["body"] == "feed"
    assert article.skip_reason is None


def test_windows_1256_page_without_charset_decodes_to_arabic() -> None:
    html = page("<title>خبر</title>", "<h1>استئناف الإنتاج في الحقل</h1>" + news_body())
    data = html.replace('<meta charset="utf-8">', "").encode("cp1256")
    article = extract_article(data, "https://lana.ly/news/1")
    assert article.headline == "استئناف الإنتاج في الحقل"
    assert "المؤسسة الوطنية للنفط" in (article.body or "")


def test_declared_windows_1256_charset() -> None:
    html = page("", "<h1>استئناف الإنتاج في الحقل</h1>" + news_body())
    data = html.replace(
        '<meta charset="utf-8">',
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">',
    ).encode("cp1256")
    assert "المؤسسة الوطنية للنفط" in (extract_article(data, "https://lana.ly/2").body or "")


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ("الصفحة غير موجودة", "عذرا، الصفحة التي تبحث عنها غير موجودة."),
        ("Page not found - Libya Observer", "Sorry, the page you requested does not exist."),
    ],
)
def test_404_served_with_200_is_skipped(title: str, text: str) -> None:
    html = page(f"<title>{title}</title>", f"<h1>{title}</h1><p>{text}</p>")
    assert extract_article(html, "https://x.ly/missing").skip_reason == (
        "no article: looks like a 404 page"
    )


@pytest.mark.parametrize(
    "data",
    [b"", "", b"\x00\x01\x02\xff" * 200, "<html><script>var a=1;</script></html>", "<<<>>>", "<p"],
)
def test_hostile_input_gives_a_reason_not_an_exception(data: bytes | str) -> None:
    article = extract_article(data, "https://x.ly/1")
    assert article.skip_reason is not None
    assert article.body is None


def test_enormous_page_is_cut_and_says_so() -> None:
    filler = "<div>" + "<span>x</span>" * 450_000 + "</div>"
    html = page("", "<h1>عنوان طويل جدا للخبر</h1>" + news_body() + filler)
    article = extract_article(html.encode(), "https://x.ly/big")
    assert any("only the first" in p for p in article.problems)


def test_malformed_url_does_not_break_extraction() -> None:
    article = extract_article(page("", "<h1>عنوان الخبر هنا</h1>" + news_body()), "http://[bad")
    assert article.body


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=3000), st.text(max_size=3000)))
def test_any_input_returns_an_article(data: bytes | str) -> None:
    article = extract_article(data, "https://x.ly/1")
    assert isinstance(article, Article)
    assert article.body is None or article.body == article.body.strip()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            [
                "<div>",
                "</div>",
                "<p>",
                "</p>",
                "<h1>",
                "<script>",
                "نص عربي ",
                "<!--",
                "-->",
                "<meta charset=cp1256>",
                "<a href='http://[x'>",
                "&amp;",
                "\x00",
            ]
        ),
        max_size=80,
    )
)
def test_broken_markup_never_raises(parts: list[str]) -> None:
    article = extract_article("".join(parts), "https://x.ly/1")
    assert isinstance(article, Article)
    assert not any(p.startswith("extraction failed") for p in article.problems)


def test_rules_without_a_body_rule_report_no_body_problem() -> None:
    source = Source(id="s", name="s", homepage="https://s.ly/", rules=Rules(strip=("nav",)))
    html = page("", "<h1>عنوان الخبر</h1>" + news_body())
    article = extract_article(html, "https://s.ly/1", source)
    assert article.methods["body"] == "trafilatura"
    assert article.problems == []


def test_tag_listing_page_is_skipped() -> None:
    links = "".join(
        f"<li><h2><a href='/news/libya/{i}'>عنوان خبر رقم {i} في القائمة</a></h2></li>"
        for i in range(8)
    )
    html = page("<title>وسم: النفط - بوابة الوسط</title>", f"<ul class='list'>{links}</ul>")
    article = extract_article(html, "https://alwasat.ly/tag/oil/")
    assert article.skip_reason == "no article: looks like a listing page"


def test_short_news_item_with_404_in_its_headline_is_kept() -> None:
    title = "Coast guard: 404 migrants rescued off Zuwara in three operations on Sunday night"
    html = page(f"<title>{title}</title>", f"<h1>{title}</h1><p>{ARTICLE_TEXT}</p>", lang="en")
    assert extract_article(html, "https://libyaobserver.ly/news/rescue").skip_reason is None


def test_an_old_agency_page_without_metadata_reads_right_with_its_source_name() -> None:
    from ingest.models import Source

    page = (
        '<html dir="rtl"><head><meta charset="windows-1256">'
        "<title>وكالة الأنباء الليبية - النائب العام يستعرض دعم القطاع الصحي في غريان</title>"
        "</head><body><table><tr><td class='top_menu'><a href='/'>الرئيسية</a> | "
        "<a href='/c'>الأخبار المحلية</a> | <a href='/e'>English</a></td></tr></table>"
        "<h2 class='news_title'>النائب العام يستعرض دعم القطاع الصحي في غريان</h2>"
        "<div class='news_date'><span class='pub_date'>29/11/2026 04:33:00</span></div>"
        "<div class='news_text'><p>طرابلس 29 نوفمبر 2026 ( وال ) - النائب العام استعرض دعم"
        " القطاع الصحي في الجنوب في غريان، وذلك خلال اجتماع عقد يوم الثلاثاء بحضور عدد من"
        " المسؤولين والمختصين في القطاع الصحي.</p><p>ومن المقرر أن تنطلق أعمال الصيانة خلال"
        " الأيام القليلة المقبلة لمتابعة المشاريع المتعثرة في المدينة وضواحيها.</p>"
        "<p>وتم تسجيل 4342 شاحنة في مصراتة خلال الفترة الماضية، وفق الأرقام الرسمية.</p>"
        "</div></body></html>"
    ).encode("cp1256")
    lana = Source(id="lana", name="وكالة الأنباء الليبية", homepage="https://lana.gov.ly/")
    record = extract_article(page, "https://lana.gov.ly/post.php?lang=ar&id=1", lana)
    assert record.headline == "النائب العام يستعرض دعم القطاع الصحي في غريان"
    assert record.published_at == "2026-11-29T02:33:00Z"
    assert record.body is not None
    assert record.body.startswith("طرابلس 29 نوفمبر 2026 ( وال )")
    assert "الرئيسية" not in record.body


# --- the date printed under the headline (Latin-script pages) --------------------------------

LATIN_TEXT = (
    "Die Bundesregierung hat am Mittwoch neue Regeln für die Förderung von Windparks "
    "beschlossen, die nach Angaben der Branche viele Projekte verzögern könnten. "
)


def latin_page(head: str = "", header: str = "", body: str = "", aside: str = "") -> str:
    """A German article page: ``header`` follows the ``<h1>``, ``aside`` follows the body."""
    paragraphs = "".join(f"<p>{LATIN_TEXT * 2} ({i})</p>" for i in range(4))
    return (
        f'<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">{head}</head><body>'
        "<nav><a href='/'>Start</a></nav><main><article>"
        f"<h1>Windkraft: Branche kritisiert neue Förderregeln</h1>{header}{body}{paragraphs}"
        f"</article><aside>{aside}</aside></main></body></html>"
    )


URL_DE = "https://example.de/news/windkraft-foerderregeln"


def test_date_under_the_headline_beats_older_dates_in_the_page() -> None:
    html = latin_page(
        header="<p class='byline'>Von Anna Muster, 07 Dezember, 2022</p>",
        body="<p>Im Bundesgesetzblatt vom 17. August 2021 stand die alte Regel.</p>",
        aside="<ul><li>12.10.2022 Älterer Beitrag</li><li>14.09.2022 Noch einer</li></ul>",
    )
    article = extract_article(html, URL_DE)
    assert article.published_at == "2022-12-07T10:00:00Z"
    assert article.methods["published_at"] == "header"


def test_byline_below_a_standfirst_counts_only_in_its_own_short_element() -> None:
    standfirst = f"<h2>{LATIN_TEXT}</h2>"
    own = latin_page(
        header=f"{standfirst}<ul><li>Von Moritz Muster</li>"
        "<li><time>29.04.2020, 12:01 Uhr</time></li></ul>"
    )
    article = extract_article(own, URL_DE)
    assert article.published_at == "2020-04-29T10:01:00Z"
    assert article.methods["published_at"] == "header"
    prose = latin_page(
        header=f"{standfirst}<p>Laut der am 28.01.2022 veröffentlichten "
        f"Verordnung gilt die Regel weiter. {LATIN_TEXT}</p>"
    )
    assert extract_article(prose, URL_DE).methods.get("published_at") != "header"


def test_a_date_in_a_menu_after_the_headline_is_not_the_articles() -> None:
    menu = (
        f"<h2>{LATIN_TEXT}</h2><ul class='menu'><li class='menu-item'>"
        "<a href='/12m'>12M – 12. Mai 2012</a></li></ul>"
    )
    article = extract_article(latin_page(header=menu), URL_DE)
    assert article.methods.get("published_at") != "header"


def test_generic_date_meta_yields_to_the_date_under_the_headline() -> None:
    head = '<meta name="date" content="2021-12-20T11:02:44+01:00">'
    html = latin_page(head, header="<span class='date'>27.01.2022</span>")
    article = extract_article(html, URL_DE)
    assert article.published_at == "2022-01-27T10:00:00Z"
    assert article.methods["published_at"] == "header"
    # the same day, or a specific publication meta, keeps the machine value
    same = latin_page(head, header="<span class='date'>20.12.2021</span>")
    assert extract_article(same, URL_DE).methods["published_at"] == "meta"
    strong = latin_page(
        '<meta property="article:published_time" content="2021-12-20T11:02:44+01:00">',
        header="<span class='date'>27.01.2022</span>",
    )
    assert extract_article(strong, URL_DE).published_at == "2021-12-20T10:02:44Z"


def test_time_element_ranks_above_the_generic_date_meta() -> None:
    from ingest.extract import metadata

    tree = metadata.parse_html_tree(
        '<html><head><meta name="date" content="2022-1-26T14:32:06+02:00">'
        '<meta name="dc.date.issued" content="2022-01-20"></head><body>'
        '<time datetime="2022-01-21" class="meta__label">21.01.2022</time></body></html>'
    )
    ranked = metadata.published_candidates(metadata.read_page(tree))
    assert ranked == [
        ("2022-01-20", "meta"),
        ("2022-01-21", "time"),
        ("2022-1-26T14:32:06+02:00", "meta"),
    ]


def test_a_copyright_year_is_not_a_publication_day() -> None:
    html = latin_page(aside="<p class='footer-note'>© 2021 Beispiel Verlag GmbH</p>")
    article = extract_article(html, "https://example.de/ueber-uns")
    assert article.published_at is None


def test_modification_time_alone_yields_to_the_byline_date() -> None:
    head = '<meta property="og:updated_time" content="2020-06-02T11:57:06+02:00">'
    filler = "".join(f"<p>{LATIN_TEXT}</p>" for _ in range(4))
    html = latin_page(
        head, header=filler, body="<div class='post-date'>31.03.2020 Corona 6 Min.</div>"
    )
    article = extract_article(html, URL_DE)
    assert article.published_at == "2020-03-31T10:00:00Z"
    assert article.modified_at == "2020-06-02T09:57:06Z"
    # The same date in a sidebar belongs to another article: the modification day stays.
    sidebar = latin_page(
        head, header=filler, aside="<div class='post-date'>31.03.2020 Corona 6 Min.</div>"
    )
    assert extract_article(sidebar, URL_DE).published_at == "2020-06-02T10:00:00Z"


def test_arabic_pages_read_a_date_in_the_article_box_but_not_the_site_header() -> None:
    # Utility-class themes name no date area: the short element by the headline is read.
    html = page(
        "<title>اجتماع في طرابلس</title>",
        f'<span class="text-xs">أمس الساعة 10:30 مساءً</span><h1>اجتماع في طرابلس</h1>{news_body()}',
    )
    now = datetime(2026, 11, 29, 8, 45, tzinfo=timezone.utc)
    article = extract_article(html, "https://alwasat.ly/news/libya/1", now=now)
    assert (article.published_at, article.methods["published_at"]) == (
        "2026-11-28T20:30:00Z",
        "header",
    )
    # Today's date in the site's header bar, outside the article, dates nothing.
    html = (
        '<html lang="ar"><body><header><div class="bar">الأحد 29 نوفمبر 2026</div></header>'
        f"<article><h1>اجتماع في طرابلس</h1>{news_body()}</article></body></html>"
    )
    assert extract_article(html, "https://alwasat.ly/news/libya/1", now=now).published_at is None


@pytest.mark.parametrize(
    "header",
    [
        "",  # nothing after the headline
        "<span>" + "x" * 50_000 + "</span>",
        "".join(f"<span>{i}</span>" for i in range(5_000)),
        "<div>" * 300 + "12.10.2022" + "</div>" * 300,
        "<span>31.02.2022</span><span>99.99.9999</span>",
    ],
)
def test_hostile_headers_never_break_extraction(header: str) -> None:
    article = extract_article(latin_page(header=header), URL_DE)
    # The text after the header survives (libxml2 drops what follows 256 nested levels
    # unless asked not to).
    assert article.body and LATIN_TEXT.strip()[:60] in article.body
    assert article.published_at is None or article.published_at.endswith("Z")


# --- a site that writes local time labelled UTC ---------------------------------------------

ALWASAT_2018 = page(
    "<title>اجتماع في طرابلس</title>",
    '<h1>اجتماع في طرابلس</h1><time class="date" datetime="2018-02-15T14:01Z">'
    f"15 فبراير 2018</time>{news_body()}",
)


def test_time_marked_utc_is_taken_at_its_word_by_default() -> None:
    source = Source(id="alwasat", name="بوابة الوسط", homepage="https://alwasat.ly/")
    article = extract_article(ALWASAT_2018, "https://alwasat.ly/news/libya/1", source)
    assert article.published_at == "2018-02-15T14:01:00Z"


@pytest.mark.parametrize(
    "rules",
    [
        Rules(timezone="Africa/Tripoli"),
        Rules(date=("time.date@datetime",), timezone="Africa/Tripoli"),
    ],
)
def test_rules_timezone_reads_the_sites_utc_label_as_local_time(rules: Rules) -> None:
    source = Source(id="alwasat", name="بوابة الوسط", homepage="https://alwasat.ly/", rules=rules)
    article = extract_article(ALWASAT_2018, "https://alwasat.ly/news/libya/1", source)
    assert article.published_at == "2018-02-15T12:01:00Z"  # 14:01 in Tripoli


def test_rules_timezone_keeps_plain_days_and_local_offsets_right() -> None:
    source = Source(
        id="s", name="s", homepage="https://s.ly/", rules=Rules(timezone="Africa/Tripoli")
    )
    for value, expected in [
        ("2018-02-15", "2018-02-15T10:00:00Z"),
        ("2018-02-15T14:01:00+02:00", "2018-02-15T12:01:00Z"),
        ("Thu, 15 Feb 2018 14:01:00 +0000", "2018-02-15T12:01:00Z"),
    ]:
        html = page(
            f'<meta property="article:published_time" content="{value}">',
            f"<h1>اجتماع في طرابلس</h1>{news_body()}",
        )
        assert extract_article(html, "https://s.ly/news/1", source).published_at == expected


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=st.text(alphabet="0123456789:-+TZzUTCGM .,/ ", max_size=40))
def test_rules_timezone_survives_any_date_value(value: str) -> None:
    source = Source(
        id="s", name="s", homepage="https://s.ly/", rules=Rules(timezone="Africa/Tripoli")
    )
    html = page(
        f'<meta property="article:published_time" content="{value}">'
        f'<meta property="article:modified_time" content="{value}">',
        f"<h1>اجتماع في طرابلس</h1>{news_body(2)}",
    )
    article = extract_article(html, "https://s.ly/news/1", source)
    assert not [p for p in article.problems if p.startswith("extraction failed")]
    for stamp in (article.published_at, article.modified_at):
        assert stamp is None or (len(stamp) == 20 and stamp.endswith("Z"))


def test_a_hidden_updated_stamp_in_the_meta_line_is_not_the_publication() -> None:
    # Avada prints its modification stamp, hidden, before the date readers see.
    meta = (
        '<div class="fusion-meta-info">بواسطة <a href="/author/s">سالم العرفي</a> | '
        '<span class="updated rich-snippet-hidden">2026-11-28T08:47:19+02:00</span>'
        "<span>نوفمبر 27, 2026</span> | أخبار محلية</div>"
    )
    article = extract_article(
        page("", f"<h1>أمطار بنغازي</h1>{meta}{news_body()}"), "https://x.ly/p"
    )
    assert article.published_at == "2026-11-27T10:00:00Z"
    # Foxiz's <time class="updated-date"> comes first; the published one wins.
    times = (
        '<time class="updated-date" datetime="2026-11-27T09:12:44+02:00">آخر تحديث</time>'
        '<time class="date published" datetime="2026-11-26T19:30:00+02:00">26 نوفمبر</time>'
    )
    article = extract_article(page("", f"<h1>الميزانية</h1>{times}{news_body()}"), "https://x.ly/q")
    assert (article.published_at, article.modified_at) == (
        "2026-11-26T17:30:00Z",
        "2026-11-27T07:12:44Z",
    )


def test_a_tooltip_timestamp_in_a_browser_locale_beats_its_relative_text() -> None:
    meta = (
        '<div class="article__meta"><span class="article__date" '
        'title="٢٩\u200f/١١\u200f/٢٠٢٦، ٦:١٢:٣٠ ص">قبل ٥ ساعات</span></div>'
    )
    now = datetime(2026, 11, 29, 9, 20, tzinfo=timezone.utc)
    html = page("", f"<h1>الجوازات</h1>{meta}{news_body()}")
    article = extract_article(html, "https://alsaaa24.net/news/x", now=now)
    assert article.published_at == "2026-11-29T04:12:30Z"


def test_an_agency_dateline_after_a_note_dates_the_article() -> None:
    body = (
        "<h2>وزارة الزراعة تبدأ صرف الدعم</h2>"
        "<p>ملاحظة: هذه نسخة مخصصة للطباعة، ولا تتضمن الصور المرفقة بالخبر.</p>"
        f"<p>طرابلس 27 نوفمبر 2026 (وال) - {ARTICLE_TEXT}</p>{news_body(2)}"
    )
    article = extract_article(page("", body), "https://lana.gov.ly/print.php?id=1")
    assert article.published_at == "2026-11-27T10:00:00Z"
    # A date inside a later paragraph's sentence is no dateline.
    body = f"<p>{ARTICLE_TEXT}</p><p>وقال إن 27 نوفمبر 2026 موعد الافتتاح.</p>"
    assert (
        extract_article(page("", body), "https://lana.gov.ly/print.php?id=2").published_at is None
    )


@pytest.mark.parametrize(
    "chrome",
    [
        '<form><input type="email"></form>' * 3000,  # thousands of signup fields
        '<p>المصدر: <a href="https://x.ly/a">X</a></p>' * 3000,  # thousands of source lines
        "<span title='2026-11-29 08:05'>قبل ساعة</span>" * 3000,
        '<header class="article-header"><h1>عنوان</h1>'
        + "<p class='deck'>x y z w v u t</p>" * 2000,
        "<div>" * 400 + "<span>أمس الساعة 10:30 مساءً</span>" + "</div>" * 400,
    ],
)
def test_hostile_chrome_never_breaks_extraction(chrome: str) -> None:
    html = page(
        "<title>اجتماع في طرابلس</title>", f"<h1>اجتماع في طرابلس</h1>{chrome}{news_body()}"
    )
    article = extract_article(html, "https://alwasat.ly/news/libya/1")
    assert article.body and ARTICLE_TEXT.strip()[:40] in article.body
    assert article.published_at is None or article.published_at.endswith("Z")


# --- dates as the page gave them (design.md, "Data contracts") -------------------------------

TRIPOLI_SOURCE = Source(id="wasat", name="بوابة الوسط", homepage="https://alwasat.ly/")
NOW_FIXED = datetime(2026, 11, 29, 9, 40, tzinfo=timezone.utc)


def dates_of(article: Article) -> tuple[str | None, str | None, str | None]:
    """published_at, published_local, published_precision."""
    return article.published_at, article.published_local, article.published_precision


def test_wordpress_yoast_jsonld_keeps_the_offset_it_wrote() -> None:
    # Yoast's @graph from a WordPress outlet in Tripoli: 00:30 there is the day before in UTC
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebPage", "@id": "https://almarsad.co/2026/11/29/x/"},
            {
                "@type": "NewsArticle",
                "headline": "استئناف الإنتاج في حقل الشرارة",
                "datePublished": "2026-11-29T00:30:00+02:00",
                "dateModified": "2026-11-29T09:05:27+02:00",
            },
        ],
    }
    head = (
        '<script type="application/ld+json" class="yoast-schema-graph">'
        f"{json.dumps(graph, ensure_ascii=False)}</script>"
        '<meta property="article:published_time" content="2026-11-28T22:30:00+00:00">'
    )
    body = '<h1 class="entry-title">استئناف الإنتاج في حقل الشرارة</h1>' + news_body()
    article = extract_article(page(head, body), "https://almarsad.co/2026/11/29/x/")
    assert dates_of(article) == ("2026-11-28T22:30:00Z", "2026-11-29T00:30:00+02:00", "second")
    assert (article.modified_local, article.modified_precision) == (
        "2026-11-29T09:05:27+02:00",
        "second",
    )
    assert article.methods["published_at"] == "jsonld"


def test_an_arabic_byline_in_tripoli_keeps_its_evening_minute() -> None:
    body = (
        '<h1>استئناف الإنتاج في حقل الشرارة</h1><div class="art-info">'
        "القاهرة - بوابة الوسط الخميس 13 أغسطس 2026, 08:57 مساء</div>" + news_body()
    )
    article = extract_article(page("", body), "https://alwasat.ly/news/libya/2", TRIPOLI_SOURCE)
    assert dates_of(article) == ("2026-08-13T18:57:00Z", "2026-08-13T20:57:00+02:00", "minute")


def test_a_joomla_k2_page_with_only_a_day_says_so() -> None:
    body = (
        '<span class="itemDateCreated">13 أغسطس 2026</span>'
        '<h2 class="itemTitle">وصول شحنة أدوية إلى مركز سبها الطبي</h2>' + news_body()
    )
    article = extract_article(page("", body), "https://sabhaonline.ly/item/15842")
    # the UTC value stays local noon, an ordering key; nothing shows that noon as a time
    assert dates_of(article) == ("2026-08-13T10:00:00Z", "2026-08-13", "day")


def test_a_jannah_relative_byline_is_precise_to_the_hour_only() -> None:
    now = datetime(2026, 11, 29, 9, 40, 17, tzinfo=timezone.utc)
    body = (
        '<h1 class="post-title">انقطاع الكهرباء عن أحياء في طرابلس</h1><div class="post-meta">'
        '<span class="date meta-item tie-icon">منذ ساعتين</span></div>' + news_body()
    )
    article = extract_article(page("", body), "https://alsabaah.ly/x/", now=now)
    assert dates_of(article) == ("2026-11-29T07:40:17Z", "2026-11-29T09:40:17+02:00", "hour")
    days = body.replace("منذ ساعتين", "منذ 3 أيام")
    counted = extract_article(page("", days), "https://alsabaah.ly/y/", now=now)
    assert (counted.published_local, counted.published_precision) == ("2026-11-26", "day")


def test_utc_meta_and_naive_drupal_times_are_written_as_given() -> None:
    utc = extract_article(
        page(
            '<meta property="article:published_time" content="2026-11-29T07:40:12Z">', news_body()
        ),
        "https://libyaobserver.ly/news/1",
    )
    assert dates_of(utc) == ("2026-11-29T07:40:12Z", "2026-11-29T07:40:12+00:00", "second")
    drupal = (
        '<h1>Tripoli municipal elections set for October</h1><div class="field--name-created">'
        '<time datetime="2026-11-29T08:15">29 November 2026</time></div>' + news_body()
    )
    naive = extract_article(page("", drupal), "https://libyaobserver.ly/news/2", TRIPOLI_SOURCE)
    assert dates_of(naive) == ("2026-11-29T06:15:00Z", "2026-11-29T08:15:00+02:00", "minute")


def test_a_source_timezone_rule_reads_local_time_labelled_utc() -> None:
    source = Source(
        id="s", name="s", homepage="https://s.ly/", rules=Rules(timezone="Africa/Tripoli")
    )
    head = '<meta property="article:published_time" content="2026-11-29T10:30:00+00:00">'
    article = extract_article(page(head, news_body()), "https://s.ly/news/1", source)
    assert dates_of(article) == ("2026-11-29T08:30:00Z", "2026-11-29T10:30:00+02:00", "second")


def test_a_page_dated_only_by_its_feed_keeps_the_feed_s_offset() -> None:
    html = page("", "<h1>عنوان الخبر هنا</h1>" + news_body())
    candidate = Candidate(
        source="x",
        url="https://example.ly/a",
        method="feed",
        found_on="https://example.ly/feed",
        published_at="2026-11-28T21:30:00Z",
        published_local="2026-11-29T00:30:00+03:00",
        published_precision="second",
        modified_at="2026-11-29T10:00:00Z",
        modified_local="2026-11-29",
        modified_precision="day",
    )
    article = extract_article(html, "https://example.ly/a", candidate=candidate)
    assert dates_of(article) == ("2026-11-28T21:30:00Z", "2026-11-29T00:30:00+03:00", "second")
    assert (article.modified_local, article.modified_precision) == ("2026-11-29", "day")
    assert article.methods["published_at"] == "feed"
    # a candidate queued by an older release has only its UTC value: that is what it wrote
    old = Candidate("x", "https://example.ly/a", "feed", "f", published_at="2026-11-28T21:30:00Z")
    article = extract_article(html, "https://example.ly/a", candidate=old)
    assert dates_of(article) == ("2026-11-28T21:30:00Z", "2026-11-28T21:30:00+00:00", "second")
    junk = Candidate("x", "https://example.ly/a", "feed", "f", published_at="1-01-01T00:00:00Z")
    assert extract_article(html, "https://example.ly/a", candidate=junk).published_at is None


def test_a_dated_address_gives_a_day() -> None:
    html = page("", "<h1>عنوان الخبر هنا</h1>" + news_body())
    article = extract_article(html, "https://example.ly/2026/03/05/slug/")
    assert dates_of(article) == ("2026-03-05T10:00:00Z", "2026-03-05", "day")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=80))
def test_whatever_the_byline_says_no_time_is_invented(byline: str) -> None:
    body = f'<h1>عنوان الخبر هنا</h1><div class="post-meta">{byline}</div>' + news_body(2)
    article = extract_article(page("", body), "https://example.ly/a", now=NOW_FIXED)
    if article.published_at is None:
        assert article.published_local is None and article.published_precision is None
    elif article.published_precision == "day":
        assert article.published_local is not None and len(article.published_local) == 10
    else:
        assert article.published_local is not None
        assert datetime.fromisoformat(article.published_local) == datetime.fromisoformat(
            article.published_at.replace("Z", "+00:00")
        )
