"""Per-source CSS rules: alternatives, @attr, strip, invalid selectors."""

from __future__ import annotations

from ingest.extract.htmltree import parse_html_tree
from ingest.extract.rules import apply_rules, split_selector
from ingest.models import Rules

PAGE = """<html><body>
<h1 class="entry-title">  العنوان   الرئيسي </h1>
<div class="art-info"><time datetime="2026-06-16T11:12:00+02:00">16 يونيو</time>
<span class="author">بقلم: سالم</span></div>
<div class="art-content"><p>فقرة أولى</p><div class="share">شارك</div><p>فقرة ثانية</p></div>
</body></html>"""


def test_split_selector_reads_the_attribute_suffix() -> None:
    assert split_selector("time.published@datetime") == ("time.published", "datetime")
    assert split_selector("div.art-content > p") == ("div.art-content > p", None)
    assert split_selector('a[href$="@x"]') == ('a[href$="@x"]', None)


def test_first_matching_alternative_wins_and_text_is_collapsed() -> None:
    match = apply_rules(parse_html_tree(PAGE), Rules(headline=("h2.none", "h1.entry-title")))
    assert match.headline == "العنوان الرئيسي"


def test_attribute_and_text_values() -> None:
    match = apply_rules(
        parse_html_tree(PAGE), Rules(date=("div.art-info time@datetime",), author=("span.author",))
    )
    assert match.date_text == "2026-06-16T11:12:00+02:00"
    assert match.author == "بقلم: سالم"


def test_strip_removes_elements_before_the_body_rule() -> None:
    tree = parse_html_tree(PAGE)
    match = apply_rules(tree, Rules(body=("div.art-content",), strip=("div.share",)))
    assert match.body_html is not None
    assert "فقرة ثانية" in match.body_html
    assert "شارك" not in match.body_html
    assert "شارك" not in tree.text_content()  # the page every reader sees


def test_unmatched_rule_gives_none() -> None:
    match = apply_rules(parse_html_tree(PAGE), Rules(body=("div.nothing",), headline=("h3",)))
    assert match.body_html is None
    assert match.headline is None


def test_invalid_selector_is_a_problem_not_a_crash() -> None:
    match = apply_rules(
        parse_html_tree(PAGE), Rules(headline=("h1[", "h1.entry-title"), strip=("::bad(",))
    )
    assert match.headline == "العنوان الرئيسي"
    assert len(match.problems) == 2
    assert all("not valid CSS" in p for p in match.problems)


def test_combinators_and_attribute_tests() -> None:
    """Child, descendant and sibling combinators, groups and attribute operators."""
    tree = parse_html_tree(PAGE)
    assert apply_rules(tree, Rules(body=("div.art-content > p",))).body_html == (
        "<p>فقرة أولى</p><p>فقرة ثانية</p>"
    )
    match = apply_rules(tree, Rules(headline=("h1 ~ div time",), author=("time + span",)))
    assert (match.headline, match.author) == ("16 يونيو", "بقلم: سالم")
    match = apply_rules(tree, Rules(date=("time[datetime^='2026-06']@datetime",)))
    assert match.date_text == "2026-06-16T11:12:00+02:00"
    assert apply_rules(tree, Rules(headline=("h3, h1",))).headline == "العنوان الرئيسي"


def test_pseudo_classes_are_reported() -> None:
    """A pseudo-class is named in the problem, not silently matched against nothing."""
    match = apply_rules(parse_html_tree(PAGE), Rules(body=("p:first-child",)))
    assert match.body_html is None
    assert "':first-child'" in match.problems[0]


def test_script_text_is_not_a_value() -> None:
    """A field's text leaves out scripts and styles inside the element."""
    tree = parse_html_tree(
        "<html><body><h1>عنوان<script>var x = 1;</script> الخبر</h1></body></html>"
    )
    assert apply_rules(tree, Rules(headline=("h1",))).headline == "عنوان الخبر"
