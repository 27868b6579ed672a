"""The update ledger: replicas behind one webhook answer each Telegram update once.

Telegram sends an update again when its webhook request failed (a replica killed mid-answer, a
proxy that lost the connection), and the load balancer may hand it to another replica. Each
update gets a row, taken by the replica that handles it:

    working  ->  sending  ->  sent  ->  done
                 (a reply a user sees is on its way; `sent` once Telegram took it)

A replica that gets an update back finds its row: `sent`/`done` is answered already (200 at
once); a row of a live replica is still being worked on (503: Telegram tries again later); a
row of a dead one (see `Presence`) is taken over and answered. Only a row left in `sending` is
uncertain: the reply may have reached Telegram before the replica died. It is answered again
(a rare duplicate beats a lost answer) and counted in `ambiguous`.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from enum import Enum

from retrieval.statedb.database import Database, Migration

log = logging.getLogger(__name__)
KEEP = 600.0  # seconds a finished row is kept: Telegram resends a failed update within minutes
PRUNE_EVERY = 60.0
MIGRATIONS = (Migration(1, """
CREATE TABLE IF NOT EXISTS updates (
    update_id INTEGER PRIMARY KEY, owner TEXT NOT NULL, state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 1, ambiguous INTEGER NOT NULL DEFAULT 0,
    at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS updates_at ON updates(at)"""),)


class Claim(Enum):
    NEW = "new"  # ours to answer
    RETRY = "retry"  # ours: its replica died before the answer went out
    DONE = "done"  # answered already (by anyone)
    BUSY = "busy"  # a live replica is answering it


class Ledger:
    """The `updates` table of the shared state database; blocking calls (use a thread)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        db.migrate("ledger", MIGRATIONS)
        self.presence = db.presence()
        self._next_prune = 0.0

    def claim(self, update_id: int) -> Claim:
        me, now = self.presence.token, time.time()
        self._prune_when_due(now)
        with self.db.transaction() as tx:
            if tx.rows("INSERT INTO updates (update_id, owner, state, at) VALUES"
                       " (?, ?, 'working', ?) ON CONFLICT (update_id) DO NOTHING"
                       " RETURNING update_id", update_id, me, now):
                return Claim.NEW
            [(owner, state)] = tx.rows("SELECT owner, state FROM updates WHERE update_id = ?"
                                       + tx.for_update, update_id)
            if state in ("sent", "done"):
                return Claim.DONE
            if owner == me or self.presence.alive(str(owner)):
                return Claim.BUSY
            uncertain = state == "sending"
            tx.run("UPDATE updates SET owner = ?, state = 'working', at = ?,"
                   " attempts = attempts + 1, ambiguous = ambiguous + ? WHERE update_id = ?",
                   me, now, int(uncertain), update_id)
        if uncertain:
            log.warning("update %s: its replica died while sending the reply, which may have "
                        "arrived; answering it again", update_id)
        return Claim.RETRY

    def mark(self, update_id: int, state: str) -> None:
        """Move our row on (`sending`, `sent`, `done`)."""
        self.db.run("UPDATE updates SET state = ?, at = ? WHERE update_id = ? AND owner = ?",
                    state, time.time(), update_id, self.presence.token)

    def release(self, update_id: int) -> None:
        """Give up an update not answered (a stop): the next delivery takes it at once."""
        self.db.run("DELETE FROM updates WHERE update_id = ? AND owner = ? AND state = 'working'",
                    update_id, self.presence.token)

    def _prune_when_due(self, now: float) -> None:
        if now >= self._next_prune:
            self._next_prune = now + PRUNE_EVERY
            self.db.run("DELETE FROM updates WHERE at < ?", now - KEEP)


Mark = Callable[[str], Awaitable[None]]
_marks: contextvars.ContextVar[Mark | None] = contextvars.ContextVar("ledger_mark", default=None)


def marking(mark: Mark | None) -> contextvars.Token[Mark | None]:
    """Messages sent from here on (in this task and the ones it starts) move `mark`'s row."""
    return _marks.set(mark)


@contextlib.asynccontextmanager
async def reply_on_its_way() -> AsyncIterator[None]:
    """Around a message a user will see: the update's row says `sending` until Telegram has it.

    Outside an update of a replicated bot (a job, an alert, one bot on SQLite) it does nothing.
    """
    mark = _marks.get()
    if mark is not None:
        await mark("sending")
    yield
    if mark is not None:
        await mark("sent")
