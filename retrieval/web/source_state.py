"""What the bot remembers about followed sources, behind one small interface (`SourceState`).

Sources and their status, the validators of conditional GETs (with what was parsed from the
body they belong to), the article URLs each source has handled, and mirrors: URLs whose text
is stored under another URL. One SQLite file in the state folder today; the interface is what
another store (PostgreSQL) implements later.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal, Protocol

from retrieval.web.fetch import Validators

STATE_FILE = "sources.sqlite3"
# What became of an article URL a source listed: stored (added or already there), mirror (the
# same text is stored under another URL), older (listed beyond the backfill: never fetched),
# skipped (not an article: no text, robots, wrong type), failed (tried again on later polls).
SeenStatus = Literal["stored", "mirror", "older", "skipped", "failed"]
RETRIES = 3  # a failed article URL is tried on this many polls in all


@dataclass(frozen=True)
class Endpoint:
    """Where one kind of listing of a site is read."""

    kind: str  # "feed", "wordpress", "sitemap" or "listing"
    url: str


@dataclass(frozen=True)
class SourceStatus:
    """A followed site: what was found there and how its polls go; times are ISO 8601 UTC."""

    url: str
    endpoints: tuple[Endpoint, ...] = ()
    title: str | None = None
    added_at: str | None = None
    found: int = 0  # article URLs listed and handled
    indexed: int = 0  # of those, stored as articles
    last_poll: str | None = None
    last_success: str | None = None
    last_error: str | None = None  # the engine's message, None after a success
    error_code: str | None = None  # its code, for the words the edges say it in
    error_status: int = 0  # the HTTP status, when the error was one
    failures: int = 0  # polls failed in a row
    reported: bool = False  # the admins were told it keeps failing (once, until it recovers)
    next_poll: str | None = None

    @property
    def kind(self) -> str | None:
        return self.endpoints[0].kind if self.endpoints else None


class SourceState(Protocol):
    """The store the source poller needs; every method is safe from any thread."""

    def sources(self) -> list[SourceStatus]: ...
    def source(self, url: str) -> SourceStatus | None: ...
    def save_source(self, status: SourceStatus) -> None: ...
    def remove_source(self, url: str) -> bool: ...
    def validators(self, url: str) -> tuple[Validators, str | None]: ...
    def save_validators(self, url: str, validators: Validators, memo: str | None) -> None: ...
    def seen(self, source: str, url: str) -> bool: ...
    def mark(self, source: str, url: str, status: SeenStatus, article_id: str | None) -> None: ...
    def counts(self, source: str) -> tuple[int, int]: ...
    def add_mirror(self, url: str, article_id: str, kept_url: str | None) -> None: ...
    def mirrors(self, article_id: str) -> list[str]: ...


_SCHEMA = """
CREATE TABLE IF NOT EXISTS sources (url TEXT PRIMARY KEY, status TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS validators (
    url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, memo TEXT);
CREATE TABLE IF NOT EXISTS seen (
    source TEXT NOT NULL, url TEXT NOT NULL, status TEXT NOT NULL, article_id TEXT,
    attempts INTEGER NOT NULL DEFAULT 1, PRIMARY KEY (source, url));
CREATE TABLE IF NOT EXISTS mirrors (url TEXT PRIMARY KEY, article_id TEXT NOT NULL, kept_url TEXT);
"""


class SqliteSourceState:
    """`SourceState` in `<state_dir>/sources.sqlite3` (WAL: the bot and the CLI may share it)."""

    def __init__(self, state_dir: Path, name: str = STATE_FILE) -> None:
        state_dir.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(
            state_dir / name, check_same_thread=False, isolation_level=None, timeout=30
        )
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _rows(self, sql: str, args: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        with self._lock:
            return list(self._db.execute(sql, args).fetchall())

    def _run(self, sql: str, args: tuple[object, ...]) -> int:
        with self._lock:
            return int(self._db.execute(sql, args).rowcount)

    def sources(self) -> list[SourceStatus]:
        return [_status(str(r[0])) for r in self._rows("SELECT status FROM sources ORDER BY rowid")]

    def source(self, url: str) -> SourceStatus | None:
        rows = self._rows("SELECT status FROM sources WHERE url = ?", (url,))
        return _status(str(rows[0][0])) if rows else None

    def save_source(self, status: SourceStatus) -> None:
        found, indexed = self.counts(status.url)
        data = _dump(replace(status, found=found, indexed=indexed))
        self._run(
            "INSERT INTO sources (url, status) VALUES (?, ?)"
            " ON CONFLICT(url) DO UPDATE SET status = excluded.status",
            (status.url, data),
        )

    def remove_source(self, url: str) -> bool:
        return self._run("DELETE FROM sources WHERE url = ?", (url,)) > 0

    def validators(self, url: str) -> tuple[Validators, str | None]:
        rows = self._rows("SELECT etag, last_modified, memo FROM validators WHERE url = ?", (url,))
        if not rows:
            return Validators(), None
        etag, modified, memo = rows[0]
        return Validators(_text(etag), _text(modified)), _text(memo)

    def save_validators(self, url: str, validators: Validators, memo: str | None) -> None:
        self._run(
            "INSERT OR REPLACE INTO validators (url, etag, last_modified, memo) VALUES (?,?,?,?)",
            (url, validators.etag, validators.last_modified, memo),
        )

    def seen(self, source: str, url: str) -> bool:
        rows = self._rows(
            "SELECT status, attempts FROM seen WHERE source = ? AND url = ?", (source, url)
        )
        return bool(rows) and (rows[0][0] != "failed" or int(str(rows[0][1])) >= RETRIES)

    def mark(self, source: str, url: str, status: SeenStatus, article_id: str | None) -> None:
        self._run(
            "INSERT INTO seen (source, url, status, article_id) VALUES (?, ?, ?, ?)"
            " ON CONFLICT(source, url) DO UPDATE SET status = excluded.status,"
            " article_id = excluded.article_id, attempts = seen.attempts + 1",
            (source, url, status, article_id),
        )

    def counts(self, source: str) -> tuple[int, int]:
        """(found, indexed) for a source: article URLs handled, and those stored."""
        rows = self._rows(
            "SELECT COUNT(*), COALESCE(SUM(status = 'stored'), 0) FROM seen"
            " WHERE source = ? AND status != 'older'",
            (source,),
        )
        return int(str(rows[0][0])), int(str(rows[0][1]))

    def add_mirror(self, url: str, article_id: str, kept_url: str | None) -> None:
        self._run(
            "INSERT OR REPLACE INTO mirrors (url, article_id, kept_url) VALUES (?, ?, ?)",
            (url, article_id, kept_url),
        )

    def mirrors(self, article_id: str) -> list[str]:
        rows = self._rows(
            "SELECT url FROM mirrors WHERE article_id = ? ORDER BY url", (article_id,)
        )
        return [str(r[0]) for r in rows]


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _dump(status: SourceStatus) -> str:
    data = {k: v for k, v in status.__dict__.items() if k != "endpoints"}
    data["endpoints"] = [[e.kind, e.url] for e in status.endpoints]
    return json.dumps(data, ensure_ascii=False)


def _status(raw: str) -> SourceStatus:
    data = json.loads(raw)
    endpoints = tuple(Endpoint(str(k), str(u)) for k, u in data.pop("endpoints", []))
    known = set(SourceStatus.__dataclass_fields__)
    return SourceStatus(endpoints=endpoints, **{k: v for k, v in data.items() if k in known})
