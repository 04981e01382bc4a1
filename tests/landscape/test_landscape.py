"""The simulated landscape behaves as integration tests and benchmarks rely on."""

from __future__ import annotations

import calendar
import itertools
import json
import signal
import socket
import subprocess
import sys
import threading
import time
import zlib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import feedparser
import httpx
import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.landscape import ExpectedArticle, Landscape, OutletSpec
from tests.landscape.content import TASHKEEL_RE, load_seed, parse_z
from tests.landscape.faults import gzip_bomb, gzip_bomb_length
from tests.landscape.outlets import CONFIG_RULES, Outlet

# What an extractor must drop inside the body container of an aggregator copy.
AGGREGATOR_LINES = ["p.news-source", "p.read-source"]


@pytest.fixture(scope="module")
def land() -> Iterator[Landscape]:
    with Landscape.default() as landscape:
        yield landscape


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=5) as c:
        yield c


@pytest.fixture(autouse=True)
def _clean(land: Landscape) -> Iterator[None]:
    yield
    land.clear_faults()


def visible_body(page: str, style: str) -> str:
    """The body text a reader sees: paragraphs and sub-headings of the body container."""
    soup = BeautifulSoup(page, "lxml")
    rules = CONFIG_RULES[style]
    container = soup.select_one(str(rules["body"]))
    assert container is not None
    strip = list(rules.get("strip", [])) + (AGGREGATOR_LINES if style == "aggregator" else [])
    for selector in strip:
        for element in container.select(selector):
            element.decompose()
    blocks = [el.get_text(" ", strip=True) for el in container.find_all(["p", "h2", "h3", "h4"])]
    return "\n\n".join(b for b in blocks if b)


def test_outlets_start_on_distinct_ports_and_stop_without_leaks() -> None:
    threads_before = threading.active_count()
    landscape = Landscape.default()
    with landscape:
        ports = {o.base_url for o in landscape.outlets}
        assert len(ports) == len(landscape.outlets)
        with httpx.Client() as c:  # keep-alive connections must not hold up stop()
            for outlet in landscape.outlets[:3]:
                assert c.get(outlet.base_url + "/robots.txt").status_code == 200
    deadline = time.monotonic() + 2  # a thread may still be returning from join()
    while threading.active_count() > threads_before and time.monotonic() < deadline:
        time.sleep(0.01)
    assert threading.active_count() == threads_before, threading.enumerate()
    for outlet in landscape.outlets:
        with pytest.raises(httpx.ConnectError):
            httpx.get(outlet.base_url + "/", timeout=1)


def test_every_article_page_shows_exactly_the_expected_body(
    land: Landscape, client: httpx.Client
) -> None:
    for outlet in land.outlets:
        if outlet.style in ("broken", "closed"):
            continue
        for article in outlet.articles[:4]:
            response = client.get(article.url)
            assert response.status_code == 200
            assert visible_body(response.text, outlet.style) == article.body, article.url
            soup = BeautifulSoup(response.text, "lxml")
            headline = soup.select_one(str(CONFIG_RULES[outlet.style]["headline"]))
            assert headline is not None
            assert headline.get_text(strip=True) == article.headline


def test_sub_headings_are_their_own_paragraphs(land: Landscape, client: httpx.Client) -> None:
    outlet = land.outlet("marsad")
    article = next(a for a in outlet.articles if a.headings)
    soup = BeautifulSoup(client.get(article.url).text, "lxml")
    subheads = [h.get_text() for h in soup.select("div.entry-content h2")]
    assert subheads == [article.paragraphs[i] for i in article.headings]


def test_wordpress_page_metadata(land: Landscape, client: httpx.Client) -> None:
    outlet = land.outlet("marsad")
    for article in outlet.articles[:2]:
        soup = BeautifulSoup(client.get(article.url).text, "lxml")
        data = json.loads(soup.select_one("script[type='application/ld+json']").get_text())  # type: ignore[union-attr]
        news = next(n for n in data.get("@graph", [data]) if n["@type"] == "NewsArticle")
        assert news["headline"] == article.headline
        assert parse_z(article.published_at) == parse_z(
            news["datePublished"].replace("+00:00", "Z")
        )
        og = soup.select_one("meta[property='og:title']")
        assert og is not None
        assert og["content"] == f"{article.headline} - {outlet.name}"
    assert "%" in outlet.articles[0].path  # Arabic slugs are percent-encoded in links


