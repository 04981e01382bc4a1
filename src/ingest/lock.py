"""The run lock: overlapping cron runs exit at once instead of piling up.

An advisory ``flock`` on a file beside the database. The kernel releases it when the
process dies, so a lock left by a run killed with SIGKILL never blocks the next run; and
a second run does not wait for the first (waiting "would allow a pileup", as Media Cloud's
rss-fetcher notes), it says so and exits.

A PostgreSQL database takes no lock file: runs on many machines share it, each source
under a lease (``store/leases.py``).
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from types import TracebackType

from ingest.errors import LockedError
from ingest.store.base import is_postgresql


class RunLock:
    """``with RunLock(db_path):`` holds the lock for the block or raises ``LockedError``."""

    def __init__(self, db_path: str | Path) -> None:
        self.path = Path(f"{db_path}.lock")
        self.shared = is_postgresql(db_path)
        self._fd: int | None = None

    def __enter__(self) -> RunLock:
        if self.shared:
            return self
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "unknown"
            os.close(fd)
            raise LockedError(
                f"another ingest run (pid {holder}) is using {self.path.with_suffix('')}; "
                "this run did nothing and will be picked up by the next one"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        self._fd = fd
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
