"""``ingest sources test``: run each source's ``tests:`` offline and say what differs.

Like ftr-site-config's ``test_url``/``test_contains``, but against a saved fixture, so a
rule can be checked without the network and kept working in CI.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ingest.extract import extract_article
from ingest.models import Article, Config, Source, SourceTest


@dataclass
class TestOutcome:
    """One test's result: the differences, empty when it passed."""

    source: str
    fixture: str
    line: int
    differences: list[str] = field(default_factory=list)
    article: Article | None = None

    @property
    def passed(self) -> bool:
        """True when nothing differs."""
        return not self.differences


def _norm(value: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", value or "").split())


def _short(value: str | None, width: int = 90) -> str:
    text = _norm(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def run_test(source: Source, test: SourceTest, folder: Path) -> TestOutcome:
    """Extract the fixture and compare it with the expected fields."""
    outcome = TestOutcome(source.id, test.fixture, test.line)
    path = folder / test.fixture
    try:
        html = path.read_bytes()
    except OSError as exc:
        outcome.differences.append(f"cannot read fixture {path}: {exc}")
        return outcome
    article = extract_article(html, test.url, source)
    outcome.article = article
    if article.skip_reason:
        outcome.differences.append(f"no article extracted: {article.skip_reason}")
    for name, expected in test.expect.items():
        got = getattr(article, name, None)
        if _norm(got) != _norm(expected):
            outcome.differences.append(
                f"{name}: expected {_short(expected)!r}, got {_short(got)!r}"
                f" (method: {article.methods.get(name, '-')})"
            )
    for name, snippets in test.contains.items():
        got = _norm(getattr(article, name, None))
        for snippet in snippets:
            if _norm(snippet) not in got:
                outcome.differences.append(f"{name} lacks {_short(snippet, 60)!r}")
    for name, snippets in test.absent.items():
        got = _norm(getattr(article, name, None))
        for snippet in snippets:
            if _norm(snippet) in got:
                outcome.differences.append(f"{name} contains {_short(snippet, 60)!r}")
    return outcome


def run_source_tests(config: Config, source_ids: tuple[str, ...] = ()) -> list[TestOutcome]:
    """Run the tests of the named sources (all sources with tests when none named)."""
    folder = Path(config.path).parent
    outcomes = []
    for source in config.sources:
        if source_ids and source.id not in source_ids:
            continue
        for test in source.tests:
            outcomes.append(run_test(source, test, folder))
    return outcomes
