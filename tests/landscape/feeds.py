"""Feeds, sitemaps and WordPress REST answers of the simulated outlets.

Formats follow what outlets.md records: WordPress RSS 2.0 with ``content:encoded`` and
RFC-822 ``+0000`` dates, Drupal's ``"<nid> at <base>"`` GUIDs, an RSS 1.0 (RDF) feed as
WordPress serves at ``/feed/rdf/``, an Atom feed, ``wp-sitemap`` and Google News sitemaps.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from email.utils import format_datetime
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from tests.landscape.content import TRIPOLI, ExpectedArticle, parse_z
from tests.landscape.pages import body_html

if TYPE_CHECKING:
    from tests.landscape.outlets import Outlet

RSS_NAMESPACES = (
    'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:atom="http://www.w3.org/2005/Atom"'
)


def rfc822(stamp: str, tz: timezone = timezone.utc) -> str:
    """``Tue, 16 Jun 2026 09:12:44 +0000`` (or another offset) from a ``...Z`` stamp."""
    return format_datetime(parse_z(stamp).astimezone(tz))


def cdata(text: str) -> str:
    """Wrap HTML in CDATA, as WordPress does for ``content:encoded``."""
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def render_rss2(outlet: Outlet, articles: list[ExpectedArticle], feed_url: str) -> str:
    """RSS 2.0 in the outlet's flavour (WordPress, alwasat, Drupal, alsaaa24)."""
    items = []
    for a in articles:
        parts = [f"<title>{escape(a.headline)}</title>", f"<link>{escape(a.url)}</link>"]
        if outlet.style == "custom":
            parts.append(f"<pubDate>{rfc822(a.published_at, outlet.local_tz)}</pubDate>")
            parts.append(f"<guid>{escape(a.guid)}</guid>")
        else:
            parts.append(f"<pubDate>{rfc822(a.published_at)}</pubDate>")
            parts.append(f'<guid isPermaLink="false">{escape(a.guid)}</guid>')
        if a.author:
            parts.append(f"<dc:creator>{cdata(a.author)}</dc:creator>")
        parts.append(f"<description>{cdata(a.summary[:200])}</description>")
        if outlet.style == "wordpress":
            parts.append("<category><![CDATA[أخبار ليبيا]]></category>")
            parts.append(f"<content:encoded>{cdata(body_html(a))}</content:encoded>")
        items.append("<item>\n" + "\n".join(parts) + "\n</item>")
    build = rfc822(newest_stamp(articles)) if articles else rfc822("2026-01-01T00:00:00Z")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" {RSS_NAMESPACES}>
<channel>
<title>{escape(outlet.name)}</title>
<atom:link href="{escape(feed_url)}" rel="self" type="application/rss+xml" />
<link>{outlet.base_url}/</link>
<description>{escape(outlet.name)} - أخبار ليبيا</description>
<lastBuildDate>{build}</lastBuildDate>
<language>{outlet.language}</language>
{chr(10).join(items)}
</channel>
</rss>
"""


def render_rdf(outlet: Outlet, articles: list[ExpectedArticle], feed_url: str) -> str:
    """RSS 1.0 (RDF), as WordPress serves at ``/feed/rdf/``."""
    seq = "".join(f'<rdf:li rdf:resource="{escape(a.url)}"/>' for a in articles)
    items = "\n".join(
        f'<item rdf:about="{escape(a.url)}">\n<title>{escape(a.headline)}</title>\n'
        f"<link>{escape(a.url)}</link>\n<dc:date>{a.published_at}</dc:date>\n"
        f"<description>{escape(a.summary[:200])}</description>\n</item>"
        for a in articles
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="{escape(feed_url)}">
<title>{escape(outlet.name)}</title>
<link>{outlet.base_url}/</link>
<description>أخبار ليبيا لحظة بلحظة</description>
<items><rdf:Seq>{seq}</rdf:Seq></items>
</channel>
{items}
</rdf:RDF>
"""


