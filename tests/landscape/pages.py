"""HTML article and listing pages in each simulated CMS's markup, chrome included.

The markup copies what outlets.md records of the real sites (WordPress/Yoast classes,
alwasat's ``div.art-content``, Drupal's ``field--name-body``, LANA's windows-1256 tables,
libyaakhbar's banner and attribution lines). Everything outside the body container is
chrome that an extractor must drop: menus, breadcrumbs, share buttons, "اقرأ أيضا",
comments, sidebars, newsletter boxes, footers and image captions.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from html import escape
from typing import TYPE_CHECKING

from tests.landscape.content import (
    ExpectedArticle,
    arabic_clock_12h,
    arabic_date,
    arabic_relative,
    parse_z,
)

if TYPE_CHECKING:
    from tests.landscape.outlets import Outlet

MENU_AR = ("الرئيسية", "أخبار ليبيا", "سياسة", "اقتصاد", "رياضة", "منوعات", "تقارير", "فيديو")
MENU_EN = ("News", "In Brief", "Economy", "Opinions", "Sports", "Life")


def esc(text: str) -> str:
    """Escape text for HTML content and attribute values."""
    return escape(text, quote=True)


def body_html(article: ExpectedArticle, heading: str = "h2", p_attrs: str = "") -> str:
    """The article paragraphs as ``<p>`` elements, sub-headings as ``heading`` elements."""
    parts = []
    for i, para in enumerate(article.paragraphs):
        if i in article.headings:
            parts.append(f"<{heading}>{esc(para)}</{heading}>")
        else:
            parts.append(f"<p{p_attrs}>{esc(para)}</p>")
    return "\n".join(parts)


def related(outlet: Outlet, article: ExpectedArticle, count: int = 4) -> list[ExpectedArticle]:
    """Other articles of the same outlet, for "read also" and sidebar lists."""
    others = [a for a in outlet.articles if a.url != article.url]
    return others[:count]


def link_list(articles: list[ExpectedArticle], css: str) -> str:
    """A ``<ul>`` of headline links."""
    items = "".join(f'<li><a href="{esc(a.url)}">{esc(a.headline)}</a></li>' for a in articles)
    return f'<ul class="{css}">{items}</ul>'


def offset_iso(stamp: str, tz: timezone | None = None) -> str:
    """``2026-11-28T10:12:00+00:00`` (WordPress style) from a ``...Z`` stamp."""
    return parse_z(stamp).astimezone(tz or timezone.utc).isoformat()


def render_wordpress(outlet: Outlet, a: ExpectedArticle) -> str:
    """A WordPress single post with Yoast JSON-LD and a typical Arabic news theme."""
    site, base = outlet.name, outlet.base_url
    published, modified = offset_iso(a.published_at), offset_iso(a.modified_at or a.published_at)
    news = {
        "@type": "NewsArticle",
        "headline": a.headline,
        "datePublished": published,
        "dateModified": modified,
        "author": {"@type": "Person", "name": a.author},
        "publisher": {"@type": "Organization", "name": site, "logo": f"{base}/logo.png"},
        "mainEntityOfPage": a.url,
        "image": f"{base}/wp-content/uploads/2026/11/img-{a.post_id}.jpg",
        "inLanguage": "ar",
    }
    if a.post_id % 2 == 0:  # Yoast wraps its pieces in @graph
        crumbs = {"@type": "BreadcrumbList", "itemListElement": [{"name": "الرئيسية"}]}
        ld: dict[str, object] = {
            "@context": "https://schema.org",
            "@graph": [news, {"@type": "WebPage", "@id": a.url, "name": a.headline}, crumbs],
        }
    else:
        ld = {"@context": "https://schema.org", **news}
    menu = "".join(f'<li class="menu-item"><a href="{base}/">{m}</a></li>' for m in MENU_AR)
    read_also = link_list(related(outlet, a), "related-list")
    popular = link_list(related(outlet, a, 6)[2:], "popular-posts")
    return f"""<!DOCTYPE html>
