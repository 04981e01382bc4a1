"""Which addresses ingest may connect to: public ones, and whatever sources.yaml names.

Feeds, sitemaps, robots.txt and redirects are written by the outlets, or by whoever takes
one over; without this check a sitemap index could make ingest GET
``http://localhost:PORT/admin/...`` or the cloud metadata service at 169.254.169.254, and
with ``allow_offsite: true`` store an internal service's answers as articles (server-side
request forgery). So every connection is checked after DNS resolution, against these rules
in this order:

======================  ===========================================================
cloud metadata          169.254.169.254, 169.254.170.2, 100.100.100.200, 168.63.129.16,
                        fd00:ec2::254 (refused even with ``allow_private``)
unspecified             0.0.0.0/8, :: (Linux connects 0.0.0.0 to the local host)
loopback                127.0.0.0/8, ::1
link-local              169.254.0.0/16, fe80::/10
private                 10/8, 172.16/12, 192.168/16, fc00::/7 (ULA)
shared (CGNAT)          100.64.0.0/10
multicast               224.0.0.0/4, ff00::/8
reserved                240.0.0.0/4, documentation, benchmarking and every other range
                        that ``ipaddress`` does not call global
======================  ===========================================================

An IPv6 address that carries an IPv4 one (IPv4-mapped ``::ffff:a.b.c.d``, IPv4-compatible
``::a.b.c.d``, NAT64 ``64:ff9b::/96``, 6to4 ``2002::/16``) is judged by that IPv4 address.

Exceptions: hosts the configuration names (``trusted_hosts``; ``host`` trusts every port,
``host:port`` that port only), and, with ``allow_private``, the private and shared ranges
of an intranet. A name is resolved once per connection and the connection goes to the
address that was checked (``GuardedBackend``), so a DNS answer cannot change between the
check and the connect (DNS rebinding); TLS still verifies the certificate and sends SNI
for the host name, which httpcore passes to ``start_tls`` on its own.

Example::

    guard = AddressGuard({"127.0.0.1:8001"}, allow_private=False)
    transport = GuardedTransport(guard, limits=httpx.Limits(max_connections=100))
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import socket
from collections.abc import Awaitable, Callable, Iterable, Sequence

import httpcore
import httpx

from ingest.errors import AddressRefused, NetworkError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# host, port -> the addresses to try, as text; raises OSError when the name does not resolve.
Resolver = Callable[[str, int], Awaitable[Sequence[str]]]

METADATA = "cloud metadata"
PRIVATE = "private"
SHARED = "shared (CGNAT)"
# What ``allow_private`` lets through: the ranges an intranet uses, nothing local to us.
INTRANET_RULES = frozenset({PRIVATE, SHARED})


def _networks(*cidrs: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """Parse CIDR strings once, at import."""
    return tuple(ipaddress.ip_network(cidr) for cidr in cidrs)


RULES = (
    (
        METADATA,
        # AWS/GCP/Azure/OpenStack, AWS ECS tasks, Alibaba Cloud, Azure's wireserver, AWS IPv6.
        _networks(
            "169.254.169.254/32",
            "169.254.170.2/32",
            "100.100.100.200/32",
            "168.63.129.16/32",
            "fd00:ec2::254/128",
        ),
    ),
    ("unspecified", _networks("0.0.0.0/8", "::/128")),
    ("loopback", _networks("127.0.0.0/8", "::1/128")),
    ("link-local", _networks("169.254.0.0/16", "fe80::/10")),
    (PRIVATE, _networks("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7")),
    (SHARED, _networks("100.64.0.0/10")),
    ("multicast", _networks("224.0.0.0/4", "ff00::/8")),
    ("reserved", _networks("240.0.0.0/4", "fec0::/10")),
)
NAT64 = ipaddress.ip_network("64:ff9b::/96")
IPV4_COMPATIBLE = ipaddress.ip_network("::/96")


def address_rule(address: str) -> str | None:
    """The rule that refuses ``address`` (``"private"``, ``"loopback"``...), None if public.

    Text that is not an IP address is refused as ``"not an IP address"``: fail closed.
    """
    rule, _ = _classify(address)
    return rule


def _classify(address: str) -> tuple[str | None, str]:
    """(rule or None, how an IPv6 address carried the IPv4 one that decided, or "")."""
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return "not an IP address", ""
    how = ""
    if isinstance(ip, ipaddress.IPv6Address):
        ip = ipaddress.IPv6Address(ip.packed)  # the scope (fe80::1%eth0) changes nothing
        embedded, how = _embedded_ipv4(ip)
        if embedded is not None:
            return _rule(embedded), how
    return _rule(ip), how


def _rule(ip: IPAddress) -> str | None:
    """The first rule of ``RULES`` that holds ``ip``; "reserved" for other non-global ones."""
    for name, networks in RULES:
        if any(ip in network for network in networks):
            return name
    return None if ip.is_global else "reserved"


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> tuple[ipaddress.IPv4Address | None, str]:
    """The IPv4 address an IPv6 address carries, and how, or (None, "")."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped, "IPv4-mapped"
    if ip in NAT64:
        return ipaddress.IPv4Address(ip.packed[-4:]), "NAT64"
    if ip.sixtofour is not None:
        return ip.sixtofour, "6to4"
    if ip in IPV4_COMPATIBLE and int(ip) > 1:  # :: and ::1 are rules of their own
        return ipaddress.IPv4Address(ip.packed[-4:]), "IPv4-compatible"
    return None, ""


def _hint(rule: str) -> str:
    """How an operator gets past ``rule``, when they mean it."""
    if rule in INTRANET_RULES:
        return "set allow_private: true for an intranet"
    return "name the host in sources.yaml to fetch it"


