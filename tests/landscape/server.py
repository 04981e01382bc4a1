"""A local "Libyan media landscape": real HTTP servers on 127.0.0.1, one port per outlet.

Built on the standard library's ``ThreadingHTTPServer`` (a thread per connection,
HTTP/1.1 keep-alive) so tests need nothing beyond Python. One acceptor thread watches
every listening socket with ``selectors`` instead of one ``serve_forever`` loop per
outlet: 50 outlets then cost one idle thread, and stopping takes one wake-up, not 50
half-second polls.

Example::

    with Landscape.default() as land:
        path = land.write_config(tmp_path / "sources.yaml")
        land.fail(land.outlets[0].articles[0].url, [503, ("429", 1)])
"""

from __future__ import annotations

import random
import selectors
import socket
import threading
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml

from tests.landscape.builder import Builder
from tests.landscape.content import (
    ExpectedArticle,
    iso_z,
    parse_z,
    reference_time,
)
from tests.landscape.faults import (
    RESET_STATUS,
    Fault,
    FaultItem,
    apply_fault,
    error_page,
    parse_fault,
)
from tests.landscape.httpd import HOST, OutletHandler, OutletServer, closed_port, negotiate, send
from tests.landscape.outlets import Outlet, OutletSpec, utc_now

JOIN_TIMEOUT_SECS = 5.0
DEFAULT_CONFIG: dict[str, Any] = {
    "interval": "1m",
    "timezone": "Africa/Tripoli",
    "host_concurrency": 2,
    "host_delay": "0s",  # local servers: politeness limits are tested by setting them
    "max_concurrency": 16,
    "connect_timeout": "2s",
    "read_timeout": "5s",
    "total_timeout": "10s",
    "max_body": "10MB",
    "max_redirects": 5,
}


@dataclass(frozen=True)
class Request:
    """One request as an outlet saw it; ``status`` 0 means the connection was reset."""

    outlet_id: str
    method: str
    path: str
    headers: dict[str, str]
    time: float  # time.monotonic() on arrival
    status: int


