"""Author tables: every row compiles, says what it catches and names its family."""

from __future__ import annotations

import re

from ingest.extract.author_tables import (
    AUTHOR_META,
    BYLINE_PREFIXES,
    BYLINE_TIERS,
    DISCARD,
    PLACEHOLDERS,
    Words,
    alternation,
)


def test_every_element_rule_compiles_and_names_its_family() -> None:
    for rule in (*DISCARD, *(r for tier in BYLINE_TIERS for r in tier)):
        re.compile(rule.pattern)
        assert rule.catches and rule.family, rule
        assert rule.attribute != "tag" or rule.tags, rule


def test_meta_names_are_lower_case_and_unique() -> None:
    keys = [row.key for row in AUTHOR_META]
    assert keys == [k.lower() for k in keys] and len(keys) == len(set(keys))


def test_word_rows_name_their_language_or_family() -> None:
    for row in (*BYLINE_PREFIXES, *PLACEHOLDERS):
        assert row.source and row.words, row


def test_alternation_puts_longer_phrases_first_and_escapes_them() -> None:
    pattern = alternation([Words(("by", "posted by", "e.V"), "")])
    assert pattern == r"posted\s+by|e\.V|by"
    assert re.fullmatch(pattern, "posted   by")
