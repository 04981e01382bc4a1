"""Which configured outlet a republished copy came from: its ``original_source_id``.

An aggregator prints the original's name its own way ("وكالة الانباء الليبية وال",
"موقع بوابة الوسط", "صحيفة المرصد الليبية") and sometimes links the story. Three rules,
strongest first; each either names exactly one outlet, or (two outlets match) none:

1. the link goes to an outlet's host (``ingest.crawl.source_hosts``: homepage, endpoints,
   ``domains:``, www twins; an ``m.`` or ``amp.`` mobile host counts as its site);
2. the cited name equals an outlet's ``name`` or one of its ``aliases:`` once both are
   normalised (``ingest.text.normalize_match``: hamza forms, ى/ي, ة/ه, tashkeel,
   punctuation and brackets folded);
3. it does after taking off what aggregators add around a name (``LEADING_WORDS``,
   ``TRAILING_WORDS``, a trailing "(abbreviation)"); a configured name written "A (B)"
   also answers to "A" and to "B".

Nothing here knows an outlet: per-outlet knowledge lives in ``aliases:``. Pure: no SQL,
no network.

Example::

    index = OutletIndex.build(config.sources)
    index.resolve("موقع بوابة الوسط", None, exclude="libyaakhbar")  # -> "wasat"
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from urllib.parse import urlsplit

from ingest.crawl import source_hosts
from ingest.models import Source
from ingest.text import normalize_match

# Words an aggregator puts before an outlet's name (normalised), and why each is generic.
LEADING_WORDS: Mapping[str, str] = MappingProxyType(
    {
        "موقع": "'the website of': libyaakhbar's footers 'موقع بوابة الوسط', 'موقع عين ليبيا'",
        "صحيفه": "'newspaper': 'صحيفة المرصد الليبية', 'صحيفة ايوان ليبيا' (libyaakhbar)",
        "جريده": "'newspaper': 'جريدة الايام الليبية' (libyaakhbar)",
        "قناه": "'channel': 'قناة ليبيا الأحرار' for the outlet ليبيا الأحرار",
        "شبكه": "'network': 'شبكة الرائد الاعلامية' (libyaakhbar)",
        "بوابه": "'portal': an outlet's web edition, as in 'بوابة الوسط'",
        "وكاله": "'agency': news agencies cited with the word before their name",
        "the": "English names: 'The Libya Observer' for Libya Observer",
    }
)
# Words an aggregator puts after an outlet's name (normalised), and why each is generic.
TRAILING_WORDS: Mapping[str, str] = MappingProxyType(
    {
        "الليبيه": "'Libyan': 'صحيفة المرصد الليبية', 'قناة 218 الليبية' (libyaakhbar)",
        "الليبي": "'Libyan', masculine: 'موقع المرصد الليبي'",
        "الاعلاميه": "'media': 'شبكة الرائد الاعلامية' for شبكة الرائد (libyaakhbar)",
        "الاخباريه": "'news': 'بوابة افريقيا الاخبارية', 'قناة ليبيا 24 الإخبارية'",
    }
)
MAX_LEADING_WORDS = 2  # "موقع صحيفة المرصد": the website of the newspaper المرصد
MOBILE_HOST_PREFIXES = ("m.", "amp.")
DEFAULT_PORTS = (80, 443)  # http's and https's; a configured host has no scheme
_PARENTHESIS = re.compile(r"^(?P<before>.*?)\s*[(\[（](?P<inside>[^()\[\]（）]+)[)\]）]\s*$")


@dataclass(frozen=True)
class OutletIndex:
    """Configured outlets by host, by name and alias, and by the looser name forms."""

    hosts: Mapping[str, frozenset[str]] = field(default_factory=dict)
    names: Mapping[str, frozenset[str]] = field(default_factory=dict)
    forms: Mapping[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, sources: Sequence[Source]) -> OutletIndex:
        """Index every source's hosts, names and aliases."""
        hosts: dict[str, set[str]] = {}
        names: dict[str, set[str]] = {}
        forms: dict[str, set[str]] = {}
        for source in sources:
            for host in source_hosts(source):
                hosts.setdefault(_host_key(host), set()).add(source.id)
            for name in (source.name, *source.aliases):
                names.setdefault(normalize_match(name), set()).add(source.id)
                for form in _parts(name):
                    forms.setdefault(form, set()).add(source.id)
        return cls(_freeze(hosts), _freeze(names), _freeze(forms))

    def resolve(
        self, original_source: str | None, original_url: str | None, exclude: str | None = None
    ) -> str | None:
        """The id of the outlet a copy came from, or None when unknown or ambiguous.

        ``exclude`` is the source the copy was fetched from: an aggregator is never its
        own original.
        """
        names = self._by_name(original_source, exclude) if original_source else set()
        by_host = self._by_host(original_url, exclude) if original_url else set()
        if len(by_host) > 1:  # two editions on one host: only the name can tell them apart
            return _only(by_host & names)
        return _only(by_host or names)

    def _by_host(self, url: str, exclude: str | None) -> set[str]:
        """Outlets registered for the URL's host (or its non-mobile host)."""
        host = _url_host(url)
        if not host:
            return set()
        found = set(self.hosts.get(host, ()))
        for prefix in MOBILE_HOST_PREFIXES:
            if not found and host.startswith(prefix):
                found = set(self.hosts.get(host.removeprefix(prefix), ()))
        found.discard(exclude or "")
        return found

    def _by_name(self, cited: str, exclude: str | None) -> set[str]:
        """Outlets the cited name matches, by the rule that takes the least off it."""
        exact = set(self.names.get(normalize_match(cited), ()))
        exact.discard(exclude or "")
        if exact:
            return exact
        for variants in _variants(cited):
            found: set[str] = set()
            for variant in variants:
                found |= self.names.get(variant, frozenset())
                found |= self.forms.get(variant, frozenset())
            found.discard(exclude or "")
            if found:
                return found
        return set()


