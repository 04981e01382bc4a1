"""Many workers on one PostgreSQL: the same records as one SQLite run, every article once,
requests spaced through the shared host slots, a killed worker's sources taken over."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from ingest.errors import StoreError
from ingest.store import Store
from tests.landscape import Landscape

HOST_DELAY_SECS = 0.3
LEASE_SECS = 3


def ingest(*args: str) -> subprocess.Popen[bytes]:
    """``ingest`` in a process of its own, as a worker on another machine would run."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "ingest", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def split_config(land: Landscape, path: Path, *, delay: float, lease: float) -> Path:
    """Each outlet as two sources on one host (feeds; the rest), so that two workers can
    work one host at once and only the shared host slots keep them apart."""
    config = yaml.safe_load(land.config_yaml(rules=False))
    # max_concurrency 2: a worker works four sources at a time, so that the four share them.
    config["defaults"].update(
        host_delay=f"{delay}s", lease=f"{lease}s", interval="1h", max_concurrency=2
    )
    sources: list[dict[str, Any]] = []
    for source in config["sources"]:
        feeds = {k: source[k] for k in ("id", "name", "homepage", "language", "feeds")}
        rest = {k: v for k, v in source.items() if k != "feeds"}
        sources += [{**feeds, "id": source["id"] + "-feed"}, rest]
    config["sources"] = sources
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def stored(location: str) -> dict[str, tuple[Any, ...]]:
    with Store(location, create=False) as store:
        return {
            row[0]: row[1:]
            for row in store.rows(
                "SELECT url, headline, published_at, author, language, original_source_id"
                " FROM articles"
            )
        }


def run_all(*workers: subprocess.Popen[bytes]) -> None:
    for worker in workers:
        _, err = worker.communicate(timeout=300)
        assert worker.returncode in (0, 1), err.decode()


def test_four_workers_store_each_article_once_through_the_shared_host_slots(
    pg_url: str, tmp_path: Path
) -> None:
    with Landscape.generated(outlets=4, articles=20, latency_secs=0.02) as land:
        config = split_config(land, tmp_path / "split.yaml", delay=HOST_DELAY_SECS, lease=60)
        reference = str(tmp_path / "reference.db")
        run_all(ingest("fetch", "--config", str(config), "--db", reference))
        land.reset_log()
        run_all(*(ingest("fetch", "--config", str(config), "--db", pg_url) for _ in range(4)))
        hosts = {urlsplit(outlet.base_url).netloc for outlet in land.outlets}
    expected = {a.url for outlet in land.outlets for a in outlet.articles}
    shared, alone = stored(pg_url), stored(reference)
    assert set(shared) == set(alone) == expected
    assert shared == alone
    with Store(pg_url) as store:
        # Every host's requests were spaced through the shared slots (how the slots space
        # them: tests/test_leases.py, without timing anything).
        assert {host for (host,) in store.rows("SELECT host FROM host_slots")} == hosts
        workers = store.rows("SELECT DISTINCT worker FROM runs")
        assert len(workers) == 4
        assert not store.lease_holders()  # every lease given back


def test_a_killed_worker_loses_nothing_and_its_sources_are_taken_over(
    pg_url: str, tmp_path: Path
) -> None:
    with Landscape.generated(outlets=4, articles=12, latency_secs=0.05) as land:
        config = split_config(land, tmp_path / "split.yaml", delay=0.2, lease=LEASE_SECS)
        victim = ingest("fetch", "--config", str(config), "--db", pg_url)
        # Killed once it has stored something and holds leases: the progress it shows.
        for _ in range(3000):
            if _progress(pg_url) or victim.poll() is not None:
                break
            time.sleep(0.05)
        assert victim.poll() is None, "the worker finished before it could be killed"
        victim.send_signal(signal.SIGKILL)
        victim.communicate()
        killed_at = time.monotonic()
        with Store(pg_url) as store:
            before = store.scalar("SELECT count(*) FROM articles")
            held = store.lease_holders()
        assert held  # the dead worker's leases are still there, until they expire
        # Another worker: sources still leased are left alone until the lease runs out.
        for _ in range(20):
            run_all(ingest("fetch", "--config", str(config), "--db", pg_url))
            with Store(pg_url) as store:
                count = store.scalar("SELECT count(*) FROM articles")
                if count == len({a.url for o in land.outlets for a in o.articles}):
                    break
                time.sleep(LEASE_SECS / 2)
        # A run whose heartbeat is two leases old is recorded as interrupted by the next.
        time.sleep(max(0.0, killed_at + 2 * LEASE_SECS + 1 - time.monotonic()))
        run_all(ingest("fetch", "--config", str(config), "--db", pg_url))
    assert before < count
    assert set(stored(pg_url)) == {a.url for o in land.outlets for a in o.articles}
    with Store(pg_url) as store:
        statuses = [status for (status,) in store.rows("SELECT status FROM runs ORDER BY id")]
    assert statuses[0] == "interrupted"
    assert set(statuses[1:]) <= {"ok", "partial"}


def _progress(location: str) -> bool:
    """True once the worker has stored an article and holds a lease."""
    try:
        with Store(location, create=False) as store:
            return bool(store.scalar("SELECT count(*) FROM articles") and store.lease_holders())
    except StoreError:  # the worker has not created the schema yet
        return False
