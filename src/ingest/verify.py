"""``ingest sources verify``: what each configured endpoint answers today, and what to change.

For a machine that can reach the outlets. Each endpoint of a source is fetched once
(``retry=False``: a struggling server gets one request, and the next scheduled check
tries again) through the given ``Fetcher``, so robots.txt and host limits hold; its own
parser reads it (``crawl.parse_page``); then one fresh article is fetched and extracted
with the source's rules. Failures come back as advice: a 404 feed whose homepage now
advertises another (``<link rel=alternate>``), a listing selector that matches nothing,
and a 403, which Libyan outlets send to datacenter addresses, as its own kind.

With ``write=True`` a source whose every endpoint answered and whose article gave a
headline, body and date gets ``confidence: verified`` and, as the first line of its
``notes``, ``Verified YYYY-MM-DD (ingest sources verify): ...``. The YAML is edited as text,
only inside those entries, then loaded with ``load_config`` before it replaces the file.

Example::

    async with Fetcher(config.settings, trusted_hosts=configured_hosts(config)) as fetcher:
        report = await verify_sources(config, (), fetcher=fetcher, now=utc_now(), write=False)
    print(render_report(report))
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ingest.configedit import mark_verified
from ingest.crawl import Endpoint, Found, parse_off_loop, source_endpoints, source_hosts
from ingest.discover.homepage import find_feed_links, find_wordpress_api
from ingest.errors import HARD, FetchError, HTTPStatusError, RobotsDisallowed
from ingest.extract import extract_article
from ingest.fetch import Fetcher
from ingest.models import Candidate, Config, Page, Source
from ingest.politeness import HostPolicy

OK, FAILED, BLOCKED = "ok", "failed", "blocked"
BLOCKED_ADVICE = (
    "answers 403 to this machine: many Libyan outlets block datacenter addresses; "
    "verify from another network"
)
GONE_ADVICE = "the endpoint is gone"
EMPTY_LISTING_ADVICE = "the listing selector matched no link: the markup changed?"
ARTICLE_FIELDS = ("headline", "body", "published_at")
NOUNS = {"feed": "items", "sitemap": "URLs", "listing": "links", "wordpress": "posts"}
MAX_MESSAGE_CHARS = 90
NETWORK_CAUSE = re.compile(r"\b([A-Z]\w*(?:Error|Timeout|Exceeded)\b[^()]*?)\s*(?:\(|$)")
STALE_AFTER = timedelta(days=30)  # newest item older than this: the outlet stopped?
STALE_INTERVAL_SECS = 6 * 3600  # ... and polled more often than this


@dataclass(frozen=True)
class EndpointCheck:
    """What one endpoint answered: ``status`` ok, failed or blocked (403)."""

    kind: str  # feed | sitemap | listing | wordpress
    url: str
    status: str
    found: str  # "10 items, newest 2026-12-07", "HTTP 404"
    advice: str | None = None


@dataclass(frozen=True)
class ArticleCheck:
    """One fresh article: the fields found (with how) and what is missing."""

    url: str
    status: str
    methods: dict[str, str] = field(default_factory=dict)  # field -> rule, jsonld, ...
    missing: tuple[str, ...] = ()
    advice: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when headline, body and date were all found."""
        return self.status == OK and not self.missing


@dataclass
class SourceCheck:
    """One source's endpoints, its article check and the advice for its entry."""

    source: Source
    endpoints: list[EndpointCheck] = field(default_factory=list)
    article: ArticleCheck | None = None
    advice: list[str] = field(default_factory=list)
    written: bool = False

    @property
    def worked(self) -> bool:
        """True when every endpoint answered usably and the article was read."""
        return (
            bool(self.endpoints)
            and all(e.status == OK for e in self.endpoints)
            and (self.article is not None and self.article.ok)
        )

    @property
    def blocked(self) -> bool:
        """True when the outlet answered nothing but 403."""
        return bool(self.endpoints) and all(e.status == BLOCKED for e in self.endpoints)


@dataclass
class VerifyReport:
    """The checks of one ``verify_sources`` call, and where the results were written."""

    checked_on: str  # YYYY-MM-DD
    config_path: str
    sources: list[SourceCheck] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # ids not in the config
    written: list[str] = field(default_factory=list)


