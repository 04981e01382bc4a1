"""The store: schema, migrations, queue and run bookkeeping (the queue, runs and
transactions on SQLite and PostgreSQL)."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest.clock import parse_iso
from ingest.errors import StoreError
from ingest.models import Candidate
from ingest.store import EndpointState, Store, compress_html, decompress_html
from ingest.store.base import PRAGMAS


@pytest.fixture
def fresh_store(tmp_path: Path) -> Iterator[Store]:
    store = Store(tmp_path / "sub" / "ingest.db")
    yield store
    store.close()


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    opened = Store(db_url)
    yield opened
    opened.close()


def test_both_backends_have_the_same_tables_views_and_columns(
    fresh_store: Store, pg_url: str
) -> None:
    with Store(pg_url) as pg:
        assert pg.table_names() == fresh_store.table_names() - {"_sqlite_migrations"}
        assert pg.view_names() == fresh_store.view_names()
        for name in sorted(pg.table_names() | pg.view_names()):
            extra = ["exact_doc", "stems_doc"] if name == "articles_fts" else []
            sqlite_columns = fresh_store.column_names(name)
            if name == "articles_fts":
                sqlite_columns = ["rowid", *sqlite_columns, *extra]
            assert pg.column_names(name) == sqlite_columns, name
            assert pg.index_names(name) == fresh_store.index_names(name) | (
                {"idx_articles_fts_exact", "idx_articles_fts_stems"} if extra else set()
            ), name


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
        "copies",
        "tripoli_days",
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
    assert applied == len(migrations.applied(store.db)) >= 3
    assert migrations.pending(store.db) == []
    store.close()


def test_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not a database"):
        Store(path)


def test_enqueue_skips_known_urls_and_saves_state(store: Store) -> None:
    state = EndpointState(url="https://x.ly/rss", source="wasat", kind="feed", etag='"a"')
    added = store.enqueue([cand("https://x.ly/1"), cand("https://x.ly/2")], state)
    assert added == 2
    assert store.enqueue([cand("https://x.ly/2"), cand("https://x.ly/3")], None) == 1
    assert store.endpoint("https://x.ly/rss") == state
    due = store.due_candidates(["wasat"], now="9999", limit_per_source=10)
    assert [q.candidate.url for q in due] == ["https://x.ly/1", "https://x.ly/2", "https://x.ly/3"]
    assert due[0].candidate == cand("https://x.ly/1")


def test_failed_candidates_wait_and_give_up(store: Store) -> None:
    store.enqueue([cand("https://x.ly/1"), cand("https://x.ly/2")], None)
    store.candidate_failed(
        "https://x.ly/1", reason="HTTP 503", next_attempt_at="2100-01-01T00:00:00Z", give_up=False
    )
    store.candidate_failed("https://x.ly/2", reason="HTTP 404", next_attempt_at=None, give_up=True)
    assert store.due_candidates(["wasat"], now="2099-01-01T00:00:00Z", limit_per_source=9) == []
    rows = store.rows("SELECT url, state, reason, attempts FROM candidates")
    assert ("https://x.ly/2", "failed", "HTTP 404", 1) in rows


def test_runs_left_running_by_a_killed_process_are_marked(store: Store) -> None:
    first = store.start_run("ingest fetch", pid=111)
    second = store.start_run("ingest fetch", pid=222)
    store.finish_run(second, "ok", {"new_articles": 3, "skip_reasons": {"no article": 1}})
    rows: dict[int, str] = dict(store.rows("SELECT id, status FROM runs"))
    assert rows == {first: "interrupted", second: "ok"}
    assert store.scalar("SELECT skip_reasons FROM runs WHERE id = ?", [second]) == (
        '{"no article": 1}'
    )


def test_fetch_events_are_capped(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("ingest.store.queue.MAX_FETCH_EVENTS", 5)
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
        store.log_events(1, [event] * 4)
    assert store.scalar("SELECT count(*) FROM fetch_events") == 5


def test_transactions_roll_back_whole(store: Store) -> None:
    with pytest.raises(StoreError, match=r"(?i)unique"), store.transaction() as conn:
        conn.execute("INSERT INTO stories (first_seen, last_seen) VALUES ('a', 'b')")
        conn.execute("INSERT INTO stories (id, first_seen, last_seen) VALUES (1, 'a', 'b')")
    assert store.scalar("SELECT count(*) FROM stories") == 0


def test_html_round_trips_compressed() -> None:
    html = "<p>ليبيا</p>".encode() * 1000
    blob = compress_html(html)
    assert len(blob) < len(html) / 10
    assert decompress_html(blob) == html


def test_raw_html_older_than_the_retention_is_pruned(store: Store) -> None:
    with store.transaction() as conn:
        for article_id, fetched in ((1, "2020-01-01T00:00:00Z"), (2, "2999-01-01T00:00:00Z")):
            conn.execute(
                "INSERT INTO articles (id, source, url, fetched_at) VALUES (?, 's', ?, ?)",
                (article_id, f"https://x.ly/{article_id}", fetched),
            )
            conn.execute(
                "INSERT INTO pages (article_id, url, fetched_at, html) VALUES (?, 'u', ?, ?)",
                (article_id, fetched, b"\0"),
            )
    assert store.prune_pages(None) == 0
    assert store.prune_pages(30) == 1
    assert store.rows("SELECT article_id FROM pages") == [(2,)]
    assert store.scalar("SELECT count(*) FROM articles") == 2


RELEASE_DB = Path(__file__).parent / "fixtures" / "release-0.1.db"
RELEASE_CONFIG = Path(__file__).parent / "fixtures" / "release-0.1.yaml"
KEPT_TABLES = ("articles", "stories", "pages", "candidates", "endpoints", "runs", "fetch_events")


def test_a_release_0_1_database_upgrades_in_place_losing_nothing(tmp_path: Path) -> None:
    from ingest.config import load_config
    from ingest.originals import OutletIndex
    from ingest.query import search
    from ingest.reextract import fill_local_dates

    db = tmp_path / "ingest.db"
    shutil.copyfile(RELEASE_DB, db)
    with sqlite3.connect(db) as old:
        before = {t: old.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in KEPT_TABLES}
        texts = old.execute("SELECT id, url, headline, body, published_at FROM articles").fetchall()
    store = Store(db)
    assert store.upgraded
    assert {t: store.scalar(f"SELECT count(*) FROM {t}") for t in KEPT_TABLES} == before
    assert store.rows("SELECT id, url, headline, body, published_at FROM articles") == texts
    # the search index was rebuilt with stems: a bare word finds its clitic forms
    hits = search(store, "كهرباء", all_copies=True)
    assert hits and all("الكهرباء" in (h.snippet + (h.headline or "")) for h in hits)
    # the page's own dates, read again from the stored pages
    config = load_config(RELEASE_CONFIG)
    assert fill_local_dates(store, config) == before["articles"]
    assert store.count_without_local_dates() == 0
    # remembered: later runs do not scan the articles table for it again
    assert store.scalar("SELECT value FROM _ingest_meta WHERE key = 'local_dates'") == "filled"
    local = store.rows("SELECT published_at, published_local, published_precision FROM articles")
    assert all(row[1] for row in local)
    assert sum(row[2] is not None for row in local) >= len(local) * 0.9
    for utc, stamp, precision in local:
        if precision in ("minute", "second"):
            assert parse_iso(stamp) == parse_iso(utc)
    # copies joined to the configured outlets they came from
    index = OutletIndex.build(config.sources)
    store.sync_sources(config.sources, lambda n, u, own: index.resolve(n, u, exclude=own))
    joined: dict[str, int] = dict(
        store.rows(
            "SELECT original_source_id, count(*) FROM articles"
            " WHERE original_source IS NOT NULL GROUP BY 1"
        )
    )
    assert joined.get("wasat") == 10 and joined.get("lana") == 12 and joined.get("saa24") == 2
    store.close()
    assert not Store(db).upgraded  # the second open has nothing left to do


def test_a_full_disk_is_one_clear_error_and_keeps_what_was_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(tmp_path / "ingest.db")
    store.enqueue([cand("https://x.ly/1")], None)
    pages = int(store.scalar("PRAGMA page_count"))
    store.close()
    monkeypatch.setattr("ingest.store.base.PRAGMAS", [*PRAGMAS, f"max_page_count = {pages}"])
    store = Store(tmp_path / "ingest.db")
    big = [cand(f"https://x.ly/{'n' * 2000}/{i}") for i in range(200)]
    with pytest.raises(StoreError) as caught:
        store.enqueue(big, None)
    message = str(caught.value)
    assert "full" in message and "free some disk space" in message and "\n" not in message
    assert [
        q.candidate.url for q in store.due_candidates(["wasat"], now="9", limit_per_source=9)
    ] == ["https://x.ly/1"]
    store.close()


def test_read_commands_do_not_create_a_database(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no database at"):
        Store(tmp_path / "typo" / "ingest.db", create=False)
    assert not (tmp_path / "typo").exists()


def test_sources_mirror_the_configuration(fresh_store: Store) -> None:
    from ingest.models import Source

    lana = Source(id="lana", name="وكالة الأنباء الليبية", homepage="https://lana.gov.ly/")
    wasat = Source(id="wasat", name="بوابة الوسط", homepage="https://alwasat.ly/")
    resolve = lambda name, url, own: None  # noqa: E731
    assert fresh_store.sync_sources([lana, wasat], resolve)
    assert not fresh_store.sync_sources([lana, wasat], resolve)  # nothing changed
    assert fresh_store.sync_sources([wasat], resolve)
    rows = {row["id"]: row for row in fresh_store.configured_sources()}
    assert rows["lana"]["configured"] == 0 and rows["wasat"]["configured"] == 1
    assert rows["wasat"]["hosts"] and "alwasat.ly" in str(rows["wasat"]["hosts"])


def test_a_new_stemmer_rebuilds_the_search_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copyfile(RELEASE_DB, tmp_path / "ingest.db")
    Store(tmp_path / "ingest.db").close()
    with sqlite3.connect(tmp_path / "ingest.db") as conn:
        conn.execute("DELETE FROM articles_fts")  # as if built by another stemmer
    monkeypatch.setattr("ingest.terms.STEMS_VERSION", 99)
    store = Store(tmp_path / "ingest.db")
    assert store.scalar("SELECT count(*) FROM articles_fts") == store.scalar(
        "SELECT count(*) FROM articles"
    )
    assert store.scalar("SELECT value FROM _ingest_meta WHERE key = 'stems_version'") == "99"
    store.close()


def test_crossed_transactions_are_told_apart_and_a_filing_runs_again(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A real deadlock on PostgreSQL: each of two writers holds the row the other wants.
    The one PostgreSQL undoes gets ConflictError (run it again), not a failed run."""
    import threading

    from ingest.errors import ConflictError

    first, second = Store(pg_url), Store(pg_url)
    with first.transaction() as conn:
        one, two = (
            conn.execute(
                "INSERT INTO stories (first_seen, last_seen) VALUES ('a', 'a') RETURNING id"
            ).fetchone()[0]
            for _ in range(2)
        )
    both_hold = threading.Barrier(2, timeout=30)
    outcomes: list[str] = []

    def writer(store: Store, mine: int, theirs: int) -> None:
        try:
            with store.transaction() as conn:
                conn.execute("UPDATE stories SET headline = 'x' WHERE id = ?", (mine,))
                both_hold.wait()
                conn.execute("UPDATE stories SET headline = 'y' WHERE id = ?", (theirs,))
            outcomes.append("committed")
        except ConflictError:
            outcomes.append("conflict")

    threads = [
        threading.Thread(target=writer, args=(first, one, two)),
        threading.Thread(target=writer, args=(second, two, one)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["committed", "conflict"]
    # file_article runs a filing again when it was the one undone.
    calls: list[int] = []
    filed = Store._file

    def crossed_once(self: Store, row: object) -> str:
        calls.append(1)
        if len(calls) == 1:
            raise ConflictError("deadlock detected")
        return filed(self, row)  # type: ignore[arg-type]

    monkeypatch.setattr(Store, "_file", crossed_once)
    from ingest.models import Article
    from ingest.writer import prepare

    article = Article(url="https://x.ly/1", headline="خبر", body="نص الخبر " * 30)
    assert first.file_article(prepare("wasat", cand("https://x.ly/1"), None, article)) == "new"
    assert len(calls) == 2
    first.close()
    second.close()
