"""What handing out work costs: our source leases against procrastinate's jobs.

Run: ``.venv/bin/pip install procrastinate && .venv/bin/python bench/queue_choice.py
[--units 500] [--runs 5]``

Both against the same throwaway PostgreSQL (``tests/pgcluster.py``), one process, units of
work that do nothing, so that only the coordination is timed:

- leases: ``Store.take_source`` then ``Store.release_source`` per unit (what a worker
  does per source it works);
- procrastinate: ``defer`` a job per unit (what a scheduler would do per due source),
  then one worker (``run_worker(wait=False)``) fetches, runs and finishes them all.

Reported: milliseconds per unit, median over the runs, and the ratio. procrastinate is
not a dependency of ingest; this script says so and stops when it is missing.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.pgcluster import Cluster

from ingest.store import Store


def leases(url: str, units: int) -> float:
    """Seconds to take and give back ``units`` leases."""
    with Store(url) as store:
        started = time.perf_counter()
        for i in range(units):
            store.take_source(f"source-{i}", "bench:1", 1, 60)
            store.release_source(f"source-{i}", "bench:1")
        return time.perf_counter() - started


def _nothing(source: str) -> None:
    """A unit of work that does nothing."""


def jobs(url: str, units: int) -> float:
    """Seconds to defer ``units`` procrastinate jobs and have one worker run them all."""
    import procrastinate

    app = procrastinate.App(connector=procrastinate.SyncPsycopgConnector(conninfo=url))

    noop = app.task(name="noop")(_nothing)
    with app.open():
        app.schema_manager.apply_schema()
        started = time.perf_counter()
        for i in range(units):
            noop.defer(source=f"source-{i}")
    worker_app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=url))
    worker_app.tasks = app.tasks
    with worker_app.open():
        worker_app.run_worker(wait=False, install_signal_handlers=False, listen_notify=False)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    try:
        import procrastinate  # noqa: F401
    except ImportError:
        raise SystemExit(
            "procrastinate is not installed: .venv/bin/pip install procrastinate"
        ) from None
    logging.getLogger("procrastinate").setLevel(logging.ERROR)  # its notes on app placement
    ours, theirs = [], []
    with Cluster.start() as cluster:
        for _ in range(args.runs):  # alternating, each on a fresh database
            ours.append(leases(cluster.new_database(), args.units) / args.units)
            theirs.append(jobs(cluster.new_database(), args.units) / args.units)
    lease_ms, job_ms = 1000 * statistics.median(ours), 1000 * statistics.median(theirs)
    print(f"{args.units} units, median of {args.runs} runs (ms per unit)")
    print(f"leases (take + give back)           {lease_ms:7.3f}")
    print(f"procrastinate (defer + run + finish) {job_ms:7.3f}   {job_ms / lease_ms:.1f}x")


if __name__ == "__main__":
    main()