class Landscape:
    """Simulated Libyan outlets on local ports, with request log and fault injection."""

    def __init__(
        self,
        specs: Sequence[OutletSpec],
        latency_secs: float = 0.0,
        seed: int = 1,
        reference: datetime | None = None,
    ) -> None:
        ids = [s.id for s in specs]
        if len(set(ids)) != len(ids):
            raise ValueError(f"outlet ids must be unique: {ids}")
        self.specs = list(specs)
        self.latency_secs = latency_secs
        self.seed = seed
        self.reference_time = reference or reference_time()
        self.outlets: list[Outlet] = []
        self.requests: list[Request] = []
        self._log_lock = threading.Lock()
        self._content_lock = threading.RLock()
        self._faults: dict[tuple[int | None, str], deque[Fault]] = {}
        self._specials: dict[tuple[int | None, str], Fault] = {}
        self._blocked: dict[str, int] = {}  # outlet id -> status answered to everything
        self._servers: dict[str, OutletServer] = {}
        self._stop = threading.Event()
        self._acceptor: threading.Thread | None = None
        self._wake: tuple[socket.socket, socket.socket] | None = None
        self._builder = Builder(seed, self.reference_time)

    @classmethod
    def default(cls, latency_secs: float = 0.0) -> Landscape:
        """The standard set: one outlet per CMS style, plus a broken and a closed one."""
        return cls(
            [
                OutletSpec("marsad", "wordpress", articles=30),
                OutletSpec("wasat", "custom", articles=25),
                OutletSpec("observer", "drupal", articles=15),
                OutletSpec("lana", "legacy", articles=20),
                OutletSpec("akhbar", "aggregator", articles=0),
                OutletSpec("saa24", "saa24", articles=4),
                OutletSpec("broken", "broken", articles=1),
                OutletSpec("closed", "closed", articles=0),
            ],
            latency_secs=latency_secs,
        )

    @classmethod
    def generated(
        cls, outlets: int = 50, articles: int = 40, latency_secs: float = 0.1, seed: int = 1
    ) -> Landscape:
        """Many WordPress and custom outlets, for benchmarks."""
        specs = [
            OutletSpec(
                f"{'wp' if i % 2 == 0 else 'cu'}{i:02d}",
                "wordpress" if i % 2 == 0 else "custom",
                articles=articles,
                name=f"{'المرصد' if i % 2 == 0 else 'بوابة الوسط'} {i}",
                feed_items=None,
            )
            for i in range(outlets)
        ]
        return cls(specs, latency_secs=latency_secs, seed=seed)

    # --- lifecycle ----------------------------------------------------------------------

    def __enter__(self) -> Landscape:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self) -> None:
        """Bind one port per outlet, build the content on first start, start serving."""
        if self._acceptor is not None:
            raise RuntimeError("landscape already started")
        self._stop.clear()
        bases: dict[str, str] = {}
        for spec in self.specs:
            if spec.style == "closed":
                bases[spec.id] = f"http://{HOST}:{closed_port()}"
            else:
                server = OutletServer(self, spec.id)
                self._servers[spec.id] = server
                bases[spec.id] = f"http://{HOST}:{server.server_address[1]}"
        with self._content_lock:
            if not self.outlets:
                self.outlets = [Outlet(spec, bases[spec.id]) for spec in self.specs]
                self._builder.build(self.outlets)
            else:
                self._builder.rebase(self.outlets, bases)
        self._wake = socket.socketpair()
        self._acceptor = threading.Thread(
            target=self._accept_loop, name="landscape-acceptor", daemon=True
        )
        self._acceptor.start()

    def stop(self) -> None:
        """Stop serving, end open connections and join every thread; ports are released."""
        if self._acceptor is None or self._wake is None:
            return
        self._stop.set()
        self._wake[1].send(b"x")
        self._acceptor.join(JOIN_TIMEOUT_SECS)
        for server in self._servers.values():
            server.end_connections()
            server.server_close()  # joins the connection threads
        for sock in self._wake:
            sock.close()
        self._servers.clear()
        self._acceptor = None
        self._wake = None

    def _accept_loop(self) -> None:
        """Accept connections on every outlet's port until stopped."""
        assert self._wake is not None
        with selectors.DefaultSelector() as selector:
            for server in self._servers.values():
                server.timeout = 0.5
                selector.register(server.socket, selectors.EVENT_READ, server)
            selector.register(self._wake[0], selectors.EVENT_READ, None)
            while not self._stop.is_set():
                for key, _ in selector.select():
                    if key.data is None:
                        return
                    key.data.handle_request()

    # --- content ------------------------------------------------------------------------

    def outlet(self, outlet_id: str) -> Outlet:
        """The outlet with this id (KeyError when there is none)."""
        for outlet in self.outlets:
            if outlet.id == outlet_id:
                return outlet
        raise KeyError(outlet_id)

    def add_article(
        self,
        outlet_id: str,
        headline: str | None = None,
        paragraphs: list[str] | None = None,
        published_at: str | None = None,
        author: str | None = None,
    ) -> ExpectedArticle:
        """Publish a new article (newest by default); feeds, sitemaps and listings show it."""
        with self._content_lock:
            outlet = self.outlet(outlet_id)
            story = None
            if headline is not None or paragraphs is not None:
                maker = self._builder.maker
                made = maker.story_en() if outlet.language == "en" else maker.story_ar()
                story = (headline or made[0], paragraphs or made[1], () if paragraphs else made[2])
            if published_at is None:
                newest = max(
                    (parse_z(a.published_at) for a in outlet.articles), default=self.reference_time
                )
                moment = newest + timedelta(minutes=10)
            else:
                moment = parse_z(published_at)
            article = self._builder.new_article(outlet, moment, story, author)
            outlet.reindex()
            return article

    def edit_article(
        self,
        url_or_path: str,
        headline: str | None = None,
        paragraphs: list[str] | None = None,
        modified_at: str | None = None,
    ) -> ExpectedArticle:
        """Change an article in place and set its ``modified_at``; returns the new expectation."""
        with self._content_lock:
            for outlet in self.outlets:
                for i, a in enumerate(outlet.articles):
                    if url_or_path in (a.url, a.path, unquote(a.path)):
                        stamp = modified_at or iso_z(
                            max(utc_now(), parse_z(a.published_at) + timedelta(minutes=1))
                        )
                        edited = replace(
                            a,
                            headline=headline or a.headline,
                            paragraphs=list(paragraphs) if paragraphs is not None else a.paragraphs,
                            headings=() if paragraphs is not None else a.headings,
                            modified_at=stamp,
                        )
                        outlet.articles[i] = edited
                        outlet.reindex()
                        return edited
        raise KeyError(url_or_path)

    # --- faults -------------------------------------------------------------------------

    def _fault_key(self, url_or_path: str) -> tuple[int | None, str]:
        """(port or None for any outlet, unquoted path with query)."""
        if url_or_path.startswith(("http://", "https://")):
            parts = urlsplit(url_or_path)
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            return parts.port, unquote(target or "/")
        return None, unquote(url_or_path)

    def fail(self, url_or_path: str, faults: Sequence[FaultItem]) -> None:
        """Answer the next tries of one URL with these faults, then normally.

        Items: ``500``, ``"503"``, ``("429", 2)`` (429 with Retry-After: 2; a string value
        is sent as is, e.g. an HTTP-date), ``"reset"``, or a special kind from ``set_fault``.
        A bare path applies to whichever outlet is asked first.
        """
        parsed = [parse_fault(item) for item in faults]
        with self._log_lock:
            self._faults.setdefault(self._fault_key(url_or_path), deque()).extend(parsed)

    def set_fault(self, url_or_path: str, kind: str, **params: Any) -> None:
        """Answer every try of one URL with a special response until ``clear_faults``.

        Kinds: reset, slow (chunk_bytes, interval_secs), endless, huge (size_bytes,
        declare_length), gzip-bomb (size_bytes), redirect-loop, wrong-charset,
        429-date (secs), or an HTTP status such as "503".
        """
        with self._log_lock:
            self._specials[self._fault_key(url_or_path)] = parse_fault(kind, **params)

    def clear_faults(self) -> None:
        """Forget every injected fault."""
        with self._log_lock:
            self._faults.clear()
            self._specials.clear()
            self._blocked.clear()

    def fail_randomly(self, fraction: float = 0.3, seed: int = 1) -> dict[str, list[FaultItem]]:
        """Make ``fraction`` of article and feed URLs fail their first 1-3 tries; returns them."""
        rng = random.Random(seed)
        mix: list[FaultItem] = [500, 503, ("429", 1), "reset"]
        urls = [o.base_url + p for o in self.outlets if o.style != "closed" for p in o.feed_paths()]
        urls += [a.url for o in self.outlets for a in o.articles]
        chosen: dict[str, list[FaultItem]] = {}
        for url in urls:
            if rng.random() < fraction:
                chosen[url] = [rng.choice(mix) for _ in range(rng.randint(1, 3))]
                self.fail(url, chosen[url])
        return chosen

    def block(self, outlet_id: str, status: int = 403) -> None:
        """Answer every request to one outlet, robots.txt included, with ``status``: what
        alwasat.ly and others send datacenter addresses. ``clear_faults`` lifts it."""
        with self._log_lock:
            self._blocked[outlet_id] = status

    def move(self, outlet_id: str, old_path: str, new_path: str) -> None:
        """Serve what ``old_path`` served at ``new_path``; ``old_path`` answers 404 and the
        homepage advertises ``new_path`` with ``<link rel=alternate>``, as after a CMS change."""
        with self._content_lock:
            self.outlet(outlet_id).moved[new_path] = old_path

    def restyle(self, outlet_id: str) -> None:
        """Serve one outlet's listings in another theme's markup (its selector goes stale)."""
        with self._content_lock:
            self.outlet(outlet_id).restyled = True

    def disallow(self, outlet_id: str, path_prefix: str) -> None:
        """Add a ``Disallow:`` line to one outlet's robots.txt."""
        with self._content_lock:
            self.outlet(outlet_id).robots_disallow.append(path_prefix)

    def _take_fault(self, port: int, target: str) -> Fault | None:
        """The fault to apply to this request, consuming one queued try."""
        with self._log_lock:
            for key in ((port, target), (None, target)):
                queue = self._faults.get(key)
                if queue:
                    fault = queue.popleft()
                    if not queue:
                        del self._faults[key]
                    return fault
            return self._specials.get((port, target)) or self._specials.get((None, target))

    # --- requests -----------------------------------------------------------------------

    def reset_log(self) -> None:
        """Forget the logged requests."""
        with self._log_lock:
            self.requests.clear()

    def handle(self, handler: OutletHandler, server: OutletServer) -> None:
        """Answer one request: latency, fault or page, conditional GET, gzip, log."""
        arrived = time.monotonic()
        headers = {k.lower(): v for k, v in handler.headers.items()}
        if self.latency_secs and self._stop.wait(self.latency_secs):
            handler.close_connection = True
            return
        port = server.server_address[1]
        target = unquote(handler.path)
        outlet = self.outlet(server.outlet_id)
        fault = self._take_fault(port, target)
        with self._content_lock:
            normal = outlet.respond(handler.path, utc_now())
        blocked = self._blocked.get(outlet.id)
        if blocked is not None:
            response = error_page(blocked)
        elif fault is not None:
            response = apply_fault(fault, normal, outlet.base_url + handler.path, self._stop)
        else:
            response = normal or error_page(404)
        response = negotiate(response, headers)
        with self._log_lock:
            self.requests.append(
                Request(outlet.id, handler.command, handler.path, headers, arrived, response.status)
            )
        if response.status == RESET_STATUS:
            with server.lock:
                server.to_reset.add(handler.connection)
            handler.close_connection = True
            return
        send(handler, response)

    # --- sources.yaml -------------------------------------------------------------------

    def config_yaml(
        self, defaults: dict[str, Any] | None = None, rules: bool = True, fixtures: bool = False
    ) -> str:
        """A complete sources.yaml with one entry per outlet (tests: only with ``fixtures``)."""
        sources = []
        for outlet in self.outlets:
            entry = outlet.config_entry(rules=rules)
            if fixtures and outlet.articles:
                entry["tests"] = [fixture_test(outlet, outlet.articles[0])]
            sources.append(entry)
        doc = {"defaults": {**DEFAULT_CONFIG, **(defaults or {})}, "sources": sources}
        text: str = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=1000)
        return (
            "# Simulated Libyan media landscape (tests/landscape); ports change every run.\n" + text
        )

    def write_config(
        self, path: str | Path, defaults: dict[str, Any] | None = None, rules: bool = True
    ) -> Path:
        """Write sources.yaml and the extraction-test fixtures it names; return its path."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        (path.parent / "fixtures").mkdir(exist_ok=True)
        with self._content_lock:
            for outlet in self.outlets:
                if outlet.articles:
                    a = outlet.articles[0]
                    page = outlet.article_page(a, utc_now())
                    (path.parent / fixture_name(outlet, a)).write_bytes(page.body)
            path.write_text(self.config_yaml(defaults, rules, fixtures=True), encoding="utf-8")
        return path


def fixture_name(outlet: Outlet, a: ExpectedArticle) -> str:
    """``fixtures/<outlet>.<post id>.html``, relative to the config file."""
    return f"fixtures/{outlet.id}.{a.post_id}.html"


def fixture_test(outlet: Outlet, a: ExpectedArticle) -> dict[str, Any]:
    """A ``tests:`` entry checking the fixture of ``a``."""
    expect = {"headline": a.headline, "published_at": a.published_at}
    if a.author:
        expect["author"] = a.author
    if a.original_source:
        expect["original_source"] = a.original_source
    last = next(p for i, p in reversed(list(enumerate(a.paragraphs))) if i not in a.headings)
    return {
        "fixture": fixture_name(outlet, a),
        "url": a.url,
        "expect": expect,
        "contains": {"body": [a.paragraphs[0][:60], last[-60:]]},
        "absent": {"body": ["اقرأ أيضا" if outlet.language == "ar" else "Skip to main content"]},
    }
