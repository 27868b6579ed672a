"""Telegram's pace for one bot, however many replicas send: about 30 messages a second.

Each replica's own rate limiter would allow 30 a second, so three would send 90 and be refused
(429) by Telegram, answers delayed or, after the retries, lost. With PostgreSQL every message
takes the next free moment of one row (`SharedPace`, at BRIEFBOT_TELEGRAM_PER_SECOND) before it
goes, whichever replica sends it: the application's rate limiter (`SharedFloodLimiter`) does so
for every message, and keeps python-telegram-bot's limits per group and its retries after a 429.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.ext import AIORateLimiter

from retrieval.errors import StateError
from retrieval.statedb.database import Database, Migration

log = logging.getLogger(__name__)
MIGRATIONS = (Migration(
    1, "CREATE TABLE IF NOT EXISTS pacing (name TEXT PRIMARY KEY, next_at REAL NOT NULL)"),)


class SharedPace:
    """One pace for every process: each message takes the next free moment of the row `name`."""

    def __init__(self, db: Database, name: str, per_second: float) -> None:
        self.db, self.name, self.gap = db, name, 1.0 / per_second
        db.migrate("pacing", MIGRATIONS)

    def take(self, now: float) -> float:
        """The moment the next message may go (now or later); that moment is then taken."""
        with self.db.transaction() as tx:
            tx.run("INSERT INTO pacing (name, next_at) VALUES (?, 0) ON CONFLICT (name)"
                   " DO NOTHING", self.name)
            [(next_at,)] = tx.rows("SELECT next_at FROM pacing WHERE name = ?" + tx.for_update,
                                   self.name)
            at = max(now, float(next_at))
            tx.run("UPDATE pacing SET next_at = ? WHERE name = ?", at + self.gap, self.name)
        return at



class SharedFloodLimiter(AIORateLimiter):
    """python-telegram-bot's rate limiter, its overall limit taken by the shared pace.

    A database that fails lets the message go at once (logged once): an answer matters more.
    """

    def __init__(self, pace: SharedPace, max_retries: int) -> None:
        super().__init__(overall_max_rate=0, max_retries=max_retries)
        self.pace = pace
        self._failing = False

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        if endpoint.startswith("send") and endpoint != "sendChatAction":
            await self._wait_turn()
        return await super().process_request(callback, args, kwargs, endpoint, data,
                                             rate_limit_args)

    async def _wait_turn(self) -> None:
        try:
            at = await asyncio.to_thread(self.pace.take, time.time())
        except StateError as exc:
            if not self._failing:
                log.warning("the shared pace cannot be read (%s); sending at once", exc)
            self._failing = True
            return
        self._failing = False
        await asyncio.sleep(max(0.0, at - time.time()))