<html dir="rtl" lang="ar">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(a.headline)} - {esc(site)}</title>
<link rel="canonical" href="{esc(a.url)}">
<meta property="og:locale" content="ar_AR">
<meta property="og:type" content="article">
<meta property="og:title" content="{esc(a.headline)} - {esc(site)}">
<meta property="og:description" content="{esc(a.summary[:150])}">
<meta property="og:url" content="{esc(a.url)}">
<meta property="og:site_name" content="{esc(site)}">
<meta property="article:published_time" content="{published}">
<meta property="article:modified_time" content="{modified}">
<meta name="author" content="{esc(a.author or "")}">
<script type="application/ld+json" class="yoast-schema-graph">{json.dumps(ld, ensure_ascii=False)}</script>
<link rel="alternate" type="application/rss+xml" title="{esc(site)} &raquo; الخلاصة" href="{base}/feed/">
<link rel="https://api.w.org/" href="{base}/wp-json/">
</head>
<body class="post-template-default single single-post postid-{a.post_id} single-format-standard">
<div id="page" class="site">
<a class="skip-link screen-reader-text" href="#content">تخطي إلى المحتوى</a>
<header id="masthead" class="site-header">
<div class="site-branding"><p class="site-title"><a href="{base}/" rel="home">{esc(site)}</a></p>
<p class="site-description">أخبار ليبيا على مدار الساعة</p></div>
<nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu">{menu}</ul></nav>
</header>
<div class="breadcrumbs"><a href="{base}/">الرئيسية</a> » <a href="{base}/category/libya/">أخبار ليبيا</a> » <span class="breadcrumb_last">{esc(a.headline)}</span></div>
<div id="content" class="site-content"><main id="main" class="site-main">
<article id="post-{a.post_id}" class="post-{a.post_id} post type-post status-publish format-standard has-post-thumbnail hentry category-libya">
<header class="entry-header">
<h1 class="entry-title">{esc(a.headline)}</h1>
<div class="entry-meta"><span class="posted-on"><time class="entry-date published" datetime="{published}">{arabic_date(parse_z(a.published_at))}</time></span>
<span class="byline"> بواسطة <span class="author vcard"><a class="url fn n" href="{base}/author/{a.post_id % 7}/">{esc(a.author or "")}</a></span></span></div>
</header>
<figure class="post-thumbnail"><img src="{base}/wp-content/uploads/2026/11/img-{a.post_id}.jpg" alt="{esc(a.headline)}"><figcaption>{esc(a.caption)}</figcaption></figure>
<div class="entry-content">
{body_html(a, "h2")}
</div>
<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">شارك هذا:</h3>
<ul><li class="share-facebook"><a href="#">فيسبوك</a></li><li class="share-twitter"><a href="#">تويتر</a></li><li class="share-whatsapp"><a href="#">واتساب</a></li></ul></div>
<footer class="entry-footer"><span class="tags-links">الوسوم: <a href="{base}/tag/libya/" rel="tag">ليبيا</a>، <a href="{base}/tag/news/" rel="tag">أخبار</a></span></footer>
</article>
<section class="related-posts"><h3 class="related-title">اقرأ أيضا</h3>{read_also}</section>
<div id="comments" class="comments-area">
<h2 class="comments-title">تعليق واحد على &ldquo;{esc(a.headline)}&rdquo;</h2>
<ol class="comment-list"><li class="comment"><article class="comment-body"><footer class="comment-meta"><b class="fn">مواطن من {esc(outlet.name)}</b></footer>
<div class="comment-content"><p>نتمنى أن تتحول هذه الوعود إلى أفعال على أرض الواقع.</p></div></article></li></ol>
<div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">اترك تعليقاً</h3>
<form action="{base}/wp-comments-post.php" method="post"><textarea name="comment"></textarea><input type="submit" value="إرسال التعليق"></form></div>
</div>
</main>
<aside id="secondary" class="widget-area"><section class="widget"><h2 class="widget-title">الأكثر قراءة</h2>{popular}</section>
<section class="widget widget_newsletter"><h2 class="widget-title">النشرة البريدية</h2><p>اشترك ليصلك كل جديد</p></section></aside>
</div>
<footer id="colophon" class="site-footer"><div class="newsletter-box">اشترك في النشرة البريدية لتصلك أهم الأخبار يومياً</div>
<div class="site-info">جميع الحقوق محفوظة &copy; 2026 {esc(site)}</div></footer>
</div>
</body>
</html>
"""


def render_custom(outlet: Outlet, a: ExpectedArticle) -> str:
    """An alwasat.ly-like page: no JSON-LD, ``h1.title``, the date only as Arabic text."""
    site, base = outlet.name, outlet.base_url
    published = parse_z(a.published_at)
    dateline = (
        f"{a.extra.get('city', 'طرابلس')} - {site} {arabic_date(published, weekday=True)}, "
        f"{arabic_clock_12h(published)}"
    )
    menu = "".join(f'<li><a href="{base}/section/libya">{m}</a></li>' for m in MENU_AR)
    ticker = " | ".join(esc(r.headline) for r in related(outlet, a, 3))
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<title>{esc(site)} | {esc(a.headline)}</title>
<meta name="description" content="{esc(a.summary[:160])}">
<meta property="og:title" content="{esc(a.headline)}">
<meta property="og:image" content="{base}/uploads/articles/{a.post_id}.jpg">
<meta property="og:site_name" content="{esc(site)}">
</head>
<body>
<div class="top-bar"><span class="today">{arabic_date(published, weekday=True)}</span> <span class="weather">طرابلس 22°</span></div>
<header class="site-header"><a class="logo" href="{base}/">{esc(site)}</a><ul class="main-menu">{menu}</ul></header>
<div class="ticker"><span class="urgent">عاجل</span> {ticker}</div>
<div id="maincol">
<div class="breadcrumb"><a href="{base}/">الرئيسية</a> / <a href="{base}/section/libya">ليبيا</a></div>
<h1 class="title">{esc(a.headline)}</h1>
<div class="art-info"><span class="date">{esc(dateline)}</span></div>
<div class="art-image"><img src="{base}/uploads/articles/{a.post_id}.jpg" alt=""><div class="caption">{esc(a.caption)}</div></div>
<div class="art-content">
{body_html(a, "h3", ' style="direction: rtl;"')}
</div>
<div class="art-tags">كلمات مفتاحية: <a href="{base}/tags/libya">ليبيا</a></div>
<div class="share-box">شارك الخبر: <a href="#">فيسبوك</a> <a href="#">تويتر</a></div>
<div class="related"><h4>أخبار ذات صلة</h4>{link_list(related(outlet, a), "h_list")}</div>
<div class="comments"><h4>التعليقات</h4><div class="fb-comments" data-href="{esc(a.url)}"></div></div>
</div>
<div id="sidebar"><h4>الأكثر قراءة</h4>{link_list(related(outlet, a, 6)[2:], "most-read")}
<div class="newsletter">اشترك في نشرة الوسط البريدية</div></div>
<footer class="site-footer"><p>جميع الحقوق محفوظة &copy; 2026 {esc(site)}</p></footer>
</body>
</html>
"""


