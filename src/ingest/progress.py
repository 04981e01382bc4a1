"""What a person at a terminal sees while a run goes: live bars with counts, rate and time
left, on stderr, gone when the run ends; nothing at all without a terminal (cron).

The pipeline calls a ``RunProgress``; ``make_progress()`` picks ``TerminalProgress`` (rich,
a live display) or ``NoProgress``. rich stays inside this module.

    sources    ━━━━━━━━━━━━━━━━━╸━━━━━━   21/38  1.2/s  0:14 left  1204 entries, 312 new, 2 failed
    articles   ━━━━━━━╸━━━━━━━━━━━━━━━━  130/312  4.5/s  0:40 left  120 new, 3 updated, 7 failed
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Protocol

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
)
from rich.text import Text

REFRESH_PER_SEC = 4  # enough to look alive; each refresh redraws every bar
ARTICLE_OUTCOMES = ("new", "updated", "unchanged", "failed")  # the rest count as skipped


class Count(Protocol):
    """A running count (``counter()``)."""

    def advance(self, n: int = 1) -> None:
        """Count ``n`` more done."""


class RunProgress(Protocol):
    """What the pipeline tells whoever watches a run; every call is cheap."""

    def sources(self, total: int) -> None:
        """The run covers ``total`` sources."""

    def endpoint_done(self, source: str, entries: int, new: int) -> None:
        """A feed, sitemap, listing or API page gave ``entries``, ``new`` of them queued."""

    def queued(self, source: str, count: int) -> None:
        """``count`` articles of ``source`` are to be fetched (added to the total)."""

    def article_done(self, source: str, outcome: str) -> None:
        """One article done: new, updated, unchanged, skipped or failed."""

    def source_done(self, source: str, failed: bool) -> None:
        """A source is finished, successfully or not."""

    def note(self, line: str) -> None:
        """Print a line above the live display, without breaking it."""

    def counter(self, label: str, total: int | None) -> AbstractContextManager[Count]:
        """A context manager counting one job (``sources add``, ``reextract``, ``backfill``)."""

    def close(self) -> None:
        """Take the live display away; idempotent."""


class _NoCount:
    def advance(self, n: int = 1) -> None:
        """Count nothing."""


class NoProgress:
    """Progress for cron and ``--quiet``: silent."""

    def sources(self, total: int) -> None:
        """Ignore."""

    def endpoint_done(self, source: str, entries: int, new: int) -> None:
        """Ignore."""

    def queued(self, source: str, count: int) -> None:
        """Ignore."""

    def article_done(self, source: str, outcome: str) -> None:
        """Ignore."""

    def source_done(self, source: str, failed: bool) -> None:
        """Ignore."""

    def note(self, line: str) -> None:
        """Ignore."""

    @contextmanager
    def counter(self, label: str, total: int | None) -> Iterator[Count]:
        """A count that counts nothing."""
        yield _NoCount()

    def close(self) -> None:
        """Nothing to close."""


class RateColumn(ProgressColumn):
    """``4.5/s`` (or ``12/min`` when slower than one a second); empty before a rate is known."""

    def render(self, task: Task) -> Text:
        """The task's rate."""
        speed = task.finished_speed or task.speed
        if not speed:
            return Text("", style="progress.data.speed")
        text = f"{speed:.1f}/s" if speed >= 1 else f"{speed * 60:.0f}/min"
        return Text(text, style="progress.data.speed")


class LeftColumn(ProgressColumn):
    """``0:40 left`` (or ``1:02:03 left``); empty while unknown, ``done`` when done."""

    max_refresh = 0.5  # rich's own remaining-time column refreshes this often: no jitter

    def render(self, task: Task) -> Text:
        """The estimated time left."""
        if task.total is None:
            return Text("")
        if task.finished:
            return Text("done", style="progress.elapsed")
        left = task.time_remaining
        if left is None:
            return Text("")
        minutes, seconds = divmod(int(left), 60)
        hours, minutes = divmod(minutes, 60)
        clock = f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"
        return Text(f"{clock} left", style="progress.remaining")


class _TaskCount:
    def __init__(self, progress: Progress, task: TaskID) -> None:
        self._progress = progress
        self._task = task

    def advance(self, n: int = 1) -> None:
        """Count ``n`` more done."""
        self._progress.advance(self._task, n)


