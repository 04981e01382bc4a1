"""Many workers on one PostgreSQL against one SQLite run, on a simulated landscape.

Run: ``.venv/bin/python bench/scale_out.py [--outlets 200] [--articles 8] [--latency 0.05]
[--delay 0.5] [--workers 1,2,4] [--repeat 1]``

The landscape (``tests/landscape``, generated WordPress and custom outlets, each on its own
port of 127.0.0.1, every answer delayed by ``--latency``) runs in a process of its own.
Each configuration starts from an empty database and runs ``ingest fetch`` in N worker
processes at once until all have finished: SQLite with one worker (the baseline, as cron
runs it today), then PostgreSQL (a throwaway cluster, ``tests/pgcluster.py``) with 1, 2
and 4. Reported per configuration:

- wall time, and the politeness bound: the most requests any one host received times
  the host delay (no schedule can be faster while keeping the delay);
- articles stored, and whether every article of the landscape is stored exactly once
  (as many rows as articles, every URL once), and if not, what was left in the queue and
  how many the next run (as cron would start it) brings;
- articles per second, and CPU seconds per article of the worker processes (user + system
  of the children; the PostgreSQL server's own CPU is not in it);
- database size per article (SQLite: the file with its WAL; PostgreSQL: its tables with
  their indexes and TOAST, without the few megabytes every empty database has);
- what coordination costs a worker: the median time of taking and giving back a source's
  lease, and of reserving a request's start on a host, against the same server.
"""

from __future__ import annotations

import argparse
import os
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.pgcluster import Cluster  # noqa: E402

from ingest.store import Store  # noqa: E402


@dataclass
class Result:
    """One configuration's run."""

    name: str
    workers: int
    wall_secs: float
    bound_secs: float
    articles: int
    unique_urls: int
    cpu_secs: float
    db_bytes: int
    left: str  # candidates not stored after the run, by state and reason
    after_next_run: int  # articles once the next run (as cron would start it) is done


def start_landscape(
    folder: Path, outlets: int, articles: int, latency: float
) -> tuple[subprocess.Popen[str], Path]:
    """The landscape in its own process; returns it and its sources.yaml."""
    config = folder / "sources.yaml"
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.landscape",
            "--write-config",
            str(config),
            "--outlets",
            str(outlets),
            "--articles",
            str(articles),
            "--latency",
            str(latency),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert server.stdout is not None
    for line in server.stdout:
        if line.startswith("wrote "):
            break
    return server, config


