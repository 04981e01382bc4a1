"""An OPML file's outlines as proposed sources: every outline with an ``xmlUrl`` is a feed,
however deep in folders; feeds of one site (``htmlUrl``, or the ``ingest:id`` an export
wrote) become one source; ids are new and unique; a feed already configured or met twice
is skipped with the reason, and whatever cannot be used is a problem with its line
(``OpmlImport``). ``opml.import_opml`` reads the file and hands its ``<body>`` here.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from lxml import etree

from ingest.naming import as_source_id, clean_site_name, slug_for, source_id_for
from ingest.sourceyaml import comment_text
from ingest.urls import canonical_url

MAX_OPML_OUTLINES = 5_000  # a big reader export has a few hundred feeds
MAX_NAME_CHARS = 200
MAX_URL_CHARS = 2_000
MAX_PROBLEMS = 50  # listed; past that, counted
INGEST_NS = "https://github.com/ingest-libya/ingest/opml"  # our ``ingest:id`` attribute
_LANGUAGE = re.compile(r"^([a-z]{2,3})(?:[-_][a-z0-9]{1,8})*$")


@dataclass(frozen=True)
class ProposedSource:
    """A source entry made from OPML outlines, for the user to review before adding."""

    id: str
    name: str
    homepage: str
    feeds: tuple[str, ...]
    language: str | None = None
    folder: str | None = None  # the outline folders it was in, "Libya / News"
    line: int = 0  # of its first outline in the OPML


@dataclass(frozen=True)
class Note:
    """A problem with one place of the OPML file, or a feed skipped and why."""

    line: int  # 0 when it is about the whole file
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message

    def at(self, path: str) -> str:
        """``path:line: message``, as compilers print it, for an editor to jump to."""
        return f"{path}:{self.line}: {self.message}" if self.line else f"{path}: {self.message}"


@dataclass
class OpmlImport:
    """What an OPML file proposes, what it repeats, and what could not be used."""

    sources: list[ProposedSource] = field(default_factory=list)
    skipped: list[Note] = field(default_factory=list)  # feeds already configured or repeated
    problems: list[Note] = field(default_factory=list)

    def problem(self, message: str, line: int = 0) -> None:
        """Note a problem; past ``MAX_PROBLEMS`` only the count grows."""
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Note(line, message))
        elif len(self.problems) == MAX_PROBLEMS:
            self.problems.append(Note(0, "more problems were found; fix these first"))


class OutlineReader:
    """Walks the outlines, grouping feeds into proposed sources."""

    def __init__(
        self,
        result: OpmlImport,
        existing_ids: Collection[str],
        existing_feeds: Mapping[str, str] | Collection[str],
    ) -> None:
        self.result = result
        self.taken = set(existing_ids)
        self.next_suffix: dict[str, int] = {}
        self.configured = {
            feed_key(url): existing_feeds.get(url) if isinstance(existing_feeds, Mapping) else None
            for url in existing_feeds
        }
        self.seen: dict[str, int] = {}  # feed key -> line
        self.groups: dict[str, int] = {}  # htmlUrl or ingest:id -> index in result.sources

    def read(self, body: etree._Element) -> None:
        """Read every outline under ``body``, depth first, in document order.

        Folders (outlines holding outlines) are flattened; their names are kept as
        ``folder``. A loop, not recursion: the nesting is the file's to choose.
        """
        stack: list[tuple[etree._Element, tuple[str, ...]]] = [
            (child, ()) for child in reversed(_outlines(body))
        ]
        count = 0
        while stack:
            element, folders = stack.pop()
            count += 1
            if count > MAX_OPML_OUTLINES:
                self.result.problem(
                    f"only the first {MAX_OPML_OUTLINES:,} outlines were read; split the file"
                )
                return
            attributes = {str(k).lower(): str(v) for k, v in element.attrib.items()}
            children = _outlines(element)
            name = _name(attributes)
            if "xmlurl" in attributes:
                self.add_feed(element.sourceline or 0, attributes, folders)
            elif not children:
                what = f"outline {name!r}" if name else "an outline"
                self.result.problem(
                    f"{what} has no xmlUrl (a feed's address); skipped", element.sourceline or 0
                )
            inside = folders if "xmlurl" in attributes else (*folders, name or "?")
            stack.extend((child, inside) for child in reversed(children))

    def add_feed(self, line: int, attributes: dict[str, str], folders: tuple[str, ...]) -> None:
        """Add one feed outline to a new or an existing proposed source."""
        feed = _http_url(attributes["xmlurl"])
        name = _name(attributes)
        label = f"outline {name!r}" if name else "an outline"
        if feed is None:
            self.result.problem(
                f"{label}: xmlUrl {_quoted(attributes['xmlurl'])} is not an http(s) URL; skipped",
                line,
            )
            return
        key = feed_key(feed)
        if key in self.configured:
            owner = self.configured[key]
            by = f" (source '{owner}')" if owner else ""
            self.result.skipped.append(Note(line, f"{feed} is already configured{by}; skipped"))
            return
        if key in self.seen:
            self.result.skipped.append(
                Note(line, f"{feed} repeats the feed at line {self.seen[key]}; skipped")
            )
            return
        self.seen[key] = line
        homepage = _http_url(attributes.get("htmlurl", ""))
        if homepage is None and attributes.get("htmlurl", "").strip():
            self.result.problem(
                f"{label}: htmlUrl {_quoted(attributes['htmlurl'])} is not an http(s) URL; "
                "the feed's site is used",
                line,
            )
        wanted = attributes.get(f"{{{INGEST_NS}}}id")
        group = f"id:{wanted}" if wanted else f"site:{homepage}" if homepage else None
        if group is not None and group in self.groups:
            index = self.groups[group]
            known = self.result.sources[index]
            self.result.sources[index] = replace(known, feeds=(*known.feeds, feed))
            return
        homepage = homepage or _origin(feed)
        name = name or slug_for(feed)
        proposed = ProposedSource(
            id=self.claim(as_source_id(wanted or "") or source_id_for(homepage, name)),
            name=name,
            homepage=homepage,
            feeds=(feed,),
            language=_language(attributes.get("language")),
            folder=" / ".join(folders) or None,
            line=line,
        )
        if group is not None:
            self.groups[group] = len(self.result.sources)
        self.result.sources.append(proposed)

    def claim(self, base: str) -> str:
        """``base``, or ``base-2``, ``base-3``...: the first id no source has."""
        candidate, number = base, self.next_suffix.get(base, 2)
        while candidate in self.taken:
            candidate = f"{base[:58].rstrip('-')}-{number}"
            number += 1
        self.next_suffix[base] = number
        self.taken.add(candidate)
        return candidate


def _outlines(element: etree._Element) -> list[etree._Element]:
    return [child for child in element if child.tag == "outline"]


def feed_key(url: str) -> str:
    """What makes two feed URLs the same feed: ``http``/``https``, ``www.``, a final ``/``
    and tracking parameters do not count."""
    canonical = canonical_url(url)
    _, _, rest = canonical.partition("://")
    return (rest[4:] if rest.startswith("www.") else rest).rstrip("/").lower() or canonical


def _http_url(value: str) -> str | None:
    """``value`` as an absolute http(s) URL, or None (``javascript:``, relative, junk)."""
    url = value.strip()
    if not url or len(url) > MAX_URL_CHARS or any(ch.isspace() or ord(ch) < 32 for ch in url):
        return None
    try:
        parts = urlsplit(url)
        _ = parts.port  # raises ValueError on a port out of range
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}/"


def _name(attributes: Mapping[str, str]) -> str | None:
    """The outline's name, from ``text`` or ``title``: one line, not doubled, bounded."""
    for key in ("text", "title"):
        name = clean_site_name(" ".join(attributes.get(key, "").split())[:MAX_NAME_CHARS])
        if name:
            return name
    return None


def _language(value: str | None) -> str | None:
    match = _LANGUAGE.match((value or "").strip().lower())
    return match.group(1) if match else None


def _quoted(value: str) -> str:
    value = comment_text(value)
    return repr(value if len(value) <= 60 else value[:59] + "…")
