"""OPML 2.0: the subscription list every feed reader imports and exports.

``export_opml`` writes each feed of each source as an ``<outline type="rss">``, the shape
Miniflux, FreshRSS, NetNewsWire and Feedly import; ``import_opml`` turns a reader's export
into source entries to review (``render_proposed_yaml``, the shape ``sources add``
prints) or to append with ``configedit.append_sources``. Pure: no network, no files.

An OPML file comes from anywhere, so it is read as hostile, and a problem with its line
is given for whatever cannot be used; nothing raises. At most 10 MB and 5,000 outlines.
A DTD is refused before parsing: libxml2 expands internal entities in attribute values
even with ``resolve_entities=False``, so a "billion laughs" would otherwise be expanded;
the text is decoded here (BOM, then the declared encoding) so that what is checked is
what lxml reads, and lxml is told not to load DTDs or reach the network.

Example::

    proposed = import_opml(Path("feeds.opml").read_bytes(), existing_ids={"wasat"})
    print(render_proposed_yaml(proposed.sources, origin="feeds.opml"))
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from lxml import etree

from ingest.models import Config
from ingest.naming import as_source_id, clean_site_name, slug_for, source_id_for
from ingest.sourceyaml import comment_text, yaml_id, yaml_str
from ingest.urls import canonical_url

MAX_OPML_BYTES = 10 * 1024 * 1024
MAX_OPML_OUTLINES = 5_000  # a big reader export has a few hundred feeds
MAX_NAME_CHARS = 200
MAX_URL_CHARS = 2_000
MAX_PROBLEMS = 50  # listed; past that, counted
INGEST_NS = "https://github.com/ingest-libya/ingest/opml"  # our ``ingest:id`` attribute
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_DECLARED_ENCODING = re.compile(rb"^\s*<\?xml[^>]*encoding\s*=\s*[\"']([A-Za-z0-9._-]{1,40})")
# Characters XML 1.0 cannot hold, even escaped.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_LXML_PLACE = re.compile(r"(, line \d+)?, column \d+$")  # lxml's message ends with it
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


# --- export ---------------------------------------------------------------------------


def export_opml(config: Config, *, title: str = "ingest sources") -> str:
    """Every feed of every source as OPML 2.0, one ``<outline type="rss">`` per feed.

    Names are kept as written (Arabic included) and XML-escaped; each outline carries the
    source's id as ``ingest:id``, which readers ignore and ``import_opml`` keeps. Sources
    with no feed (sitemaps, listings or the WordPress API only) are named in a comment.

    Example: ``Path("ingest.opml").write_text(export_opml(load_config()), encoding="utf-8")``
    """
    opml = etree.Element("opml", version="2.0", nsmap={"ingest": INGEST_NS})
    head = etree.SubElement(opml, "head")
    etree.SubElement(head, "title").text = _xml_text(title)
    body = etree.SubElement(opml, "body")
    without_feeds = []
    for source in config.sources:
        if not source.feeds:
            without_feeds.append(source.id)
        for feed in source.feeds:
            attributes = {
                "type": "rss",
                "text": _xml_text(source.name),
                "title": _xml_text(source.name),
                "xmlUrl": _xml_text(feed),
                "htmlUrl": _xml_text(source.homepage),
            }
            if source.language:
                attributes["language"] = _xml_text(source.language)
            outline = etree.SubElement(body, "outline", attributes)
            outline.set(f"{{{INGEST_NS}}}id", source.id)
    if without_feeds:
        names = ", ".join(without_feeds).replace("--", "- -")
        body.append(etree.Comment(f" not exported, no feed: {names} "))
    xml = etree.tostring(opml, encoding="unicode", pretty_print=True)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + str(xml)


def _xml_text(value: str) -> str:
    return _NOT_XML.sub("", value)


# --- import ---------------------------------------------------------------------------


def import_opml(
    data: bytes | str,
    existing_ids: Collection[str] = (),
    existing_feeds: Mapping[str, str] | Collection[str] = (),
) -> OpmlImport:
    """Source entries for the feeds of an OPML file; never raises.

    Every outline with an ``xmlUrl`` is a feed, however deep in folders; feeds that share
    an ``htmlUrl`` (or an ``ingest:id``) become one source. Ids are new: never in
    ``existing_ids`` nor shared. A feed in ``existing_feeds`` (URLs, or URL -> source id)
    or met twice is skipped, with the reason in ``skipped``.
    """
    result = OpmlImport()
    root = _parse(data, result)
    if root is None:
        return result
    body = root.find("body")
    if body is None:
        result.problem("not an OPML file: there is no <body> with outlines")
        return result
    _Importer(result, existing_ids, existing_feeds).read(body)
    if not result.sources and not result.skipped and not result.problems:
        result.problem("the OPML file lists no feeds (no outline has an xmlUrl)")
    return result


def _decode(data: bytes) -> str:
    """The document as text: by its BOM, else its declared encoding, else UTF-8."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, "replace")
    declared = _DECLARED_ENCODING.match(data)
    try:
        return data.decode(declared.group(1).decode() if declared else "utf-8", "replace")
    except (LookupError, UnicodeError, ValueError):
        return data.decode("utf-8", "replace")


