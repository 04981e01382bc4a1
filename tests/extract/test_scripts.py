"""Scripts: letters counted per writing system, the dominant one named."""

from __future__ import annotations

from collections import Counter
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from ingest.extract.scripts import SCRIPTS, dominant_script, script_letters, script_of


def counts(text: str) -> dict[str, int]:
    """Letters per script of a text."""
    return script_letters(Counter(text))


def test_letters_are_counted_per_script_and_the_rest_ignored() -> None:
    assert counts("Libya ليبيا 2026, Ливия!") == {"Latin": 5, "Arabic": 5, "Cyrillic": 5}
    assert counts("٢٠٢٦ ، ؟ 12:30 — «»") == {}


def test_the_dominant_script_and_its_letters() -> None:
    found = dominant_script(counts("أعلنت الحكومة الليبية (GNU) اليوم"))
    assert found is not None and found[0].name == "Arabic"
    assert dominant_script({}) is None


def test_han_with_kana_is_japanese_and_han_alone_chinese() -> None:
    japanese = dominant_script(counts("国内最大の油田で生産を再開した"))
    assert japanese is not None and japanese[0].languages == ("ja",) and japanese[1] == 15
    chinese = dominant_script(counts("该国最大油田恢复生产"))
    assert chinese is not None and chinese[0].languages == ("zh",)


def test_every_row_is_well_formed() -> None:
    names = [script.name for script in SCRIPTS]
    assert len(names) == len(set(names))
    for script in SCRIPTS:
        assert script.languages and all(len(code) == 2 for code in script.languages)
        assert all(lo <= hi for lo, hi in script.ranges)
    bounds = sorted(r for script in SCRIPTS for r in script.ranges)
    assert all(a[1] < b[0] for a, b in pairwise(bounds))


@given(st.text(max_size=200))
def test_any_text_has_letters_only_in_known_scripts(text: str) -> None:
    found = counts(text)
    assert sum(found.values()) <= len(text)
    assert all(script_of(c) in found for c in text if script_of(c))
