"""Source health for ``ingest status`` and ``ingest sources list``: readable at a glance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ingest.clock import parse_iso, utc_now
from ingest.models import Config, Source
from ingest.store import Store


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
            )
        )
    return rows


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


def status_table(rows: list[SourceHealth]) -> str:
    """The ``ingest status`` table."""
    header = [
        "SOURCE",
        "HEALTH",
        "ENDPOINTS",
        "LAST OK",
        "NEXT",
        "ARTICLES",
        "LAST NEW",
        "QUEUED",
        "GAVE UP",
        "PROBLEM",
    ]
    body = [
        [
            row.source.id,
            row.health,
            f"{row.endpoints_ok}/{row.endpoints}",
            ago(row.last_success_at),
            ago(row.next_due_at),
            str(row.articles),
            ago(row.last_article_at),
            str(row.pending),
            str(row.given_up),
            (f"×{row.failure_count} {row.failure}" if row.failure else "")[:70],
        ]
        for row in rows
    ]
    return format_table(header, body)


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