async def verify_sources(
    config: Config,
    source_ids: tuple[str, ...] | list[str],
    *,
    fetcher: Fetcher,
    now: datetime,
    write: bool,
) -> VerifyReport:
    """Check the named sources (every enabled one when none is named); write if asked.

    A source named explicitly is checked even when ``enabled: false``. Raises
    ``ConfigError`` (writing nothing) when ``write`` would leave a config that does not load.
    """
    report = VerifyReport(now.date().isoformat(), config.path)
    known = {s.id for s in config.sources}
    report.unknown = [sid for sid in source_ids if sid not in known]
    chosen = [
        s
        for s in config.sources
        if (s.id in source_ids if source_ids else s.enabled) and source_endpoints(s)
    ]
    for source in chosen:  # as a run does (pipeline.prepare): the entry's own limits
        policy = HostPolicy(source.host_concurrency, source.host_delay_secs)
        for host in source_hosts(source):
            fetcher.set_policy(host, policy)
    report.sources = list(await asyncio.gather(*(_check_source(s, fetcher, now) for s in chosen)))
    if write:
        marks = {  # what the note records: "feed, listing and one article read"
            c.source.id: ", ".join(dict.fromkeys(e.kind for e in c.endpoints))
            + " and one article read"
            for c in report.sources
            if c.worked
        }
        if marks:
            mark_verified(Path(config.path), marks, report.checked_on)
            report.written = list(marks)
            for check in report.sources:
                check.written = check.source.id in marks
    return report


async def _check_source(source: Source, fetcher: Fetcher, now: datetime) -> SourceCheck:
    """Every endpoint of one source in turn, then one fresh article."""
    check = SourceCheck(source)
    hosts = source_hosts(source)
    homepage: list[Page | None] = []  # fetched at most once, when an endpoint failed
    found: list[Candidate] = []
    for endpoint in source_endpoints(source):
        result, candidates = await _check_endpoint(endpoint, source, fetcher, hosts, homepage)
        check.endpoints.append(result)
        found += candidates
    if check.blocked:
        check.advice.append(BLOCKED_ADVICE)
    elif found:
        newest = max(found, key=lambda c: c.published_at or "")
        check.article = await _check_article(newest, source, fetcher, hosts, now)
        dated = newest.published_at
        if dated and _is_stale(dated, now) and source.interval_secs < STALE_INTERVAL_SECS:
            check.advice.append(
                f"the newest item is from {dated[:10]}: the outlet may have stopped "
                "updating; poll it less often (interval: 1d) or retire it"
            )
    if not source.enabled and check.worked:
        check.advice.append("everything answered: set enabled: true?")
    if source.confidence == "verified" and not (check.worked or check.blocked):
        check.advice.append("marked verified, but not everything answered: lower confidence")
    return check


async def _check_endpoint(
    endpoint: Endpoint,
    source: Source,
    fetcher: Fetcher,
    hosts: set[str],
    homepage: list[Page | None],
) -> tuple[EndpointCheck, list[Candidate]]:
    """Fetch and parse one endpoint; say what it holds or why it failed."""
    kind, url = endpoint.kind, endpoint.url
    try:
        page = await fetcher.fetch(endpoint.first_url(), retry=False)
    except HTTPStatusError as exc:
        if exc.status == 403:
            return EndpointCheck(kind, url, BLOCKED, "HTTP 403"), []
        said = f"HTTP {exc.status}: " + (GONE_ADVICE if exc.status in (404, 410) else "retry later")
        if exc.status in (404, 410):
            said = await _moved(endpoint, source, fetcher, homepage) or said
        return EndpointCheck(kind, url, FAILED, f"HTTP {exc.status}", said), []
    except FetchError as exc:
        forbidden = isinstance(exc, RobotsDisallowed) and exc.kind == HARD
        advice = "robots.txt forbids it: remove the endpoint" if forbidden else None
        # "robots.txt of X is unreachable (X/robots.txt: ConnectError: ...)": the cause
        cause = NETWORK_CAUSE.search(str(exc))
        found = f"no answer ({cause.group(1)})" if cause and not forbidden else _cut(str(exc))
        return EndpointCheck(kind, url, FAILED, found, advice), []
    parsed = await parse_off_loop(
        endpoint, page, source=source.id, hosts=None if source.allow_offsite else hosts
    )
    if not parsed.usable or not (parsed.candidates or parsed.children):
        noun = NOUNS[kind]
        if kind == "listing":
            advice = EMPTY_LISTING_ADVICE
        elif parsed.usable:
            advice = f"it lists no {noun}: the outlet stopped publishing there?"
        else:
            problem = parsed.problems[0] if parsed.problems else "unusable"
            advice = await _moved(endpoint, source, fetcher, homepage) or problem
        return EndpointCheck(kind, url, FAILED, f"0 {noun}", advice), []
    # A permanent move of the whole site (alsaaa24.com -> .net) shows as a redirect.
    redirect = page.url if page.redirects and kind != "wordpress" else None
    moved = f"redirects to {redirect}: write that URL" if redirect else None
    return EndpointCheck(kind, url, OK, _describe(endpoint, parsed), moved), parsed.candidates


def _describe(endpoint: Endpoint, parsed: Found) -> str:
    """ "10 items, newest 2026-12-07", "an index of 46 sitemaps", "12 links", "20 posts"."""
    text = f"{len(parsed.candidates)} {NOUNS[endpoint.kind]}"
    if endpoint.kind == "sitemap" and parsed.children:
        text = f"an index of {len(parsed.children)} sitemaps"
    dates = [c.published_at for c in parsed.candidates if c.published_at]
    return f"{text}, newest {max(dates)[:10]}" if dates else text