def render_drupal(outlet: Outlet, a: ExpectedArticle) -> str:
    """A Drupal 10 node page like libyaobserver.ly (English)."""
    site, base = outlet.name, outlet.base_url
    published = parse_z(a.published_at)
    shown = published.astimezone(timezone.utc).strftime("%A, %d %B %Y %H:%M")
    menu = "".join(f'<li class="menu-item"><a href="{base}/news">{m}</a></li>' for m in MENU_EN)
    return f"""<!DOCTYPE html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="Generator" content="Drupal 10 (https://www.drupal.org)">
<title>{esc(a.headline)} | {esc(site)}</title>
<link rel="canonical" href="{esc(a.url)}">
<meta property="og:title" content="{esc(a.headline)}">
<meta property="og:site_name" content="{esc(site)}">
</head>
<body class="path-node page-node-type-article">
<a href="#main-content" class="visually-hidden focusable skip-link">Skip to main content</a>
<div class="dialog-off-canvas-main-canvas">
<header role="banner"><a href="{base}/" class="site-logo">{esc(site)}</a><nav role="navigation"><ul class="menu">{menu}</ul></nav></header>
<main role="main"><a id="main-content" tabindex="-1"></a>
<article role="article" class="node node--type-article node--promoted node--view-mode-full">
<h1 class="page-title"><span class="field field--name-title field--type-string">{esc(a.headline)}</span></h1>
<div class="node__meta"><span class="field field--name-uid field--type-entity-reference"><span>{esc(a.author or "")}</span></span>
<span class="field field--name-created field--type-created"><time datetime="{published.isoformat().replace("+00:00", "Z")}">{shown}</time></span></div>
<div class="field field--name-field-image"><img src="{base}/sites/default/files/styles/wide/public/2026-11/{a.post_id}.jpg?itok=x1Y2z3" alt=""><div class="caption">{esc(a.caption)}</div></div>
<div class="clearfix text-formatted field field--name-body field--type-text-with-summary field--label-hidden field__item">
{body_html(a, "h3")}
</div>
<div class="field field--name-field-tags"><div class="field__label">Tags</div><a href="{base}/tag/libya">Libya</a></div>
</article>
<div class="block-views-blockrelated-block"><h2>Related</h2>{link_list(related(outlet, a), "related")}</div>
</main>
<footer role="contentinfo"><p>&copy; {esc(site)} 2026. All rights reserved.</p><a href="{base}/about">About us</a></footer>
</div>
</body>
</html>
"""


