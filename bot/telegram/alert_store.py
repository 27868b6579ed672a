"""What alerts remember, in `alerts.sqlite3` in the state folder: follows, digests, the articles
already seen, and the outbox of messages to send.

The outbox is rows claimed, then marked sent (a later move to PostgreSQL claims them with
`FOR UPDATE SKIP LOCKED`). A chat gets one row per key (one article, one digest) ever, so a
match found twice, or after a restart, is never sent twice. A row claimed by a process that
died before marking it is not sent again: it may have arrived (see `abandon_stale`).
"""

from __future__ import annotations

import secrets
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.telegram.state import open_state

FILE = "alerts.sqlite3"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS follows (
    chat_id INTEGER NOT NULL, key TEXT NOT NULL, follow TEXT NOT NULL,
    thread_id INTEGER NOT NULL DEFAULT 0, lang TEXT NOT NULL, added_at REAL NOT NULL,
    PRIMARY KEY (chat_id, key)
);
CREATE TABLE IF NOT EXISTS digests (
    chat_id INTEGER PRIMARY KEY, minute INTEGER NOT NULL, thread_id INTEGER NOT NULL DEFAULT 0,
    lang TEXT NOT NULL, since REAL NOT NULL, next_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS seen (article_id TEXT PRIMARY KEY, seen_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS marks (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT, chat_id INTEGER NOT NULL, key TEXT NOT NULL,
    thread_id INTEGER NOT NULL DEFAULT 0, text TEXT NOT NULL, created_at REAL NOT NULL,
    not_before REAL NOT NULL DEFAULT 0, claimed_by TEXT, claimed_at REAL,
    sent_at REAL, outcome TEXT,
    UNIQUE (chat_id, key)
);
CREATE INDEX IF NOT EXISTS outbox_pending ON outbox(sent_at, claimed_by, id);
CREATE INDEX IF NOT EXISTS seen_at ON seen(seen_at);
"""


@dataclass(frozen=True)
class Follow:
    chat_id: int
    key: str  # the follow's folded words: "khofifah" for "Khofifah" and "KHOFIFAH"
    follow: str  # as the user wrote it
    thread_id: int  # the forum topic it was asked in (0: none)
    lang: str


@dataclass(frozen=True)
class Digest:
    chat_id: int
    minute: int  # local minute of the day (0-1439) it is sent at
    thread_id: int
    lang: str
    since: float  # epoch seconds: articles seen after this are new to it
    next_at: float  # epoch seconds of the next digest


@dataclass(frozen=True)
class Outgoing:
    """A message to send: one per (chat, key) ever."""

    chat_id: int
    key: str  # "a:<article id>" an alert, "d:<epoch>" a digest
    text: str  # Telegram HTML
    thread_id: int = 0


@dataclass(frozen=True)
class Claimed:
    id: int
    chat_id: int
    thread_id: int
    text: str


class AlertStore:
    """One SQLite file; safe to call from any thread."""

    def __init__(self, path: Path) -> None:
        self._lock = threading.Lock()
        self._db = open_state(path, _SCHEMA)
        self.token = secrets.token_hex(8)  # this process's claims

    @classmethod
    def in_folder(cls, state_dir: Path) -> AlertStore:
        return cls(state_dir / FILE)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def _all(self, sql: str, *params: object) -> list[Any]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    # ----- follows -----
    def add_follow(self, follow: Follow, now: float, limit: int) -> bool | None:
        """True when added, False when the chat follows it already, None at the chat's limit."""
        with self._tx() as db:
            if db.execute("SELECT 1 FROM follows WHERE chat_id = ? AND key = ?",
                          (follow.chat_id, follow.key)).fetchone():
                return False
            count = db.execute("SELECT count(*) FROM follows WHERE chat_id = ?",
                               (follow.chat_id,)).fetchone()[0]
            if count >= limit:
                return None
            db.execute("INSERT INTO follows VALUES (?, ?, ?, ?, ?, ?)", (
                follow.chat_id, follow.key, follow.follow, follow.thread_id, follow.lang, now))
        return True

    def remove_follow(self, chat_id: int, key: str | None) -> int:
        """Stop following `key` (every follow of the chat when None); how many were removed."""
        with self._lock:
            if key is None:
                cur = self._db.execute("DELETE FROM follows WHERE chat_id = ?", (chat_id,))
            else:
                cur = self._db.execute(
                    "DELETE FROM follows WHERE chat_id = ? AND key = ?", (chat_id, key))
            return int(cur.rowcount)

    def follows(self, chat_id: int | None = None) -> list[Follow]:
        """A chat's follows in the order added (every chat's when None)."""
        where, params = ("WHERE chat_id = ?", (chat_id,)) if chat_id is not None else ("", ())
        rows = self._all(f"SELECT chat_id, key, follow, thread_id, lang FROM follows {where} "
                         "ORDER BY added_at, rowid", *params)
        return [Follow(int(c), str(k), str(f), int(t), str(la))
                for c, k, f, t, la in rows]

    def forget_chat(self, chat_id: int) -> int:
        """A chat that blocked the bot: its follows, digest and unsent messages go."""
        with self._tx() as db:
            gone = db.execute("DELETE FROM follows WHERE chat_id = ?", (chat_id,)).rowcount
            db.execute("DELETE FROM digests WHERE chat_id = ?", (chat_id,))
            db.execute("UPDATE outbox SET sent_at = 0, outcome = 'blocked' "
                       "WHERE chat_id = ? AND sent_at IS NULL", (chat_id,))
        return int(gone)

    # ----- digests -----
    def set_digest(self, digest: Digest) -> None:
        with self._lock:
            self._db.execute(
                "INSERT INTO digests VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(chat_id) DO UPDATE "
                "SET minute = excluded.minute, thread_id = excluded.thread_id, "
                "lang = excluded.lang, next_at = excluded.next_at",
                (digest.chat_id, digest.minute, digest.thread_id, digest.lang, digest.since,
                 digest.next_at))

    def digest(self, chat_id: int) -> Digest | None:
        rows = self._all("SELECT * FROM digests WHERE chat_id = ?", chat_id)
        return _digest(rows[0]) if rows else None

    def remove_digest(self, chat_id: int) -> bool:
        with self._lock:
            return bool(self._db.execute(
                "DELETE FROM digests WHERE chat_id = ?", (chat_id,)).rowcount)

    def due_digests(self, now: float) -> list[Digest]:
        return [_digest(r) for r in self._all(
            "SELECT * FROM digests WHERE next_at <= ? ORDER BY next_at", now)]

    def next_digest_at(self) -> float | None:
        row = self._all("SELECT min(next_at) FROM digests")[0][0]
        return float(row) if row is not None else None

    def digest_done(self, digest: Digest, pages: Sequence[Outgoing], now: float,
                    next_at: float) -> None:
        """The digest's pages are queued (none: nothing new); the next one is due `next_at`."""
        with self._tx() as db:
            _queue(db, pages, now)
            db.execute("UPDATE digests SET since = ?, next_at = ? WHERE chat_id = ?",
                       (now, next_at, digest.chat_id))

    # ----- articles seen -----
    def seen_since(self, since: float, until: float) -> list[str]:
        """Articles first seen in (since, until], most recent first."""
        return [str(r[0]) for r in self._all(
            "SELECT article_id FROM seen WHERE seen_at > ? AND seen_at <= ? "
            "ORDER BY seen_at DESC, article_id", since, until)]

    def unseen(self, article_ids: Iterable[str]) -> list[str] | None:
        """Which of the index's articles are new; None before the first look (all are known)."""
        if not self._all("SELECT 1 FROM marks WHERE name = 'baseline'"):
            return None
        with self._lock:
            known = {r[0] for r in self._db.execute("SELECT article_id FROM seen")}
        return sorted(set(article_ids) - known)

    def record(self, new: Sequence[str], messages: Sequence[Outgoing], now: float) -> int:
        """Mark `new` seen and queue `messages`, in one transaction; how many were queued."""
        with self._tx() as db:
            db.executemany("INSERT OR IGNORE INTO seen VALUES (?, ?)", [(a, now) for a in new])
            db.execute("INSERT OR IGNORE INTO marks VALUES ('baseline', ?)", (str(now),))
            return _queue(db, messages, now)

    # ----- the outbox -----
    def pending(self, now: float, limit: int) -> list[Claimed]:
        """Unclaimed rows due by `now`, oldest first (not claimed yet: see `claim`)."""
        rows = self._all(
            "SELECT id, chat_id, thread_id, text FROM outbox WHERE sent_at IS NULL AND "
            "claimed_by IS NULL AND not_before <= ? ORDER BY id LIMIT ?", now, limit)
        return [Claimed(int(i), int(c), int(t), str(x))
                for i, c, t, x in rows]

    def next_due(self) -> float | None:
        row = self._all("SELECT min(not_before) FROM outbox WHERE sent_at IS NULL AND "
                        "claimed_by IS NULL")[0][0]
        return float(row) if row is not None else None

    def claim(self, row_id: int, now: float) -> bool:
        """Take one row for sending; False when another sender has it or it is done."""
        with self._lock:
            return bool(self._db.execute(
                "UPDATE outbox SET claimed_by = ?, claimed_at = ? WHERE id = ? AND "
                "claimed_by IS NULL AND sent_at IS NULL", (self.token, now, row_id)).rowcount)

    def mark_sent(self, row_id: int, now: float, outcome: str = "sent") -> None:
        with self._lock:
            self._db.execute("UPDATE outbox SET sent_at = ?, outcome = ? WHERE id = ?",
                             (now, outcome, row_id))

    def release(self, row_id: int, not_before: float) -> None:
        """Give a claimed row back, to be sent at `not_before` (it surely did not arrive)."""
        with self._lock:
            self._db.execute("UPDATE outbox SET claimed_by = NULL, claimed_at = NULL, "
                             "not_before = ? WHERE id = ?", (not_before, row_id))

    def abandon_stale(self, now: float) -> int:
        """Rows an earlier process claimed and never marked: it stopped mid-send, and the
        message may have arrived; at most once, so they are not sent again."""
        with self._lock:
            return int(self._db.execute(
                "UPDATE outbox SET sent_at = ?, outcome = 'unknown' WHERE sent_at IS NULL AND "
                "claimed_by IS NOT NULL AND claimed_by != ?", (now, self.token)).rowcount)

    def outcomes(self) -> dict[str, int]:
        """How many rows ended how ("sent", "blocked", …; "pending": not yet)."""
        rows = self._all("SELECT coalesce(outcome, 'pending'), count(*) FROM outbox GROUP BY 1")
        return {str(k): int(n) for k, n in rows}


def _queue(db: sqlite3.Connection, messages: Iterable[Outgoing], now: float) -> int:
    before = db.total_changes
    db.executemany(
        "INSERT OR IGNORE INTO outbox (chat_id, key, thread_id, text, created_at) "
        "VALUES (?, ?, ?, ?, ?)",
        [(m.chat_id, m.key, m.thread_id, m.text, now) for m in messages])
    return db.total_changes - before


def _digest(row: Any) -> Digest:
    chat, minute, thread, lang, since, next_at = row
    return Digest(int(chat), int(minute), int(thread), str(lang),
                  float(since), float(next_at))
