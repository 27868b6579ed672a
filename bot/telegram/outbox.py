"""Messages the bot pushes (alerts, digests, notices) sent once, whichever replica sends them.

A message is a row queued once per (chat, key) ever, so a match found twice, or by two
processes, is queued once. Every replica runs a sender; each message goes through:

    queued -> claimed (`FOR UPDATE SKIP LOCKED`: one replica) -> sending -> sent | an outcome

One shared pace (bot.telegram.pace) spaces the outbox's messages of all replicas together,
below Telegram's ~30 a second for a bot, leaving room for answers. A row claimed by a process
that died is sent by another when its message had not started; a row left `sending` may have
arrived and is not sent again (at most once: an alert twice is worse than an alert lost to a
crash mid-send).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass

from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.telegram.messaging import send_html
from bot.telegram.pace import SharedPace
from retrieval.errors import StateError
from retrieval.statedb.database import Database, Migration

log = logging.getLogger(__name__)
POLL = 1.0  # seconds between looks at an empty outbox
STALE_EVERY = 30.0  # seconds between looks for rows of processes that died
BACKOFF = 5.0  # seconds before a row whose send failed on the network is tried again
PER_SECOND = 25.0  # of Telegram's ~30 a second for one bot: answers keep the rest
MIGRATIONS = (Migration(1, """
CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT, chat_id INTEGER NOT NULL, key TEXT NOT NULL,
    thread_id INTEGER NOT NULL DEFAULT 0, text TEXT NOT NULL, created_at REAL NOT NULL,
    not_before REAL NOT NULL DEFAULT 0, claimed_by TEXT, claimed_at REAL, sending_at REAL,
    sent_at REAL, outcome TEXT, UNIQUE (chat_id, key));
CREATE INDEX IF NOT EXISTS outbox_due ON outbox(sent_at, claimed_by, not_before, id)"""),)


@dataclass(frozen=True)
class Outgoing:
    """A message to send: one per (chat, key) ever."""

    chat_id: int
    key: str  # what it is about: "a:<article id>" an alert, "d:<day>" a digest
    text: str  # Telegram HTML
    thread_id: int = 0  # the forum topic (0: none)


@dataclass(frozen=True)
class Claimed:
    id: int
    chat_id: int
    thread_id: int
    text: str


class Outbox:
    """The `outbox` table; blocking calls (use a thread)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        db.migrate("outbox", MIGRATIONS)
        self.presence = db.presence()

    def queue(self, messages: Sequence[Outgoing], now: float) -> int:
        """Queue what was not queued before; how many were."""
        with self.db.transaction() as tx:
            return tx.many(
                "INSERT INTO outbox (chat_id, key, thread_id, text, created_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (chat_id, key) DO NOTHING",
                [(m.chat_id, m.key, m.thread_id, m.text, now) for m in messages])

    def claim_next(self, now: float) -> Claimed | None:
        """The oldest row due by `now`, claimed by this process; None when there is none."""
        with self.db.transaction() as tx:
            rows = tx.rows(
                "UPDATE outbox SET claimed_by = ?, claimed_at = ? WHERE id IN (SELECT id"
                " FROM outbox WHERE sent_at IS NULL AND claimed_by IS NULL AND not_before <= ?"
                f" ORDER BY id LIMIT 1{tx.skip_locked}) RETURNING id, chat_id, thread_id, text",
                self.presence.token, now, now)
        if not rows:
            return None
        row_id, chat_id, thread_id, text = rows[0]
        return Claimed(int(row_id), int(chat_id), int(thread_id), str(text))

    def sending(self, row_id: int, now: float) -> None:
        self.db.run("UPDATE outbox SET sending_at = ? WHERE id = ?", now, row_id)

    def mark_sent(self, row_id: int, now: float, outcome: str = "sent") -> None:
        self.db.run("UPDATE outbox SET sent_at = ?, outcome = ? WHERE id = ?",
                    now, outcome, row_id)

    def release(self, row_id: int, not_before: float) -> None:
        """Give a claimed row back, to be sent at `not_before` (it surely did not arrive)."""
        self.db.run("UPDATE outbox SET claimed_by = NULL, claimed_at = NULL, sending_at = NULL,"
                    " not_before = ? WHERE id = ?", not_before, row_id)

    def abandon_stale(self, now: float) -> tuple[int, int]:
        """Rows of processes that died: (given back to be sent, given up as maybe arrived)."""
        back = lost = 0
        owners = self.db.rows("SELECT DISTINCT claimed_by FROM outbox WHERE sent_at IS NULL"
                              " AND claimed_by IS NOT NULL")
        for (owner,) in owners:
            if self.presence.alive(str(owner)):
                continue
            lost += self.db.run("UPDATE outbox SET sent_at = ?, outcome = 'unknown' WHERE"
                                " claimed_by = ? AND sent_at IS NULL AND sending_at IS NOT NULL",
                                now, owner)
            back += self.db.run("UPDATE outbox SET claimed_by = NULL, claimed_at = NULL WHERE"
                                " claimed_by = ? AND sent_at IS NULL AND sending_at IS NULL",
                                owner)
        return back, lost

    def outcomes(self) -> dict[str, int]:
        """How many rows ended how ("sent", "blocked", …; "pending": not yet)."""
        rows = self.db.rows("SELECT COALESCE(outcome, 'pending'), COUNT(*) FROM outbox GROUP BY 1")
        return {str(k): int(n) for k, n in rows}


class OutboxSender:
    """Sends the outbox's rows at the shared pace (a Runtime service: start and stop)."""

    def __init__(self, outbox: Outbox, pace: SharedPace, bot: Bot) -> None:
        self.outbox, self.pace, self.bot = outbox, pace, bot
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._loop(), name="outbox")

    async def stop(self, timeout: float) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    def indexed(self) -> None:
        pass

    async def _loop(self) -> None:
        stale_at = 0.0
        while True:
            try:
                if time.monotonic() >= stale_at:
                    stale_at = time.monotonic() + STALE_EVERY
                    back, lost = await asyncio.to_thread(self.outbox.abandon_stale, time.time())
                    if back or lost:
                        log.warning("outbox: %d message(s) of a stopped process sent by this one;"
                                    " %d left unsent (they may have arrived)", back, lost)
                row = await asyncio.to_thread(self.outbox.claim_next, time.time())
                if row is None:
                    await asyncio.sleep(POLL)
                    continue
                at = await asyncio.to_thread(self.pace.take, time.time())
                await asyncio.sleep(max(0.0, at - time.time()))
                await self._send(row)
            except StateError as exc:
                log.warning("outbox: the state database failed (%s); trying again", exc)
                await asyncio.sleep(POLL)

    async def _send(self, row: Claimed) -> None:
        store = self.outbox
        await asyncio.to_thread(store.sending, row.id, time.time())
        outcome = "sent"
        try:
            await send_html(self.bot, row.chat_id, row.text)
        except RetryAfter as exc:
            seconds = exc.retry_after
            wait = seconds if isinstance(seconds, int | float) else seconds.total_seconds()
            await asyncio.to_thread(store.release, row.id, time.time() + float(wait))
            return
        except Forbidden:
            outcome = "blocked"  # the chat blocked the bot, or it was removed from the group
        except BadRequest as exc:
            log.warning("outbox: message %d refused: %s", row.id, exc)
            outcome = "failed"
        except TimedOut:
            outcome = "unknown"  # it may have arrived
        except NetworkError:
            await asyncio.to_thread(store.release, row.id, time.time() + BACKOFF)
            return
        await asyncio.to_thread(store.mark_sent, row.id, time.time(), outcome)
