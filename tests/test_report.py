"""The end of a run as an operator reads it: causes named, lines short, exit codes calm.

Failures come from the real fetch layer wherever that is cheap offline: a resolver that
answers nothing (a machine offline), a closed port, a plain-HTTP server spoken to in TLS,
``MockTransport`` servers answering 403.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Sequence

import httpx
import pytest

from ingest.diagnosis import (
    ADDRESS_REFUSED,
    BLOCKED,
    DNS,
    INTERNAL,
    NOT_FOUND,
    REFUSED,
    ROBOTS,
    SERVER_ERROR,
    TIMEOUT,
    TLS,
    classify,
    classify_message,
)
from ingest.errors import (
    DeadlineExceeded,
    FetchError,
    HTTPStatusError,
    RobotsDisallowed,
    TransferTooSlow,
)
from ingest.fetch import Fetcher
from ingest.models import EndpointState, Settings
from ingest.report import (
    DETAIL_SOURCES,
    RunReport,
    SourceBefore,
    before_run,
    exit_code,
)
from tests.fetching import RecordingSleep, run

ONE_TRY = Settings(max_tries=1)


async def offline(host: str, port: int) -> Sequence[str]:
    """The resolver of a machine with no network."""
    raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")


async def failure_of(url: str, fetcher: Fetcher) -> FetchError:
    """The error fetching ``url`` raises."""
    async with fetcher:
        try:
            await fetcher.fetch(url)
        except FetchError as exc:
            return exc
    raise AssertionError(f"{url} did not fail")


def offline_failures(urls: list[str]) -> list[FetchError]:
    """DNS failures through our own transport, as on a machine that is offline: robots.txt
    is asked first, cannot be read, and so forbids each host (RFC 9309)."""
    fetcher = Fetcher(ONE_TRY, sleep=RecordingSleep(), trusted_hosts=set(), resolver=offline)

    async def fail_all() -> list[FetchError]:
        errors = []
        async with fetcher:
            for url in urls:
                try:
                    await fetcher.fetch(url)
                except FetchError as exc:
                    errors.append(exc)
        return errors

    return run(fail_all())


def offline_failure(url: str) -> FetchError:
    """A DNS failure, as on a machine that is offline."""
    (error,) = offline_failures([url])
    return error


def status_failure(url: str, status: int) -> FetchError:
    """An outlet answering ``status``."""
    fetcher = Fetcher(
        ONE_TRY,
        transport=httpx.MockTransport(lambda request: httpx.Response(status)),
        obey_robots=False,
        sleep=RecordingSleep(),
    )
    return run(failure_of(url, fetcher))


@pytest.fixture
def closed_port() -> int:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port: int = sock.getsockname()[1]
    sock.close()
    return port


async def tls_failure() -> FetchError:
    """An https fetch from a server on 127.0.0.1 that answers in plain HTTP at once."""

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n")
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    async with server:
        at = f"127.0.0.1:{server.sockets[0].getsockname()[1]}"
        fetcher = Fetcher(ONE_TRY, obey_robots=False, trusted_hosts={at})
        return await failure_of(f"https://{at}/feed", fetcher)


def failed_run(failures: list[tuple[str, str, BaseException]], ok: int = 0) -> RunReport:
    """A report of a run in which ``failures`` happened and ``ok`` sources were fine."""
    report = RunReport(sources_ok=ok)
    for source, url, exc in failures:
        report.add_failure(source, url, exc)
        if source not in report.failed_sources:
            report.failed_sources.append(source)
            report.sources_failed += 1
    return report


# --- what an operator reads -----------------------------------------------------------------


def test_thirty_unresolvable_hosts_make_one_line_asking_if_offline() -> None:
    urls = [f"https://outlet{n}.ly/feed/" for n in range(30)]
    failures: list[tuple[str, str, BaseException]] = [
        (f"outlet{n}", url, error)
        for n, (url, error) in enumerate(zip(urls, offline_failures(urls), strict=True))
    ]
    lines = failed_run(failures).problem_lines()
    assert lines[0] == "30 of 30 sources failed"
    causes = [line for line in lines if "offline" in line]
    assert len(causes) == 1
    assert causes[0].startswith(
        "  30 sources: no host could be resolved: is this machine offline, or its DNS down?"
    )
    assert "outlet0" in causes[0]
    assert "more)" in causes[0]  # the names are capped
    assert lines[-1] == "  details: ingest status --wide"
    assert len(lines) == 3
    assert all(len(line) < 120 for line in lines)


def test_three_outlets_answering_403_name_datacenter_blocking() -> None:
    outlets = ["alwasat", "marsad", "libyaobserver"]
    failures: list[tuple[str, str, BaseException]] = []
    for name in outlets:
        url = f"https://{name}.ly/feed/"
        failures.append((name, url, status_failure(url, 403)))
    lines = failed_run(failures, ok=20).problem_lines()
    assert lines[0] == "3 of 23 sources failed"
    assert lines[1].startswith("  3 outlets answered 403: many Libyan outlets block datacenter")
    assert "another network or through a proxy" in lines[1]
    # Few failures: each source also gets its own line, with the message.
    for name in outlets:
        assert any(line.startswith(f"  {name}: HTTP 403 from https://{name}.ly") for line in lines)
    assert all(len(line) < 120 for line in lines)


def test_one_outlet_answering_403_is_not_called_a_pattern() -> None:
    url = "https://alwasat.ly/feed/"
    lines = failed_run([("alwasat", url, status_failure(url, 403))], ok=30).problem_lines()
    assert "1 outlet answered 403" in lines[1]
    assert "many Libyan outlets" not in "\n".join(lines)


def test_a_long_message_is_cut_and_verbose_prints_it_whole() -> None:
    url = "https://alwasat.ly/" + "x" * 300
    sitemap = "https://alwasat.ly/sitemap.xml"
    report = failed_run(
        [
            ("alwasat", url, status_failure(url, 404)),
            ("alwasat", sitemap, offline_failure(sitemap)),
        ],
        ok=3,
    )
    short = report.problem_lines()
    assert all(len(line) < 120 for line in short)
    assert short[-1].startswith("  alwasat (+1 more): HTTP 404 from https://alwasat.ly/xxx")
    assert short[-1].endswith("…")
    full = report.problem_lines(verbose=True)
    assert any(url in line for line in full)
    assert any(line.startswith("  alwasat: robots.txt of https://alwasat.ly") for line in full)


def test_many_failures_with_mixed_causes_list_most_widespread_first() -> None:
    urls = [f"https://dead{n}.ly/feed/" for n in range(DETAIL_SOURCES)]
    failures: list[tuple[str, str, BaseException]] = [
        (f"dead{n}", url, error)
        for n, (url, error) in enumerate(zip(urls, offline_failures(urls), strict=True))
    ]
    for name in ("alwasat", "marsad"):
        url = f"https://{name}.ly/feed/"
        failures.append((name, url, status_failure(url, 403)))
    lines = failed_run(failures, ok=10).problem_lines()
    assert lines[1].startswith(f"  {DETAIL_SOURCES} sources: no host could be resolved")
    assert lines[2].startswith("  2 outlets answered 403")
    assert lines[-1] == "  details: ingest status --wide"  # 8 sources: no line per source


def test_a_source_failing_since_before_says_since_when() -> None:
    url = "https://alwasat.ly/feed/"
    report = failed_run([("alwasat", url, status_failure(url, 403))], ok=5)
    before = {
        "alwasat": before_run(
            [state(url, "error", last_success_at="2026-12-01T10:00:00Z", failure_count=40)]
        )
    }
    lines = report.problem_lines(before)
    assert lines[0] == "1 of 6 sources failed, all still failing from before this run"
    assert any(
        "alwasat (still failing since its last success at 2026-12-01 10:00Z)" in line
        for line in lines
    )


def test_new_failures_are_listed_first_and_counted() -> None:
    old, new = "https://alwasat.ly/feed/", "https://marsad.ly/feed/"
    report = failed_run(
        [("alwasat", old, status_failure(old, 403)), ("marsad", new, status_failure(new, 500))],
        ok=5,
    )
    before = {"alwasat": before_run([state(old, "error")]), "marsad": SourceBefore()}
    lines = report.problem_lines(before)
    assert lines[0] == "2 of 7 sources failed: 1 newly, 1 still failing"
    details = [line for line in lines if line.startswith(("  alwasat", "  marsad"))]
    assert details[0].startswith("  marsad (new): HTTP 500")
    assert details[1].startswith("  alwasat (still failing, never succeeded)")


def test_notes_are_printed_when_few_and_grouped_when_many() -> None:
    report = RunReport(sources_ok=1)
    report.add_note("marsad", "https://marsad.ly/feed/", "entry 3 has no link")
    assert report.problem_lines() == ["note: marsad: https://marsad.ly/feed/: entry 3 has no link"]
    for n in range(20):
        report.add_note("marsad", "https://marsad.ly/feed/", f"entry {n} has no date")
    lines = report.problem_lines()
    assert lines[0] == "21 notes about 1 source ('ingest fetch -v' prints them all):"
    assert "entries skipped for their content" in lines[1]
    assert len(lines) == 2


def test_an_internal_error_is_always_printed_whole() -> None:
    report = RunReport()
    report.add_note("marsad", "https://marsad.ly/1", ValueError("x" * 200))
    (line,) = report.problem_lines()
    assert "ValueError('" + "x" * 200 + "')" in line


def test_a_pipeline_not_yet_switched_over_prints_as_before() -> None:
    report = RunReport(sources_failed=1, failed_sources=["alwasat"])
    report.problems.append("alwasat: https://alwasat.ly/feed/: HTTP 403 (hard)")
    assert report.problem_lines() == ["problem: alwasat: https://alwasat.ly/feed/: HTTP 403 (hard)"]


def test_add_failure_keeps_the_plain_problem_lines() -> None:
    url = "https://alwasat.ly/feed/"
    exc = status_failure(url, 403)
    report = RunReport()
    problem = report.add_failure("alwasat", url, exc)
    assert report.problems == [f"alwasat: {url}: {exc} (hard)"]
    assert (problem.source, problem.url, problem.kind, problem.category) == (
        "alwasat",
        url,
        "hard",
        BLOCKED,
    )
    report.add_failure("marsad", url, KeyError("guid"))
    assert report.problems[-1] == f"marsad: {url}: KeyError('guid')"
    assert report.failures[-1].category == INTERNAL


def test_summary_and_counters_are_unchanged() -> None:
    report = failed_run([("a", "https://a.ly/", status_failure("https://a.ly/", 403))], ok=2)
    report.new_articles = 5
    report.skip("no article")
    assert report.summary() == (
        "sources: 2 ok, 1 failed, 0 not due; entries seen: 0; new articles: 5; updated: 0; "
        "skipped: 1 (1 no article)"
    )
    assert set(report.counters()) == {
        "sources_ok",
        "sources_failed",
        "sources_not_due",
        "endpoints_fetched",
        "entries_seen",
        "new_articles",
        "updated_articles",
        "skipped",
        "skip_reasons",
        "failed_sources",
    }


# --- classification -------------------------------------------------------------------------


def test_failures_are_classified_from_the_fetch_layer(closed_port: int) -> None:
    assert classify(offline_failure("https://alwasat.ly/feed/")) == DNS
    assert classify(status_failure("https://a.ly/", 403)) == BLOCKED
    assert classify(status_failure("https://a.ly/", 404)) == NOT_FOUND
    assert classify(status_failure("https://a.ly/", 503)) == SERVER_ERROR
    refused_at = f"127.0.0.1:{closed_port}"
    refused = Fetcher(ONE_TRY, obey_robots=False, trusted_hosts={refused_at})
    assert classify(run(failure_of(f"http://{refused_at}/feed", refused))) == REFUSED
    assert classify(run(tls_failure())) == TLS

    async def private(host: str, port: int) -> Sequence[str]:
        return ["10.0.0.5"]

    policed = Fetcher(ONE_TRY, obey_robots=False, trusted_hosts=set(), resolver=private)
    assert classify(run(failure_of("https://intranet.example/feed", policed))) == ADDRESS_REFUSED


def test_a_resolver_that_hangs_is_a_dns_failure() -> None:
    async def hanging(host: str, port: int) -> Sequence[str]:
        await asyncio.sleep(5)
        return ["93.184.216.34"]

    settings = Settings(max_tries=1, connect_timeout_secs=0.05)
    fetcher = Fetcher(settings, obey_robots=False, trusted_hosts=set(), resolver=hanging)
    error = run(failure_of("https://alwasat.ly/feed/", fetcher))
    assert "took over" in str(error)
    assert classify(error) == DNS


def test_timeouts_and_trickling_are_one_cause() -> None:
    def read_timeout(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    slow = Fetcher(
        ONE_TRY,
        transport=httpx.MockTransport(read_timeout),
        obey_robots=False,
        sleep=RecordingSleep(),
    )
    assert classify(run(failure_of("https://a.ly/", slow))) == TIMEOUT
    assert classify(DeadlineExceeded("https://a.ly/", "no complete answer")) == TIMEOUT
    assert classify(TransferTooSlow("https://a.ly/", "transfer too slow")) == TIMEOUT
    assert classify(RobotsDisallowed("https://a.ly/", "robots.txt disallows")) == ROBOTS
    assert classify(HTTPStatusError("https://a.ly/", 429)) == "rate-limited"


@pytest.mark.parametrize(
    ("message", "category"),
    [
        ("https://a.ly/: ConnectError: [Errno -2] Name or service not known", DNS),
        ("https://a.ly/: ConnectError: [Errno -3] Temporary failure in name resolution", DNS),
        ("HTTP 403 from https://a.ly/feed/ (gave up after 1 attempt in 0.2 s)", BLOCKED),
        (
            "https://a.ly/: ConnectError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify "
            "failed: certificate has expired (_ssl.c:1006)",
            TLS,
        ),
        ("https://a.ly/: no complete answer within the total timeout: gave up after 3", TIMEOUT),
        ("https://a.ly/: transfer too slow: 10 bytes in 10 s, under the floor", TIMEOUT),
        ("https://a.ly/: refused 10.0.0.5 (private) for a.ly: set allow_private", ADDRESS_REFUSED),
        ("robots.txt of https://a.ly disallows https://a.ly/feed/", ROBOTS),
        (
            "robots.txt of https://a.ly is unreachable (https://a.ly/robots.txt: ConnectError: "
            "[Errno -3] Temporary failure in name resolution (gave up after 4 attempts in 0 s)); "
            "RFC 9309 forbids the whole host until it can be read (not fetched: https://a.ly/)",
            DNS,
        ),
        (
            "robots.txt of https://a.ly is unreachable (HTTP 503); RFC 9309 forbids the whole "
            "host until it can be read (not fetched: https://a.ly/feed/)",
            SERVER_ERROR,
        ),
        ("https://a.ly/: ConnectError: [Errno 111] Connection refused", REFUSED),
    ],
)
def test_stored_messages_are_classified_like_live_errors(message: str, category: str) -> None:
    assert classify_message(message) == category


# --- exit codes -----------------------------------------------------------------------------


def state(
    url: str, status: str | None, *, last_success_at: str | None = None, failure_count: int = 0
) -> EndpointState:
    """An endpoint's stored state."""
    return EndpointState(
        url=url,
        source="s",
        kind="feed",
        status=status,
        last_success_at=last_success_at,
        failure_count=failure_count,
    )


