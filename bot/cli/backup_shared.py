"""Backups of a replicated bot: the state in PostgreSQL goes in and out of an archive as the
files a single bot's state folder holds, so one archive format serves both, and a bot moves
from one machine to replicas (or back) by `export` on one and `import` on the other.

- `bot.sqlite3`, `sources.sqlite3`, `alerts.sqlite3`: SQLite databases of today's schema holding
  the tables' rows (the alerts' `seen` is `alert_seen` in PostgreSQL);
- `feeds.json`: the feed status, as FeedStateStore writes it.

What only replicas keep (rate limits, the update ledger, jobs, heartbeats) lives minutes and is
not archived.
"""

from __future__ import annotations

from pathlib import Path

from bot.settings import Settings
from bot.stores import feed_state
from bot.telegram.alert_store import FILE as ALERTS_FILE
from bot.telegram.alert_store import SEEN
from retrieval.statedb.database import Database
from retrieval.statedb.postgres import shared_database
from retrieval.statedb.sqlite import SqliteDatabase
from retrieval.web.feed_state import STATE_FILE as FEEDS_FILE
from retrieval.web.feed_state import FeedStateStore, read_statuses

# Archive member name -> its tables, in the order their rows are copied.
TABLES = {
    "bot.sqlite3": ("questions", "pages", "answers", "names", "feedback"),
    "sources.sqlite3": ("sources", "validators", "seen", "mirrors"),
    ALERTS_FILE: ("follows", "digests", "seen", "marks", "outbox"),
}
FILES = (*TABLES, FEEDS_FILE)
# PostgreSQL's counters, set past the rows
_IDENTITY = {"questions": "id", "names": "id", "outbox": "id", "follows": "rowid"}
_ORDERED = {"sources": "rowid", "follows": "rowid"}  # listed in the order they were followed


def _pg(settings: Settings) -> Database:
    assert settings.database is not None
    return shared_database(settings.database)


def _columns(db: Database, table: str) -> list[str]:
    if db.dialect == "sqlite":
        return [str(r[1]) for r in db.rows(f'PRAGMA table_info("{table}")')]
    return [str(r[0]) for r in db.rows(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ?"
        " AND table_schema = current_schema() ORDER BY ordinal_position", table)]


def _named(db: Database, member: str, table: str) -> str:
    """A table's name in `db`: PostgreSQL's one schema renames the alerts' `seen`."""
    return SEEN[db.dialect] if (member, table) == (ALERTS_FILE, "seen") else table


def _copy(source: Database, target: Database, member: str) -> None:
    """Every row of `member`'s tables, in the columns both sides have, into `target` (emptied
    first)."""
    with target.transaction() as tx:
        for table in TABLES[member]:
            theirs, ours = _named(source, member, table), _named(target, member, table)
            mine = set(_columns(target, ours))
            columns = [c for c in _columns(source, theirs) if c in mine]
            names = ", ".join(f'"{c}"' for c in columns)
            order = f" ORDER BY {_ORDERED[table]}" if table in _ORDERED else ""
            rows = source.rows(f'SELECT {names} FROM "{theirs}"{order}')
            tx.run(f'DELETE FROM "{ours}"')
            tx.many(f'INSERT INTO "{ours}" ({names}) VALUES ({", ".join("?" * len(columns))})',
                    rows)
            if table in _IDENTITY and target.dialect == "postgres":
                key = _IDENTITY[table]
                tx.rows(f"SELECT setval(pg_get_serial_sequence('{ours}', '{key}'),"
                        f" (SELECT COALESCE(MAX({key}), 0) + 1 FROM {ours}), false)")


def export_file(settings: Settings, name: str, out: Path) -> None:
    """Write the shared state's `name` (one of FILES) at `out`."""
    from bot.cli.restore_db import SCHEMAS

    if name == FEEDS_FILE:
        FeedStateStore(out.parent).replace(feed_state(settings).read())
        return
    SCHEMAS[name](out)  # today's schema, empty
    target = SqliteDatabase(out)
    try:
        _copy(_pg(settings), target, name)
    finally:
        target.close()


def holds_rows(settings: Settings, name: str) -> bool:
    """Whether restoring `name` would replace rows of the shared state."""
    if name == FEEDS_FILE:
        return bool(feed_state(settings).read())
    db = _pg(settings)
    _open_stores(settings)
    return any(db.rows(f'SELECT EXISTS (SELECT 1 FROM "{_named(db, name, t)}")')[0][0]
               for t in TABLES[name])


def restore_file(settings: Settings, name: str, staged: Path) -> None:
    """Put a checked archive file's rows in place of the shared state's (`name`, one of FILES)."""
    if name == FEEDS_FILE:
        feed_state(settings).replace(read_statuses(staged))
        return
    _open_stores(settings)
    source = SqliteDatabase(staged)
    try:
        _copy(source, _pg(settings), name)
    finally:
        source.close()


def _open_stores(settings: Settings) -> None:
    """Make the tables (a database no replica has started on yet has none)."""
    from bot.stores import alert_state, bot_state, source_state
    from bot.telegram.alert_store import AlertStore

    bot_state(settings)
    source_state(settings)
    AlertStore(alert_state(settings))