async def _moved(
    endpoint: Endpoint, source: Source, fetcher: Fetcher, homepage: list[Page | None]
) -> str | None:
    """Where the homepage now says a failed feed or API is, if it names another."""
    if endpoint.kind not in ("feed", "wordpress"):
        return None
    if not homepage:
        try:
            homepage.append(await fetcher.fetch(source.homepage, retry=False))
        except FetchError:
            homepage.append(None)
    page = homepage[0]
    if page is None:
        return None
    if endpoint.kind == "wordpress":
        root = find_wordpress_api(page.content, page.headers, page.url)
        return (
            f"the API moved: the homepage names {root}" if root != endpoint.url and root else None
        )
    fresh = [url for url in find_feed_links(page.content, page.url) if url not in source.feeds]
    if fresh:
        return f"the feed moved: <link rel=alternate> on the homepage now points to {fresh[0]}"
    return None


async def _check_article(
    candidate: Candidate, source: Source, fetcher: Fetcher, hosts: set[str], now: datetime
) -> ArticleCheck:
    """Fetch one article and say which of headline, body and date its extraction found."""
    url = candidate.fetch_url
    allowed = None if source.allow_offsite else hosts
    try:
        page = await fetcher.fetch(url, allowed_hosts=allowed, retry=False)
    except HTTPStatusError as exc:
        status = BLOCKED if exc.status == 403 else FAILED
        said = BLOCKED_ADVICE if status == BLOCKED else f"the article answered HTTP {exc.status}"
        return ArticleCheck(url, status, advice=(said,))
    except FetchError as exc:
        return ArticleCheck(url, FAILED, advice=(_cut(str(exc)),))
    # No candidate handed in: the page itself must give every field, not the feed.
    article = await asyncio.to_thread(extract_article, page.content, page.url, source, now=now)
    methods = {f: article.methods.get(f, "?") for f in ARTICLE_FIELDS if getattr(article, f)}
    missing = tuple(f for f in ARTICLE_FIELDS if f not in methods)
    advice = [
        f"{p.replace(' matched nothing; used generic extraction', '')} matched nothing: "
        "the markup changed? update rules"
        for p in article.problems
        if p.startswith("rule ") and "matched nothing" in p
    ]
    if article.skip_reason:
        advice.append(article.skip_reason)
    advice += [f"no {'date' if f == 'published_at' else f} found: add a rule" for f in missing]
    return ArticleCheck(page.url, OK, methods, missing, tuple(advice))


def _is_stale(stamp: str, now: datetime) -> bool:
    """True when a ``...Z`` stamp (as discovery writes them) is ``STALE_AFTER`` old."""
    return now - datetime.fromisoformat(stamp.replace("Z", "+00:00")) > STALE_AFTER


# --- the report -----------------------------------------------------------------------


def render_report(report: VerifyReport) -> str:
    """The report as text: a block per source, a line per endpoint, a summary line."""
    out: list[str] = [f"unknown source id: {sid}" for sid in report.unknown]
    for check in report.sources:
        source = check.source
        out.append(f"{source.id}  (confidence: {source.confidence or '-'})")
        host = urlsplit(source.homepage).netloc
        for e in check.endpoints:
            out.append(f"  {e.status:<7} {e.kind:<10} {_short(e.url, host)}  {e.found}")
            out += [f"          -> {e.advice}"] if e.advice else []
        if check.article is not None:
            a = check.article
            got = ", ".join(
                f"{f.replace('published_at', 'date')} ({m})" for f, m in a.methods.items()
            )
            out.append(f"  {a.status:<7} {'article':<10} {_short(a.url, host)}  {got or '-'}")
            out += [f"          -> {advice}" for advice in a.advice]
        out += [f"  -> {advice}" for advice in check.advice]
        verdict = "works" if check.worked else "blocked (403)" if check.blocked else "needs work"
        out.append(
            f"  = {verdict}" + (f"; marked verified {report.checked_on}" if check.written else "")
        )
    worked = sum(c.worked for c in report.sources)
    blocked = sum(c.blocked for c in report.sources)
    summary = (
        f"{len(report.sources)} sources checked: {worked} work, {blocked} blocked (403), "
        f"{len(report.sources) - worked - blocked} need work"
    )
    if report.written:
        summary += f"; {len(report.written)} marked verified in {report.config_path}"
    return "\n".join([*out, summary])


def _short(url: str, host: str) -> str:
    """A URL as a reader knows it: decoded, without the homepage's host, and cut."""
    parts = urlsplit(url)
    if parts.netloc == host:
        url = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return _cut(unquote(url), 60)


def _cut(text: str, width: int = MAX_MESSAGE_CHARS) -> str:
    """``text`` cut to ``width`` characters, with an ellipsis."""
    return text if len(text) <= width else text[: width - 1] + "…"