def _only(ids: set[str]) -> str | None:
    """The one id, or None when there are several (never guess between outlets)."""
    return next(iter(ids)) if len(ids) == 1 else None


def _freeze(index: dict[str, set[str]]) -> Mapping[str, frozenset[str]]:
    return MappingProxyType({key: frozenset(ids) for key, ids in index.items() if key})


def _parts(name: str) -> list[str]:
    """A configured "A (B)" also answers to "A" and to "B" (its abbreviation or old name)."""
    match = _PARENTHESIS.match(name.strip())
    if match is None:
        return []
    return [normalize_match(match.group("before")), normalize_match(match.group("inside"))]


def _variants(cited: str) -> list[set[str]]:
    """Normalised forms of a cited name, grouped by how many generic parts were taken off.

    The first group is the name itself (to meet the "A" or "B" of a configured "A (B)");
    later ones drop a trailing "(…)", leading and trailing generic words.
    """
    match = _PARENTHESIS.match(cited.strip())
    bases = [(normalize_match(cited), 0)]
    if match is not None:
        bases.append((normalize_match(match.group("before")), 1))
    groups: dict[int, set[str]] = {}
    for base, removed in bases:
        words = base.split()
        for start in range(min(MAX_LEADING_WORDS, len(words) - 1) + 1):
            if any(word not in LEADING_WORDS for word in words[:start]):
                break
            rest = words[start:]
            groups.setdefault(removed + start, set()).add(" ".join(rest))
            if len(rest) > 1 and rest[-1] in TRAILING_WORDS:
                groups.setdefault(removed + start + 1, set()).add(" ".join(rest[:-1]))
    return [groups[count] for count in sorted(groups)]


def _host_key(netloc: str) -> str:
    """A configured host (``host[:port]``) as ``_url_host`` writes a URL's."""
    return _url_host("//" + netloc)


def _url_host(url: str) -> str:
    """``host``, or ``host:port`` for a port other than 80 and 443; "" when malformed."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return ""
    host = (parts.hostname or "").rstrip(".")
    if port is None or port in DEFAULT_PORTS:
        return host
    return f"{host}:{port}"