def test_feeds_parse_and_list_the_newest_articles(land: Landscape, client: httpx.Client) -> None:
    for outlet_id in ("marsad", "wasat", "observer", "lana", "akhbar", "saa24"):
        outlet = land.outlet(outlet_id)
        feed_url = outlet.base_url + outlet.feed_paths()[0]
        parsed = feedparser.parse(client.get(feed_url).content)
        assert not parsed.bozo, (outlet_id, parsed.get("bozo_exception"))
        expected = outlet.newest(outlet.feed_size())
        links = [e.link for e in parsed.entries]
        assert links[: len(expected)] == [a.url for a in expected]
        for entry, article in zip(parsed.entries, expected, strict=False):
            assert entry.title == article.headline
            stamp = calendar.timegm(entry.get("published_parsed") or entry.get("updated_parsed"))
            assert stamp == parse_z(article.published_at).timestamp()
    rdf = client.get(land.outlet("akhbar").base_url + "/feed/").text
    assert "http://purl.org/rss/1.0/" in rdf  # one RSS 1.0 feed in the landscape


def test_wordpress_rest_api_sitemap_and_listing_cover_every_article(
    land: Landscape, client: httpx.Client
) -> None:
    outlet = land.outlet("marsad")
    api = outlet.base_url + "/wp-json/wp/v2/posts"
    first = client.get(api, params={"per_page": 20, "page": 1})
    assert first.headers["X-WP-TotalPages"] == "2"
    posts = first.json() + client.get(api, params={"per_page": 20, "page": 2}).json()
    assert [p["link"] for p in posts] == [a.url for a in outlet.articles]
    assert posts[0]["date_gmt"] + "Z" == outlet.articles[0].published_at
    past_end = client.get(api, params={"per_page": 20, "page": 3})
    assert past_end.status_code == 400
    assert past_end.json()["code"] == "rest_post_invalid_page_number"
    index = client.get(outlet.base_url + "/wp-sitemap.xml").text
    assert "/wp-sitemap-posts-post-1.xml" in index
    sitemap = client.get(outlet.base_url + "/wp-sitemap-posts-post-1.xml").text
    assert all(a.url in sitemap for a in outlet.articles)
    assert (
        f"Sitemap: {outlet.base_url}/wp-sitemap.xml"
        in client.get(outlet.base_url + "/robots.txt").text
    )
    page2 = BeautifulSoup(client.get(outlet.base_url + "/category/libya/page/2/").text, "lxml")
    assert [a["href"] for a in page2.select("h2.entry-title > a")] == [
        a.url for a in outlet.articles[10:20]
    ]


def test_legacy_page_is_windows_1256_with_an_agency_dateline(
    land: Landscape, client: httpx.Client
) -> None:
    outlet = land.outlet("lana")
    article = outlet.articles[0]
    assert article.path.startswith("/post.php?lang=ar&id=")
    response = client.get(article.url)
    assert response.headers["content-type"] == "text/html; charset=windows-1256"
    with pytest.raises(UnicodeDecodeError):
        response.content.decode("utf-8")
    page = response.content.decode("windows-1256")
    assert '<meta charset="windows-1256">' in page
    assert article.headline in page
    assert "( وال ) -" in article.paragraphs[0]
    listing = client.get(outlet.base_url + "/category.php?lang=ar&id=8")
    links = BeautifulSoup(listing.content.decode("windows-1256"), "lxml").select(
        "ul.news_titles li > a"
    )
    assert links[0]["href"] == article.path.lstrip("/")  # relative, as on lana.gov.ly


def test_custom_outlet_writes_the_date_as_local_arabic_text(
    land: Landscape, client: httpx.Client
) -> None:
    article = land.outlet("wasat").articles[0]
    page = client.get(article.url).text
    assert "application/ld+json" not in page
    date_text = BeautifulSoup(page, "lxml").select_one("div.art-info span.date").get_text()  # type: ignore[union-attr]
    local = parse_z(article.published_at).timestamp() + 2 * 3600
    hour = time.gmtime(local).tm_hour
    assert (
        f"{hour % 12 or 12:02d}:{time.gmtime(local).tm_min:02d} {'صباحا' if hour < 12 else 'مساء'}"
        in date_text
    )
    assert "- بوابة الوسط " in date_text


