"""decode_html: the charset of real-world (and lying) Arabic pages."""

from __future__ import annotations

import codecs
import gzip

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.encoding import BoundedInflater, decode_html, normalize_charset

ARABIC = "أعلنت حكومة الوحدة الوطنية في طرابلس عن خطة جديدة لدعم البلديات"
PAGE = "<html><head>{meta}<title>{text}</title></head><body><p>{text}</p></body></html>"


def page(text: str = ARABIC, meta: str = "") -> str:
    """A small HTML page around ``text``."""
    return PAGE.format(meta=meta, text=text)


def test_windows_1256_with_a_correct_header() -> None:
    text, encoding = decode_html(page().encode("cp1256"), "text/html; charset=windows-1256")
    assert ARABIC in text
    assert encoding == "cp1256"


def test_windows_1256_labelled_utf8_falls_back_to_the_meta_charset() -> None:
    html = page(meta='<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">')
    text, encoding = decode_html(html.encode("cp1256"), "text/html; charset=utf-8")
    assert ARABIC in text
    assert encoding == "cp1256"


@pytest.mark.parametrize("content_type", ["text/html; charset=utf-8", "text/html", None])
def test_undeclared_windows_1256_is_detected(content_type: str | None) -> None:
    text, encoding = decode_html(page().encode("cp1256"), content_type)
    assert ARABIC in text
    assert encoding == "cp1256"


def test_short_windows_1256_snippet_is_not_taken_for_japanese() -> None:
    text, _ = decode_html("الوسط".encode("cp1256"), None)
    assert text == "الوسط"


def test_server_default_latin1_yields_to_the_meta_charset() -> None:
    html = page(meta='<meta charset="windows-1256">').encode("cp1256")
    text, encoding = decode_html(html, "text/html; charset=ISO-8859-1")
    assert ARABIC in text
    assert encoding == "cp1256"


def test_server_default_latin1_on_undeclared_arabic_bytes() -> None:
    text, _ = decode_html(page().encode("cp1256"), "text/html; charset=iso-8859-1")
    assert ARABIC in text


def test_server_default_latin1_on_utf8_bytes() -> None:
    text, encoding = decode_html(page().encode(), "text/html; charset=iso-8859-1")
    assert ARABIC in text
    assert encoding == "utf-8"


def test_latin1_label_means_windows_1252() -> None:
    text, encoding = decode_html("€ café".encode("cp1252"), "text/html; charset=ISO-8859-1")
    assert text == "€ café"
    assert encoding == "cp1252"


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ],
)
def test_byte_order_mark_wins_over_every_label(bom: bytes, codec: str) -> None:
    text, encoding = decode_html(bom + page().encode(codec), "text/html; charset=windows-1256")
    assert ARABIC in text
    assert not text.startswith("\ufeff")
    assert encoding == codec


def test_xml_declaration_is_read() -> None:
    xml = f'<?xml version="1.0" encoding="windows-1256"?><rss><title>{ARABIC}</title></rss>'
    text, encoding = decode_html(xml.encode("cp1256"), "application/xml")
    assert ARABIC in text
    assert encoding == "cp1256"


def test_utf8_with_one_broken_byte_stays_utf8() -> None:
    html = page().encode() + b"\xff" + page().encode()
    text, encoding = decode_html(html, "text/html; charset=utf-8")
    assert encoding == "utf-8"
    assert ARABIC in text


def test_meta_claiming_utf16_is_read_as_utf8() -> None:
    html = page(meta='<meta charset="utf-16">').encode()
    text, encoding = decode_html(html, None)
    assert ARABIC in text
    assert encoding == "utf-8"


@pytest.mark.parametrize("label", ["base64", "zip", "rot13", "unicode_escape", "no-such", ""])
def test_hostile_or_unknown_labels_are_ignored(label: str) -> None:
    assert normalize_charset(label) is None
    text, _ = decode_html(page().encode(), f"text/html; charset={label}")
    assert ARABIC in text


def test_empty_body() -> None:
    assert decode_html(b"", "text/html; charset=utf-8") == ("", "utf-8")
    assert decode_html(b"", None)[0] == ""


@settings(max_examples=200, deadline=None)
@given(
    content=st.binary(max_size=3000),
    content_type=st.one_of(st.none(), st.text(max_size=60)),
)
def test_never_raises_on_random_bytes(content: bytes, content_type: str | None) -> None:
    text, encoding = decode_html(content, content_type)
    assert isinstance(text, str)
    assert codecs.lookup(encoding)


@settings(max_examples=100, deadline=None)
@given(
    prefix=st.binary(max_size=200),
    label=st.text(max_size=20),
    tail=st.binary(max_size=500),
)
def test_never_raises_on_random_meta_labels(prefix: bytes, label: str, tail: bytes) -> None:
    content = prefix + b'<meta charset="' + label.encode("utf-8", "replace") + b'">' + tail
    text, _ = decode_html(content, f"text/html; charset={label}")
    assert isinstance(text, str)


def test_latin1_german_is_not_taken_for_arabic() -> None:
    german = page("Schöne Grüße aus Köln, äußerst süß und heiß").encode("latin-1")
    for content_type in ("text/html; charset=iso-8859-1", None):
        text, _ = decode_html(german, content_type)
        assert "Schöne Grüße aus Köln, äußerst süß und heiß" in text


def test_bounded_inflater_never_returns_more_than_asked() -> None:
    bomb = gzip.compress(bytes(5_000_000))
    inflater = BoundedInflater("gzip")
    output, rest = inflater.inflate(bomb, 1000)
    assert len(output) == 1000
    assert rest
    total = len(output)
    while rest:
        output, rest = inflater.inflate(rest, 64 * 1024)
        assert len(output) <= 64 * 1024
        total += len(output)
    assert total + len(inflater.flush()) == 5_000_000


# Pages read from files (ingest extract, sources test, reextract) have no header.
def page_text(data: bytes) -> tuple[str, str]:
    """Bytes as ``extract_article`` receives them: no Content-Type header."""
    return decode_html(data, None)


FILE_PAGE = "<html><body><p>أعلنت المؤسسة الوطنية للنفط اليوم استئناف الإنتاج في حقل الشرارة بعد توقف دام أسبوعين</p></body></html>"


def test_bom_wins_without_a_header() -> None:
    text, encoding = page_text(codecs.BOM_UTF8 + FILE_PAGE.encode())
    assert text == FILE_PAGE
    assert encoding == "utf-8"


def test_declared_windows_1256_without_a_header() -> None:
    html = FILE_PAGE.replace("<body>", '<head><meta charset="windows-1256"></head><body>')
    assert page_text(html.encode("cp1256"))[0] == html


def test_undeclared_windows_1256_is_detected_without_a_header() -> None:
    assert page_text(FILE_PAGE.encode("cp1256"))[0] == FILE_PAGE


def test_wrong_declaration_falls_back_without_a_header() -> None:
    html = FILE_PAGE.replace("<body>", '<head><meta charset="utf-8"></head><body>')
    assert "المؤسسة الوطنية" in page_text(html.encode("cp1256"))[0]


def test_unknown_charset_and_garbage_never_raise_without_a_header() -> None:
    assert page_text(b'<meta charset="x-no-such">\xff\xfe\x00abc')[0]
    assert page_text(b"")[0] == ""
