"""The run report: counters for the ``runs`` table, the summary line cron mails, what an
operator reads about the run's failures, and the exit code.

The failures are grouped by cause (``diagnosis``): thirty sources that cannot resolve
their host make one line that asks whether the machine is offline, not thirty lines of
300 characters. Every line stays under ``LINE_WIDTH``; the full messages stay in the
database and in ``ingest status --wide``.

Exit codes do not cry wolf: a source that was already failing before the run and still
fails changes nothing (``exit_code``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ingest.diagnosis import INTERNAL, Problem, cause_line, problem_from
from ingest.errors import FetchError
from ingest.models import EndpointState

LINE_WIDTH = 119  # every line printed at the end of a run is shorter than 120 characters
DETAIL_SOURCES = 6  # up to this many failed sources get a line each
NOTE_LINES = 5  # up to this many notes are printed one a line
VERBOSE_HINT = "'ingest fetch -v' prints them all"
OK_STATUSES = ("ok", "not-modified", "unchanged")

EXIT_OK = 0
EXIT_SOURCES_FAILED = 1


@dataclass(frozen=True)
class SourceBefore:
    """A source's endpoints as they stood before the run (read from ``store.endpoints``)."""

    failing_urls: frozenset[str] = frozenset()  # endpoints whose last attempt failed
    last_success_at: str | None = None  # when the oldest failing endpoint last succeeded
    never_succeeded: bool = False  # a failing endpoint never succeeded

    @property
    def healthy(self) -> bool:
        """True when every endpoint succeeded at its last attempt (or none was tried)."""
        return not self.failing_urls


def before_run(states: Iterable[EndpointState]) -> SourceBefore:
    """What ``exit_code`` needs to know about a source, from its endpoints' states."""
    failing = [s for s in states if s.status is not None and s.status not in OK_STATUSES]
    if not failing:
        return SourceBefore()
    successes = [s.last_success_at for s in failing if s.last_success_at]
    return SourceBefore(
        failing_urls=frozenset(s.url for s in failing),
        last_success_at=min(successes) if successes else None,
        never_succeeded=len(successes) < len(failing),
    )


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
    problems: list[str] = field(default_factory=list)  # every problem as one plain line
    failed_sources: list[str] = field(default_factory=list)
    failures: list[Problem] = field(default_factory=list)  # endpoints that failed
    notes: list[Problem] = field(default_factory=list)  # problems that failed no source

    def skip(self, reason: str) -> None:
        """Count one dropped item under its reason."""
        self.skipped[reason] += 1

    def add_failure(self, source_id: str, url: str, exc: BaseException | str) -> Problem:
        """Record an endpoint that failed (the source counts as failed), classified; a
        message (``url`` may be empty) when there is no exception, e.g. a spent budget."""
        problem = problem_from(source_id, url, exc, failed=True)
        self.failures.append(problem)
        where = f"{url}: " if url else ""
        if isinstance(exc, FetchError):
            self.problems.append(f"{source_id}: {where}{exc} ({exc.kind})")
        elif isinstance(exc, str):
            self.problems.append(f"{source_id}: {where}{exc}")
        else:
            self.problems.append(f"{source_id}: {where}{exc!r}")
        return problem

    def add_note(self, source_id: str, url: str, what: BaseException | str) -> Problem:
        """Record a problem that did not fail its source: entries skipped, a bug on one
        article, a sitemap child that failed; ``url`` may be empty when ``what`` names it."""
        problem = problem_from(source_id, url, what, failed=False)
        self.notes.append(problem)
        where = f"{url}: " if url else ""
        shown = repr(what) if problem.category == INTERNAL else str(what)
        self.problems.append(f"{source_id}: {where}{shown}")
        return problem

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

    def problem_lines(
        self, before: Mapping[str, SourceBefore] | None = None, *, verbose: bool = False
    ) -> list[str]:
        """What to print (on stderr) about the run's problems, before ``summary()``.

        Example, offline::

            38 of 38 sources failed, all newly
              38 sources: no host could be resolved: is this machine offline, or its DNS down? (…)
              details: ingest status --wide
        """
        if not self.failures and not self.notes:
            return [f"problem: {p}" for p in self.problems]  # a pipeline not yet switched over
        return failure_lines(self, before, verbose=verbose) + note_lines(self.notes, verbose)


def is_new_failure(report: RunReport, source: str, before: Mapping[str, SourceBefore]) -> bool:
    """True when ``source`` failed on an endpoint that had not been failing before the run."""
    state = before.get(source)
    if state is None or state.healthy:
        return True
    urls = {p.url for p in report.failures if p.source == source}
    return bool(urls - state.failing_urls)


