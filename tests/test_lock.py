"""The run lock: no overlapping runs, no stale lock after a kill."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ingest.errors import LockedError
from ingest.lock import RunLock


def test_second_holder_is_refused_without_waiting(tmp_path: Path) -> None:
    db = tmp_path / "ingest.db"
    with RunLock(db):
        started = time.monotonic()
        with pytest.raises(LockedError, match=f"pid {os.getpid()}"), RunLock(db):
            pass
        assert time.monotonic() - started < 1
    with RunLock(db):
        pass


def test_lock_of_a_killed_process_never_blocks(tmp_path: Path) -> None:
    db = tmp_path / "ingest.db"
    code = (
        "import sys, time; from ingest.lock import RunLock\n"
        f"lock = RunLock({str(db)!r}).__enter__(); print('held', flush=True); time.sleep(60)\n"
    )
    with subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True) as child:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "held"
        with pytest.raises(LockedError), RunLock(db):
            pass
        child.send_signal(signal.SIGKILL)
        child.wait()
    with RunLock(db):
        pass
