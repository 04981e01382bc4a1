"""What a person sees on a terminal while a run goes, and that cron sees nothing."""

from __future__ import annotations

import io
import re
import sys

import pytest
from rich.console import Console

from ingest.progress import NoProgress, RunProgress, TerminalProgress, make_progress

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


class FakeTime:
    """A clock the test moves."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def terminal(width: int = 100) -> Console:
    return Console(file=io.StringIO(), force_terminal=True, width=width)


def written(console: Console) -> str:
    """Everything written to the terminal."""
    file = console.file
    assert isinstance(file, io.StringIO)
    return file.getvalue()


def seen(console: Console) -> str:
    """What was written to the terminal, without its control sequences."""
    return ANSI.sub("", written(console))


def last_frame(console: Console) -> list[str]:
    """The lines of the last drawing of the bars."""
    lines = [line.split("\r")[-1] for line in seen(console).split("\n")]  # \r: redrawn
    return [line for line in lines if line.strip()][-2:]


def test_a_run_shows_counts_rate_and_time_left() -> None:
    console, clock = terminal(), FakeTime()
    progress = TerminalProgress(console, get_time=clock, auto_refresh=False)
    progress.sources(38)
    for n in range(10):
        clock.now += 1.0
        progress.endpoint_done(f"s{n}", entries=30, new=5)
        progress.source_done(f"s{n}", failed=n < 2)
    progress.queued("s0", 100)
    progress.queued("s1", 20)  # the total grows as sources queue their articles
    for n in range(40):
        clock.now += 0.25
        progress.article_done("s0", "failed" if n % 10 == 0 else "new")
    progress.refresh()
    sources, articles = last_frame(console)
    assert "sources" in sources
    assert "10/38" in sources
    assert "1.0/s" in sources
    assert "0:28 left" in sources  # 28 sources at one a second
    assert "300 entries, 50 new, 2 failed" in sources
    assert " 40/120" in articles
    assert "4.0/s" in articles
    assert "0:20 left" in articles  # 80 articles at four a second
    assert "36 new, 4 failed" in articles
    progress.close()


def test_a_slow_job_shows_its_rate_per_minute() -> None:
    console, clock = terminal(), FakeTime()
    progress = TerminalProgress(console, get_time=clock, auto_refresh=False)
    progress.sources(3)
    for source in ("a", "b"):
        clock.now += 30.0
        progress.source_done(source, failed=False)
    progress.refresh()
    assert "2/min" in last_frame(console)[-1]
    progress.close()


def test_a_note_is_printed_above_the_bars_in_full() -> None:
    console = terminal(width=60)
    progress = TerminalProgress(console, auto_refresh=False)
    progress.sources(2)
    line = "upgrading: reading the dates of 1200 stored articles again [slow]"
    progress.note(line)
    progress.close()
    assert line in seen(console)


def test_the_bars_are_gone_when_the_run_ends() -> None:
    console = terminal()
    progress = TerminalProgress(console, auto_refresh=False)
    progress.sources(2)
    progress.source_done("a", failed=False)
    progress.close()
    progress.close()  # idempotent
    assert written(console).endswith(
        "\x1b[1A\x1b[2K"
    )  # the last thing written: up a line, erase it


def test_a_counter_shows_its_own_bar() -> None:
    console, clock = terminal(), FakeTime()
    progress = TerminalProgress(console, get_time=clock, auto_refresh=False)
    with progress.counter("re-extracting", 50) as count:
        for _ in range(10):
            clock.now += 0.5
            count.advance()
        progress.refresh()
        (bar,) = last_frame(console)[-1:]
    assert "re-extracting" in bar
    assert "10/50" in bar
    assert "2.0/s" in bar
    assert "0:20 left" in bar


def test_a_counter_before_the_run_leaves_room_for_the_run() -> None:
    console = terminal()
    progress = TerminalProgress(console, auto_refresh=False)
    with progress.counter("upgrading dates", 3) as count:
        count.advance(3)
    progress.sources(5)
    progress.source_done("a", failed=False)
    progress.refresh()
    assert "1/5" in last_frame(console)[-1]
    assert "upgrading" not in last_frame(console)[-1]
    progress.close()


def test_a_counter_without_total_counts() -> None:
    console = terminal()
    progress = TerminalProgress(console, auto_refresh=False)
    with progress.counter("probing", None) as count:
        count.advance(3)
        progress.refresh()
        assert "3/?" in last_frame(console)[-1]


def test_no_progress_and_no_terminal_print_nothing() -> None:
    quiet: RunProgress = NoProgress()
    quiet.sources(3)
    quiet.endpoint_done("a", 3, 1)
    quiet.queued("a", 1)
    quiet.article_done("a", "new")
    quiet.source_done("a", failed=False)
    quiet.note("nobody reads this")
    with quiet.counter("probing", 3) as count:
        count.advance()
    quiet.close()
    pipe = Console(file=io.StringIO(), width=100)  # not a terminal: cron, a pipe
    chosen = make_progress(console=pipe)
    assert isinstance(chosen, NoProgress)
    chosen.sources(3)
    chosen.note("nobody reads this")
    assert seen(pipe) == ""


def test_make_progress_on_a_terminal_unless_quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    assert isinstance(make_progress(console=terminal()), TerminalProgress)
    assert isinstance(make_progress(console=terminal(), quiet=True), NoProgress)
    monkeypatch.setattr(sys, "stderr", io.StringIO())  # as under cron
    assert isinstance(make_progress(), NoProgress)