def _parse(data: bytes | str, result: OpmlImport) -> etree._Element | None:
    """The ``<opml>`` element, or None with the reason in ``result.problems``."""
    if len(data) > MAX_OPML_BYTES:
        result.problem(f"refused: the file is larger than {MAX_OPML_BYTES // 1024**2} MB")
        return None
    text = _XML_DECLARATION.sub("", data if isinstance(data, str) else _decode(data), count=1)
    if "<!DOCTYPE" in text or "<!ENTITY" in text:
        result.problem(
            "refused: the file declares a DTD (<!DOCTYPE> or <!ENTITY>); OPML needs none, "
            'and entities can expand a small file to gigabytes (a "billion laughs")'
        )
        return None
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
    )
    try:
        root = etree.fromstring(_NOT_XML.sub("", text).encode("utf-8"), parser)
    except etree.XMLSyntaxError as exc:
        reason = _LXML_PLACE.sub("", str(exc.msg)).strip()
        result.problem(f"not an OPML file: it is not well-formed XML: {reason}", exc.lineno or 0)
        return None
    except (ValueError, etree.LxmlError) as exc:
        result.problem(f"not an OPML file: {exc}")
        return None
    if not isinstance(root.tag, str) or root.tag.lower() != "opml":
        tag = root.tag if isinstance(root.tag, str) else "?"
        hint = (
            "; it is a feed: add it with 'ingest sources add URL'" if tag in ("rss", "feed") else ""
        )
        result.problem(f"not an OPML file: the document is <{tag[:40]}>, not <opml>{hint}")
        return None
    return root


class _Importer:
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


# --- rendering ------------------------------------------------------------------------


def render_proposed_yaml(sources: Sequence[ProposedSource], *, origin: str = "OPML") -> str:
    """sources.yaml entries for ``sources``, ready to paste under ``sources:``.

    The same shape as ``render_source_yaml``; ``confidence: claimed`` since an OPML file
    is someone else's list, unchecked until the feeds are fetched.
    """
    return "\n".join(_entry(source, comment_text(origin)) for source in sources)


def _entry(source: ProposedSource, origin: str) -> str:
    where = f"line {source.line}" + (f", folder {source.folder}" if source.folder else "")
    lines = [f"  # imported from {origin} ({comment_text(where)})"]
    lines += [
        f"  - id: {yaml_id(source.id)}",
        f"    name: {yaml_str(source.name)}",
        f"    homepage: {yaml_str(source.homepage)}",
    ]
    if source.language:
        lines.append(f"    language: {source.language}")
    lines += [
        "    feeds: [" + ", ".join(yaml_str(feed) for feed in source.feeds) + "]",
        "    interval: 1h  # 15m for an agency or a big outlet",
        "    confidence: claimed",
        "    notes: "
        + yaml_str(
            f"imported from {origin}: not checked yet; try 'ingest fetch --source {source.id} "
            "--force', or 'ingest sources add HOMEPAGE' to find more endpoints"
        ),
    ]
    return "\n".join(lines) + "\n"
