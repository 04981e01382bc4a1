"""The address policy: rules, trusted hosts, allow_private, and every fetch path through it.

Servers are real, on 127.0.0.1 and 127.0.0.2 (both loopback on Linux); names are mapped to
addresses by an injected resolver, never by DNS.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
from collections.abc import Iterable, Mapping, Sequence

import httpcore
import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.errors import HARD, AddressRefused, FetchError, NetworkError
from ingest.fetch import Fetcher
from ingest.models import Page, Settings
from ingest.netpolicy import AddressGuard, GuardedBackend, Resolver, address_rule
from tests.fetching import RecordingSleep, run
from tests.hostile import answer, redirect_to, serve


def resolver_of(names: Mapping[str, Sequence[str]]) -> Resolver:
    """A resolver answering from ``names``; other names do not resolve."""

    async def resolve(host: str, port: int) -> Sequence[str]:
        if host not in names:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return names[host]

    return resolve


def mock_fetcher(
    names: Mapping[str, Sequence[str]],
    trusted: set[str] | None = None,
    settings: Settings | None = None,
) -> tuple[Fetcher, list[str]]:
    """A policed Fetcher on a MockTransport answering 200; the URLs it was sent."""
    sent: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(str(request.url))
        return httpx.Response(200, text="ok")

    fetcher = Fetcher(
        settings,
        transport=httpx.MockTransport(handler),
        obey_robots=False,
        sleep=RecordingSleep(),
        trusted_hosts=trusted if trusted is not None else set(),
        resolver=resolver_of(names),
    )
    return fetcher, sent


async def fetch_with(fetcher: Fetcher, url: str) -> Page:
    """Fetch ``url`` and close the fetcher."""
    async with fetcher:
        return await fetcher.fetch(url)


# --- the rules -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "rule"),
    [
        ("10.0.0.5", "private"),
        ("172.16.3.4", "private"),
        ("192.168.1.1", "private"),
        ("fd12:3456::1", "private"),
        ("127.0.0.2", "loopback"),
        ("::1", "loopback"),
        ("169.254.169.254", "cloud metadata"),
        ("fd00:ec2::254", "cloud metadata"),
        ("169.254.1.1", "link-local"),
        ("fe80::1%eth0", "link-local"),
        ("100.64.0.1", "shared (CGNAT)"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("224.0.0.1", "multicast"),
        ("ff02::1", "multicast"),
        ("255.255.255.255", "reserved"),
        ("192.0.2.10", "reserved"),
        ("2001:db8::1", "reserved"),
        ("::ffff:10.0.0.5", "private"),  # IPv4-mapped
        ("::ffff:127.0.0.1", "loopback"),
        ("64:ff9b::a9fe:a9fe", "cloud metadata"),  # NAT64 of 169.254.169.254
        ("2002:7f00:1::", "loopback"),  # 6to4 of 127.0.0.1
        ("not an address", "not an IP address"),
        ("8.8.8.8", None),
        ("2606:4700:4700::1111", None),
        ("::ffff:8.8.8.8", None),
    ],
)
def test_address_rules(address: str, rule: str | None) -> None:
    assert address_rule(address) == rule


def test_trusted_hosts_match_by_name_and_port() -> None:
    guard = AddressGuard(["127.0.0.1:8001", "Intranet.Example", "http://[::1]:9000/feed"])
    assert guard.trusts("127.0.0.1", 8001)
    assert not guard.trusts("127.0.0.1", 6379)  # host:port trusts that port only
    assert guard.trusts("intranet.example", 443)
    assert guard.trusts("::1", 9000)
    assert not guard.trusts("localhost", 8001)  # a name is not its address


# --- fetch paths, on a mock transport with an injected resolver --------------------------------


def test_a_name_resolving_to_a_private_address_is_refused_without_a_request() -> None:
    fetcher, sent = mock_fetcher({"internal.example": ["10.0.0.5"]})
    with pytest.raises(AddressRefused) as caught:
        run(fetch_with(fetcher, "http://internal.example/admin"))
    assert sent == []
    assert str(caught.value) == (
        "http://internal.example/admin: refused 10.0.0.5 (private) for internal.example: "
        "set allow_private: true for an intranet"
    )
    assert caught.value.kind == HARD
    assert (caught.value.host, caught.value.address, caught.value.rule) == (
        "internal.example",
        "10.0.0.5",
        "private",
    )


def test_one_private_answer_among_public_ones_is_enough_to_refuse() -> None:
    fetcher, sent = mock_fetcher({"mixed.example": ["93.184.216.34", "192.168.0.9"]})
    with pytest.raises(AddressRefused, match=r"192\.168\.0\.9 \(private\)"):
        run(fetch_with(fetcher, "https://mixed.example/"))
    assert sent == []


def test_allow_private_lets_an_intranet_through_but_not_loopback_or_metadata() -> None:
    names = {"intranet.example": ["10.0.0.5"], "meta.example": ["169.254.169.254"]}
    fetcher, sent = mock_fetcher(names, settings=Settings(allow_private=True))

    async def go() -> None:
        async with fetcher:
            assert (await fetcher.fetch("http://intranet.example/news")).status == 200
            with pytest.raises(AddressRefused, match="cloud metadata"):
                await fetcher.fetch("http://meta.example/latest/meta-data/")
            with pytest.raises(AddressRefused, match="loopback"):
                await fetcher.fetch("http://127.0.0.1:2375/containers/json")

    run(go())
    assert sent == ["http://intranet.example/news"]


def test_trusted_hosts_pass_and_others_are_checked() -> None:
    fetcher, sent = mock_fetcher(
        {"intranet.example": ["10.0.0.5"], "public.example": ["93.184.216.34"]},
        trusted={"intranet.example", "127.0.0.1:8001"},
    )

    async def go() -> None:
        async with fetcher:
            await fetcher.fetch("http://intranet.example/")
            await fetcher.fetch("http://127.0.0.1:8001/feed")
            await fetcher.fetch("http://public.example/")
            with pytest.raises(AddressRefused, match="loopback"):
                await fetcher.fetch("http://127.0.0.1:8002/")  # another port

    run(go())
    assert len(sent) == 3


def test_a_redirect_to_cloud_metadata_is_refused() -> None:
    sent: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(str(request.url))
        return httpx.Response(302, headers={"Location": "http://169.254.169.254/latest/"})

    fetcher = Fetcher(
        transport=httpx.MockTransport(handler),
        obey_robots=False,
        trusted_hosts={"alwasat.ly"},
        resolver=resolver_of({"alwasat.ly": ["93.184.216.34"]}),
    )
    with pytest.raises(AddressRefused) as caught:
        run(fetch_with(fetcher, "https://alwasat.ly/feed"))
    assert sent == ["https://alwasat.ly/feed"]
    assert caught.value.url == "https://alwasat.ly/feed"
    assert str(caught.value).startswith(
        "http://169.254.169.254/latest/: refused 169.254.169.254 (cloud metadata)"
    )


def test_a_name_that_does_not_resolve_is_a_network_error() -> None:
    fetcher, sent = mock_fetcher({})
    with pytest.raises(NetworkError, match=r"cannot resolve nowhere\.example"):
        run(fetch_with(fetcher, "https://nowhere.example/"))
    assert sent == []


def test_no_trusted_hosts_means_no_address_policy() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200)

    fetcher = Fetcher(transport=httpx.MockTransport(handler), obey_robots=False)
    assert run(fetch_with(fetcher, "http://10.0.0.5/")).status == 200


# --- our own transport, against real servers -------------------------------------------------


def test_a_redirect_to_another_loopback_host_reaches_nothing() -> None:
    async def go() -> tuple[list[str], list[str]]:
        async with (
            serve(answer(200, b"internal"), host="127.0.0.2") as internal,
            serve(redirect_to(internal.base + "/admin")) as outlet,
        ):
            fetcher = Fetcher(sleep=RecordingSleep(), trusted_hosts={"127.0.0.1"})
            with pytest.raises(AddressRefused) as caught:
                await fetch_with(fetcher, outlet.base + "/feed")
            assert f"{internal.base}/admin: refused 127.0.0.2 (loopback)" in str(caught.value)
            return outlet.paths, internal.paths

    outlet_paths, internal_paths = run(go())
    assert outlet_paths == ["/robots.txt", "/feed"]
    assert internal_paths == []  # not even its robots.txt


def test_a_name_resolving_to_loopback_is_refused_at_the_connection() -> None:
    async def go() -> list[str]:
        async with serve(answer(200, b"internal")) as internal:
            port = internal.base.rsplit(":", 1)[1]
            fetcher = Fetcher(
                sleep=RecordingSleep(),
                trusted_hosts={"127.0.0.1"},
                resolver=resolver_of({"evil.example": ["127.0.0.1"]}),
            )
            with pytest.raises(AddressRefused) as caught:
                await fetch_with(fetcher, f"http://evil.example:{port}/admin")
            assert str(caught.value) == (
                f"http://evil.example:{port}/admin: refused 127.0.0.1 (loopback) for "
                "evil.example: name the host in sources.yaml to fetch it"
            )
            return internal.paths

    assert run(go()) == []


def test_trusted_hosts_work_through_our_transport_and_resolver() -> None:
    async def go() -> tuple[Page, Page]:
        async with serve(answer(200, b"<p>news</p>")) as outlet:
            port = outlet.base.rsplit(":", 1)[1]
            fetcher = Fetcher(
                obey_robots=False,
                trusted_hosts={f"127.0.0.1:{port}", "outlet.test"},
                resolver=resolver_of({"outlet.test": ["127.0.0.1"]}),
            )
            async with fetcher:
                by_address = await fetcher.fetch(outlet.base + "/a")
                by_name = await fetcher.fetch(f"http://outlet.test:{port}/b")
            assert outlet.paths == ["/a", "/b"]
            return by_address, by_name

    by_address, by_name = run(go())
    assert by_address.content == by_name.content == b"<p>news</p>"


def test_allow_private_does_not_open_loopback_through_our_transport() -> None:
    async def go() -> list[str]:
        async with serve(answer()) as internal:
            fetcher = Fetcher(Settings(allow_private=True), obey_robots=False, trusted_hosts=set())
            with pytest.raises(AddressRefused, match="loopback"):
                await fetch_with(fetcher, internal.base + "/")
            return internal.paths

    assert run(go()) == []


# --- the backend: one resolution per connection, to the address checked ----------------------


class RecordingBackend(httpcore.AsyncMockBackend):
    """httpcore's mock network, recording where it was asked to connect and the SNI."""

    def __init__(self) -> None:
        super().__init__([b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n", b"ok"])
        self.connects: list[tuple[str, int]] = []
        self.server_hostnames: list[str | None] = []

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        self.connects.append((host, port))
        return RecordingStream(self)


class RecordingStream(httpcore.AsyncMockStream):
    """A mock connection that tells its backend which name TLS was started for."""

    def __init__(self, backend: RecordingBackend) -> None:
        super().__init__(list(backend._buffer))
        self.backend = backend

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        self.backend.server_hostnames.append(server_hostname)
        return self


def test_the_backend_connects_to_the_address_it_checked_and_tls_keeps_the_name() -> None:
    answers = [["93.184.216.34"], ["127.0.0.1"]]  # a rebinding resolver: public, then not
    calls: list[str] = []

    async def rebinding(host: str, port: int) -> Sequence[str]:
        calls.append(host)
        return answers[min(len(calls), len(answers)) - 1]

    inner = RecordingBackend()

    async def go() -> int:
        backend = GuardedBackend(AddressGuard(resolver=rebinding), inner=inner)
        async with httpcore.AsyncConnectionPool(network_backend=backend) as pool:
            response = await pool.request("GET", "https://news.example/")
            return response.status

    assert run(go()) == 200
    assert calls == ["news.example"]  # resolved once, for the one connection
    assert inner.connects == [("93.184.216.34", 443)]
    assert inner.server_hostnames == ["news.example"]


def test_the_backend_refuses_before_connecting() -> None:
    inner = RecordingBackend()
    backend = GuardedBackend(
        AddressGuard(resolver=resolver_of({"x.example": ["10.1.2.3"]})), inner=inner
    )
    with pytest.raises(AddressRefused, match=r"refused 10\.1\.2\.3 \(private\) for x\.example"):
        run(backend.connect_tcp("x.example", 80))
    assert inner.connects == []


# --- hostile input ---------------------------------------------------------------------------


addresses = st.one_of(st.ip_addresses().map(str), st.text(max_size=40))
hosts = st.one_of(
    st.text(max_size=80),
    st.ip_addresses().map(str),
    st.from_regex(r"[a-z0-9.-]{1,70}", fullmatch=True),
)


@settings(max_examples=300, deadline=None)
@given(
    host=hosts,
    port=st.integers(min_value=0, max_value=65535),
    answers=st.lists(addresses, max_size=4),
    trusted=st.lists(st.one_of(st.text(max_size=40), hosts), max_size=3),
    allow_private=st.booleans(),
    fails=st.booleans(),
)
def test_the_guard_raises_only_its_own_errors(
    host: str,
    port: int,
    answers: list[str],
    trusted: list[str],
    allow_private: bool,
    fails: bool,
) -> None:
    async def resolve(name: str, port: int) -> Sequence[str]:
        if fails:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return answers

    guard = AddressGuard(trusted, allow_private=allow_private, resolver=resolve)
    for answer_ in answers:
        assert address_rule(answer_) is None or isinstance(address_rule(answer_), str)
    try:
        guard.check_literal(host, port)
    except AddressRefused:
        pass
    try:
        resolved = asyncio.run(guard.resolve(host, port))
    except (AddressRefused, NetworkError) as exc:
        assert str(exc)
    else:
        assert resolved


@settings(max_examples=150, deadline=None)
@given(url=st.one_of(st.text(max_size=60), st.from_regex(r"https?://[^/]{0,30}/?", fullmatch=True)))
def test_any_url_through_a_policed_fetcher_ends_in_a_page_or_fetch_error(url: str) -> None:
    fetcher, _ = mock_fetcher({"outlet.example": ["93.184.216.34"]}, trusted={"outlet.example"})
    try:
        page = run(fetch_with(fetcher, url))
    except FetchError as exc:
        assert str(exc)
    else:
        assert page.status == 200
