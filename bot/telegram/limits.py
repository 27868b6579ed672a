"""Questions a user may ask a minute: in memory for one bot, in the state database for replicas.

Both keep the same sliding one-minute window of a user's questions and tell a flooding user
once a window (`decide`). Replicas read and write a user's window in one transaction holding
its row (PostgreSQL `FOR UPDATE`), so ten questions a minute means ten on all replicas together.
"""

from __future__ import annotations

import json
import logging
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from retrieval.errors import StateError
from retrieval.statedb.database import Database, Migration

log = logging.getLogger(__name__)
WINDOW = 60.0  # seconds


@dataclass(frozen=True)
class RateDecision:
    """Whether a question may go ahead; when not, whether to tell the user (once a window)."""

    allowed: bool
    retry_after: int = 0
    notify: bool = False


class Limiter(Protocol):
    per_minute: int

    def check(self, user_id: int) -> RateDecision: ...


def decide(window: deque[float], told_until: float, now: float,
           per_minute: int) -> tuple[RateDecision, float]:
    """Count a question at `now` in `window` (changed in place) unless it is full; returns the
    decision and until when the user has been told."""
    while window and window[0] <= now - WINDOW:
        window.popleft()
    if len(window) < per_minute:
        window.append(now)
        return RateDecision(True), told_until
    free_at = window[0] + WINDOW
    # Telling a flooding user on every message would flood the chat back.
    notify = told_until <= now
    retry = max(1, int(free_at - now + 0.999))
    return RateDecision(False, retry, notify), free_at if notify else told_until


class RateLimiter:
    """Sliding one-minute window of questions per user, kept in memory."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self._clock = clock
        self._asked: dict[int, deque[float]] = {}
        self._told_until: dict[int, float] = {}
        self._next_prune = clock() + WINDOW

    def prune(self, now: float) -> None:
        """Forget users with no question in the last minute, so the map does not grow forever."""
        for user in [u for u, w in self._asked.items() if not w or w[-1] <= now - WINDOW]:
            del self._asked[user]
        for user in [u for u, until in self._told_until.items() if until <= now]:
            del self._told_until[user]
        self._next_prune = now + WINDOW

    def __len__(self) -> int:
        return len(self._asked)

    def check(self, user_id: int) -> RateDecision:
        now = self._clock()
        if now >= self._next_prune:
            self.prune(now)
        window = self._asked.setdefault(user_id, deque())
        decision, told = decide(window, self._told_until.get(user_id, 0.0), now, self.per_minute)
        if told:
            self._told_until[user_id] = told
        return decision


MIGRATIONS = (Migration(1, """
CREATE TABLE IF NOT EXISTS rate_windows (
    user_id INTEGER PRIMARY KEY, stamps TEXT NOT NULL, told_until REAL NOT NULL,
    last_at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS rate_windows_last ON rate_windows(last_at)"""),)


class SharedRateLimiter:
    """The same window, kept per user in the state database (wall-clock times, the same on every
    machine); quiet users' rows are deleted about once a minute."""

    def __init__(self, db: Database, per_minute: int,
                 clock: Callable[[], float] = time.time) -> None:
        self.db, self.per_minute, self._clock = db, per_minute, clock
        db.migrate("rate_limits", MIGRATIONS)
        self._next_prune = 0.0
        self._failing = False

    def check(self, user_id: int) -> RateDecision:
        """A database that fails lets the question through: answers matter more than limits."""
        try:
            return self._check(user_id, self._clock())
        except StateError as exc:
            if not self._failing:
                log.warning("rate limits cannot be read (%s); questions go through", exc)
            self._failing = True
            return RateDecision(True)

    def _check(self, user_id: int, now: float) -> RateDecision:
        if now >= self._next_prune:
            self._next_prune = now + WINDOW
            self.db.run("DELETE FROM rate_windows WHERE last_at <= ? AND told_until <= ?",
                        now - WINDOW, now)
        self._failing = False
        with self.db.transaction() as tx:
            tx.run("INSERT INTO rate_windows (user_id, stamps, told_until, last_at)"
                   " VALUES (?, '[]', 0, ?) ON CONFLICT (user_id) DO NOTHING", user_id, now)
            [(stamps, told_until)] = tx.rows(
                "SELECT stamps, told_until FROM rate_windows WHERE user_id = ?" + tx.for_update,
                user_id)
            window = deque(float(t) for t in json.loads(stamps))
            decision, told = decide(window, float(told_until), now, self.per_minute)
            tx.run("UPDATE rate_windows SET stamps = ?, told_until = ?, last_at = ?"
                   " WHERE user_id = ?", json.dumps(list(window)), told,
                   window[-1] if window else now, user_id)
        return decision