async def resolve_with_getaddrinfo(host: str, port: int) -> list[str]:
    """The system resolver, in a worker thread (``loop.getaddrinfo``), addresses in its order."""
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses: list[str] = []
    for _family, _type, _proto, _name, sockaddr in infos:
        address = str(sockaddr[0])
        if address not in addresses:
            addresses.append(address)
    return addresses


class AddressGuard:
    """The address policy of one run: trusted hosts, ``allow_private``, a resolver."""

    def __init__(
        self,
        trusted_hosts: Iterable[str] = (),
        *,
        allow_private: bool = False,
        resolver: Resolver | None = None,
    ) -> None:
        self.allow_private = allow_private
        self._resolver = resolver or resolve_with_getaddrinfo
        self._trusted: set[tuple[str, int | None]] = set()
        for entry in trusted_hosts:
            trusted = _host_and_port(entry)
            if trusted is not None:
                self._trusted.add(trusted)

    def trusts(self, host: str, port: int) -> bool:
        """True when sources.yaml names ``host`` (on any port, or on ``port``)."""
        host = _normal_host(host)
        return (host, None) in self._trusted or (host, port) in self._trusted

    def refusal(self, host: str, address: str) -> AddressRefused | None:
        """The error refusing ``address`` for ``host``, or None when it may be used."""
        rule, how = _classify(address)
        if rule is None or (self.allow_private and rule in INTRANET_RULES):
            return None
        shown = f"{rule}, {how}" if how else rule
        reason = f"refused {address} ({shown}) for {host}: {_hint(rule)}"
        return AddressRefused(host, reason, host=host, address=address, rule=rule)

    def check_literal(self, host: str, port: int) -> None:
        """Refuse ``host`` if it is an IP literal that the policy forbids; names pass."""
        if _is_ip(host) and not self.trusts(host, port):
            error = self.refusal(host, host)
            if error is not None:
                raise error

    async def resolve(self, host: str, port: int) -> list[str]:
        """The addresses to connect to for ``host``, every one checked unless trusted.

        Raises AddressRefused when any address is refused (one bad answer is enough:
        a resolver that mixes them is not to be trusted), NetworkError when the name does
        not resolve.
        """
        if _is_ip(host):
            addresses = [host]
        else:
            try:
                addresses = list(await self._resolver(host, port))
            except (OSError, UnicodeError, ValueError) as exc:  # gaierror; labels over 63
                raise NetworkError(host, f"cannot resolve {host}: {exc}") from exc
            if not addresses:
                raise NetworkError(host, f"cannot resolve {host}: no address")
        if not self.trusts(host, port):
            for address in addresses:
                error = self.refusal(host, address)
                if error is not None:
                    raise error
        return addresses

    async def check(self, host: str, port: int) -> None:
        """Resolve and check ``host`` without connecting (for an injected transport)."""
        if not self.trusts(host, port):
            await self.resolve(host, port)


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network backend, connecting only to addresses the guard has checked."""

    def __init__(
        self, guard: AddressGuard, inner: httpcore.AsyncNetworkBackend | None = None
    ) -> None:
        self._guard = guard
        self._inner = inner or httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        """Resolve ``host`` once, check every address, connect to the first that answers."""
        loop = asyncio.get_running_loop()
        end = None if timeout is None else loop.time() + timeout
        try:
            addresses = await asyncio.wait_for(self._guard.resolve(host, port), timeout)
        except asyncio.TimeoutError:
            raise httpcore.ConnectTimeout(f"resolving {host} took over {timeout:g} s") from None
        except NetworkError as exc:
            raise httpcore.ConnectError(str(exc)) from exc
        failure: Exception = httpcore.ConnectError(f"no address for {host}")
        for address in addresses:
            left = None if end is None else max(0.0, end - loop.time())
            try:
                return await self._inner.connect_tcp(
                    address,
                    port,
                    timeout=left,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
        raise failure

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        """Not used by ingest: every source is reached over TCP."""
        raise httpcore.ConnectError(f"unix sockets are not used ({path})")

    async def sleep(self, seconds: float) -> None:
        """httpcore's connect-retry sleep."""
        await self._inner.sleep(seconds)


class GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx's transport, its connections made by ``GuardedBackend``.

    httpx 0.29 cannot be given a network backend (encode/httpx#3749 proposes it), so the
    pool the transport built is replaced by one with the same settings and our backend;
    httpx still maps httpcore's errors and streams the bodies.
    """

    def __init__(self, guard: AddressGuard, *, limits: httpx.Limits) -> None:
        super().__init__(http1=True, http2=False, limits=limits)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            http1=True,
            http2=False,
            network_backend=GuardedBackend(guard),
        )


def _is_ip(host: str) -> bool:
    """True for an IP literal (``10.0.0.5``, ``::1``), False for a name."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _normal_host(host: str) -> str:
    """Lower case, no brackets, no trailing dot, IPs in one spelling: as hosts are compared."""
    host = host.strip().strip("[]").rstrip(".").lower()
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        return host


def _host_and_port(entry: str) -> tuple[str, int | None] | None:
    """``("example.ly", None)`` from ``example.ly``, ``("::1", 8001)`` from ``[::1]:8001``.

    A URL is taken for its host and port; IDN names become punycode, as in requests.
    """
    entry = entry.strip()
    if not entry:
        return None
    with contextlib.suppress(httpx.InvalidURL, UnicodeError, ValueError):
        url = httpx.URL(entry if "://" in entry else f"http://{entry}/")
        if url.host:
            return _normal_host(url.raw_host.decode("ascii")), url.port
    return _normal_host(entry), None
