"""How long one URL may take, and when it is tried again within a run.

One ``Deadline`` per ``Fetcher.fetch`` call spans every attempt, retry wait and redirect
hop: ``total_timeout`` is the most one URL can cost a run (it was per attempt, so a server
sending 1 byte a second held a URL for 4 min 10 s over four attempts). Time spent queued
behind the host's other requests (the politeness delay) or waiting for robots.txt (which
has a deadline of its own) is given back: that is the host's pace, not this URL's cost.

5xx (but 501 and 505), 429, 408 and network errors are retried with tenacity, with
"full jitter" backoff (AWS Architecture Blog, 2015) or the server's Retry-After, until
``max_tries``, until the next wait would pass the deadline, or at once when Retry-After
asks for longer than ``max_retry_wait``: the error then carries ``retry_after_secs`` for
the scheduler. A slow transfer or a spent deadline is not retried.
"""

from __future__ import annotations

import contextlib
import random
from collections.abc import Awaitable, Callable, Iterator
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import TypeVar

from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    stop_any,
)
from tenacity.stop import stop_base

from ingest.errors import (
    AddressRefused,
    DeadlineExceeded,
    FetchError,
    HTTPStatusError,
    NetworkError,
    TransferTooSlow,
)
from ingest.models import Settings

T = TypeVar("T")

BACKOFF_BASE_SECS = 1.0
# Up to this share is added to a Retry-After wait, so that clients told the same instant
# do not all come back in the same second.
RETRY_AFTER_JITTER = 0.1
# 501 Not Implemented and 505 HTTP Version Not Supported do not heal within a run.
PERMANENT_5XX = frozenset({501, 505})


class Deadline:
    """One fetch's budget of ``secs``, on ``clock``, with queueing time given back."""

    def __init__(self, secs: float, clock: Callable[[], float]) -> None:
        self.secs = secs
        self._clock = clock
        self._start = clock()
        self._given_back = 0.0

    def spent(self) -> float:
        """Seconds used so far, queueing excluded."""
        return self._clock() - self._start - self._given_back

    def remaining(self) -> float:
        """Seconds left (negative once past)."""
        return self.secs - self.spent()

    def give_back(self, secs: float) -> None:
        """Do not count ``secs`` spent queueing."""
        self._given_back += max(0.0, secs)

    @contextlib.contextmanager
    def paused(self) -> Iterator[None]:
        """Do not count the time spent inside (waiting for robots.txt)."""
        began = self._clock()
        try:
            yield
        finally:
            self.give_back(self._clock() - began)


async def call_with_retries(
    attempt: Callable[[int], Awaitable[T]],
    settings: Settings,
    deadline: Deadline,
    *,
    sleep: Callable[[float], Awaitable[None]],
    pause_host: Callable[[float], None],
) -> T:
    """Await ``attempt(1)``, ``attempt(2)``... until one succeeds or the policy says stop.

    ``pause_host(secs)`` is called before waiting out a Retry-After. The final error's
    message says how many attempts were made and, when the deadline stopped them, why.
    """
    number = 0
    at_deadline = StopAtDeadline(deadline)

    async def attempt_once() -> T:
        nonlocal number
        number += 1
        return await attempt(number)

    def before_sleep(state: RetryCallState) -> None:
        if retry_after_of(state) is not None:
            pause_host(state.upcoming_sleep)

    try:
        # The first attempt runs outside tenacity, which costs about 0.1 ms of CPU per
        # request (measured, bench/fetch_politeness.py); a failure is replayed to tenacity
        # as its attempt 1, so the policy below stays the only one.
        try:
            return await attempt_once()
        except FetchError as exc:
            if not is_retryable(exc):
                raise
            first_error: FetchError | None = exc

        async def replay_then_attempt() -> T:
            nonlocal first_error
            if first_error is not None:
                error, first_error = first_error, None
                raise error
            return await attempt_once()

        retrying = AsyncRetrying(
            stop=stop_any(
                stop_after_attempt(settings.max_tries),
                StopOnLongRetryAfter(settings.max_retry_wait_secs),
                at_deadline,
            ),
            wait=backoff(settings.max_retry_wait_secs),
            retry=retry_if_exception(is_retryable),
            before_sleep=before_sleep,
            sleep=sleep,
            reraise=True,
        )
        return await retrying(replay_then_attempt)
    except FetchError as exc:
        if not isinstance(exc, (AddressRefused, DeadlineExceeded)):  # they say it themselves
            note_gave_up(exc, number, deadline, at_deadline=at_deadline.fired)
        raise


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After value (delay-seconds or HTTP-date), or None."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


