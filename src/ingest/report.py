"""The run report: counters for the ``runs`` table and the summary line cron mails."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any


@dataclass
class RunReport:
    """What one run did; ``summary()`` is the line cron mails."""

    sources_ok: int = 0
    sources_failed: int = 0
    sources_not_due: int = 0
    endpoints_fetched: int = 0
    entries_seen: int = 0
    new_articles: int = 0
    updated_articles: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)
    failed_sources: list[str] = field(default_factory=list)

    def skip(self, reason: str) -> None:
        """Count one dropped item under its reason."""
        self.skipped[reason] += 1

    def summary(self) -> str:
        """One line: sources ok/failed, entries seen, new articles, skipped with reasons."""
        skipped = sum(self.skipped.values())
        reasons = ", ".join(f"{n} {why}" for why, n in self.skipped.most_common())
        line = (
            f"sources: {self.sources_ok} ok, {self.sources_failed} failed, "
            f"{self.sources_not_due} not due; entries seen: {self.entries_seen}; "
            f"new articles: {self.new_articles}; updated: {self.updated_articles}; "
            f"skipped: {skipped}"
        )
        return f"{line} ({reasons})" if reasons else line

    def counters(self) -> dict[str, Any]:
        """The columns of the ``runs`` row."""
        return {
            "sources_ok": self.sources_ok,
            "sources_failed": self.sources_failed,
            "sources_not_due": self.sources_not_due,
            "endpoints_fetched": self.endpoints_fetched,
            "entries_seen": self.entries_seen,
            "new_articles": self.new_articles,
            "updated_articles": self.updated_articles,
            "skipped": sum(self.skipped.values()),
            "skip_reasons": dict(self.skipped),
            "failed_sources": self.failed_sources,
        }
