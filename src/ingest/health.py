"""Source health for ``ingest status`` and ``ingest sources list``: readable at a glance,
and never hiding the cause.

The default table cuts the problem at the terminal's width (with …), never before;
``wide`` puts the full cause on a line of its own; ``json`` and ``jsonl`` carry every
column, the full cause and ISO times, for scripts and monitoring.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ingest.clock import parse_iso, utc_now
from ingest.diagnosis import classify_message
from ingest.models import Config, Source
from ingest.report import fit
from ingest.store import Store

FORMATS = ("table", "json", "jsonl")
MIN_PROBLEM_WIDTH = 40  # a narrower PROBLEM column says too little: causes go below rows


@dataclass(frozen=True)
class SourceHealth:
    """One source's state, summarised from the endpoints, candidates and articles tables."""

    source: Source
    health: str  # ok | failing | never fetched | disabled
    endpoints_ok: int
    endpoints: int
    last_success_at: str | None
    failure: str | None  # the worst current endpoint error
    failure_count: int
    next_due_at: str | None
    articles: int
    last_article_at: str | None
    pending: int
    given_up: int
    failure_error: str | None = None  # the worst endpoint's error, in full
    failure_kind: str | None = None  # temporary | soft | hard
    failure_status: int | None = None  # its HTTP status, if it answered one
    last_attempt_at: str | None = None

    @property
    def problem(self) -> str:
        """``×3 HTTP 403 from https://... (hard)``, in full; empty when healthy."""
        return f"×{self.failure_count} {self.failure}" if self.failure else ""

    @property
    def cause(self) -> str | None:
        """The category of the current failure (``dns``, ``blocked``...: see diagnosis)."""
        if self.failure_error is None:
            return None
        return classify_message(self.failure_error, status=self.failure_status)


def source_health(store: Store, config: Config) -> list[SourceHealth]:
    """Health of every configured source (indexed lookups per source)."""
    rows = []
    for source in config.sources:
        states = store.endpoints(source.id)
        ok = [s for s in states if s.status in ("ok", "not-modified", "unchanged")]
        failing = sorted((s for s in states if s.status == "error"), key=lambda s: -s.failure_count)
        if not source.enabled:
            health = "disabled"
        elif not states:
            health = "never fetched"
        elif failing:
            health = "failing"
        else:
            health = "ok"
        worst = failing[0] if failing else None
        queue = store.queue_counts(source.id)
        count, last = store.source_articles(source.id)
        rows.append(
            SourceHealth(
                source=source,
                health=health,
                endpoints_ok=len(ok),
                endpoints=len(states),
                last_success_at=max((s.last_success_at or "" for s in states), default="") or None,
                failure=f"{worst.error} ({worst.failure_kind})" if worst else None,
                failure_count=worst.failure_count if worst else 0,
                next_due_at=min((s.next_due_at or "" for s in states), default="") or None,
                articles=int(count),
                last_article_at=last,
                pending=int(queue.get("pending", 0)),
                given_up=int(queue.get("failed", 0)),
                failure_error=worst.error if worst else None,
                failure_kind=worst.failure_kind if worst else None,
                failure_status=worst.http_status if worst else None,
                last_attempt_at=max((s.last_attempt_at or "" for s in states), default="") or None,
            )
        )
    return rows


def due_in(stamp: str | None, now: datetime | None = None) -> str:
    """``in 12m`` for a time to come; ``due`` once it has passed (the next run fetches it)."""
    if stamp and parse_iso(stamp) <= (now or utc_now()):
        return "due"
    return ago(stamp, now)


def ago(stamp: str | None, now: datetime | None = None) -> str:
    """``5m ago``, ``in 12m``, ``3d ago``, or ``-``."""
    if not stamp:
        return "-"
    delta = ((now or utc_now()) - parse_iso(stamp)).total_seconds()
    secs = abs(delta)
    if secs < 60:
        text = f"{int(secs)}s"
    elif secs < 3600:
        text = f"{int(secs // 60)}m"
    elif secs < 86400:
        text = f"{int(secs // 3600)}h"
    else:
        text = f"{int(secs // 86400)}d"
    return f"{text} ago" if delta >= 0 else f"in {text}"


