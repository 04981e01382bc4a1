"""The SQLite store: schema, migrations, queue and run bookkeeping."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest.errors import StoreError
from ingest.models import Candidate
from ingest.store import EndpointState, Store, compress_html, decompress_html


@pytest.fixture
def fresh_store(tmp_path: Path) -> Iterator[Store]:
    store = Store(tmp_path / "sub" / "ingest.db")
    yield store
    store.close()


def cand(url: str, source: str = "wasat") -> Candidate:
    return Candidate(source=source, url=url, method="feed", found_on="https://x.ly/rss")


def test_first_open_creates_folder_schema_and_wal(fresh_store: Store) -> None:
    tables = set(fresh_store.db.table_names())
    assert {"articles", "stories", "candidates", "endpoints", "runs", "pages"} <= tables
    assert "articles_fts" in tables
    assert set(fresh_store.db.view_names()) == {
        "latest_articles",
        "unique_stories",
        "source_health",
    }
    assert fresh_store.scalar("PRAGMA journal_mode") == "wal"
    indexes = {i.name for i in fresh_store.db.table("articles").indexes}
    assert "idx_articles_source_published" in indexes
    assert "idx_articles_published" in indexes


def test_reopening_applies_no_migration_twice(tmp_path: Path) -> None:
    Store(tmp_path / "a.db").close()
    store = Store(tmp_path / "a.db")
    from ingest.store import migrations

    applied = store.scalar("SELECT count(*) FROM _sqlite_migrations")
    assert applied == len(migrations.applied(store.db)) >= 2
    assert migrations.pending(store.db) == []
    store.close()


def test_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="cannot open the database"):
        Store(path)


def test_enqueue_skips_known_urls_and_saves_state(fresh_store: Store) -> None:
    state = EndpointState(url="https://x.ly/rss", source="wasat", kind="feed", etag='"a"')
    added = fresh_store.enqueue([cand("https://x.ly/1"), cand("https://x.ly/2")], state)
    assert added == 2
    assert fresh_store.enqueue([cand("https://x.ly/2"), cand("https://x.ly/3")], None) == 1
    assert fresh_store.endpoint("https://x.ly/rss") == state
    due = fresh_store.due_candidates(["wasat"], now="9999", limit_per_source=10)
    assert [q.candidate.url for q in due] == ["https://x.ly/1", "https://x.ly/2", "https://x.ly/3"]
    assert due[0].candidate == cand("https://x.ly/1")


def test_failed_candidates_wait_and_give_up(fresh_store: Store) -> None:
    fresh_store.enqueue([cand("https://x.ly/1"), cand("https://x.ly/2")], None)
    fresh_store.candidate_failed(
        "https://x.ly/1", reason="HTTP 503", next_attempt_at="2100-01-01T00:00:00Z", give_up=False
    )
    fresh_store.candidate_failed(
        "https://x.ly/2", reason="HTTP 404", next_attempt_at=None, give_up=True
    )
    assert (
        fresh_store.due_candidates(["wasat"], now="2099-01-01T00:00:00Z", limit_per_source=9) == []
    )
    rows = fresh_store.conn.execute(
        "SELECT url, state, reason, attempts FROM candidates"
    ).fetchall()
    assert ("https://x.ly/2", "failed", "HTTP 404", 1) in rows


def test_runs_left_running_by_a_killed_process_are_marked(fresh_store: Store) -> None:
    first = fresh_store.start_run("ingest fetch", pid=111)
    second = fresh_store.start_run("ingest fetch", pid=222)
    fresh_store.finish_run(second, "ok", {"new_articles": 3, "skip_reasons": {"no article": 1}})
    rows = dict(fresh_store.conn.execute("SELECT id, status FROM runs").fetchall())
    assert rows == {first: "interrupted", second: "ok"}
    assert fresh_store.scalar("SELECT skip_reasons FROM runs WHERE id = ?", [second]) == (
        '{"no article": 1}'
    )


def test_fetch_events_are_capped(fresh_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("ingest.store.MAX_FETCH_EVENTS", 5)
    event = {
        "at": "t",
        "url": "u",
        "host": "h",
        "attempt": 1,
        "status": 200,
        "error": None,
        "elapsed_ms": 1,
        "bytes": 9,
    }
    for _ in range(3):
        fresh_store.log_events(1, [event] * 4)
    assert fresh_store.scalar("SELECT count(*) FROM fetch_events") == 5


def test_transactions_roll_back_whole(fresh_store: Store) -> None:
    with pytest.raises(sqlite3.IntegrityError), fresh_store.transaction() as conn:
        conn.execute("INSERT INTO stories (first_seen, last_seen) VALUES ('a', 'b')")
        conn.execute("INSERT INTO stories (id, first_seen, last_seen) VALUES (1, 'a', 'b')")
    assert fresh_store.scalar("SELECT count(*) FROM stories") == 0


def test_html_round_trips_compressed() -> None:
    html = "<p>ليبيا</p>".encode() * 1000
    blob = compress_html(html)
    assert len(blob) < len(html) / 10
    assert decompress_html(blob) == html


def test_raw_html_older_than_the_retention_is_pruned(fresh_store: Store) -> None:
    with fresh_store.transaction() as conn:
        for article_id, fetched in ((1, "2020-01-01T00:00:00Z"), (2, "2999-01-01T00:00:00Z")):
            conn.execute(
                "INSERT INTO articles (id, source, url, fetched_at) VALUES (?, 's', ?, ?)",
                (article_id, f"https://x.ly/{article_id}", fetched),
            )
            conn.execute(
                "INSERT INTO pages (article_id, url, fetched_at, html) VALUES (?, 'u', ?, x'00')",
                (article_id, fetched),
            )
    assert fresh_store.prune_pages(None) == 0
    assert fresh_store.prune_pages(30) == 1
    assert fresh_store.scalar("SELECT group_concat(article_id) FROM pages") == "2"
    assert fresh_store.scalar("SELECT count(*) FROM articles") == 2
