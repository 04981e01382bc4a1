"""The typed values that travel between stages (design.md, "The flow").

No stage hands an httpx, feedparser or BeautifulSoup object to another: only these.
Times are UTC ISO-8601 strings ending in ``Z`` (``2026-11-29T08:15:00Z``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

# --- configuration (config.py builds these from sources.yaml) ---------------------------


@dataclass(frozen=True)
class Rules:
    """Per-source extraction rules: CSS selectors, each an ordered list of alternatives.

    A selector may end in ``@attr`` to read an attribute instead of the text
    (``time.published@datetime``).
    """

    headline: tuple[str, ...] = ()
    body: tuple[str, ...] = ()
    date: tuple[str, ...] = ()
    author: tuple[str, ...] = ()
    strip: tuple[str, ...] = ()
    timezone: str | None = None

    def __bool__(self) -> bool:
        return any((self.headline, self.body, self.date, self.author, self.strip))


@dataclass(frozen=True)
class SourceTest:
    """One offline extraction test: a fixture page and the fields it must yield."""

    fixture: str  # path, relative to the config file's folder
    url: str
    expect: Mapping[str, str]  # field -> expected value (exact)
    contains: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # field -> snippets
    absent: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # field -> snippets
    line: int = 0


@dataclass(frozen=True)
class Listing:
    """A section page whose links matching ``links`` (CSS) are articles."""

    url: str
    links: str
    next: str | None = None  # CSS of the "older posts" link, for backfill
    max_pages: int = 1


@dataclass(frozen=True)
class Source:
    """One outlet, as configured in sources.yaml."""

    id: str
    name: str
    homepage: str
    aliases: tuple[str, ...] = ()  # other names outlets cite it by ("وال", "الساعة 24")
    language: str | None = None
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    listings: tuple[Listing, ...] = ()
    wordpress: str | None = None
    interval_secs: int = 15 * 60
    timezone: str = "Africa/Tripoli"
    host_concurrency: int = 2
    host_delay_secs: float = 1.0
    ignore_http_cache: bool = False
    domains: tuple[str, ...] = ()  # extra domains whose article links are accepted
    allow_offsite: bool = False  # accept article links on any domain (aggregators of links)
    aggregator: bool = False  # republishes others' stories: parse attribution lines
    enabled: bool = True
    rules: Rules = field(default_factory=Rules)
    tests: tuple[SourceTest, ...] = ()
    notes: str | None = None
    confidence: str | None = None  # verified | observed | claimed | guessed
    line: int = 0  # where the entry starts in sources.yaml


@dataclass(frozen=True)
class Settings:
    """Run-wide settings from the ``defaults:`` block that are not per source."""

    max_concurrency: int = 16  # requests in flight across all hosts
    connect_timeout_secs: float = 10.0
    read_timeout_secs: float = 30.0
    total_timeout_secs: float = 60.0
    max_body_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    max_tries: int = 4  # per URL within one run
    max_retry_wait_secs: float = 60.0  # cap on Retry-After and backoff within a run
    # A body slower than this, measured over each window, is cut (curl's --speed-limit and
    # --speed-time); 0 turns the floor off.
    min_bytes_per_sec: int = 1024
    min_rate_window_secs: float = 10.0
    allow_private: bool = False  # RFC 1918 / ULA / CGNAT addresses, for an intranet
    keep_html_days: int | None = 365  # raw HTML retention; None keeps it for ever
    max_articles_per_source: int = 200  # per run, new articles fetched per source
    # One source's share of a run: discovery and articles stop when it is spent, the rest
    # waits in the queue for the next run (a trickling or 429-answering outlet cannot hold
    # the run, and with it the cron lock, for longer). ``ingest backfill`` has none.
    source_budget_secs: float = 300.0
    # Several workers on one database (docs/scale-out.md): a worker holds a source this
    # long, renewing it while it works; a worker that dies loses its sources after this.
    lease_secs: float = 120.0


@dataclass(frozen=True)
class Config:
    """A loaded, validated sources.yaml."""

    path: str
    sources: tuple[Source, ...]
    settings: Settings = field(default_factory=Settings)

    def source(self, source_id: str) -> Source | None:
        """Return the source with this id, or None."""
        return next((s for s in self.sources if s.id == source_id), None)


# --- discovery -> fetch -> extract -> store ------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """An article URL found by discovery, with what the listing said about it."""

    source: str
    url: str
    method: str  # feed | sitemap | listing | wordpress
    found_on: str  # the feed, sitemap, listing or API URL it came from
    guid: str | None = None
    title: str | None = None
    published_at: str | None = None
    modified_at: str | None = None
    author: str | None = None
    summary: str | None = None  # plain text
    content_html: str | None = None  # full content (content:encoded, WordPress API)
    language: str | None = None
    link: str | None = None  # the URL as the site wrote it, when ``url`` (canonical) differs
    # the dates as the feed wrote them, and how precise (see Article)
    published_local: str | None = None
    published_precision: str | None = None
    modified_local: str | None = None
    modified_precision: str | None = None

    @property
    def fetch_url(self) -> str:
        """The URL to request: the site's own spelling, which its server surely accepts."""
        return self.link or self.url


