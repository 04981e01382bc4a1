"""OPML 2.0: the subscription list every feed reader imports and exports.

``export_opml`` writes each feed of each source as an ``<outline type="rss">``, the shape
Miniflux, FreshRSS, NetNewsWire and Feedly import; ``import_opml`` turns a reader's export
into source entries to review (``sourceyaml.render_proposed_yaml``, the shape ``sources
add`` prints) or to append with ``configedit.append_sources``. Pure: no network, no files.

An OPML file comes from anywhere, so it is read as hostile, and a problem with its line
is given for whatever cannot be used; nothing raises. At most 10 MB and 5,000 outlines.
A DTD is refused before parsing: libxml2 expands internal entities in attribute values
even with ``resolve_entities=False``, so a "billion laughs" would otherwise be expanded;
the text is decoded here (BOM, then the declared encoding) so that what is checked is
what lxml reads, and lxml is told not to load DTDs or reach the network. The outlines are
then grouped into proposed sources by ``opmloutlines``.

Example::

    proposed = import_opml(Path("feeds.opml").read_bytes(), existing_ids={"wasat"})
    print(render_proposed_yaml(proposed.sources, origin="feeds.opml"))
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Collection, Mapping

from lxml import etree

from ingest.models import Config
from ingest.opmloutlines import INGEST_NS, OpmlImport, OutlineReader

MAX_OPML_BYTES = 10 * 1024 * 1024
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
    OutlineReader(result, existing_ids, existing_feeds).read(body)
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
