"""CSS selectors of per-source rules, translated to XPath for the page's lxml tree.

Rules are applied to the tree every other reader uses, so a page with rules is parsed once
(BeautifulSoup and soupsieve parsed it a second time: about 24 ms a page). The selectors
that rules use are the simple ones, and only those are read: type, ``*``, ``.class``,
``#id``, attribute tests (``[a]``, ``=``, ``~=``, ``^=``, ``$=``, ``*=``, ``|=``), the four
combinators (descendant, ``>``, ``+``, ``~``) and groups (``,``); a pseudo-class is a
``ValueError`` that names it, which the rules reader reports as a problem.
"""

from __future__ import annotations

import re
from functools import lru_cache

_TOKEN = re.compile(
    r"""\s*(?:
    (?P<comb>[>+~,])
    |(?P<type>[A-Za-z][\w-]*|\*)
    |\.(?P<cls>-?[A-Za-z_][\w-]*)
    |\#(?P<id>[\w-]+)
    |\[\s*(?P<attr>[A-Za-z_:][\w:.-]*)\s*
        (?:(?P<op>[~^$*|]?=)\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[\w-]+))\s*)?\]
    )""",
    re.X,
)
_SPACE_CLASS = "concat(' ', normalize-space(@{0}), ' ')"
# XPath of an attribute test, by operator; {a} the attribute, {v} the quoted value.
ATTRIBUTE_TESTS = {
    None: "@{a}",
    "=": "@{a} = {v}",
    "~=": "contains(concat(' ', normalize-space(@{a}), ' '), concat(' ', {v}, ' '))",
    "^=": "starts-with(@{a}, {v})",
    "$=": "substring(@{a}, string-length(@{a}) - string-length({v}) + 1) = {v}",
    "*=": "contains(@{a}, {v})",
    "|=": "(@{a} = {v} or starts-with(@{a}, concat({v}, '-')))",
}
# XPath steps of the combinators; the first compound of a selector is searched anywhere.
COMBINATORS = {" ": "/descendant::", ">": "/", "~": "/following-sibling::"}


def _literal(value: str) -> str:
    """An XPath string literal of ``value``."""
    if "'" not in value:
        return f"'{value}'"
    if '"' not in value:
        return f'"{value}"'
    parts = ', "\'", '.join(f"'{part}'" for part in value.split("'"))
    return f"concat({parts})"


@lru_cache(maxsize=256)
def css_to_xpath(selector: str) -> str:
    """The XPath of a CSS selector; ValueError for what it does not read."""
    paths: list[str] = []
    steps: list[str] = []
    tests: list[str] = []
    tag: str | None = None
    pending = "descendant-or-self::"
    position = 0
    text = selector.strip()
    if not text:
        raise ValueError("empty selector")

    def close() -> None:
        nonlocal tag, tests
        if tag is None and not tests:
            raise ValueError(f"a combinator without a selector after it in {selector!r}")
        predicate = "".join(f"[{test}]" for test in tests)
        step = f"{pending}{tag or '*'}{predicate}"
        if pending == "+":
            step = f"/following-sibling::*[1]/self::{tag or '*'}{predicate}"
        steps.append(step)
        tag, tests = None, []

    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            raise ValueError(f"cannot read {text[position:]!r} in {selector!r}")
        spaced = match.group(0)[:1].isspace() and (tag is not None or tests)
        position = match.end()
        comb = match.group("comb")
        if spaced and comb is None:
            close()
            pending = COMBINATORS[" "]
        if comb == ",":
            close()
            paths.append("".join(steps))
            steps, pending = [], "descendant-or-self::"
        elif comb is not None:
            close()
            pending = "+" if comb == "+" else COMBINATORS[comb]
        elif match.group("type"):
            if tag is not None or tests:
                raise ValueError(f"a type selector inside a compound in {selector!r}")
            tag = match.group("type").lower()
        elif match.group("cls"):
            tests.append(f"contains({_SPACE_CLASS.format('class')}, ' {match.group('cls')} ')")
        elif match.group("id"):
            tests.append(f"@id = {_literal(match.group('id'))}")
        else:
            value = next((v for v in match.group("dq", "sq", "bare") if v is not None), "")
            test = ATTRIBUTE_TESTS[match.group("op")]
            tests.append(test.format(a=match.group("attr"), v=_literal(value)))
    close()
    paths.append("".join(steps))
    return " | ".join(paths)
