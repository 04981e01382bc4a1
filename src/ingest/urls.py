"""Canonical URLs: one spelling per article address, without ever merging two addresses.

The rules of ``canonical_url``, each a change that cannot turn one page into another:

- scheme and host lower-cased, the host's trailing dot dropped and the host IDNA-encoded
  (``عربي.ly`` → ``xn--…``), so a link typed either way is one key; default ports dropped;
- the fragment dropped (the server never sees it), except ``#!`` routes of old AJAX sites;
- path: ``.``/``..`` segments resolved and runs of ``/`` collapsed (WordPress and Drupal
  answer both the same); otherwise kept as is: case and the trailing slash are real
  differences (the fetcher canonicalises the final URL after redirects, so a site that
  redirects ``/a`` to ``/a/`` yields one key anyway);
- percent-encoding made consistent: unreserved characters decoded (``%7E`` → ``~``), every
  other escape upper-case, raw Arabic and other unsafe characters UTF-8 encoded, so an
  Arabic slug copied from a browser and one from a feed give the same key; a stray ``%``
  becomes ``%25``; reserved escapes (``%2F``) stay escaped because decoding them changes
  the path;
- query: tracking parameters removed (``TRACKING_PARAMS``, ``TRACKING_PREFIXES``), empty
  pairs removed, the rest sorted by name (stable, so repeated names keep their order) and
  ``?`` dropped when nothing is left. ``+`` and ``%20`` are both kept as written.

``https`` and ``http`` are different keys, and so are AMP and mobile twins: those are
*aliases* of an article, found with ``amp_twin_candidates``/``non_amp_url`` and recorded by
the store, not folded here.

Written on the standard library rather than courlan: courlan's ``normalize_url`` keeps
fragments, turns punycode hosts into Unicode, leaves ``%7e`` and lower-case escapes as
they are, and its tracker pattern drops any parameter containing ``source``, ``session``
or ``uid``, which changes the page on CMSs that use them (``?source=`` feeds, session-less
archive pages). w3lib's ``canonicalize_url`` is close to these rules but would be a new
dependency for about a hundred lines.
"""

from __future__ import annotations

import functools
import re
from urllib.parse import SplitResult, unquote, urljoin, urlsplit, urlunsplit

import idna

TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "igshid",
        "igsh",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "ref",
        "ref_src",
        "ref_url",
        "spm",
        "s_cid",
        "at_medium",
        "at_campaign",
        "share",
        "amp_js_v",
        "amp_gsa",
        "usqp",
    }
)
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_")

CANONICAL_CACHE_SIZE = 20_000
DEFAULT_PORTS = {"http": 80, "https": 443}
# RFC 3986 section 2.3: decoding these never changes what a URL means.
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
# Allowed raw, besides unreserved: sub-delims, ":" and "@" (pchar), and "/" in the path;
# the query also allows "?" and "/"; "&", "=" and "+" are kept as written there.
_PATH_SAFE = frozenset("!$&'()*+,;=:@/")
_QUERY_SAFE = frozenset("!$'()*+,;:@/?&=")
_ESCAPE_RE = re.compile(r"%([0-9A-Fa-f]{2})")

# Host prefixes that name the same site's mobile or AMP edition.
TWIN_HOST_PREFIXES = ("www.", "m.", "mobile.", "amp.")
AMP_CACHE_SUFFIX = ".cdn.ampproject.org"
# Second-level labels under a country code that are not registrable themselves
# (alwasat.com.ly is the site, com.ly is not): a small stand-in for the public suffix list.
_GENERIC_SLDS = frozenset({"com", "net", "org", "gov", "edu", "co", "ac", "mil", "sch", "info"})
# Hosting platforms whose subdomains belong to different owners.
_SHARED_HOSTS = frozenset(
    {"blogspot.com", "wordpress.com", "github.io", "substack.com", "tumblr.com", "medium.com"}
)


def _encode_part(part: str, safe: frozenset[str]) -> str:
    """Percent-encode ``part`` consistently: decode unreserved escapes, upper-case the rest."""
    out: list[str] = []
    i, n = 0, len(part)
    while i < n:
        char = part[i]
        if char == "%":
            match = _ESCAPE_RE.match(part, i)
            if match:
                decoded = chr(int(match.group(1), 16))
                out.append(decoded if decoded in _UNRESERVED else "%" + match.group(1).upper())
                i += 3
                continue
            out.append("%25")
        elif char in _UNRESERVED or char in safe:
            out.append(char)
        else:
            out.extend(f"%{byte:02X}" for byte in char.encode("utf-8", "surrogatepass"))
        i += 1
    return "".join(out)


def _remove_dot_segments(path: str) -> str:
    """Resolve ``.`` and ``..`` segments and collapse runs of ``/`` (RFC 3986 5.2.4)."""
    segments: list[str] = []
    parts = path.split("/")
    for index, segment in enumerate(parts):
        last = index == len(parts) - 1
        if segment == "..":
            if len(segments) > 1:
                segments.pop()
            if last:
                segments.append("")
        elif segment == ".":
            if last:
                segments.append("")
        elif segment or last or not segments:
            segments.append(segment)
    result = "/".join(segments)
    return result if result.startswith("/") else "/" + result


