"""What a new source is called: its id (a unique slug) and its name as readers know it.

``ingest sources add`` and OPML import both name sources they did not write: from the
site's host (``www.alwasat.ly`` → ``alwasat``), or, for a site known only by its address
(``http://127.0.0.1:8080/``), from its name when that is written in Latin letters, else
from the whole address and port, so two local sites never share an id. A page title
often repeats the name (``المرصد - المرصد``) or adds "Home"; ``clean_site_name`` drops that.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Collection
from urllib.parse import urlsplit

from ingest.configsource import SOURCE_ID_RE

MAX_ID_CHARS = 64  # SOURCE_ID_RE
_SLUG_JUNK = re.compile(r"[^a-z0-9]+")
# " - ", " – ", " — ", " | ", " :: ", " · ", " » ": what titles put between name and tagline.
_NAME_SEPARATOR = re.compile(r"(\s+[-–—|·»«:]{1,2}\s+|\s*\|\s*)")
# Parts of a homepage title that name the page, not the site.
HOME_WORDS = frozenset(
    {"home", "homepage", "home page", "accueil", "index", "الرئيسية", "الصفحة الرئيسية"}
)


def as_source_id(text: str) -> str:
    """``text`` if it is a valid source id, else its slug (``My Site`` → ``my-site``)."""
    return text if SOURCE_ID_RE.match(text) else slugify(text)


def slugify(text: str) -> str:
    """``Libya Herald`` → ``libya-herald``; "" when nothing Latin or digit is left."""
    return _SLUG_JUNK.sub("-", text.lower()).strip("-")[:MAX_ID_CHARS].strip("-")


def _host_and_port(url: str) -> tuple[str, int | None]:
    try:
        parts = urlsplit(url.strip())
        return (parts.hostname or "").lower(), parts.port
    except ValueError:
        return "", None


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return host == "localhost" or ("." not in host and bool(host))
    return True


def slug_for(url: str) -> str:
    """A source id from a URL's host (``https://www.alwasat.ly/`` → ``alwasat``).

    An address keeps all of itself and its port (``http://127.0.0.1:8080/`` →
    ``127-0-0-1-8080``): the first labels alone would give every local site one id.
    """
    host, port = _host_and_port(url)
    if _is_address(host):
        address = f"{host}-{port}" if port else host
        return slugify(("ipv6-" if ":" in host else "") + address) or "source"
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return "source"
    if host.startswith("www."):
        host = host[4:]
    labels = host.split(".")
    name = ".".join(labels[:-1]) if len(labels) > 1 else host
    return slugify(name) or "source"


def source_id_for(url: str, name: str | None = None) -> str:
    """The id a new source gets: from its host, or from its name when the host is an address."""
    host, _ = _host_and_port(url)
    by_name = slugify(name or "")
    if _is_address(host) and len(by_name) >= 2 and any(c.isalpha() for c in by_name):
        return by_name
    return slug_for(url)


def unique_id(base: str, taken: Collection[str]) -> str:
    """``base``, or ``base-2``, ``base-3``... : the first not in ``taken``."""
    base = base[:MAX_ID_CHARS] or "source"
    if base not in taken:
        return base
    number = 2
    while True:
        suffix = f"-{number}"
        candidate = base[: MAX_ID_CHARS - len(suffix)].rstrip("-") + suffix
        if candidate not in taken:
            return candidate
        number += 1


def new_source_id(
    url: str, name: str | None, taken: Collection[str], *, wanted: str | None = None
) -> str:
    """The id for a new source: ``wanted`` (made a slug), else ``source_id_for``; unique."""
    return unique_id(as_source_id(wanted or "") or source_id_for(url, name), taken)


def clean_site_name(name: str | None) -> str | None:
    """A site's name without repeats or "Home": ``المرصد - المرصد`` → ``المرصد``.

    >>> clean_site_name("الرئيسية - المرصد"), clean_site_name("X | X | News from X")
    ('المرصد', 'X | News from X')
    """
    if not name:
        return None
    pieces = _NAME_SEPARATOR.split(" ".join(name.split()))
    parts, separators = pieces[::2], pieces[1::2]
    kept: list[str] = []
    for part in parts:
        part = part.strip()
        if part and part.casefold() not in {k.casefold() for k in kept}:
            kept.append(part)
    named = [part for part in kept if part.casefold() not in HOME_WORDS]
    kept = named or kept
    if not kept:
        return None
    joiner = separators[0] if separators else " "
    return joiner.join(kept)
