"""Page bytes to text: BOM, declared charset, detection."""

from __future__ import annotations

import codecs

from ingest.extract.decode import decode_html

ARABIC = "<html><body><p>أعلنت المؤسسة الوطنية للنفط اليوم استئناف الإنتاج في حقل الشرارة بعد توقف دام أسبوعين</p></body></html>"


def test_bom_wins() -> None:
    text, encoding = decode_html(codecs.BOM_UTF8 + ARABIC.encode())
    assert text == ARABIC
    assert encoding == "utf-8"


def test_declared_windows_1256() -> None:
    html = ARABIC.replace("<body>", '<head><meta charset="windows-1256"></head><body>')
    assert decode_html(html.encode("cp1256"))[0] == html


def test_undeclared_windows_1256_is_detected() -> None:
    assert decode_html(ARABIC.encode("cp1256"))[0] == ARABIC


def test_wrong_declaration_falls_back() -> None:
    html = ARABIC.replace("<body>", '<head><meta charset="utf-8"></head><body>')
    assert "المؤسسة الوطنية" in decode_html(html.encode("cp1256"))[0]


def test_unknown_charset_and_garbage_never_raise() -> None:
    assert decode_html(b'<meta charset="x-no-such">\xff\xfe\x00abc')[0]
    assert decode_html(b"")[0] == ""
