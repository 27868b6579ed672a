"""Messages the bot pushes (alerts, digests) sent once, whichever process sends them.

A message is a row queued once per (chat, key) ever, so a match found twice, or by two
replicas, is queued once. Every process sends (bot.telegram.alerts); a row goes

    queued -> claimed (one conditional UPDATE: one process wins it) -> sent | an outcome

A row is claimed just before its message goes and marked just after. A row claimed by a process
that is gone (`Presence`: a PostgreSQL session lock, or, on SQLite, any process but this one)
may have arrived and is not sent again: an alert twice is worse than one lost to a crash
mid-send. The table lives in the alerts' database (`alerts.sqlite3` by default, the shared
PostgreSQL database for replicas).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from retrieval.statedb.database import Database, Migration, Tx

COMPONENT = "outbox"
MIGRATIONS = (Migration(1, """
CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT, chat_id INTEGER NOT NULL, key TEXT NOT NULL,
    thread_id INTEGER NOT NULL DEFAULT 0, text TEXT NOT NULL, created_at REAL NOT NULL,
    not_before REAL NOT NULL DEFAULT 0, claimed_by TEXT, claimed_at REAL,
    sent_at REAL, outcome TEXT,
    UNIQUE (chat_id, key)
);
CREATE INDEX IF NOT EXISTS outbox_pending ON outbox(sent_at, claimed_by, id)"""),)


@dataclass(frozen=True)
class Outgoing:
    """A message to send: one per (chat, key) ever."""

    chat_id: int
    key: str  # what it is about: "a:<article id>" an alert, "d:<epoch>" a digest
    text: str  # Telegram HTML
    thread_id: int = 0  # the forum topic (0: none)


@dataclass(frozen=True)
class Claimed:
    id: int
    chat_id: int
    thread_id: int
    text: str


def queue_in(tx: Tx, messages: Iterable[Outgoing], now: float) -> int:
    """Queue, inside `tx`, what was not queued before; how many were."""
    return tx.many(
        "INSERT INTO outbox (chat_id, key, thread_id, text, created_at)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT (chat_id, key) DO NOTHING",
        [(m.chat_id, m.key, m.thread_id, m.text, now) for m in messages])


class Outbox:
    """The `outbox` table; blocking calls (use a thread)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        db.migrate(COMPONENT, MIGRATIONS)
        self.presence = db.presence()

    @property
    def token(self) -> str:
        """This process's claims."""
        return self.presence.token

    def queue(self, messages: Iterable[Outgoing], now: float) -> int:
        with self.db.transaction() as tx:
            return queue_in(tx, messages, now)

    def pending(self, now: float, limit: int) -> list[Claimed]:
        """Unclaimed rows due by `now`, oldest first (not claimed yet: see `claim`)."""
        rows = self.db.rows(
            "SELECT id, chat_id, thread_id, text FROM outbox WHERE sent_at IS NULL AND"
            " claimed_by IS NULL AND not_before <= ? ORDER BY id LIMIT ?", now, limit)
        return [Claimed(int(i), int(c), int(t), str(x)) for i, c, t, x in rows]

    def next_due(self) -> float | None:
        row = self.db.rows("SELECT MIN(not_before) FROM outbox WHERE sent_at IS NULL AND"
                           " claimed_by IS NULL")[0][0]
        return float(row) if row is not None else None

    def claim(self, row_id: int, now: float) -> bool:
        """Take one row for sending; False when another process has it or it is done.

        One UPDATE whose WHERE is checked again once a concurrent one commits (PostgreSQL's
        row lock; SQLite's single writer): of two replicas, exactly one gets the row.
        """
        return bool(self.db.run(
            "UPDATE outbox SET claimed_by = ?, claimed_at = ? WHERE id = ? AND"
            " claimed_by IS NULL AND sent_at IS NULL", self.token, now, row_id))

    def mark_sent(self, row_id: int, now: float, outcome: str = "sent") -> None:
        self.db.run("UPDATE outbox SET sent_at = ?, outcome = ? WHERE id = ?",
                    now, outcome, row_id)

    def release(self, row_id: int, not_before: float) -> None:
        """Give a claimed row back, to be sent at `not_before` (it surely did not arrive)."""
        self.db.run("UPDATE outbox SET claimed_by = NULL, claimed_at = NULL, not_before = ?"
                    " WHERE id = ?", not_before, row_id)

    def abandon_stale(self, now: float) -> int:
        """Rows claimed by processes that are gone and never marked: they stopped mid-send and
        the message may have arrived; at most once, so they are not sent again."""
        owners = self.db.rows("SELECT DISTINCT claimed_by FROM outbox WHERE sent_at IS NULL"
                              " AND claimed_by IS NOT NULL")
        return sum(self.db.run("UPDATE outbox SET sent_at = ?, outcome = 'unknown' WHERE"
                               " claimed_by = ? AND sent_at IS NULL", now, str(owner))
                   for (owner,) in owners if not self.presence.alive(str(owner)))

    def outcomes(self) -> dict[str, int]:
        """How many rows ended how ("sent", "blocked", …; "pending": not yet)."""
        rows = self.db.rows("SELECT COALESCE(outcome, 'pending'), COUNT(*) FROM outbox"
                            " GROUP BY 1")
        return {str(k): int(n) for k, n in rows}