def format_table(header: list[str], rows: list[list[str]]) -> str:
    """Left-aligned columns separated by two spaces."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in [header, *rows]
    ]
    return "\n".join(lines)


STATUS_HEADER = [
    "SOURCE",
    "HEALTH",
    "ENDPOINTS",
    "LAST OK",
    "NEXT",
    "ARTICLES",
    "LAST NEW",
    "QUEUED",
    "GAVE UP",
]


def status_table(
    rows: list[SourceHealth],
    *,
    wide: bool = False,
    width: int | None = None,
    now: datetime | None = None,
) -> str:
    """The ``ingest status`` table.

    On a terminal (``width``) the PROBLEM column is cut so that each line fits; when that
    would leave it under ``MIN_PROBLEM_WIDTH``, each cause goes on a line of its own under
    its source, cut at the width. ``wide`` puts every cause on its own line, uncut;
    without a width (a pipe, a file) nothing is cut.
    """
    body = [
        [
            row.source.id,
            row.health,
            f"{row.endpoints_ok}/{row.endpoints}",
            ago(row.last_success_at, now),
            due_in(row.next_due_at, now),
            str(row.articles),
            ago(row.last_article_at, now),
            str(row.pending),
            str(row.given_up),
        ]
        for row in rows
    ]
    problems = [row.problem for row in rows]
    if width is not None and not wide:
        widths = [max(len(c) for c in column) for column in zip(STATUS_HEADER, *body, strict=True)]
        room = width - sum(widths) - 2 * len(widths)
        if room < MIN_PROBLEM_WIDTH:
            return causes_below(body, [fit(f"    {p}", width) for p in problems])
        problems = [fit(problem, room) for problem in problems]
    if wide:
        return causes_below(body, [f"    {p}" for p in problems])
    return format_table(
        [*STATUS_HEADER, "PROBLEM"],
        [[*cells, problem] for cells, problem in zip(body, problems, strict=True)],
    )


def causes_below(body: list[list[str]], causes: list[str]) -> str:
    """The status table without its PROBLEM column, each cause on a line under its row."""
    table = format_table(STATUS_HEADER, body).splitlines()
    lines = [table[0]]
    for line, cause in zip(table[1:], causes, strict=True):
        lines.append(line)
        if cause.strip():
            lines.append(cause)
    return "\n".join(lines)


def status_rows(rows: list[SourceHealth]) -> list[dict[str, Any]]:
    """``ingest status`` as plain objects: every column, the full cause, ISO times."""
    return [
        {
            "source": row.source.id,
            "name": row.source.name,
            "enabled": row.source.enabled,
            "health": row.health,
            "endpoints_ok": row.endpoints_ok,
            "endpoints": row.endpoints,
            "last_success_at": row.last_success_at,
            "last_attempt_at": row.last_attempt_at,
            "next_due_at": row.next_due_at,
            "articles": row.articles,
            "last_article_at": row.last_article_at,
            "queued": row.pending,
            "gave_up": row.given_up,
            "problem": row.problem or None,
            "failure": row.failure_error,
            "failure_kind": row.failure_kind,
            "failure_count": row.failure_count,
            "http_status": row.failure_status,
            "cause": row.cause,
        }
        for row in rows
    ]


def to_format(objects: list[dict[str, Any]], fmt: str) -> str:
    """Objects as one JSON array (``json``) or one object a line (``jsonl``)."""
    if fmt == "json":
        return json.dumps(objects, ensure_ascii=False, indent=2)
    if fmt == "jsonl":
        return "\n".join(json.dumps(item, ensure_ascii=False) for item in objects)
    raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")


def render_status(
    rows: list[SourceHealth],
    fmt: str = "table",
    *,
    wide: bool = False,
    width: int | None = None,
    now: datetime | None = None,
) -> str:
    """``ingest status`` in ``fmt`` (table, json, jsonl); see ``status_table``."""
    if fmt == "table":
        return status_table(rows, wide=wide, width=width, now=now)
    return to_format(status_rows(rows), fmt)


def methods_of(source: Source) -> str:
    """The discovery methods a source uses, e.g. ``feed×2 sitemap wordpress``."""
    parts = []
    for name, count in (
        ("feed", len(source.feeds)),
        ("sitemap", len(source.sitemaps)),
        ("listing", len(source.listings)),
        ("wordpress", 1 if source.wordpress else 0),
    ):
        if count:
            parts.append(name if count == 1 else f"{name}×{count}")
    return " ".join(parts) or "-"


def interval_text(secs: int) -> str:
    """``15m``, ``2h``, ``1d``."""
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if secs % size == 0:
            return f"{secs // size}{unit}"
    return f"{secs}s"


def sources_rows(rows: list[SourceHealth]) -> list[dict[str, Any]]:
    """``ingest sources list`` as plain objects: every column, the full cause."""
    return [
        {
            "id": row.source.id,
            "name": row.source.name,
            "language": row.source.language,
            "methods": methods_of(row.source),
            "interval_secs": row.source.interval_secs,
            "every": interval_text(row.source.interval_secs),
            "enabled": row.source.enabled,
            "health": row.health,
            "articles": row.articles,
            "confidence": row.source.confidence,
            "problem": row.problem or None,
        }
        for row in rows
    ]


def render_sources(rows: list[SourceHealth], fmt: str = "table") -> str:
    """``ingest sources list`` in ``fmt`` (table, json, jsonl)."""
    if fmt == "table":
        return sources_table(rows)
    return to_format(sources_rows(rows), fmt)


def sources_table(rows: list[SourceHealth]) -> str:
    """The ``ingest sources list`` table."""
    header = ["ID", "NAME", "LANG", "METHODS", "EVERY", "HEALTH", "ARTICLES", "CONFIDENCE"]
    body = [
        [
            row.source.id,
            row.source.name,
            row.source.language or "-",
            methods_of(row.source),
            interval_text(row.source.interval_secs),
            row.health,
            str(row.articles),
            row.source.confidence or "-",
        ]
        for row in rows
    ]
    return format_table(header, body)