@dataclass(frozen=True)
class Page:
    """A fetched HTTP response, decoded."""

    url: str  # final URL after redirects
    requested_url: str
    status: int
    headers: Mapping[str, str]  # lower-case names
    content: bytes
    text: str
    encoding: str
    fetched_at: str
    redirects: tuple[str, ...] = ()  # URLs passed through before ``url``

    @property
    def not_modified(self) -> bool:
        """True for a 304 answer to a conditional GET."""
        return self.status == 304


# The fields of an extracted record, as ``articles`` columns, exports and source tests name them.
RECORD_FIELDS = (
    "headline",
    "body",
    "published_at",
    "published_local",
    "published_precision",
    "modified_at",
    "modified_local",
    "modified_precision",
    "author",
    "language",
    "original_source",
    "original_url",
)


@dataclass
class Article:
    """One extracted article record (``extract_article`` returns it).

    ``methods`` records how each field was found (``{"headline": "jsonld", "body":
    "trafilatura", "published_at": "meta", ...}``); ``extraction_method`` is that dict as
    one readable string, stored in ``articles.extraction_method``. ``skip_reason`` is set
    when the page holds no article (a tag page, a 404 served with 200); ``problems`` lists
    what went wrong without stopping extraction (a rule that matched nothing).

    Dates are kept twice (design.md, "Data contracts"; ``clock.When``). ``published_at`` is
    UTC, for ordering. ``published_local`` is as the page gave it: with the offset it wrote
    (``+03:00`` stays ``+03:00``, ``Z`` becomes ``+00:00``) or, for a naive time, the
    source's offset at that instant (``2026-11-29T00:30:00+02:00``, always with seconds);
    a bare ``2026-11-29`` when the page gave only a day. ``published_precision`` says what
    the page wrote: ``second``, ``minute``, ``hour`` (a bare hour, or "منذ ساعتين") or
    ``day`` (a date alone, "منذ 3 أيام"); for ``day``, ``published_at`` is only an ordering
    key on that local day (its noon), otherwise the same instant as ``published_local``.
    The ``modified_*`` fields work alike.
    """

    url: str
    headline: str | None = None
    body: str | None = None
    published_at: str | None = None
    modified_at: str | None = None
    published_local: str | None = None
    published_precision: str | None = None
    modified_local: str | None = None
    modified_precision: str | None = None
    author: str | None = None
    language: str | None = None
    original_source: str | None = None
    original_url: str | None = None
    canonical_url: str | None = None
    source: str | None = None
    methods: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    skip_reason: str | None = None

    @property
    def extraction_method(self) -> str:
        """How each field was found, as ``field:method`` pairs (``headline:jsonld ...``)."""
        return " ".join(f"{k}:{v}" for k, v in self.methods.items())

    @property
    def date_method(self) -> str | None:
        """Where ``published_at`` came from (jsonld, meta, feed, rule, text, url...)."""
        return self.methods.get("published_at")


@dataclass(frozen=True)
class EndpointState:
    """What the store knows about one feed, sitemap, listing or API endpoint."""

    url: str
    source: str
    kind: str
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    last_attempt_at: str | None = None
    last_success_at: str | None = None
    status: str | None = None  # ok | not-modified | unchanged | error
    http_status: int | None = None
    error: str | None = None
    failure_kind: str | None = None
    failure_count: int = 0
    next_due_at: str | None = None
    entries_last: int | None = None
    articles_total: int = 0
    cursor: str | None = None
    guids: str | None = None  # "unstable" once the feed was seen regenerating GUIDs