def _encode_host(host: str) -> str:
    """Lower-case and IDNA-encode a host; leave it lower-cased when it is not a valid name."""
    host = host.strip().rstrip(".").lower()
    if not host or host.isascii() or host.startswith("["):
        return host
    try:
        return idna.encode(host, uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError, ValueError):
        return host


def _is_tracking(name: str) -> bool:
    """True for a query parameter that only tells a site where a click came from."""
    key = unquote(name).lower()
    return key in TRACKING_PARAMS or key.startswith(TRACKING_PREFIXES)


def _canonical_query(query: str) -> str:
    """Drop tracking and empty pairs, make escapes consistent, sort by name (stable)."""
    pairs: list[tuple[str, str]] = []
    for pair in query.split("&"):
        if not pair:
            continue
        name, eq, value = pair.partition("=")
        if not name and not value:
            continue
        if _is_tracking(name):
            continue
        pairs.append((_encode_part(name, _QUERY_SAFE), eq + _encode_part(value, _QUERY_SAFE)))
    pairs.sort(key=lambda item: item[0])
    return "&".join(name + rest for name, rest in pairs)


def _netloc(parts: SplitResult, scheme: str) -> str:
    """Rebuild user info, IDNA host and non-default port."""
    netloc = parts.netloc
    userinfo, at, _ = netloc.rpartition("@")
    try:
        port = parts.port
    except ValueError:  # a port that is not a number: keep it as written
        return netloc.lower()
    host = parts.hostname or ""
    if host and ":" in host and not host.startswith("["):
        host = f"[{host}]"  # IPv6 literal
    host = _encode_host(host)
    if port is not None and port != DEFAULT_PORTS.get(scheme):
        host = f"{host}:{port}"
    return f"{userinfo}{at}{host}"


def canonical_url(url: str, *, base: str | None = None) -> str:
    """Return the canonical spelling of ``url`` (resolved against ``base`` when relative).

    Never raises: a string that is not a usable http(s) URL comes back trimmed.

    >>> canonical_url("HTTPS://WWW.Alwasat.LY:443/news//libya/%d8%a7?utm_source=fb&b=2&a=1#top")
    'https://www.alwasat.ly/news/libya/%D8%A7?a=1&b=2'
    """
    return _canonical(url, base)


@functools.lru_cache(maxsize=CANONICAL_CACHE_SIZE)
def _canonical(url: str, base: str | None) -> str:
    """``canonical_url``, memoised: a run meets each URL several times (feed, page, store)."""
    url = "".join(ch for ch in url.strip() if ch >= " " and ch != "\x7f")
    try:
        if base:
            url = urljoin(base.strip(), url)
        parts = urlsplit(url)
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.netloc:
        return url
    path = _encode_part(_remove_dot_segments(parts.path or "/"), _PATH_SAFE)
    query = _canonical_query(parts.query)
    fragment = parts.fragment if parts.fragment.startswith("!") else ""
    return urlunsplit((scheme, _netloc(parts, scheme), path, query, fragment))


def _split(url: str) -> SplitResult | None:
    """``urlsplit`` that answers None instead of raising on a malformed URL."""
    try:
        return urlsplit(url)
    except ValueError:
        return None


def _host(url: str) -> str:
    """The canonical host of ``url``, or "" when it has none."""
    parts = _split(canonical_url(url))
    return _encode_host(parts.hostname or "") if parts else ""


def _strip_twin_prefix(host: str) -> str:
    """``www.x.ly``, ``m.x.ly`` and ``amp.x.ly`` → ``x.ly``."""
    for prefix in TWIN_HOST_PREFIXES:
        if host.startswith(prefix) and host.count(".") >= 2:
            return host[len(prefix) :]
    return host


def _from_amp_cache(url: str) -> str | None:
    """The publisher URL inside a Google AMP cache URL (``…cdn.ampproject.org/c/s/host/path``)."""
    parts = _split(url)
    if parts is None or not (parts.hostname or "").endswith(AMP_CACHE_SUFFIX):
        return None
    match = re.match(r"^/[a-z]/(s/)?([^/]+)(/.*)?$", parts.path)
    if not match:
        return None
    scheme = "https" if match.group(1) else "http"
    rest = match.group(3) or "/"
    query = f"?{parts.query}" if parts.query else ""
    return canonical_url(f"{scheme}://{match.group(2)}{rest}{query}")


def _amp_free_query(query: str) -> str:
    """Drop AMP switches (``amp``, ``amp=1``, ``outputType=amp``) from a canonical query."""
    kept = []
    for pair in query.split("&") if query else []:
        name, _, value = pair.partition("=")
        if name.lower() == "amp" and value.lower() in ("", "1", "true", "yes"):
            continue
        if name.lower() == "outputtype" and value.lower() == "amp":
            continue
        kept.append(pair)
    return "&".join(kept)