def render_legacy(outlet: Outlet, a: ExpectedArticle) -> str:
    """A LANA-like custom PHP page (the caller encodes it as windows-1256)."""
    site = outlet.name
    local = parse_z(a.published_at).astimezone(outlet.local_tz)
    return f"""<html dir="rtl">
<head>
<meta charset="windows-1256">
<title>{esc(site)} - {esc(a.headline)}</title>
</head>
<body>
<table width="100%" class="header"><tr><td><img src="images/logo.gif" alt="{esc(site)}"></td>
<td class="top_menu"><a href="index.php?lang=ar">الرئيسية</a> | <a href="category.php?lang=ar&amp;id=8">الأخبار المحلية</a> | <a href="category.php?lang=ar&amp;id=9">الأخبار الدولية</a> | <a href="post.php?lang=en&amp;id={a.post_id}">English</a></td></tr></table>
<div class="news_details">
<h2 class="news_title">{esc(a.headline)}</h2>
<div class="news_date"><span class="pub_date">{local.strftime("%d/%m/%Y %H:%M:%S")}</span></div>
<div class="news_text">
{body_html(a, "h4", ' class="article_text"')}
</div>
</div>
<div class="print_send"><a href="print.php?id={a.post_id}">طباعة</a> | <a href="send.php?id={a.post_id}">إرسال لصديق</a></div>
<div class="more_news"><b>أخبار أخرى</b>{link_list(related(outlet, a), "news_titles")}</div>
<div class="footer">جميع الحقوق محفوظة &copy; {esc(site)} 2026</div>
</body>
</html>
"""


def render_aggregator(outlet: Outlet, a: ExpectedArticle, now: datetime) -> str:
    """A libyaakhbar.com-like copy: banner, attribution line, body, source footer."""
    site, base = outlet.name, outlet.base_url
    short = a.original_source or ""
    long_name = a.extra.get("source_long", short)
    if a.original_url:
        footer_link = (
            f'<a href="{esc(a.original_url)}" rel="nofollow" target="_blank">{esc(long_name)}</a>'
        )
    else:
        footer_link = esc(long_name)
    menu = "".join(f'<li><a href="{base}/libya-news">{m}</a></li>' for m in MENU_AR[:5])
    return f"""<!DOCTYPE html>
<html dir="rtl" lang="ar">
<head>
<meta charset="UTF-8">
<title>{esc(a.headline)} | {esc(site)}</title>
<meta property="og:title" content="{esc(a.headline)}">
<meta property="og:site_name" content="{esc(site)}">
<meta property="article:published_time" content="{offset_iso(a.published_at)}">
</head>
<body class="post-template-default single single-post vce-single">
<div class="top-banner"><a href="{base}/" class="site-title">{esc(site)}</a></div>
<nav class="main-navigation"><ul class="vce-main-nav">{menu}</ul></nav>
<div id="content" class="container site-content">
<article class="vce-single post">
<header class="entry-header"><h1 class="entry-title">{esc(a.headline)}</h1>
<div class="entry-meta"><div class="meta-item date"><span class="updated">{arabic_relative(parse_z(a.published_at), now)}</span></div></div></header>
<div class="entry-content">
<p class="news-source"><strong>مصدر الخبر / {esc(short)}</strong></p>
{body_html(a, "h2")}
<p class="read-source">يمكنك ايضا قراءة الخبر في المصدر من {footer_link}</p>
</div>
<div class="about-source"><h3>عن مصدر الخبر</h3><p>{esc(long_name)}</p></div>
</article>
<div class="vce-related"><h3>أخبار ذات صلة</h3>{link_list(related(outlet, a), "related")}</div>
</div>
<footer class="site-footer"><p>{esc(site)} - جميع الحقوق محفوظة &copy; 2026</p></footer>
</body>
</html>
"""


