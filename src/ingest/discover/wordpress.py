"""The WordPress REST API (``/wp-json/wp/v2/posts``) → Candidates, with the standard library.

Most Libyan outlets run WordPress, and its API hands over what a feed does and more:
exact GMT dates beside the site's local ones (the pair gives the site's offset exactly),
the modification date, the full rendered content and deep pagination
(``X-WP-TotalPages``) for backfill, where a feed shows only the latest 10–20 posts. The
answers are plain JSON, so ``json`` and ``html`` from the standard library are all it takes.

Example::

    url = posts_url("https://almarsad.co/wp-json/", after=last_run)
    page = await fetcher.fetch(url)
    result = parse_posts(page.content, source="marsad", api_url=url, headers=page.headers)
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ingest.clock import When, iso, utc_now, written
from ingest.discover import (
    checked_date,
    collapse_spaces,
    date_fields,
    dates_problem,
    html_to_text,
    parse_w3c_datetime,
    written_precision,
)
from ingest.discover.feeds import looks_like_html
from ingest.models import Candidate

# WordPress refuses per_page above 100 with rest_invalid_param.
MAX_PER_PAGE = 100
# Only the author is embedded: the full _embed also drags in media and terms.
EMBED = "author"
# Only the fields read here: Yoast and Rank Math add several KB of head markup to every
# post otherwise. _links and _embedded must be listed for _embed to work with _fields.
FIELDS = (
    "link,guid,date,date_gmt,modified,modified_gmt,title,excerpt,content,author,_links,_embedded"
)
MAX_OFFSET = timedelta(hours=14)  # the widest UTC offset in use (Kiribati)

# What the API's error codes mean for the person configuring the source.
ERROR_HINTS = {
    "rest_no_route": (
        "the WordPress REST API has no posts route here: it is disabled or moved (one Libyan "
        'government site renamed wp-json); find the root in <link rel="https://api.w.org/"> '
        "on the homepage, or remove `wordpress:` and use the feed"
    ),
    "rest_post_invalid_page_number": "the page number is past the last page: backfill is done",
    "rest_forbidden": "the API refuses anonymous reads here: remove `wordpress:` and use the feed",
    "rest_cannot_access": "a plugin blocks the REST API: remove `wordpress:` and use the feed",
    "rest_not_logged_in": "the API demands a login: remove `wordpress:` and use the feed",
    "rest_disabled": "the REST API is disabled: remove `wordpress:` and use the feed",
    "rest_invalid_param": "the API rejected a query parameter (per_page above 100, or a bad date)",
}


@dataclass(frozen=True)
class WordPressResult:
    """Posts of one API page as candidates, the number of pages, and what went wrong."""

    candidates: list[Candidate]
    total_pages: int | None
    problems: list[str]


def posts_url(
    api_root: str,
    *,
    page: int = 1,
    per_page: int = 20,
    after: datetime | None = None,
    before: datetime | None = None,
) -> str:
    """Return the posts URL under an API root, newest first.

    Handles pretty roots (``https://x.ly/wp-json/``) and plain-permalink roots
    (``https://x.ly/?rest_route=/``). WordPress compares ``after``/``before`` against
    the site's local post date, so callers wanting every new post pass a margin of a day.
    """
    params = [
        ("page", str(max(page, 1))),
        ("per_page", str(min(max(per_page, 1), MAX_PER_PAGE))),
        ("orderby", "date"),
        ("order", "desc"),
        ("_embed", EMBED),
        ("_fields", FIELDS),
    ]
    if after is not None:
        params.append(("after", format_wp_date(after)))
    if before is not None:
        params.append(("before", format_wp_date(before)))
    parts = urlsplit(api_root.strip())
    query = parse_qsl(parts.query, keep_blank_values=True)
    route = next((value for key, value in query if key == "rest_route"), None)
    if route is not None:
        rest = [(k, v) for k, v in query if k != "rest_route"]
        new_route = "/" + route.strip("/") + "/wp/v2/posts" if route.strip("/") else "/wp/v2/posts"
        query = [("rest_route", new_route), *rest, *params]
        return urlunsplit(parts._replace(query=urlencode(query, safe="/")))
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return urlunsplit(parts._replace(path=path + "wp/v2/posts", query=urlencode(query + params)))


def format_wp_date(moment: datetime) -> str:
    """Return a datetime as the ISO-8601 form the API accepts, in UTC."""
    return iso(moment).removesuffix("Z")


def parse_posts(
    content: bytes,
    *,
    source: str,
    api_url: str,
    headers: Mapping[str, str] | None = None,
    now: datetime | None = None,
) -> WordPressResult:
    """Parse one page of ``/wp/v2/posts`` into candidates; errors become problems.

    A date after ``now`` (default: the clock) or before ``clock.MIN_YEAR`` is dropped from
    its post, the reasons counted.
    """
    problems: list[str] = []
    total_pages = read_total_pages(headers, problems)
    if not content.strip():
        return WordPressResult([], total_pages, ["the API answered with an empty body"])
    if looks_like_html(content):
        return WordPressResult(
            [],
            total_pages,
            [
                "the API URL returns an HTML page, not JSON: the REST API is disabled, blocked "
                "by a firewall page, or the `wordpress:` root is wrong"
            ],
        )
    try:
        data = json.loads(content.decode("utf-8-sig", "replace"))
    except (ValueError, RecursionError) as exc:
        return WordPressResult([], total_pages, [f"the API answer is not JSON ({exc})"])
    if isinstance(data, dict):
        return WordPressResult([], total_pages, [describe_error(data)])
    if not isinstance(data, list):
        return WordPressResult([], total_pages, ["the API answer is not a list of posts"])

    candidates: list[Candidate] = []
    seen: set[str] = set()
    skipped = 0
    bad_dates: list[str] = []
    current = now or utc_now()
    for post in data:
        candidate = post_candidate(
            post, source=source, api_url=api_url, now=current, reasons=bad_dates
        )
        if candidate is None:
            skipped += 1
        elif candidate.url not in seen:
            seen.add(candidate.url)
            candidates.append(candidate)
    if skipped:
        problems.append(f"{skipped} posts without a usable link were skipped")
    problems.extend(dates_problem(bad_dates, "posts"))
    return WordPressResult(candidates, total_pages, problems)


def read_total_pages(headers: Mapping[str, str] | None, problems: list[str]) -> int | None:
    """Return X-WP-TotalPages from the response headers (any case), or None."""
    if not headers:
        return None
    for name, value in headers.items():
        if name.lower() == "x-wp-totalpages":
            try:
                return max(int(str(value).strip()), 0)
            except ValueError:
                problems.append(f"X-WP-TotalPages is not a number: {value!r}")
                return None
    return None


def describe_error(data: Mapping[str, Any]) -> str:
    """Turn a WordPress error object into a message saying what to do."""
    code = data.get("code")
    message = html_to_text(str(data.get("message") or "")) or ""
    if not isinstance(code, str):
        return "the API answered with a JSON object, not a list of posts"
    hint = ERROR_HINTS.get(code)
    detail = f" ({message})" if message else ""
    if hint:
        return f"WordPress API error {code}: {hint}{detail}"
    return f"WordPress API error {code}{detail}"


def rendered(value: Any) -> str | None:
    """Return ``value["rendered"]`` (the API's shape for title, content, guid) or a plain str."""
    if isinstance(value, dict):
        value = value.get("rendered")
    return value if isinstance(value, str) and value.strip() else None


def post_date(local: Any, gmt: Any, *, now: datetime, reasons: list[str]) -> When | None:
    """A post's date from its ``date``/``date_gmt`` pair: GMT, in the site's own offset.

    Both fields are naive; their difference is the site's offset at that moment
    (``2026-11-29T00:30:00`` and ``2026-11-28T22:30:00`` give ``+02:00``). Without a
    sensible local value the date is shown in UTC. Reasons for an unusable one go to
    ``reasons``.
    """
    if gmt is None or (isinstance(gmt, str) and (gmt.startswith("0000") or not gmt.strip())):
        return None  # drafts and some imports carry 0000-00-00T00:00:00: no date, not a bad one
    moment = parse_w3c_datetime(gmt, naive_tz=timezone.utc) if isinstance(gmt, str) else None
    if moment is None:
        reasons.append(f"unreadable date {str(gmt)[:40]!r}")
        return None
    when = checked_date(moment, written_precision(str(gmt)), now, reasons)
    wall = parse_w3c_datetime(local, naive_tz=timezone.utc) if isinstance(local, str) else None
    if when is None or wall is None:
        return when
    utc = moment.astimezone(timezone.utc)
    offset = wall.replace(tzinfo=None, microsecond=0) - utc.replace(tzinfo=None, microsecond=0)
    if abs(offset) > MAX_OFFSET or offset % timedelta(minutes=1):
        return when  # not the same moment: a broken pair tells no offset
    return written(moment.astimezone(timezone(offset)), when.precision)


def embedded_author(post: Mapping[str, Any]) -> str | None:
    """Return the author's display name from ``_embedded.author``, when embedded."""
    embedded = post.get("_embedded")
    if not isinstance(embedded, dict):
        return None
    authors = embedded.get("author")
    if isinstance(authors, list) and authors and isinstance(authors[0], dict):
        name = authors[0].get("name")
        return collapse_spaces(name) if isinstance(name, str) else None
    return None


def post_candidate(
    post: Any,
    *,
    source: str,
    api_url: str,
    now: datetime | None = None,
    reasons: list[str] | None = None,
) -> Candidate | None:
    """Build a Candidate from one post object, or None when it has no http(s) link."""
    if not isinstance(post, dict):
        return None
    link = post.get("link")
    if not isinstance(link, str) or not link.startswith(("http://", "https://")):
        return None
    guid = rendered(post.get("guid"))
    current, reasons = now or utc_now(), [] if reasons is None else reasons
    published = post_date(post.get("date"), post.get("date_gmt"), now=current, reasons=reasons)
    modified = post_date(
        post.get("modified"), post.get("modified_gmt"), now=current, reasons=reasons
    )
    return Candidate(
        source=source,
        url=link.strip(),
        method="wordpress",
        found_on=api_url,
        guid=collapse_spaces(guid),
        title=html_to_text(rendered(post.get("title"))),
        author=embedded_author(post),
        summary=html_to_text(rendered(post.get("excerpt"))),
        content_html=rendered(post.get("content")),
        **date_fields("published", published),
        **date_fields("modified", modified),
    )