def _amp_free_path(path: str) -> str:
    """Drop an ``amp`` path segment or ``.amp``/``/amp.html`` ending."""
    segments = path.split("/")
    trailing = path.endswith("/")
    kept = [s for s in segments if s.lower() != "amp"]
    new = "/".join(kept)
    if trailing and not new.endswith("/"):
        new += "/"
    for ending in (".amp.html", ".amp"):
        if new.lower().endswith(ending):
            new = new[: -len(ending)] + (".html" if ending == ".amp.html" else "")
    return new or "/"


def non_amp_url(url: str) -> str | None:
    """Return the regular page of an AMP URL (canonical), or None when ``url`` is not AMP."""
    try:
        cached = _from_amp_cache(canonical_url(url))
        if cached is not None:
            return non_amp_url(cached) or cached
        parts = urlsplit(canonical_url(url))
        if parts.scheme not in DEFAULT_PORTS:
            return None
        host = parts.hostname or ""
        new_host = host[4:] if host.startswith("amp.") and host.count(".") >= 2 else host
        new_path = _amp_free_path(parts.path)
        new_query = _amp_free_query(parts.query)
        if (new_host, new_path, new_query) == (host, parts.path, parts.query):
            return None
        netloc = parts.netloc.replace(host, new_host, 1)
        return canonical_url(urlunsplit((parts.scheme, netloc, new_path, new_query, "")))
    except ValueError:
        return None


def is_amp_url(url: str) -> bool:
    """True for an AMP edition URL: ``/amp/`` segment, ``?amp=1``, ``amp.`` host, AMP cache."""
    return non_amp_url(url) is not None


def amp_twin_candidates(url: str) -> list[str]:
    """Return the canonical URLs under which the same article may already be stored.

    The regular page of an AMP URL, its ``www.``/``m.``/bare-host twins, and the usual AMP
    spellings of each (``…/amp/``, ``?amp=1``). ``url``'s own canonical form is not listed.
    """
    try:
        own = canonical_url(url)
        regular = non_amp_url(own) or own
        parts = urlsplit(regular)
        if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
            return []
        host = parts.hostname
        bare = _strip_twin_prefix(host)
        hosts = [host] + [h for h in (bare, "www." + bare, "m." + bare) if h != host]
        found: list[str] = []
        for twin_host in hosts:
            netloc = parts.netloc.replace(host, twin_host, 1)
            page = urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
            amp_path = parts.path + ("amp/" if parts.path.endswith("/") else "/amp")
            amp_query = "&".join(q for q in (parts.query, "amp=1") if q)
            for candidate in (
                page,
                urlunsplit((parts.scheme, netloc, amp_path, parts.query, "")),
                urlunsplit((parts.scheme, netloc, parts.path, amp_query, "")),
            ):
                canonical = canonical_url(candidate)
                if canonical != own and canonical not in found:
                    found.append(canonical)
        return found
    except ValueError:
        return []


def registrable_domain(host: str) -> str:
    """Approximate the registrable domain of a host (``news.alwasat.com.ly`` → ``alwasat.com.ly``)."""
    host = _strip_twin_prefix(_encode_host(host))
    if not host or host.startswith("[") or host.replace(".", "").isdigit():
        return host
    labels = host.split(".")
    keep = 2
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _GENERIC_SLDS:
        keep = 3
    if ".".join(labels[-2:]) in _SHARED_HOSTS:
        keep = 3
    return ".".join(labels[-keep:])


def same_site(a: str, b: str) -> bool:
    """True when two URLs belong to one site (``www.``, ``m.`` and ``amp.`` twins included)."""
    host_a = _host(_from_amp_cache(canonical_url(a)) or a)
    host_b = _host(_from_amp_cache(canonical_url(b)) or b)
    if not host_a or not host_b:
        return False
    return registrable_domain(host_a) == registrable_domain(host_b)


def _is_home(url: str) -> bool:
    """True for a site's front page (path ``/`` and no query)."""
    parts = _split(url)
    return parts is not None and parts.path in ("", "/") and not parts.query


def resolve_canonical(page_url: str, declared: str | None) -> str:
    """Return the article's canonical URL given the page's ``rel=canonical``/``og:url``.

    The declared URL is honoured only on the same site (a copy pointing at another outlet's
    page is an aggregator's credit, not the same address) and only when it is an http(s) URL
    that is not the front page while the page is an article (a common CMS template bug).
    """
    page = canonical_url(page_url)
    if not declared or not declared.strip():
        return page
    target = canonical_url(declared, base=page_url)
    parts = _split(target)
    if parts is None or parts.scheme not in DEFAULT_PORTS or not same_site(page, target):
        return page
    if _is_home(target) and not _is_home(page):
        return page
    return target