def test_aggregator_copies_and_the_seed_article(land: Landscape, client: httpx.Client) -> None:
    aggregator, saa24 = land.outlet("akhbar"), land.outlet("saa24")
    seed = load_seed()
    original = next(a for a in saa24.articles if a.headline == seed.headline)
    assert original.paragraphs == seed.paragraphs
    assert saa24.articles[0].path.startswith("/news/") and saa24.articles[0].path.isascii()
    copy = next(a for a in aggregator.articles if a.copy_of == original.url)
    assert copy.original_source == "صحيفة الساعة 24" and copy.original_url == original.url
    page = client.get(copy.url).text
    assert "مصدر الخبر / صحيفة الساعة 24" in page
    assert "يمكنك ايضا قراءة الخبر في المصدر من" in page and "عن مصدر الخبر" in page
    assert "تم النشر منذُ  " in page
    assert visible_body(page, "aggregator") == "\n\n".join(seed.paragraphs)
    originals = {a.url: a for o in land.outlets for a in o.articles}
    sources = {a.original_source for a in aggregator.articles}
    assert {"بوابة الوسط", "المرصد", "وكالة الانباء الليبية"} <= sources
    changed = [a for a in aggregator.articles if a.body != originals[a.copy_of or ""].body]
    assert changed  # quotes retyped, a paragraph cut, tatweel or diacritics changed
    for a in changed:
        assert TASHKEEL_RE.sub("", a.paragraphs[0].replace("\u0640", "")).startswith(
            TASHKEEL_RE.sub("", originals[a.copy_of or ""].paragraphs[0])[:20]
        )


def test_robots_disallowed_trap_is_linked_but_forbidden(
    land: Landscape, client: httpx.Client
) -> None:
    aggregator = land.outlet("akhbar")
    trap = next(url for url, why in aggregator.traps.items() if why == "robots-disallowed")
    assert trap in client.get(aggregator.base_url + "/feed/").text
    assert "Disallow: /private/" in client.get(aggregator.base_url + "/robots.txt").text


def test_broken_outlet(land: Landscape, client: httpx.Client) -> None:
    broken = land.outlet("broken")
    html_feed = client.get(broken.base_url + "/feed")
    assert html_feed.headers["content-type"].startswith("text/html")
    assert feedparser.parse(html_feed.content).entries == []
    empty = feedparser.parse(client.get(broken.base_url + "/feed/empty").content)
    assert not empty.bozo and empty.entries == []
    listed = [
        e.link for e in feedparser.parse(client.get(broken.base_url + "/news.xml").content).entries
    ]
    for url, why in broken.traps.items():
        assert url in listed
        assert client.get(url).status_code == (404 if why == "not-found" else 200)
    assert client.get(broken.base_url + "/no/such/page").status_code == 404
    closed = land.outlet("closed")
    with pytest.raises(httpx.ConnectError):
        client.get(closed.base_url + "/feed/")


def test_injected_faults_come_in_order_then_normal_answers(
    land: Landscape, client: httpx.Client
) -> None:
    article = land.outlet("wasat").articles[1]
    land.reset_log()
    land.fail(article.url, [500, "503", ("429", 2), "reset"])
    assert client.get(article.url).status_code == 500
    assert client.get(article.url).status_code == 503
    limited = client.get(article.url)
    assert limited.status_code == 429 and limited.headers["retry-after"] == "2"
    with pytest.raises(httpx.TransportError):
        client.get(article.url)
    assert client.get(article.url).status_code == 200
    assert [r.status for r in land.requests] == [500, 503, 429, 0, 200]
    assert {r.outlet_id for r in land.requests} == {"wasat"}
    assert land.requests[0].headers["user-agent"].startswith("python-httpx")


