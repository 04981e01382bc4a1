"""Serve the landscape by hand: ``python -m tests.landscape --write-config PATH``.

Example::

    .venv/bin/python -m tests.landscape --write-config /tmp/land/sources.yaml
    .venv/bin/ingest fetch --config /tmp/land/sources.yaml   # in another shell
"""

from __future__ import annotations

import argparse
import signal
import threading

from tests.landscape import Landscape


def main(argv: list[str] | None = None) -> None:
    """Start the landscape, write its sources.yaml, print the outlets, serve until Ctrl-C."""
    parser = argparse.ArgumentParser(prog="python -m tests.landscape", description=main.__doc__)
    parser.add_argument(
        "--write-config", metavar="PATH", required=True, help="where to write sources.yaml"
    )
    parser.add_argument(
        "--outlets", default="default", help="'default' or a number of generated outlets"
    )
    parser.add_argument("--articles", type=int, default=40, help="articles per generated outlet")
    parser.add_argument(
        "--latency", type=float, default=0.0, help="seconds added before every answer"
    )
    args = parser.parse_args(argv)
    if args.outlets == "default":
        land = Landscape.default(latency_secs=args.latency)
    else:
        land = Landscape.generated(
            outlets=int(args.outlets), articles=args.articles, latency_secs=args.latency
        )
    with land:
        path = land.write_config(args.write_config)
        for outlet in land.outlets:
            print(
                f"{outlet.id:10} {outlet.style:10} {outlet.base_url}  ({len(outlet.articles)} articles)"
            )
        print(f"wrote {path}; serving until Ctrl-C", flush=True)
        done = threading.Event()
        # SIGTERM too: a shell starting this with "&" ignores SIGINT for it.
        signal.signal(signal.SIGTERM, lambda signum, frame: done.set())
        try:
            done.wait()
        except KeyboardInterrupt:
            pass
        print("stopping")


if __name__ == "__main__":
    main()