def render_atom(outlet: Outlet, articles: list[ExpectedArticle], feed_url: str) -> str:
    """An Atom 1.0 feed with local (+02:00) timestamps, as LANA's CMS would write them."""
    entries = "\n".join(
        f"<entry>\n<title>{escape(a.headline)}</title>\n"
        f'<link rel="alternate" href="{escape(a.url)}"/>\n<id>{escape(a.guid)}</id>\n'
        f"<published>{parse_z(a.published_at).astimezone(outlet.local_tz).isoformat()}</published>\n"
        f"<updated>{parse_z(a.modified_at or a.published_at).astimezone(outlet.local_tz).isoformat()}</updated>\n"
        f'<summary type="text">{escape(a.summary[:200])}</summary>\n</entry>'
        for a in articles
    )
    updated = parse_z(newest_stamp(articles) if articles else "2026-01-01T00:00:00Z")
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ar">
<title>{escape(outlet.name)}</title>
<link rel="self" href="{escape(feed_url)}"/>
<link rel="alternate" href="{outlet.base_url}/"/>
<id>{outlet.base_url}/</id>
<updated>{updated.astimezone(outlet.local_tz).isoformat()}</updated>
{entries}
</feed>
"""


def render_wp_sitemap_index(outlet: Outlet) -> str:
    """WordPress core's ``/wp-sitemap.xml`` index."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>{outlet.base_url}/wp-sitemap-posts-post-1.xml</loc></sitemap>
<sitemap><loc>{outlet.base_url}/wp-sitemap-taxonomies-category-1.xml</loc></sitemap>
</sitemapindex>
"""


def render_urlset(articles: list[ExpectedArticle]) -> str:
    """A plain sitemap of article URLs with ``lastmod``."""
    rows = "\n".join(
        f"<url><loc>{escape(a.url)}</loc><lastmod>{a.modified_at or a.published_at}</lastmod></url>"
        for a in articles
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
{rows}
</urlset>
"""


def render_news_sitemap(outlet: Outlet, articles: list[ExpectedArticle]) -> str:
    """A Google News sitemap with local-offset publication dates."""
    rows = "\n".join(
        f"<url><loc>{escape(a.url)}</loc><news:news><news:publication>"
        f"<news:name>{escape(outlet.name)}</news:name><news:language>{outlet.language}</news:language>"
        f"</news:publication><news:publication_date>"
        f"{parse_z(a.published_at).astimezone(outlet.local_tz).isoformat()}</news:publication_date>"
        f"<news:title>{escape(a.headline)}</news:title></news:news></url>"
        for a in articles
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
{rows}
</urlset>
"""


def render_wp_posts(articles: list[ExpectedArticle], *, embed: bool = False) -> str:
    """The ``/wp-json/wp/v2/posts`` list for one page of articles (``_embed``: with
    ``_embedded.author``, as WordPress answers ``?_embed=author``)."""
    posts: list[dict[str, object]] = [
        {
            "id": a.post_id,
            "date": parse_z(a.published_at).astimezone(TRIPOLI).strftime("%Y-%m-%dT%H:%M:%S"),
            "date_gmt": a.published_at.rstrip("Z"),
            "modified_gmt": (a.modified_at or a.published_at).rstrip("Z"),
            "guid": {"rendered": a.guid},
            "slug": a.extra.get("slug", ""),
            "status": "publish",
            "type": "post",
            "link": a.url,
            "title": {"rendered": escape(a.headline)},
            "content": {"rendered": body_html(a) + "\n", "protected": False},
            "excerpt": {"rendered": f"<p>{escape(a.summary[:150])}</p>\n", "protected": False},
            "author": 1,
        }
        for a in articles
    ]
    if embed:
        for post, article in zip(posts, articles, strict=True):
            if article.author:
                post["_embedded"] = {"author": [{"id": 1, "name": article.author}]}
    return json.dumps(posts, ensure_ascii=False)


def newest_stamp(articles: list[ExpectedArticle]) -> str:
    """The latest publication or modification stamp among ``articles``."""
    return max((a.modified_at or a.published_at) for a in articles)


def http_date(stamp: str) -> str:
    """An HTTP-date (RFC 9110 ``IMF-fixdate``) from a ``...Z`` stamp."""
    return format_datetime(parse_z(stamp).astimezone(timezone.utc), usegmt=True)


def stamp_of(moment: datetime) -> str:
    """``...Z`` stamp of an aware datetime."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