def exit_code(
    report: RunReport, before: Mapping[str, SourceBefore], *, strict: bool = False
) -> int:
    """1 when a source failed that was healthy before the run, or every due source (two
    or more) failed; with ``strict``, when any source failed; else 0.

    ``before`` maps source ids to ``before_run(store.endpoints(id))`` read before the run;
    a source missing from it counts as healthy before. See docs/operations.md.
    """
    if not report.sources_failed:
        return EXIT_OK
    if strict:
        return EXIT_SOURCES_FAILED
    # Everything due failed: offline, blocked, or a bad proxy, whatever failed before. One
    # due source alone is not "everything": it is often the broken outlet whose backoff ran
    # out on a run where no healthy source was due.
    if not report.sources_ok and report.sources_failed >= 2:
        return EXIT_SOURCES_FAILED
    if any(is_new_failure(report, source, before) for source in report.failed_sources):
        return EXIT_SOURCES_FAILED
    return EXIT_OK


def fit(text: str, width: int = LINE_WIDTH) -> str:
    """``text`` cut to ``width`` characters, ending with … when cut."""
    return text if len(text) <= width else text[: width - 1] + "…"


def with_names(line: str, names: list[str], width: int = LINE_WIDTH) -> str:
    """``line (a, b and 12 more)``: as many names as fit in ``width``."""
    for shown in range(len(names), 0, -1):
        rest = len(names) - shown
        listed = ", ".join(names[:shown])
        text = f"{line} ({listed} and {rest} more)" if rest else f"{line} ({listed})"
        if len(text) <= width:
            return text
    return fit(line, width)


def grouped(problems: list[Problem]) -> list[tuple[str, list[str]]]:
    """(category, its sources in first-seen order), the most widespread first."""
    by_category: dict[str, dict[str, None]] = {}
    for problem in problems:
        by_category.setdefault(problem.category, {})[problem.source] = None
    groups = [(category, list(sources)) for category, sources in by_category.items()]
    return sorted(groups, key=lambda group: -len(group[1]))


def state_text(source: str, report: RunReport, before: Mapping[str, SourceBefore] | None) -> str:
    """``new``, ``still failing since its last success at ...``, or nothing without ``before``."""
    if before is None:
        return ""
    state = before.get(source)
    if is_new_failure(report, source, before) or state is None:
        return "new"
    if state.never_succeeded or state.last_success_at is None:
        return "still failing, never succeeded"
    stamp = state.last_success_at.replace("T", " ")[:16]
    return f"still failing since its last success at {stamp}Z"


def failure_lines(
    report: RunReport, before: Mapping[str, SourceBefore] | None, *, verbose: bool
) -> list[str]:
    """The header, one line per cause, and a line per failed source when there are few."""
    if not report.failures:
        return []
    sources = list(dict.fromkeys(p.source for p in report.failures))
    due = max(report.sources_ok + report.sources_failed, len(sources))
    header = f"{len(sources)} of {due} sources failed"
    if before is not None:
        new = sum(is_new_failure(report, source, before) for source in sources)
        if new and new < len(sources):
            header += f": {new} newly, {len(sources) - new} still failing"
        else:
            header += ", all newly" if new else ", all still failing from before this run"
    lines = [header]
    for category, names in grouped(report.failures):
        lines.append(with_names("  " + cause_line(category, len(names)), names))
    few = len(sources) <= DETAIL_SOURCES
    internal = [p for p in report.failures if p.category == INTERNAL]
    if few or verbose:
        order = sorted(sources, key=lambda s: state_text(s, report, before) != "new")
        for source in order:
            mine = [p for p in report.failures if p.source == source]
            shown = mine if verbose else mine[:1]
            marks = [state_text(source, report, before)]
            marks.append(f"+{len(mine) - 1} more" if len(mine) > len(shown) else "")
            label = f"{source} ({', '.join(m for m in marks if m)})" if any(marks) else source
            for problem in shown:
                text = f"  {label}: {problem.message}"
                lines.append(text if verbose or problem.category == INTERNAL else fit(text))
    else:
        lines.extend(f"  {p.source}: {p.message}" for p in internal)  # a bug: say it all
        lines.append("  details: ingest status --wide")
    return lines


def note_lines(notes: list[Problem], verbose: bool) -> list[str]:
    """Notes one a line when few (or ``verbose``), else grouped by cause."""
    if not notes:
        return []
    if verbose or len(notes) <= NOTE_LINES:
        lines = []
        for note in notes:
            where = f"{note.url}: " if note.url else ""
            text = f"note: {note.source}: {where}{note.message}"
            lines.append(text if verbose or note.category == INTERNAL else fit(text))
        return lines
    sources = len({note.source for note in notes})
    about = f"{sources} source{'s' if sources != 1 else ''}"
    lines = [f"{len(notes)} notes about {about} ({VERBOSE_HINT}):"]
    for category, names in grouped(notes):
        lines.append(with_names("  " + cause_line(category, len(names)), names))
    lines.extend(f"  {n.source}: {n.url}: {n.message}" for n in notes if n.category == INTERNAL)
    return lines