def render_saa24(outlet: Outlet, a: ExpectedArticle) -> str:
    """An alsaaa24.net-like page: custom CMS with JSON-LD NewsArticle."""
    site, base = outlet.name, outlet.base_url
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": a.headline,
        "datePublished": offset_iso(a.published_at, outlet.local_tz),
        "author": {"@type": "Person", "name": a.author},
        "publisher": {"@type": "Organization", "name": site},
        "url": a.url,
    }
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<title>{esc(a.headline)} | {esc(site)}</title>
<meta property="og:title" content="{esc(a.headline)}">
<meta property="og:url" content="{esc(a.url)}">
<link rel="canonical" href="{esc(a.url)}">
<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>
</head>
<body>
<header class="header"><a href="{base}/" class="logo">{esc(site)}</a>
<nav><a href="{base}/category/libya">ليبيا</a> <a href="{base}/articles">مقالات</a> <a href="{base}/videos">فيديو</a></nav></header>
<main class="news-page">
<h1 class="news-title">{esc(a.headline)}</h1>
<div class="news-meta"><a class="author" href="{base}/authors/{a.post_id % 5}">{esc(a.author or "")}</a> <span class="date">{arabic_date(parse_z(a.published_at))}</span></div>
<div class="news-body">
{body_html(a, "h2")}
</div>
<div class="share">شارك: <a href="#">فيسبوك</a> <a href="#">تويتر</a></div>
<section class="more-news"><h3>اقرأ أيضا</h3>{link_list(related(outlet, a), "more")}</section>
</main>
<footer><p>جميع الحقوق محفوظة &copy; 2026 {esc(site)}</p></footer>
</body>
</html>
"""


def render_listing(
    outlet: Outlet, articles: list[ExpectedArticle], title: str, next_url: str | None
) -> str:
    """A section or tag page: headline links in the outlet's listing markup."""
    if outlet.style == "legacy":
        # LANA links are relative: ``post.php?lang=ar&id=N``.
        items = "".join(
            f'<li><a href="{esc(a.path.lstrip("/"))}">{esc(a.headline)}</a></li>' for a in articles
        )
        rows = f'<ul class="news_titles">{items}</ul>'
    elif outlet.restyled:
        # a theme change: cards instead of the CMS's own listing markup
        rows = "".join(
            f'<div class="card"><a class="card-link" href="{esc(a.url)}"><span>{esc(a.headline)}</span></a></div>'
            for a in articles
        )
    elif outlet.style == "custom":
        rows = "".join(
            f'<div class="section-item"><div class="title"><a href="{esc(a.url)}">{esc(a.headline)}</a></div></div>'
            for a in articles
        )
    else:
        rows = "".join(
            f'<article class="post"><h2 class="entry-title"><a href="{esc(a.url)}" rel="bookmark">{esc(a.headline)}</a></h2></article>'
            for a in articles
        )
    nav = f'<a class="next page-numbers" href="{esc(next_url)}">الأقدم</a>' if next_url else ""
    charset = "windows-1256" if outlet.style == "legacy" else "utf-8"
    return f"""<!DOCTYPE html>
<html dir="rtl" lang="{outlet.language}">
<head><meta charset="{charset}"><title>{esc(title)} - {esc(outlet.name)}</title></head>
<body>
<header><a href="{outlet.base_url}/">{esc(outlet.name)}</a></header>
<main id="maincol"><h1 class="archive-title">{esc(title)}</h1>
{rows}
<div class="pagination">{nav}</div>
</main>
<footer>جميع الحقوق محفوظة &copy; 2026 {esc(outlet.name)}</footer>
</body>
</html>
"""