def test_fault_by_bare_path_and_http_date_retry_after(
    land: Landscape, client: httpx.Client
) -> None:
    outlet = land.outlet("observer")
    land.set_fault("/rss.xml", "429-date", secs=5)
    response = client.get(outlet.base_url + "/rss.xml")
    assert response.status_code == 429
    assert response.headers["retry-after"].endswith("GMT")


def test_special_bodies(land: Landscape, client: httpx.Client) -> None:
    base = land.outlet("marsad").base_url
    land.set_fault("/loop", "redirect-loop")
    with pytest.raises(httpx.TooManyRedirects):
        client.get(base + "/loop", follow_redirects=True)
    land.set_fault("/huge", "huge", size_bytes=3_000_000)
    assert len(client.get(base + "/huge").content) == 3_000_000
    land.set_fault("/endless", "endless")
    with client.stream("GET", base + "/endless") as response:
        assert response.headers["transfer-encoding"] == "chunked"
        received = 0
        for chunk in response.iter_raw():
            received += len(chunk)
            if received > 200_000:
                break
    assert received > 200_000
    article = land.outlet("wasat").articles[0]
    land.set_fault(article.url, "wrong-charset")
    response = client.get(article.url)
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert article.headline in response.content.decode("windows-1256")


def test_slow_body_trickles(land: Landscape, client: httpx.Client) -> None:
    url = land.outlet("marsad").base_url + "/robots.txt"
    land.set_fault(url, "slow", chunk_bytes=4, interval_secs=0.05)
    started = time.monotonic()
    body = client.get(url).content
    assert body.startswith(b"User-agent")
    assert time.monotonic() - started >= 0.05 * (len(body) // 4 - 1)


def test_gzip_bomb_is_small_on_the_wire_and_inflates_fully(
    land: Landscape, client: httpx.Client
) -> None:
    size = 20 * 1024 * 1024
    wire = b"".join(gzip_bomb(size, threading.Event()))
    assert len(wire) == gzip_bomb_length(size) < size // 500
    assert len(zlib.decompress(wire, 31)) == size  # valid gzip: CRC and length check out
    assert gzip_bomb_length(1024**3) < 2 * 1024 * 1024
    url = land.outlet("marsad").base_url + "/bomb"
    land.set_fault(url, "gzip-bomb", size_bytes=size)
    with client.stream("GET", url) as response:
        assert response.headers["content-encoding"] == "gzip"
        assert sum(len(c) for c in response.iter_bytes()) == size


def test_random_failures_hit_the_chosen_fraction(land: Landscape, client: httpx.Client) -> None:
    chosen = land.fail_randomly(fraction=0.3, seed=1)
    total = sum(len(o.articles) + len(o.feed_paths()) for o in land.outlets if o.style != "closed")
    assert 0.15 * total < len(chosen) < 0.45 * total
    url, faults = next(iter(chosen.items()))
    for _ in faults:
        try:
            assert client.get(url).status_code in (500, 503, 429)
        except httpx.TransportError:
            pass
    assert client.get(url).status_code == 200


def test_conditional_get_and_feed_updates(client: httpx.Client) -> None:
    with Landscape([OutletSpec("wp", "wordpress", articles=5)]) as landscape:
        outlet = landscape.outlets[0]
        feed = outlet.base_url + "/feed/"
        first = client.get(feed)
        etag, modified = first.headers["etag"], first.headers["last-modified"]
        assert client.get(feed, headers={"If-None-Match": etag}).status_code == 304
        assert client.get(feed, headers={"If-Modified-Since": modified}).status_code == 304
        added = landscape.add_article("wp")
        assert outlet.articles[0] is added
        fresh = client.get(feed, headers={"If-None-Match": etag})
        assert fresh.status_code == 200 and fresh.headers["etag"] != etag
        assert feedparser.parse(fresh.content).entries[0].link == added.url
        assert client.get(feed, headers={"If-Modified-Since": modified}).status_code == 200
        edited = landscape.edit_article(added.url, headline="عنوان معدل للخبر")
        assert "عنوان معدل للخبر" in client.get(added.url).text
        assert edited.modified_at is not None and edited.modified_at >= edited.published_at
        assert [r.status for r in landscape.requests][:3] == [200, 304, 304]
        landscape.disallow("wp", "/category/")
        assert "Disallow: /category/" in client.get(outlet.base_url + "/robots.txt").text


def test_gzip_only_when_asked(land: Landscape) -> None:
    url = land.outlet("marsad").articles[0].url
    with httpx.Client(headers={"Accept-Encoding": "gzip"}) as c:
        assert c.get(url).headers["content-encoding"] == "gzip"
    with httpx.Client(headers={"Accept-Encoding": "identity"}) as c:
        assert "content-encoding" not in c.get(url).headers


def test_restart_moves_urls_to_the_new_ports() -> None:
    landscape = Landscape(
        [OutletSpec("wp", "wordpress", articles=3), OutletSpec("agg", "aggregator")]
    )
    with landscape:
        before = landscape.outlets[1].articles[0]
    with landscape:
        after = landscape.outlets[1].articles[0]
        assert after.headline == before.headline
        assert after.copy_of and after.copy_of.startswith(landscape.outlets[0].base_url)
        assert httpx.get(after.url).status_code == 200


def test_config_yaml_and_fixtures(land: Landscape, tmp_path: Path) -> None:
    path = land.write_config(tmp_path / "sources.yaml")
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert [s["id"] for s in doc["sources"]] == [o.id for o in land.outlets]
    for source, outlet in zip(doc["sources"], land.outlets, strict=True):
        assert all(url.startswith(outlet.base_url) for url in source["feeds"])
        for test in source.get("tests", []):
            assert (tmp_path / test["fixture"]).is_file()
            assert test["expect"]["headline"] == outlet.articles[0].headline
    assert next(s for s in doc["sources"] if s["id"] == "akhbar")["aggregator"] is True


def test_latency_and_concurrency_in_a_generated_landscape() -> None:
    started = time.monotonic()
    landscape = Landscape.generated(outlets=50, articles=40, latency_secs=0.2)
    with landscape, httpx.Client(limits=httpx.Limits(max_connections=50)) as c:
        assert time.monotonic() - started < 5
        urls = [o.articles[0].url for o in landscape.outlets]
        begin = time.monotonic()
        with ThreadPoolExecutor(50) as pool:
            statuses = list(pool.map(lambda u: c.get(u).status_code, urls))
        elapsed = time.monotonic() - begin
    assert statuses == [200] * 50
    assert 0.2 <= elapsed < 5  # answered in parallel: 50 serial 200 ms answers take 10 s
    assert len({o.base_url for o in landscape.outlets}) == 50


def test_distinct_stories_are_not_near_duplicates(land: Landscape) -> None:
    def shingles(article: ExpectedArticle) -> set[tuple[str, ...]]:
        words = article.body.split()
        return {tuple(words[i : i + 5]) for i in range(len(words) - 4)}

    stories = [
        shingles(a)
        for o in land.outlets
        if o.style in ("wordpress", "custom", "legacy")
        for a in o.articles
    ]
    worst = max(len(a & b) / len(a | b) for a, b in itertools.combinations(stories, 2))
    assert worst < 0.5


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(target=st.text(min_size=1, max_size=60))
def test_hostile_request_targets_get_an_answer(land: Landscape, target: str) -> None:
    outlet: Outlet = land.outlet("lana")
    path = "/" + "".join(ch if ch.isalnum() else f"%{ord(ch) % 256:02X}" for ch in target)
    with socket.create_connection(
        ("127.0.0.1", int(outlet.base_url.rsplit(":", 1)[1])), timeout=5
    ) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        status_line = sock.recv(64).split(b"\r\n", 1)[0]
    assert status_line.split()[1] in (b"200", b"404", b"400")


def test_command_line_serves_until_terminated(tmp_path: Path) -> None:
    config = tmp_path / "sources.yaml"
    command = [sys.executable, "-m", "tests.landscape", "--write-config", str(config)]
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, text=True, cwd=Path(__file__).parents[2]
    ) as proc:
        assert proc.stdout is not None
        lines = [proc.stdout.readline() for _ in range(9)]
        assert lines[-1].startswith("wrote ")
        feed = yaml.safe_load(config.read_text(encoding="utf-8"))["sources"][0]["feeds"][0]
        assert httpx.get(feed).status_code == 200
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