def test_a_source_failing_before_and_after_does_not_change_the_exit_code() -> None:
    url = "https://broken.ly/feed/"
    report = failed_run([("broken", url, status_failure(url, 404))], ok=30)
    before = {"broken": before_run([state(url, "error", failure_count=12)])}
    assert exit_code(report, before) == 0
    assert exit_code(report, before, strict=True) == 1


def test_a_source_healthy_before_that_fails_exits_1() -> None:
    url = "https://alwasat.ly/feed/"
    report = failed_run([("alwasat", url, status_failure(url, 403))], ok=30)
    assert exit_code(report, {"alwasat": before_run([state(url, "ok")])}) == 1
    assert exit_code(report, {"alwasat": before_run([])}) == 1  # never fetched: news too
    assert exit_code(report, {}) == 1


def test_a_new_endpoint_failing_on_a_source_already_failing_exits_1() -> None:
    feed, sitemap = "https://marsad.ly/feed/", "https://marsad.ly/sitemap.xml"
    report = failed_run([("marsad", sitemap, status_failure(sitemap, 500))], ok=3)
    before = {"marsad": before_run([state(feed, "error"), state(sitemap, "unchanged")])}
    assert exit_code(report, before) == 1


def test_every_due_source_failing_exits_1_even_when_they_failed_before() -> None:
    urls = {"a": "https://a.ly/", "b": "https://b.ly/"}
    report = failed_run([(s, u, offline_failure(u)) for s, u in urls.items()])
    before = {s: before_run([state(u, "error")]) for s, u in urls.items()}
    assert exit_code(report, before) == 1


def test_a_broken_outlet_due_alone_does_not_cry_wolf() -> None:
    url = "https://broken.ly/feed/"
    report = failed_run([("broken", url, status_failure(url, 404))])
    report.sources_not_due = 37
    assert exit_code(report, {"broken": before_run([state(url, "error")])}) == 0


def test_a_run_without_failures_exits_0() -> None:
    assert exit_code(RunReport(sources_ok=3), {}) == 0
    assert exit_code(RunReport(sources_ok=3), {}, strict=True) == 0


def test_before_run_reads_endpoint_states() -> None:
    assert before_run([state("u1", "ok"), state("u2", "not-modified")]).healthy
    assert before_run([state("u1", None)]).healthy
    failing = before_run(
        [
            state("u1", "ok", last_success_at="2026-12-05T00:00:00Z"),
            state("u2", "error", last_success_at="2026-12-03T00:00:00Z"),
            state("u3", "error", last_success_at="2026-12-01T00:00:00Z"),
        ]
    )
    assert not failing.healthy
    assert failing.failing_urls == {"u2", "u3"}
    assert failing.last_success_at == "2026-12-01T00:00:00Z"
    assert not failing.never_succeeded
