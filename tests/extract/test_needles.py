"""Needles: strings every match of a rule's pattern contains; the joined-values search."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.extract.areas import BYLINE_CLASS, COMMENT_WORD
from ingest.extract.author_tables import BYLINE_TIERS, DISCARD
from ingest.extract.needles import SEPARATOR, needles, values_found, values_matching, values_with
from ingest.extract.pageindex import AUTHOR_CLASS

_PATTERNS = sorted({r.pattern for rules in (*BYLINE_TIERS, DISCARD) for r in rules if r.pattern})


def test_needles_expand_fixed_parts_and_stand_the_separator_for_the_start() -> None:
    assert needles("^author$") == {f"{SEPARATOR}author"}
    assert needles("author-?name|AuthorName") == {"author-name", "authorname", "AuthorName"}
    assert needles("article-(?:share|support)|[Bb]yline") == {
        "article-share",
        "article-support",
        "Byline",
        "byline",
    }
    assert needles("^(?:title|date)$") == {f"{SEPARATOR}title", f"{SEPARATOR}date"}
    # Repeats, wide classes and lookarounds are not fixed; the longest fixed run counts.
    assert needles(r"ab+c\.d[a-z]x(?=y)") == {"c.d"}
    # Nothing fixed, or letter case ignored: every value may match.
    assert needles("x?|y") == {""}
    assert needles("(?i)author") == {""}


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_every_value_a_rule_catches_holds_one_of_its_needles(data: st.DataObject) -> None:
    for pattern in _PATTERNS:
        value = data.draw(st.from_regex(pattern).filter(lambda v: SEPARATOR not in v))
        assert re.search(pattern, value)
        assert any(n in f"{SEPARATOR}{value}{SEPARATOR}" for n in needles(pattern)), (
            pattern,
            value,
        )


def test_values_are_found_by_needle_and_by_pattern_in_order() -> None:
    values = ["post-author vcard", "", "title", "subtitle", "entry author", "byline\n"]
    found = set(values_with(values, ("author", f"{SEPARATOR}title")))
    assert sorted(found) == [0, 2, 4]
    assert values_matching(
        values, re.compile(rf"{SEPARATOR}\s*(?:title|byline)\s*(?={SEPARATOR})")
    ) == [
        2,
        5,
    ]
    assert values_matching([], re.compile("x")) == []
    assert list(values_with([], ("x",))) == []


# The class-word patterns searched with values_found, and two that have no needle.
_CLASS_WORDS = [
    BYLINE_CLASS,
    COMMENT_WORD,
    AUTHOR_CLASS,
    re.compile("(?i)author"),
    re.compile(r"\d+"),
]


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_values_found_are_the_values_the_pattern_matches(data: st.DataObject) -> None:
    for pattern in _CLASS_WORDS:
        value = st.one_of(
            st.from_regex(pattern.pattern).filter(lambda v: SEPARATOR not in v),
            st.text(alphabet="abcdeilmnortu- ", max_size=20),
        )
        values = data.draw(st.lists(value, max_size=12))
        expected = [n for n, v in enumerate(values) if pattern.search(v)]
        assert values_found(values, pattern) == expected, (pattern, values)