class TerminalProgress:
    """Live bars on a terminal: sources, then articles, each with M/N, rate and time left.

    Tests pass ``Console(file=io.StringIO(), force_terminal=True, width=100)``, a fake
    ``get_time`` and ``auto_refresh=False`` (then call ``refresh()``).
    """

    def __init__(
        self,
        console: Console,
        *,
        get_time: Callable[[], float] | None = None,
        auto_refresh: bool = True,
    ) -> None:
        self.console = console
        self._bars = Progress(
            TextColumn("{task.description:<9}"),
            BarColumn(bar_width=24),
            MofNCompleteColumn(),
            RateColumn(),
            LeftColumn(),
            TextColumn("{task.fields[detail]}"),
            console=console,
            transient=True,
            auto_refresh=auto_refresh,
            refresh_per_second=REFRESH_PER_SEC,
            redirect_stdout=False,  # stdout is the summary line's; nothing else writes there
            get_time=get_time,
        )
        self._started = False
        self._closed = False
        self._sources_task: TaskID | None = None
        self._articles_task: TaskID | None = None
        self._entries = 0
        self._new_links = 0
        self._failed_sources = 0
        self._outcomes: Counter[str] = Counter()

    def _start(self) -> None:
        if not self._started and not self._closed:
            self._bars.start()
            self._started = True

    def sources(self, total: int) -> None:
        """Show the sources bar."""
        self._start()
        if self._sources_task is None:
            self._sources_task = self._bars.add_task("sources", total=total, detail="")
        else:
            self._bars.update(self._sources_task, total=total)

    def endpoint_done(self, source: str, entries: int, new: int) -> None:
        """Count entries seen and new ones queued."""
        self._entries += entries
        self._new_links += new
        self._show_sources()

    def queued(self, source: str, count: int) -> None:
        """Add ``count`` articles to the articles bar."""
        if count <= 0:
            return
        self._start()
        if self._articles_task is None:
            self._articles_task = self._bars.add_task("articles", total=count, detail="")
            return
        # Progress.update(total=...) would drop the speed samples, and sources queue their
        # articles all along the run: grow the total in place, keeping the rate.
        task = next(t for t in self._bars.tasks if t.id == self._articles_task)
        task.total = (task.total or 0) + count
        task.finished_time = task.finished_speed = None

    def article_done(self, source: str, outcome: str) -> None:
        """Advance the articles bar and count the outcome."""
        self._outcomes[outcome if outcome in ARTICLE_OUTCOMES else "skipped"] += 1
        if self._articles_task is None:
            return
        done = self._outcomes
        parts = [f"{done[key]} {key}" for key in ("new", "updated") if done[key]]
        parts += [f"{done[key]} {key}" for key in ("unchanged", "skipped", "failed") if done[key]]
        self._bars.update(self._articles_task, advance=1, detail=", ".join(parts))

    def source_done(self, source: str, failed: bool) -> None:
        """Advance the sources bar."""
        self._failed_sources += failed
        if self._sources_task is not None:
            self._bars.advance(self._sources_task, 1)
        self._show_sources()

    def _show_sources(self) -> None:
        if self._sources_task is None:
            return
        detail = f"{self._entries} entries, {self._new_links} new"
        if self._failed_sources:
            detail += f", {self._failed_sources} failed"
        self._bars.update(self._sources_task, detail=detail)

    def note(self, line: str) -> None:
        """Print ``line`` above the bars, as it is (no markup, no wrapping)."""
        self.console.print(line, markup=False, highlight=False, soft_wrap=True)

    @contextmanager
    def counter(self, label: str, total: int | None) -> Iterator[Count]:
        """A bar of its own for one job, removed when the job ends."""
        was_started = self._started
        self._start()
        task = self._bars.add_task(label, total=total, detail="")
        try:
            yield _TaskCount(self._bars, task)
        finally:
            self._bars.remove_task(task)
            if not was_started:  # the bar was all there was: take the display away till next
                self._bars.stop()
                self._started = False

    def refresh(self) -> None:
        """Draw the bars now (tests, or with ``auto_refresh=False``)."""
        self._bars.refresh()

    def close(self) -> None:
        """Take the bars away (the display is transient); idempotent."""
        if self._started and not self._closed:
            self._bars.stop()
        self._closed = True


def make_progress(*, quiet: bool = False, console: Console | None = None) -> RunProgress:
    """``TerminalProgress`` on stderr when it is a terminal, else ``NoProgress`` (cron).

    Example::

        progress = make_progress(quiet=quiet)
        try:
            report = asyncio.run(fetch_sources(config, store, progress=progress))
        finally:
            progress.close()
    """
    if quiet:
        return NoProgress()
    if console is None:
        if not sys.stderr.isatty():
            return NoProgress()
        console = Console(stderr=True)
    if not console.is_terminal or console.is_dumb_terminal:
        return NoProgress()
    return TerminalProgress(console)