def bench_config(landscape_config: Path, folder: Path, delay: float) -> Path:
    """The landscape's sources with a host delay, as a real deployment would have."""
    config = yaml.safe_load(landscape_config.read_text(encoding="utf-8"))
    config["defaults"].update(host_delay=f"{delay}s", interval="1h", max_concurrency=16)
    path = folder / "bench.yaml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def run_workers(config: Path, db: str, workers: int) -> tuple[float, float]:
    """Wall and CPU seconds of N ``ingest fetch`` processes started together."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "ingest", "fetch", "--config", str(config), "--db", db, "-q"],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for _ in range(workers)
    ]
    for proc in procs:
        _, err = proc.communicate()
        if proc.returncode not in (0, 1):
            raise SystemExit(f"a worker failed: {err.decode()[-500:]}")
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def measure(name: str, config: Path, db: str, workers: int, delay: float) -> Result:
    wall, cpu = run_workers(config, db, workers)
    with Store(db, create=False) as store:
        articles = int(store.scalar("SELECT count(*) FROM articles"))
        unique = int(store.scalar("SELECT count(DISTINCT url) FROM articles"))
        busiest = int(
            store.scalar(
                "SELECT max(n) FROM (SELECT count(*) AS n FROM fetch_events GROUP BY host) AS h"
            )
            or 0
        )
        if store.dialect == "postgresql":
            size = int(
                store.scalar(
                    "SELECT sum(pg_total_relation_size(oid)) FROM pg_class"
                    " WHERE relkind = 'r' AND relnamespace = current_schema()::regnamespace"
                )
            )
        else:
            size = sum(p.stat().st_size for p in Path(db).parent.glob(Path(db).name + "*"))
        left = "; ".join(
            f"{n} {state} ({reason})"
            for state, reason, n in store.rows(
                "SELECT state, COALESCE(reason, ''), count(*) FROM candidates"
                " GROUP BY state, reason ORDER BY 3 DESC"
            )
        )
    run_workers(config, db, workers)  # the next run picks up what is left
    with Store(db, create=False) as store:
        after = int(store.scalar("SELECT count(*) FROM articles"))
    return Result(name, workers, wall, busiest * delay, articles, unique, cpu, size, left, after)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--outlets", type=int, default=200)
    parser.add_argument("--articles", type=int, default=8, help="per outlet")
    parser.add_argument("--latency", type=float, default=0.05, help="seconds per answer")
    parser.add_argument("--delay", type=float, default=0.5, help="host delay, seconds")
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    counts = [int(n) for n in args.workers.split(",")]
    expected = args.outlets * args.articles
    results: list[Result] = []
    with tempfile.TemporaryDirectory() as tmp, Cluster.start() as cluster:
        folder = Path(tmp)
        server, landscape_config = start_landscape(
            folder, args.outlets, args.articles, args.latency
        )
        try:
            config = bench_config(landscape_config, folder, args.delay)
            coordination = coordination_costs(cluster.new_database())
            for round_ in range(args.repeat):
                db = str(folder / f"sqlite-{round_}.db")
                results.append(measure("sqlite", config, db, 1, args.delay))
                for workers in counts:
                    db = cluster.new_database()
                    results.append(measure("postgresql", config, db, workers, args.delay))
        finally:
            server.send_signal(signal.SIGTERM)
            server.communicate(timeout=30)
    report(results, expected, args)
    print(
        f"coordination, median of {COORDINATION_OPS}: take + give back a lease"
        f" {coordination[0]:.2f} ms, reserve a host slot {coordination[1]:.2f} ms"
    )


COORDINATION_OPS = 500


def coordination_costs(url: str) -> tuple[float, float]:
    """Median milliseconds of a lease taken and given back, and of a host slot reserved."""
    leases, slots = [], []
    with Store(url) as store:
        for i in range(COORDINATION_OPS):
            started = time.perf_counter()
            store.take_source(f"s{i % 50}", "bench:1", 1, 60)
            store.release_source(f"s{i % 50}", "bench:1")
            leases.append(time.perf_counter() - started)
            started = time.perf_counter()
            store.reserve_host(f"h{i % 50}", 0.0)
            slots.append(time.perf_counter() - started)
    return 1000 * statistics.median(leases), 1000 * statistics.median(slots)


def report(results: list[Result], expected: int, args: argparse.Namespace) -> None:
    print(
        f"{args.outlets} outlets x {args.articles} articles = {expected}; latency"
        f" {args.latency}s, host delay {args.delay}s; {os.cpu_count()} cores,"
        f" load {os.getloadavg()[0]:.1f}"
    )
    print(
        "backend     workers  wall s  bound s  articles  once  art/s  cpu ms/art  bytes/art"
        "  speed-up"
    )
    base = statistics.median(r.wall_secs for r in results if r.name == "sqlite")
    for key in dict.fromkeys((r.name, r.workers) for r in results):
        group = [r for r in results if (r.name, r.workers) == key]
        wall = statistics.median(r.wall_secs for r in group)
        first = group[0]
        once = all(r.articles == r.unique_urls == expected for r in group)
        print(
            f"{key[0]:<11} {key[1]:>7} {wall:>7.1f} {first.bound_secs:>8.1f}"
            f" {first.articles:>9} {'yes' if once else 'NO':>5}"
            f" {first.articles / wall:>6.1f} {1000 * first.cpu_secs / max(first.articles, 1):>11.1f}"
            f" {first.db_bytes / max(first.articles, 1):>10.0f} {base / wall:>9.2f}"
        )
    for r in results:
        if r.left or r.after_next_run != r.articles:
            print(
                f"{r.name} x{r.workers}: left after the run: {r.left or 'nothing'};"
                f" after the next run {r.after_next_run} articles"
            )


if __name__ == "__main__":
    main()