def is_retryable(exc: BaseException) -> bool:
    """True for failures that may heal within a run: 5xx, 429, 408, network errors."""
    if isinstance(exc, NetworkError):
        # Retrying a slow transfer a second later would only repeat it; no time is left
        # after a spent deadline.
        return not isinstance(exc, (DeadlineExceeded, TransferTooSlow))
    if isinstance(exc, HTTPStatusError):
        return exc.status in (408, 429) or (exc.status >= 500 and exc.status not in PERMANENT_5XX)
    return False


def backoff(max_wait_secs: float) -> Callable[[RetryCallState], float]:
    """Tenacity's wait: Retry-After (plus jitter) if the server gave one, else full jitter."""

    def wait(state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, HTTPStatusError) and exc.retry_after_secs is not None:
            jitter = 1.0 + random.uniform(0.0, RETRY_AFTER_JITTER)
            return min(exc.retry_after_secs * jitter, max_wait_secs)
        # "Full jitter" spreads clients best per request sent.
        ceiling = BACKOFF_BASE_SECS * 2 ** (state.attempt_number - 1)
        return random.uniform(0.0, min(max_wait_secs, ceiling))

    return wait


def retry_after_of(state: RetryCallState) -> float | None:
    """The Retry-After of the failure tenacity is about to retry, if it had one."""
    exc = state.outcome.exception() if state.outcome else None
    return exc.retry_after_secs if isinstance(exc, HTTPStatusError) else None


class StopOnLongRetryAfter(stop_base):
    """Stop when the server asks for a longer wait than a run allows.

    Waiting less than asked would hit a server that just said it is overloaded; the error
    keeps ``retry_after_secs`` so the scheduler can come back in a later run.
    """

    def __init__(self, max_wait_secs: float) -> None:
        self.max_wait_secs = max_wait_secs

    def __call__(self, retry_state: RetryCallState) -> bool:
        retry_after = retry_after_of(retry_state)
        return retry_after is not None and retry_after > self.max_wait_secs


class StopAtDeadline(stop_base):
    """Stop when the coming wait would reach the deadline; remember that it did."""

    def __init__(self, deadline: Deadline) -> None:
        self.deadline = deadline
        self.fired = False

    def __call__(self, retry_state: RetryCallState) -> bool:
        if self.deadline.remaining() <= retry_state.upcoming_sleep:
            self.fired = True
        return self.fired


def note_gave_up(exc: FetchError, attempts: int, deadline: Deadline, *, at_deadline: bool) -> None:
    """Add to ``exc``'s message how many attempts were made, and why no more."""
    if attempts <= 1 and not at_deadline:
        return
    tries = f"{attempts} attempt{'s' if attempts != 1 else ''}"
    why = (
        f": another try would pass the total timeout of {secs(deadline.secs)} s"
        if at_deadline
        else ""
    )
    exc.args = (f"{exc} (gave up after {tries} in {secs(deadline.spent())} s{why})",)


def deadline_error(url: str, attempts: int, deadline: Deadline) -> DeadlineExceeded:
    """The error for an attempt cut at the deadline (or not started: none left)."""
    tries = f"{attempts} attempt{'s' if attempts != 1 else ''}"
    return DeadlineExceeded(
        url,
        f"{url}: no complete answer within the total timeout: "
        f"gave up after {tries} in {secs(deadline.secs)} s",
    )


def secs(value: float) -> str:
    """Seconds for a message: ``60``, ``7.3``."""
    return f"{round(value, 1):g}"
