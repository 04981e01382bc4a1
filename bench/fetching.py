"""Fetch benchmark: ~50 outlets × 40 articles with injected latency, three ways, one run.

    .venv/bin/python bench/fetching.py [--outlets 50] [--articles 40] [--latency 0.1]

1. ``ingest fetch`` with the default politeness (2 requests in flight and ≥ 1 s between
   request starts per host);
2. the politeness bound: the least wall time those per-host limits allow, computed from
   the requests each host actually served (n requests need ≥ (n − 1) × delay + latency);
3. a naive sequential fetch: the same ``ingest fetch`` with one request at a time and no
   delay (the same extraction and storage, so only the scheduling differs).

Each ``ingest fetch`` runs as a child process so that its CPU seconds and peak RSS are its
own (``resource.getrusage(RUSAGE_CHILDREN)``).
"""

from __future__ import annotations

import argparse
import platform
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.landscape import Landscape

DELAY_SECS = 1.0


def run_fetch(config: Path, db: Path) -> tuple[float, float, int, str]:
    """Run ``ingest fetch --force``; return wall secs, CPU secs, peak RSS KiB, summary."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "ingest",
            "fetch",
            "--force",
            "--config",
            str(config),
            "--db",
            str(db),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss, done.stdout.strip().splitlines()[-1]


def count_articles(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--outlets", type=int, default=50)
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--skip-sequential", action="store_true")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="ingest-bench-"))
    with Landscape.generated(
        outlets=args.outlets, articles=args.articles, latency_secs=args.latency
    ) as land:
        polite = land.write_config(
            folder / "polite.yaml",
            defaults={"host_concurrency": 2, "host_delay": f"{DELAY_SECS}s", "max_concurrency": 64},
        )
        land.reset_log()
        wall, cpu, rss, summary = run_fetch(polite, folder / "polite.db")
        per_host = Counter(r.outlet_id for r in land.requests)
        stored = count_articles(folder / "polite.db")
        bound = max((n - 1) * DELAY_SECS + args.latency for n in per_host.values())

        sequential = None
        if not args.skip_sequential:
            naive = land.write_config(
                folder / "naive.yaml",
                defaults={"host_concurrency": 1, "host_delay": "0s", "max_concurrency": 1},
            )
            sequential = run_fetch(naive, folder / "naive.db")

    print(
        f"machine: {platform.machine()}, {platform.python_implementation()} "
        f"{platform.python_version()}, {platform.system()} {platform.release()}"
    )
    print(
        f"landscape: {args.outlets} outlets x {args.articles} articles, "
        f"latency {args.latency * 1000:.0f} ms, requests {sum(per_host.values())}"
    )
    print(f"polite run: {summary}")
    print(f"{'':28}{'wall s':>8}{'ratio':>8}")
    print(f"{'politeness bound':28}{bound:8.1f}{1.0:8.2f}")
    print(f"{'ingest fetch (polite)':28}{wall:8.1f}{wall / bound:8.2f}")
    if sequential is not None:
        print(f"{'naive sequential':28}{sequential[0]:8.1f}{sequential[0] / bound:8.2f}")
        print(f"speed-up over sequential: {sequential[0] / wall:.1f}x")
    print(
        f"articles stored: {stored}; CPU s per article: {cpu / max(stored, 1):.4f}; "
        f"peak RSS: {rss / 1024:.0f} MB"
    )


if __name__ == "__main__":
    main()
